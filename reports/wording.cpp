// The reports' phrases (reports/wording.hpp).
#include "reports/wording.hpp"

#include "reports/session.hpp"
#include "reports/time_format.hpp"

namespace earshot::reports {

std::string quoted(const std::string& text) { return "\u201c" + text + "\u201d"; }

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string game_title(games::GameKind g) {
  switch (g) {
    case games::GameKind::chain: return "Word association chain";
    case games::GameKind::burst: return "Word association burst";
    case games::GameKind::waat: return "Story one word at a time";
    case games::GameKind::spiv: return "Same prompt, individual views";
  }
  return "Round";
}

std::string pass_reason(const std::string& reason) {
  if (reason == "passed") return "passed";
  if (reason == "timeout") return "time ran out";
  if (reason == "offline") return "was offline";
  if (reason == "skipped") return "skipped by the facilitator";
  return reason;
}

std::string pass_phrase(const std::string& name, const std::string& reason) {
  if (reason == "passed") return name + " passed";
  if (reason == "timeout") return name + " ran out of time";
  if (reason == "offline") return name + " was offline";
  if (reason == "skipped") return name + " was skipped";
  return name + " passed (" + reason + ")";
}

std::string circle_done(const std::string& reason) {
  if (reason == "turn_limit") return "reached the turn limit";
  if (reason == "word_limit") return "reached the word limit";
  if (reason == "the_end") return "ended with \u201cThe End\u201d";
  if (reason == "empty") return "stopped: everyone had left";
  if (reason == "facilitator") return "was stopped by the facilitator";
  if (reason.empty()) return "was still going when the round ended";
  return "stopped (" + reason + ")";
}

std::string end_reason(const std::string& reason) {
  if (reason == "facilitator") return "ended by the facilitator";
  if (reason == "finished") return "ended when every circle had finished";
  if (reason == "time_budget") return "ended when the time budget ran out";
  if (reason == "timeout") return "ended when the timer ran out";
  if (reason == "all_picked") return "ended when everyone had picked";
  if (reason == "all_answered") return "ended when everyone had answered";
  if (reason.empty()) return "not ended";
  return "ended (" + reason + ")";
}

std::string played(const PreparedRound& r, int offset) {
  const auto& state = r.round->state();
  if (state.phase == games::Phase::lobby) return "not started";
  std::string text = "from " + clock_time(r.origin_ms, offset);
  if (state.phase == games::Phase::ended) {
    const std::int64_t end = r.ended_at.value_or(state.at);
    text += " to " + clock_time(end, offset) + " " + zone(offset) + " (" + duration(end - r.origin_ms) + "), " +
            end_reason(state.end_reason);
  } else if (r.stored->ended_ms) {
    text += " to " + clock_time(*r.stored->ended_ms, offset) + " " + zone(offset) + " (" +
            duration(*r.stored->ended_ms - r.origin_ms) + "), stopped before its end";
  } else {
    text += " " + zone(offset) + ", still running when exported";
  }
  return text;
}

std::vector<std::string> option_list(const games::RoundConfig& c) {
  std::vector<std::string> out;
  if (c.turn_based()) {
    out.push_back("turn timer " + duration(c.turn_ms));
    if (c.shuffle) out.push_back("order shuffled");
    if (c.no_repeat) out.push_back("no repeats");
    if (c.listening) out.push_back(c.listening_stage ? "listening mode (stage too)" : "listening mode");
  }
  switch (c.game) {
    case games::GameKind::chain:
      if (c.phrase_words > 1) out.push_back("up to " + std::to_string(c.phrase_words) + " words per answer");
      if (c.max_turns > 0) out.push_back("at most " + std::to_string(c.max_turns) + " turns per circle");
      if (c.time_budget_ms > 0) out.push_back("time budget " + duration(c.time_budget_ms));
      break;
    case games::GameKind::waat:
      if (c.word_limit > 0) out.push_back("word limit " + std::to_string(c.word_limit));
      if (c.one_two_three) out.push_back("1-2-3 words per turn");
      if (c.retell) out.push_back("retell");
      if (c.title_vote) out.push_back("title vote");
      break;
    case games::GameKind::burst:
    case games::GameKind::spiv:
      out.push_back("answer timer " + duration(c.answer_ms));
      if (c.predict) out.push_back("predict");
      if (c.pick == games::PickKind::closest) out.push_back("pick the closest answer");
      if (c.pick == games::PickKind::surprising) out.push_back("pick the most surprising answer");
      if (c.anonymous) out.push_back("answers revealed without names");
      break;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> round_subject(const games::RoundConfig& c) {
  switch (c.game) {
    case games::GameKind::chain: return {{"Seed word", c.seed_word}};
    case games::GameKind::waat:
      if (c.title.empty()) return {};
      return {{"Title", c.title}};
    case games::GameKind::burst: {
      std::vector<std::string> q;
      for (const auto& s : c.stimuli) q.push_back(quoted(s));
      return {{c.stimuli.size() == 1 ? "Stimulus" : "Stimuli", join(q, ", ")}};
    }
    case games::GameKind::spiv: return {{"Prompt", c.prompt}};
  }
  return {};
}

std::string set_heading(const std::string& kind, const std::string& prompt, std::size_t index, std::size_t stimuli) {
  if (kind == "stimulus") {
    return "Stimulus " + std::to_string(index + 1) + " of " + std::to_string(stimuli) + ": " + quoted(prompt);
  }
  if (kind == "prompt") return "Prompt: " + quoted(prompt);
  if (kind == "retell") return "Retellings";
  if (kind == "title") return "Titles for the story";
  return kind;
}

std::string figure_name(const std::string& figure) {
  if (figure == "words") return "words";
  if (figure == "gini") return "balance (Gini)";
  if (figure == "medianMs") return "median response time";
  if (figure == "entropy") return "diversity";
  if (figure == "largestShare") return "largest group";
  if (figure == "matchRate") return "predictions matched";
  return figure;
}

std::string figure_value(const std::string& figure, double value) {
  if (figure == "words") return fixed(value, 0);
  if (figure == "medianMs") return seconds(value);
  if (figure == "largestShare" || figure == "matchRate") return percent(value);
  return fixed(value, 2);
}

std::string passes_text(std::size_t passes) { return passes == 0 ? std::string("no passes") : plural(passes, "pass", "passes"); }

std::string rounds_text(std::size_t rounds) { return plural(rounds, "round", "rounds"); }
std::string participants_text(std::size_t participants) { return plural(participants, "participant", "participants"); }
std::string votes_text(std::size_t votes) { return plural(votes, "vote", "votes"); }

std::string answers_in_groups(std::size_t answers, std::size_t groups) {
  return plural(answers, "answer", "answers") + " in " + plural(groups, "group", "groups");
}

std::string guesses_matched(std::size_t matches, std::size_t pairs) {
  return std::to_string(matches) + " of " + plural(pairs, "guess", "guesses") + " matched";
}

std::string diversity_sentence(double entropy, double largest_share) {
  return "Diversity " + fixed(entropy, 2) + " (0: everyone said the same, 1: all different); the largest group holds " +
         percent(largest_share);
}

std::string guess_sentence(const std::string& guesser, const std::string& target, const std::string& guess,
                           const std::string& actual, bool match) {
  return guesser + " guessed " + target + " would say " + guess + "; " + target + " said " + actual +
         (match ? " (match)" : " (no match)");
}

std::string circle_kind(bool story, bool capital) {
  if (story) return capital ? "The story " : "the story ";
  return capital ? "The chain " : "the chain ";
}

std::string picks_title(games::PickKind pick) {
  return pick == games::PickKind::surprising ? "Picks: the most surprising answer" : "Picks: the answer closest to what they meant";
}

}  // namespace earshot::reports
