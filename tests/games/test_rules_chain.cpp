// Word association, chain, and the turn framework it shares with WAAT: order, passes, timers,
// pause, membership, listening mode.
#include <doctest/doctest.h>

#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

namespace {

json chain(json extra = json::object()) {
  json j = make_config("chain", {{"p1", "p2", "p3"}}, {{"seedWord", "cold"}, {"turnMs", 5000}});
  j.update(extra);
  return j;
}

}  // namespace

TEST_CASE("chain: players answer in order, each answer passes the turn") {
  Table t(chain());
  CHECK(t.word("p1", "snow") == "wrong_phase");  // not started
  CHECK(t.facilitator("start") == "");
  CHECK(kinds(t.last_events) == std::vector<std::string>{"started", "phase"});
  CHECK(t.phase() == Phase::turns);
  CHECK(t.turn() == "p1");
  CHECK(t.word("p2", "ice") == "not_your_turn");
  t.now += 1200;
  CHECK(t.word("p1", "  snow ") == "");
  CHECK(t.circle().transcript.back().text == "snow");
  CHECK(t.circle().transcript.back().response_ms == 1200);
  CHECK(t.turn() == "p2");
  CHECK(t.word("p2", "ice") == "");
  CHECK(t.word("p3", "rink") == "");
  CHECK(t.turn() == "p1");
  CHECK(t.circle().cycle == 1);
  CHECK(t.facilitator("start") == "wrong_phase");
}

TEST_CASE("chain: one word, or a phrase up to phraseWords") {
  Table t(chain());
  t.facilitator("start");
  CHECK(t.word("p1", "ice cream") == "not_one_word");
  CHECK(t.word("p1", "") == "empty_answer");
  CHECK(t.word("p1", std::string(61, 'x')) == "answer_too_long");
  CHECK(t.word("p1", "ice\x01") == "invalid_text");
  CHECK(t.send("p1", "word", {{"text", 3}}) == "bad_command");
  CHECK(t.send("p1", "word") == "bad_command");
  CHECK(t.turn() == "p1");

  Table phrases(chain({{"phraseWords", 2}}));
  phrases.facilitator("start");
  CHECK(phrases.word("p1", "ice cream") == "");
  CHECK(phrases.word("p2", "very cold day") == "too_many_words");
}

TEST_CASE("chain: no-repeat refuses the seed word and earlier answers, grouped") {
  Table t(chain({{"noRepeat", true}}));
  t.facilitator("start");
  CHECK(t.word("p1", "COLD!") == "repeated_word");
  CHECK(t.word("p1", "school") == "");
  CHECK(t.word("p2", "Schools") == "repeated_word");
  CHECK(t.word("p2", "bus") == "");

  Table free(chain());
  free.facilitator("start");
  CHECK(free.word("p1", "cold") == "");
}

TEST_CASE("chain: ends after maxTurns, passes included") {
  Table t(chain({{"maxTurns", 3}}));
  t.facilitator("start");
  t.word("p1", "snow");
  t.send("p2", "pass");
  CHECK(t.circle().transcript.back().pass == "passed");
  CHECK(t.phase() == Phase::turns);
  t.word("p3", "sled");
  CHECK(t.circle().done == "turn_limit");
  CHECK(t.phase() == Phase::ended);
  CHECK(t.round.state().end_reason == "finished");
  CHECK(t.word("p1", "hill") == "wrong_phase");
}

TEST_CASE("chain: the time budget ends the round when it runs out") {
  Table t(chain({{"timeBudgetMs", 12000}, {"turnMs", 10000}}));
  t.facilitator("start");
  t.now += 9000;
  t.word("p1", "snow");
  CHECK(t.round.next_deadline() == t.now - 9000 + 12000);
  const auto events = t.advance(3000);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == "phase");
  CHECK(events[0].data["reason"] == "time_budget");
  CHECK(t.phase() == Phase::ended);
  CHECK(t.round.state().end_reason == "time_budget");
  CHECK_FALSE(t.round.next_deadline());
}

TEST_CASE("turn timer: a timeout is a pass by the server, stamped with the deadline") {
  Table t(chain());
  t.facilitator("start");
  const auto start = t.now;
  CHECK(t.round.next_deadline() == start + 5000);
  CHECK(t.advance(4999).empty());
  // A late tick gives every timeout that was due, each at its own deadline.
  const auto events = t.advance(10001);
  REQUIRE(events.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(events[i].kind == "pass");
    CHECK(events[i].actor == "server");
    CHECK(events[i].data["reason"] == "timeout");
    CHECK(events[i].at == start + 5000 * static_cast<std::int64_t>(i + 1));
  }
  CHECK(events[0].data["participant"] == "p1");
  CHECK(events[2].data["participant"] == "p3");
  CHECK(t.turn() == "p1");
}

