// The message catalog as the reports use it (catalog/catalog.hpp): phrases by key, placeholders,
// plural forms, a language it lacks, and a key it lacks.
#include <doctest/doctest.h>

#include <algorithm>

#include "catalog/catalog.hpp"

using earshot::catalog::Catalog;
using earshot::catalog::fill;

TEST_CASE("the English catalog is embedded and answers by key") {
  const auto& en = Catalog::of("en");
  CHECK(en.language() == "en");
  CHECK(en.has("game.chain.name"));
  CHECK(en.text("game.chain.name") == "Word association");
  CHECK(en.text("pass.offline") == "was away");
  const auto languages = Catalog::languages();
  CHECK(std::find(languages.begin(), languages.end(), "en") != languages.end());
}

TEST_CASE("a language without a catalog gets English, and a missing key shows itself") {
  CHECK(Catalog::of("xx").language() == "en");
  CHECK_FALSE(Catalog::of().has("no.such.key"));
  CHECK(Catalog::of().text("no.such.key") == "[no.such.key]");
  CHECK(Catalog::of().count("no.such.key", 2) == "[no.such.key]");
}

TEST_CASE("placeholders are filled from the values given, and unknown ones stay") {
  CHECK(Catalog::of().text("circle.name", {{"n", "3"}}) == "Circle 3");
  CHECK(fill("{a} and {b}", {{"a", "x"}}) == "x and {b}");
  CHECK(fill("{a}{a}", {{"a", "<b>"}}) == "<b><b>");
  CHECK(fill("no braces", {}) == "no braces");
  CHECK(fill("open { only", {{"only", "x"}}) == "open { only");
}

TEST_CASE("text_for fills a vocabulary item into a key pattern") {
  CHECK(Catalog::of().text_for("game.*.name", "spiv") == Catalog::of().text("game.spiv.name"));
  CHECK(Catalog::of().text_for("game.*.name", "nope") == "[game.nope.name]");
}

TEST_CASE("plural forms follow the number") {
  const auto& en = Catalog::of();
  CHECK(en.count("count.rounds", 1) == "1 round");
  CHECK(en.count("count.rounds", 0) == "0 rounds");
  CHECK(en.count("count.rounds", 12) == "12 rounds");
  CHECK(en.count("count.passes", 0) == "no passes");  // an explicit form for none
  CHECK(en.is_plural("count.rounds"));
  CHECK_FALSE(en.is_plural("circle.name"));
}

TEST_CASE("every key is listed once, sorted") {
  const auto keys = Catalog::of().keys();
  CHECK(std::is_sorted(keys.begin(), keys.end()));
  CHECK(std::adjacent_find(keys.begin(), keys.end()) == keys.end());
  CHECK(std::find(keys.begin(), keys.end(), "count.rounds") != keys.end());
}
