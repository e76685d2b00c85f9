#pragma once
// One HTTP connection: reads requests (bounded in size and time), answers them, and hands a
// WebSocket upgrade on /ws over to a WsSession.

#include <memory>
#include <optional>

#include "server/net/http_handler.hpp"
#include "server/net/limits.hpp"
#include "server/net/net.hpp"

namespace earshot::server {

struct ServerContext;

class HttpSession : public std::enable_shared_from_this<HttpSession>, public Closable {
 public:
  static constexpr std::size_t max_header_bytes = 8 * 1024;
  static constexpr std::size_t max_body_bytes = 1024;

  // `slot`: this connection's place under the server's connection limits; `ticket`: its place
  // among the connections being set up, given up once its first request is answered.
  HttpSession(tcp::socket&& socket, ServerContext& ctx, ConnectionLimits::Slot slot, HandshakeGate::Ticket ticket = {});
  ~HttpSession() override;
  void run();
  void shut_down() override;
  void abort() override { shut_down(); }  // shutting down an HTTP connection closes it at once

 private:
  void do_read();
  void on_header(beast::error_code ec, std::size_t bytes);
  void on_read(beast::error_code ec, std::size_t bytes);
  void write(Response response);
  void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
  void do_close();
  // After refusing a body that is too big: stop sending, read and drop what the client still
  // sends (for 2 seconds at most), then close, so that the client reads the refusal.
  void do_linger();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  ServerContext& ctx_;
  ConnectionLimits::Slot slot_;
  HandshakeGate::Ticket ticket_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> response_;  // keeps the response alive while it is written
};

}  // namespace earshot::server
