#pragma once
// Workshop plans: an ordered list of activities, each a fully set-up round (its config, where its
// seed word, title, stimuli or prompt come from, how the circles are arranged) with a title, the
// facilitator's notes and debrief questions. A plan is shared as one JSON file that carries the
// own decks it draws from. Pure functions with no I/O: this is the format and its checks
// (docs/plans.md is the contract, with every refusal's code); the server keeps plans and runs
// them.
//
// The rules, in one place:
// - The file is at most limits::max_plan_bytes of UTF-8 JSON, nested at most
//   limits::max_plan_depth deep, {"format": "earshot-plan", "version": 1, "plan": {...},
//   "decks": [...]}. A newer version is refused (plan_unsupported_version), never half read.
// - A plan has a name (as a deck's name), optional minutes (1..limits::max_plan_minutes) and
//   1..limits::max_activities activities.
// - An activity has a title (1..limits::max_activity_title_chars, one line), notes
//   (0..limits::max_activity_notes_chars, line breaks kept), 0..limits::max_questions debrief
//   questions (each one line of 1..limits::max_question_chars), circles ("keep", "one" or
//   {"split": N} with N in 2..limits::max_circles), a round config the rules accept
//   (games/config.hpp; without "circles", which the room arranges), and optionally a draw from a
//   deck that fills the game's deck field (games/deck.hpp deck_field) instead of the config.
// - A draw names a built-in deck ("seeds", "stimuli", "titles", "prompts") or one of the file's
//   decks by name; a deck the file carries is a name and its entries, checked as any deck.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/deck.hpp"
#include "games/vocabulary.hpp"

namespace earshot::games {

inline constexpr std::string_view plan_format = "earshot-plan";
inline constexpr int plan_version = 1;

// How the room's circles are arranged before an activity's round.
struct Circles {
  enum class How { keep, one, split } how = How::keep;
  std::size_t count = 0;  // split only: 2..limits::max_circles
  bool operator==(const Circles&) const = default;
};

struct PlanDraw {
  std::string deck;  // a built-in deck's id, or the name of a deck of the plan's file
  DrawMode mode = DrawMode::random;
  std::size_t count = 1;  // more than 1 only for a burst's stimuli
  bool operator==(const PlanDraw&) const = default;
};

struct Activity {
  std::string title;
  std::string notes;
  std::vector<std::string> questions;
  Circles circles;
  nlohmann::json config;  // as accepted by parse_config (without the field a draw fills)
  std::optional<PlanDraw> draw;
  bool operator==(const Activity&) const = default;
};

struct PlanDeck {
  std::string name;
  std::vector<std::string> entries;
  bool operator==(const PlanDeck&) const = default;
};

struct Plan {
  std::string name;
  std::optional<int> minutes;
  std::vector<Activity> activities;
  bool operator==(const Plan&) const = default;
};

// What a plan file holds: the plan and the own decks it draws from.
struct PlanFile {
  Plan plan;
  std::vector<PlanDeck> decks;
  bool operator==(const PlanFile&) const = default;
};

// Why a plan file, or a plan, is refused: a stable code, a readable message and the field it is
// about, as a path ("plan.activities[2].config.stimuli"; empty for the file as a whole).
struct PlanRefusal {
  std::string code;
  std::string message;
  std::string field;
  bool operator==(const PlanRefusal&) const = default;
};

// The file as a trainer shares it. Codes: plan_too_big, plan_not_json (not UTF-8 JSON, or nested
// too deep), plan_not_a_plan (no "format": "earshot-plan"), plan_unsupported_version,
// missing_field, bad_field, plan_deck_missing (a draw from a deck neither built in nor in the
// file), the deck codes of games/deck.hpp for a deck in the file (field "decks[i]..."), a
// duplicate deck name (deck_name_taken), and the config codes of games/config.hpp for an
// activity's round (field "plan.activities[i].config.FIELD").
std::variant<PlanFile, PlanRefusal> parse_plan_file(std::string_view text);

// A plan alone (as the facilitator page sends it to be stored), checked against the decks there
// are: `has_deck(name)` says whether a draw's deck exists. Fields are paths inside the plan
// ("activities[0].title").
std::variant<Plan, PlanRefusal> parse_plan(const nlohmann::json& j, const std::function<bool(std::string_view)>& has_deck);

nlohmann::json to_json(const Plan& plan);
// The file: parse_plan_file reads it back to an equal PlanFile.
std::string write_plan_file(const PlanFile& file);

// The built-in decks a draw may name.
bool is_builtin_deck(std::string_view id);

// The built-in plans: games/content/plans/ID.json, compiled in, as (id, file text) in id order.
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_plan_files();
// A built-in plan's file, read; nullopt for an id that is not one.
std::optional<PlanFile> builtin_plan(std::string_view id);

}  // namespace earshot::games
