// The decks in the store: created, listed, read, changed and deleted; ids never given twice; a
// name key taken twice, a missing deck or entries that are not a JSON array fail their batch
// alone and change nothing; where "the next entry" goes on from, for own and built-in decks; all
// of it still there after the store is opened again.

#include <doctest/doctest.h>

#include "store/store.hpp"
#include "store_support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace earshot::store;
using earshot::store::testing::options_for;
using earshot::store::testing::write;
using earshot::test::TempDir;

TEST_CASE("store: decks are created, listed, read, changed and deleted") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  CHECK(store.decks().empty());
  CHECK(store.last_deck_id() == 0);
  CHECK_FALSE(store.deck(1));

  REQUIRE(write(store, {CreateDeck{1, "Help desk", "help desk", R"(["urgent","a quick fix"])", 1000},
                        CreateDeck{2, "Warm-up", "warm-up", R"(["coffee"])", 1100}})
              .ok());
  CHECK(store.decks() == std::vector<DeckSummary>{{1, "Help desk", 2, 1000, 1000, R"(["urgent","a quick fix"])"},
                                                  {2, "Warm-up", 1, 1100, 1100, R"(["coffee"])"}});
  CHECK(store.deck(1) == Deck{1, "Help desk", "help desk", R"(["urgent","a quick fix"])", 0, 1000, 1000});
  CHECK(store.last_deck_id() == 2);

  REQUIRE(write(store, {UpdateDeck{1, "Help-desk words", "help-desk words", R"(["urgent"])", 2000}}).ok());
  CHECK(store.deck(1) == Deck{1, "Help-desk words", "help-desk words", R"(["urgent"])", 0, 1000, 2000});

  REQUIRE(write(store, {DeleteDeck{2}}).ok());
  CHECK(store.decks() == std::vector<DeckSummary>{{1, "Help-desk words", 1, 1000, 2000, R"(["urgent"])"}});
  CHECK_FALSE(store.deck(2));
  CHECK(store.last_deck_id() == 2);  // the deleted deck's id is not given again
}

TEST_CASE("store: a deck write that cannot be done fails its batch alone, and nothing of it is kept") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  REQUIRE(write(store, {CreateDeck{1, "Words", "words", R"(["a"])", 1000}}).ok());

  SUBCASE("a name key taken") {
    CHECK_FALSE(write(store, {CreateDeck{2, "WORDS", "words", R"(["b"])", 1100}}).ok());
    CHECK_FALSE(write(store, {CreateDeck{2, "Other", "other", R"(["b"])", 1100},
                              CreateDeck{3, "words!", "words", R"(["c"])", 1100}})
                    .ok());
  }
  SUBCASE("an id used before") {
    CHECK_FALSE(write(store, {CreateDeck{1, "Other", "other", R"(["b"])", 1100}}).ok());
  }
  SUBCASE("entries that are not a JSON array") {
    CHECK_FALSE(write(store, {CreateDeck{2, "Other", "other", R"({"a":1})", 1100}}).ok());
    CHECK_FALSE(write(store, {CreateDeck{2, "Other", "other", "coffee", 1100}}).ok());
    CHECK_FALSE(write(store, {UpdateDeck{1, "Words", "words", "[", 1100}}).ok());
  }
  SUBCASE("a deck that is not there") {
    CHECK_FALSE(write(store, {UpdateDeck{7, "Other", "other", R"(["b"])", 1100}}).ok());
    CHECK_FALSE(write(store, {DeleteDeck{7}}).ok());
  }
  CHECK(store.decks() == std::vector<DeckSummary>{{1, "Words", 1, 1000, 1000, R"(["a"])"}});
  CHECK(store.deck(1)->entries == R"(["a"])");
}

TEST_CASE("store: where the next entry of a deck goes on from, and everything after reopening") {
  TempDir dir;
  {
    EventStore store(options_for(dir.path()));
    REQUIRE(write(store, {CreateDeck{1, "Words", "words", R"(["a","b","c"])", 1000}}).ok());
    CHECK(store.builtin_deck_place("seeds") == 0);
    REQUIRE(write(store, {CreateDeck{2, "Long", "long", R"(["1","2","3","4","5","6","7"])", 1000}}).ok());
    CHECK(store.decks().back().sample == R"(["1","2","3","4","5"])");
    CHECK(store.decks().back().size == 7);
    REQUIRE(write(store, {MoveDeckPlace{1, "", 2}, MoveDeckPlace{0, "seeds", 5}, MoveDeckPlace{0, "titles", 1}}).ok());
    REQUIRE(write(store, {MoveDeckPlace{0, "seeds", 6}}).ok());
    CHECK(store.deck(1)->place == 2);
    // Moving the place of a deck that has gone does nothing (a round drew from it as it was deleted).
    CHECK(write(store, {MoveDeckPlace{9, "", 1}}).ok());
    // An update keeps the place.
    REQUIRE(write(store, {UpdateDeck{1, "Words", "words", R"(["a","b","c","d"])", 1100}}).ok());
    CHECK(store.deck(1)->place == 2);
    CHECK_FALSE(write(store, {MoveDeckPlace{1, "", -1}}).ok());
  }
  EventStore store(options_for(dir.path()));
  CHECK(store.deck(1) == Deck{1, "Words", "words", R"(["a","b","c","d"])", 2, 1000, 1100});
  CHECK(store.builtin_deck_place("seeds") == 6);
  CHECK(store.builtin_deck_place("titles") == 1);
  CHECK(store.builtin_deck_place("prompts") == 0);
  CHECK(store.last_deck_id() == 2);
}
