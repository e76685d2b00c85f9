// LeanSocket: the load tool's WebSocket client, as little work per received message as can be.
//
// The load tool has to receive well over 100,000 messages a second on the same two cores as the
// server it measures; client::Connection (Beast's websocket stream, a strand per connection, a
// std::string per frame) costs about 14 µs of CPU per message, which on such a machine would be
// the bottleneck of the measurement. This client speaks just enough of RFC 6455 for a load test:
//
// - the opening handshake (GET with Upgrade; the answer must be "101"),
// - masked text frames out (several queued sends go out in one write),
// - frames in: all complete frames of a read are handed over at once, as views into the read
//   buffer (no copy unless a message is fragmented); pings are answered with pongs; a close
//   frame is answered and ends the connection.
//
// Everything runs on one io_context run by one thread (no strand, no locks): create, connect,
// send and abort must be called on that thread. The handlers are called on it too; on_close
// exactly once, never from inside connect(), send() or abort() (it is posted).
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/connection.hpp"  // CloseInfo

namespace earshot::bench {

class LeanSocket : public std::enable_shared_from_this<LeanSocket> {
 public:
  struct Handlers {
    std::function<void()> on_open;
    std::function<void(std::string_view text)> on_message;  // valid only during the call
    std::function<void(const client::CloseInfo&)> on_close;
  };

  static std::shared_ptr<LeanSocket> create(boost::asio::io_context& io, Handlers h) {
    return std::shared_ptr<LeanSocket>(new LeanSocket(io, std::move(h)));
  }

