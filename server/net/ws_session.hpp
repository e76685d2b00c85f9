#pragma once
// One WebSocket connection: reads client messages one at a time, rate-limits and parses each into
// an envelope, hands it to the rooms' Desk (server/rooms/desk.hpp), which decides what it may do
// and does it, and writes what it is sent through a bounded queue. All of the session's own state
// (its Visit too) lives on its strand (the socket's executor).

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/rooms/frame.hpp"
#include "server/rooms/member.hpp"
#include "server/net/limits.hpp"
#include "server/net/net.hpp"
#include "server/rooms/protocol.hpp"
#include "server/net/ws_wire.hpp"

namespace earshot::server {

struct ServerContext;

class WsSession : public std::enable_shared_from_this<WsSession>, public Member, public Closable {
 public:
  // A client that lets this much pile up unread is disconnected (it reconnects for a fresh snapshot).
  static constexpr std::size_t max_queued_messages = 4096;
  static constexpr std::size_t max_queued_bytes = 1024 * 1024;
  // So is one whose current write has not gone out for this long while more is waiting: it has
  // stopped reading (the network buffers in between are full).
  static constexpr std::chrono::seconds max_write_stall{10};
  // The kernel's send buffer for a WebSocket (Linux doubles it): enough for any view on a LAN,
  // small enough that a reader who stopped is noticed by the rules above, not hidden in the kernel.
  static constexpr int send_buffer_bytes = 64 * 1024;

  // `ticket`: the connection's place among those being set up, given up once its first message
  // (the hello) is answered.
  WsSession(tcp::socket&& socket, ServerContext& ctx, ConnectionLimits::Slot slot, HandshakeGate::Ticket ticket = {});
  ~WsSession() override;

  // Accepts the upgrade request the HTTP session already read.
  void run(http::request<http::string_body> req);

  // The rooms' side of the connection (server/rooms/member.hpp).
  using Member::send;
  void send(FramePtr frame) override { deliver(std::move(frame), false); }
  void send_view(FramePtr frame) override { deliver(std::move(frame), true); }
  void post(std::function<void()> work) override;
  void read_on() override;
  void disconnect() override { close_when_flushed(websocket::close_code::normal); }
  // Thread-safe: close with 1001 (server going away).
  void shut_down() override;
  void abort() override;

 private:
  void on_accept(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void on_message(std::string_view text);
  // Handles one text frame; returns false when the next read waits for a room (read_on).
  bool handle(std::string_view text);
  void reply_error(const protocol::Error& e, const nlohmann::json& re) { enqueue(protocol::error_frame(e, re)); }

  // From any thread: into the inbox; the first frame of a burst posts take_inbox to the strand.
  void deliver(FramePtr frame, bool view);
  void take_inbox();  // on the strand: the inbox into the queue, in the order sent
  // On the strand: a frame of the session's own (a reply), after whatever the inbox holds.
  void enqueue(FramePtr frame);
  void enqueue(std::string frame) { enqueue(make_frame(std::move(frame))); }
  void push(FramePtr frame, bool view);  // the queue's rules (limits, views)
  // Writes what the socket takes now of the waiting frames (several in one system call); waits for
  // the socket, or for a write of Beast's, when it cannot go on.
  void do_write();
  void on_writable(beast::error_code ec);
  void clear_queue();
  void close_when_flushed(websocket::close_code code);
  void drop();  // tear the TCP connection down now
  void finish();

  // A plain socket underneath (the WebSocket stream keeps its own timeouts; Beast's tcp_stream
  // would add a second set of timers to every connection), with the gate that lets the session
  // write its frames itself (server/net/ws_wire.hpp). Beast reads, answers pings and closes.
  websocket::stream<WsWire, false> ws_;
  // The socket's executor as what it is, a strand (the listener makes one per connection): posting
  // to it directly skips the type-erased any_io_executor, a copy and a call through a table for
  // every frame a room sends.
  Strand strand_;
  ServerContext& ctx_;
  ConnectionLimits::Slot slot_;
  HandshakeGate::Ticket ticket_;
  // Reads land in `chunk_`; a message longer than that is gathered in `message_`, which is freed
  // again once handled. So an idle connection holds no read buffer of its own on the heap (most
  // client messages fit in the chunk).
  std::array<char, 192> chunk_;
  std::string message_;
  TokenBucket messages_;  // what this connection may still send (Limits::message_burst, ...)

  // Frames waiting to be written, oldest at `queue_head_` (a vector: a std::deque would allocate
  // half a kilobyte for every connection before anything is queued).
  struct Queued {
    FramePtr frame;
    bool view = false;  // a round view (see send_view)
  };
  std::vector<Queued> queue_;
  // What other threads (rooms) send lands in the inbox, under its lock, and moves into the queue
  // on the strand: one trip to the strand per burst, not one per frame. `taken_` is the inbox's
  // other half (swapped in and out, so neither allocates again for every burst).
  std::mutex inbox_mutex_;
  std::vector<Queued> inbox_;
  std::vector<Queued> taken_;
  bool inbox_posted_ = false;  // (guarded by inbox_mutex_) a take_inbox is on its way
  std::size_t queue_head_ = 0;
  std::size_t queued_bytes_ = 0;
  std::size_t head_sent_ = 0;  // bytes of the first waiting frame (header included) already out
  // A write is on its way to the strand: frames queued before it runs go out with it, in one
  // system call (a room broadcasting several updates at once costs each phone one send).
  bool write_posted_ = false;
  bool writing_ = false;       // waiting for the socket (or for Beast) to go on writing
  std::chrono::steady_clock::time_point write_started_{};
  bool open_ = false;  // handshake done, not yet closing
  std::optional<websocket::close_code> closing_;
};

}  // namespace earshot::server
