// Round configs: defaults, every limit, and the stable error codes for bad configs.
#include <doctest/doctest.h>

#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

namespace {

ConfigError error_of(json j) {
  auto r = parse_config(j);
  REQUIRE(r.error);
  CHECK_FALSE(r.config);
  CHECK_FALSE(r.error->message.empty());
  return *r.error;
}

}  // namespace

TEST_CASE("a minimal config gets the defaults of its game and round-trips through JSON") {
  auto r = parse_config(make_config("chain", {{"p1", "p2"}}, {{"seedWord", "  cold  "}}));
  REQUIRE(r.config);
  const RoundConfig& c = *r.config;
  CHECK(c.game == GameKind::chain);
  CHECK(c.seed_word == "cold");
  CHECK(c.turn_ms == 5000);
  CHECK(c.phrase_words == 1);
  CHECK_FALSE(c.shuffle);
  CHECK(parse_config(to_json(c)).config == c);

  for (const auto& j : {make_config("burst", {{"p1"}}, {{"stimuli", {"sun", "rain"}}}),
                        make_config("waat", {{"p1"}, {"p2"}}, {{"title", "A day"}, {"retell", true}, {"titleVote", true}}),
                        make_config("spiv", {{"p1", "p2"}}, {{"prompt", "a quick fix"}, {"pick", "closest"}, {"predict", true}})}) {
    auto parsed = parse_config(j);
    REQUIRE(parsed.config);
    CHECK(parsed.config->game != GameKind::chain);
    CHECK(parse_config(to_json(*parsed.config)).config == parsed.config);
    CHECK(to_json(*parse_config(to_json(*parsed.config)).config) == to_json(*parsed.config));
  }
}

TEST_CASE("config errors have stable codes and name the field") {
  const json good = make_config("chain", {{"p1", "p2"}}, {{"seedWord", "cold"}});
  auto with = [&](const std::string& key, json value) {
    json j = good;
    j[key] = std::move(value);
    return j;
  };
  auto without = [&](const std::string& key) {
    json j = good;
    j.erase(key);
    return j;
  };

  CHECK(error_of(json::array()).code == "bad_field");
  CHECK(error_of(without("v")).code == "missing_field");
  CHECK(error_of(with("v", 2)).code == "unsupported_version");
  CHECK(error_of(with("v", "1")).code == "unsupported_version");
  CHECK(error_of(with("game", "charades")).code == "unknown_game");
  CHECK(error_of(without("game")).field == "game");
  CHECK(error_of(without("circles")).code == "missing_field");
  CHECK(error_of(without("seedWord")).field == "seedWord");
  CHECK(error_of(with("seedWord", "")).field == "seedWord");
  CHECK(error_of(with("seedWord", std::string(101, 'x'))).field == "seedWord");
  CHECK(error_of(with("seedWord", "a\x01")).field == "seedWord");
  CHECK(error_of(with("seedWord", "\xff")).field == "seedWord");
  CHECK(error_of(with("seedWord", 7)).field == "seedWord");
  CHECK(error_of(with("turnMs", 999)).field == "turnMs");
  CHECK(error_of(with("turnMs", 600001)).field == "turnMs");
  CHECK(error_of(with("turnMs", 5000.5)).field == "turnMs");
  CHECK(error_of(with("turnMs", true)).field == "turnMs");
  CHECK(error_of(with("turnMs", 18446744073709551615ULL)).field == "turnMs");
  CHECK(error_of(with("phraseWords", 6)).field == "phraseWords");
  CHECK(error_of(with("maxTurns", -1)).field == "maxTurns");
  CHECK(error_of(with("timeBudgetMs", 500)).field == "timeBudgetMs");
  CHECK(error_of(with("order", "random")).field == "order");
  CHECK(error_of(with("seed", -1)).field == "seed");
  CHECK(error_of(with("seed", 1LL << 53)).field == "seed");
  CHECK(error_of(with("listeningStage", true)).field == "listeningStage");
  CHECK(error_of(with("listening", "yes")).field == "listening");
  // Options of other games and typos are refused, not ignored.
  CHECK(error_of(with("stimuli", json::array({"x"}))).field == "stimuli");
  CHECK(error_of(with("seedword", "x")).code == "bad_field");

  // Zero means "no limit" where documented.
  CHECK(parse_config(with("maxTurns", 0)).config);
  CHECK(parse_config(with("timeBudgetMs", 0)).config);
  CHECK(parse_config(with("seed", (1LL << 53) - 1)).config);
}

