#pragma once
// A synchronous Earshot client with timeouts, for tests and simple tools:
//
//   Client c = Client::connect(url);
//   c.send({{"type", "hello"}, {"room", "KXQM"}, {"name", "Ann"}});
//   json welcome = c.receive_until("welcome", 2s);
//
// It runs a `Connection` on a private io_context, only while one of its methods waits, so it
// needs no thread of its own. Received messages queue up until receive() takes them.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "client/connection.hpp"
#include "client/url.hpp"

namespace earshot::client {

using json = nlohmann::json;
using Duration = std::chrono::milliseconds;

// Nothing arrived in time.
struct Timeout : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The connection could not be opened, or ended while a message was awaited.
struct ConnectionClosed : std::runtime_error {
  ConnectionClosed(const std::string& what, CloseInfo info) : std::runtime_error(what), info(std::move(info)) {}
  CloseInfo info;
};

class Client {
 public:
  // Connects and completes the WebSocket handshake, or throws ConnectionClosed (whose info tells
  // e.g. the HTTP status of a refused upgrade) .
  static Client connect(const ServerUrl& url, ConnectOptions options = {});

  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();  // closes the connection (1000) if it is still open, waiting briefly for the server

  void send(const json& message);
  void send_text(std::string text);  // any text, for example malformed JSON
  void send_binary(std::string data);

  // The next message, waiting at most `timeout`. Throws Timeout, or ConnectionClosed when the
  // connection has ended and every message that arrived before has been taken.
  json receive(Duration timeout);
  // The next message of type `type`, skipping (and dropping) others.
  json receive_until(std::string_view type, Duration timeout);

  // Sends close `code` and waits for the server's answer; returns how the connection ended.
  CloseInfo close(int code = 1000, Duration timeout = Duration{2000});
  // Waits for the server to end the connection, dropping messages that arrive meanwhile.
  // Throws Timeout if it is still open after `timeout`.
  CloseInfo wait_closed(Duration timeout);
  // Ends the TCP connection without a close frame.
  void abort();

  // Set once the connection has ended.
  const std::optional<CloseInfo>& closed() const;

 private:
  struct State;  // what the connection's handlers fill in
  explicit Client(std::unique_ptr<boost::asio::io_context> io);
  // Runs the io_context until `done()` or the deadline. Returns done().
  template <typename Done>
  bool run_until(Done done, Duration timeout);

  std::unique_ptr<boost::asio::io_context> io_;
  std::shared_ptr<State> state_;
  std::shared_ptr<Connection> connection_;
};

}  // namespace earshot::client
