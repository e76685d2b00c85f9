#pragma once
// The words of the games, defined once: the games and their JSON names, the phases of a round,
// what a participant may `play`, what the facilitator may `steer`, the reactions, each game's
// defaults and the limits on everything that comes in. The rules, the server's parsing, the C++
// client and (through the `vocabulary` of a welcome, docs/protocol.md) the pages take them from
// here. Constants only, usable without linking the games library; vocabulary_json (vocabulary.cpp)
// is the one function, for the welcomes.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace earshot::games {

enum class GameKind { chain, burst, waat, spiv };
inline constexpr std::array<GameKind, 4> game_kinds = {GameKind::chain, GameKind::burst, GameKind::waat, GameKind::spiv};

constexpr std::string_view to_string(GameKind g) {
  switch (g) {
    case GameKind::chain: return "chain";
    case GameKind::burst: return "burst";
    case GameKind::waat: return "waat";
    case GameKind::spiv: return "spiv";
  }
  return "";
}

constexpr std::optional<GameKind> game_from_string(std::string_view name) {
  for (auto g : game_kinds) {
    if (to_string(g) == name) return g;
  }
  return std::nullopt;
}

enum class PickKind { none, closest, surprising };  // SPIV's optional second step

constexpr std::string_view to_string(PickKind p) {
  switch (p) {
    case PickKind::none: return "none";
    case PickKind::closest: return "closest";
    case PickKind::surprising: return "surprising";
  }
  return "";
}

enum class Phase {
  lobby,      // created, not started
  turns,      // chain or WAAT story: circles take turns
  answering,  // everyone answers the current answer set privately, within the timer
  closed,     // answers are in, not yet revealed
  revealed,   // answers are shown to everyone
  picking,    // everyone picks one answer of their circle (SPIV pick, WAAT title vote)
  ended
};
inline constexpr std::array<Phase, 7> phases = {Phase::lobby,    Phase::turns,   Phase::answering, Phase::closed,
                                                Phase::revealed, Phase::picking, Phase::ended};

constexpr std::string_view to_string(Phase p) {
  switch (p) {
    case Phase::lobby: return "lobby";
    case Phase::turns: return "turns";
    case Phase::answering: return "answering";
    case Phase::closed: return "closed";
    case Phase::revealed: return "revealed";
    case Phase::picking: return "picking";
    case Phase::ended: return "ended";
  }
  return "";
}

constexpr std::optional<Phase> phase_from_string(std::string_view name) {
  for (auto p : phases) {
    if (to_string(p) == name) return p;
  }
  return std::nullopt;
}

// What a participant may do in a round (`play`): a turn of a chain or story, an answer, a guess,
// a pick, a reaction.
inline constexpr std::array<std::string_view, 3> turn_actions = {"word", "pass", "end_sentence"};
inline constexpr std::array<std::string_view, 3> answer_actions = {"answer", "predict", "pick"};
inline constexpr std::array<std::string_view, 7> play_actions = {"word",   "pass", "end_sentence", "answer",
                                                                 "predict", "pick", "react"};
// What the facilitator may do with a round (`steer`).
inline constexpr std::array<std::string_view, 8> steer_actions = {"start", "pause", "resume", "skip",
                                                                  "reveal", "next", "end", "note"};
// What the server reports to a round by itself (the facilitator may send join and leave too).
inline constexpr std::array<std::string_view, 3> server_commands = {"join", "leave", "presence"};
// The reactions participants can send during and after a round.
inline constexpr std::array<std::string_view, 4> reactions = {"applause", "laugh", "wow", "heart"};

constexpr bool is_one_of(std::span<const std::string_view> words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}
constexpr bool is_play_action(std::string_view a) { return is_one_of(play_actions, a); }
constexpr bool is_steer_action(std::string_view a) { return is_one_of(steer_actions, a); }
constexpr bool is_reaction(std::string_view r) { return is_one_of(reactions, r); }
// Commands for the facilitator (or the server), never for players.
constexpr bool is_steering_command(std::string_view k) { return is_steer_action(k) || is_one_of(server_commands, k); }

