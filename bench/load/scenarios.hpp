#pragma once
// The load tool's scenarios (bench/README.md, "What is measured", says what each measures and
// why). Each runs on the Bench it is given (its thread only), logs its progress on stderr and
// returns {"figures": {...}, "info": {...}}, which main() prints as JSON on stdout; each throws
// Failure when it cannot be run to the end. One file each: memory.cpp, fanout.cpp,
// throughput.cpp, storm.cpp, slow.cpp, machine.cpp.

#include "bench.hpp"
#include "common.hpp"
#include "options.hpp"

namespace earshot::bench {

// Memory per idle client: the server's RSS growth per joined participant, for each of --sizes.
json scenario_memory(Bench& b);

// Fan-out latency: reactions in one room of --clients, send to the last receipt.
json scenario_fanout(Bench& b);

// Throughput: --rooms rooms playing chains; deliveries per second, word-to-receipt latency and
// the server's CPU per delivery.
json scenario_throughput(Bench& b);

// Reconnect storm: --clients idle clients (in a child process) drop and come back while
// --rooms rooms play; the playing rooms' latency and how long until all are back.
json scenario_storm(Bench& b);

// Slow consumer: an observer that never reads while a room plays; the server's memory growth
// and whether (when) it closes that connection.
json scenario_slow(Bench& b);

// The machine alone, no server: how many messages the kernel moves over loopback connections.
json scenario_machine(const Options& opt);

}  // namespace earshot::bench
