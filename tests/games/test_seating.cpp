#include <doctest/doctest.h>

#include <set>

#include "games/content.hpp"
#include "games/seating.hpp"

using namespace earshot::games;

namespace {
std::vector<std::string> members(const Seating& s, std::size_t i) { return s.circles().at(i).members; }
using V = std::vector<std::string>;
}  // namespace

TEST_CASE("a room starts with one circle and newcomers fill the smallest") {
  Seating s;
  REQUIRE(s.circles().size() == 1);
  CHECK(s.circles()[0].id == "c1");
  CHECK(s.add("p1") == "c1");
  CHECK(s.add("p2") == "c1");
  CHECK(s.add("p1") == "c1");  // already seated: nothing changes
  CHECK(members(s, 0) == V{"p1", "p2"});
  REQUIRE(s.split(2));
  CHECK(members(s, 0) == V{"p1"});
  CHECK(members(s, 1) == V{"p2"});
  CHECK(s.add("p3") == "c1");  // a tie goes to the first
  CHECK(s.add("p4") == "c2");
  CHECK(s.circle_of("p4")->id == "c2");
  CHECK(s.circle_of("p9") == nullptr);
}

TEST_CASE("split deals everyone into balanced circles keeping the order") {
  Seating s;
  for (int i = 1; i <= 7; ++i) s.add("p" + std::to_string(i));
  REQUIRE(s.split(3));
  REQUIRE(s.circles().size() == 3);
  CHECK(members(s, 0) == V{"p1", "p2", "p3"});
  CHECK(members(s, 1) == V{"p4", "p5"});
  CHECK(members(s, 2) == V{"p6", "p7"});
  CHECK(s.circles()[2].id == "c3");
  REQUIRE(s.split(1));
  CHECK(members(s, 0) == V{"p1", "p2", "p3", "p4", "p5", "p6", "p7"});
  CHECK_FALSE(s.split(0));
  CHECK_FALSE(s.split(limits::max_circles + 1));
  CHECK(s.circles().size() == 1);
  // More circles than people: some stay empty, and rounds skip them.
  REQUIRE(s.split(9));
  CHECK(s.circles().size() == 9);
  CHECK(s.for_round().size() == 7);
}

TEST_CASE("move takes someone out of their circle and puts them at a position") {
  Seating s;
  for (int i = 1; i <= 4; ++i) s.add("p" + std::to_string(i));
  REQUIRE(s.split(2));  // c1: p1 p2, c2: p3 p4
  CHECK(s.move("p1", "c2", 1));
  CHECK(members(s, 0) == V{"p2"});
  CHECK(members(s, 1) == V{"p3", "p1", "p4"});
  CHECK(s.move("p4", "c2", 0));  // within the same circle: reorder
  CHECK(members(s, 1) == V{"p4", "p3", "p1"});
  CHECK(s.move("p3", "c1", std::nullopt));
  CHECK(members(s, 0) == V{"p2", "p3"});
  CHECK(s.move("p2", "c1", 99));  // clamped to the end
  CHECK(members(s, 0) == V{"p3", "p2"});
  CHECK_FALSE(s.move("p9", "c1", 0));
  CHECK_FALSE(s.move("p2", "c7", 0));
  CHECK(s.remove("p2"));
  CHECK_FALSE(s.remove("p2"));
  CHECK(members(s, 0) == V{"p3"});
}

TEST_CASE("shuffle is a permutation within each circle, the same for the same seed") {
  Seating a, b;
  for (int i = 1; i <= 12; ++i) {
    a.add("p" + std::to_string(i));
    b.add("p" + std::to_string(i));
  }
  REQUIRE(a.split(2));
  REQUIRE(b.split(2));
  a.shuffle(42);
  b.shuffle(42);
  CHECK(a.circles() == b.circles());
  const auto first = members(a, 0);
  CHECK(std::set<std::string>(first.begin(), first.end()) == std::set<std::string>{"p1", "p2", "p3", "p4", "p5", "p6"});
  CHECK(members(a, 0) != V{"p1", "p2", "p3", "p4", "p5", "p6"});
  b.shuffle(43);
  CHECK(a.circles() != b.circles());
  CHECK(a.to_json()[1]["id"] == "c2");
  CHECK(a.to_json()[1]["members"].size() == 6);
}

TEST_CASE("the built-in decks are compiled in") {
  for (const char* name : {"seeds", "stimuli", "prompts", "titles"}) {
    INFO(name);
    CHECK(builtin_deck(name).size() >= 40);
  }
  CHECK(builtin_deck("nonsense").empty());
  const auto prompts = builtin_deck("prompts");
  CHECK(std::find(prompts.begin(), prompts.end(), "the printer is broken") != prompts.end());
}
