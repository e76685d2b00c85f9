// Per-audience views: the one place that decides who may see what. The server sends these
// verbatim. Rules: answers of a set are hidden from everyone (the facilitator and stage too)
// until the reveal, except that participants see their own; in listening mode participants (and
// the stage if listeningStage) do not see the words so far until the round ends; a participant
// sees only their own circle; anonymous rounds show answers without names except to the facilitator.
#include "games/internal.hpp"
#include "games/round.hpp"
#include "games/text.hpp"

namespace earshot::games {

using nlohmann::json;

namespace {

using Kind = Audience::Kind;

json timer_json(const Timer& t, bool paused, const char* deadline_key, const char* remaining_key,
                const char* length_key) {
  json j = json::object();
  if (!t.active) return j;
  j[length_key] = t.length;  // the whole countdown, so a page can draw how much is left
  if (paused) j[remaining_key] = t.remaining;
  else j[deadline_key] = t.deadline;
  return j;
}

}  // namespace

bool Round::words_hidden(const Audience& a) const {
  if (!config_.listening || state_.phase == Phase::ended) return false;
  return a.kind == Kind::participant || (a.kind == Kind::stage && config_.listening_stage);
}

json Round::circle_view(const CircleState& c, const Audience& a) const {
  json v = {{"id", c.id}, {"order", c.order}, {"length", c.transcript.size()}};
  if (!c.done.empty()) {
    v["done"] = c.done;
  } else if (state_.phase == Phase::turns && !c.order.empty()) {
    v["turn"] = c.order[c.holder];
    v["wordsLeftThisTurn"] = turn_quota(c) - c.given;
    v.update(timer_json(c.turn, state_.paused, "turnDeadline", "turnRemainingMs", "turnMs"));
  }
  if (words_hidden(a)) {
    v["hidden"] = true;
    return v;
  }
  json words = json::array();
  for (const auto& e : c.transcript) {
    json w = {{"participant", e.participant}};
    if (e.pass.empty()) {
      w["text"] = e.text;
      if (!e.end.empty()) w["end"] = e.end;
    } else {
      w["pass"] = e.pass;
    }
    words.push_back(std::move(w));
  }
  v["transcript"] = std::move(words);
  return v;
}

json Round::set_view(const AnswerSet& s, const Audience& a) const {
  json v = {{"index", state_.set},      {"count", state_.sets.size()},
            {"kind", s.kind},           {"maxChars", s.max_chars},
            {"answered", s.answers.size()}, {"expected", expected_answerers().size()}};
  if (!s.prompt.empty()) v["prompt"] = s.prompt;
  if (s.has_pick) v["pick"] = s.kind == "title" ? "vote" : std::string(to_string(config_.pick));
  if (state_.phase == Phase::picking) v["picked"] = s.picks.size();

  const bool is_participant = a.kind == Kind::participant;
  if (is_participant) {
    for (const auto& ans : s.answers) {
      if (ans.participant == a.participant) v["mine"] = {{"n", ans.n}, {"text", ans.text}};
    }
    const Person* me = find_person(a.participant);
    if (me && !me->partner.empty() && s.kind == "prompt") v["partner"] = me->partner;
    if (const auto g = s.guesses.find(a.participant); g != s.guesses.end()) v["myGuess"] = g->second;
    if (const auto p = s.picks.find(a.participant); p != s.picks.end()) v["myPick"] = p->second;
  }
  if (a.kind == Kind::facilitator) {
    json by = json::array();
    for (const auto& ans : s.answers) by.push_back(ans.participant);
    v["answeredBy"] = std::move(by);
  }
  if (!s.revealed) return v;

  const bool named = a.kind == Kind::facilitator || !config_.anonymous;
  json answers = json::array();
  for (const auto& ans : s.answers) {
    json j = {{"n", ans.n}, {"text", ans.text}, {"circle", ans.circle}};
    if (named || (is_participant && ans.participant == a.participant)) j["participant"] = ans.participant;
    answers.push_back(std::move(j));
  }
  v["answers"] = std::move(answers);
  if (s.kind != "retell") v["clusters"] = clusters_json(s, named);
  if (named && config_.predict && s.kind == "prompt") v["guesses"] = s.guesses;
  return v;
}

json Round::view(const Audience& a) const {
  json v = personal_view(a);
  if (!shared_group(a).empty()) v.update(shared_view(a));
  return v;
}

std::string Round::shared_group(const Audience& a) const {
  if (a.kind != Kind::participant) return "";
  const Person* me = find_person(a.participant);
  return me ? me->circle : "";
}

json Round::shared_view(const Audience& a) const {
  json v = json::object();
  const Person* me = a.kind == Kind::participant ? find_person(a.participant) : nullptr;
  if (!me) return v;
  if (config_.turn_based()) {
    json circles = json::array();
    for (const auto& c : state_.circles) {
      if (c.id == me->circle) circles.push_back(circle_view(c, a));
    }
    v["circles"] = std::move(circles);
  }
  if (state_.phase == Phase::ended) v["results"] = results_json(!config_.anonymous);
  return v;
}

json Round::personal_view(const Audience& a) const {
  json v = common_view(a);
  v.update(own_view(a));
  return v;
}

std::string Round::common_group(const Audience& a) const {
  return a.kind == Kind::participant && find_person(a.participant) ? "participant" : "";
}

json Round::own_view(const Audience& a) const {
  json v = json::object();
  if (a.kind == Kind::participant) {
    const Person* me = find_person(a.participant);
    if (!me) {
      v["you"] = nullptr;  // not in this round: sees only that a round is on
      return v;
    }
    v["you"] = {{"id", a.participant}, {"circle", me->circle}, {"left", me->left}};
  }
  if (const AnswerSet* s = current_set(); s && state_.phase != Phase::ended) v["set"] = set_view(*s, a);
  return v;
}

json Round::common_view(const Audience& a) const {
  json v = {{"game", to_string(config_.game)}, {"phase", to_string(state_.phase)}, {"paused", state_.paused}};
  const Person* me = a.kind == Kind::participant ? find_person(a.participant) : nullptr;
  if (a.kind == Kind::participant && !me) return v;  // not in this round (own_view says so)
  v.update(timer_json(state_.phase_timer, state_.paused, "deadline", "remainingMs", "timerMs"));

  // What the round is about: shown from the start (to the facilitator from the lobby).
  if (state_.phase != Phase::lobby || a.kind == Kind::facilitator) {
    if (config_.game == GameKind::chain) {
      v["seedWord"] = config_.seed_word;
      v["phraseWords"] = config_.phrase_words;  // words allowed in one answer
    }
    if (config_.game == GameKind::waat && !config_.title.empty()) v["title"] = config_.title;
  }
  if (config_.turn_based()) {
    v["listening"] = config_.listening;
  }
  if (config_.turn_based() && !me) {  // (a participant's own circle is in shared_view())
    json circles = json::array();
    for (const auto& c : state_.circles) circles.push_back(circle_view(c, a));
    v["circles"] = std::move(circles);
  }
  v["reactions"] = state_.reactions;

  if (a.kind == Kind::facilitator) {
    v["config"] = to_json(config_);
    v["notes"] = state_.notes;
    json people = json::array();
    for (const auto& [id, p] : state_.people) {
      people.push_back({{"id", id}, {"circle", p.circle}, {"online", p.online}, {"left", p.left}});
    }
    v["people"] = std::move(people);
  }
  if (state_.phase == Phase::ended && !me) v["results"] = results_json(a.kind == Kind::facilitator || !config_.anonymous);
  return v;
}

}  // namespace earshot::games
