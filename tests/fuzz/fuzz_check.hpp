#pragma once
// Shared by the fuzz targets: a check that stops the run (libFuzzer then keeps the input as a
// crash; the corpus replay exits non-zero), and the code sets docs/protocol.md and docs/games.md
// promise.

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#define FUZZ_CHECK(cond)                                                                  \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);  \
      std::abort();                                                                       \
    }                                                                                     \
  } while (0)

namespace earshot::fuzz {

// The refusals a play or steer can get from the rules (docs/games.md, "Commands and refusals").
inline bool is_game_code(const std::string& code) {
  static const std::set<std::string> codes{
      "not_your_turn", "not_one_word", "too_many_words", "repeated_word", "answer_too_long", "empty_answer",
      "invalid_text",  "round_paused", "already_answered", "unknown_participant", "unknown_circle",
      "unknown_answer", "too_late", "wrong_phase", "not_allowed", "already_paused", "not_paused",
      "bad_command", "unknown_command"};
  return codes.count(code) > 0;
}

// The refusals of a round config (docs/games.md, docs/protocol.md "config codes").
inline bool is_config_code(const std::string& code) {
  return code == "unsupported_version" || code == "unknown_game" || code == "missing_field" || code == "bad_field";
}

// Strict serialization: throws (and so fails the check) on invalid UTF-8, which must never reach
// a view, a result or a frame built from checked text.
inline std::string dump_strict(const nlohmann::json& j) {
  try {
    return j.dump();
  } catch (const nlohmann::json::exception& e) {
    std::fprintf(stderr, "fuzz check failed: JSON does not serialize: %s\n", e.what());
    std::abort();
  }
}

}  // namespace earshot::fuzz
