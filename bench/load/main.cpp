// earshot-load: the load generator of bench/run.sh (see bench/README.md).
//
//   earshot-load SCENARIO --url ws://127.0.0.1:PORT/ws --key KEY --pid SERVER_PID [options]
//
// Scenarios: memory, fanout, throughput, storm, slow. Each drives thousands of WebSocket clients
// (LeanSocket, lean_socket.hpp) on one io_context run by this one thread, measures with one steady clock,
// prints progress on stderr and, at the end, one JSON object with its figures on stdout. It speaks
// only the protocol (docs/protocol.md), so it drives Earshot and the reference server alike.
//
// Exit status: 0 when the scenario ran to the end (whatever the figures), 1 when it could not
// (a server refused the setup, clients did not join in time, ...), 2 for bad options.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "client/connection.hpp"
#include "client/url.hpp"
#include "lean_socket.hpp"

namespace {

namespace asio = boost::asio;
using earshot::bench::LeanSocket;
using earshot::client::CloseInfo;
using earshot::client::ServerUrl;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

void log(const std::string& s) { std::cerr << "  [load] " << s << std::endl; }

// ---- Options -------------------------------------------------------------------------------

struct Options {
  std::string scenario;
  std::string url = "ws://127.0.0.1:8080/ws";
  std::string key = "bench";
  int pid = 0;
  std::vector<int> sizes{1000, 10000};  // memory: N
  int per_room = 50;                      // clients per room (memory, throughput, storm)
  int clients = 500;                      // fanout: clients in the one room; storm: clients that reconnect
  int rooms = 100;                        // throughput: rooms; storm: playing rooms
  double word_rate = 40;                  // words per second per playing room (0: as fast as possible)
  int max_turns = 50;                     // chain rounds end after this many words; a new one starts
  double duration = 20;                   // seconds measured
  double warmup = 3;                      // seconds played before measuring
  int in_flight = 4;                      // fanout: submissions in flight
  int concurrency = 200;                  // joins (connect + hello) in progress at once
  bool no_stall = false;                  // slow: the same play without the stalled client (a control)
  std::string trace;                      // if set: every latency sample (and the storm's drops and returns) to this file
};

// ---- /proc ---------------------------------------------------------------------------------

long rss_kb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  throw Failure("cannot read VmRSS of process " + std::to_string(pid));
}

