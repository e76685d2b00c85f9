#pragma once
// Accepts TCP connections and starts an HttpSession, on its own strand, for each.

#include <memory>

#include "server/net.hpp"

namespace earshot::server {

struct ServerContext;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Takes over an acceptor that is already listening.
  Listener(ServerContext& ctx, tcp::acceptor acceptor);
  void run();
  void stop();  // thread-safe
  unsigned short port() const { return port_; }

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  ServerContext& ctx_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
};

}  // namespace earshot::server
