// Golden rounds: a few hand-written rounds whose events and results are fixed in
// tests/games/golden/<name>.json. The test plays each script, compares the events and results
// with the file, and replays the file's events to the same results (stored logs stay readable).
//
// To regenerate after an intended change (then review the diff before committing):
//   EARSHOT_UPDATE_GOLDEN=1 build-rules/tests/games/earshot_games_tests -tc='golden*'
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>

#include "test_rules_support.hpp"
#include "tests/support/golden.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;
using earshot::test::golden_text;
using earshot::test::same_json;

namespace {

void check_golden(const std::string& name, const json& config, const std::function<void(Table&)>& script) {
  Table t(config);
  script(t);
  json events = json::array();
  for (const auto& e : t.log) events.push_back(to_json(e));
  const json record = {{"config", to_json(t.round.config())}, {"events", events}, {"results", t.round.results()}};

  const std::string path = std::string(EARSHOT_SOURCE_DIR) + "/tests/games/golden/" + name + ".json";
  const json golden = json::parse(golden_text(path, record.dump(2) + "\n"));

  CHECK(golden["config"] == record["config"]);
  CHECK_MESSAGE(golden["events"] == record["events"], "events differ:\n" << record["events"].dump(1));
  CHECK_MESSAGE(same_json(golden["results"], record["results"]), "results differ:\n" << record["results"].dump(1));

  // The stored log replays into a round with the same results.
  auto parsed = parse_config(golden["config"]);
  REQUIRE(parsed.config);
  std::vector<Event> log;
  for (const auto& e : golden["events"]) log.push_back(event_from_json(e));
  CHECK(same_json(replay(*parsed.config, log).results(), golden["results"]));
}

}  // namespace

TEST_CASE("golden: chain in two circles with a pass, a timeout and no-repeat") {
  check_golden("chain", make_config("chain", {{"p1", "p2"}, {"p3", "p4"}}, {{"seedWord", "cold"}, {"noRepeat", true}, {"turnMs", 4000}}),
               [](Table& t) {
                 t.facilitator("start");
                 t.now += 900;
                 t.word("p1", "snow");
                 t.word("p3", "winter");
                 t.now += 1300;
                 t.word("p2", "Snow!");  // repeated_word: not in the log
                 t.word("p2", "ice");
                 t.send("p4", "pass");
                 t.now += 700;
                 t.word("p1", "skating");
                 t.advance(4000);  // p3 times out, then p2 in circle 1
                 t.send("p1", "react", {{"reaction", "applause"}});
                 t.facilitator("end");
               });
}

TEST_CASE("golden: burst with two stimuli, grouping and a late answer") {
  check_golden("burst", make_config("burst", {{"p1", "p2", "p3", "p4"}}, {{"stimuli", {"winter", "help desk"}}, {"answerMs", 8000}}),
               [](Table& t) {
                 t.facilitator("start");
                 t.now += 1200;
                 t.answer("p1", "Cold");
                 t.now += 300;
                 t.answer("p2", "cold!");
                 t.now += 900;
                 t.answer("p3", "Christmas");
                 t.now += 8000;
                 t.answer("p4", "grandma");  // too late
                 t.facilitator("reveal");
                 t.facilitator("next");
                 t.now += 2000;
                 t.answer("p1", "tickets");
                 t.answer("p2", "ticket");
                 t.answer("p3", "the phone");
                 t.answer("p4", "phone");
                 t.facilitator("reveal");
                 t.facilitator("next");
               });
}

TEST_CASE("golden: WAAT ending with The End, then retell and title vote") {
  check_golden("waat",
               make_config("waat", {{"p1", "p2", "p3"}},
                           {{"title", "The printer"}, {"listening", true}, {"retell", true}, {"titleVote", true}}),
               [](Table& t) {
                 t.facilitator("start");
                 for (const auto& [who, word] : std::vector<std::pair<std::string, std::string>>{
                          {"p1", "Paper"}, {"p2", "jammed"}, {"p3", "again"}}) {
                   t.now += 1500;
                   t.word(who, word);
                 }
                 t.send("p1", "end_sentence", {{"mark", "!"}});
                 t.word("p1", "The");
                 t.word("p2", "End.");
                 t.now += 10000;
                 t.answer("p1", "The printer jammed again.");
                 t.answer("p2", "Paper trouble.");
                 t.answer("p3", "It jammed.");
                 t.facilitator("reveal");
                 t.facilitator("next");
                 t.answer("p1", "Jam session");
                 t.answer("p2", "Paper cut");
                 t.answer("p3", "Again!");
                 t.facilitator("reveal");
                 t.facilitator("next");
                 t.send("p1", "pick", {{"answer", 2}});
                 t.send("p2", "pick", {{"answer", 1}});
                 t.send("p3", "pick", {{"answer", 1}});
               });
}

TEST_CASE("golden: SPIV with predict and closest pick, anonymous") {
  check_golden("spiv",
               make_config("spiv", {{"p1", "p2", "p3"}},
                           {{"prompt", "I restarted it already"}, {"predict", true}, {"pick", "closest"}, {"anonymous", true},
                            {"order", "shuffle"}, {"seed", 2024}}),
               [](Table& t) {
                 t.facilitator("start");
                 t.now += 4000;
                 t.answer("p1", "then it's the network");
                 t.send("p1", "predict", {{"text", "did you really"}});
                 t.answer("p2", "Did you really?");
                 t.send("p2", "predict", {{"text", "network"}});
                 t.facilitator("pause");
                 t.now += 60000;
                 t.facilitator("resume");
                 t.answer("p3", "please escalate");
                 t.send("p3", "predict", {{"text", "escalate"}});
                 t.facilitator("reveal");
                 t.facilitator("next");
                 t.send("p1", "pick", {{"answer", 3}});
                 t.send("p2", "pick", {{"answer", 1}});
                 t.advance(30000);
               });
}
