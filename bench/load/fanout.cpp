// Fan-out latency (scenarios.hpp; bench/README.md, "Fan-out latency").

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fields.hpp"
#include "proc.hpp"
#include "samples.hpp"
#include "scenarios.hpp"

namespace earshot::bench {

json scenario_fanout(Bench& b) {
  b.create_rooms(1, "fanout");
  Room& room = b.rooms.front();
  auto members = b.add_participants(room, b.opt.clients);
  b.join_all(members, 120s);
  b.seat_facilitators({&room});
  auto all_in = [&] {
    return std::all_of(members.begin(), members.end(), [](Peer* p) { return p->welcomed && !p->closed; });
  };
  b.run_for(1s);  // the joined broadcasts drain
  if (!b.run_until(all_in, 60s)) throw Failure("not all clients are in the room");
  if (b.dropped) log(std::to_string(b.dropped) + " clients were dropped by the server while the room filled; they are back");
  const std::size_t rounds_before = b.delivered;
  room.fac->conn->send(
      json{{"type", "new_round"},
           {"config", {{"game", "burst"}, {"stimuli", {"cold"}}, {"answerMs", 600000}}},
           {"start", true}}
          .dump());
  // Everyone (and the facilitator) gets the round.
  if (!b.run_until([&] { return b.delivered - rounds_before >= members.size() + 2; }, 30s)) {
    throw Failure("the burst round did not reach everyone");
  }
  b.run_for(1s);
  if (!b.run_until(all_in, 60s)) throw Failure("not all clients are in the room");

  struct Slot {
    std::string kind;
    bool active = false;
    std::size_t count = 0;
    Clock::time_point t0{};
    std::unique_ptr<asio::steady_timer> timer;
  };
  const std::vector<std::string> kinds = {"applause", "laugh", "wow", "heart"};
  std::vector<Slot> slots(static_cast<std::size_t>(std::min<int>(b.opt.in_flight, 4)));
  for (std::size_t i = 0; i < slots.size(); ++i) {
    slots[i].kind = kinds[i];
    slots[i].timer = std::make_unique<asio::steady_timer>(b.io);
  }
  Samples lat, first;  // send to the last receipt (the figure); send to the first
  std::size_t rr = 0, timeouts = 0, sent = 0;
  bool running = true;
  const auto spacing = 1100ms;  // each phone reacts at most about once per 1.1 s (the server allows 1/s)
  std::function<void(Slot&)> fire = [&](Slot& slot) {
    if (!running) return;
    Peer& sender = *members[rr % members.size()];
    const auto now = Clock::now();
    if (sender.last_react != Clock::time_point{} && now - sender.last_react < spacing) {
      slot.timer->expires_at(sender.last_react + spacing);
      slot.timer->async_wait([&, s = &slot](boost::system::error_code ec) {
        if (!ec) fire(*s);
      });
      return;
    }
    ++rr;
    sender.last_react = now;
    slot.active = true;
    slot.count = 0;
    slot.t0 = now;
    ++sent;
    sender.conn->send("{\"type\":\"play\",\"action\":\"react\",\"reaction\":\"" + slot.kind + "\"}");
  };
  b.on_reaction = [&](Peer& p, std::string_view s) {
    if (p.kind != Kind::participant) return;
    const auto kind = str_field(s, "\"reaction\":\"");
    for (auto& slot : slots) {
      if (slot.kind != kind) continue;
      if (!slot.active) return;
      if (slot.count == 0) first.add(ms_between(slot.t0, Clock::now()));
      if (++slot.count == members.size()) {
        slot.active = false;
        lat.add(ms_between(slot.t0, Clock::now()));
        asio::post(b.io, [&, s = &slot] { fire(*s); });
      }
      return;
    }
  };
  // A slot whose broadcast did not reach everyone in 5 s is counted and fired again.
  std::function<void()> check;
  asio::steady_timer checker(b.io);
  check = [&] {
    checker.expires_after(250ms);
    checker.async_wait([&](boost::system::error_code ec) {
      if (ec || !running) return;
      for (auto& slot : slots) {
        if (slot.active && Clock::now() - slot.t0 > 5s) {
          ++timeouts;
          slot.active = false;
          fire(slot);
        }
      }
      check();
    });
  };
  check();
  const double cpu0 = cpu_seconds(b.opt.pid);
  const auto start = Clock::now();
  for (auto& slot : slots) fire(slot);
  b.run_for(seconds(b.opt.duration));
  running = false;
  const double secs = ms_between(start, Clock::now()) / 1000;
  const double cpu = cpu_seconds(b.opt.pid) - cpu0;
  for (auto& slot : slots) slot.timer->cancel();
  checker.cancel();
  b.run_for(300ms);
  log("fanout: " + std::to_string(lat.ms.size()) + " broadcasts to " + std::to_string(members.size()) +
      " clients, p50 " + std::to_string(lat.pct(50)) + " ms, p99 " + std::to_string(lat.pct(99)) + " ms");
  json figures = {{"fanout_p50", num(lat.pct(50))}, {"fanout_p99", num(lat.pct(99))}, {"fanout_max", num(lat.max())}};
  json info = {{"broadcasts", lat.ms.size()},      {"sent", sent},
               {"timeouts", timeouts},             {"clients", members.size()},
               {"broadcasts_per_second", num(lat.ms.size() / secs)},
               {"first_receipt_p50_ms", num(first.pct(50))},
               {"first_receipt_p99_ms", num(first.pct(99))},
               {"server_cpu_seconds", num(cpu)},
               {"server_cpu_us_per_delivery", num(lat.ms.empty() ? NAN : cpu * 1e6 / (static_cast<double>(lat.ms.size()) * members.size()))}};
  return {{"figures", figures}, {"info", info}};
}

}  // namespace earshot::bench
