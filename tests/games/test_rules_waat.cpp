// WAAT: one word per turn, punctuation, variants, the ends of a story, retell and title vote.
#include <doctest/doctest.h>

#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

namespace {

json waat(json extra = json::object()) {
  json j = make_config("waat", {{"p1", "p2"}}, {{"title", "The printer"}, {"turnMs", 10000}});
  j.update(extra);
  return j;
}

std::string story(const CircleState& c) {
  std::string s;
  for (const auto& e : c.transcript) {
    if (!e.pass.empty()) continue;
    s += (s.empty() ? "" : " ") + e.text + e.end;
  }
  return s;
}

}  // namespace

TEST_CASE("waat: exactly one word per turn, punctuation attached or as its own action") {
  Table t(waat());
  t.facilitator("start");
  CHECK(t.view_of("p1")["title"] == "The printer");
  CHECK(t.send("p1", "end_sentence") == "not_allowed");  // nothing to end yet
  CHECK(t.word("p1", "once upon") == "not_one_word");
  CHECK(t.word("p1", "!!") == "not_one_word");
  CHECK(t.word("p1", std::string(41, 'a')) == "answer_too_long");
  CHECK(t.word("p1", "Once") == "");
  CHECK(t.word("p2", "it's") == "");
  CHECK(t.word("p1", "jammed?!") == "");
  CHECK(t.circle().transcript.back().end == "?!");
  CHECK(t.send("p2", "end_sentence") == "not_allowed");  // already ends with punctuation
  CHECK(t.word("p2", "Paper-tray") == "");
  CHECK(t.send("p1", "end_sentence", {{"mark", ";"}}) == "bad_command");
  CHECK(t.send("p2", "end_sentence") == "not_your_turn");
  CHECK(t.send("p1", "end_sentence", {{"mark", "!"}}) == "");
  CHECK(t.turn() == "p1");  // ending a sentence does not use up the turn
  CHECK(story(t.circle()) == "Once it's jammed?! Paper-tray!");
}

TEST_CASE("waat: no-repeat refuses words already in the story") {
  Table t(waat({{"noRepeat", true}}));
  t.facilitator("start");
  t.word("p1", "The");
  CHECK(t.word("p2", "the") == "repeated_word");
  CHECK(t.word("p2", "printers") == "");
  CHECK(t.word("p1", "printer.") == "repeated_word");
}

TEST_CASE("waat: 1-2-3 gives 1, 2, 3, 2, 1 ... words per turn, one cycle each") {
  Table t(waat({{"oneTwoThree", true}}));
  t.facilitator("start");
  const std::vector<std::string> expected = {"p1", "p2",              // cycle 0: one word each
                                             "p1", "p1", "p2", "p2",  // cycle 1: two
                                             "p1", "p1", "p1", "p2", "p2", "p2",  // cycle 2: three
                                             "p1", "p1", "p2", "p2",              // cycle 3: two
                                             "p1", "p2"};                         // cycle 4: one again
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(t.turn() == expected[i]);
    CHECK(t.host()["circles"][0]["wordsLeftThisTurn"].get<int>() >= 1);
    CHECK(t.word(expected[i], "w" + std::to_string(i)) == "");
  }
  // A pass ends the whole turn.
  t.word("p1", "x");
  CHECK(t.turn() == "p1");
  t.send("p1", "pass");
  CHECK(t.turn() == "p2");
}

TEST_CASE("waat: the story ends with \"The End\", or at the word limit") {
  Table t(waat());
  t.facilitator("start");
  t.word("p1", "Fixed");
  t.word("p2", "the");
  CHECK(t.phase() == Phase::turns);
  t.word("p1", "end.");
  CHECK(t.circle().done == "the_end");
  CHECK(t.phase() == Phase::ended);

  Table limit(waat({{"wordLimit", 3}}));
  limit.facilitator("start");
  limit.word("p1", "a");
  limit.send("p2", "pass");
  limit.word("p1", "b");
  limit.word("p2", "c");
  CHECK(limit.circle().done == "word_limit");
}

