// Reconnect storm (scenarios.hpp; bench/README.md, "Reconnect storm"): the playing rooms in
// this process, the clients that drop and come back in a forked child with a Bench of its own.

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <cmath>
#include <csignal>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "proc.hpp"
#include "samples.hpp"
#include "scenarios.hpp"

namespace earshot::bench {

namespace {

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
int storm_child(const Options& opt, const client::ServerUrl& url, const asio::ip::tcp::endpoint& endpoint, int in, int out) {
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

}  // namespace

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

}  // namespace earshot::bench
