// Word association, chain: from a seed word, each player in turn gives one word (or a short
// phrase, up to phraseWords words) that the previous one brings to mind.
#include <algorithm>

#include "games/rules.hpp"
#include "games/text.hpp"

namespace earshot::games::rules {

TurnWord check_chain_answer(const RoundConfig& config, const CircleState& circle, const std::string& raw) {
  auto clean = clean_line(raw, limits::max_chain_chars);
  if (!clean.error.empty()) return {"", "", text_rejection(clean.error, limits::max_chain_chars)};
  const auto words = 1 + std::count(clean.text.begin(), clean.text.end(), ' ');
  if (words > config.phrase_words) {
    if (config.phrase_words == 1) return {"", "", Rejection{"not_one_word", "Give one word."}};
    return {"", "", Rejection{"too_many_words", "Give at most " + std::to_string(config.phrase_words) + " words."}};
  }
  // No-repeat: nothing that groups with the seed word or an earlier answer of this circle.
  if (config.no_repeat) {
    bool repeated = same_group(clean.text, config.seed_word);
    for (const auto& e : circle.transcript) repeated = repeated || (e.pass.empty() && same_group(clean.text, e.text));
    if (repeated) return {"", "", Rejection{"repeated_word", "That word was already said in this chain."}};
  }
  return {std::move(clean.text), "", std::nullopt};
}

std::string chain_end(const RoundConfig& config, const CircleState& circle) {
  // Every turn counts, passes too, so a chain of absent players still ends.
  if (config.max_turns > 0 && circle.transcript.size() >= static_cast<std::size_t>(config.max_turns)) {
    return "turn_limit";
  }
  return "";
}

}  // namespace earshot::games::rules
