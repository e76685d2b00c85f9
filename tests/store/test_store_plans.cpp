// The plans in the store: created, listed, read, changed and deleted, ids never given twice; a
// plan and the decks it brings are written in one batch, and a batch where one of them cannot be
// written keeps none of them; all of it still there after the store is opened again.

#include <doctest/doctest.h>

#include "store/store.hpp"
#include "store_support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace earshot::store;
using earshot::store::testing::options_for;
using earshot::store::testing::write;
using earshot::test::TempDir;

TEST_CASE("store: plans are created, listed, read, changed and deleted, and kept") {
  TempDir dir;
  {
    EventStore store(options_for(dir.path()));
    CHECK(store.plans().empty());
    CHECK(store.last_plan_id() == 0);
    CHECK_FALSE(store.plan(1));

    REQUIRE(write(store, {CreatePlan{1, "Monday", "monday", R"({"name":"Monday"})", 1000},
                          CreatePlan{2, "Tuesday", "tuesday", R"({"name":"Tuesday"})", 1100}})
                .ok());
    CHECK(store.plans() == std::vector<StoredPlan>{{1, "Monday", "monday", R"({"name":"Monday"})", 1000, 1000},
                                                   {2, "Tuesday", "tuesday", R"({"name":"Tuesday"})", 1100, 1100}});
    REQUIRE(write(store, {UpdatePlan{1, "Monday morning", "monday morning", R"({"name":"Monday morning"})", 2000}}).ok());
    CHECK(store.plan(1) == StoredPlan{1, "Monday morning", "monday morning", R"({"name":"Monday morning"})", 1000, 2000});
    REQUIRE(write(store, {DeletePlan{2}}).ok());
    CHECK(store.plans().size() == 1);
    CHECK(store.last_plan_id() == 2);
  }
  EventStore again(options_for(dir.path()));
  CHECK(again.plan(1)->name == "Monday morning");
  CHECK_FALSE(again.plan(2));
  CHECK(again.last_plan_id() == 2);  // the deleted plan's id is not given again
}

TEST_CASE("store: a plan imported with its decks is kept whole or not at all") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  REQUIRE(write(store, {CreatePlan{1, "Monday", "monday", R"({})", 1000}}).ok());

  SUBCASE("a plan name key taken: the new deck is not kept either") {
    CHECK_FALSE(write(store, {CreateDeck{1, "Tickets", "tickets", R"(["a"])", 1100},
                              CreatePlan{2, "MONDAY", "monday", R"({})", 1100}})
                    .ok());
  }
  SUBCASE("a body that is not a JSON object") {
    CHECK_FALSE(write(store, {CreateDeck{1, "Tickets", "tickets", R"(["a"])", 1100},
                              CreatePlan{2, "Other", "other", "[1]", 1100}})
                    .ok());
    CHECK_FALSE(write(store, {UpdatePlan{1, "Monday", "monday", "{", 1100}}).ok());
  }
  SUBCASE("a plan that is not there") {
    CHECK_FALSE(write(store, {UpdatePlan{7, "Other", "other", "{}", 1100}}).ok());
    CHECK_FALSE(write(store, {DeletePlan{7}}).ok());
  }
  CHECK(store.decks().empty());
  CHECK(store.plans() == std::vector<StoredPlan>{{1, "Monday", "monday", "{}", 1000, 1000}});
}
