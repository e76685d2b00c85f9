#pragma once
// An asynchronous WebSocket connection to an Earshot server (Boost.Beast over Asio).
//
// This is the building block for everything that talks to the server from C++: the synchronous
// `Client` used by tests runs one of these on a private io_context, and bots or load generators
// run hundreds of them on one shared io_context (each connection serializes its own work on a
// strand, so the io_context may be run by several threads).
//
// Usage: create(), set the handlers, connect(); after `on_open` call send() as often as you like
// (messages queue up and are written one at a time) and close() when done. `on_close` is called
// exactly once, whether the connection failed, the server closed it, or close() finished.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "client/url.hpp"

namespace earshot::client {

struct ConnectOptions {
  // Sent as the Origin header when set (the server refuses foreign origins; the C++ client
  // normally sends none, as the protocol allows).
  std::optional<std::string> origin;
  // Limit for resolving, connecting and the WebSocket handshake together.
  std::chrono::milliseconds timeout{5000};
};

// How a connection ended.
struct CloseInfo {
  // The close code from the server's close frame (1000, 1001, 1009, ...), or nullopt when the
  // connection ended without one (refused, reset, dropped) or never opened.
  std::optional<int> code;
  std::string reason;  // the close frame's reason text, or a description of the failure
  // The HTTP status the server answered the upgrade with when it refused it (e.g. 403), else 0.
  int http_status = 0;
  bool opened = false;  // whether the WebSocket handshake had succeeded
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  struct Handlers {
    std::function<void()> on_open;                       // the handshake succeeded
    std::function<void(std::string text)> on_message;   // one text frame (binary frames too)
    std::function<void(const CloseInfo&)> on_close;     // exactly once, at the end
  };

  static std::shared_ptr<Connection> create(boost::asio::any_io_executor executor, Handlers handlers);

  // Starts connecting. Call once. The handlers run on this connection's strand.
  void connect(const ServerUrl& url, ConnectOptions options = {});

  // Queues a text (or binary) frame. Safe to call from any thread; ignored once closing.
  void send(std::string text);
  void send_binary(std::string data);

  // Sends the queued frames, then a close frame with `code`, and waits for the server's.
  void close(int code = 1000);

  // Drops the TCP connection without a close frame (what a phone losing Wi-Fi looks like).
  void abort();

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

 private:
  using Socket = boost::beast::websocket::stream<boost::beast::tcp_stream>;
  struct Outgoing {
    std::string data;
    bool binary = false;
  };

  Connection(boost::asio::any_io_executor executor, Handlers handlers);

  void on_resolved(boost::beast::error_code ec, boost::asio::ip::tcp::resolver::results_type results);
  void on_connected(boost::beast::error_code ec);
  void on_handshake(boost::beast::error_code ec);
  void read_next();
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void enqueue(Outgoing message);
  void write_next();
  void on_write(boost::beast::error_code ec);
  void start_close_if_ready();
  CloseInfo ended_by(boost::beast::error_code ec) const;  // how a read or close that ended it went
  void fail_connect(std::string reason);
  void finish(CloseInfo info);

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  Handlers handlers_;
  boost::asio::ip::tcp::resolver resolver_;
  Socket ws_;
  boost::asio::steady_timer deadline_;  // limits the connecting phase
  ServerUrl url_;
  ConnectOptions options_;
  boost::beast::http::response<boost::beast::http::string_body> handshake_response_;
  boost::beast::flat_buffer read_buffer_;
  std::deque<Outgoing> queue_;  // front() is being written while writing_
  bool open_ = false;
  bool writing_ = false;
  std::optional<int> close_requested_;  // close() was called with this code
  bool close_sent_ = false;
  bool finished_ = false;
};

}  // namespace earshot::client
