#include "server/net/context.hpp"

#include "server/net/ws_session.hpp"

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
      registry(
          io, [this](const std::string& code) { return public_url + "/?r=" + code; },
          [this] { rooms_changed(); }, event_store),
      rooms_timer_(net::make_strand(io)) {}

nlohmann::json ServerContext::rooms_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : registry.list()) list.push_back(r->summary());
  return list;
}

void ServerContext::add_facilitator(const std::shared_ptr<WsSession>& s) {
  std::lock_guard lock(facilitators_mutex_);
  facilitators_[s.get()] = s;
}

void ServerContext::remove_facilitator(const WsSession* s) {
  std::lock_guard lock(facilitators_mutex_);
  facilitators_.erase(s);
}

void ServerContext::rooms_changed() {
  if (rooms_push_pending_.exchange(true)) return;  // a push is already on its way
  rooms_timer_.expires_after(rooms_push_delay);
  rooms_timer_.async_wait([this](beast::error_code ec) {
    if (!ec) push_rooms();
  });
}

void ServerContext::push_rooms() {
  rooms_push_pending_ = false;  // changes from now on schedule another push
  std::vector<std::shared_ptr<WsSession>> targets;
  {
    std::lock_guard lock(facilitators_mutex_);
    for (auto& [_, w] : facilitators_) {
      if (auto s = w.lock()) targets.push_back(std::move(s));
    }
  }
  if (targets.empty()) return;
  auto frame = make_frame(protocol::frame({{"type", "rooms"}, {"rooms", rooms_json()}}));
  for (auto& s : targets) s->send(frame);
}

}  // namespace earshot::server