TEST_CASE("too_late: a word arriving at or after the deadline is refused and the pass recorded") {
  Table t(chain());
  t.facilitator("start");
  t.now += 5000;
  CHECK(t.word("p1", "snow") == "too_late");
  REQUIRE(t.last_events.size() == 1);
  CHECK(t.last_events[0].kind == "pass");
  CHECK(t.turn() == "p2");
  t.now += 4999;
  CHECK(t.word("p2", "ice") == "");
}

TEST_CASE("pause freezes the timers, plays are refused while paused") {
  Table t(chain());
  t.facilitator("start");
  t.now += 2000;
  CHECK(t.facilitator("resume") == "not_paused");
  CHECK(t.facilitator("pause") == "");
  CHECK(t.facilitator("pause") == "already_paused");
  CHECK_FALSE(t.round.next_deadline());
  CHECK(t.host()["circles"][0]["turnRemainingMs"] == 3000);
  CHECK(t.host()["circles"][0]["turnMs"] == 5000);  // the whole turn, for drawing what is left
  CHECK(t.host()["phraseWords"] == 1);
  CHECK(t.word("p1", "snow") == "round_paused");
  CHECK(t.advance(60000).empty());
  CHECK(t.facilitator("resume") == "");
  CHECK(t.round.next_deadline() == t.now + 3000);
  t.now += 1000;
  CHECK(t.word("p1", "snow") == "");
  // Response time excludes the pause.
  CHECK(t.circle().transcript.back().response_ms == 3000);
  CHECK(t.facilitator("pause") == "");
  CHECK(t.facilitator("end") == "");
  CHECK(t.facilitator("pause") == "wrong_phase");
}

TEST_CASE("offline players are passed when their turn comes, the facilitator can skip") {
  Table t(chain());
  CHECK(t.send("server", "presence", {{"participant", "p2"}, {"online", false}}) == "");
  CHECK(t.send("server", "presence", {{"participant", "p2"}, {"online", false}}) == "");
  CHECK(t.last_events.empty());  // no change, no event
  CHECK(t.send("server", "presence", {{"participant", "p9"}, {"online", false}}) == "unknown_participant");
  CHECK(t.send("server", "presence", {{"participant", "p2"}, {"online", "no"}}) == "bad_command");
  CHECK(t.send("facilitator", "presence", {{"participant", "p2"}, {"online", true}}) == "unknown_command");
  t.facilitator("start");
  t.word("p1", "snow");
  CHECK(t.last_events.back().kind == "pass");
  CHECK(t.last_events.back().data["reason"] == "offline");
  CHECK(t.turn() == "p3");
  CHECK(t.facilitator("skip", {{"circle", "c1"}}) == "");
  CHECK(t.circle().transcript.back().pass == "skipped");
  CHECK(t.circle().transcript.back().participant == "p3");
  CHECK(t.facilitator("skip", {{"circle", "c9"}}) == "unknown_circle");
  CHECK(t.facilitator("skip") == "bad_command");
}

TEST_CASE("nobody online: the turn waits for its timer instead of passing forever") {
  Table t(chain());
  t.send("server", "presence", {{"participant", "p1"}, {"online", false}});
  t.send("server", "presence", {{"participant", "p2"}, {"online", false}});
  t.send("server", "presence", {{"participant", "p3"}, {"online", false}});
  t.facilitator("start");
  CHECK(t.turn() == "p1");
  CHECK(t.advance(5000).size() == 1);
}

TEST_CASE("join appends to the order, leave takes a player out, passing the turn on") {
  Table t(chain());
  CHECK(t.facilitator("join", {{"participant", "p4"}, {"circle", "c1"}}) == "");
  t.facilitator("start");
  CHECK(t.circle().order == std::vector<std::string>{"p1", "p2", "p3", "p4"});
  CHECK(t.send("server", "join", {{"participant", "p5"}, {"circle", "c1"}}) == "");
  CHECK(t.circle().order.back() == "p5");
  CHECK(t.facilitator("join", {{"participant", "p5"}, {"circle", "c1"}}) == "not_allowed");
  CHECK(t.facilitator("join", {{"participant", "p6"}, {"circle", "c7"}}) == "unknown_circle");
  CHECK(t.facilitator("join", {{"participant", "server"}, {"circle", "c1"}}) == "bad_command");
  t.word("p1", "snow");
  t.now += 700;
  CHECK(t.facilitator("leave", {{"participant", "p2"}}) == "");  // p2 held the turn
  CHECK(t.turn() == "p3");
  CHECK(t.round.next_deadline() == t.now + 5000);
  CHECK(t.word("p2", "ice") == "unknown_participant");
  CHECK(t.facilitator("leave", {{"participant", "p2"}}) == "unknown_participant");
  CHECK(t.facilitator("leave", {{"participant", "p1"}}) == "");  // before the holder
  CHECK(t.turn() == "p3");
  // A player who left may be added again, at the end.
  CHECK(t.facilitator("join", {{"participant", "p2"}, {"circle", "c1"}}) == "");
  CHECK(t.circle().order == std::vector<std::string>{"p3", "p4", "p5", "p2"});
}