// utime + stime of a process, in seconds; NaN for a server on another machine (--pid remote).
double cpu_seconds(int pid) {
  if (pid < 0) return NAN;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto close = text.rfind(')');
  if (close == std::string::npos) throw Failure("cannot read /proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoull(f);
    if (i == 15) stime = std::stoull(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double own_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ---- Latency samples -------------------------------------------------------------------------

// Times in a trace are CLOCK_MONOTONIC milliseconds (what steady_clock reads on Linux), so the
// rows of the two storm processes and `perf record -k CLOCK_MONOTONIC` line up.
double mono_ms(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(t.time_since_epoch()).count();
}

// One line per event: "<kind> <time ms> <value> <tag>".
struct Trace {
  std::FILE* f = nullptr;
  void open(const std::string& path) {
    if (path.empty()) return;
    f = std::fopen(path.c_str(), "w");
    if (!f) throw Failure("cannot write the trace " + path);
    std::fputs("# kind mono_ms value tag [room] (sample: mono_ms = when sent, value = latency ms; drop/back: value = client index)\n", f);
  }
  void row(const char* kind, Clock::time_point t, double value, const std::string& tag) {
    if (f) std::fprintf(f, "%s %.3f %.3f %s\n", kind, mono_ms(t), value, tag.c_str());
  }
  ~Trace() {
    if (f) std::fclose(f);
  }
};

struct Samples {
  std::vector<float> ms;
  void add(double v) { ms.push_back(static_cast<float>(v)); }
  double pct(double p) {
    if (ms.empty()) return NAN;
    const auto k = static_cast<std::size_t>(std::min<double>(ms.size() - 1, std::ceil(p / 100.0 * ms.size()) - 1));
    std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(k), ms.end());
    return ms[k];
  }
  double max() const { return ms.empty() ? NAN : *std::max_element(ms.begin(), ms.end()); }
};

json num(double v) { return std::isnan(v) ? json(nullptr) : json(std::round(v * 1000) / 1000); }

// ---- Cheap field scanning for the hot messages (full JSON parsing only for the rare ones) ----

std::string_view msg_type(std::string_view s) {
  constexpr std::string_view key = "\"type\":\"";
  // Hot messages start with their type; otherwise Earshot's keys are sorted, so "type" comes last.
  const std::size_t at = s.starts_with("{\"type\":\"") ? 1 : s.rfind(key);
  if (at == std::string_view::npos) return {};
  const auto start = at + key.size();
  const auto end = s.find('"', start);
  return end == std::string_view::npos ? std::string_view{} : s.substr(start, end - start);
}

std::string_view str_field(std::string_view s, std::string_view key, std::size_t from = 0) {
  const auto at = s.find(key, from);  // key is `"name":"`
  if (at == std::string_view::npos) return {};
  const auto start = at + key.size();
  const auto end = s.find('"', start);
  return end == std::string_view::npos ? std::string_view{} : s.substr(start, end - start);
}

long int_field(std::string_view s, std::string_view key, std::size_t from = 0) {
  const auto at = s.find(key, from);  // key is `"name":`
  if (at == std::string_view::npos) return -1;
  long v = 0;
  bool any = false;
  for (auto i = at + key.size(); i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = v * 10 + (s[i] - '0');
    any = true;
  }
  return any ? v : -1;
}

// ---- Clients ---------------------------------------------------------------------------------

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
  ServerUrl url;
  asio::ip::tcp::endpoint endpoint;  // url's host and port, resolved once
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::deque<Peer> peers;
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

  void open(Peer& p) {
    const unsigned gen = ++p.gen;
    p.closed = false;
    p.welcomed = false;
    ++p.attempts;
    Peer* pp = &p;
    p.conn = LeanSocket::create(io, {[this, pp, gen] {
                                       if (pp->gen == gen) pp->conn->send(pp->hello);
                                     },
                                     [this, pp, gen](std::string_view text) {
                                       if (pp->gen == gen) on_message(*pp, text);
                                     },
                                     [this, pp, gen](const CloseInfo& info) {
                                       if (pp->gen == gen) on_closed(*pp, info);
                                     }});
    p.conn->connect(endpoint, url.authority(), url.target, 15s);
  }

  void on_closed(Peer& p, const CloseInfo& info) {
    p.closed = true;
    if (p.welcomed) {
      // The server dropped a client that was in (a slow reader, say): like a phone, it comes
      // straight back with its token.
      if (shutting_down || p.kind != Kind::participant || p.token.empty()) return;
      ++dropped;
      if (dropped <= 3) log("the server dropped client " + p.name + ": " + info.reason + "; it reconnects");
      p.hello = json{{"type", "hello"}, {"room", p.room->code}, {"token", p.token}}.dump();
      p.reconnecting = true;
      p.attempts = 0;
      p.id.clear();
      open(p);
      return;
    }
    // Never got in: try again a few times (a full accept queue drops connection attempts).
    if (p.attempts < 5 && !p.failed) {
      auto t = std::make_shared<asio::steady_timer>(io, 200ms);
      t->async_wait([this, &p, t, gen = p.gen](boost::system::error_code) {
        if (p.gen == gen && !p.welcomed) open(p);
      });
      return;
    }
    if (!p.failed) {
      p.failed = true;
      ++errors["connect: " + info.reason.substr(0, 60)];
      join_done(p, false);
    }
  }

  void on_message(Peer& p, std::string_view s) {
    ++delivered;
    const auto type = msg_type(s);
    if (type == "round") return on_round(p, s);
    if (type == "reaction") {
      if (on_reaction) on_reaction(p, s);
      return;
    }
    if (type == "ok") {
      ++oks;
      return;
    }
    if (type == "welcome") return on_welcome_message(p, s);
    if (type == "error") {
      json j = json::parse(s, nullptr, false);
      const std::string code = j.is_object() ? j.value("code", "?") : "?";
      if (errors[code]++ < 3) log("error from the server: " + std::string(s.substr(0, 300)));
      if (!p.welcomed && p.kind == Kind::participant && p.reconnecting == false && !p.failed) {
        p.failed = true;
        join_done(p, false);
      }
      if (p.kind == Kind::participant && p.room && chain && (code == "not_your_turn" || code == "wrong_phase")) {
        // The word was not taken: forget it, so the next round view lets someone send again.
        if (!p.room->sent.empty()) p.room->sent.pop_back();
      }
      return;
    }
    // joined, presence, rooms, pong, ...: counted, nothing to do.
  }

  void on_welcome_message(Peer& p, std::string_view s) {
    json j = json::parse(s, nullptr, false);
    if (!j.is_object()) throw Failure("unparsable welcome");
    if (p.kind == Kind::facilitator) {
      if (j.contains("re") && j["room"].is_object()) created[j["re"].get<long>()] = j["room"]["code"].get<std::string>();
      if (!p.welcomed) {
        p.welcomed = true;
        p.welcomed_at = Clock::now();
        if (p.room) join_done(p, true);
      }
      return;
    }
    if (p.welcomed) return;
    p.welcomed = true;
    p.welcomed_at = Clock::now();
    if (j.contains("token")) p.token = j["token"].get<std::string>();
    if (j.contains("you") && j["you"].is_object()) p.id = j["you"]["id"].get<std::string>();
    const bool again = p.reconnecting;
    if (on_welcome) on_welcome(p);
    p.reconnecting = false;
    if (!again) join_done(p, true);
  }

  // ---- joining: at most `concurrency` connects + hellos at once ----

  void join_all(const std::vector<Peer*>& list, std::chrono::milliseconds timeout) {
    join_queue = list;
    join_next = 0;
    joined = join_failed = 0;
    join_inflight = 0;
    const auto start = Clock::now();
    while (join_inflight < opt.concurrency && join_next < join_queue.size()) start_join();
    if (!run_until([&] { return joined + join_failed == join_queue.size(); }, timeout)) {
      throw Failure("only " + std::to_string(joined) + " of " + std::to_string(join_queue.size()) +
                    " clients joined in time");
    }
    if (join_failed) throw Failure(std::to_string(join_failed) + " clients could not join");
    log("joined " + std::to_string(joined) + " clients in " + std::to_string(ms_between(start, Clock::now()) / 1000) +
        " s");
  }
  void start_join() {
    Peer& p = *join_queue[join_next++];
    ++join_inflight;
    open(p);
  }
  void join_done(Peer&, bool ok) {
    if (join_inflight == 0) return;  // not in a join_all
    --join_inflight;
    (ok ? joined : join_failed)++;
    while (join_inflight < opt.concurrency && join_next < join_queue.size()) start_join();
  }

  // ---- setup helpers ----

  Peer& facilitator(Room* room) {
    Peer& f = peers.emplace_back();
    f.kind = Kind::facilitator;
    f.room = room;
    json hello = {{"type", "hello"}, {"key", opt.key}};
    if (room) hello["room"] = room->code;
    f.hello = hello.dump();
    return f;
  }

  // Creates `n` rooms through one facilitator connection.
  void create_rooms(int n, const std::string& tag) {
    Peer& f = facilitator(nullptr);
    open(f);
    if (!run_until([&] { return f.welcomed || f.closed; }, 15s) || !f.welcomed) throw Failure("the facilitator could not say hello");
    created.clear();
    for (int i = 0; i < n; ++i) {
      // One at a time keeps the server's replies (each with the growing room list) small.
      f.conn->send(json{{"type", "create_room"}, {"id", i}}.dump());
      if (!run_until([&] { return created.count(i) || f.closed; }, 15s) || !created.count(i)) {
        throw Failure("create_room " + std::to_string(i) + " got no welcome");
      }
      Room& r = rooms.emplace_back();
      r.index = static_cast<int>(rooms.size()) - 1;
      r.code = created[i];
      r.tag = tag;
      r.timer = std::make_unique<asio::steady_timer>(io);
    }
    log("created " + std::to_string(n) + " rooms");
  }

  std::vector<Peer*> add_participants(Room& r, int n) {
    std::vector<Peer*> out;
    for (int i = 0; i < n; ++i) {
      Peer& p = peers.emplace_back();
      p.index = static_cast<int>(peers.size());
      p.room = &r;
      p.name = "b" + std::to_string(p.index);
      p.hello = json{{"type", "hello"}, {"room", r.code}, {"name", p.name}}.dump();
      r.members.push_back(&p);
      out.push_back(&p);
    }
    return out;
  }

  // A facilitator connection inside each room, to run its rounds.
  void seat_facilitators(std::vector<Room*> list) {
    std::vector<Peer*> facs;
    for (Room* r : list) {
      r->fac = &facilitator(r);
      facs.push_back(r->fac);
    }
    join_all(facs, 60s);
  }

  json chain_config() const {
    return {{"game", "chain"},       {"seedWord", "snow"}, {"turnMs", 60000},
            {"maxTurns", opt.max_turns}, {"noRepeat", true}};
  }

  void start_chain(Room& r) {
    r.last_progress = Clock::now();
    r.fac->conn->send(json{{"type", "new_round"}, {"config", chain_config()}, {"start", true}}.dump());
  }

  // ---- chain rounds: the player whose turn it is sends the next word ----

  static std::string word(std::uint64_t n) {
    std::string w = "w";
    do {
      w += static_cast<char>('a' + n % 26);
      n /= 26;
    } while (n);
    return w;
  }

  void on_round(Peer& p, std::string_view s) {
    if (!chain || !p.room) return;
    Room& r = *p.room;
    const long number = int_field(s, "\"number\":");
    if (number > r.cur_round) {
      r.cur_round = number;
      r.sent.clear();
      r.send_scheduled = false;
    }
    const bool ended = str_field(s, "\"phase\":\"") == "ended";
    if (p.kind == Kind::facilitator) {
      if (ended && r.new_round_for < number) {
        r.new_round_for = number;
        start_chain(r);
      }
      return;
    }
    if (number < r.cur_round) return;  // an update of a round that is already over
    if (number != p.round_no) {
      p.round_no = number;
      p.seen_len = 0;
    }
    const auto circles = s.find("\"circles\":[");
    if (circles == std::string_view::npos) return;
    const long len = int_field(s, "\"length\":", circles);
    if (len < 0) return;
    const auto now = Clock::now();
    auto& samples = latency[r.tag];
    for (long i = p.seen_len; i < len && i < static_cast<long>(r.sent.size()); ++i) {
      if (measuring && r.sent[i] >= window_start && now <= window_end) {
        samples.add(ms_between(r.sent[i], now));
        trace.row("sample", r.sent[i], ms_between(r.sent[i], now), r.tag + " " + r.code);
      }
    }
    if (len > p.seen_len) {
      p.seen_len = len;
      r.last_progress = now;
    }
    if (ended || r.send_scheduled || len != static_cast<long>(r.sent.size())) return;
    // The participant's own circle is the only one in its view, and its turn comes after the
    // transcript: look for it from the end rather than scan the transcript.
    const auto turn = s.rfind("\"turn\":\"");
    if (turn == std::string_view::npos || turn < circles || str_field(s, "\"turn\":\"", turn) != p.id) return;
    schedule_word(r, p);
  }

  void schedule_word(Room& r, Peer& p) {
    r.send_scheduled = true;
    const auto due = r.last_send + word_interval;
    if (due <= Clock::now()) return send_word(r, p);
    r.timer->expires_at(due);
    r.timer->async_wait([this, &r, &p, round = r.cur_round](boost::system::error_code ec) {
      if (!ec && r.cur_round == round && r.send_scheduled) send_word(r, p);
    });
  }

  void send_word(Room& r, Peer& p) {
    r.send_scheduled = false;
    const auto now = Clock::now();
    r.sent.push_back(now);
    r.last_send = now;
    p.conn->send("{\"type\":\"play\",\"action\":\"word\",\"text\":\"" + word(r.words++) + "\"}");
  }

  // A room whose chain made no progress for a while (a refused word, a lost update) is restarted.
  void watchdog(std::vector<Room*> list) {
    auto t = std::make_shared<asio::steady_timer>(io, 500ms);
    t->async_wait([this, t, list](boost::system::error_code ec) {
      if (ec) return;
      const auto now = Clock::now();
      for (Room* r : list) {
        if (now - r->last_progress > 5s && r->fac && !r->fac->closed) {
          ++errors["stalled chain restarted"];
          r->last_progress = now;
          r->fac->conn->send(R"({"type":"steer","action":"end"})");
        }
      }
      watchdog(list);
    });
  }

  void begin_window() {
    measuring = true;
    window_start = Clock::now();
    window_end = Clock::time_point::max();
    trace.row("window_start", window_start, 0, "-");
  }
  void end_window() {
    window_end = Clock::now();
    measuring = false;
    trace.row("window_end", window_end, 0, "-");
  }

  void close_all() {
    shutting_down = true;
    for (auto& p : peers) {
      if (p.conn && !p.closed) p.conn->abort();
    }
    run_for(200ms);
  }
};

// ---- Scenarios -------------------------------------------------------------------------------

json scenario_memory(Bench& b) {
  const int max_n = *std::max_element(b.opt.sizes.begin(), b.opt.sizes.end());
  const int room_count = (max_n + b.opt.per_room - 1) / b.opt.per_room;
  b.create_rooms(room_count, "idle");
  b.run_for(1s);
  const long before = rss_kb(b.opt.pid);
  log("server RSS before: " + std::to_string(before) + " kB");
  json figures = json::object(), info = json::object();
  info["rss_before_kb"] = before;
  info["rooms"] = room_count;
  std::vector<Peer*> all;
  for (auto& r : b.rooms) {
    auto added = b.add_participants(r, b.opt.per_room);
    all.insert(all.end(), added.begin(), added.end());
  }
  // Fill the rooms in order: the first N clients sit in the first N / per_room rooms.
  std::size_t done = 0;
  std::vector<int> sizes = b.opt.sizes;
  std::sort(sizes.begin(), sizes.end());
  for (int n : sizes) {
    std::vector<Peer*> batch(all.begin() + static_cast<std::ptrdiff_t>(done), all.begin() + n);
    const auto start = Clock::now();
    b.join_all(batch, 300s);
    done = static_cast<std::size_t>(n);
    const double join_s = ms_between(start, Clock::now()) / 1000;
    b.run_for(2s);  // let the joined/presence broadcasts drain
    const long after = rss_kb(b.opt.pid);
    const double per = static_cast<double>(after - before) / n;
    log("N=" + std::to_string(n) + ": RSS " + std::to_string(after) + " kB, " + std::to_string(per) + " kB per client");
    figures["memory_per_client_" + std::to_string(n)] = num(per);
    info["rss_after_" + std::to_string(n) + "_kb"] = after;
    info["join_seconds_" + std::to_string(n)] = num(join_s);
  }
  return {{"figures", figures}, {"info", info}};
}

json scenario_fanout(Bench& b) {
  b.create_rooms(1, "fanout");
  Room& room = b.rooms.front();
  auto members = b.add_participants(room, b.opt.clients);
  b.join_all(members, 120s);
  b.seat_facilitators({&room});
  auto all_in = [&] {
    return std::all_of(members.begin(), members.end(), [](Peer* p) { return p->welcomed && !p->closed; });
  };
  b.run_for(1s);  // the joined broadcasts drain
  if (!b.run_until(all_in, 60s)) throw Failure("not all clients are in the room");
  if (b.dropped) log(std::to_string(b.dropped) + " clients were dropped by the server while the room filled; they are back");
  const std::size_t rounds_before = b.delivered;
  room.fac->conn->send(
      json{{"type", "new_round"},
           {"config", {{"game", "burst"}, {"stimuli", {"cold"}}, {"answerMs", 600000}}},
           {"start", true}}
          .dump());
  // Everyone (and the facilitator) gets the round.
  if (!b.run_until([&] { return b.delivered - rounds_before >= members.size() + 2; }, 30s)) {
    throw Failure("the burst round did not reach everyone");
  }
  b.run_for(1s);
  if (!b.run_until(all_in, 60s)) throw Failure("not all clients are in the room");

  struct Slot {
    std::string kind;
    bool active = false;
    std::size_t count = 0;
    Clock::time_point t0{};
    std::unique_ptr<asio::steady_timer> timer;
  };
  const std::vector<std::string> kinds = {"applause", "laugh", "wow", "heart"};
  std::vector<Slot> slots(static_cast<std::size_t>(std::min<int>(b.opt.in_flight, 4)));
  for (std::size_t i = 0; i < slots.size(); ++i) {
    slots[i].kind = kinds[i];
    slots[i].timer = std::make_unique<asio::steady_timer>(b.io);
  }
  Samples lat, first;  // send to the last receipt (the figure); send to the first
  std::size_t rr = 0, timeouts = 0, sent = 0;
  bool running = true;
  const auto spacing = 1100ms;  // each phone reacts at most about once per 1.1 s (the server allows 1/s)
  std::function<void(Slot&)> fire = [&](Slot& slot) {
    if (!running) return;
    Peer& sender = *members[rr % members.size()];
    const auto now = Clock::now();
    if (sender.last_react != Clock::time_point{} && now - sender.last_react < spacing) {
      slot.timer->expires_at(sender.last_react + spacing);
      slot.timer->async_wait([&, s = &slot](boost::system::error_code ec) {
        if (!ec) fire(*s);
      });
      return;
    }
    ++rr;
    sender.last_react = now;
    slot.active = true;
    slot.count = 0;
    slot.t0 = now;
    ++sent;
    sender.conn->send("{\"type\":\"play\",\"action\":\"react\",\"reaction\":\"" + slot.kind + "\"}");
  };
  b.on_reaction = [&](Peer& p, std::string_view s) {
    if (p.kind != Kind::participant) return;
    const auto kind = str_field(s, "\"reaction\":\"");
    for (auto& slot : slots) {
      if (slot.kind != kind) continue;
      if (!slot.active) return;
      if (slot.count == 0) first.add(ms_between(slot.t0, Clock::now()));
      if (++slot.count == members.size()) {
        slot.active = false;
        lat.add(ms_between(slot.t0, Clock::now()));
        asio::post(b.io, [&, s = &slot] { fire(*s); });
      }
      return;
    }
  };
  // A slot whose broadcast did not reach everyone in 5 s is counted and fired again.
  std::function<void()> check;
  asio::steady_timer checker(b.io);
  check = [&] {
    checker.expires_after(250ms);
    checker.async_wait([&](boost::system::error_code ec) {
      if (ec || !running) return;
      for (auto& slot : slots) {
        if (slot.active && Clock::now() - slot.t0 > 5s) {
          ++timeouts;
          slot.active = false;
          fire(slot);
        }
      }
      check();
    });
  };
  check();
  const double cpu0 = cpu_seconds(b.opt.pid);
  const auto start = Clock::now();
  for (auto& slot : slots) fire(slot);
  b.run_for(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(b.opt.duration)));
  running = false;
  const double secs = ms_between(start, Clock::now()) / 1000;
  const double cpu = cpu_seconds(b.opt.pid) - cpu0;
  for (auto& slot : slots) slot.timer->cancel();
  checker.cancel();
  b.run_for(300ms);
  log("fanout: " + std::to_string(lat.ms.size()) + " broadcasts to " + std::to_string(members.size()) +
      " clients, p50 " + std::to_string(lat.pct(50)) + " ms, p99 " + std::to_string(lat.pct(99)) + " ms");
  json figures = {{"fanout_p50", num(lat.pct(50))}, {"fanout_p99", num(lat.pct(99))}, {"fanout_max", num(lat.max())}};
  json info = {{"broadcasts", lat.ms.size()},      {"sent", sent},
               {"timeouts", timeouts},             {"clients", members.size()},
               {"broadcasts_per_second", num(lat.ms.size() / secs)},
               {"first_receipt_p50_ms", num(first.pct(50))},
               {"first_receipt_p99_ms", num(first.pct(99))},
               {"server_cpu_seconds", num(cpu)},
               {"server_cpu_us_per_delivery", num(lat.ms.empty() ? NAN : cpu * 1e6 / (static_cast<double>(lat.ms.size()) * members.size()))}};
  return {{"figures", figures}, {"info", info}};
}

