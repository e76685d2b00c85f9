#include "samples.hpp"

#include <algorithm>
#include <cmath>

namespace earshot::bench {

void Trace::open(const std::string& path) {
  if (path.empty()) return;
  f = std::fopen(path.c_str(), "w");
  if (!f) throw Failure("cannot write the trace " + path);
  std::fputs("# kind mono_ms value tag [room] (sample: mono_ms = when sent, value = latency ms; drop/back: value = client index)\n", f);
}

double Samples::pct(double p) {
  if (ms.empty()) return NAN;
  const auto k = static_cast<std::size_t>(std::min<double>(ms.size() - 1, std::ceil(p / 100.0 * ms.size()) - 1));
  std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(k), ms.end());
  return ms[k];
}

double Samples::max() const { return ms.empty() ? NAN : *std::max_element(ms.begin(), ms.end()); }

json num(double v) { return std::isnan(v) ? json(nullptr) : json(std::round(v * 1000) / 1000); }

}  // namespace earshot::bench
