// earshot-load: the load generator of bench/run.sh (see bench/README.md).
//
//   earshot-load SCENARIO --url ws://127.0.0.1:PORT/ws --key KEY --pid SERVER_PID [options]
//
// Scenarios: memory, fanout, throughput, storm, slow. Each drives thousands of WebSocket clients
// (LeanSocket, lean_socket.hpp) on one io_context run by this one thread, measures with one steady clock,
// prints progress on stderr and, at the end, one JSON object with its figures on stdout. It speaks
// only the protocol (docs/protocol.md), so it drives Earshot and the reference server alike.
// `machine` measures the machine alone, with no server.
//
// Exit status: 0 when the scenario ran to the end (whatever the figures), 1 when it could not
// (a server refused the setup, clients did not join in time, ...), 2 for bad options.
//
// The parts: options (the command line), proc (the server's memory and CPU from /proc), samples
// (latencies, figures, the trace), fields (reading the hot messages without parsing them),
// bench (clients, rooms, joining, playing chains) and one file per scenario (scenarios.hpp).

#include <sys/resource.h>

#include <boost/asio/ip/tcp.hpp>
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "bench.hpp"
#include "client/url.hpp"
#include "common.hpp"
#include "options.hpp"
#include "samples.hpp"
#include "scenarios.hpp"

using namespace earshot::bench;

int main(int argc, char** argv) {
  Options opt;
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help") {
      std::cout << usage;
      return args.empty() ? 2 : 0;
    }
    opt = parse_options(args);
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
