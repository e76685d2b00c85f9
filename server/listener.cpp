#include "server/listener.hpp"

#include "server/context.hpp"
#include "server/http_session.hpp"

namespace earshot::server {

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
    std::make_shared<HttpSession>(std::move(socket), ctx_)->run();
  }
  // Out of file descriptors and the like: keep accepting; the next connection may succeed.
  do_accept();
}

}  // namespace earshot::server