// Rooms of `per_room` playing chain rounds; returns them.
std::vector<Room*> setup_playing(Bench& b, int count, const std::string& tag) {
  const std::size_t first = b.rooms.size();
  b.create_rooms(count, tag);
  std::vector<Room*> list;
  std::vector<Peer*> members;
  for (std::size_t i = first; i < b.rooms.size(); ++i) {
    list.push_back(&b.rooms[i]);
    auto added = b.add_participants(b.rooms[i], b.opt.per_room);
    members.insert(members.end(), added.begin(), added.end());
  }
  b.join_all(members, 300s);
  b.seat_facilitators(list);
  return list;
}

void start_playing(Bench& b, const std::vector<Room*>& list) {
  b.chain = true;
  b.word_interval = b.opt.word_rate > 0 ? std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(1.0 / b.opt.word_rate))
                                        : Clock::duration{};
  for (Room* r : list) b.start_chain(*r);
  b.watchdog(list);
}

json scenario_throughput(Bench& b) {
  auto list = setup_playing(b, b.opt.rooms, "play");
  start_playing(b, list);
  b.run_for(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(b.opt.warmup)));
  const auto d0 = b.delivered;
  const double cpu0 = cpu_seconds(b.opt.pid), own0 = own_cpu_seconds();
  std::uint64_t words0 = 0;
  for (Room* r : list) words0 += r->words;
  b.begin_window();
  const auto start = Clock::now();
  b.run_for(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(b.opt.duration)));
  b.end_window();
  const double secs = ms_between(start, Clock::now()) / 1000;
  const auto deliveries = b.delivered - d0;
  const double cpu = cpu_seconds(b.opt.pid) - cpu0, own = own_cpu_seconds() - own0;
  std::uint64_t words = 0;
  for (Room* r : list) words += r->words;
  words -= words0;
  auto& lat = b.latency["play"];
  const double rate = deliveries / secs;
  log("throughput: " + std::to_string(rate) + " deliveries/s, " + std::to_string(words / secs) + " words/s, p99 " +
      std::to_string(lat.pct(99)) + " ms, server CPU " + std::to_string(cpu) + " s");
  json figures = {{"throughput_deliveries_per_s", num(rate)},
                  {"throughput_p99", num(lat.pct(99))},
                  {"throughput_cpu_s_per_million", num(deliveries ? cpu / (deliveries / 1e6) : NAN)}};
  json info = {{"words_per_second", num(words / secs)},
               {"p50_ms", num(lat.pct(50))},
               {"max_ms", num(lat.max())},
               {"samples", lat.ms.size()},
               {"server_cpu_seconds", num(cpu)},
               {"server_cpu_share", num(cpu / secs)},
               {"load_tool_cpu_seconds", num(own)},
               {"rooms", list.size()},
               {"offered_words_per_room_per_s", b.opt.word_rate}};
  return {{"figures", figures}, {"info", info}};
}