// Limits (characters are code points). Everything coming in is checked against these.
namespace limits {
constexpr std::size_t max_circles = 50;
constexpr std::size_t max_players = 500;       // in all circles together
constexpr std::size_t max_id_chars = 32;       // participant and circle ids
constexpr std::size_t max_name_chars = 24;     // a participant's name, after trimming
constexpr std::size_t max_prompt_chars = 100;  // seed word, title, stimulus, SPIV prompt
constexpr std::size_t max_stimuli = 50;
constexpr std::int64_t min_timer_ms = 1000;
constexpr std::int64_t max_timer_ms = 600000;      // any one timer: 10 minutes
constexpr std::int64_t max_budget_ms = 3600000;    // chain time budget: an hour
constexpr int max_phrase_words = 5;                // chain: words in one answer
constexpr int max_turns = 1000;                    // chain
constexpr int max_story_words = 2000;              // WAAT word limit
constexpr std::size_t max_answer_chars = 280;      // burst / SPIV answers (answerChars)
constexpr std::size_t max_chain_chars = 60;        // one chain answer
constexpr std::size_t max_word_chars = 40;         // one WAAT word
constexpr std::size_t max_retell_chars = 200;      // one retelling
constexpr std::size_t max_title_chars = 60;        // one proposed title
constexpr std::size_t max_note_chars = 500;        // a facilitator's note
constexpr std::uint64_t max_seed = (1ULL << 53) - 1;  // exact in JavaScript numbers too
// Decks of the facilitator's own (games/deck.hpp). An entry becomes a seed word, a title, a
// stimulus or a prompt, so it is as long as those may be.
constexpr std::size_t max_deck_name_chars = 60;
constexpr std::size_t max_deck_entry_chars = max_prompt_chars;
constexpr std::size_t max_deck_entries = 2000;
constexpr std::size_t max_deck_bytes = 1024 * 1024;  // a file to import, or a deck's text
constexpr std::size_t max_decks = 200;               // decks of one's own, in all
// Workshop plans (games/plan.hpp). A plan file carries the own decks it draws from, so it may be
// as big as a deck file.
constexpr std::size_t max_plan_bytes = 1024 * 1024;
constexpr int max_plan_depth = 16;                   // JSON nesting, counted before parsing
constexpr std::size_t max_activities = 40;
constexpr int max_plan_minutes = 8 * 60;
constexpr std::size_t max_activity_title_chars = 80;
constexpr std::size_t max_activity_notes_chars = 2000;
constexpr std::size_t max_questions = 8;             // debrief questions of one activity
constexpr std::size_t max_question_chars = 200;
constexpr std::size_t max_plan_decks = 20;           // decks inside one plan file
constexpr std::size_t max_plans = 100;               // plans kept, in all
// Reactions: a phone may send this many at once, then this many a second.
constexpr int reaction_burst = 5;
constexpr int reactions_per_second = 1;
}  // namespace limits

// What a round config takes when it does not say (docs/games.md). A field is 0 when the game does
// not have that option.
struct GameDefaults {
  std::int64_t turn_ms = 0;        // chain, WAAT
  int phrase_words = 0;            // chain
  std::int64_t answer_ms = 0;      // burst, SPIV
  std::size_t answer_chars = 0;    // burst, SPIV
  std::int64_t pick_ms = 0;        // SPIV
  std::int64_t retell_ms = 0;      // WAAT
  std::int64_t title_ms = 0;       // WAAT
  std::int64_t vote_ms = 0;        // WAAT
};

constexpr GameDefaults defaults(GameKind g) {
  GameDefaults d;
  switch (g) {
    case GameKind::chain:
      d.turn_ms = 5000;
      d.phrase_words = 1;
      break;
    case GameKind::burst:
      d.answer_ms = 10000;
      d.answer_chars = 40;
      break;
    case GameKind::waat:
      d.turn_ms = 10000;
      d.retell_ms = 60000;
      d.title_ms = 45000;
      d.vote_ms = 30000;
      break;
    case GameKind::spiv:
      d.answer_ms = 60000;
      d.answer_chars = 140;
      d.pick_ms = 30000;
      break;
  }
  return d;
}

// The vocabulary as a welcome carries it (docs/protocol.md, "vocabulary"): a phone gets only what
// it shows (the reactions and the limits of what it types), the stage also the steer actions, the
// facilitator also the games with their defaults and the limits of a round config.
enum class VocabularyFor { phone, stage, facilitator };
const nlohmann::json& vocabulary_json(VocabularyFor who);

}  // namespace earshot::games
