// Throughput (scenarios.hpp; bench/README.md, "Throughput").

#include <cstdint>
#include <string>

#include "proc.hpp"
#include "samples.hpp"
#include "scenarios.hpp"

namespace earshot::bench {

json scenario_throughput(Bench& b) {
  auto list = setup_playing(b, b.opt.rooms, "play");
  start_playing(b, list);
  b.run_for(seconds(b.opt.warmup));
  const auto d0 = b.delivered;
  const double cpu0 = cpu_seconds(b.opt.pid), own0 = own_cpu_seconds();
  std::uint64_t words0 = 0;
  for (Room* r : list) words0 += r->words;
  b.begin_window();
  const auto start = Clock::now();
  b.run_for(seconds(b.opt.duration));
  b.end_window();
  const double secs = ms_between(start, Clock::now()) / 1000;
  const auto deliveries = b.delivered - d0;
  const double cpu = cpu_seconds(b.opt.pid) - cpu0, own = own_cpu_seconds() - own0;
  std::uint64_t words = 0;
  for (Room* r : list) words += r->words;
  words -= words0;
  auto& lat = b.latency["play"];
  const double rate = deliveries / secs;
  log("throughput: " + std::to_string(rate) + " deliveries/s, " + std::to_string(words / secs) + " words/s, p99 " +
      std::to_string(lat.pct(99)) + " ms, server CPU " + std::to_string(cpu) + " s");
  json figures = {{"throughput_deliveries_per_s", num(rate)},
                  {"throughput_p99", num(lat.pct(99))},
                  {"throughput_cpu_s_per_million", num(deliveries ? cpu / (deliveries / 1e6) : NAN)}};
  json info = {{"words_per_second", num(words / secs)},
               {"p50_ms", num(lat.pct(50))},
               {"max_ms", num(lat.max())},
               {"samples", lat.ms.size()},
               {"server_cpu_seconds", num(cpu)},
               {"server_cpu_share", num(cpu / secs)},
               {"load_tool_cpu_seconds", num(own)},
               {"rooms", list.size()},
               {"offered_words_per_room_per_s", b.opt.word_rate}};
  return {{"figures", figures}, {"info", info}};
}

}  // namespace earshot::bench
