#include "server/net/ws_session.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

#include "server/net/context.hpp"

namespace earshot::server {

using namespace std::chrono_literals;

namespace {

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Strand strand_of(const net::any_io_executor& ex) {
  if (const auto* strand = ex.target<Strand>()) return *strand;
  throw std::logic_error("a WebSocket session needs a socket on a strand of the io_context");
}

}  // namespace

WsSession::WsSession(tcp::socket&& socket, ServerContext& ctx, ConnectionLimits::Slot slot, HandshakeGate::Ticket ticket)
    : ws_(std::move(socket)),
      strand_(strand_of(ws_.get_executor())),
      ctx_(ctx),
      slot_(std::move(slot)),
      ticket_(std::move(ticket)),
      messages_(ctx.limits.message_burst, ctx.limits.messages_per_second, steady_ms()) {}

WsSession::~WsSession() { ctx_.ws_connections.remove(this); }

void WsSession::run(http::request<http::string_body> req) {
  ctx_.ws_connections.add(shared_from_this());
  beast::error_code ignored;
  ws_.next_layer().next_layer().set_option(net::socket_base::send_buffer_size(send_buffer_bytes), ignored);
  ws_.next_layer().set_on_idle([weak = weak_from_this()] {
    if (auto self = weak.lock()) net::post(self->strand_, [self] { self->do_write(); });
  });
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = 10s;
  // A ping goes out after half the idle timeout of silence; no answer by the whole: gone.
  timeouts.idle_timeout = ctx_.limits.idle_timeout;
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "earshot/" EARSHOT_VERSION); }));
  ws_.read_message_max(protocol::max_frame_bytes);
  ws_.auto_fragment(false);
  ws_.async_accept(req, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
}

void WsSession::on_accept(beast::error_code ec) {
  if (ec) return finish();
  open_ = true;
  if (ctx_.stopping) return close_when_flushed(websocket::close_code::going_away);
  do_read();
}

