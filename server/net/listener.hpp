#pragma once
// Accepts TCP connections and starts an HttpSession, on its own strand, for each. While too many
// connections are being set up (Limits::max_handshakes), it stops accepting until one is done.

#include <memory>

#include <boost/asio/steady_timer.hpp>

#include "server/net/net.hpp"

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
  void next();    // accepts the next connection now, or once the handshake gate lets it
  void resume();  // (thread-safe) the gate has room again, or a hold has ended
  bool queue_filling();  // the kernel's queue of connections to accept is half full
  // While waiting for the gate, how often the kernel's queue is looked at.
  static constexpr std::chrono::milliseconds queue_check{5};

  ServerContext& ctx_;
  Strand strand_;  // the listener's own handlers, the gate's wake-up and the timer's
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  unsigned short port_ = 0;
  bool waiting_ = false;  // for the gate; no accept is outstanding meanwhile
};

}  // namespace earshot::server