// A line from a pipe, if one has arrived (non-blocking).
std::optional<std::string> read_line(int fd, std::string& pending) {
  for (;;) {
    if (const auto nl = pending.find('\n'); nl != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      return line;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return std::nullopt;
    char buf[256];
    const auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return std::string("EOF");
    pending.append(buf, static_cast<std::size_t>(n));
  }
}

void write_line(int fd, const std::string& line) {
  const std::string l = line + "\n";
  if (::write(fd, l.data(), l.size()) != static_cast<ssize_t>(l.size())) throw Failure("pipe write failed");
}

// The storm's idle clients, in a child process of their own (so that handling their reconnections
// and the presence broadcasts they cause does not delay the measuring process). Talks to the
// parent over pipes: "ready", then on "go" the storm, then "back <ms> <count>" and, on "quit", exit.
int storm_child(const Options& opt, const ServerUrl& url, const asio::ip::tcp::endpoint& endpoint, int in, int out) {
  Bench b;
  b.opt = opt;
  b.url = url;
  b.endpoint = endpoint;
  std::string pending;
  try {
    if (!opt.trace.empty()) b.trace.open(opt.trace + ".clients");
    const int idle_rooms = (opt.clients + opt.per_room - 1) / opt.per_room;
    b.create_rooms(idle_rooms, "idle");
    std::vector<Peer*> idle;
    for (auto& r : b.rooms) {
      const int n = std::min<int>(opt.per_room, opt.clients - static_cast<int>(idle.size()));
      auto added = b.add_participants(r, n);
      idle.insert(idle.end(), added.begin(), added.end());
    }
    b.join_all(idle, 300s);
    write_line(out, "ready");
    std::optional<std::string> cmd;
    b.run_until([&] { return (cmd = read_line(in, pending)).has_value(); }, 600s);
    if (cmd != "go") return 1;
    std::size_t back = 0;
    Clock::time_point last_back{};
    b.on_welcome = [&](Peer& p) {
      if (!p.reconnecting) return;
      ++back;
      last_back = p.welcomed_at;
      b.trace.row("back", p.welcomed_at, static_cast<double>(p.index), "idle " + p.room->code);
    };
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> offset_us(0, 500000);
    std::vector<std::unique_ptr<asio::steady_timer>> timers;
    const auto start = Clock::now();
    for (Peer* p : idle) {
      auto& t = timers.emplace_back(std::make_unique<asio::steady_timer>(b.io));
      t->expires_at(start + std::chrono::microseconds(offset_us(rng)));
      t->async_wait([&b, p](boost::system::error_code ec) {
        if (ec) return;
        b.trace.row("drop", Clock::now(), static_cast<double>(p->index), "idle " + p->room->code);
        ++p->gen;          // what the old connection reports from now on is ignored
        p->conn->abort();  // the phone loses the network...
        p->reconnecting = true;
        p->attempts = 0;
        p->hello = json{{"type", "hello"}, {"room", p->room->code}, {"token", p->token}}.dump();
        b.open(*p);  // ...and comes straight back as itself
      });
    }
    const bool all_back = b.run_until([&] { return back == idle.size(); }, 60s);
    write_line(out, "back " + std::to_string(all_back ? ms_between(start, last_back) : -1.0) + " " + std::to_string(back));
    b.run_until([&] { return (cmd = read_line(in, pending)).has_value(); }, 600s);
    b.close_all();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "earshot-load: storm clients: " << e.what() << "\n";
    try {
      write_line(out, "failed");
    } catch (...) {
    }
    return 1;
  }
}

json scenario_storm(Bench& b) {
  int down[2], up[2];
  if (::pipe(down) != 0 || ::pipe(up) != 0) throw Failure("pipe failed");
  std::cout.flush();
  std::cerr.flush();
  const pid_t child = ::fork();
  if (child < 0) throw Failure("fork failed");
  if (child == 0) {
    ::close(down[1]);
    ::close(up[0]);
    ::_exit(storm_child(b.opt, b.url, b.endpoint, down[0], up[1]));
  }
  ::close(down[0]);
  ::close(up[1]);
  struct Reap {
    pid_t pid;
    int in, out;
    ~Reap() {
      ::close(in);  // the child sees EOF and ends
      ::close(out);
      int status = 0;
      for (int i = 0; i < 100 && ::waitpid(pid, &status, WNOHANG) == 0; ++i) ::usleep(50000);
      if (::waitpid(pid, &status, WNOHANG) == 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
      }
    }
  } reap{child, down[1], up[0]};
  std::string pending;
  std::optional<std::string> line;
  auto wait_line = [&](std::chrono::milliseconds limit) {
    line.reset();
    b.run_until([&] { return (line = read_line(up[0], pending)).has_value(); }, limit);
    return line.value_or("timeout");
  };
  if (const auto r = wait_line(400s); r != "ready") throw Failure("the storm clients could not join (" + r + ")");

  auto list = setup_playing(b, b.opt.rooms, "baseline");
  start_playing(b, list);
  b.run_for(2s);
  // Baseline: the playing rooms before the storm.
  b.begin_window();
  b.run_for(3s);
  b.end_window();
  const double base_p99 = b.latency["baseline"].pct(99);
  for (Room* r : list) r->tag = "storm";

  const double rss0 = static_cast<double>(rss_kb(b.opt.pid));
  b.begin_window();
  const auto start = b.window_start;
  write_line(down[1], "go");
  const auto r = wait_line(90s);
  double back_ms = NAN;
  std::size_t back = 0;
  if (r.rfind("back ", 0) == 0) {
    std::istringstream f(r.substr(5));
    f >> back_ms >> back;
    if (back_ms < 0) back_ms = NAN;
  } else {
    throw Failure("the storm clients did not report (" + r + ")");
  }
  b.run_for(std::max<Clock::duration>(0s, start + 1s - Clock::now()));  // at least the storm's half second and a bit
  b.end_window();
  write_line(down[1], "quit");
  const double storm_s = ms_between(start, b.window_end) / 1000;
  auto& lat = b.latency["storm"];
  log("storm: " + std::to_string(back) + " of " + std::to_string(b.opt.clients) + " back in " +
      std::to_string(back_ms) + " ms; playing rooms p99 " + std::to_string(lat.pct(99)) + " ms (before: " +
      std::to_string(base_p99) + " ms)");
  json figures = {{"storm_p99", num(lat.pct(99))}, {"storm_all_back", num(back_ms)}};
  json info = {{"clients", b.opt.clients},         {"back", back},
               {"playing_rooms", list.size()},     {"baseline_p99_ms", num(base_p99)},
               {"storm_p50_ms", num(lat.pct(50))}, {"storm_max_ms", num(lat.max())},
               {"storm_samples", lat.ms.size()},   {"window_seconds", num(storm_s)},
               {"rss_growth_kb", num(rss_kb(b.opt.pid) - rss0)}};
  return {{"figures", figures}, {"info", info}};
}

// A raw WebSocket client that says hello as an observer and then never reads again.
struct StalledSocket {
  int fd = -1;
  std::uint16_t local_port = 0;

  void open(const ServerUrl& url, const std::string& room) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw Failure("socket failed");
    int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);  // before connect: a small window
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(url.port);
    if (::inet_pton(AF_INET, url.host.c_str(), &addr.sin_addr) != 1) throw Failure("the slow scenario needs an IPv4 address");
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw Failure("connect failed");
    sockaddr_in local{};
    socklen_t len = sizeof local;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
    local_port = ntohs(local.sin_port);
    const std::string req = "GET " + url.target + " HTTP/1.1\r\nHost: " + url.authority() +
                            "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    write_all(req);
    std::string got;
    const auto deadline = Clock::now() + 10s;
    while (got.find("\r\n\r\n") == std::string::npos) {
      if (Clock::now() > deadline) throw Failure("no handshake answer");
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char c;  // byte by byte, so that nothing after the handshake is taken
      if (::read(fd, &c, 1) != 1) throw Failure("the server closed during the handshake");
      got += c;
    }
    if (got.find(" 101 ") == std::string::npos) throw Failure("upgrade refused: " + got.substr(0, got.find('\r')));
    const std::string hello = json{{"type", "hello"}, {"room", room}, {"view", "observer"}}.dump();
    std::string frame;
    frame += static_cast<char>(0x81);
    frame += static_cast<char>(0x80 | hello.size());  // < 126 bytes; masked, as a client must
    const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(reinterpret_cast<const char*>(mask), 4);
    for (std::size_t i = 0; i < hello.size(); ++i) frame += static_cast<char>(hello[i] ^ mask[i % 4]);
    write_all(frame);
  }
  void write_all(const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
      const auto n = ::write(fd, s.data() + done, s.size() - done);
      if (n <= 0) throw Failure("write failed");
      done += static_cast<std::size_t>(n);
    }
  }
  // Whether the server still holds its end of this connection open (its socket ESTABLISHED);
  // `send_queue` gets the bytes waiting in the server's kernel send queue for it.
  bool server_side_open(std::uint16_t server_port, long* send_queue = nullptr) const {
    std::ifstream in("/proc/net/tcp");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string sl, local, remote, state, queues;
      f >> sl >> local >> remote >> state >> queues;
      const auto lp = std::stoul(local.substr(local.find(':') + 1), nullptr, 16);
      const auto rp = std::stoul(remote.substr(remote.find(':') + 1), nullptr, 16);
      if (lp == server_port && rp == local_port) {
        if (send_queue) *send_queue = static_cast<long>(std::stoul(queues.substr(0, queues.find(':')), nullptr, 16));
        return state == "01";
      }
    }
    return false;
  }
  ~StalledSocket() {
    if (fd >= 0) ::close(fd);
  }
};

