#pragma once
// The configuration of one round: which game, who plays in which circle, and the game's options.
// A RoundConfig only exists validated: parse_config checks every field and limit, so the rules
// never see a config they cannot play. JSON field names are camelCase (see docs/games.md).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/vocabulary.hpp"

namespace earshot::games {

constexpr int config_version = 1;

// GameKind, PickKind, their names and the limits: games/vocabulary.hpp.

struct CircleConfig {
  std::string id;                    // "c1", ...
  std::vector<std::string> members;  // participant ids, in the set order
  bool operator==(const CircleConfig&) const = default;
};

struct RoundConfig {
  GameKind game = GameKind::chain;
  std::vector<CircleConfig> circles;
  bool shuffle = false;     // "order": "shuffle" shuffles each circle at start with `seed`
  std::uint64_t seed = 0;   // also the seed of anything else random in the round
  bool anonymous = false;   // burst/SPIV: reveal answers without names (stage and phones)

  // Turn-based games (chain, WAAT).
  std::int64_t turn_ms = 0;
  bool listening = false;        // phones do not show the words so far
  bool listening_stage = false;  // ... nor does the stage (needs listening)
  bool no_repeat = false;

  // Chain.
  std::string seed_word;
  int phrase_words = 1;           // words allowed in one answer
  int max_turns = 0;              // 0: no limit
  std::int64_t time_budget_ms = 0;  // 0: no limit

  // Burst and SPIV.
  std::vector<std::string> stimuli;  // burst
  std::string prompt;                // SPIV
  std::int64_t answer_ms = 0;
  std::size_t answer_chars = 0;
  PickKind pick = PickKind::none;    // SPIV
  std::int64_t pick_ms = 0;
  bool predict = false;              // SPIV

  // WAAT.
  std::string title;
  int word_limit = 0;  // 0: no limit
  bool one_two_three = false;
  bool retell = false;
  std::int64_t retell_ms = 0;
  bool title_vote = false;
  std::int64_t title_ms = 0;
  std::int64_t vote_ms = 0;

  bool operator==(const RoundConfig&) const = default;
  bool turn_based() const { return game == GameKind::chain || game == GameKind::waat; }
};

struct ConfigError {
  std::string code;     // unsupported_version, unknown_game, missing_field, bad_field
  std::string message;  // readable reason
  std::string field;    // the offending field ("circles[1].members[0]"), empty if none
};

struct ConfigResult {
  std::optional<RoundConfig> config;
  std::optional<ConfigError> error;
};

// A participant or circle id: 1..32 letters, digits, '_' or '-', and not an actor name
// ("facilitator", "server").
bool valid_id(std::string_view id);

// Validates untrusted JSON into a config, filling in the defaults of the game.
ConfigResult parse_config(const nlohmann::json& j);

// The full config with every field of its game, defaults included; parse_config reads it back
// to an equal config.
nlohmann::json to_json(const RoundConfig& c);

// Cleans one line of text typed by a person: it must be valid UTF-8 without control characters;
// whitespace is collapsed; then it must have 1..max_chars characters. On failure `error` holds
// the rejection code: invalid_text, empty_answer or answer_too_long.
struct CleanLine {
  std::string text;
  std::string error;
};
CleanLine clean_line(std::string_view raw, std::size_t max_chars);

}  // namespace earshot::games
