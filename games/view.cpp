// Per-audience views: the one place that decides who may see what. The server sends these
// verbatim. Rules: answers of a set are hidden from everyone (the facilitator and stage too)
// until the reveal, except that participants see their own; in listening mode participants (and
// the stage if listeningStage) do not see the words so far until the round ends; a participant
// sees only their own circle; anonymous rounds show answers without names except to the facilitator.
//
// Views are written as JSON text (games/json_text.hpp): they are rebuilt on every change for
// every audience, so they are the hottest code in a busy room. The json functions parse it.
#include "games/internal.hpp"
#include "games/json_text.hpp"
#include "games/round.hpp"
#include "games/text.hpp"

namespace earshot::games {

using nlohmann::json;

namespace {

using Kind = Audience::Kind;

void write_timer(JsonText& w, const Timer& t, bool paused, const char* deadline_key, const char* remaining_key,
                 const char* length_key) {
  if (!t.active) return;
  w.key(length_key).num(t.length);  // the whole countdown, so a page can draw how much is left
  if (paused) w.key(remaining_key).num(t.remaining);
  else w.key(deadline_key).num(t.deadline);
}

void write_strings(JsonText& w, const std::vector<std::string>& list) {
  w.begin_array();
  for (const auto& s : list) w.str(s);
  w.end_array();
}

std::string joined(std::string a, const std::string& b) {
  if (a.empty()) return b;
  if (!b.empty()) {
    a += ',';
    a += b;
  }
  return a;
}

}  // namespace

bool Round::words_hidden(const Audience& a) const {
  if (!config_.listening || state_.phase == Phase::ended) return false;
  return a.kind == Kind::participant || (a.kind == Kind::stage && config_.listening_stage);
}

void Round::write_circle(JsonText& w, const CircleState& c, const Audience& a) const {
  // A circle reads the same to everyone who sees its words, and the same to everyone who does
  // not: written once per event and reused (a server writes it for the circle's phones, the
  // stage and the facilitator on every change).
  const bool hidden = words_hidden(a);
  const auto index = static_cast<std::size_t>(&c - state_.circles.data());
  if (circle_texts_.size() != state_.circles.size()) circle_texts_.assign(state_.circles.size(), {});
  CircleText& cached = circle_texts_[index][hidden ? 1 : 0];
  if (!cached.written || cached.seq != state_.seq) {
    cached.text.clear();
    JsonText cw(cached.text);
    write_circle_text(cw, c, hidden);
    cached.written = true;
    cached.seq = state_.seq;
  }
  w.raw(cached.text);
}

const std::string& Round::results_text(bool named) const {
  CircleText& cached = results_texts_[named ? 1 : 0];
  if (!cached.written || cached.seq != state_.seq) {
    cached.text.clear();
    JsonText(cached.text).value(results_json(named));
    cached.written = true;
    cached.seq = state_.seq;
  }
  return cached.text;
}

void Round::write_circle_text(JsonText& w, const CircleState& c, bool hidden) const {
  w.begin_object();
  w.key("id").str(c.id);
  w.key("order");
  write_strings(w, c.order);
  w.key("length").num(static_cast<std::int64_t>(c.transcript.size()));
  if (!c.done.empty()) {
    w.key("done").str(c.done);
  } else if (state_.phase == Phase::turns && !c.order.empty()) {
    w.key("turn").str(c.order[c.holder]);
    w.key("wordsLeftThisTurn").num(turn_quota(c) - c.given);
    write_timer(w, c.turn, state_.paused, "turnDeadline", "turnRemainingMs", "turnMs");
  }
  if (hidden) {
    w.key("hidden").boolean(true);
    w.end_object();
    return;
  }
  w.key("transcript").begin_array();
  for (const auto& e : c.transcript) {
    w.begin_object().key("participant").str(e.participant);
    if (e.pass.empty()) {
      w.key("text").str(e.text);
      if (!e.end.empty()) w.key("end").str(e.end);
    } else {
      w.key("pass").str(e.pass);
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void Round::write_set(JsonText& w, const AnswerSet& s, const Audience& a) const {
  w.begin_object();
  w.key("index").num(state_.set);
  w.key("count").num(static_cast<std::int64_t>(state_.sets.size()));
  w.key("kind").str(s.kind);
  w.key("maxChars").num(static_cast<std::int64_t>(s.max_chars));
  w.key("answered").num(static_cast<std::int64_t>(s.answers.size()));
  w.key("expected").num(static_cast<std::int64_t>(expected_answerers().size()));
  if (!s.prompt.empty()) w.key("prompt").str(s.prompt);
  if (s.has_pick) w.key("pick").str(s.kind == "title" ? "vote" : to_string(config_.pick));
  if (state_.phase == Phase::picking) w.key("picked").num(static_cast<std::int64_t>(s.picks.size()));

  const bool is_participant = a.kind == Kind::participant;
  if (is_participant) {
    const Answer* mine = nullptr;
    for (const auto& ans : s.answers) {
      if (ans.participant == a.participant) mine = &ans;
    }
    if (mine) w.key("mine").begin_object().key("n").num(mine->n).key("text").str(mine->text).end_object();
    const Person* me = find_person(a.participant);
    if (me && !me->partner.empty() && s.kind == "prompt") w.key("partner").str(me->partner);
    if (const auto g = s.guesses.find(a.participant); g != s.guesses.end()) w.key("myGuess").str(g->second);
    if (const auto p = s.picks.find(a.participant); p != s.picks.end()) w.key("myPick").num(p->second);
  }
  if (a.kind == Kind::facilitator) {
    w.key("answeredBy").begin_array();
    for (const auto& ans : s.answers) w.str(ans.participant);
    w.end_array();
  }
  if (!s.revealed) {
    w.end_object();
    return;
  }

  const bool named = a.kind == Kind::facilitator || !config_.anonymous;
  w.key("answers").begin_array();
  for (const auto& ans : s.answers) {
    w.begin_object().key("n").num(ans.n).key("text").str(ans.text).key("circle").str(ans.circle);
    if (named || (is_participant && ans.participant == a.participant)) w.key("participant").str(ans.participant);
    w.end_object();
  }
  w.end_array();
  if (s.kind != "retell") w.key("clusters").value(clusters_json(s, named));
  if (named && config_.predict && s.kind == "prompt") {
    w.key("guesses").begin_object();
    for (const auto& [guesser, guess] : s.guesses) w.key_text(guesser).str(guess);
    w.end_object();
  }
  w.end_object();
}

json Round::view(const Audience& a) const { return parse_members(joined(personal_text(a), shared_text(a))); }
json Round::personal_view(const Audience& a) const { return parse_members(personal_text(a)); }
json Round::shared_view(const Audience& a) const { return parse_members(shared_text(a)); }
json Round::common_view(const Audience& a) const { return parse_members(common_text(a)); }
json Round::own_view(const Audience& a) const { return parse_members(own_text(a)); }

std::string Round::shared_group(const Audience& a) const {
  if (a.kind != Kind::participant) return "";
  const Person* me = find_person(a.participant);
  return me ? me->circle : "";
}

// The pieces reserve room for what they usually need, so that a view is not copied a few times
// over as its text grows (these run for every phone in a busy room).
constexpr std::size_t own_text_reserve = 96;      // "you" and a set
constexpr std::size_t shared_text_reserve = 1024;  // a circle's transcript
constexpr std::size_t common_text_reserve = 512;   // phase, timers, reactions (more for the facilitator)

std::string Round::shared_text(const Audience& a) const {
  std::string out;
  if (a.kind == Kind::participant) out.reserve(shared_text_reserve);
  append_shared_text(out, a);
  return out;
}

void Round::append_shared_text(std::string& out, const Audience& a) const {
  const Person* me = a.kind == Kind::participant ? find_person(a.participant) : nullptr;
  if (!me) return;
  JsonText w(out);
  if (config_.turn_based()) {
    w.key("circles").begin_array();
    for (const auto& c : state_.circles) {
      if (c.id == me->circle) write_circle(w, c, a);
    }
    w.end_array();
  }
  if (state_.phase == Phase::ended) w.key("results").raw(results_text(!config_.anonymous));
}

std::string Round::personal_text(const Audience& a) const {
  std::string out;
  out.reserve((a.kind == Kind::facilitator ? 4 * common_text_reserve : common_text_reserve) + own_text_reserve);
  append_personal_text(out, a);
  return out;
}

void Round::append_personal_text(std::string& out, const Audience& a) const {
  // common_text(a), then own_text(a), with a comma between them when both have members.
  const std::size_t begin = out.size();
  append_common_text(out, a);
  const bool common = out.size() > begin;
  if (common) out += ',';
  const std::size_t own = out.size();
  append_own_text(out, a);
  if (common && out.size() == own) out.pop_back();  // no own members: no comma
}

std::string Round::common_group(const Audience& a) const {
  return a.kind == Kind::participant && find_person(a.participant) ? "participant" : "";
}

std::string Round::own_text(const Audience& a) const {
  std::string out;
  out.reserve(own_text_reserve);
  append_own_text(out, a);
  return out;
}

void Round::append_own_text(std::string& out, const Audience& a) const {
  JsonText w(out);
  if (a.kind == Kind::participant) {
    const Person* me = find_person(a.participant);
    if (!me) {
      w.key("you").null();  // not in this round: sees only that a round is on
      return;
    }
    w.key("you").begin_object();
    w.key("id").str(a.participant).key("circle").str(me->circle).key("left").boolean(me->left);
    w.end_object();
  }
  if (const AnswerSet* s = current_set(); s && state_.phase != Phase::ended) {
    w.key("set");
    write_set(w, *s, a);
  }
}

std::string Round::common_text(const Audience& a) const {
  std::string out;
  out.reserve(a.kind == Kind::facilitator ? 4 * common_text_reserve : common_text_reserve);
  append_common_text(out, a);
  return out;
}

void Round::append_common_text(std::string& out, const Audience& a) const {
  JsonText w(out);
  w.key("game").str(to_string(config_.game)).key("phase").str(to_string(state_.phase)).key("paused").boolean(state_.paused);
  const Person* me = a.kind == Kind::participant ? find_person(a.participant) : nullptr;
  if (a.kind == Kind::participant && !me) return;  // not in this round (own_text says so)
  write_timer(w, state_.phase_timer, state_.paused, "deadline", "remainingMs", "timerMs");

  // What the round is about: shown from the start (to the facilitator from the lobby).
  if (state_.phase != Phase::lobby || a.kind == Kind::facilitator) {
    if (config_.game == GameKind::chain) {
      w.key("seedWord").str(config_.seed_word);
      w.key("phraseWords").num(config_.phrase_words);  // words allowed in one answer
    }
    if (config_.game == GameKind::waat && !config_.title.empty()) w.key("title").str(config_.title);
  }
  if (config_.turn_based()) w.key("listening").boolean(config_.listening);
  if (config_.turn_based() && !me) {  // (a participant's own circle is in shared_text())
    w.key("circles").begin_array();
    for (const auto& c : state_.circles) write_circle(w, c, a);
    w.end_array();
  }
  w.key("reactions").begin_object();
  for (const auto& [reaction, count] : state_.reactions) w.key_text(reaction).num(count);
  w.end_object();

  if (!me) {  // the facilitator and the stage (which may steer too)
    w.key("allowed").begin_array();
    for (const auto action : allowed_steer_actions(state_)) w.str(action);
    w.end_array();
  }
  if (a.kind == Kind::facilitator) {
    w.key("config").raw(config_text_);
    w.key("notes");
    write_strings(w, state_.notes);
    w.key("people").begin_array();
    for (const auto& [id, p] : state_.people) {
      w.begin_object().key("id").str(id).key("circle").str(p.circle).key("online").boolean(p.online);
      w.key("left").boolean(p.left).end_object();
    }
    w.end_array();
  }
  if (state_.phase == Phase::ended && !me) {
    w.key("results").raw(results_text(a.kind == Kind::facilitator || !config_.anonymous));
  }
}

}  // namespace earshot::games
