// A round's results: transcripts with authors and response times, answers grouped into clusters
// with the answers nobody else gave, retellings, picks, predictions, and the measures of
// difference, all computed from the state (the fold of the events) with games/measures.hpp.
#include <algorithm>
#include <map>

#include "games/measures.hpp"
#include "games/round.hpp"
#include "games/text.hpp"

namespace earshot::games {

using nlohmann::json;

namespace {

std::vector<Cluster> clusters_of(const AnswerSet& s, const std::string* circle = nullptr) {
  std::vector<AnswerInput> inputs;
  for (const auto& a : s.answers) {
    if (!circle || a.circle == *circle) inputs.push_back({a.participant, a.text});
  }
  return cluster_answers(inputs);
}

// Sets whose answers are compared with each other (not the retellings and titles).
bool measured(const AnswerSet& s) { return s.kind == "stimulus" || s.kind == "prompt"; }

std::vector<double> word_times(const CircleState& c) {
  std::vector<double> ms;
  for (const auto& e : c.transcript) {
    if (e.pass.empty()) ms.push_back(static_cast<double>(e.response_ms));
  }
  return ms;
}

// Contributions to a story or chain: everyone in the order (0 words too) and anyone who left.
std::vector<Contribution> contributions(const CircleState& c) {
  std::map<std::string, std::size_t> words;
  for (const auto& id : c.order) words[id] = 0;
  for (const auto& e : c.transcript) words[e.participant] += e.pass.empty() ? 1 : 0;
  std::vector<Contribution> out;
  for (const auto& [id, n] : words) out.push_back({id, n});
  return out;
}

}  // namespace

// Predictions whose target answered (of guessers in `circle`, or all).
std::vector<PredictPair> Round::predict_pairs(const AnswerSet& s, const std::string* circle) const {
  std::vector<PredictPair> pairs;
  for (const auto& [guesser, guess] : s.guesses) {
    const Person& p = state_.people.at(guesser);
    if (circle && p.circle != *circle) continue;
    const auto it = std::find_if(s.answers.begin(), s.answers.end(), [&](const Answer& a) { return a.participant == p.partner; });
    if (it != s.answers.end()) pairs.push_back({guesser, p.partner, guess, it->text});
  }
  return pairs;
}

json Round::clusters_json(const AnswerSet& s, bool named) const {
  std::map<std::string, int> n_of;  // one answer per participant and set
  for (const auto& a : s.answers) n_of[a.participant] = a.n;
  json out = json::array();
  for (const auto& c : clusters_of(s)) {
    json numbers = json::array();
    for (const auto& p : c.participants) numbers.push_back(n_of.at(p));
    json j = {{"label", c.label}, {"spellings", c.spellings}, {"count", c.participants.size()}, {"answers", numbers}};
    if (named) j["participants"] = c.participants;
    out.push_back(std::move(j));
  }
  return out;
}

json Round::circle_results(const CircleState& c) const {
  json transcript = json::array();
  std::size_t passes = 0;
  for (const auto& e : c.transcript) {
    json j = {{"participant", e.participant}, {"at", e.at}, {"responseMs", e.response_ms}};
    if (e.pass.empty()) {
      j["text"] = e.text;
      if (!e.end.empty()) j["end"] = e.end;
    } else {
      j["pass"] = e.pass;
      ++passes;
    }
    transcript.push_back(std::move(j));
  }
  return {{"id", c.id},
          {"order", c.order},
          {"done", c.done},
          {"transcript", std::move(transcript)},
          {"passes", passes},
          {"balance", measure_balance(contributions(c))},
          {"responseTimes", time_stats(word_times(c))}};
}

json Round::set_results(const AnswerSet& s, bool named) const {
  json answers = json::array();
  for (const auto& a : s.answers) {
    json j = {{"n", a.n}, {"circle", a.circle}, {"text", a.text}, {"responseMs", a.response_ms}};
    if (named) j["participant"] = a.participant;
    answers.push_back(std::move(j));
  }
  json r = {{"kind", s.kind}, {"answers", std::move(answers)}};
  if (!s.prompt.empty()) r["prompt"] = s.prompt;
  if (s.kind != "retell") r["clusters"] = clusters_json(s, named);

  if (measured(s)) {
    json m = measure_answer_set(clusters_of(s));
    if (!named) m.erase("uniqueParticipants");
    r["measures"] = std::move(m);
    if (state_.circles.size() > 1) {
      json per_circle = json::array();
      for (const auto& c : state_.circles) {
        json cm = measure_answer_set(clusters_of(s, &c.id));
        if (!named) cm.erase("uniqueParticipants");
        per_circle.push_back({{"circle", c.id}, {"measures", std::move(cm)}});
      }
      r["circles"] = std::move(per_circle);
    }
  }
  if (config_.predict && s.kind == "prompt") {
    const auto pairs = predict_pairs(s);
    json p = measure_predict(pairs);
    if (named) {
      json guesses = json::array();
      for (const auto& pair : pairs) {
        guesses.push_back({{"guesser", pair.guesser}, {"target", pair.target}, {"guess", pair.guess}, {"actual", pair.actual}});
      }
      p["guesses"] = std::move(guesses);
    } else {
      p.erase("results");
    }
    r["predict"] = std::move(p);
  }
  if (s.has_pick) {
    std::map<int, int> counts;
    json picks = json::array();
    for (const auto& [picker, n] : s.picks) {
      ++counts[n];
      if (named) picks.push_back({{"participant", picker}, {"answer", n}});
    }
    json tally = json::array();
    for (const auto& [n, count] : counts) tally.push_back({{"answer", n}, {"count", count}});
    r["pickCounts"] = std::move(tally);
    if (named) r["picks"] = std::move(picks);
  }
  return r;
}

// Each circle's headline figures, lined up by compare_circles.
std::vector<CircleFigures> Round::circle_figures() const {
  std::vector<CircleFigures> all;
  for (const auto& c : state_.circles) {
    CircleFigures f{c.id, {}};
    if (config_.turn_based()) {
      const auto balance = measure_balance(contributions(c));
      f.figures.push_back({"words", static_cast<double>(balance.total_words)});
      f.figures.push_back({"gini", balance.gini});
      f.figures.push_back({"medianMs", time_stats(word_times(c)).median_ms});
    } else {
      // Mean diversity over the stimuli (or the prompt) the circle answered.
      double entropy = 0, largest = 0;
      std::size_t counted = 0;
      std::vector<double> ms;
      for (const auto& s : state_.sets) {
        if (!measured(s)) continue;
        const auto m = measure_answer_set(clusters_of(s, &c.id));
        if (m.answers == 0) continue;
        entropy += m.entropy;
        largest += m.largest_share;
        ++counted;
        for (const auto& a : s.answers) {
          if (a.circle == c.id) ms.push_back(static_cast<double>(a.response_ms));
        }
      }
      if (counted > 0) {
        f.figures.push_back({"entropy", entropy / static_cast<double>(counted)});
        f.figures.push_back({"largestShare", largest / static_cast<double>(counted)});
        f.figures.push_back({"medianMs", time_stats(ms).median_ms});
      }
      if (config_.predict) f.figures.push_back({"matchRate", measure_predict(predict_pairs(state_.sets.front(), &c.id)).match_rate});
    }
    all.push_back(std::move(f));
  }
  return all;
}

// Everyone's words (stories, chains) or answers (stimuli, prompt) with their response times.
json Round::participant_results() const {
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<double>>> given;
  for (const auto& [id, p] : state_.people) given[id];
  for (const auto& c : state_.circles) {
    for (const auto& e : c.transcript) {
      if (!e.pass.empty()) continue;
      given[e.participant].first.push_back(e.text);
      given[e.participant].second.push_back(static_cast<double>(e.response_ms));
    }
  }
  for (const auto& s : state_.sets) {
    if (!measured(s)) continue;
    for (const auto& a : s.answers) {
      given[a.participant].first.push_back(a.text);
      given[a.participant].second.push_back(static_cast<double>(a.response_ms));
    }
  }
  json out = json::array();
  for (auto& [id, g] : given) out.push_back(participant_figures(id, g.first, std::move(g.second)));
  return out;
}

json Round::results_json(bool named) const {
  json r = {{"game", to_string(config_.game)},
            {"config", to_json(config_)},
            {"endReason", state_.end_reason},
            {"reactions", state_.reactions},
            {"participants", participant_results()}};
  if (config_.turn_based()) {
    json circles = json::array();
    for (const auto& c : state_.circles) circles.push_back(circle_results(c));
    r["circles"] = std::move(circles);
  }
  json sets = json::array();
  for (const auto& s : state_.sets) sets.push_back(set_results(s, named));
  r["sets"] = std::move(sets);
  if (state_.circles.size() > 1) r["comparison"] = compare_circles(circle_figures());
  return r;
}

}  // namespace earshot::games
