#pragma once
// The server's defences against too much of anything: how many connections it holds (in all and
// per address), how long a request or a silent WebSocket may take, and a token bucket for rates.
// docs/operations.md lists the limits and the options that set them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "server/rooms/token_bucket.hpp"

namespace earshot::server {

struct Limits {
  // Open TCP connections (pages, WebSockets, requests) in all, and from one IP address; 0: none.
  std::size_t max_connections = 10000;
  std::size_t max_per_address = 100;
  // Connections being set up at once (accepted, upgrade and hello not yet answered); 0: no
  // limit. The next connection waits in the kernel's queue meanwhile, so a crowd coming back at
  // once does not starve the rooms in play. A connection gives its place up after
  // `handshake_hold` even if it has not finished, so silent ones cannot keep others out.
  std::size_t max_handshakes = 64;
  std::chrono::milliseconds handshake_hold{250};
  // An HTTP request (headers and body) must arrive within this time, and an idle keep-alive
  // connection is closed after it: a client that dribbles bytes holds nothing for long.
  std::chrono::milliseconds request_timeout{15000};
  // A WebSocket that has been silent for half of this is pinged; one that stays silent for all of
  // it (no pong, no message) is dropped, so a phone that vanished is noticed.
  std::chrono::milliseconds idle_timeout{40000};
  // Messages one WebSocket may send: `message_burst` at once, then `messages_per_second`.
  double message_burst = 60;
  double messages_per_second = 20;
};

// Counts open connections, in all and by address. admit() hands out a slot that gives its place
// back when the last copy of it is destroyed; the HTTP session holds it and passes it on to the
// WebSocket session it upgrades to. Thread-safe.
class ConnectionLimits : public std::enable_shared_from_this<ConnectionLimits> {
 public:
  using Slot = std::shared_ptr<void>;

  ConnectionLimits(std::size_t max_total, std::size_t max_per_address)
      : max_total_(max_total), max_per_address_(max_per_address) {}

  enum class Refusal { none, total, address };
  // A slot for a connection from `address`, or nullptr and why not.
  Slot admit(const std::string& address, Refusal& why);

  std::size_t open() const;
  std::size_t max_total() const { return max_total_; }
  std::size_t max_per_address() const { return max_per_address_; }

 private:
  void release(const std::string& address);

  const std::size_t max_total_;
  const std::size_t max_per_address_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> by_address_;
};

// Bounds the connections being set up at once (see Limits::max_handshakes). The listener takes a
// ticket for each connection it accepts; the connection drops it once its first request is
// answered (for a WebSocket: once its hello is). A ticket also stops counting `hold` after it was
// taken. While `max` tickets count, the listener does not accept: it asks to be called back when
// a place frees up or the oldest ticket's hold ends. Thread-safe; no I/O.
class HandshakeGate : public std::enable_shared_from_this<HandshakeGate> {
 public:
  using Clock = std::chrono::steady_clock;
  using Ticket = std::shared_ptr<void>;

  HandshakeGate(std::size_t max, std::chrono::milliseconds hold) : max_(max), hold_(hold) {}

  Ticket enter(Clock::time_point now);
  // True if another connection may be accepted now. Else `wake` is kept, to be called (once, on
  // whichever thread frees a place) when one may, and `retry_at` says when the oldest ticket's
  // hold ends: by then at the latest, ask again.
  bool admit(Clock::time_point now, std::function<void()> wake, Clock::time_point& retry_at);
  void forget_waiter();  // the listener is stopping
  std::size_t counting(Clock::time_point now);

 private:
  void leave(std::uint64_t id);
  void expire(Clock::time_point now);  // (mutex_ held)

  const std::size_t max_;
  const std::chrono::milliseconds hold_;
  std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::deque<std::pair<std::uint64_t, Clock::time_point>> open_;  // counting tickets, oldest first: id, hold ends
  std::function<void()> wake_;
};

}  // namespace earshot::server
