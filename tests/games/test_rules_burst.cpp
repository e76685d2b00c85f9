// Word association, burst, and the simultaneous-answer framework it shares with SPIV, retell and
// title vote: private answers within the timer, reveal, grouping.
#include <doctest/doctest.h>

#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

namespace {

json burst(json extra = json::object()) {
  json j = make_config("burst", {{"p1", "p2", "p3"}}, {{"stimuli", {"winter", "coffee"}}, {"answerMs", 10000}});
  j.update(extra);
  return j;
}

}  // namespace

TEST_CASE("burst: everyone answers once within the timer") {
  Table t(burst());
  CHECK(t.answer("p1", "cold") == "wrong_phase");
  t.facilitator("start");
  CHECK(t.phase() == Phase::answering);
  CHECK(t.view_of("p1")["set"]["prompt"] == "winter");
  t.now += 2500;
  CHECK(t.answer("p1", " Cold ") == "");
  CHECK(t.round.state().sets[0].answers[0].text == "Cold");
  CHECK(t.round.state().sets[0].answers[0].response_ms == 2500);
  CHECK(t.answer("p1", "snow") == "already_answered");
  CHECK(t.answer("p2", "") == "empty_answer");
  CHECK(t.answer("p2", std::string(41, 'x')) == "answer_too_long");
  CHECK(t.answer("p2", "\xc0\xaf") == "invalid_text");
  CHECK(t.answer("p9", "cold") == "unknown_participant");
  CHECK(t.send("p2", "word", {{"text", "cold"}}) == "not_allowed");
  CHECK(t.send("p2", "pick", {{"answer", 1}}) == "wrong_phase");
  CHECK(t.send("p2", "predict", {{"text", "cold"}}) == "not_allowed");
  CHECK(t.send("p2", "dance") == "unknown_command");
  CHECK(t.send("p2", "reveal") == "not_allowed");  // steering is for the facilitator
  CHECK(t.send("p2", "presence", {{"participant", "p2"}, {"online", false}}) == "not_allowed");
}

TEST_CASE("burst: the timer closes answering, late answers are refused") {
  Table t(burst());
  t.facilitator("start");
  t.answer("p1", "cold");
  t.now += 10000;
  CHECK(t.answer("p2", "snow") == "too_late");
  REQUIRE(t.last_events.size() == 1);
  CHECK(t.last_events[0].data == json{{"to", "closed"}, {"reason", "timeout"}});
  CHECK(t.phase() == Phase::closed);
  CHECK(t.answer("p3", "snow") == "too_late");
  CHECK(t.round.state().sets[0].answers.size() == 1);
}

TEST_CASE("burst: answering closes early once everyone online has answered") {
  Table t(burst());
  t.send("server", "presence", {{"participant", "p3"}, {"online", false}});
  t.facilitator("start");
  t.answer("p1", "cold");
  CHECK(t.phase() == Phase::answering);
  t.answer("p2", "snow");
  CHECK(t.phase() == Phase::closed);
  CHECK(t.last_events.back().data["reason"] == "all_answered");
  CHECK_FALSE(t.round.next_deadline());
}

TEST_CASE("burst: answers are hidden from everyone until the reveal, except one's own") {
  Table t(burst());
  t.facilitator("start");
  t.answer("p1", "cold");
  t.answer("p2", "Cold!");
  for (const json& v : {t.stage(), t.host(), t.view_of("p2"), t.view_of("p3")}) {
    CHECK_FALSE(v["set"].contains("answers"));
    CHECK(v["set"]["answered"] == 2);
    CHECK(v.dump().find("\"cold\"") == std::string::npos);
  }
  CHECK(t.view_of("p2")["set"]["mine"]["text"] == "Cold!");
  CHECK(t.host()["set"]["answeredBy"] == json{"p1", "p2"});
  CHECK(t.facilitator("next") == "wrong_phase");
  CHECK(t.facilitator("reveal") == "");  // may reveal before the timer ends
  CHECK(t.phase() == Phase::revealed);
  CHECK(t.answer("p3", "snow") == "too_late");
  const json stage = t.stage()["set"];
  CHECK(stage["answers"].size() == 2);
  REQUIRE(stage["clusters"].size() == 1);
  CHECK(stage["clusters"][0]["count"] == 2);
  CHECK(stage["clusters"][0]["answers"] == json{1, 2});
  CHECK(stage["clusters"][0]["participants"] == json{"p1", "p2"});
}

