#include "server/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/net/context.hpp"
#include "server/rooms/ids.hpp"
#include "server/net/listener.hpp"
#include "server/netinfo.hpp"
#include "store/store.hpp"

namespace earshot::server {

using namespace std::chrono_literals;

namespace {

std::string default_public_url(const Options& o, unsigned short port) {
  std::string host = o.bind;
  if (host == "0.0.0.0" || host == "::") {
    const auto lan = lan_addresses();
    host = lan.empty() ? "127.0.0.1" : lan.front();
  }
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port);
}

// Without --facilitator-key, the key is made at random on the first start and kept in the data
// directory, so pages that hold it (the stage on the projector) reconnect after a restart.
std::string stored_key(const std::filesystem::path& dir) {
  const auto file = dir / "facilitator.key";
  {
    std::ifstream in(file);
    std::string key;
    if (in && std::getline(in, key) && key.size() >= 12) return key;
  }
  std::string key = random_secret(12);
  std::ofstream out(file, std::ios::trunc);
  out << key << "\n";
  out.close();
  std::error_code ec;
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace, ec);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  return key;
}

// Raises the open-file limit as far as the system lets us (every connection is a file), and
// returns how many connections fit under it, keeping some files for the store and the pages.
std::size_t connections_that_fit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return 1000;
  if (files.rlim_cur < files.rlim_max) {
    rlimit raised = files;
    raised.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) files = raised;
  }
  if (files.rlim_cur == RLIM_INFINITY) return 100000;
  return files.rlim_cur > 128 ? static_cast<std::size_t>(files.rlim_cur - 64) : 64;
}

Limits limits_for(const Options& o) {
  Limits l;
  const std::size_t fit = connections_that_fit();
  l.max_connections = o.max_connections.value_or(fit);
  if (l.max_connections == 0 || l.max_connections > fit) l.max_connections = fit;  // accept() would fail anyway
  l.max_per_address = o.max_per_address;
  l.max_handshakes = o.max_handshakes;
  l.handshake_hold = std::chrono::milliseconds(o.handshake_hold_ms);
  l.request_timeout = std::chrono::seconds(o.request_timeout_s);
  l.idle_timeout = std::chrono::seconds(o.idle_timeout_s);
  return l;
}

tcp::endpoint endpoint_for(const Options& o) {
  beast::error_code ec;
  auto address = net::ip::make_address(o.bind, ec);
  if (ec) throw std::runtime_error("--bind: \"" + o.bind + "\" is not an IP address");
  return {address, o.port};
}

}  // namespace

struct Server::Impl {
  Impl(const Options& o, std::unique_ptr<AssetSource> assets)
      : threads(o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency())),
        ioc(static_cast<int>(threads)),
        signals(ioc, SIGINT, SIGTERM),
        shutdown_timer(ioc) {
    // The data directory first: if another Earshot holds it, stop before taking the port.
    store::Options store_options;
    store_options.dir = o.data_dir;
    store = std::make_unique<store::EventStore>(store_options);
    // Bind first: the join URL needs the port (which --port 0 leaves to the system).
    tcp::acceptor acceptor(net::make_strand(ioc));
    const auto endpoint = endpoint_for(o);
    try {
      acceptor.open(endpoint.protocol());
      acceptor.set_option(net::socket_base::reuse_address(true));
      acceptor.bind(endpoint);
      acceptor.listen(net::socket_base::max_listen_connections);
    } catch (const boost::system::system_error& e) {
      throw std::runtime_error("cannot listen on " + o.bind + ":" + std::to_string(o.port) + ": " + e.code().message());
    }
    const auto port = acceptor.local_endpoint().port();
    ctx = std::make_unique<ServerContext>(ioc, o.facilitator_key.empty() ? stored_key(o.data_dir) : o.facilitator_key,
                                          o.public_url.empty() ? default_public_url(o, port) : o.public_url,
                                          std::move(assets), store.get(), limits_for(o));
    restored_rooms = ctx->registry.restore();
    listener = std::make_shared<Listener>(*ctx, std::move(acceptor));
  }

  void begin_shutdown() {
    if (ctx->stopping.exchange(true)) return;
    listener->stop();
    ctx->http_connections.shut_down_all();
    ctx->ws_connections.shut_down_all();
    wait_for_connections(std::chrono::steady_clock::now() + 3s);
  }

  // Gives closing handshakes a moment, then stops whatever is left.
  void wait_for_connections(std::chrono::steady_clock::time_point deadline) {
    if ((ctx->ws_connections.size() == 0 && ctx->http_connections.size() == 0) ||
        std::chrono::steady_clock::now() >= deadline) {
      ioc.stop();
      return;
    }
    shutdown_timer.expires_after(20ms);
    shutdown_timer.async_wait([this, deadline](beast::error_code) { wait_for_connections(deadline); });
  }

  unsigned threads;
  net::io_context ioc;
  net::signal_set signals;
  net::steady_timer shutdown_timer;
  std::unique_ptr<store::EventStore> store;  // after ioc: its callbacks post to the rooms' strands
  std::size_t restored_rooms = 0;
  std::unique_ptr<ServerContext> ctx;
  std::shared_ptr<Listener> listener;
};

Server::Server(const Options& options, std::unique_ptr<AssetSource> assets)
    : impl_(std::make_unique<Impl>(options, std::move(assets))) {}

Server::~Server() = default;

unsigned short Server::port() const { return impl_->listener->port(); }
const std::string& Server::facilitator_key() const { return impl_->ctx->facilitator_key; }
const std::string& Server::public_url() const { return impl_->ctx->public_url; }
std::size_t Server::restored_rooms() const { return impl_->restored_rooms; }
std::string Server::data_file() const { return impl_->store->database_file().string(); }

void Server::run() {
  auto& impl = *impl_;
  impl.signals.async_wait([&impl](beast::error_code ec, int) {
    if (!ec) impl.begin_shutdown();
  });
  impl.listener->run();
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < impl.threads; ++i) workers.emplace_back([&impl] { impl.ioc.run(); });
  impl.ioc.run();
  for (auto& t : workers) t.join();
  // Everything queued for the disk is written, and what the rooms left to do after it runs, so
  // no room is left holding itself through a callback that never came.
  impl.store->close();
  impl.ioc.restart();
  impl.ioc.poll();
  // Connections whose closing handshake did not finish in time: their sockets are closed, so the
  // operations waiting on them end, and the rooms let go of them (a seated connection and its
  // room hold each other). All of it is freed here, while the context they use still exists.
  impl.ctx->ws_connections.abort_all();
  impl.ctx->http_connections.abort_all();
  impl.ioc.restart();
  impl.ioc.poll();
  impl.ctx->registry.release_all();
  impl.ioc.restart();
  impl.ioc.poll();
}

void Server::stop() {
  net::post(impl_->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace earshot::server
