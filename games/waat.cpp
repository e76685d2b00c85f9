// WAAT, word at a time: the circle tells a story one word per turn. Variants: no repeated words,
// 1-2-3 (words per turn grow each cycle and shrink back). Ends on a word limit, "The End" or the
// facilitator; then the optional retell phase and "title this story" vote (answer sets).
#include "games/rules.hpp"
#include "games/text.hpp"

namespace earshot::games::rules {

namespace {

const Entry* last_word(const CircleState& circle, std::size_t skip = 0) {
  for (auto it = circle.transcript.rbegin(); it != circle.transcript.rend(); ++it) {
    if (!it->pass.empty()) continue;
    if (skip == 0) return &*it;
    --skip;
  }
  return nullptr;
}

}  // namespace

TurnWord check_story_word(const RoundConfig& config, const CircleState& circle, const std::string& raw) {
  // clean_line checks UTF-8, control characters and a generous length before the word parser runs.
  auto clean = clean_line(raw, limits::max_word_chars);
  if (!clean.error.empty()) return {"", "", text_rejection(clean.error, limits::max_word_chars)};
  auto word = parse_story_word(clean.text);
  if (!word) return {"", "", Rejection{"not_one_word", "Give exactly one word (letters, digits, ' and -)."}};
  if (config.no_repeat) {
    for (const auto& e : circle.transcript) {
      if (e.pass.empty() && same_group(e.text, word->word)) {
        return {"", "", Rejection{"repeated_word", "That word is already in the story."}};
      }
    }
  }
  return {std::move(word->word), std::move(word->end), std::nullopt};
}

// The separate end-of-sentence action puts a mark after the last word of the story.
std::optional<Rejection> check_sentence_end(const CircleState& circle, const std::string& mark) {
  if (mark != "." && mark != "!" && mark != "?") return Rejection{"bad_command", "mark must be \".\", \"!\" or \"?\"."};
  const Entry* last = last_word(circle);
  if (!last) return Rejection{"not_allowed", "There is no sentence to end yet."};
  if (!last->end.empty()) return Rejection{"not_allowed", "The last word already ends with punctuation."};
  return std::nullopt;
}

int story_quota(const RoundConfig& config, const CircleState& circle) {
  if (!config.one_two_three) return 1;
  static constexpr int pattern[] = {1, 2, 3, 2};  // per cycle of the order, then again
  return pattern[circle.cycle % 4];
}

std::string story_end(const RoundConfig& config, const CircleState& circle) {
  std::size_t words = 0;
  for (const auto& e : circle.transcript) words += e.pass.empty() ? 1 : 0;
  if (config.word_limit > 0 && words >= static_cast<std::size_t>(config.word_limit)) return "word_limit";
  const Entry* end = last_word(circle);
  const Entry* the = last_word(circle, 1);
  if (the && normalize_answer(the->text) == "the" && normalize_answer(end->text) == "end") return "the_end";
  return "";
}

std::vector<AnswerSet> waat_sets(const RoundConfig& config) {
  std::vector<AnswerSet> sets;
  if (config.retell) {
    AnswerSet s;
    s.kind = "retell";
    s.max_chars = limits::max_retell_chars;
    s.answer_ms = config.retell_ms;
    sets.push_back(std::move(s));
  }
  if (config.title_vote) {
    AnswerSet s;
    s.kind = "title";
    s.max_chars = limits::max_title_chars;
    s.answer_ms = config.title_ms;
    s.has_pick = true;
    s.pick_ms = config.vote_ms;
    sets.push_back(std::move(s));
  }
  return sets;
}

}  // namespace earshot::games::rules
