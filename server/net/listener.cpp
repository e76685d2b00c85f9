#include "server/net/listener.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>

#include "server/net/context.hpp"
#include "server/net/http_session.hpp"

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
    : ctx_(ctx),
      strand_(net::make_strand(ctx.ioc)),
      acceptor_(std::move(acceptor)),
      retry_(strand_),
      port_(acceptor_.local_endpoint().port()) {}

void Listener::run() {
  net::dispatch(strand_, [self = shared_from_this()] { self->do_accept(); });
}

void Listener::stop() {
  net::post(strand_, [self = shared_from_this()] {
    beast::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
    self->waiting_ = false;
    self->ctx_.handshakes->forget_waiter();
  });
}

void Listener::do_accept() {
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(net::make_strand(ctx_.ioc),
                         net::bind_executor(strand_, beast::bind_front_handler(&Listener::on_accept, shared_from_this())));
}

void Listener::next() {
  if (!acceptor_.is_open()) return;
  HandshakeGate::Clock::time_point retry_at{};
  auto wake = [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->resume();
  };
  const auto now = HandshakeGate::Clock::now();
  if (ctx_.handshakes->admit(now, wake, retry_at) || queue_filling()) return do_accept();
  // Too many connections are being set up: the next ones wait in the kernel's queue (the TCP
  // handshake is done there) until one of these is through or its hold is over, or that queue
  // fills up (a phone whose connection it drops tries again only a second later).
  waiting_ = true;
  retry_.expires_at(std::min(retry_at, now + queue_check));
  retry_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->resume();
  });
}

bool Listener::queue_filling() {
  // For a listening socket Linux reports the connections waiting to be accepted and the most it
  // keeps (what `ss -lt` shows as Recv-Q and Send-Q).
  tcp_info info{};
  socklen_t size = sizeof info;
  if (::getsockopt(acceptor_.native_handle(), IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return false;
  return info.tcpi_sacked > 0 && info.tcpi_unacked * 2 >= info.tcpi_sacked;
}

void Listener::resume() {
  net::dispatch(strand_, [self = shared_from_this()] {
    if (!self->waiting_) return;  // the other of the two wake-ups came first
    self->waiting_ = false;
    self->retry_.cancel();
    self->ctx_.handshakes->forget_waiter();
    self->next();
  });
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
      auto ticket = ctx_.handshakes->enter(HandshakeGate::Clock::now());
      std::make_shared<HttpSession>(std::move(socket), ctx_, std::move(slot), std::move(ticket))->run();
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
  next();
}

}  // namespace earshot::server
