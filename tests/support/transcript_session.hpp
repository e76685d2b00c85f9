#pragma once
// A hand-written session for the export tests: real rounds played through games::Round with
// commands, recorded the way the server stores them (one store Round per round, its config as
// games::to_json(config), every event with its round, kind, actor, circle and time). Used by
// tests/reports/test_transcripts.cpp (golden files) and tests/integration/test_export.cpp.
//
// No doctest here: a command the rules refuse throws, so the script is always what it says.

#include <cstdint>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/config.hpp"
#include "games/event.hpp"
#include "games/round.hpp"
#include "store/store.hpp"
#include "reports/transcripts.hpp"

namespace earshot::test {

using nlohmann::json;
namespace store = earshot::store;
using earshot::reports::SessionRecord;

// 2024-03-14 09:00:00 UTC
inline constexpr std::int64_t session_start_ms = 1710406800000;

class SessionBuilder {
 public:
  explicit SessionBuilder(std::string code, std::int64_t created_ms = session_start_ms) {
    record.session = {std::move(code), created_ms, std::nullopt};
  }

  void participant(const std::string& id, const std::string& name, std::int64_t joined_ms) {
    record.participants.push_back({record.session.code, id, name, "tok-secret-" + id, joined_ms});
  }

  void room_event(const std::string& kind, const std::string& actor, const json& payload, std::int64_t at_ms) {
    store::Event e;
    e.seq = ++seq_;
    e.session = record.session.code;
    e.actor = actor;
    e.kind = kind;
    e.payload = payload.dump();
    e.at_ms = at_ms;
    record.events.push_back(std::move(e));
  }

  // One round: create it, drive it, then end() it.
  class RoundPlay {
   public:
    RoundPlay(SessionBuilder& session, std::string id, const json& config, std::int64_t now)
        : now(now), session_(session), id_(std::move(id)), round_(parse(config)) {
      session_.record.rounds.push_back(
          {session_.record.session.code, id_, games::to_json(round_.config()).dump(), now, std::nullopt});
    }

    // A command that must be accepted.
    RoundPlay& send(const std::string& actor, const std::string& kind, json data = json::object()) {
      auto outcome = round_.handle(games::Command{kind, actor, std::move(data)}, now);
      record(outcome.events);
      if (outcome.rejection) throw std::logic_error(actor + " " + kind + " refused: " + outcome.rejection->code);
      return *this;
    }
    // A command that must be refused with `code` (it may still bring timeouts that were due).
    RoundPlay& refused(const std::string& actor, const std::string& kind, json data, const std::string& code) {
      auto outcome = round_.handle(games::Command{kind, actor, std::move(data)}, now);
      record(outcome.events);
      if (!outcome.rejection || outcome.rejection->code != code)
        throw std::logic_error(actor + " " + kind + " was not refused with " + code);
      return *this;
    }
    RoundPlay& word(const std::string& who, const std::string& text) { return send(who, "word", {{"text", text}}); }
    RoundPlay& answer(const std::string& who, const std::string& text) { return send(who, "answer", {{"text", text}}); }
    RoundPlay& facilitator(const std::string& kind, json data = json::object()) {
      return send(std::string(games::facilitator_actor), kind, std::move(data));
    }
    // Moves the clock and records the timeouts that are due.
    RoundPlay& wait(std::int64_t ms) {
      now += ms;
      record(round_.tick(now));
      return *this;
    }
    // The store marks the round ended when its last event says so.
    void end() {
      if (round_.state().phase == games::Phase::ended) session_.record.rounds.back().ended_ms = round_.state().at;
    }
    const games::Round& round() const { return round_; }

    std::int64_t now;

   private:
    static games::RoundConfig parse(const json& config) {
      auto parsed = games::parse_config(config);
      if (!parsed.config) throw std::logic_error("bad test config: " + parsed.error->field);
      return *parsed.config;
    }
    void record(const std::vector<games::Event>& events) {
      for (const auto& e : events) {
        store::Event s;
        s.seq = ++session_.seq_;
        s.session = session_.record.session.code;
        s.round = id_;
        s.circle = e.circle;
        s.actor = e.actor;
        s.kind = e.kind;
        s.payload = games::to_json(e).dump();
        s.at_ms = e.at;
        session_.record.events.push_back(std::move(s));
      }
    }

    SessionBuilder& session_;
    std::string id_;
    games::Round round_;
  };

  RoundPlay round(std::string id, const json& config, std::int64_t now) { return RoundPlay(*this, std::move(id), config, now); }