void WsSession::do_read() {
  ws_.async_read_some(net::buffer(chunk_), beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(beast::error_code ec, std::size_t bytes) {
  // message_too_big: Beast has already sent close 1009. Any other error: the peer is gone.
  if (ec) return finish();
  const std::string_view got(chunk_.data(), bytes);
  if (!ws_.is_message_done()) {  // more of this message to come (Beast bounds its size)
    message_.append(got);
    return do_read();
  }
  if (message_.empty()) return on_message(got);
  message_.append(got);
  std::string whole;
  whole.swap(message_);  // (and message_ holds no memory while idle)
  on_message(whole);
}

void WsSession::on_message(std::string_view text) {
  bool next_now = true;
  if (!ws_.got_text()) {
    if (messages_.take(steady_ms())) {  // (over the rate: not even an answer)
      reply_error({"binary_frame", "Send text frames with JSON; binary frames are not used.", ""}, nullptr);
    }
  } else {
    next_now = handle(text);
  }
  if (!next_now) return;  // a room has it: read_on() comes once it is taken
  ticket_.reset();       // the first message is answered
  if (open_) do_read();
}

bool WsSession::handle(std::string_view text) {
  auto parsed = protocol::parse_envelope(text);
  auto* env = std::get_if<protocol::Envelope>(&parsed);
  // Every frame counts, good or bad; the facilitator (who has the key) is trusted.
  if (visit().seat.role != Role::facilitator && !messages_.take(steady_ms())) {
    reply_error({"rate_limited",
                 "Too many messages: at most " + std::to_string(static_cast<int>(ctx_.limits.messages_per_second)) +
                     " a second. This one was ignored.",
                 ""},
                env ? env->id : nullptr);
    return true;
  }
  if (!env) {
    reply_error(std::get<protocol::Error>(parsed), nullptr);
    return true;
  }
  return ctx_.desk.take(shared_from_this(), std::move(*env)) == Desk::Next::read_on;
}

void WsSession::post(std::function<void()> work) {
  net::post(strand_, [self = shared_from_this(), work = std::move(work)] { work(); });
}

void WsSession::read_on() {
  ticket_.reset();  // (a hello is answered once seated)
  if (open_) return do_read();
  Desk::leave(shared_from_this());  // closed while a room was busy with the message
}

void WsSession::deliver(FramePtr frame, bool view) {
  {
    std::lock_guard lock(inbox_mutex_);
    inbox_.push_back({std::move(frame), view});
    if (inbox_posted_) return;  // the take already on its way brings this one along
    inbox_posted_ = true;
  }
  // Deferred, not posted: a room sends to many sessions in one go (a broadcast, a round's views),
  // and deferred work waits in the calling thread's own queue until the room's handler is done,
  // then joins the shared queue in one step. Posting took the scheduler's lock, and could wake the
  // other thread, once per session; the fan-out bench measured 4.2-4.5 µs of server CPU per delivery
  // deferred against 5.0-6.1 posted, and its p99 went from 17-22 ms to 13-16 ms.
  net::defer(strand_, [self = shared_from_this()] {
    self->take_inbox();
    if (!self->writing_ && !self->write_posted_ && self->queue_head_ < self->queue_.size()) self->do_write();
  });
}

void WsSession::take_inbox() {
  {
    std::lock_guard lock(inbox_mutex_);
    inbox_posted_ = false;
    if (inbox_.empty()) return;
    taken_.swap(inbox_);
  }
  for (auto& q : taken_) push(std::move(q.frame), q.view);
  taken_.clear();
  if (taken_.capacity() > 16) taken_.shrink_to_fit();  // a burst is over: give its room back
}

void WsSession::enqueue(FramePtr frame) {
  take_inbox();  // what was sent before goes out before
  push(std::move(frame), false);
  if (!writing_ && !write_posted_ && queue_head_ < queue_.size()) {
    write_posted_ = true;  // (the write goes once the frames already on their way here are queued too)
    net::post(strand_, [self = shared_from_this()] {
      self->write_posted_ = false;
      if (!self->writing_) self->do_write();
    });
  }
}

void WsSession::push(FramePtr frame, bool view) {
  if (!open_ || closing_) return;
  if (writing_ && std::chrono::steady_clock::now() - write_started_ > max_write_stall) {
    return drop();  // it has stopped reading: don't let it hold anything
  }
  if (view) {
    // The newest view makes a waiting one (not one part-way out) pointless.
    const std::size_t first_waiting = queue_head_ + (head_sent_ > 0 ? 1 : 0);
    for (std::size_t i = queue_.size(); i > first_waiting; --i) {
      if (queue_[i - 1].view) {
        queued_bytes_ -= queue_[i - 1].frame->size();
        queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(i - 1));
        break;  // (there is never more than one waiting)
      }
    }
  }
  if (queue_.size() - queue_head_ >= max_queued_messages || queued_bytes_ + frame->size() > max_queued_bytes) {
    // Too slow to keep up: don't let it grow memory or hold the room back.
    return drop();
  }
  queued_bytes_ += frame->size();
  queue_.push_back({std::move(frame), view});
}

void WsSession::do_write() {
  auto& wire = ws_.next_layer();
  constexpr std::size_t batch = WsWire::max_frames_per_write;  // frames per system call
  bool progressed = false;
  while (open_ && queue_head_ < queue_.size()) {
    // Beast is closing (the phone said goodbye): nothing after its close frame. But a frame
    // part-way out is finished first: Beast's close waits for it (server/net/ws_wire.hpp).
    if (!ws_.is_open() && head_sent_ == 0) break;
    if (head_sent_ == 0 && wire.control_busy()) {  // Beast is writing: go on when it is done
      if (!writing_ || progressed) write_started_ = std::chrono::steady_clock::now();
      writing_ = true;
      wire.wait_for_idle();
      return;
    }
    std::array<const Frame*, batch> frames;
    const std::size_t count = std::min(batch, queue_.size() - queue_head_);
    std::size_t total = 0;
    for (std::size_t i = 0; i < count; ++i) {
      frames[i] = queue_[queue_head_ + i].frame.get();
      total += text_frame_header_size(frames[i]->size()) + frames[i]->size();
    }
    beast::error_code ec;
    const std::size_t sent = wire.write_text(frames.data(), count, head_sent_, ec);
    if (ec) return drop();
    if (sent > 0) progressed = true;
    // Retire the frames that are all out; remember how far the next one got.
    std::size_t done = head_sent_ + sent;
    const bool all_out = done == total;
    head_sent_ = 0;
    while (done > 0) {
      const std::size_t size = queue_[queue_head_].frame->size();
      const std::size_t whole = text_frame_header_size(size) + size;
      if (done < whole) {
        head_sent_ = done;
        break;
      }
      done -= whole;
      queued_bytes_ -= size;
      queue_[queue_head_++].frame.reset();
    }
    wire.mid_frame(head_sent_ > 0);  // (at a frame boundary a write of Beast's may go first)
    if (!all_out) {  // the socket's buffer is full: go on when it has room
      if (!writing_ || progressed) write_started_ = std::chrono::steady_clock::now();
      writing_ = true;
      if (queue_head_ >= 32 && queue_head_ * 2 >= queue_.size()) {  // never quite empty: compact
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(queue_head_));
        queue_head_ = 0;
      }
      wire.next_layer().async_wait(tcp::socket::wait_write,
                                   beast::bind_front_handler(&WsSession::on_writable, shared_from_this()));
      return;
    }
  }
  writing_ = false;
  head_sent_ = 0;
  clear_queue();
  if (open_ && closing_ && ws_.is_open()) {
    ws_.async_close(*closing_, [self = shared_from_this()](beast::error_code) { self->finish(); });
  }
}

