#pragma once
// What a scenario measures and how it writes it: latency samples and their percentiles, the
// figures' numbers as they go into the JSON, and the --trace file (one line per sample, window
// edge, and the storm's drops and returns).

#include <cstdio>
#include <string>
#include <vector>

#include "common.hpp"

namespace earshot::bench {

// Times in a trace are CLOCK_MONOTONIC milliseconds (what steady_clock reads on Linux), so the
// rows of the two storm processes and `perf record -k CLOCK_MONOTONIC` line up.
inline double mono_ms(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(t.time_since_epoch()).count();
}

// One line per event: "<kind> <time ms> <value> <tag>". Writes nothing unless opened with a path.
struct Trace {
  std::FILE* f = nullptr;
  void open(const std::string& path);
  void row(const char* kind, Clock::time_point t, double value, const std::string& tag) {
    if (f) std::fprintf(f, "%s %.3f %.3f %s\n", kind, mono_ms(t), value, tag.c_str());
  }
  ~Trace() {
    if (f) std::fclose(f);
  }
};

// Latencies in milliseconds (floats: a long run keeps millions of them).
struct Samples {
  std::vector<float> ms;
  void add(double v) { ms.push_back(static_cast<float>(v)); }
  double pct(double p);  // NaN when there are none; reorders ms
  double max() const;    // NaN when there are none
};

// A figure as it goes into the JSON: rounded to 3 decimals, null when it could not be measured.
json num(double v);

}  // namespace earshot::bench