  // Connects to `endpoint` and upgrades `target` (Host: `authority`); fails after `timeout`.
  void connect(const boost::asio::ip::tcp::endpoint& endpoint, const std::string& authority,
               const std::string& target, std::chrono::milliseconds timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec && !self->open_) self->fail("timed out while connecting");
    });
    request_ = "GET " + target + " HTTP/1.1\r\nHost: " + authority +
               "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    socket_.async_connect(endpoint, [self = shared_from_this()](boost::system::error_code ec) {
      if (self->finished_) return;
      if (ec) return self->fail("connect: " + ec.message());
      self->socket_.set_option(boost::asio::ip::tcp::no_delay(true));
      boost::asio::async_write(self->socket_, boost::asio::buffer(self->request_),
                               [self](boost::system::error_code ec2, std::size_t) {
                                 if (self->finished_) return;
                                 if (ec2) return self->fail("handshake write: " + ec2.message());
                                 self->request_.clear();
                                 self->request_.shrink_to_fit();
                                 self->read();
                               });
    });
  }

  // Queues one text frame (masked, as a client must). Ignored once the connection ended.
  void send(std::string_view text) {
    if (finished_) return;
    append_frame(pending_, 0x1, text);
    if (open_ && !writing_) write();
  }

  // Drops the TCP connection without a close frame (a phone losing its network).
  void abort() {
    if (finished_) return;
    client::CloseInfo info;
    info.opened = open_;
    info.reason = "closed by this side without a close frame";
    end(std::move(info));
  }

  LeanSocket(const LeanSocket&) = delete;
  LeanSocket& operator=(const LeanSocket&) = delete;

 private:
  LeanSocket(boost::asio::io_context& io, Handlers h) : socket_(io), timer_(io), handlers_(std::move(h)) {}

  static void append_frame(std::string& out, unsigned opcode, std::string_view payload) {
    const unsigned char mask[4] = {0x5a, 0x3c, 0x96, 0xe1};
    out += static_cast<char>(0x80 | opcode);
    const auto n = payload.size();
    if (n < 126) {
      out += static_cast<char>(0x80 | n);
    } else if (n < 65536) {
      out += static_cast<char>(0x80 | 126);
      out += static_cast<char>(n >> 8);
      out += static_cast<char>(n & 0xff);
    } else {
      out += static_cast<char>(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xff);
    }
    out.append(reinterpret_cast<const char*>(mask), 4);
    const auto at = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < n; ++i) out[at + i] = static_cast<char>(out[at + i] ^ mask[i & 3]);
  }

  void read() {
    if (buffer_.size() - used_ < 8192) buffer_.resize(std::max<std::size_t>(buffer_.size() * 2, used_ + 16384));
    socket_.async_read_some(boost::asio::buffer(buffer_.data() + used_, buffer_.size() - used_),
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                              if (self->finished_) return;
                              if (ec) {
                                client::CloseInfo info;
                                info.opened = self->open_;
                                info.reason = ec == boost::asio::error::eof ? "the server closed the connection without a close frame"
                                                                             : "read: " + ec.message();
                                return self->end(std::move(info));
                              }
                              self->used_ += n;
                              if (!self->open_ ? self->on_handshake() : self->on_frames()) self->read();
                            });
  }

  // The server's answer to the upgrade. Returns whether to read on.
  bool on_handshake() {
    const std::string_view got(buffer_.data(), used_);
    const auto head_end = got.find("\r\n\r\n");
    if (head_end == std::string_view::npos) {
      if (used_ > 16384) fail("the handshake answer is too long");
      return !finished_;
    }
    const int status = got.size() > 12 && got.substr(0, 5) == "HTTP/" ? std::atoi(std::string(got.substr(9, 3)).c_str()) : 0;
    if (status != 101) {
      client::CloseInfo info;
      info.http_status = status;
      info.reason = "the upgrade was refused: " + std::string(got.substr(0, got.find('\r')));
      end(std::move(info));
      return false;
    }
    consume(head_end + 4);
    open_ = true;
    timer_.cancel();
    if (handlers_.on_open) handlers_.on_open();
    if (finished_) return false;
    if (!pending_.empty() && !writing_) write();
    return used_ == 0 || on_frames();
  }

  // Hands over every complete frame in the buffer. Returns whether to read on.
  bool on_frames() {
    auto self = shared_from_this();  // a handler may drop the last other reference
    std::size_t at = 0;
    const auto* b = reinterpret_cast<unsigned char*>(buffer_.data());
    while (used_ - at >= 2) {
      const bool fin = b[at] & 0x80;
      const unsigned opcode = b[at] & 0x0f;
      const bool masked = b[at + 1] & 0x80;
      std::uint64_t len = b[at + 1] & 0x7f;
      std::size_t header = 2;
      if (len == 126) {
        if (used_ - at < 4) break;
        len = (std::uint64_t{b[at + 2]} << 8) | b[at + 3];
        header = 4;
      } else if (len == 127) {
        if (used_ - at < 10) break;
        len = 0;
        for (int i = 0; i < 8; ++i) len = (len << 8) | b[at + 2 + i];
        header = 10;
      }
      if (masked) header += 4;
      if (len > (64u << 20)) {
        fail("a frame of " + std::to_string(len) + " bytes");
        return false;
      }
      if (used_ - at < header + len) {
        if (buffer_.size() < at + header + len) {  // make room for the rest of this frame
          consume(at);
          buffer_.resize(header + len + 8192);
          return true;
        }
        break;
      }
      char* payload = buffer_.data() + at + header;
      if (masked) {
        const unsigned char* key = b + at + header - 4;
        for (std::uint64_t i = 0; i < len; ++i) payload[i] = static_cast<char>(payload[i] ^ key[i & 3]);
      }
      const std::string_view data(payload, len);
      at += header + len;
      if (opcode == 0x9) {  // ping: answer at once
        append_frame(pending_, 0xA, data);
        if (!writing_) write();
      } else if (opcode == 0x8) {  // close: answer it, then end
        client::CloseInfo info;
        info.opened = true;
        if (data.size() >= 2) info.code = (static_cast<unsigned char>(data[0]) << 8) | static_cast<unsigned char>(data[1]);
        if (data.size() > 2) info.reason = std::string(data.substr(2));
        append_frame(pending_, 0x8, data.substr(0, std::min<std::size_t>(data.size(), 2)));
        if (!writing_) write();
        closing_ = true;
        closed_info_ = std::move(info);
        return false;  // the write's completion ends it
      } else if (opcode == 0x0 || opcode == 0x1 || opcode == 0x2) {
        if (opcode != 0x0 && fin && fragments_.empty()) {
          if (handlers_.on_message) handlers_.on_message(data);
        } else {
          fragments_.append(data);
          if (fin) {
            std::string whole = std::move(fragments_);
            fragments_.clear();
            if (handlers_.on_message) handlers_.on_message(whole);
          }
        }
      }
      if (finished_) return false;
    }
    consume(at);
    if (buffer_.size() > 65536 && used_ < 16384) {  // a big message passed: give the memory back
      buffer_.resize(16384);
      buffer_.shrink_to_fit();
    }
    return true;
  }

  void consume(std::size_t n) {
    if (n == 0) return;
    std::memmove(buffer_.data(), buffer_.data() + n, used_ - n);
    used_ -= n;
  }

  void write() {
    writing_ = true;
    in_flight_.swap(pending_);
    pending_.clear();
    boost::asio::async_write(socket_, boost::asio::buffer(in_flight_),
                             [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                               self->writing_ = false;
                               if (self->finished_) return;
                               if (ec) return self->fail("write: " + ec.message());
                               if (!self->pending_.empty()) return self->write();
                               if (self->closing_) self->end(std::move(self->closed_info_));
                             });
  }

  void fail(std::string reason) {
    client::CloseInfo info;
    info.opened = open_;
    info.reason = std::move(reason);
    end(std::move(info));
  }

  void end(client::CloseInfo info) {
    if (finished_) return;
    finished_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    timer_.cancel();
    pending_.clear();
    auto on_close = std::move(handlers_.on_close);
    handlers_ = {};
    if (on_close) {
      boost::asio::post(socket_.get_executor(), [on_close = std::move(on_close), info = std::move(info)] { on_close(info); });
    }
  }

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  Handlers handlers_;
  std::string request_;
  std::vector<char> buffer_;  // bytes read and not yet handed over: [0, used_)
  std::size_t used_ = 0;
  std::string fragments_;          // a fragmented message so far
  std::string pending_, in_flight_;  // frames to write; frames being written
  bool open_ = false, writing_ = false, closing_ = false, finished_ = false;
  client::CloseInfo closed_info_;
};

}  // namespace earshot::bench
