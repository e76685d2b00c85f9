// Word association, burst: for each stimulus everyone answers once within the timer; the reveal
// groups the answers. Answering, revealing and grouping are shared with SPIV (answers.cpp).
#include "games/rules.hpp"

namespace earshot::games::rules {

std::vector<AnswerSet> burst_sets(const RoundConfig& config) {
  std::vector<AnswerSet> sets;
  for (const auto& stimulus : config.stimuli) {
    AnswerSet s;
    s.kind = "stimulus";
    s.prompt = stimulus;
    s.max_chars = config.answer_chars;
    s.answer_ms = config.answer_ms;
    sets.push_back(std::move(s));
  }
  return sets;
}

}  // namespace earshot::games::rules
