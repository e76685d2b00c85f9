// SPIV, same prompt, individual views: everyone answers one ambiguous prompt privately; the
// reveal shows all answers at once, grouped. Optional pick step (closest to what I meant, or most
// surprising) and optional predict variant (guess your partner's answer before the reveal).
#include "games/rules.hpp"

namespace earshot::games::rules {

std::vector<AnswerSet> spiv_sets(const RoundConfig& config) {
  AnswerSet s;
  s.kind = "prompt";
  s.prompt = config.prompt;
  s.max_chars = config.answer_chars;
  s.answer_ms = config.answer_ms;
  s.has_pick = config.pick != PickKind::none;
  s.pick_ms = config.pick_ms;
  return {std::move(s)};
}

std::map<std::string, std::string> predict_partners(const std::vector<CircleState>& circles) {
  std::map<std::string, std::string> partners;
  for (const auto& c : circles) {
    if (c.order.size() < 2) continue;  // alone in a circle: nobody to predict
    for (std::size_t i = 0; i < c.order.size(); ++i) partners[c.order[i]] = c.order[(i + 1) % c.order.size()];
  }
  return partners;
}

}  // namespace earshot::games::rules
