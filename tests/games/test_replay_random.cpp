// Many random rounds of every game and variant, driven by random commands and times. After every
// step: replaying the log gives the same state, no timer was skipped or overrun, no word or answer
// was accepted after its deadline, every audience sees only what it may, and each circle has one
// turn holder. The generator is the rules' own SplitMix64, so a failure replays exactly.
#include <doctest/doctest.h>

#include <map>

#include <algorithm>

#include "games/rng.hpp"
#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

namespace {

class Dice {
 public:
  explicit Dice(std::uint64_t seed) : rng_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_.next() % n); }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

 private:
  SplitMix64 rng_;
};

json random_config(Dice& d) {
  const std::string game = d.pick<std::string>({"chain", "burst", "waat", "spiv"});
  std::vector<std::vector<std::string>> circles(1 + d.below(3));
  int next = 1;
  for (auto& c : circles) {
    for (std::size_t i = 0, n = 1 + d.below(4); i < n; ++i) c.push_back("p" + std::to_string(next++));
  }
  json extra = {{"order", d.chance(50) ? "shuffle" : "set"}, {"seed", d.below(1000)}};
  if (game == "chain" || game == "waat") {
    extra["turnMs"] = 1000 + 1000 * static_cast<int>(d.below(5));
    extra["noRepeat"] = d.chance(30);
    extra["listening"] = d.chance(50);
    extra["listeningStage"] = extra["listening"].get<bool>() && d.chance(50);
  }
  if (game == "chain") {
    extra["seedWord"] = "cold";
    extra["phraseWords"] = 1 + d.below(3);
    extra["maxTurns"] = d.below(20);
    extra["timeBudgetMs"] = d.chance(30) ? 20000 : 0;
  } else if (game == "waat") {
    extra["wordLimit"] = d.below(30);
    extra["oneTwoThree"] = d.chance(50);
    extra["retell"] = d.chance(50);
    extra["titleVote"] = d.chance(50);
    extra["retellMs"] = extra["titleMs"] = extra["voteMs"] = 5000;
  } else {
    extra["answerMs"] = 2000 + 2000 * static_cast<int>(d.below(4));
    extra["anonymous"] = d.chance(50);
    if (game == "burst") extra["stimuli"] = {"winter", "coffee", "printer"};
    if (game == "spiv") {
      extra["prompt"] = "a quick fix";
      extra["pick"] = d.pick<std::string>({"none", "closest", "surprising"});
      extra["pickMs"] = 4000;
      extra["predict"] = d.chance(50);
    }
  }
  return make_config(game, circles, extra);
}

Command random_command(Dice& d, const Round& round, int& counter) {
  std::vector<std::string> people{"p99"};  // an outsider now and then
  for (const auto& [id, p] : round.state().people) people.push_back(id);
  const std::string who = d.pick(people);
  // Words often unique (so leaks are easy to spot), sometimes repeated, sometimes invalid.
  const std::string text = d.pick<std::string>({"tea", "Tea!", "the", "end", "two words", "", "x\x01", "fix."}) +
                           (d.chance(60) ? "w" + std::to_string(++counter) : "");
  if (d.chance(15)) {
    static const std::vector<std::string> steering{"start", "pause", "resume", "skip", "reveal", "next", "next", "end"};
    Command c{d.pick(steering), "facilitator", json::object()};
    if (!round.state().circles.empty()) c.data["circle"] = d.pick(round.config().circles).id;
    if (d.chance(3)) c.kind = "leave", c.data["participant"] = who;
    if (d.chance(3)) c.kind = "join", c.data["participant"] = "p" + std::to_string(50 + d.below(5));
    return c;
  }
  if (d.chance(8)) return {"presence", "server", {{"participant", who}, {"online", d.chance(60)}}};
  switch (d.below(8)) {
    case 0: return {"pass", who, json::object()};
    case 1: return {"end_sentence", who, {{"mark", d.pick<std::string>({".", "?", "x"})}}};
    case 2: return {"predict", who, {{"text", text}}};
    case 3: return {"pick", who, {{"answer", static_cast<int>(d.below(6))}}};
    case 4: return {"react", who, {{"reaction", d.pick<std::string>({"applause", "boo"})}}};
    case 5: return {"answer", who, {{"text", text}}};
    default: return {"word", who, {{"text", text}}};
  }
}