  void close(std::int64_t closed_ms) { record.session.closed_ms = closed_ms; }

  SessionRecord record;

 private:
  std::int64_t seq_ = 0;
};

// A round config: `game`, circles of the given members ("c1", "c2", ...), plus `extra` options.
inline json round_config(const std::string& game, const std::vector<std::vector<std::string>>& circles, json extra) {
  json j = {{"v", 1}, {"game", game}, {"circles", json::array()}};
  for (std::size_t i = 0; i < circles.size(); ++i)
    j["circles"].push_back({{"id", "c" + std::to_string(i + 1)}, {"members", circles[i]}});
  j.update(extra);
  return j;
}

// The session of the golden files: seven participants, four rounds (a chain and a story with a
// retelling in two circles each, a burst with two stimuli, a SPIV with predict and pick), and a
// few room-level events.
inline SessionRecord workshop_session() {
  SessionBuilder s("KDWM");
  const std::int64_t t0 = session_start_ms;
  s.participant("p1", "Ana", t0 + 10000);
  s.participant("p2", "Ben", t0 + 12000);
  s.participant("p3", "Chlo\u00e9", t0 + 15000);
  s.participant("p4", "Dev", t0 + 21000);
  s.participant("p5", "Eli & Jo", t0 + 24000);
  s.participant("p6", "Fatima", t0 + 30000);
  s.participant("p7", "Gus", t0 + 400000);  // late: only in the burst round
  s.room_event("circles", "facilitator",
               {{"circles", {{{"id", "c1"}, {"members", {"p1", "p2", "p3"}}}, {{"id", "c2"}, {"members", {"p4", "p5", "p6"}}}}}},
               t0 + 60000);
  s.room_event("renamed", "p5", {{"participant", "p5"}, {"name", "Eli & Jo"}, {"token", "tok-secret-p5"}}, t0 + 61000);

  {  // Round 1: a chain from "printer" in two circles, with a pass, a refused repeat and a timeout.
    auto r = s.round("r1",
                     round_config("chain", {{"p1", "p2", "p3"}, {"p4", "p5", "p6"}},
                                  {{"seedWord", "printer"}, {"noRepeat", true}, {"turnMs", 5000}, {"maxTurns", 6}}),
                     t0 + 120000);
    r.now += 5000;
    r.facilitator("start");
    r.now += 900;
    r.word("p1", "toner").word("p4", "paper");
    r.now += 1300;
    r.word("p2", "ink").word("p5", "jam");
    r.now += 700;
    r.word("p3", "cartridge").send("p6", "pass");
    r.now += 1100;
    r.word("p1", "refill").word("p4", "stuck");
    r.now += 600;
    r.refused("p2", "word", {{"text", "Ink!"}}, "repeated_word");
    r.now += 1500;
    r.word("p2", "squid").word("p5", "help");
    r.send("p3", "react", {{"reaction", "applause"}});
    r.now += 2000;
    r.word("p6", "coffee");  // c2 has had its six turns
    r.send("p5", "react", {{"reaction", "laugh"}});
    r.wait(5000);  // p3 times out: c1 has had its six turns too, and the round ends
    r.facilitator("note", {{"text", "Ben hesitated on \u201cink\u201d: ask about it"}});
    r.end();
  }
  {  // Round 2: a story in two circles from a title, then everyone retells their circle's story.
    auto r = s.round("r2",
                     round_config("waat", {{"p1", "p2", "p3"}, {"p4", "p5", "p6"}},
                                  {{"title", "The ticket"}, {"listening", true}, {"retell", true}}),
                     t0 + 300000);
    r.now += 4000;
    r.facilitator("start");
    const std::vector<std::pair<std::string, std::string>> c1 = {
        {"p1", "Once"}, {"p2", "upon"}, {"p3", "a"}, {"p1", "time"}, {"p2", "the"}, {"p3", "server"}, {"p1", "crashed."}, {"p2", "The"}, {"p3", "End."}};
    const std::vector<std::pair<std::string, std::string>> c2 = {
        {"p4", "Nobody"}, {"p5", "read"}, {"p6", "the"}, {"p4", "manual,"}, {"p5", "so"}, {"p6", "everyone"}, {"p4", "panicked!"}};
    for (std::size_t i = 0; i < c1.size(); ++i) {
      r.now += 1200 + static_cast<std::int64_t>(i % 3) * 400;
      r.word(c1[i].first, c1[i].second);
      if (i < c2.size()) r.word(c2[i].first, c2[i].second);
    }
    r.now += 3000;
    r.send("p5", "pass");
    r.now += 2000;
    r.facilitator("next");  // ends circle c2's story; retelling starts
    r.now += 20000;
    r.answer("p1", "The server crashed and that was the end.");
    r.answer("p4", "Nobody read the manual, so everyone panicked.");
    r.now += 6000;
    r.answer("p2", "A fairy tale about a server crash.");
    r.answer("p3", "Once upon a time, a crash.");
    r.answer("p5", "Panic because of a manual.");
    r.answer("p6", "RTFM!");
    r.facilitator("reveal");
    r.now += 30000;
    r.facilitator("next");
    r.end();
  }
  {  // Round 3: a burst with two stimuli, everyone at once, one answer too late.
    auto r = s.round("r3", round_config("burst", {{"p1", "p2", "p3", "p4", "p5", "p6", "p7"}},
                                        {{"stimuli", {"winter", "help desk"}}, {"answerMs", 8000}}),
                     t0 + 540000);
    r.now += 3000;
    r.facilitator("start");
    r.now += 1200;
    r.answer("p1", "Cold").answer("p3", "snow");
    r.now += 400;
    r.answer("p2", "cold!").answer("p5", "Snow");
    r.now += 900;
    r.answer("p4", "-5\u00b0C").answer("p6", "Christmas");
    r.now += 1500;
    r.answer("p7", "<3 hot chocolate");  // everyone has answered: answering closes
    r.now += 2000;
    r.facilitator("reveal");
    r.now += 15000;
    r.facilitator("next");
    r.now += 1800;
    r.answer("p1", "tickets").answer("p2", "ticket");
    r.now += 700;
    r.answer("p3", "the phone").answer("p4", "phone");
    r.now += 1100;
    r.answer("p5", "=HYPERLINK(\"http://evil.example\")");
    r.answer("p6", "coffee");
    r.wait(8000);  // p7 does not answer in time
    r.facilitator("reveal");
    r.now += 12000;
    r.facilitator("next");
    r.end();
  }
  {  // Round 4: SPIV with predict, then everyone picks the answer closest to what they meant.
    auto r = s.round("r4",
                     round_config("spiv", {{"p1", "p2", "p3", "p4"}},
                                  {{"prompt", "a quick fix"}, {"predict", true}, {"pick", "closest"}}),
                     t0 + 780000);
    r.now += 2000;
    r.facilitator("start");
    r.now += 9000;
    r.answer("p1", "restart it").send("p1", "predict", {{"text", "Restart it"}});
    r.now += 3000;
    r.answer("p2", "Restart it!").send("p2", "predict", {{"text", "restart it"}});
    r.now += 5000;
    r.answer("p3", "a workaround for now").send("p3", "predict", {{"text", "duct tape"}});
    r.now += 4000;
    r.answer("p4", "duct tape *and* hope").send("p4", "predict", {{"text", "turn it off and on"}});
    r.now += 1000;
    r.facilitator("reveal");
    r.now += 20000;
    r.facilitator("next");
    r.now += 6000;
    r.send("p1", "pick", {{"answer", 3}}).send("p2", "pick", {{"answer", 1}});
    r.now += 2000;
    r.send("p3", "pick", {{"answer", 4}}).send("p4", "pick", {{"answer", 1}});
    r.end();
  }
  s.close(t0 + 20 * 60000);
  return s.record;
}

// Writes a session into a store, as the server would have, and waits for the commit. The events
// keep their order (the store numbers them again).
inline void write_session(store::EventStore& store, const SessionRecord& record) {
  store::Batch batch;
  batch.push_back(store::OpenSession{record.session.code, record.session.created_ms});
  for (const auto& p : record.participants) batch.push_back(p);
  for (const auto& r : record.rounds) batch.push_back(store::StartRound{record.session.code, r.id, r.config, r.started_ms});
  for (const auto& e : record.events) batch.push_back(e);
  for (const auto& r : record.rounds) {
    if (r.ended_ms) batch.push_back(store::EndRound{record.session.code, r.id, *r.ended_ms});
  }
  if (record.session.closed_ms) batch.push_back(store::CloseSession{record.session.code, *record.session.closed_ms});
  std::promise<store::Outcome> done;
  store.append(std::move(batch), [&done](const store::Outcome& o) { done.set_value(o); });
  const auto outcome = done.get_future().get();
  if (!outcome.ok()) throw std::runtime_error("cannot write the test session: " + outcome.error);
}

}  // namespace earshot::test
