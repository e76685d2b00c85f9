// SPIV: private answers, reveal, pick (closest / surprising) and predict.
#include <doctest/doctest.h>

#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

namespace {

json spiv(json extra = json::object()) {
  json j = make_config("spiv", {{"p1", "p2", "p3"}}, {{"prompt", "a quick fix"}, {"answerMs", 30000}});
  j.update(extra);
  return j;
}

}  // namespace

TEST_CASE("spiv: the prompt is shown from the start, answers stay private until the reveal") {
  Table t(spiv());
  CHECK_FALSE(t.view_of("p1").contains("set"));
  t.facilitator("start");
  CHECK(t.stage()["set"]["prompt"] == "a quick fix");
  t.answer("p1", "restart it");
  t.answer("p2", "duct tape");
  CHECK(t.stage()["set"]["answered"] == 2);
  CHECK(t.stage().dump().find("duct") == std::string::npos);
  CHECK(t.host().dump().find("duct") == std::string::npos);
  CHECK(t.view_of("p1").dump().find("duct") == std::string::npos);
  CHECK(t.view_of("p2")["set"]["mine"]["text"] == "duct tape");
  CHECK(t.view_of("outsider") == json{{"game", "spiv"}, {"phase", "answering"}, {"paused", false}, {"you", nullptr}});
  t.answer("p3", "Restart it!");
  t.facilitator("reveal");
  const json set = t.view_of("p3")["set"];
  CHECK(set["answers"].size() == 3);
  REQUIRE(set["clusters"].size() == 2);
  CHECK(set["clusters"][0]["count"] == 2);
  t.facilitator("next");
  CHECK(t.phase() == Phase::ended);  // no pick step configured
}

TEST_CASE("spiv: pick the answer closest to what you meant, not your own") {
  Table t(spiv({{"pick", "closest"}, {"pickMs", 20000}}));
  t.facilitator("start");
  t.answer("p1", "restart it");
  t.answer("p2", "duct tape");
  t.answer("p3", "a hack");
  t.facilitator("reveal");
  CHECK(t.send("p1", "pick", {{"answer", 2}}) == "wrong_phase");
  t.facilitator("next");
  CHECK(t.view_of("p1")["set"]["pick"] == "closest");
  CHECK(t.send("p1", "pick", {{"answer", 1}}) == "not_allowed");
  CHECK(t.send("p1", "pick", {{"answer", 0}}) == "unknown_answer");
  CHECK(t.send("p1", "pick", {{"answer", 3}}) == "");
  CHECK(t.stage()["set"]["picked"] == 1);
  CHECK_FALSE(t.stage()["set"].contains("picks"));
  t.send("p2", "pick", {{"answer", 3}});
  t.send("p3", "pick", {{"answer", 2}});
  CHECK(t.phase() == Phase::ended);
  const json r = t.round.results()["sets"][0];
  CHECK(r["picks"] == json{{{"participant", "p1"}, {"answer", 3}}, {{"participant", "p2"}, {"answer", 3}},
                           {{"participant", "p3"}, {"answer", 2}}});
  CHECK(r["pickCounts"] == json{{{"answer", 2}, {"count", 1}}, {{"answer", 3}, {"count", 2}}});
}

TEST_CASE("spiv: predict pairs everyone with the next in the order and scores the guesses") {
  Table t(spiv({{"predict", true}}));
  t.facilitator("start");
  CHECK(t.round.state().people.at("p1").partner == "p2");
  CHECK(t.round.state().people.at("p3").partner == "p1");
  CHECK(t.view_of("p1")["set"]["partner"] == "p2");
  CHECK(t.send("p1", "predict", {{"text", "duct tape"}}) == "");
  CHECK(t.send("p1", "predict", {{"text", "tape"}}) == "already_answered");
  CHECK(t.view_of("p1")["set"]["myGuess"] == "duct tape");
  CHECK(t.stage().dump().find("duct") == std::string::npos);
  t.answer("p1", "restart");
  t.answer("p2", "Duct tape!");
  t.answer("p3", "coffee");
  t.send("p2", "predict", {{"text", "a reboot"}});
  CHECK(t.phase() == Phase::answering);  // p3 has not predicted yet
  t.send("p3", "predict", {{"text", "restart"}});
  CHECK(t.phase() == Phase::closed);
  CHECK(t.send("p3", "predict", {{"text", "x"}}) == "too_late");
  t.facilitator("reveal");
  CHECK(t.stage()["set"]["guesses"]["p1"] == "duct tape");
  t.facilitator("next");
  const json p = t.round.results()["sets"][0]["predict"];
  REQUIRE(p["guesses"].size() == 3);
  CHECK(p["guesses"][0] == json{{"guesser", "p1"}, {"target", "p2"}, {"guess", "duct tape"}, {"actual", "Duct tape!"}});

  Table alone(make_config("spiv", {{"p1"}}, {{"prompt", "urgent"}, {"predict", true}}));
  alone.facilitator("start");
  CHECK(alone.send("p1", "predict", {{"text", "x"}}) == "not_allowed");
  alone.answer("p1", "now");
  CHECK(alone.phase() == Phase::closed);  // nobody to predict, so the answer is enough
}