json scenario_slow(Bench& b) {
  auto list = setup_playing(b, 1, "slow");
  Room& room = *list.front();
  // The room plays for the warm-up first, so that what a server grows by when it starts serving
  // (allocator arenas, caches) is not counted as the stalled client's cost.
  start_playing(b, list);
  b.run_for(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(b.opt.warmup)));
  // A control: the same play for the same time without the stalled client, to tell its cost from
  // what the server grows by anyway.
  std::optional<double> control_growth;
  if (!b.opt.no_stall) {
    const long c0 = rss_kb(b.opt.pid);
    long cmax = c0;
    const auto cend = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(b.opt.duration));
    while (Clock::now() < cend) {
      b.run_for(250ms);
      cmax = std::max(cmax, rss_kb(b.opt.pid));
    }
    control_growth = static_cast<double>(cmax - c0) / 1024.0;
    log("control (no stalled client): server RSS +" + std::to_string(*control_growth) + " MB at most");
  }
  const long rss_before_stall = rss_kb(b.opt.pid);
  StalledSocket stalled;
  if (!b.opt.no_stall) {
    stalled.open(b.url, room.code);
    b.run_for(1s);
    if (!stalled.server_side_open(b.url.port)) throw Failure("the stalled client's connection is not there");
  } else {
    b.run_for(1s);
  }
  const long rss0 = rss_before_stall;
  long rss_max = rss0;
  long kernel_queue_max = 0;  // bytes in the server's kernel send queue for the stalled client
  std::optional<double> closed_after;
  b.begin_window();
  const auto start = b.window_start;
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(b.opt.duration));
  while (Clock::now() < end) {
    b.run_for(250ms);
    rss_max = std::max(rss_max, rss_kb(b.opt.pid));
    long queued = 0;
    const bool open = b.opt.no_stall || stalled.server_side_open(b.url.port, &queued);
    kernel_queue_max = std::max(kernel_queue_max, queued);
    if (!closed_after && !open) {
      closed_after = ms_between(start, Clock::now()) / 1000;
      log("the server closed the stalled client after " + std::to_string(*closed_after) + " s");
    }
  }
  b.end_window();
  const long rss1 = rss_kb(b.opt.pid);
  auto& lat = b.latency["slow"];
  const double growth = static_cast<double>(rss_max - rss0) / 1024.0;
  log("slow consumer: server RSS +" + std::to_string(growth) + " MB at most; others p99 " + std::to_string(lat.pct(99)) +
      " ms; closed: " + (closed_after ? "after " + std::to_string(*closed_after) + " s" : std::string("no")));
  json figures = {{"slow_memory_growth", num(growth)},
                  {"slow_memory_growth_control", control_growth ? num(*control_growth) : json(nullptr)},
                  {"slow_others_p99", num(lat.pct(99))},
                  {"slow_closed_after", closed_after ? num(*closed_after) : json(nullptr)}};
  json info = {{"closed", closed_after.has_value()},
               {"stall_seconds", b.opt.duration},
               {"warmup_seconds", b.opt.warmup},
               {"rss_start_kb", rss0},
               {"rss_max_kb", rss_max},
               {"rss_end_kb", rss1},
               {"server_kernel_send_queue_max_kb", kernel_queue_max / 1024},
               {"others_p50_ms", num(lat.pct(50))},
               {"samples", lat.ms.size()},
               {"words", room.words}};
  return {{"figures", figures}, {"info", info}};
}

