// The typed results model (games/results.hpp): what it holds with names and without, and that
// the JSON results are its JSON form.
#include <doctest/doctest.h>

#include "games/results.hpp"
#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

namespace {

// SPIV with predict and pick, two circles: every part of an answer set's results is there.
Table played_spiv() {
  Table t(make_config("spiv", {{"p1", "p2"}, {"p3", "p4"}},
                      {{"prompt", "a quick fix"}, {"answerMs", 30000}, {"predict", true}, {"pick", "closest"}, {"pickMs", 20000}}));
  t.facilitator("start");
  const auto partner = [&](const std::string& p) { return t.round.state().people.at(p).partner; };
  const std::map<std::string, std::string> said = {{"p1", "restart"}, {"p2", "duct tape"}, {"p3", "Restart!"}, {"p4", "coffee"}};
  for (const auto& [p, text] : said) {
    t.answer(p, text);
    t.send(p, "predict", {{"text", said.at(partner(p))}});
  }
  t.facilitator("reveal");
  t.facilitator("next");
  t.send("p1", "pick", {{"answer", 2}});
  t.send("p2", "pick", {{"answer", 1}});
  t.send("p3", "pick", {{"answer", 4}});
  t.send("p4", "pick", {{"answer", 3}});
  return t;
}

}  // namespace

TEST_CASE("results: the model of an answer set, with names") {
  const Table t = played_spiv();
  REQUIRE(t.phase() == Phase::ended);
  const RoundResults r = t.round.results_model(true);
  CHECK(r.named);
  CHECK(r.circles.empty());  // not a turn-based game
  REQUIRE(r.sets.size() == 1);
  const SetResults& s = r.sets[0];
  CHECK(s.kind == "prompt");
  CHECK(s.answers.size() == 4);
  REQUIRE(s.clusters);
  CHECK(s.clusters->front().label == "restart");
  CHECK(s.clusters->front().count == 2);
  CHECK(s.clusters->front().participants == std::vector<std::string>{"p1", "p3"});
  CHECK(s.clusters->front().answers == std::vector<int>{1, 3});
  REQUIRE(s.measures);
  CHECK(s.measures->answers == 4);
  CHECK(s.circles.size() == 2);
  REQUIRE(s.predict);
  CHECK(s.predict->measures.pairs == 4);
  CHECK(s.predict->measures.matches == 4);
  CHECK(s.predict->guesses.size() == 4);
  REQUIRE(s.picks);
  CHECK(s.picks->picks.size() == 4);
  CHECK(s.picks->counts.size() == 4);
  CHECK(r.participants.size() == 4);
  REQUIRE(r.comparison);
  CHECK(r.comparison->circles == std::vector<std::string>{"c1", "c2"});
}

TEST_CASE("results: without names the model keeps the counts and drops every participant id") {
  const Table t = played_spiv();
  const RoundResults r = t.round.results_model(false);
  CHECK_FALSE(r.named);
  const SetResults& s = r.sets.at(0);
  for (const auto& a : s.answers) CHECK(a.participant.empty());
  for (const auto& c : *s.clusters) CHECK(c.participants.empty());
  CHECK(s.clusters->front().count == 2);
  CHECK(s.measures->unique_participants.empty());
  for (const auto& c : s.circles) CHECK(c.measures.unique_participants.empty());
  CHECK(s.predict->guesses.empty());
  CHECK(s.predict->measures.results.empty());
  CHECK(s.predict->measures.matches == 4);
  CHECK(s.picks->picks.empty());
  CHECK(s.picks->counts.size() == 4);
}

TEST_CASE("results: the JSON results are the model's JSON form") {
  const Table t = played_spiv();
  CHECK(t.round.results() == json(t.round.results_model(true)));
  const json unnamed = t.round.results_model(false);
  const json set = unnamed["sets"][0];
  CHECK_FALSE(set["answers"][0].contains("participant"));
  CHECK_FALSE(set["clusters"][0].contains("participants"));
  CHECK_FALSE(set["measures"].contains("uniqueParticipants"));
  CHECK_FALSE(set["predict"].contains("guesses"));
  CHECK_FALSE(set["predict"].contains("results"));
  CHECK_FALSE(set.contains("picks"));
  CHECK(set["pickCounts"].size() == 4);
}
