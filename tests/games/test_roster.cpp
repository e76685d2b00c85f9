#include <doctest/doctest.h>

#include "games/roster.hpp"

using namespace earshot::games;

TEST_CASE("names are trimmed and inner whitespace is folded") {
  CHECK(clean_name("  Ann  ") == "Ann");
  CHECK(clean_name("Mary \t  Jane") == "Mary Jane");
  CHECK(clean_name("Zoë") == "Zoë");
}

TEST_CASE("names must have 1 to 24 characters and no control characters") {
  CHECK_FALSE(clean_name(""));
  CHECK_FALSE(clean_name("   \t "));
  CHECK(clean_name(std::string(24, 'x')));
  CHECK_FALSE(clean_name(std::string(25, 'x')));
  // 24 two-byte characters are 48 bytes but still 24 characters.
  std::string umlauts;
  for (int i = 0; i < 24; ++i) umlauts += "ü";
  CHECK(clean_name(umlauts) == umlauts);
  CHECK_FALSE(clean_name(umlauts + "ü"));
  CHECK_FALSE(clean_name(std::string("a\0b", 3)));
  CHECK_FALSE(clean_name("bell\x07"));
  CHECK_FALSE(clean_name("del\x7f"));
  CHECK_FALSE(clean_name("c1\xc2\x85x"));
  CHECK_FALSE(clean_name("bad\xff"));  // not UTF-8
}

TEST_CASE("joining gives increasing ids and refuses clashing names case-insensitively") {
  Roster r;
  auto a = r.join("Ann");
  REQUIRE(a.member);
  CHECK(a.member->id == "p1");
  auto b = r.join(" Ben ");
  REQUIRE(b.member);
  CHECK(b.member->id == "p2");
  CHECK(b.member->name == "Ben");

  auto clash = r.join("  ANN ");
  REQUIRE(clash.error);
  CHECK(clash.error->code == "name_taken");
  CHECK(r.members().size() == 2);
  // Look-alikes clash too: accents and surrounding punctuation don't make a different person.
  REQUIRE(r.join("Zoë").member);
  CHECK(r.join("ZOE").error->code == "name_taken");
  CHECK(r.join("Ann!").error->code == "name_taken");
  // Names of punctuation only are compared as they are.
  REQUIRE(r.join("?").member);
  REQUIRE(r.join("!").member);

  auto bad = r.join("\t");
  REQUIRE(bad.error);
  CHECK(bad.error->code == "name_invalid");
}

TEST_CASE("online follows the count of live connections") {
  Roster r;
  const auto id = r.join("Ann").member->id;
  CHECK_FALSE(r.find(id)->online());
  CHECK(r.connect(id));        // offline -> online
  CHECK_FALSE(r.connect(id));  // second tab: still online, no change
  CHECK(r.online_count() == 1);
  CHECK_FALSE(r.disconnect(id));
  CHECK(r.disconnect(id));  // last connection gone
  CHECK_FALSE(r.find(id)->online());
  CHECK_FALSE(r.disconnect(id));
  CHECK_FALSE(r.connect("p99"));
}

TEST_CASE("restored members keep their ids and new ids do not collide") {
  Roster r;
  r.restore({"p7", "Gus", 3});
  CHECK(r.find("p7")->connections == 0);
  CHECK(r.join("Hal").member->id == "p8");
}

TEST_CASE("renaming follows the name rules and ignores the member's own name") {
  Roster r;
  const auto ann = r.join("Ann").member->id;
  const auto ben = r.join("Ben").member->id;
  CHECK_FALSE(r.rename(ann, "ANN!"));  // only case and punctuation differ from her own name
  CHECK(r.find(ann)->name == "ANN!");
  const auto taken = r.rename(ann, "ben");
  REQUIRE(taken);
  CHECK(taken->code == "name_taken");
  CHECK(r.find(ann)->name == "ANN!");
  CHECK(r.rename(ben, "   ")->code == "name_invalid");
  CHECK(r.rename("p99", "Zed")->code == "unknown_participant");
}

TEST_CASE("removed members are gone, their names free, their ids never reused") {
  Roster r;
  const auto ann = r.join("Ann").member->id;
  CHECK(r.remove(ann));
  CHECK_FALSE(r.remove(ann));
  CHECK(r.find(ann) == nullptr);
  const auto again = r.join("Ann");
  REQUIRE(again.member);
  CHECK(again.member->id != ann);
}
