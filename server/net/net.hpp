#pragma once
// Short names for the Boost.Asio / Boost.Beast types used across server/.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "server/rooms/asio.hpp"

namespace earshot::server {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

// Something the server can ask to go away when it shuts down (an HTTP or WebSocket session).
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void shut_down() = 0;  // thread-safe
  // Closes the socket at once, no goodbye: for what is left when the server stops. Thread-safe.
  virtual void abort() = 0;
};

}  // namespace earshot::server
