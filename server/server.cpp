#include "server/server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/context.hpp"
#include "server/ids.hpp"
#include "server/listener.hpp"
#include "server/netinfo.hpp"

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
    ctx = std::make_unique<ServerContext>(ioc, o.facilitator_key.empty() ? random_secret(12) : o.facilitator_key,
                                          o.public_url.empty() ? default_public_url(o, port) : o.public_url,
                                          std::move(assets));
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
  std::unique_ptr<ServerContext> ctx;
  std::shared_ptr<Listener> listener;
};

Server::Server(const Options& options, std::unique_ptr<AssetSource> assets)
    : impl_(std::make_unique<Impl>(options, std::move(assets))) {}

Server::~Server() = default;

unsigned short Server::port() const { return impl_->listener->port(); }
const std::string& Server::facilitator_key() const { return impl_->ctx->facilitator_key; }
const std::string& Server::public_url() const { return impl_->ctx->public_url; }

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
}

void Server::stop() {
  net::post(impl_->ioc, [impl = impl_.get()] { impl->begin_shutdown(); });
}

}  // namespace earshot::server