// ---- The machine alone -----------------------------------------------------------------------
//
// What this machine's kernel does with no server at all: one process sends fixed-size messages
// round-robin over N loopback TCP connections (one non-blocking send() per message, the least a
// server can do per delivery), another receives them (epoll, one recv() per ready connection,
// the least a load tool can do). Both run flat out for the duration; the figure is messages
// received per second, with each side's CPU per message. It bounds what any server can show in
// the fan-out and throughput scenarios on this machine with the load on the same machine.

json floor_shape(int connections, int size, double seconds) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) throw Failure("socket failed");
  int one = 1;
  ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, 4096) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw Failure("cannot listen on the loopback interface");
  }
  std::vector<int> receivers, senders;
  for (int i = 0; i < connections; ++i) {
    const int c = ::socket(AF_INET, SOCK_STREAM, 0);
    if (c < 0 || ::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw Failure("loopback connect failed");
    const int s = ::accept(listener, nullptr, nullptr);
    if (s < 0) throw Failure("loopback accept failed");
    ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(s, F_SETFL, O_NONBLOCK);
    receivers.push_back(c);
    senders.push_back(s);
  }
  ::close(listener);
  int report[2];
  if (::pipe(report) != 0) throw Failure("pipe failed");
  const pid_t child = ::fork();
  if (child < 0) throw Failure("fork failed");
  if (child == 0) {  // the receiver
    for (int s : senders) ::close(s);
    const int ep = ::epoll_create1(0);
    for (int c : receivers) {
      epoll_event e{};
      e.events = EPOLLIN;
      e.data.fd = c;
      ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &e);
    }
    std::vector<epoll_event> events(512);
    std::vector<char> buffer(1 << 16);
    long long bytes = 0;
    int open = connections;
    const double cpu0 = own_cpu_seconds();
    Clock::time_point first{}, last{};
    while (open > 0) {
      const int k = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 10000);
      if (k <= 0) break;
      for (int i = 0; i < k; ++i) {
        const auto n = ::recv(events[i].data.fd, buffer.data(), buffer.size(), 0);
        if (n > 0) {
          if (bytes == 0) first = Clock::now();
          bytes += n;
          last = Clock::now();
        } else if (n == 0) {
          ::epoll_ctl(ep, EPOLL_CTL_DEL, events[i].data.fd, nullptr);
          --open;
        }
      }
    }
    const double cpu = own_cpu_seconds() - cpu0;
    const std::string line = std::to_string(bytes) + " " + std::to_string(ms_between(first, last) / 1000) + " " +
                             std::to_string(cpu) + "\n";
    [[maybe_unused]] const auto written = ::write(report[1], line.data(), line.size());
    ::_exit(0);
  }
  for (int c : receivers) ::close(c);
  ::close(report[1]);
  const std::string message(static_cast<std::size_t>(size), 'x');
  long long sent = 0;
  const double cpu0 = own_cpu_seconds();
  const auto end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  while (Clock::now() < end) {
    for (int s : senders) {
      if (::send(s, message.data(), message.size(), MSG_NOSIGNAL) == size) ++sent;
    }
  }
  const double send_cpu = own_cpu_seconds() - cpu0;
  for (int s : senders) ::close(s);
  std::string got;
  char chunk[256];
  for (ssize_t n; (n = ::read(report[0], chunk, sizeof chunk)) > 0;) got.append(chunk, static_cast<std::size_t>(n));
  ::close(report[0]);
  ::waitpid(child, nullptr, 0);
  std::istringstream in(got);
  double bytes = 0, secs = 0, recv_cpu = 0;
  if (!(in >> bytes >> secs >> recv_cpu) || secs <= 0) throw Failure("the receiving process reported nothing");
  const double received = bytes / size;
  log("machine: " + std::to_string(size) + "-byte messages over " + std::to_string(connections) + " connections: " +
      std::to_string(received / secs) + "/s (sender " + std::to_string(send_cpu * 1e6 / std::max(1.0, static_cast<double>(sent))) +
      " us, receiver " + std::to_string(recv_cpu * 1e6 / std::max(1.0, received)) + " us of CPU per message)");
  return {{"connections", connections},
          {"bytes", size},
          {"per_second", num(received / secs)},
          {"sender_us_per_message", num(send_cpu * 1e6 / std::max(1.0, static_cast<double>(sent)))},
          {"receiver_us_per_message", num(recv_cpu * 1e6 / std::max(1.0, received))}};
}