TEST_CASE("burst: next moves through the stimuli, then the round ends") {
  Table t(burst());
  t.facilitator("start");
  t.answer("p1", "cold");
  CHECK(t.facilitator("skip") == "");
  CHECK(t.phase() == Phase::closed);
  CHECK(t.facilitator("skip") == "wrong_phase");
  CHECK(t.facilitator("reveal") == "");
  CHECK(t.facilitator("reveal") == "wrong_phase");
  CHECK(t.facilitator("next") == "");
  CHECK(t.phase() == Phase::answering);
  CHECK(t.round.state().set == 1);
  CHECK(t.view_of("p1")["set"]["prompt"] == "coffee");
  CHECK_FALSE(t.view_of("p1")["set"].contains("mine"));
  CHECK(t.answer("p1", "cold") == "");  // a new stimulus, a new answer
  t.advance(10000);
  t.facilitator("reveal");
  t.facilitator("next");
  CHECK(t.phase() == Phase::ended);
  CHECK(t.round.state().end_reason == "complete");  // moved on from the last stimulus: played through
  const json r = t.round.results();
  REQUIRE(r["sets"].size() == 2);
  CHECK(r["sets"][1]["prompt"] == "coffee");
  CHECK(r["sets"][1]["answers"][0]["participant"] == "p1");
  // The stage sees the results too once the round has ended.
  CHECK(t.stage()["results"]["sets"].size() == 2);
  CHECK_FALSE(t.stage().contains("set"));
}

TEST_CASE("burst: anonymous rounds reveal answers without names, except one's own and to the facilitator") {
  Table t(burst({{"anonymous", true}}));
  t.facilitator("start");
  t.answer("p1", "cold");
  t.answer("p2", "snow");
  t.facilitator("reveal");
  const json stage = t.stage()["set"];
  CHECK(stage["answers"].size() == 2);
  CHECK(stage.dump().find("\"p1\"") == std::string::npos);
  CHECK(stage.dump().find("\"p2\"") == std::string::npos);
  const json mine = t.view_of("p1")["set"]["answers"];
  CHECK(mine[0]["participant"] == "p1");
  CHECK_FALSE(mine[1].contains("participant"));
  CHECK(t.host()["set"]["answers"][1]["participant"] == "p2");
  t.facilitator("end");
  CHECK(t.stage()["results"]["sets"][0].dump().find("\"p2\"") == std::string::npos);
  CHECK(t.host()["results"]["sets"][0]["answers"][1]["participant"] == "p2");
}

TEST_CASE("reactions are counted in any phase, unknown reactions are refused") {
  Table t(burst());
  CHECK(t.send("p1", "react", {{"reaction", "applause"}}) == "");
  t.facilitator("start");
  t.facilitator("pause");
  CHECK(t.send("p2", "react", {{"reaction", "applause"}}) == "");
  CHECK(t.send("p2", "react", {{"reaction", "boo"}}) == "bad_command");
  CHECK(t.send("p9", "react", {{"reaction", "wow"}}) == "unknown_participant");
  t.facilitator("end");
  CHECK(t.send("p3", "react", {{"reaction", "laugh"}}) == "");
  CHECK(t.stage()["reactions"] == json{{"applause", 2}, {"laugh", 1}});
  CHECK(t.round.results()["reactions"]["applause"] == 2);
}

TEST_CASE("someone just watching may react and do nothing else, and their reactions count and replay") {
  Table t(burst());
  t.facilitator("start");
  CHECK(t.send("watcher", "react", {{"reaction", "laugh"}}) == "");
  CHECK(t.send("watcher", "react", {{"reaction", "boo"}}) == "bad_command");
  CHECK(t.send("watcher", "answer", {{"text", "hello"}}) == "not_allowed");
  CHECK(t.send("watcher", "pass") == "not_allowed");
  CHECK(t.stage()["reactions"] == json{{"laugh", 1}});
  const auto replayed = replay(t.round.config(), t.log);
  CHECK(replayed.results()["reactions"]["laugh"] == 1);
  // Nobody can be a participant called "watcher".
  CHECK_FALSE(valid_id("watcher"));
}

TEST_CASE("the facilitator's notes are kept and shown to the facilitator only") {
  Table t(burst());
  CHECK(t.facilitator("note", {{"text", "  great energy  "}}) == "");
  CHECK(t.facilitator("note", {{"text", std::string(501, 'x')}}) == "answer_too_long");
  CHECK(t.host()["notes"] == json{"great energy"});
  CHECK_FALSE(t.stage().contains("notes"));
  CHECK(t.facilitator("shout") == "unknown_command");
  CHECK(t.send("server", "shout") == "unknown_command");
  CHECK(t.round.handle(Command{"note", "facilitator", json::array()}, t.now).rejection->code == "bad_command");
}
