#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/measures.hpp"

using namespace earshot::games;
using nlohmann::json;

namespace {

// A cluster with the given participants (the label and spellings do not matter to the measures).
Cluster cluster_of(std::string label, std::vector<std::string> participants) {
  return Cluster{label, {label}, std::move(participants)};
}

}  // namespace

TEST_CASE("answer set: no answers") {
  const AnswerSetMeasures m = measure_answer_set({});
  CHECK(m.answers == 0);
  CHECK(m.clusters == 0);
  CHECK(m.entropy == 0);
  CHECK(m.largest_share == 0);
  CHECK(m.unique_participants.empty());
}

TEST_CASE("answer set: one answer is no minority view and has no diversity") {
  const AnswerSetMeasures m = measure_answer_set({cluster_of("tea", {"p1"})});
  CHECK(m.answers == 1);
  CHECK(m.clusters == 1);
  CHECK(m.entropy == 0);
  CHECK(m.largest_share == 1);
  CHECK(m.unique_participants.empty());
}

TEST_CASE("answer set: everyone the same gives entropy 0 and share 1") {
  const AnswerSetMeasures m = measure_answer_set({cluster_of("cold", {"p1", "p2", "p3", "p4", "p5"})});
  CHECK(m.answers == 5);
  CHECK(m.entropy == 0);
  CHECK(m.largest_share == 1);
  CHECK(m.unique_participants.empty());
}

TEST_CASE("answer set: everyone different gives entropy 1") {
  const AnswerSetMeasures m =
      measure_answer_set({cluster_of("a", {"p1"}), cluster_of("b", {"p2"}), cluster_of("c", {"p3"})});
  CHECK(m.answers == 3);
  CHECK(m.clusters == 3);
  CHECK(m.entropy == doctest::Approx(1.0));
  CHECK(m.largest_share == doctest::Approx(1.0 / 3));
  CHECK(m.unique_participants == std::vector<std::string>{"p1", "p2", "p3"});
}

TEST_CASE("answer set: entropy and share on values computed by hand") {
  // Sizes 2, 1, 1 of 4: H = -(1/2 ln 1/2 + 2 * 1/4 ln 1/4) = 1.5 ln 2; H / ln 4 = 0.75.
  const AnswerSetMeasures m = measure_answer_set(
      {cluster_of("cold", {"p1", "p3"}), cluster_of("Christmas", {"p2"}), cluster_of("grandma", {"p4"})});
  CHECK(m.answers == 4);
  CHECK(m.clusters == 3);
  CHECK(m.entropy == doctest::Approx(0.75));
  CHECK(m.largest_share == doctest::Approx(0.5));
  CHECK(m.unique_participants == std::vector<std::string>{"p2", "p4"});

  // Sizes 2, 2 of 4: H = ln 2; H / ln 4 = 0.5, and nobody is alone.
  const AnswerSetMeasures halves = measure_answer_set({cluster_of("x", {"a", "b"}), cluster_of("y", {"c", "d"})});
  CHECK(halves.entropy == doctest::Approx(0.5));
  CHECK(halves.largest_share == doctest::Approx(0.5));
  CHECK(halves.unique_participants.empty());
}

TEST_CASE("answer set measures work on clusters straight from cluster_answers") {
  const AnswerSetMeasures m =
      measure_answer_set(cluster_answers({{"p1", "Cold"}, {"p2", "cold!"}, {"p3", "snow"}, {"p4", "the snows"}}));
  CHECK(m.answers == 4);
  CHECK(m.clusters == 2);
  CHECK(m.entropy == doctest::Approx(0.5));
  CHECK(m.largest_share == doctest::Approx(0.5));
}

TEST_CASE("time stats: quartiles by linear interpolation") {
  const TimeStats t = time_stats({400, 100, 300, 200});  // order does not matter
  CHECK(t.count == 4);
  CHECK(t.min_ms == 100);
  CHECK(t.max_ms == 400);
  CHECK(t.p25_ms == doctest::Approx(175));     // position 0.75 between 100 and 200
  CHECK(t.median_ms == doctest::Approx(250));  // position 1.5
  CHECK(t.p75_ms == doctest::Approx(325));     // position 2.25
}

TEST_CASE("time stats: odd count has the middle value as median") {
  const TimeStats t = time_stats({900, 1000, 1200, 5000, 1100});
  CHECK(t.count == 5);
  CHECK(t.median_ms == doctest::Approx(1100));
  CHECK(t.p25_ms == doctest::Approx(1000));
  CHECK(t.p75_ms == doctest::Approx(1200));
}

