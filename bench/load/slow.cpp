// Slow consumer (scenarios.hpp; bench/README.md, "Slow consumer").

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "proc.hpp"
#include "samples.hpp"
#include "scenarios.hpp"

namespace earshot::bench {

namespace {

// A raw WebSocket client that says hello as an observer and then never reads again.
struct StalledSocket {
  int fd = -1;
  std::uint16_t local_port = 0;

  void open(const client::ServerUrl& url, const std::string& room) {
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

}  // namespace

json scenario_slow(Bench& b) {
  auto list = setup_playing(b, 1, "slow");
  Room& room = *list.front();
  // The room plays for the warm-up first, so that what a server grows by when it starts serving
  // (allocator arenas, caches) is not counted as the stalled client's cost.
  start_playing(b, list);
  b.run_for(seconds(b.opt.warmup));
  // A control: the same play for the same time without the stalled client, to tell its cost from
  // what the server grows by anyway.
  std::optional<double> control_growth;
  if (!b.opt.no_stall) {
    const long c0 = rss_kb(b.opt.pid);
    long cmax = c0;
    const auto cend = Clock::now() + seconds(b.opt.duration);
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
  const auto end = start + seconds(b.opt.duration);
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

}  // namespace earshot::bench