TEST_CASE("a circle whose players all leave is done") {
  Table t(make_config("chain", {{"p1"}, {"p2", "p3"}}, {{"seedWord", "cold"}}));
  t.facilitator("start");
  t.facilitator("leave", {{"participant", "p1"}});
  CHECK(t.circle(0).done == "empty");
  CHECK(t.phase() == Phase::turns);
  CHECK(t.word("p2", "snow") == "");
}

TEST_CASE("circles play in parallel, each with its own turn and transcript") {
  Table t(make_config("chain", {{"p1", "p2"}, {"p3", "p4"}}, {{"seedWord", "cold"}, {"maxTurns", 2}}));
  t.facilitator("start");
  CHECK(t.word("p1", "snow") == "");
  CHECK(t.word("p3", "tea") == "");
  CHECK(t.circle(0).transcript.size() == 1);
  CHECK(t.circle(1).transcript.back().text == "tea");
  CHECK(t.last_events.back().circle == "c2");
  t.word("p2", "ice");
  CHECK(t.circle(0).done == "turn_limit");
  CHECK(t.phase() == Phase::turns);
  t.word("p4", "milk");
  CHECK(t.phase() == Phase::ended);
  // The participant view shows only the own circle.
  CHECK(t.view_of("p1")["circles"].size() == 1);
  CHECK(t.stage()["circles"].size() == 2);
  CHECK(t.round.results()["comparison"].is_object());
}

TEST_CASE("shuffle: the seed decides the order, the same way every time") {
  const json config = chain({{"order", "shuffle"}, {"seed", 42}});
  Table a(config), b(config), other(chain({{"order", "shuffle"}, {"seed", 7}}));
  a.facilitator("start");
  b.facilitator("start");
  other.facilitator("start");
  CHECK(a.circle().order == b.circle().order);
  CHECK(a.log == b.log);
  auto sorted = a.circle().order;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == std::vector<std::string>{"p1", "p2", "p3"});
  // The started event carries the order, so a replay does not depend on the generator.
  CHECK(a.log[0].data["orders"]["c1"] == a.circle().order);
}

TEST_CASE("the facilitator's next and end finish the chain") {
  Table t(chain());
  t.facilitator("start");
  t.word("p1", "snow");
  CHECK(t.facilitator("reveal") == "wrong_phase");
  CHECK(t.facilitator("next") == "");
  CHECK(t.circle().done == "facilitator");
  CHECK(t.phase() == Phase::ended);
  CHECK(t.facilitator("end") == "wrong_phase");
  CHECK(t.facilitator("next") == "wrong_phase");

  Table e(chain());
  CHECK(e.facilitator("end") == "");  // also from the lobby: the round is called off
  CHECK(e.round.state().end_reason == "facilitator");
}

TEST_CASE("listening mode hides the words from phones, and from the stage if asked") {
  Table t(chain({{"listening", true}}));
  t.facilitator("start");
  t.word("p1", "snow");
  CHECK(t.view_of("p2")["circles"][0]["hidden"] == true);
  CHECK_FALSE(t.view_of("p2")["circles"][0].contains("transcript"));
  CHECK(t.view_of("p2")["circles"][0]["turn"] == "p2");
  CHECK(t.view_of("p2")["seedWord"] == "cold");
  CHECK(t.stage()["circles"][0]["transcript"][0]["text"] == "snow");
  CHECK(t.host()["circles"][0]["transcript"][0]["text"] == "snow");
  t.facilitator("end");
  CHECK(t.view_of("p2")["circles"][0]["transcript"][0]["text"] == "snow");

  Table s(chain({{"listening", true}, {"listeningStage", true}}));
  s.facilitator("start");
  s.word("p1", "snow");
  CHECK(s.stage()["circles"][0]["hidden"] == true);
  CHECK(s.host()["circles"][0].contains("transcript"));
}

TEST_CASE("results: the chain with authors and response times, balance and figures") {
  Table t(chain());
  t.facilitator("start");
  t.now += 800;
  t.word("p1", "snow");
  t.now += 1500;
  t.send("p2", "pass");
  t.now += 400;
  t.word("p3", "sled");
  t.facilitator("end");
  const json r = t.round.results();
  CHECK(r["game"] == "chain");
  const json& tr = r["circles"][0]["transcript"];
  REQUIRE(tr.size() == 3);
  CHECK(tr[0] == json{{"participant", "p1"}, {"text", "snow"}, {"at", 1800}, {"responseMs", 800}});
  CHECK(tr[1]["pass"] == "passed");
  CHECK(tr[2]["responseMs"] == 400);
  CHECK(r["circles"][0]["passes"] == 1);
  CHECK(r["participants"].size() == 3);
  CHECK(r["endReason"] == "facilitator");
}
