// Turn-based play, shared by the chain and the WAAT story: whose turn it is, words, passes and
// the end of a circle. What a valid word is, and when a circle's chain or story is complete, is
// each game's own rule (chain.cpp, waat.cpp).
#include <algorithm>

#include "games/internal.hpp"
#include "games/round.hpp"
#include "games/rules.hpp"

namespace earshot::games {

using nlohmann::json;

int Round::turn_quota(const CircleState& c) const {
  return config_.game == GameKind::waat ? rules::story_quota(config_, c) : 1;
}

void Round::decide_turn_play(const Command& c, const Person& who, std::int64_t now, std::vector<Event>& out) {
  if (!config_.turn_based()) reject("not_allowed", "This game has no turns.");
  if (state_.phase != Phase::turns) reject("wrong_phase", "The turns are over.");
  const CircleState& circ = *find_circle(who.circle);
  if (!circ.done.empty()) reject("wrong_phase", "Your circle has finished.");
  if (circ.order.at(circ.holder) != c.actor) reject("not_your_turn", "It is not your turn.");

  if (c.kind == "pass") {
    return emit(out, now, "pass", c.actor, circ.id, {{"participant", c.actor}, {"reason", "passed"}});
  }
  if (c.kind == "end_sentence") {
    if (config_.game != GameKind::waat) reject("not_allowed", "Only stories have sentences.");
    const auto mark = c.data.contains("mark") ? string_arg(c, "mark") : std::string(".");
    if (auto r = rules::check_sentence_end(circ, mark)) throw Rejected{*r};
    return emit(out, now, "sentence_end", c.actor, circ.id, {{"mark", mark}});
  }
  const auto raw = string_arg(c, "text");
  auto word = config_.game == GameKind::chain ? rules::check_chain_answer(config_, circ, raw)
                                              : rules::check_story_word(config_, circ, raw);
  if (word.rejection) throw Rejected{*word.rejection};
  json data = {{"text", word.text}};
  if (!word.end.empty()) data["end"] = word.end;
  emit(out, now, "word", c.actor, circ.id, std::move(data));
}

void Round::settle_turns(std::vector<Event>& out, std::int64_t at) {
  const std::string server(server_actor);
  for (const auto& c : state_.circles) {
    if (!c.done.empty()) continue;
    const std::string end = c.order.empty()                 ? "empty"
                            : config_.game == GameKind::chain ? rules::chain_end(config_, c)
                                                              : rules::story_end(config_, c);
    if (!end.empty()) return emit(out, at, "circle_done", server, c.id, {{"reason", end}});
    // An offline turn holder is passed at once, unless nobody in the circle is online.
    const auto online = [&](const std::string& id) { return state_.people.at(id).online; };
    const std::string holder = c.order[c.holder];
    if (!online(holder) && std::any_of(c.order.begin(), c.order.end(), online)) {
      return emit(out, at, "pass", server, c.id, {{"participant", holder}, {"reason", "offline"}});
    }
  }
  const bool all_done = std::all_of(state_.circles.begin(), state_.circles.end(), [](const auto& c) { return !c.done.empty(); });
  if (all_done) advance_after_turns(out, at, server, "finished");
}

// The turn moves on: next in the order, a new cycle after the last one.
void Round::next_turn(CircleState& c, std::int64_t at) const {
  c.given = 0;
  if (++c.holder >= c.order.size()) {
    c.holder = 0;
    ++c.cycle;
  }
  start_timer(c.turn, at, config_.turn_ms);
}

void Round::apply_turn_event(const Event& e) {
  CircleState& c = circle(e.circle);
  if (e.kind == "circle_done") {
    c.done = e.data.at("reason").get<std::string>();
    c.turn.active = false;
    return;
  }
  if (e.kind == "sentence_end") {
    auto last = std::find_if(c.transcript.rbegin(), c.transcript.rend(), [](const Entry& x) { return x.pass.empty(); });
    if (last == c.transcript.rend()) throw std::invalid_argument("sentence_end without a word");
    last->end = e.data.at("mark").get<std::string>();
    return;
  }
  Entry entry;
  entry.at = e.at;
  entry.response_ms = c.turn.used(e.at);
  if (e.kind == "pass") {
    entry.participant = e.data.at("participant").get<std::string>();
    entry.pass = e.data.at("reason").get<std::string>();
    c.transcript.push_back(std::move(entry));
    return next_turn(c, e.at);
  }
  entry.participant = e.actor;
  entry.text = e.data.at("text").get<std::string>();
  entry.end = e.data.value("end", "");
  c.transcript.push_back(std::move(entry));
  // 1-2-3: the holder keeps the turn until the turn's words are given; each word restarts the timer.
  if (++c.given >= turn_quota(c)) {
    next_turn(c, e.at);
  } else {
    start_timer(c.turn, e.at, config_.turn_ms);
  }
}

}  // namespace earshot::games
