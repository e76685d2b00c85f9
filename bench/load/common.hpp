#pragma once
// What every part of the load tool (earshot-load, main.cpp) uses: its one clock, its JSON, the
// error that ends a scenario (exit status 1) and its progress lines on stderr. Everything of the
// load tool runs on its one thread (the storm's clients and the machine's receiver in child
// processes of their own).

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace earshot::bench {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A scenario could not be run (the server refused its setup, clients did not join in time, ...).
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// A duration given in seconds on the command line (--duration 2.5), as the clock counts.
inline Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

inline void log(const std::string& s) { std::cerr << "  [load] " << s << std::endl; }

}  // namespace earshot::bench
