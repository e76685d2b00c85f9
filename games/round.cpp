// The round framework: commands in, events out, timers, pause, membership and the facilitator's
// steering. Play itself is decided in turns.cpp (chain, WAAT story) and answers.cpp (burst, SPIV,
// retell, title vote); views in view.cpp, results in results.cpp.
#include "games/round.hpp"

#include <algorithm>
#include <stdexcept>

#include "games/internal.hpp"
#include "games/rng.hpp"
#include "games/rules.hpp"

namespace earshot::games {

using nlohmann::json;

namespace {

Phase phase_named(const std::string& s) {
  if (auto p = phase_from_string(s)) return *p;
  throw std::invalid_argument("unknown phase " + s);
}

std::vector<AnswerSet> answer_sets(const RoundConfig& config) {
  switch (config.game) {
    case GameKind::chain: return {};
    case GameKind::burst: return rules::burst_sets(config);
    case GameKind::waat: return rules::waat_sets(config);
    case GameKind::spiv: return rules::spiv_sets(config);
  }
  return {};
}

}  // namespace

Round::Round(RoundConfig config)
    : config_(std::move(config)),
      config_text_(to_json(config_).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) {
  for (const auto& c : config_.circles) {
    CircleState circle;
    circle.id = c.id;
    circle.order = c.members;
    for (const auto& m : c.members) state_.people[m].circle = c.id;
    state_.circles.push_back(std::move(circle));
  }
  state_.sets = answer_sets(config_);
}

// ---- Commands in, events out -------------------------------------------------------------------

Round::Outcome Round::handle(const Command& command, std::int64_t now) {
  Outcome outcome;
  now = std::max(now, state_.at);
  const bool late = is_late(command, now);
  run_timeouts(outcome.events, now);
  if (late) {
    outcome.rejection = Rejection{"too_late", "Time was up before that arrived."};
    return outcome;
  }
  try {
    decide(command, now, outcome.events);
    settle(outcome.events, now);
  } catch (const Rejected& r) {
    outcome.rejection = r.rejection;
  }
  return outcome;
}

std::vector<Event> Round::tick(std::int64_t now) {
  std::vector<Event> events;
  run_timeouts(events, std::max(now, state_.at));
  return events;
}

std::optional<std::int64_t> Round::next_deadline() const {
  if (state_.paused) return std::nullopt;
  std::optional<std::int64_t> next;
  auto consider = [&](const Timer& t) {
    if (t.active && (!next || t.deadline < *next)) next = t.deadline;
  };
  consider(state_.phase_timer);
  for (const auto& c : state_.circles) consider(c.turn);
  return next;
}

// A play whose own timer has run out: the turn holder's turn, or the answering / picking phase.
bool Round::is_late(const Command& c, std::int64_t now) const {
  const Person* who = find_person(c.actor);
  if (state_.paused || !who || who->left) return false;
  if (c.kind == "word" || c.kind == "pass" || c.kind == "end_sentence") {
    const CircleState* circ = find_circle(who->circle);
    return state_.phase == Phase::turns && circ->turn.active && !circ->order.empty() &&
           circ->order[circ->holder] == c.actor && circ->turn.deadline <= now;
  }
  const bool timed_phase = state_.phase == Phase::answering || state_.phase == Phase::picking;
  const bool phase_play = c.kind == "answer" || c.kind == "predict" || c.kind == "pick";
  return phase_play && timed_phase && state_.phase_timer.active && state_.phase_timer.deadline <= now;
}

void Round::emit(std::vector<Event>& out, std::int64_t at, std::string kind, std::string actor, std::string circle,
                 json data) {
  Event e{state_.seq + 1, at, std::move(kind), std::move(actor), std::move(circle), std::move(data)};
  apply(e);
  out.push_back(std::move(e));
}

// Timeouts in deadline order, each stamped with its own deadline, so a late tick gives exactly
// the events an on-time tick would have given. On equal deadlines the phase timer goes first.
void Round::run_timeouts(std::vector<Event>& out, std::int64_t now) {
  while (!state_.paused) {
    const Timer* due = nullptr;
    std::size_t circle_index = 0;
    if (state_.phase_timer.active && state_.phase_timer.deadline <= now) due = &state_.phase_timer;
    for (std::size_t i = 0; i < state_.circles.size(); ++i) {
      const Timer& t = state_.circles[i].turn;
      if (t.active && t.deadline <= now && (!due || t.deadline < due->deadline)) {
        due = &t;
        circle_index = i;
      }
    }
    if (!due) return;
    const std::int64_t at = due->deadline;
    const std::string server(server_actor);
    if (due != &state_.phase_timer) {
      const CircleState& c = state_.circles[circle_index];
      emit(out, at, "pass", server, c.id, {{"participant", c.order[c.holder]}, {"reason", "timeout"}});
    } else if (state_.phase == Phase::turns) {
      emit(out, at, "phase", server, "", {{"to", "ended"}, {"reason", "time_budget"}});
    } else if (state_.phase == Phase::answering) {
      emit(out, at, "phase", server, "", {{"to", "closed"}, {"reason", "timeout"}});
    } else {
      advance_after_set(out, at, server, "timeout");
    }
    settle(out, at);
  }
}

// Consequences nobody has to ask for: offline turn holders are passed, circles and phases that
// are complete end. Repeats until nothing more follows.
void Round::settle(std::vector<Event>& out, std::int64_t at) {
  for (;;) {
    const auto before = out.size();
    if (state_.phase == Phase::turns) settle_turns(out, at);
    if (state_.phase == Phase::answering || state_.phase == Phase::picking) settle_answers(out, at);
    if (out.size() == before) return;
  }
}

void Round::advance_after_turns(std::vector<Event>& out, std::int64_t at, std::string actor, const std::string& reason) {
  if (state_.sets.empty()) {
    emit(out, at, "phase", std::move(actor), "", {{"to", "ended"}, {"reason", reason}});
  } else {
    emit(out, at, "phase", std::move(actor), "", {{"to", "answering"}, {"set", 0}, {"reason", reason}});
  }
}

void Round::advance_after_set(std::vector<Event>& out, std::int64_t at, std::string actor, const std::string& reason) {
  const int next = state_.set + 1;
  if (next < static_cast<int>(state_.sets.size())) {
    emit(out, at, "phase", std::move(actor), "", {{"to", "answering"}, {"set", next}, {"reason", reason}});
  } else {
    // The last step is over: when the facilitator moves on from it, the round has been played
    // through, and says so ("complete"), not that the facilitator stopped it.
    emit(out, at, "phase", std::move(actor), "", {{"to", "ended"}, {"reason", reason == "facilitator" ? "complete" : reason}});
  }
}

void Round::decide(const Command& c, std::int64_t now, std::vector<Event>& out) {
  if (!c.data.is_object()) reject("bad_command", "A command's data must be an object.");
  if (c.actor == facilitator_actor) {
    decide_facilitator(c, now, out);
  } else if (c.actor == server_actor) {
    decide_server(c, now, out);
  } else if (c.actor == watcher_actor) {
    // Watchers react to what the room sees, and do nothing else.
    if (c.kind != "react") reject("not_allowed", "Someone just watching can only react.");
    const auto reaction = string_arg(c, "reaction");
    if (!is_reaction(reaction)) reject("bad_command", "Unknown reaction.");
    emit(out, now, "reaction", c.actor, "", {{"reaction", reaction}});
  } else {
    decide_participant(c, now, out);
  }
}

void Round::decide_participant(const Command& c, std::int64_t now, std::vector<Event>& out) {
  const Person* who = find_person(c.actor);
  if (!who || who->left) reject("unknown_participant", "You are not playing in this round.");
  if (c.kind == "react") {
    const auto reaction = string_arg(c, "reaction");
    if (!is_reaction(reaction)) reject("bad_command", "Unknown reaction.");
    emit(out, now, "reaction", c.actor, who->circle, {{"reaction", reaction}});
    return;
  }
  const bool turn_play = c.kind == "word" || c.kind == "pass" || c.kind == "end_sentence";
  const bool answer_play = c.kind == "answer" || c.kind == "predict" || c.kind == "pick";
  if (!turn_play && !answer_play) {
    if (is_steering_command(c.kind)) reject("not_allowed", "Only the facilitator can do that.");
    reject("unknown_command", "Unknown command " + c.kind + ".");
  }
  if (state_.paused) reject("round_paused", "The round is paused.");
  if (state_.phase == Phase::lobby) reject("wrong_phase", "The round has not started yet.");
  if (state_.phase == Phase::ended) reject("wrong_phase", "The round is over.");
  if (turn_play) {
    decide_turn_play(c, *who, now, out);
  } else {
    decide_answer_play(c, *who, now, out);
  }
}

void Round::decide_facilitator(const Command& c, std::int64_t now, std::vector<Event>& out) {
  const std::string actor(facilitator_actor);
  const auto& k = c.kind;
  if (k == "join" || k == "leave") return decide_server(c, now, out);
  if (k == "note") {
    auto clean = clean_line(string_arg(c, "text"), limits::max_note_chars);
    if (!clean.error.empty()) throw Rejected{rules::text_rejection(clean.error, limits::max_note_chars)};
    return emit(out, now, "note", actor, "", {{"text", clean.text}});
  }
  if (k == "end") {
    if (state_.phase == Phase::ended) reject("wrong_phase", "The round is already over.");
    return emit(out, now, "phase", actor, "", {{"to", "ended"}, {"reason", "facilitator"}});
  }
  if (k == "start") {
    if (state_.phase != Phase::lobby) reject("wrong_phase", "The round has already started.");
    // The turn orders, shuffled with the seed if asked: one generator, circles in config order.
    SplitMix64 rng(config_.seed);
    json orders = json::object();
    for (const auto& circ : state_.circles) {
      auto order = circ.order;
      if (config_.shuffle) shuffle(order, rng);
      orders[circ.id] = order;
    }
    emit(out, now, "started", actor, "", {{"orders", orders}});
    if (config_.turn_based()) {
      return emit(out, now, "phase", actor, "", {{"to", "turns"}, {"reason", "start"}});
    }
    return emit(out, now, "phase", actor, "", {{"to", "answering"}, {"set", 0}, {"reason", "start"}});
  }
  const bool known = k == "pause" || k == "resume" || k == "skip" || k == "reveal" || k == "next";
  if (!known) reject("unknown_command", "Unknown command " + k + ".");
  if (state_.phase == Phase::lobby || state_.phase == Phase::ended) {
    reject("wrong_phase", "The round is not running.");
  }
  if (k == "pause") {
    if (state_.paused) reject("already_paused", "The round is already paused.");
    return emit(out, now, "paused", actor, "");
  }
  if (k == "resume") {
    if (!state_.paused) reject("not_paused", "The round is not paused.");
    return emit(out, now, "resumed", actor, "");
  }
  if (k == "skip") {
    if (state_.phase == Phase::turns) {
      const CircleState* circ = find_circle(string_arg(c, "circle"));
      if (!circ) reject("unknown_circle", "No such circle in this round.");
      if (!circ->done.empty()) reject("wrong_phase", "That circle has finished.");
      return emit(out, now, "pass", actor, circ->id, {{"participant", circ->order[circ->holder]}, {"reason", "skipped"}});
    }
    if (state_.phase == Phase::answering) return emit(out, now, "phase", actor, "", {{"to", "closed"}, {"reason", "skipped"}});
    if (state_.phase == Phase::picking) return advance_after_set(out, now, actor, "skipped");
    reject("wrong_phase", "Nothing to skip now.");
  }
  if (k == "reveal") {
    if (state_.phase != Phase::answering && state_.phase != Phase::closed) reject("wrong_phase", "Nothing to reveal now.");
    return emit(out, now, "phase", actor, "", {{"to", "revealed"}, {"reason", "facilitator"}});
  }
  // next: finish the stories (turns) or go on after a reveal.
  if (state_.phase == Phase::turns) {
    for (const auto& circ : state_.circles) {
      if (circ.done.empty()) emit(out, now, "circle_done", actor, circ.id, {{"reason", "facilitator"}});
    }
    return;  // settle moves on from the finished circles
  }
  if (state_.phase != Phase::revealed) reject("wrong_phase", "Reveal the answers first.");
  if (current_set()->has_pick) return emit(out, now, "phase", actor, "", {{"to", "picking"}, {"reason", "facilitator"}});
  advance_after_set(out, now, actor, "facilitator");
}

// What decide_facilitator accepts, phase by phase (tests/games check the two agree).
std::vector<std::string_view> allowed_steer_actions(const RoundState& s) {
  std::vector<std::string_view> out;
  const bool running = s.phase != Phase::lobby && s.phase != Phase::ended;
  const bool circle_playing =
      std::any_of(s.circles.begin(), s.circles.end(), [](const CircleState& c) { return c.done.empty(); });
  for (const std::string_view action : steer_actions) {
    bool allowed = false;
    if (action == "start") allowed = s.phase == Phase::lobby;
    else if (action == "pause") allowed = running && !s.paused;
    else if (action == "resume") allowed = running && s.paused;
    else if (action == "skip") {
      allowed = (s.phase == Phase::turns && circle_playing) || s.phase == Phase::answering || s.phase == Phase::picking;
    } else if (action == "reveal") allowed = s.phase == Phase::answering || s.phase == Phase::closed;
    else if (action == "next") allowed = s.phase == Phase::turns || s.phase == Phase::revealed;
    else if (action == "end") allowed = s.phase != Phase::ended;
    else if (action == "note") allowed = true;
    if (allowed) out.push_back(action);
  }
  return out;
}

// Membership and presence: reported by the server (or, for join and leave, the facilitator).
void Round::decide_server(const Command& c, std::int64_t now, std::vector<Event>& out) {
  if (c.kind != "presence" && c.kind != "join" && c.kind != "leave") reject("unknown_command", "Unknown command " + c.kind + ".");
  const auto participant = string_arg(c, "participant");
  const Person* who = find_person(participant);
  if (c.kind == "presence") {
    if (!who) reject("unknown_participant", "No such participant in this round.");
    const auto online = c.data.find("online");
    if (online == c.data.end() || !online->is_boolean()) reject("bad_command", "online must be true or false.");
    if (who->online == online->get<bool>()) return;  // nothing changed
    return emit(out, now, "presence", c.actor, who->circle, {{"participant", participant}, {"online", *online}});
  }
  if (state_.phase == Phase::ended) reject("wrong_phase", "The round is over.");
  if (c.kind == "leave") {
    if (!who || who->left) reject("unknown_participant", "No such participant in this round.");
    return emit(out, now, "left", c.actor, who->circle, {{"participant", participant}});
  }
  if (!valid_id(participant)) reject("bad_command", "participant is not a participant id.");
  const CircleState* circ = find_circle(string_arg(c, "circle"));
  if (!circ) reject("unknown_circle", "No such circle in this round.");
  if (who && !who->left) reject("not_allowed", "That participant is already playing in this round.");
  const auto playing = std::count_if(state_.people.begin(), state_.people.end(), [](const auto& p) { return !p.second.left; });
  if (static_cast<std::size_t>(playing) >= limits::max_players) reject("not_allowed", "The round is full.");
  emit(out, now, "joined", c.actor, circ->id, {{"participant", participant}});
}

// ---- Applying events ---------------------------------------------------------------------------

void Round::apply(const Event& e) {
  if (e.seq != state_.seq + 1) throw std::invalid_argument("event " + std::to_string(e.seq) + " is out of sequence");
  if (e.at < state_.at) throw std::invalid_argument("event " + std::to_string(e.seq) + " goes back in time");
  try {
    const auto& k = e.kind;
    if (k == "started") {
      for (auto& c : state_.circles) c.order = e.data.at("orders").at(c.id).get<std::vector<std::string>>();
      if (config_.predict) {
        for (const auto& [guesser, partner] : rules::predict_partners(state_.circles)) state_.people.at(guesser).partner = partner;
      }
    } else if (k == "phase") {
      apply_phase(e);
    } else if (k == "word" || k == "pass" || k == "sentence_end" || k == "circle_done") {
      apply_turn_event(e);
    } else if (k == "answer" || k == "predict" || k == "pick") {
      apply_answer_event(e);
    } else if (k == "joined" || k == "left" || k == "presence") {
      apply_membership(e);
    } else if (k == "paused" || k == "resumed") {
      state_.paused = k == "paused";
      std::vector<Timer*> timers{&state_.phase_timer};
      for (auto& c : state_.circles) timers.push_back(&c.turn);
      for (Timer* t : timers) {
        if (!t->active) continue;
        if (state_.paused) t->remaining = t->deadline - e.at;
        else t->deadline = e.at + t->remaining;
      }
    } else if (k == "reaction") {
      ++state_.reactions[e.data.at("reaction").get<std::string>()];
    } else if (k == "note") {
      state_.notes.push_back(e.data.at("text").get<std::string>());
    } else {
      throw std::invalid_argument("unknown event kind " + k);
    }
  } catch (const json::exception& x) {
    throw std::invalid_argument("event " + std::to_string(e.seq) + " is malformed: " + x.what());
  } catch (const std::out_of_range& x) {
    throw std::invalid_argument("event " + std::to_string(e.seq) + " names something unknown: " + x.what());
  }
  state_.seq = e.seq;
  state_.at = e.at;
}

void Round::start_timer(Timer& t, std::int64_t at, std::int64_t length) const {
  t.active = true;
  t.length = length;
  t.deadline = at + length;
  t.remaining = length;  // a timer started while paused waits for the resume
}

void Round::apply_phase(const Event& e) {
  const Phase to = phase_named(e.data.at("to").get<std::string>());
  const Phase from = state_.phase;
  state_.phase = to;
  state_.phase_timer.active = false;
  if (from == Phase::turns) {
    for (auto& c : state_.circles) c.turn.active = false;
  }
  switch (to) {
    case Phase::turns:
      for (auto& c : state_.circles) {
        c.holder = 0;
        if (!c.order.empty()) start_timer(c.turn, e.at, config_.turn_ms);
      }
      if (config_.time_budget_ms > 0) start_timer(state_.phase_timer, e.at, config_.time_budget_ms);
      break;
    case Phase::answering:
      state_.set = e.data.at("set").get<int>();
      start_timer(state_.phase_timer, e.at, state_.sets.at(static_cast<std::size_t>(state_.set)).answer_ms);
      break;
    case Phase::revealed:
      state_.sets.at(static_cast<std::size_t>(state_.set)).revealed = true;
      break;
    case Phase::picking:
      start_timer(state_.phase_timer, e.at, state_.sets.at(static_cast<std::size_t>(state_.set)).pick_ms);
      break;
    case Phase::ended:
      state_.end_reason = e.data.at("reason").get<std::string>();
      break;
    case Phase::lobby:
    case Phase::closed:
      break;
  }
}

void Round::apply_membership(const Event& e) {
  const auto id = e.data.at("participant").get<std::string>();
  if (e.kind == "presence") {
    state_.people.at(id).online = e.data.at("online").get<bool>();
    return;
  }
  if (e.kind == "joined") {
    Person& p = state_.people[id];
    p = Person{e.circle, true, false, ""};
    circle(e.circle).order.push_back(id);
    return;
  }
  // left: out of the order; if it was their turn, the next player's turn starts now.
  Person& p = state_.people.at(id);
  p.left = true;
  CircleState& c = circle(p.circle);
  const auto it = std::find(c.order.begin(), c.order.end(), id);
  if (it == c.order.end()) return;
  const auto index = static_cast<std::size_t>(it - c.order.begin());
  c.order.erase(it);
  const bool playing = state_.phase == Phase::turns && c.done.empty();
  if (index < c.holder) {
    --c.holder;
  } else if (index == c.holder) {
    c.given = 0;
    if (c.holder >= c.order.size()) {
      c.holder = 0;
      ++c.cycle;
    }
    if (playing && !c.order.empty()) start_timer(c.turn, e.at, config_.turn_ms);
  }
  if (c.order.empty()) c.turn.active = false;
}

// ---- Helpers -----------------------------------------------------------------------------------

CircleState& Round::circle(const std::string& id) {
  for (auto& c : state_.circles) {
    if (c.id == id) return c;
  }
  throw std::out_of_range("no circle " + id);
}

const CircleState* Round::find_circle(const std::string& id) const {
  for (const auto& c : state_.circles) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const Person* Round::find_person(const std::string& id) const {
  const auto it = state_.people.find(id);
  return it == state_.people.end() ? nullptr : &it->second;
}

const AnswerSet* Round::current_set() const {
  if (state_.set < 0) return nullptr;
  return &state_.sets.at(static_cast<std::size_t>(state_.set));
}

Round replay(const RoundConfig& config, const std::vector<Event>& events) {
  Round round(config);
  for (const auto& e : events) round.apply(e);
  return round;
}

}  // namespace earshot::games
