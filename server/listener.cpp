#include "server/listener.hpp"

#include <chrono>

#include "server/context.hpp"
#include "server/http_session.hpp"

namespace earshot::server {

namespace {

// A connection over the limits gets a plain HTTP 503 saying which limit, then is closed. What
// the client sent is read and dropped for a moment first, so closing does not reset the
// connection before the client has read the answer.
class Refusal : public std::enable_shared_from_this<Refusal> {
 public:
  Refusal(tcp::socket&& socket, std::string text) : stream_(std::move(socket)) {
    response_ = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                "Retry-After: 10\r\nConnection: close\r\nCache-Control: no-store\r\nContent-Length: " +
                std::to_string(text.size()) + "\r\n\r\n" + text;
  }
  void run() {
    stream_.expires_after(std::chrono::seconds(2));
    net::async_write(stream_, net::buffer(response_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->stream_.close();
      beast::error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->drain();
    });
  }

 private:
  void drain() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->stream_.close();
      self->drain();
    });
  }
  beast::tcp_stream stream_;
  std::string response_;
  char scratch_[512];
};

}  // namespace

Listener::Listener(ServerContext& ctx, tcp::acceptor acceptor)
    : ctx_(ctx), acceptor_(std::move(acceptor)), port_(acceptor_.local_endpoint().port()) {}

void Listener::run() { do_accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(ctx_.ioc), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (!ec) {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const auto peer = socket.remote_endpoint(ignored);
    const std::string address = ignored ? std::string("?") : peer.address().to_string();
    ConnectionLimits::Refusal why{};
    if (auto slot = ctx_.connections->admit(address, why)) {
      std::make_shared<HttpSession>(std::move(socket), ctx_, std::move(slot))->run();
    } else {
      std::make_shared<Refusal>(std::move(socket),
                                why == ConnectionLimits::Refusal::address
                                    ? "Too many connections from your address (at most " +
                                          std::to_string(ctx_.connections->max_per_address()) + "). Close some and try again.\n"
                                    : "The server is full (" + std::to_string(ctx_.connections->max_total()) +
                                          " connections). Try again shortly.\n")
          ->run();
    }
  }
  // Out of file descriptors and the like: keep accepting; the next connection may succeed.
  do_accept();
}

}  // namespace earshot::server
