// The machine alone (scenarios.hpp; bench/README.md, "The machine alone").
//
// What this machine's kernel does with no server at all: one process sends fixed-size messages
// round-robin over N loopback TCP connections (one non-blocking send() per message, the least a
// server can do per delivery), another receives them (epoll, one recv() per ready connection,
// the least a load tool can do). Both run flat out for the duration; the figure is messages
// received per second, with each side's CPU per message. It bounds what any server can show in
// the fan-out and throughput scenarios on this machine with the load on the same machine.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "proc.hpp"
#include "samples.hpp"
#include "scenarios.hpp"

namespace earshot::bench {

namespace {

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

}  // namespace

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

}  // namespace earshot::bench