TEST_CASE("circles need unique ids and each participant in exactly one circle") {
  auto circles = [](json c) { return json{{"v", 1}, {"game", "spiv"}, {"prompt", "urgent"}, {"circles", c}}; };
  CHECK(parse_config(circles({{{"id", "c1"}, {"members", {"p1"}}}})).config);
  CHECK(error_of(circles(json::array())).field == "circles");
  CHECK(error_of(circles({{{"id", "c1"}, {"members", json::array()}}})).field == "circles[0].members");
  CHECK(error_of(circles({{{"id", "c1"}, {"members", {"p1"}}}, {{"id", "c1"}, {"members", {"p2"}}}})).field == "circles[1].id");
  CHECK(error_of(circles({{{"id", "c1"}, {"members", {"p1"}}}, {{"id", "c2"}, {"members", {"p1"}}}})).field ==
        "circles[1].members[0]");
  CHECK(error_of(circles({{{"id", "c1"}, {"members", {"facilitator"}}}})).field == "circles[0].members[0]");
  CHECK(error_of(circles({{{"id", "c 1"}, {"members", {"p1"}}}})).field == "circles[0].id");
  CHECK(error_of(circles({{{"id", "c1"}, {"members", {"p1"}}, {"colour", "red"}}})).field == "colour");
  json many = json::array();
  for (int c = 0; c < 51; ++c) many.push_back({{"id", "c" + std::to_string(c)}, {"members", {"p" + std::to_string(c)}}});
  CHECK(error_of(circles(many)).field == "circles");
  json crowd = json::array();
  for (int c = 0; c < 6; ++c) {
    json members = json::array();
    for (int m = 0; m < 100; ++m) members.push_back("p" + std::to_string(c * 100 + m));
    crowd.push_back({{"id", "c" + std::to_string(c)}, {"members", members}});
  }
  CHECK(error_of(circles(crowd)).field == "circles");
}

TEST_CASE("game options are checked per game") {
  CHECK(error_of(make_config("burst", {{"p1"}}, {{"stimuli", json::array()}})).field == "stimuli");
  CHECK(error_of(make_config("burst", {{"p1"}}, json::object())).code == "missing_field");
  CHECK(error_of(make_config("burst", {{"p1"}}, {{"stimuli", {"ok", ""}}})).field == "stimuli[1]");
  CHECK(error_of(make_config("burst", {{"p1"}}, {{"stimuli", {"ok"}}, {"answerChars", 281}})).field == "answerChars");
  CHECK(error_of(make_config("burst", {{"p1"}}, {{"stimuli", {"ok"}}, {"turnMs", 5000}})).field == "turnMs");
  CHECK(error_of(make_config("spiv", {{"p1"}}, {{"prompt", "x"}, {"pick", "best"}})).field == "pick");
  CHECK(error_of(make_config("spiv", {{"p1"}}, json::object())).field == "prompt");
  CHECK(error_of(make_config("waat", {{"p1"}}, {{"wordLimit", 2001}})).field == "wordLimit");
  CHECK(error_of(make_config("waat", {{"p1"}}, {{"retellMs", 0}})).field == "retellMs");
  auto waat = parse_config(make_config("waat", {{"p1"}}, {{"title", ""}}));
  REQUIRE(waat.config);
  CHECK(waat.config->title.empty());
}

TEST_CASE("clean_line trims, folds whitespace and reports why text is refused") {
  CHECK(clean_line("  a \t b ", 10).text == "a b");
  CHECK(clean_line("   ", 10).error == "empty_answer");
  CHECK(clean_line("abcdef", 5).error == "answer_too_long");
  CHECK(clean_line("ééééé", 5).error.empty());
  CHECK(clean_line("bell\x07", 10).error == "invalid_text");
  CHECK(clean_line("\xc3\x28", 10).error == "invalid_text");
  CHECK(clean_line(std::string(100000, 'x'), 10).error == "answer_too_long");
}