json scenario_machine(const Options& opt) {
  // The shapes of the two scenarios it bounds: a reaction frame (about 60 bytes) to the 500
  // phones of the fan-out room, and a round view (about 1.5 KB) to the 5,000 phones of the
  // throughput rooms.
  const json small = floor_shape(opt.clients, 60, opt.duration);
  const json views = floor_shape(opt.rooms * opt.per_room, 1500, opt.duration);
  const double small_rate = small["per_second"].get<double>();
  json figures = {{"machine_small_per_s", small["per_second"]},
                  {"machine_views_per_s", views["per_second"]},
                  // Four reactions in flight to 500 phones are 2,000 messages in the system; at
                  // the machine's own rate they take this long on average (Little's law).
                  {"machine_fanout_mean_ms", num(4.0 * opt.clients / small_rate * 1000)}};
  return {{"figures", figures}, {"info", {{"small", small}, {"views", views}}}};
}

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stoi(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help") {
      std::cout << "usage: earshot-load memory|fanout|throughput|storm|slow --url URL --key KEY --pid PID\n"
                   "  (--pid remote: the server runs on another machine; fanout, throughput and storm\n"
                   "   then give no server CPU figures)\n"
                   "       earshot-load machine [--clients 500] [--rooms 100 --per-room 50] [--duration S]\n"
                   "  [--sizes 1000,10000] [--per-room 50] [--clients N] [--rooms N] [--word-rate W]\n"
                   "  [--max-turns N] [--duration S] [--warmup S] [--in-flight N] [--concurrency N]\n"
                   "  [--no-stall] (slow: the same play without the stalled client, as a control)\n"
                   "  [--trace FILE] every latency sample to FILE (storm: drops and returns to FILE.clients),\n"
                   "                 times in CLOCK_MONOTONIC ms to line up with perf record -k CLOCK_MONOTONIC\n";
      return args.empty() ? 2 : 0;
    }
    opt.scenario = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a == "--no-stall") {
        opt.no_stall = true;
        continue;
      }
      if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
      const std::string v = args[++i];
      if (a == "--url") opt.url = v;
      else if (a == "--key") opt.key = v;
      else if (a == "--pid") opt.pid = v == "remote" ? -1 : std::stoi(v);
      else if (a == "--sizes") opt.sizes = parse_list(v);
      else if (a == "--per-room") opt.per_room = std::stoi(v);
      else if (a == "--clients") opt.clients = std::stoi(v);
      else if (a == "--rooms") opt.rooms = std::stoi(v);
      else if (a == "--word-rate") opt.word_rate = std::stod(v);
      else if (a == "--max-turns") opt.max_turns = std::stoi(v);
      else if (a == "--duration") opt.duration = std::stod(v);
      else if (a == "--warmup") opt.warmup = std::stod(v);
      else if (a == "--in-flight") opt.in_flight = std::stoi(v);
      else if (a == "--concurrency") opt.concurrency = std::stoi(v);
      else if (a == "--trace") opt.trace = v;
      else throw std::invalid_argument("unknown option " + a);
    }
    if (opt.pid == 0 && opt.scenario != "machine") {
      throw std::invalid_argument("--pid is required (the server's process id, or remote for a server on another machine)");
    }
    if (opt.pid < 0 && (opt.scenario == "memory" || opt.scenario == "slow")) {
      throw std::invalid_argument(opt.scenario + " reads the server's memory: it needs the server on this machine (--pid PID)");
    }
  } catch (const std::exception& e) {
    std::cerr << "earshot-load: " << e.what() << "\n";
    return 2;
  }

  std::signal(SIGPIPE, SIG_IGN);  // a peer gone is an error code, not the end of this process
  // Thousands of sockets: raise the soft limit on open files to the hard one.
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }

  if (opt.scenario == "machine") {  // no server: what the kernel alone does
    try {
      json result = scenario_machine(opt);
      result["scenario"] = opt.scenario;
      std::cout << result.dump() << std::endl;
      return 0;
    } catch (const std::exception& e) {
      std::cerr << "earshot-load: machine failed: " << e.what() << "\n";
      return 1;
    }
  }

  Bench b;
  b.opt = opt;
  std::string error;
  auto url = earshot::client::parse_server_url(opt.url, &error);
  if (!url) {
    std::cerr << "earshot-load: " << error << "\n";
    return 2;
  }
  b.url = *url;
  try {
    b.trace.open(opt.trace);
  } catch (const std::exception& e) {
    std::cerr << "earshot-load: " << e.what() << "\n";
    return 2;
  }
  try {
    asio::ip::tcp::resolver resolver(b.io);
    b.endpoint = *resolver.resolve(url->host, std::to_string(url->port)).begin();
  } catch (const std::exception& e) {
    std::cerr << "earshot-load: cannot resolve " << url->host << ": " << e.what() << "\n";
    return 2;
  }
  const auto started = Clock::now();
  try {
    json result;
    if (opt.scenario == "memory") result = scenario_memory(b);
    else if (opt.scenario == "fanout") result = scenario_fanout(b);
    else if (opt.scenario == "throughput") result = scenario_throughput(b);
    else if (opt.scenario == "storm") result = scenario_storm(b);
    else if (opt.scenario == "slow") result = scenario_slow(b);
    else {
      std::cerr << "earshot-load: unknown scenario " << opt.scenario << "\n";
      return 2;
    }
    result["scenario"] = opt.scenario;
    result["info"]["errors"] = b.errors;
    result["info"]["clients_dropped_by_server"] = b.dropped;
    result["info"]["seconds"] = num(ms_between(started, Clock::now()) / 1000);
    b.close_all();
    std::cout << result.dump() << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "earshot-load: " << opt.scenario << " failed: " << e.what() << "\n";
    for (const auto& [code, n] : b.errors) std::cerr << "  " << n << " x " << code << "\n";
    return 1;
  }
}
