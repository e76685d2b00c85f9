// The reports' words, from the message catalog (reports/wording.hpp).
#include "reports/wording.hpp"

#include "games/vocabulary.hpp"
#include "reports/session.hpp"
#include "reports/time_format.hpp"

namespace earshot::reports {

namespace {

std::string n_str(std::size_t n) { return std::to_string(n); }

// The phrase of `pattern` for `item` when the catalog has one, else `fallback` (a reason a newer
// recording may hold that this build has no words for).
std::string say_known(std::string_view pattern, const std::string& item, const std::string& fallback) {
  std::string key(pattern);
  key.replace(key.find('*'), 1, item);
  return words().has(key) ? say(key) : fallback;
}

}  // namespace

const catalog::Catalog& words() { return catalog::Catalog::of("en"); }

std::string say(std::string_view key, catalog::Vars vars) { return words().text(key, vars); }

std::string say_n(std::string_view key, long long n, catalog::Vars vars) { return words().count(key, n, vars); }

std::string say_for(std::string_view pattern, std::string_view item, catalog::Vars vars) {
  return words().text_for(pattern, item, vars);
}

std::string quoted(const std::string& text) { return say("common.quoted", {{"text", text}}); }

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

std::string circle_name(const std::string& id) {
  if (id.size() < 2 || id[0] != 'c' || id.find_first_not_of("0123456789", 1) != std::string::npos) return id;
  return say("circle.name", {{"n", id.substr(1)}});
}

std::string names_list(const std::vector<std::string>& names) {
  if (names.size() < 2) return names.empty() ? std::string() : names.front();
  const std::vector<std::string> head(names.begin(), names.end() - 1);
  return say("common.and", {{"list", join(head, ", ")}, {"last", names.back()}});
}

std::string game_title(games::GameKind g) { return say_for("game.*.name", games::to_string(g)); }

std::string pass_reason(const std::string& reason) { return say_known("pass.*", reason, reason); }

std::string pass_phrase(const std::string& name, const std::string& reason) {
  return say("report.pass", {{"name", name}, {"how", pass_reason(reason)}});
}

std::string circle_done(const std::string& reason) {
  if (reason.empty()) return say("done.still_going");
  return say_known("done.*", reason, reason);
}

std::string circle_done_sentence(bool story, const std::string& how) {
  return say(story ? "report.story_done" : "report.chain_done", {{"how", how}});
}

std::string end_reason(const std::string& reason) {
  if (reason.empty()) return say("report.not_ended");
  return say_known("end.*", reason, reason);
}

std::string played(const PreparedRound& r, int offset) {
  const auto& state = r.round->state();
  if (state.phase == games::Phase::lobby) return say("report.not_started");
  const std::string from = clock_time(r.origin_ms, offset);
  if (state.phase == games::Phase::ended) {
    const std::int64_t end = r.ended_at.value_or(state.at);
    return say("report.played_ended", {{"from", from},
                                       {"to", clock_time(end, offset)},
                                       {"zone", zone(offset)},
                                       {"duration", duration(end - r.origin_ms)},
                                       {"how", end_reason(state.end_reason)}});
  }
  if (r.stored->ended_ms) {
    return say("report.played_stopped", {{"from", from},
                                         {"to", clock_time(*r.stored->ended_ms, offset)},
                                         {"zone", zone(offset)},
                                         {"duration", duration(*r.stored->ended_ms - r.origin_ms)}});
  }
  return say("report.played_running", {{"from", from}, {"zone", zone(offset)}});
}

std::vector<std::string> option_list(const games::RoundConfig& c) {
  std::vector<std::string> out;
  if (c.turn_based()) {
    out.push_back(say("option.turn_timer", {{"duration", duration(c.turn_ms)}}));
    if (c.shuffle) out.push_back(say("option.shuffle"));
    if (c.no_repeat) out.push_back(say("option.no_repeat"));
    if (c.listening) out.push_back(say(c.listening_stage ? "option.listening_stage" : "option.listening"));
  }
  switch (c.game) {
    case games::GameKind::chain:
      if (c.phrase_words > 1) out.push_back(say("option.phrase_words", {{"n", std::to_string(c.phrase_words)}}));
      if (c.max_turns > 0) out.push_back(say("option.max_turns", {{"n", std::to_string(c.max_turns)}}));
      if (c.time_budget_ms > 0) out.push_back(say("option.time_budget", {{"duration", duration(c.time_budget_ms)}}));
      break;
    case games::GameKind::waat:
      if (c.word_limit > 0) out.push_back(say("option.word_limit", {{"n", std::to_string(c.word_limit)}}));
      if (c.one_two_three) out.push_back(say("option.one_two_three"));
      if (c.retell) out.push_back(say("option.retell"));
      if (c.title_vote) out.push_back(say("option.title_vote"));
      break;
    case games::GameKind::burst:
    case games::GameKind::spiv:
      out.push_back(say("option.answer_timer", {{"duration", duration(c.answer_ms)}}));
      if (c.predict) out.push_back(say("option.predict"));
      if (c.pick == games::PickKind::closest) out.push_back(say("option.pick_closest"));
      if (c.pick == games::PickKind::surprising) out.push_back(say("option.pick_surprising"));
      if (c.anonymous) out.push_back(say("option.anonymous"));
      break;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> round_subject(const games::RoundConfig& c) {
  switch (c.game) {
    case games::GameKind::chain: return {{say("report.seed_word"), c.seed_word}};
    case games::GameKind::waat:
      if (c.title.empty()) return {};
      return {{say("report.title_label"), c.title}};
    case games::GameKind::burst: {
      std::vector<std::string> q;
      for (const auto& s : c.stimuli) q.push_back(quoted(s));
      return {{say_n("report.stimuli", static_cast<long long>(c.stimuli.size())), join(q, ", ")}};
    }
    case games::GameKind::spiv: return {{say("report.prompt"), c.prompt}};
  }
  return {};
}

std::string set_heading(const std::string& kind, const std::string& prompt, std::size_t index, std::size_t stimuli) {
  if (kind == "stimulus") {
    return say("report.set.stimulus", {{"n", n_str(index + 1)}, {"count", n_str(stimuli)}, {"prompt", quoted(prompt)}});
  }
  if (kind == "prompt") return say("report.set.prompt", {{"prompt", quoted(prompt)}});
  if (kind == "retell") return say("report.set.retell");
  if (kind == "title") return say("report.set.title");
  return kind;
}

std::string figure_name(const std::string& figure) { return say_known("figure.*", figure, figure); }

std::string figure_value(const std::string& figure, double value) {
  if (figure == "words") return fixed(value, 0);
  if (figure == "medianMs") return seconds(value);
  if (figure == "largestShare" || figure == "matchRate") return percent(value);
  return fixed(value, 2);
}

std::string passes_text(std::size_t passes) { return say_n("count.passes", static_cast<long long>(passes)); }
std::string rounds_text(std::size_t rounds) { return say_n("count.rounds", static_cast<long long>(rounds)); }
std::string participants_text(std::size_t participants) {
  return say_n("count.participants", static_cast<long long>(participants));
}
std::string votes_text(std::size_t votes) { return say_n("count.votes", static_cast<long long>(votes)); }
std::string count_said(std::size_t n) { return say_n("report.count_said", static_cast<long long>(n)); }

std::string answers_in_groups(std::size_t answers, std::size_t groups) {
  return say("report.answers_in_groups", {{"answers", say_n("count.answers", static_cast<long long>(answers))},
                                          {"groups", say_n("count.groups", static_cast<long long>(groups))}});
}

std::string guesses_matched(std::size_t matches, std::size_t pairs) {
  return say_n("report.guesses_matched", static_cast<long long>(pairs), {{"matches", n_str(matches)}});
}

std::string diversity_sentence(double entropy, double largest_share) {
  return say("report.diversity_sentence", {{"value", fixed(entropy, 2)}, {"largest", percent(largest_share)}});
}

std::string guess_sentence(const std::string& guesser, const std::string& target, const std::string& guess,
                           const std::string& actual, bool match) {
  return say(match ? "report.guess_match" : "report.guess_miss",
             {{"guesser", guesser}, {"target", target}, {"guess", guess}, {"actual", actual}});
}

std::string picks_title(games::PickKind pick) {
  return say(pick == games::PickKind::surprising ? "report.picks_surprising" : "report.picks_closest");
}

}  // namespace earshot::reports