TEST_CASE("time stats: empty, one value, and non-finite values") {
  const TimeStats none = time_stats({});
  CHECK(none.count == 0);
  CHECK(none.median_ms == 0);
  CHECK(none.max_ms == 0);

  const TimeStats one = time_stats({1234});
  CHECK(one.count == 1);
  CHECK(one.min_ms == 1234);
  CHECK(one.p25_ms == 1234);
  CHECK(one.median_ms == 1234);
  CHECK(one.p75_ms == 1234);
  CHECK(one.max_ms == 1234);

  const double inf = std::numeric_limits<double>::infinity();
  const TimeStats filtered = time_stats({std::nan(""), 10, inf, 30, -inf});
  CHECK(filtered.count == 2);
  CHECK(filtered.median_ms == doctest::Approx(20));
  CHECK(filtered.max_ms == 30);
}

TEST_CASE("gini on values computed by hand") {
  CHECK(gini({}) == 0);
  CHECK(gini({0, 0, 0}) == 0);
  CHECK(gini({7}) == 0);
  CHECK(gini({3, 3, 3, 3}) == 0);
  // One of four did everything: mean absolute difference 6/16, mean 1/4 -> 0.75 = (n-1)/n.
  CHECK(gini({0, 0, 0, 1}) == doctest::Approx(0.75));
  CHECK(gini({0, 5}) == doctest::Approx(0.5));
  // 1, 2, 3: ordered-pair differences sum to 8; 8 / (2 * 3^2 * 2) = 2/9.
  CHECK(gini({3, 1, 2}) == doctest::Approx(2.0 / 9));
}

TEST_CASE("distinct answers per participant count groups, not spellings") {
  CHECK(distinct_answers({}) == 0);
  CHECK(distinct_answers({"", "  "}) == 0);
  CHECK(distinct_answers({"Cold", "cold!", "snow", "snows", "rain"}) == 3);
  CHECK(distinct_answers({"a", "b", "c"}) == 3);
}

TEST_CASE("participant figures combine contributions, distinct answers and response times") {
  const ParticipantFigures f = participant_figures("p1", {"Cold", "COLD", "tea"}, {300, 100, 200});
  CHECK(f.participant == "p1");
  CHECK(f.contributions == 3);
  CHECK(f.distinct == 2);
  CHECK(f.response.count == 3);
  CHECK(f.response.median_ms == doctest::Approx(200));
}

TEST_CASE("balance of words in a story") {
  const BalanceMeasures even = measure_balance({{"p1", 4}, {"p2", 4}});
  CHECK(even.total_words == 8);
  CHECK(even.gini == 0);

  // Sorted 0, 3, 3: (-2*0 + 0*3 + 2*3) / (3 * 6) = 1/3.
  const BalanceMeasures b = measure_balance({{"p1", 3}, {"p2", 3}, {"p3", 0}});
  CHECK(b.total_words == 6);
  CHECK(b.gini == doctest::Approx(1.0 / 3));
  REQUIRE(b.per_participant.size() == 3);
  CHECK(b.per_participant[2].participant == "p3");
  CHECK(b.per_participant[2].words == 0);

  const BalanceMeasures none = measure_balance({});
  CHECK(none.total_words == 0);
  CHECK(none.gini == 0);
}

TEST_CASE("predict: matches by the grouping rule") {
  CHECK(answers_match("Coffee", "the coffee"));
  CHECK(answers_match("teas", "Tea!"));
  CHECK_FALSE(answers_match("cold", "warm"));
  CHECK_FALSE(answers_match("", ""));
  CHECK_FALSE(answers_match("?", "?"));

  const PredictMeasures m = measure_predict({
      {"p1", "p2", "Coffee", "the coffee"},
      {"p2", "p1", "tea", "teas"},
      {"p3", "p4", "cold", "warm"},
      {"p4", "p3", "", ""},
  });
  CHECK(m.pairs == 4);
  CHECK(m.matches == 2);
  CHECK(m.match_rate == doctest::Approx(0.5));
  REQUIRE(m.results.size() == 4);
  CHECK(m.results[0].guesser == "p1");
  CHECK(m.results[0].target == "p2");
  CHECK(m.results[0].match);
  CHECK(m.results[1].match);
  CHECK_FALSE(m.results[2].match);
  CHECK_FALSE(m.results[3].match);

  const PredictMeasures none = measure_predict({});
  CHECK(none.pairs == 0);
  CHECK(none.match_rate == 0);
}

