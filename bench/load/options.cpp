#include "options.hpp"

#include <sstream>
#include <stdexcept>

namespace earshot::bench {

const char* const usage =
    "usage: earshot-load memory|fanout|throughput|storm|slow --url URL --key KEY --pid PID\n"
    "  (--pid remote: the server runs on another machine; fanout, throughput and storm\n"
    "   then give no server CPU figures)\n"
    "       earshot-load machine [--clients 500] [--rooms 100 --per-room 50] [--duration S]\n"
    "  [--sizes 1000,10000] [--per-room 50] [--clients N] [--rooms N] [--word-rate W]\n"
    "  [--max-turns N] [--duration S] [--warmup S] [--in-flight N] [--concurrency N]\n"
    "  [--no-stall] (slow: the same play without the stalled client, as a control)\n"
    "  [--trace FILE] every latency sample to FILE (storm: drops and returns to FILE.clients),\n"
    "                 times in CLOCK_MONOTONIC ms to line up with perf record -k CLOCK_MONOTONIC\n";

namespace {

std::vector<int> parse_list(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::stoi(item));
  return out;
}

}  // namespace

Options parse_options(const std::vector<std::string>& args) {
  Options opt;
  opt.scenario = args.at(0);
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
  return opt;
}

}  // namespace earshot::bench
