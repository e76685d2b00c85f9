#pragma once
// The machinery every scenario shares: the load tool's clients (Peer) and rooms (Room), and
// Bench, which connects them (LeanSocket), joins them at most `concurrency` at a time, creates
// rooms and seats facilitators as a facilitator would, plays chain rounds (the participant whose
// turn it is sends the next word) and times each word from its send to every receipt of the
// round update that contains it.
//
// Everything runs on Bench's io_context, run by the one thread that calls run_until / run_for;
// no other thread touches a Bench. The storm's child process has a Bench of its own.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/connection.hpp"
#include "client/url.hpp"
#include "common.hpp"
#include "lean_socket.hpp"
#include "options.hpp"
#include "samples.hpp"

namespace earshot::bench {

namespace asio = boost::asio;

enum class Kind { participant, facilitator };

struct Room;

struct Peer {
  Kind kind = Kind::participant;
  int index = 0;
  Room* room = nullptr;
  std::string name, id, token;
  std::shared_ptr<LeanSocket> conn;
  unsigned gen = 0;  // which connection of this peer the handlers belong to
  bool welcomed = false, failed = false, closed = false;
  int attempts = 0;
  std::string hello;
  Clock::time_point welcomed_at{};
  // chain rounds
  long round_no = 0;
  long seen_len = 0;
  // fanout
  Clock::time_point last_react{};
  // storm
  bool reconnecting = false;
};

struct Room {
  int index = 0;
  std::string code;
  std::string tag;  // which latency series its words count in
  Peer* fac = nullptr;
  std::vector<Peer*> members;
  long cur_round = 0;
  std::vector<Clock::time_point> sent;  // send time of each word of the current round
  bool send_scheduled = false;
  Clock::time_point last_send{}, last_progress{};
  long new_round_for = -1;  // the ended round a new_round was asked for
  std::uint64_t words = 0;
  std::unique_ptr<asio::steady_timer> timer;
};

struct Bench {
  Options opt;
  client::ServerUrl url;
  asio::ip::tcp::endpoint endpoint;  // url's host and port, resolved once
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::deque<Peer> peers;  // a deque: peers and rooms point at each other and never move
  std::deque<Room> rooms;
  std::uint64_t delivered = 0;
  std::map<std::string, std::uint64_t> errors;
  std::map<std::string, Samples> latency;  // by room tag
  Trace trace;                             // --trace
  bool measuring = false;
  Clock::time_point window_start{}, window_end = Clock::time_point::max();
  std::map<long, std::string> created;  // create_room request id -> room code
  std::uint64_t oks = 0;
  std::uint64_t dropped = 0;  // clients the server disconnected (they reconnect)
  bool shutting_down = false;

  // Join machinery.
  std::vector<Peer*> join_queue;
  std::size_t join_next = 0;
  int join_inflight = 0;
  std::size_t joined = 0, join_failed = 0;

  // Scenario hooks.
  std::function<void(Peer&, std::string_view)> on_reaction;
  std::function<void(Peer&)> on_welcome;
  bool chain = false;  // drive chain rounds in rooms
  Clock::duration word_interval{};

  // Runs the io_context until pred() holds (true) or the timeout passes (false).
  template <typename Pred>
  bool run_until(Pred pred, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!pred()) {
      if (Clock::now() >= deadline) return false;
      io.run_for(5ms);
    }
    return true;
  }
  void run_for(Clock::duration d) {
    const auto end = Clock::now() + d;
    while (Clock::now() < end) io.run_for(std::min<Clock::duration>(5ms, end - Clock::now()));
  }

  // ---- connections ----

  // Connects p (again) and sends its hello once the handshake is done; what an earlier
  // connection of p reports from then on is ignored.
  void open(Peer& p);
  void on_closed(Peer& p, const client::CloseInfo& info);
  void on_message(Peer& p, std::string_view s);
  void on_welcome_message(Peer& p, std::string_view s);

  // ---- joining: at most `concurrency` connects + hellos at once ----

  // Joins every peer of the list; throws Failure when not all are in before the timeout.
  void join_all(const std::vector<Peer*>& list, std::chrono::milliseconds timeout);
  void start_join();
  void join_done(Peer&, bool ok);

  // ---- setup helpers ----

  // A facilitator peer (not yet connected), inside `room` or, with nullptr, in none.
  Peer& facilitator(Room* room);
  // Creates `n` rooms through one facilitator connection.
  void create_rooms(int n, const std::string& tag);
  // `n` participant peers of r (not yet connected).
  std::vector<Peer*> add_participants(Room& r, int n);
  // A facilitator connection inside each room, to run its rounds.
  void seat_facilitators(std::vector<Room*> list);
  json chain_config() const;
  void start_chain(Room& r);

  // ---- chain rounds: the player whose turn it is sends the next word ----

  static std::string word(std::uint64_t n);
  void on_round(Peer& p, std::string_view s);
  void schedule_word(Room& r, Peer& p);
  void send_word(Room& r, Peer& p);
  // A room whose chain made no progress for a while (a refused word, a lost update) is restarted.
  void watchdog(std::vector<Room*> list);

  // The measuring window: only words sent inside it and received before its end are samples.
  void begin_window();
  void end_window();

  void close_all();
};

// Rooms of `per_room` playing chain rounds, created, filled and each with its facilitator; returns them.
std::vector<Room*> setup_playing(Bench& b, int count, const std::string& tag);

// Starts the rooms' chains at --word-rate words per second each, restarted when they stall.
void start_playing(Bench& b, const std::vector<Room*>& list);

}  // namespace earshot::bench