// Checks an event against the state just before it: nothing that was due got skipped, and plays
// came in before their deadline.
void check_event_timing(const Round& before, const Event& e) {
  const RoundState& s = before.state();
  if (!s.paused) {
    if (const auto due = before.next_deadline()) CHECK(*due >= e.at);  // no timeout left behind
  }
  const Person* who = s.people.count(e.actor) ? &s.people.at(e.actor) : nullptr;
  if (e.kind == "word" || (e.kind == "pass" && e.actor == e.data.value("participant", ""))) {
    REQUIRE(who);
    const CircleState& c = *std::find_if(s.circles.begin(), s.circles.end(), [&](const auto& x) { return x.id == e.circle; });
    CHECK(s.phase == Phase::turns);
    CHECK_FALSE(s.paused);
    CHECK(c.order.at(c.holder) == e.actor);
    CHECK(c.turn.deadline > e.at);
  }
  if (e.kind == "answer" || e.kind == "predict" || e.kind == "pick") {
    REQUIRE(who);
    CHECK_FALSE(s.paused);
    CHECK(s.phase_timer.active);
    CHECK(s.phase_timer.deadline > e.at);
  }
  if (e.kind == "pass" && e.data.value("reason", "") == "timeout") {
    const CircleState& c = *std::find_if(s.circles.begin(), s.circles.end(), [&](const auto& x) { return x.id == e.circle; });
    CHECK(c.turn.deadline == e.at);
  }
}

// Texts made unique by the driver carry a number.
bool marked(const std::string& text) { return text.find_first_of("0123456789") != std::string::npos; }

// Who may see what, checked on the views of every audience.
void check_views(const Round& round) {
  const RoundState& s = round.state();
  const RoundConfig& config = round.config();
  std::vector<Audience> audiences{Audience::stage(), Audience::facilitator()};
  for (const auto& [id, p] : s.people) audiences.push_back(Audience::of_participant(id));
  const AnswerSet* set = s.set >= 0 && s.phase != Phase::ended ? &s.sets.at(static_cast<std::size_t>(s.set)) : nullptr;

  std::map<std::string, json> shared_by_group, common_by_group;
  for (const auto& a : audiences) {
    const json v = round.view(a);
    const std::string dump = v.dump();
    const bool participant = a.kind == Audience::Kind::participant;
    // The two pieces a server may send instead make up exactly the same view, and the shared
    // piece is the same for everyone in the group.
    json merged = round.personal_view(a);
    const json shared = round.shared_view(a);
    const std::string group = round.shared_group(a);
    for (const auto& [key, value] : shared.items()) {
      CHECK_FALSE(merged.contains(key));
      merged[key] = value;
    }
    CHECK(merged == v);
    // And the personal piece is the common one (the same for every participant in the round)
    // with the audience's own members added.
    json personal = round.common_view(a);
    const json own = round.own_view(a);
    for (const auto& [key, value] : own.items()) {
      CHECK_FALSE(personal.contains(key));
      personal[key] = value;
    }
    CHECK(personal == round.personal_view(a));
    // As text too: the common members, a comma only when both pieces have members, the own ones.
    const std::string common_text = round.common_text(a), own_text = round.own_text(a);
    CHECK(round.personal_text(a) == common_text + (!common_text.empty() && !own_text.empty() ? "," : "") + own_text);
    // The append_ forms add exactly the same texts after whatever a server's string holds already.
    const std::string before = R"({"earlier":1},)";
    std::string out = before;
    round.append_common_text(out, a);
    CHECK(out == before + common_text);
    out = before;
    round.append_own_text(out, a);
    CHECK(out == before + own_text);
    out = before;
    round.append_shared_text(out, a);
    CHECK(out == before + round.shared_text(a));
    out = before;
    round.append_personal_text(out, a);
    CHECK(out == before + round.personal_text(a));
    if (const std::string common = round.common_group(a); !common.empty()) {
      CHECK(participant);
      auto [it, fresh] = common_by_group.try_emplace(common, round.common_view(a));
      if (!fresh) CHECK(it->second == round.common_view(a));
    }
    if (group.empty()) {
      CHECK(shared.empty());
    } else {
      CHECK(participant);
      auto [it, fresh] = shared_by_group.try_emplace(group, shared);
      if (!fresh) CHECK(it->second == shared);
    }
    if (set && !set->revealed) {
      REQUIRE(v.contains("set"));
      CHECK_FALSE(v["set"].contains("answers"));
      CHECK_FALSE(v["set"].contains("clusters"));
      CHECK_FALSE(v["set"].contains("guesses"));
      for (const auto& ans : set->answers) {
        // Answers made unique by the driver ("teaw17") must not leak to anyone but their author.
        const bool mine = participant && ans.participant == a.participant;
        if (!mine && marked(ans.text)) CHECK(dump.find("\"" + ans.text + "\"") == std::string::npos);
      }
      for (const auto& [guesser, guess] : set->guesses) {
        if (!(participant && guesser == a.participant) && marked(guess)) {
          CHECK(dump.find("\"" + guess + "\"") == std::string::npos);
        }
      }
    }
    if (s.phase == Phase::picking && set) {
      CHECK_FALSE(v["set"].contains("picks"));
    }
    if (config.turn_based() && s.phase != Phase::lobby) {
      const bool hidden = config.listening && s.phase != Phase::ended &&
                          (participant || (a.kind == Audience::Kind::stage && config.listening_stage));
      for (const auto& c : v["circles"]) CHECK(c.contains("transcript") != hidden);
      if (participant) CHECK(v["circles"].size() == 1);
    }
    const bool anonymous_to_them = config.anonymous && a.kind != Audience::Kind::facilitator;
    if (anonymous_to_them && set && set->revealed) {
      for (const auto& ans : v["set"]["answers"]) {
        if (ans.contains("participant")) CHECK((participant && ans["participant"] == a.participant));
      }
    }
  }
}