TEST_CASE("circle comparison lines figures up side by side with the spread") {
  const CircleComparison c = compare_circles({
      {"A", {{"entropy", 0.5}, {"gini", 0.2}}},
      {"B", {{"entropy", 0.8}}},
      {"C", {{"gini", 0.1}, {"entropy", 0.8}, {"entropy", 0.1}}},  // a repeated name: the first counts
  });
  CHECK(c.circles == std::vector<std::string>{"A", "B", "C"});
  REQUIRE(c.rows.size() == 2);

  const FigureRow& entropy = c.rows[0];
  CHECK(entropy.figure == "entropy");
  REQUIRE(entropy.values.size() == 3);
  CHECK(entropy.values[0] == 0.5);
  CHECK(entropy.values[1] == 0.8);
  CHECK(entropy.values[2] == 0.8);
  CHECK(entropy.spread == doctest::Approx(0.3));
  CHECK(entropy.highest == "B");  // first of the tied circles
  CHECK(entropy.lowest == "A");

  const FigureRow& g = c.rows[1];
  CHECK(g.figure == "gini");
  CHECK(g.values[0] == 0.2);
  CHECK_FALSE(g.values[1].has_value());
  CHECK(g.values[2] == 0.1);
  CHECK(g.spread == doctest::Approx(0.1));
  CHECK(g.highest == "A");
  CHECK(g.lowest == "C");
}

TEST_CASE("circle comparison of one circle or none") {
  const CircleComparison one = compare_circles({{"A", {{"medianMs", 1500}}}});
  REQUIRE(one.rows.size() == 1);
  CHECK(one.rows[0].spread == 0);
  CHECK(one.rows[0].highest == "A");
  CHECK(one.rows[0].lowest == "A");

  const CircleComparison none = compare_circles({});
  CHECK(none.circles.empty());
  CHECK(none.rows.empty());
}

TEST_CASE("JSON of the measures") {
  AnswerSetMeasures a;
  a.answers = 4, a.clusters = 3, a.entropy = 0.75, a.largest_share = 0.5, a.unique_participants = {"p2", "p4"};
  CHECK(json(a) == json::parse(R"({"answers":4,"clusters":3,"entropy":0.75,"largestShare":0.5,
                                   "uniqueParticipants":["p2","p4"]})"));

  const TimeStats t{4, 250, 175, 325, 100, 400};
  CHECK(json(t) == json::parse(R"({"count":4,"medianMs":250.0,"p25Ms":175.0,"p75Ms":325.0,
                                   "minMs":100.0,"maxMs":400.0})"));

  const ParticipantFigures p{"p1", 3, 2, TimeStats{1, 5, 5, 5, 5, 5}};
  CHECK(json(p) == json::parse(R"({"participant":"p1","contributions":3,"distinct":2,
      "response":{"count":1,"medianMs":5.0,"p25Ms":5.0,"p75Ms":5.0,"minMs":5.0,"maxMs":5.0}})"));

  CHECK(json(Cluster{"Cold", {"Cold", "cold!"}, {"p1", "p2"}}) ==
        json::parse(R"({"label":"Cold","spellings":["Cold","cold!"],"participants":["p1","p2"]})"));

  const BalanceMeasures b{3, {{"p1", 3}, {"p2", 0}}, 0.5};
  CHECK(json(b) == json::parse(R"({"totalWords":3,"perParticipant":[{"participant":"p1","words":3},
                                   {"participant":"p2","words":0}],"gini":0.5})"));

  const PredictMeasures pm{1, 1, 1.0, {{"p1", "p2", true}}};
  CHECK(json(pm) == json::parse(R"({"pairs":1,"matches":1,"matchRate":1.0,
                                    "results":[{"guesser":"p1","target":"p2","match":true}]})"));

  const CircleComparison c{{"A", "B"}, {FigureRow{"gini", {0.25, std::nullopt}, 0, "A", "A"}}};
  CHECK(json(c) == json::parse(R"({"circles":["A","B"],"rows":[{"figure":"gini","values":[0.25,null],
                                   "spread":0.0,"highest":"A","lowest":"A"}]})"));
}