void WsSession::on_writable(beast::error_code ec) {
  if (ec) return drop();
  do_write();
}

void WsSession::clear_queue() {
  queue_.clear();
  queue_head_ = 0;
  queued_bytes_ = 0;
  if (queue_.capacity() > 4) queue_.shrink_to_fit();  // a burst is over: give its room back
}

void WsSession::close_when_flushed(websocket::close_code code) {
  if (!open_ || closing_) return;
  take_inbox();  // what was sent before the close goes out before it
  closing_ = code;
  if (writing_ || write_posted_) return;                   // do_write closes once the queue is empty
  if (queue_head_ < queue_.size()) return do_write();       // (so it does when it writes now)
  ws_.async_close(code, [self = shared_from_this()](beast::error_code) { self->finish(); });
}

void WsSession::shut_down() {
  net::post(strand_, [self = shared_from_this()] {
    if (self->open_) {
      {
        std::lock_guard lock(self->inbox_mutex_);
        self->inbox_.clear();
      }
      // Drop what's queued (but a frame part-way out): the close frame goes out next.
      while (self->queue_.size() - self->queue_head_ > (self->head_sent_ > 0 ? 1u : 0u)) {
        self->queued_bytes_ -= self->queue_.back().frame->size();
        self->queue_.pop_back();
      }
      self->close_when_flushed(websocket::close_code::going_away);
    } else {
      self->drop();
    }
  });
}

void WsSession::abort() {
  net::post(strand_, [self = shared_from_this()] {
    if (self->ws_.next_layer().next_layer().is_open()) self->drop();
  });
}

void WsSession::drop() {
  beast::error_code ignored;
  auto& wire = ws_.next_layer();
  wire.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
  wire.next_layer().close(ignored);
  writing_ = false;
  head_sent_ = 0;
  clear_queue();
  wire.mid_frame(false);  // a write of Beast's that waited now fails at once and ends its operation
  finish();
}

void WsSession::finish() {
  open_ = false;
  Desk::leave(shared_from_this());
}

}  // namespace earshot::server
