#pragma once
// A stored session made ready for exporting: each round replayed from its config and events
// (games::replay) with its typed results (games/results.hpp), and who is who (names, or
// pseudonyms for anonymous exports). Shared by every format; pure functions of the records.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "games/results.hpp"
#include "games/round.hpp"
#include "reports/transcripts.hpp"

namespace earshot::reports {

// Which activity of a workshop plan a round was (recorded with the round: server/rooms/room_plan.cpp).
struct PlannedActivity {
  std::size_t index = 0;  // from 0
  std::size_t of = 0;     // the plan's activities
  std::string title;
};

struct PreparedRound {
  const store::Round* stored = nullptr;
  std::size_t number = 0;                          // 1, 2, 3, ... in the session
  std::vector<const store::Event*> stored_events;  // in seq order
  std::optional<games::Round> round;               // replayed; nullopt if the record cannot be read
  std::optional<games::RoundResults> results;      // round->results_model(true); nullopt without a round
  std::string error;                               // why the record cannot be read
  std::int64_t origin_ms = 0;                      // time 0: the round's "started" event, else its stored start
  std::optional<std::int64_t> ended_at;            // its "phase" event to "ended"
  std::optional<PlannedActivity> activity;         // nullopt: an unplanned round
};

// Who is who: names (or pseudonyms) for participant ids.
class Names {
 public:
  Names(const SessionRecord& record, const std::vector<PreparedRound>& rounds, bool anonymous);
  std::string operator()(const std::string& id) const;

 private:
  void add(const std::string& id, const std::string& name);

  bool anonymous_;
  std::size_t count_ = 0;
  std::map<std::string, std::string> names_;
};

struct PreparedSession {
  PreparedSession(const SessionRecord& r, const ExportOptions& o);

  const SessionRecord& record;
  const ExportOptions& options;
  // Initialised before `names`, which reads it (declaration order).
  std::vector<PreparedRound> rounds;
  Names names;
};

// The circles a round was played in, with their turn orders once started.
std::vector<std::pair<std::string, std::vector<std::string>>> circles_of(const games::Round& round);

}  // namespace earshot::reports
