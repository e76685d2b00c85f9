// Events as JSON and replay: exact round-trips, and a log that does not fit is refused.
#include <doctest/doctest.h>

#include <stdexcept>

#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

TEST_CASE("events round-trip through JSON exactly") {
  const Event e{7, 123456789012LL, "word", "p1", "c1", {{"text", "Zoë"}, {"end", "?!"}}};
  const json j = to_json(e);
  CHECK(j == json{{"v", 1}, {"seq", 7}, {"at", 123456789012LL}, {"kind", "word"}, {"actor", "p1"}, {"circle", "c1"},
                  {"data", {{"text", "Zoë"}, {"end", "?!"}}}});
  CHECK(event_from_json(json::parse(j.dump())) == e);
  const Event whole_round{1, 0, "paused", "facilitator", "", json::object()};
  CHECK_FALSE(to_json(whole_round).contains("circle"));
  CHECK(event_from_json(to_json(whole_round)) == whole_round);
}

TEST_CASE("malformed events are refused") {
  const json good = to_json(Event{1, 5, "paused", "facilitator", "", json::object()});
  auto broken = [&](const std::string& key, json value) {
    json j = good;
    if (value.is_discarded()) j.erase(key);
    else j[key] = std::move(value);
    return j;
  };
  const json gone(json::value_t::discarded);
  CHECK_THROWS_AS(event_from_json(json::array()), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("v", 2)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("seq", -1)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("seq", gone)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("at", 1.5)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("at", 18446744073709551615ULL)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("kind", 3)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("actor", gone)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("circle", false)), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("data", "x")), std::invalid_argument);
  CHECK_THROWS_AS(event_from_json(broken("extra", 1)), std::invalid_argument);
}

TEST_CASE("replay refuses a log that does not fit the round") {
  Table t(make_config("chain", {{"p1", "p2"}}, {{"seedWord", "cold"}}));
  t.facilitator("start");
  t.word("p1", "snow");
  const auto config = t.round.config();
  CHECK(replay(config, t.log).state() == t.round.state());

  auto skipped = t.log;
  skipped.erase(skipped.begin() + 1);
  CHECK_THROWS_AS(replay(config, skipped), std::invalid_argument);

  auto backwards = t.log;
  backwards[2].at = backwards[1].at - 1;
  CHECK_THROWS_AS(replay(config, backwards), std::invalid_argument);

  auto unknown = t.log;
  unknown[2].kind = "teleport";
  CHECK_THROWS_AS(replay(config, unknown), std::invalid_argument);

  auto malformed = t.log;
  malformed[2].data = {{"text", 5}};
  CHECK_THROWS_AS(replay(config, malformed), std::invalid_argument);

  auto stranger = t.log;
  stranger[2].circle = "c9";
  CHECK_THROWS_AS(replay(config, stranger), std::invalid_argument);
}
