#pragma once
// The load tool's command line: the scenario, where the server is and how large and long a run
// is (bench/run.sh passes them; earshot-load --help lists them).

#include <string>
#include <vector>

namespace earshot::bench {

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

// What --help prints.
extern const char* const usage;

// The options after the program's name (args[0] is the scenario). Throws std::invalid_argument
// (or std::stoi's errors) with a message for the person who typed them.
Options parse_options(const std::vector<std::string>& args);

}  // namespace earshot::bench
