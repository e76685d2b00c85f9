// Simultaneous answers, shared by burst (one set per stimulus), SPIV (the prompt) and the WAAT
// retell and title sets: everyone answers privately within the timer, the facilitator reveals,
// and an optional picking phase lets everyone pick one answer of their own circle.
#include <algorithm>

#include "games/internal.hpp"
#include "games/round.hpp"
#include "games/rules.hpp"

namespace earshot::games {

using nlohmann::json;

Rejection rules::text_rejection(const std::string& code, std::size_t max_chars) {
  if (code == "empty_answer") return {code, "The answer is empty."};
  if (code == "answer_too_long") return {code, "At most " + std::to_string(max_chars) + " characters, please."};
  return {code, "Text must be valid UTF-8 without control characters."};
}

// Who the answering phase waits for: everyone still in the round and online.
std::vector<std::string> Round::expected_answerers() const {
  std::vector<std::string> ids;
  for (const auto& [id, p] : state_.people) {
    if (!p.left && p.online) ids.push_back(id);
  }
  return ids;
}

namespace {

const Answer* answer_of(const AnswerSet& s, const std::string& participant) {
  for (const auto& a : s.answers) {
    if (a.participant == participant) return &a;
  }
  return nullptr;
}

// Whether `picker` (of `circle`) has anything to pick: an answer of their circle, not their own.
bool can_pick(const AnswerSet& s, const std::string& picker, const std::string& circle) {
  return std::any_of(s.answers.begin(), s.answers.end(),
                     [&](const Answer& a) { return a.circle == circle && a.participant != picker; });
}

}  // namespace

void Round::decide_answer_play(const Command& c, const Person& who, std::int64_t now, std::vector<Event>& out) {
  const AnswerSet* set = current_set();
  const bool after_answering =
      set && (state_.phase == Phase::closed || state_.phase == Phase::revealed || state_.phase == Phase::picking);

  if (c.kind == "pick") {
    if (state_.phase != Phase::picking) reject("wrong_phase", "There is nothing to pick now.");
    if (set->picks.count(c.actor)) reject("already_answered", "You have already picked.");
    const auto n = int_arg(c, "answer");
    const auto it = std::find_if(set->answers.begin(), set->answers.end(), [&](const Answer& a) { return a.n == n; });
    if (it == set->answers.end()) reject("unknown_answer", "There is no such answer.");
    if (it->participant == c.actor) reject("not_allowed", "Pick someone else's answer.");
    if (it->circle != who.circle) reject("not_allowed", "Pick an answer from your own circle.");
    return emit(out, now, "pick", c.actor, who.circle, {{"answer", n}});
  }

  if (c.kind == "predict" && !config_.predict) reject("not_allowed", "This round has no predictions.");
  if (state_.phase != Phase::answering) {
    if (after_answering) reject("too_late", "Answers are closed.");
    reject("wrong_phase", "There is nothing to answer now.");
  }
  if (c.kind == "predict") {
    if (who.partner.empty()) reject("not_allowed", "You have no partner to predict.");
    if (set->guesses.count(c.actor)) reject("already_answered", "You have already made your prediction.");
  } else if (answer_of(*set, c.actor)) {
    reject("already_answered", "You have already answered.");
  }
  auto clean = clean_line(string_arg(c, "text"), set->max_chars);
  if (!clean.error.empty()) throw Rejected{rules::text_rejection(clean.error, set->max_chars)};
  emit(out, now, c.kind, c.actor, who.circle, {{"text", clean.text}});
}

void Round::settle_answers(std::vector<Event>& out, std::int64_t at) {
  const AnswerSet& set = *current_set();
  const auto expected = expected_answerers();
  if (state_.phase == Phase::answering) {
    // Closes early once everyone online has answered (and predicted, when they have a partner).
    const auto done = [&](const std::string& id) {
      return answer_of(set, id) && (state_.people.at(id).partner.empty() || set.guesses.count(id));
    };
    if (!expected.empty() && std::all_of(expected.begin(), expected.end(), done)) {
      emit(out, at, "phase", std::string(server_actor), "", {{"to", "closed"}, {"reason", "all_answered"}});
    }
    return;
  }
  // Picking ends early once everyone online who has something to pick has picked.
  std::vector<std::string> pickers;
  for (const auto& id : expected) {
    if (can_pick(set, id, state_.people.at(id).circle)) pickers.push_back(id);
  }
  const auto picked = [&](const std::string& id) { return set.picks.count(id) > 0; };
  if (!pickers.empty() && std::all_of(pickers.begin(), pickers.end(), picked)) {
    advance_after_set(out, at, std::string(server_actor), "all_picked");
  }
}

void Round::apply_answer_event(const Event& e) {
  AnswerSet& set = state_.sets.at(static_cast<std::size_t>(state_.set));
  if (e.kind == "pick") {
    set.picks[e.actor] = e.data.at("answer").get<int>();
  } else if (e.kind == "predict") {
    set.guesses[e.actor] = e.data.at("text").get<std::string>();
  } else {
    const int n = static_cast<int>(set.answers.size()) + 1;
    set.answers.push_back({n, e.actor, e.circle, e.data.at("text").get<std::string>(), e.at, state_.phase_timer.used(e.at)});
  }
}

}  // namespace earshot::games
