#pragma once
// The layer under a WebSocket session's Beast stream: the TCP socket, and a gate on it.
//
// Beast writes one message per async_write, which costs a system call and a trip through the
// scheduler for every frame. A session with several frames waiting (a busy room broadcasts a few
// updates at once) writes them itself instead, as unmasked text frames, all in one `sendmsg`
// (WsWire::write_text). Beast still does everything else: the handshake, reading and checking
// what phones send, pongs, keep-alive pings and the closing handshake. Those writes of Beast's
// come through async_write_some below, and the gate keeps the two apart on the wire:
//   - while a frame of the session's is part-way out (the socket took only some of it), a write
//     of Beast's waits until the frame is whole;
//   - while a write of Beast's is under way (until all of it is out), the session does not start
//     writing; it is told (`on_idle`) when it may.
// Everything here runs on the session's strand (the socket's executor).

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "server/rooms/frame.hpp"
#include "server/net/net.hpp"

namespace earshot::server {

// The header of an unmasked, unfragmented text frame carrying `payload` bytes; writes 2, 4 or 10
// bytes to `out` and returns how many (RFC 6455, 5.2).
std::size_t text_frame_header(std::size_t payload, unsigned char out[10]);
constexpr std::size_t text_frame_header_size(std::size_t payload) {
  return payload < 126 ? 2 : payload <= 0xffff ? 4 : 10;
}

class WsWire {
 public:
  using executor_type = tcp::socket::executor_type;
  using next_layer_type = tcp::socket;

  explicit WsWire(tcp::socket&& socket);

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  tcp::socket& next_layer() noexcept { return socket_; }
  const tcp::socket& next_layer() const noexcept { return socket_; }

  // Called (posted, on the strand) when a write of Beast's that held the session's back is done.
  void set_on_idle(std::function<void()> f) { gate_->on_idle = std::move(f); }

  // Beast may be writing: the session must not start a frame now (it waits for on_idle).
  bool control_busy() const { return gate_->control_busy(); }

  // Writes the text frames `frames[0..count)` (at most max_frames_per_write) back to back, each
  // header and piece as it is (a gathered write), skipping the first `skip` bytes of the lot (they
  // went out before), in one non-blocking system call. Returns how many bytes went out now (0 when
  // the socket's buffer is full). The caller keeps the frames alive, calls again with the rest
  // once the socket is writable, and tells mid_frame() where it stopped.
  static constexpr std::size_t max_frames_per_write = 32;
  std::size_t write_text(const Frame* const* frames, std::size_t count, std::size_t skip, beast::error_code& ec);

  // The session stopped part-way through a frame (true) or at a frame boundary (false). Leaving a
  // frame lets a write of Beast's that waited go ahead.
  void mid_frame(bool in_frame);

  // --- for Beast (AsyncReadStream / AsyncWriteStream) ---
  template <class MutableBufferSequence, class ReadHandler>
  auto async_read_some(const MutableBufferSequence& buffers, ReadHandler&& handler) {
    return socket_.async_read_some(buffers, std::forward<ReadHandler>(handler));
  }

  template <class ConstBufferSequence, class WriteHandler>
  auto async_write_some(const ConstBufferSequence& buffers, WriteHandler&& handler) {
    return net::async_initiate<WriteHandler, void(beast::error_code, std::size_t)>(
        [this](auto h, const ConstBufferSequence& b) { control_write(std::move(h), b); }, handler, buffers);
  }

 private:
  struct Deferred {
    virtual ~Deferred() = default;
    virtual void run() = 0;
  };
  template <class F>
  struct DeferredFn final : Deferred {
    explicit DeferredFn(F&& fn) : f(std::move(fn)) {}
    void run() override { f(); }
    F f;
  };

  // Shared with the completion handlers of Beast's writes, which may outlive the stream.
  struct Gate {
    bool in_frame = false;        // a frame of the session's is part-way out
    bool control_active = false;  // a write_some of Beast's is with the socket
    std::size_t control_owes = 0; // bytes Beast's current write still has to send
    bool session_waiting = false; // the session wants on_idle when Beast is done
    std::unique_ptr<Deferred> deferred;  // Beast's write, waiting for the frame to be whole
    std::function<void()> on_idle;
    bool control_busy() const { return control_active || control_owes > 0 || deferred != nullptr; }
  };

  template <class Handler, class ConstBufferSequence>
  void control_write(Handler h, const ConstBufferSequence& b) {
    if (gate_->in_frame) {  // (Beast writes one thing at a time: at most one waits)
      auto again = [this, h = std::move(h), b]() mutable { control_write(std::move(h), b); };
      gate_->deferred = std::make_unique<DeferredFn<decltype(again)>>(std::move(again));
      return;
    }
    const std::size_t size = net::buffer_size(b);
    gate_->control_active = true;
    gate_->control_owes = 0;
    auto ex = net::get_associated_executor(h, socket_.get_executor());
    socket_.async_write_some(
        b, net::bind_executor(ex, [gate = gate_, size, h = std::move(h)](beast::error_code ec, std::size_t n) mutable {
          gate->control_active = false;
          // A short write is followed at once by the rest (Beast writes with net::async_write).
          gate->control_owes = !ec && n < size ? size - n : 0;
          std::move(h)(ec, n);
          if (!gate->control_busy() && gate->session_waiting && gate->on_idle) {
            gate->session_waiting = false;
            gate->on_idle();
          }
        }));
  }

 public:
  // The session found control_busy(): on_idle is called once Beast's write is done.
  void wait_for_idle() { gate_->session_waiting = true; }

 private:
  tcp::socket socket_;
  std::shared_ptr<Gate> gate_;
};

// Beast closes the connection through these (found by argument-dependent lookup).
void teardown(beast::role_type role, WsWire& wire, beast::error_code& ec);

template <class TeardownHandler>
void async_teardown(beast::role_type role, WsWire& wire, TeardownHandler&& handler) {
  websocket::async_teardown(role, wire.next_layer(), std::forward<TeardownHandler>(handler));
}

}  // namespace earshot::server
