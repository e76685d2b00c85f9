#include "server/net/context.hpp"

namespace earshot::server {

ServerContext::ServerContext(net::io_context& io, std::string key, std::string base_url,
                             std::unique_ptr<AssetSource> pages, store::EventStore* event_store,
                             Limits server_limits)
    : ioc(io),
      facilitator_key(std::move(key)),
      public_url(std::move(base_url)),
      assets(std::move(pages)),
      store(event_store),
      limits(server_limits),
      connections(std::make_shared<ConnectionLimits>(server_limits.max_connections, server_limits.max_per_address)),
      handshakes(std::make_shared<HandshakeGate>(server_limits.max_handshakes, server_limits.handshake_hold)),
      decks(io, event_store),
      plans(decks, event_store),
      registry(
          io, [this](const std::string& code) { return join_url(code); },
          [this] { desk.rooms_changed(); }, event_store, Registry::default_max_rooms, &decks, &plans),
      desk(io, registry, event_store, facilitator_key) {}

}  // namespace earshot::server