TEST_CASE("waat: retell after the story, then a title vote, the story is hidden until the end in listening mode") {
  Table t(make_config("waat", {{"p1", "p2"}, {"p3", "p4"}},
                      {{"listening", true}, {"retell", true}, {"titleVote", true}, {"retellMs", 30000}}));
  t.facilitator("start");
  t.word("p1", "Urgent");
  t.word("p3", "Coffee");
  CHECK(t.facilitator("next") == "");  // the facilitator ends both stories
  CHECK(t.circle(0).done == "facilitator");
  CHECK(t.phase() == Phase::answering);
  CHECK(t.view_of("p1")["set"]["kind"] == "retell");
  CHECK(t.view_of("p1")["circles"][0]["hidden"] == true);  // retell from memory
  CHECK(t.answer("p1", "Something was urgent.") == "");
  CHECK(t.answer("p2", std::string(201, 'x')) == "answer_too_long");
  t.answer("p2", "A call.");
  t.answer("p3", "Coffee first.");
  t.answer("p4", "Too much coffee.");
  CHECK(t.phase() == Phase::closed);
  t.facilitator("reveal");
  CHECK_FALSE(t.stage()["set"].contains("clusters"));  // retellings side by side, not grouped
  CHECK(t.stage()["set"]["answers"].size() == 4);
  t.facilitator("next");
  CHECK(t.view_of("p1")["set"]["kind"] == "title");
  t.answer("p1", "Urgent!");
  t.answer("p2", "The call");
  t.answer("p3", "Morning");
  t.answer("p4", "Coffee");
  t.facilitator("reveal");
  t.facilitator("next");
  CHECK(t.phase() == Phase::picking);
  CHECK(t.view_of("p1")["set"]["pick"] == "vote");
  CHECK(t.send("p1", "pick", {{"answer", 1}}) == "not_allowed");  // own title
  CHECK(t.send("p1", "pick", {{"answer", 3}}) == "not_allowed");  // other circle's story
  CHECK(t.send("p1", "pick", {{"answer", 9}}) == "unknown_answer");
  CHECK(t.send("p1", "pick", {{"answer", "2"}}) == "bad_command");
  CHECK(t.send("p1", "pick", {{"answer", 2}}) == "");
  CHECK(t.send("p1", "pick", {{"answer", 2}}) == "already_answered");
  CHECK(t.view_of("p1")["set"]["myPick"] == 2);
  t.send("p2", "pick", {{"answer", 1}});
  t.send("p3", "pick", {{"answer", 4}});
  CHECK(t.phase() == Phase::picking);
  t.send("p4", "pick", {{"answer", 3}});
  CHECK(t.phase() == Phase::ended);
  CHECK(t.round.state().end_reason == "all_picked");
  CHECK(t.view_of("p1")["circles"][0]["transcript"][0]["text"] == "Urgent");
  const json r = t.round.results();
  REQUIRE(r["sets"].size() == 2);
  CHECK(r["sets"][0]["kind"] == "retell");
  CHECK(r["sets"][1]["pickCounts"] == json{{{"answer", 1}, {"count", 1}}, {{"answer", 2}, {"count", 1}},
                                           {{"answer", 3}, {"count", 1}}, {{"answer", 4}, {"count", 1}}});
}

TEST_CASE("waat: the picking phase ends on its timer") {
  Table t(waat({{"titleVote", true}, {"titleMs", 5000}, {"voteMs", 5000}}));
  t.facilitator("start");
  t.facilitator("next");
  t.answer("p1", "One");
  t.answer("p2", "Two");
  t.facilitator("reveal");
  t.facilitator("next");
  t.now += 5000;
  CHECK(t.send("p1", "pick", {{"answer", 2}}) == "too_late");
  CHECK(t.phase() == Phase::ended);
  CHECK(t.round.state().end_reason == "timeout");
}
