// Memory per idle client (scenarios.hpp; bench/README.md, "Memory per idle client").

#include <algorithm>
#include <string>
#include <vector>

#include "proc.hpp"
#include "samples.hpp"
#include "scenarios.hpp"

namespace earshot::bench {

json scenario_memory(Bench& b) {
  const int max_n = *std::max_element(b.opt.sizes.begin(), b.opt.sizes.end());
  const int room_count = (max_n + b.opt.per_room - 1) / b.opt.per_room;
  b.create_rooms(room_count, "idle");
  b.run_for(1s);
  const long before = rss_kb(b.opt.pid);
  log("server RSS before: " + std::to_string(before) + " kB");
  json figures = json::object(), info = json::object();
  info["rss_before_kb"] = before;
  info["rooms"] = room_count;
  std::vector<Peer*> all;
  for (auto& r : b.rooms) {
    auto added = b.add_participants(r, b.opt.per_room);
    all.insert(all.end(), added.begin(), added.end());
  }
  // Fill the rooms in order: the first N clients sit in the first N / per_room rooms.
  std::size_t done = 0;
  std::vector<int> sizes = b.opt.sizes;
  std::sort(sizes.begin(), sizes.end());
  for (int n : sizes) {
    std::vector<Peer*> batch(all.begin() + static_cast<std::ptrdiff_t>(done), all.begin() + n);
    const auto start = Clock::now();
    b.join_all(batch, 300s);
    done = static_cast<std::size_t>(n);
    const double join_s = ms_between(start, Clock::now()) / 1000;
    b.run_for(2s);  // let the joined/presence broadcasts drain
    const long after = rss_kb(b.opt.pid);
    const double per = static_cast<double>(after - before) / n;
    log("N=" + std::to_string(n) + ": RSS " + std::to_string(after) + " kB, " + std::to_string(per) + " kB per client");
    figures["memory_per_client_" + std::to_string(n)] = num(per);
    info["rss_after_" + std::to_string(n) + "_kb"] = after;
    info["join_seconds_" + std::to_string(n)] = num(join_s);
  }
  return {{"figures", figures}, {"info", info}};
}

}  // namespace earshot::bench
