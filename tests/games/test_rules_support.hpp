#pragma once
// Test support for the rules engine: a Table plays one round, keeps its event log, and after
// every step checks that replaying the log gives the same state and that events round-trip
// through JSON.

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/config.hpp"
#include "games/event.hpp"
#include "games/round.hpp"

namespace earshot::games::testing {

using nlohmann::json;

inline RoundConfig config_of(json j) {
  auto parsed = parse_config(j);
  if (parsed.error) FAIL("bad test config: " << parsed.error->code << " " << parsed.error->field);
  return *parsed.config;
}

// A round of 2 circles or 1, with players p1..pN; `extra` adds or overrides options.
inline json make_config(const std::string& game, std::vector<std::vector<std::string>> circles, json extra = json::object()) {
  json j = {{"v", 1}, {"game", game}, {"circles", json::array()}};
  for (std::size_t i = 0; i < circles.size(); ++i) {
    j["circles"].push_back({{"id", "c" + std::to_string(i + 1)}, {"members", circles[i]}});
  }
  j.update(extra);
  return j;
}

class Table {
 public:
  explicit Table(json config) : round(config_of(std::move(config))) {}

  // Sends a command at the table's clock; returns the rejection code, "" if accepted.
  std::string send(const std::string& actor, const std::string& kind, json data = json::object()) {
    auto outcome = round.handle(Command{kind, actor, std::move(data)}, now);
    record(outcome.events);
    last_events = outcome.events;
    if (outcome.rejection) {
      CHECK_FALSE(outcome.rejection->message.empty());
      return outcome.rejection->code;
    }
    return "";
  }
  std::string word(const std::string& who, const std::string& text) { return send(who, "word", {{"text", text}}); }
  std::string answer(const std::string& who, const std::string& text) { return send(who, "answer", {{"text", text}}); }
  std::string facilitator(const std::string& kind, json data = json::object()) { return send("facilitator", kind, std::move(data)); }

  // Moves the clock and runs the timeouts that are due.
  std::vector<Event> advance(std::int64_t ms) {
    now += ms;
    auto events = round.tick(now);
    record(events);
    last_events = events;
    return events;
  }

  json view_of(const std::string& participant) const { return round.view(Audience::of_participant(participant)); }
  json stage() const { return round.view(Audience::stage()); }
  json host() const { return round.view(Audience::facilitator()); }
  const CircleState& circle(std::size_t i = 0) const { return round.state().circles.at(i); }
  std::string turn(std::size_t i = 0) const { return circle(i).order.at(circle(i).holder); }
  Phase phase() const { return round.state().phase; }

  Round round;
  std::vector<Event> log;
  std::vector<Event> last_events;
  std::int64_t now = 1000;

 private:
  void record(const std::vector<Event>& events) {
    for (const auto& e : events) {
      CHECK(event_from_json(json::parse(to_json(e).dump())) == e);
      log.push_back(e);
    }
    if (!events.empty()) CHECK(replay(round.config(), log).state() == round.state());
  }
};

// The kinds of a list of events, for compact checks.
inline std::vector<std::string> kinds(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.kind);
  return out;
}

}  // namespace earshot::games::testing