void check_invariants(const Round& round) {
  const RoundState& s = round.state();
  for (const auto& c : s.circles) {
    const bool playing = s.phase == Phase::turns && c.done.empty();
    if (playing) {
      REQUIRE_FALSE(c.order.empty());
      CHECK(c.holder < c.order.size());  // exactly one turn holder
      CHECK(c.turn.active);
    } else {
      CHECK_FALSE(c.turn.active);
    }
  }
  const bool timed = s.phase == Phase::answering || s.phase == Phase::picking ||
                     (s.phase == Phase::turns && round.config().time_budget_ms > 0);
  CHECK(s.phase_timer.active == timed);
}

}  // namespace

TEST_CASE("random rounds: replay, timing, visibility and invariants hold after every step") {
  for (std::uint64_t seed = 1; seed <= 120; ++seed) {
    CAPTURE(seed);
    Dice d(seed);
    Table t(random_config(d));
    Round shadow(t.round.config());  // follows the log event by event, to check each against its past
    int counter = 0;
    std::size_t checked = 0;
    t.facilitator("start");
    for (int step = 0; step < 250 && t.phase() != Phase::ended; ++step) {
      CAPTURE(step);
      if (d.chance(30)) {
        t.advance(static_cast<std::int64_t>(d.below(6000)));
        if (const auto next = t.round.next_deadline()) CHECK(*next > t.now);  // every due timeout ran
      } else {
        t.now += static_cast<std::int64_t>(d.below(1500));
        const Command c = random_command(d, t.round, counter);
        t.send(c.actor, c.kind, c.data);
      }
      for (; checked < t.log.size(); ++checked) {
        check_event_timing(shadow, t.log[checked]);
        shadow.apply(t.log[checked]);
      }
      CHECK(shadow.state() == t.round.state());
      const Round fresh = replay(t.round.config(), t.log);
      CHECK(fresh.state() == t.round.state());
      // Views are written from text kept between events (each circle's): the live round, which
      // wrote views after every step, shows exactly what a round that never wrote one shows.
      std::vector<Audience> audiences{Audience::stage(), Audience::facilitator()};
      for (const auto& [id, p] : fresh.state().people) audiences.push_back(Audience::of_participant(id));
      for (const auto& a : audiences) CHECK(t.round.view(a) == fresh.view(a));
      check_invariants(t.round);
      check_views(t.round);
    }
    t.facilitator("end");
    const Round ended = replay(t.round.config(), t.log);
    CHECK(ended.results() == t.round.results());
    // The ended round's views carry the results (kept as text between events, like the circles):
    // the same in the live round, which wrote them before, as in one that never did.
    std::vector<Audience> audiences{Audience::stage(), Audience::facilitator()};
    for (const auto& [id, p] : ended.state().people) audiences.push_back(Audience::of_participant(id));
    for (const auto& a : audiences) {
      const auto view = t.round.view(a);
      CHECK(view == ended.view(a));
      if (a.kind != Audience::Kind::participant || view["you"].is_object()) CHECK(view.contains("results"));
    }
  }
}
