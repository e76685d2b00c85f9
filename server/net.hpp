#pragma once
// Short names for the Boost.Asio / Boost.Beast types used across server/.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace earshot::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using Strand = net::strand<net::io_context::executor_type>;

// Something the server can ask to go away when it shuts down (an HTTP or WebSocket session).
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void shut_down() = 0;  // thread-safe
  // Closes the socket at once, no goodbye: for what is left when the server stops. Thread-safe.
  virtual void abort() = 0;
};

}  // namespace earshot::server
