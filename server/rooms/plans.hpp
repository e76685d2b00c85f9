#pragma once
// The facilitator's workshop plans: the built-in ones (games/content/plans/) and their own, kept in
// the store. Listing, reading, creating, copying, changing, deleting, importing and exporting them
// (docs/protocol.md, "Plans"), and handing a room the plan it is to follow. What a good plan or
// plan file is, is the games library's (games/plan.hpp); this keeps the plans.
//
// Changes wait in the same line as the decks' (DeckLibrary::change), one at a time: an import
// checks the decks it brings against the decks as they are then and writes the plan and its new
// decks in one batch, so nothing half-imported is ever left and no name is ever taken twice.
// Reads run on any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "games/plan.hpp"
#include "server/rooms/decks.hpp"
#include "store/store.hpp"

namespace earshot::server {

// Refusals are the decks' kind (a code, a message, a field). Besides the plan format's codes
// (games/plan.hpp): plan_not_found, plan_read_only, plan_name_taken, too_many_plans,
// deck_name_taken and too_many_decks (an import's decks), not_saved.
using PlanRefusal = DeckRefusal;

class PlanLibrary {
 public:
  // `store`: where the plans are kept (nullptr: only the built-in plans; changes are refused).
  PlanLibrary(DeckLibrary& decks, store::EventStore* store);

  // ---- Reads (any thread; throw store::StoreError when the store cannot be read) ----

  // {"plans":[...]}: the built-in plans, then the own ones, oldest first, each in short.
  nlohmann::json list() const;
  // One plan in full, or plan_not_found.
  std::variant<nlohmann::json, PlanRefusal> get(std::string_view id) const;
  // The plan as a file to share (games::write_plan_file), carrying the own decks it draws from.
  std::variant<DeckFile, PlanRefusal> export_plan(std::string_view id) const;
  // The plan a room is to follow, as it is now, with its draws naming decks by id.
  struct Found {
    std::string id;
    games::Plan plan;
  };
  std::variant<Found, PlanRefusal> plan_to_run(std::string_view id) const;

  // ---- Changes: `done` is called once, on any thread, with the plan as get() gives it (for an
  // import {"plan":...,"decksAdded":[...],"decksReused":[...]}; for remove {"deleted":ID}), or a
  // refusal ----

  using Done = DeckLibrary::Done;
  void create(nlohmann::json plan, Done done);
  void copy(std::string from, std::string name, Done done);
  void update(std::string id, nlohmann::json plan, Done done);
  void remove(std::string id, Done done);
  void import(std::string file, Done done);

 private:
  // A plan as stored (built-in: own 0, no times).
  struct Loaded {
    std::string id;
    std::int64_t own = 0;
    nlohmann::json body;  // games::to_json of the plan
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
  };
  std::optional<Loaded> load(std::string_view id) const;
  static Loaded loaded(const store::StoredPlan& stored);
  nlohmann::json full_json(const Loaded& p) const;
  // strand: checks a plan's body (draws name decks by id) and writes it as plan `own` (0: new).
  void store_plan(const nlohmann::json& body, std::int64_t own, Done done, std::function<void()> finished);
  // strand: a refusal if another plan than `except` has this name key.
  std::optional<PlanRefusal> name_taken(const std::string& key, std::int64_t except) const;

  DeckLibrary& decks_;
  store::EventStore* const store_;
  std::int64_t last_id_ = 0;  // the decks' strand: the highest own plan number given
};

}  // namespace earshot::server
