#include "client/connection.hpp"

#include <iterator>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/version.hpp>
#include <boost/beast/websocket/error.hpp>

namespace earshot::client {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::shared_ptr<Connection> Connection::create(asio::any_io_executor executor, Handlers handlers) {
  return std::shared_ptr<Connection>(new Connection(std::move(executor), std::move(handlers)));
}

Connection::Connection(asio::any_io_executor executor, Handlers handlers)
    : strand_(asio::make_strand(std::move(executor))),
      handlers_(std::move(handlers)),
      resolver_(strand_),
      ws_(strand_),
      deadline_(strand_) {}

void Connection::connect(const ServerUrl& url, ConnectOptions options) {
  asio::dispatch(strand_, [self = shared_from_this(), url, options = std::move(options)]() mutable {
    self->url_ = std::move(url);
    self->options_ = std::move(options);
    self->deadline_.expires_after(self->options_.timeout);
    self->deadline_.async_wait([self](beast::error_code ec) {
      if (!ec && !self->open_) self->fail_connect("timed out connecting to " + self->url_.authority());
    });
    self->resolver_.async_resolve(self->url_.host, std::to_string(self->url_.port),
                                  [self](beast::error_code ec, tcp::resolver::results_type results) {
                                    self->on_resolved(ec, std::move(results));
                                  });
  });
}

void Connection::on_resolved(beast::error_code ec, tcp::resolver::results_type results) {
  if (finished_) return;
  if (ec) return fail_connect("cannot resolve " + url_.host + ": " + ec.message());
  beast::get_lowest_layer(ws_).async_connect(
      results, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) { self->on_connected(ec); });
}

void Connection::on_connected(beast::error_code ec) {
  if (finished_) return;
  if (ec) return fail_connect("cannot connect to " + url_.authority() + ": " + ec.message());
  ws_.set_option(websocket::stream_base::decorator([origin = options_.origin](websocket::request_type& req) {
    req.set(beast::http::field::user_agent, "earshot-client");
    if (origin) req.set(beast::http::field::origin, *origin);
  }));
  ws_.async_handshake(handshake_response_, url_.authority(), url_.target,
                      [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
}

void Connection::on_handshake(beast::error_code ec) {
  if (finished_) return;
  if (ec) {
    CloseInfo info;
    if (ec == websocket::error::upgrade_declined) {
      info.http_status = static_cast<int>(handshake_response_.result_int());
      info.reason = "the server refused the WebSocket upgrade with HTTP " + std::to_string(info.http_status);
    } else {
      info.reason = "WebSocket handshake failed: " + ec.message();
    }
    resolver_.cancel();
    beast::get_lowest_layer(ws_).close();
    return finish(std::move(info));
  }
  deadline_.cancel();
  handshake_response_ = {};  // not needed any more
  open_ = true;
  if (handlers_.on_open) handlers_.on_open();
  read_next();
  if (!queue_.empty() && !writing_) write_next();
  start_close_if_ready();
}

void Connection::read_next() {
  ws_.async_read(read_buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
    self->on_read(ec, bytes);
  });
}

void Connection::on_read(beast::error_code ec, std::size_t) {
  if (finished_) return;
  // Our own close may cancel the pending read; then the close operation reports how it ended.
  if (ec == asio::error::operation_aborted && close_sent_) return;
  if (ec) return finish(ended_by(ec));
  std::string text = beast::buffers_to_string(read_buffer_.data());
  read_buffer_.consume(read_buffer_.size());
  if (handlers_.on_message) handlers_.on_message(std::move(text));
  if (!finished_) read_next();  // the handler may have aborted the connection
}

CloseInfo Connection::ended_by(beast::error_code ec) const {
  CloseInfo info;
  info.opened = open_;
  if (!ec || ec == websocket::error::closed) {
    info.code = static_cast<int>(ws_.reason().code);
    info.reason = std::string(ws_.reason().reason.c_str());
  } else {
    info.reason = "connection lost: " + ec.message();
  }
  return info;
}

void Connection::send(std::string text) { enqueue({std::move(text), false}); }

void Connection::send_binary(std::string data) { enqueue({std::move(data), true}); }

void Connection::enqueue(Outgoing message) {
  asio::dispatch(strand_, [self = shared_from_this(), message = std::move(message)]() mutable {
    if (self->finished_ || self->close_requested_) return;
    self->queue_.push_back(std::move(message));
    if (self->open_ && !self->writing_) self->write_next();
  });
}

void Connection::write_next() {
  writing_ = true;
  ws_.binary(queue_.front().binary);
  ws_.async_write(asio::buffer(queue_.front().data),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
}

void Connection::on_write(beast::error_code ec) {
  writing_ = false;
  // A failed write means the connection is gone; the pending read reports how it ended.
  if (finished_ || ec) return;
  queue_.pop_front();
  if (!queue_.empty()) return write_next();
  start_close_if_ready();
}

void Connection::close(int code) {
  asio::dispatch(strand_, [self = shared_from_this(), code] {
    if (self->finished_ || self->close_requested_) return;
    if (!self->open_) return self->fail_connect("closed before the connection was open");
    self->close_requested_ = code;
    self->start_close_if_ready();
  });
}

void Connection::start_close_if_ready() {
  if (!open_ || !close_requested_ || close_sent_ || writing_ || !queue_.empty()) return;
  close_sent_ = true;
  ws_.async_close(static_cast<websocket::close_code>(*close_requested_),
                  [self = shared_from_this()](beast::error_code ec) { self->finish(self->ended_by(ec)); });
}

void Connection::abort() {
  asio::dispatch(strand_, [self = shared_from_this()] {
    if (self->finished_) return;
    CloseInfo info;
    info.opened = self->open_;
    info.reason = "closed by this side without a close frame";
    self->resolver_.cancel();
    beast::get_lowest_layer(self->ws_).close();
    self->finish(std::move(info));
  });
}

void Connection::fail_connect(std::string reason) {
  if (finished_) return;
  resolver_.cancel();
  beast::get_lowest_layer(ws_).close();
  CloseInfo info;
  info.reason = std::move(reason);
  finish(std::move(info));
}

void Connection::finish(CloseInfo info) {
  if (finished_) return;
  finished_ = true;
  deadline_.cancel();
  // A write still in flight reads the message at the front: it stays until that write completes.
  if (writing_ && !queue_.empty()) queue_.erase(std::next(queue_.begin()), queue_.end());
  else queue_.clear();
  // Drop the handlers so that whatever they captured is released even while this object lives on.
  auto on_close = std::move(handlers_.on_close);
  handlers_ = {};
  if (on_close) on_close(info);
}

}  // namespace earshot::client
