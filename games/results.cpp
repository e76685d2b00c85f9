// A round's results: transcripts with authors and response times, answers grouped into clusters
// with the answers nobody else gave, retellings, picks, predictions, and the measures of
// difference, all computed from the state (the fold of the events) with games/measures.hpp into
// the typed model of games/results.hpp; its JSON form is written at the end of this file.
#include "games/results.hpp"

#include <algorithm>
#include <map>

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

// Predictions whose target answered (of guessers in `circle`, or all).
std::vector<PredictPair> predict_pairs(const RoundState& state, const AnswerSet& s, const std::string* circle = nullptr) {
  std::vector<PredictPair> pairs;
  for (const auto& [guesser, guess] : s.guesses) {
    const Person& p = state.people.at(guesser);
    if (circle && p.circle != *circle) continue;
    const auto it = std::find_if(s.answers.begin(), s.answers.end(), [&](const Answer& a) { return a.participant == p.partner; });
    if (it != s.answers.end()) pairs.push_back({guesser, p.partner, guess, it->text});
  }
  return pairs;
}

AnswerSetMeasures set_measures(const AnswerSet& s, bool named, const std::string* circle = nullptr) {
  AnswerSetMeasures m = measure_answer_set(clusters_of(s, circle));
  if (!named) m.unique_participants.clear();
  return m;
}

CircleResults circle_results(const CircleState& c) {
  CircleResults r{c.id, c.order, c.done, c.transcript, 0, measure_balance(contributions(c)), time_stats(word_times(c))};
  for (const auto& e : c.transcript) r.passes += e.pass.empty() ? 0 : 1;
  return r;
}

SetResults set_results(const RoundConfig& config, const RoundState& state, const AnswerSet& s, bool named) {
  SetResults r{s.kind, s.prompt, s.answers, {}, {}, {}, {}, {}};
  if (!named) {
    for (auto& a : r.answers) a.participant.clear();
  }
  if (s.kind != "retell") r.clusters = cluster_results(s, named);
  if (measured(s)) {
    r.measures = set_measures(s, named);
    if (state.circles.size() > 1) {
      for (const auto& c : state.circles) r.circles.push_back({c.id, set_measures(s, named, &c.id)});
    }
  }
  if (config.predict && s.kind == "prompt") {
    auto pairs = predict_pairs(state, s);
    PredictResults p{measure_predict(pairs), {}};
    if (named) p.guesses = std::move(pairs);
    else p.measures.results.clear();
    r.predict = std::move(p);
  }
  if (s.has_pick) {
    std::map<int, int> counts;
    PickResults p;
    for (const auto& [picker, n] : s.picks) {
      ++counts[n];
      if (named) p.picks.push_back({picker, n});
    }
    for (const auto& [n, count] : counts) p.counts.push_back({n, count});
    r.picks = std::move(p);
  }
  return r;
}

// Each circle's headline figures, lined up by compare_circles.
std::vector<CircleFigures> circle_figures(const RoundConfig& config, const RoundState& state) {
  std::vector<CircleFigures> all;
  for (const auto& c : state.circles) {
    CircleFigures f{c.id, {}};
    if (config.turn_based()) {
      const auto balance = measure_balance(contributions(c));
      f.figures.push_back({"words", static_cast<double>(balance.total_words)});
      f.figures.push_back({"gini", balance.gini});
      f.figures.push_back({"medianMs", time_stats(word_times(c)).median_ms});
    } else {
      // Mean diversity over the stimuli (or the prompt) the circle answered.
      double entropy = 0, largest = 0;
      std::size_t counted = 0;
      std::vector<double> ms;
      for (const auto& s : state.sets) {
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
      if (config.predict) {
        f.figures.push_back({"matchRate", measure_predict(predict_pairs(state, state.sets.front(), &c.id)).match_rate});
      }
    }
    all.push_back(std::move(f));
  }
  return all;
}

// Everyone's words (stories, chains) or answers (stimuli, prompt) with their response times.
std::vector<ParticipantFigures> participant_results(const RoundState& state) {
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<double>>> given;
  for (const auto& [id, p] : state.people) given[id];
  for (const auto& c : state.circles) {
    for (const auto& e : c.transcript) {
      if (!e.pass.empty()) continue;
      given[e.participant].first.push_back(e.text);
      given[e.participant].second.push_back(static_cast<double>(e.response_ms));
    }
  }
  for (const auto& s : state.sets) {
    if (!measured(s)) continue;
    for (const auto& a : s.answers) {
      given[a.participant].first.push_back(a.text);
      given[a.participant].second.push_back(static_cast<double>(a.response_ms));
    }
  }
  std::vector<ParticipantFigures> out;
  for (auto& [id, g] : given) out.push_back(participant_figures(id, g.first, std::move(g.second)));
  return out;
}

}  // namespace

std::vector<ClusterResult> cluster_results(const AnswerSet& s, bool named) {
  std::map<std::string, int> n_of;  // one answer per participant and set
  for (const auto& a : s.answers) n_of[a.participant] = a.n;
  std::vector<ClusterResult> out;
  for (auto& c : clusters_of(s)) {
    ClusterResult r{std::move(c.label), std::move(c.spellings), c.participants.size(), {}, {}};
    for (const auto& p : c.participants) r.answers.push_back(n_of.at(p));
    if (named) r.participants = std::move(c.participants);
    out.push_back(std::move(r));
  }
  return out;
}

RoundResults results_of(const RoundConfig& config, const RoundState& state, bool named) {
  RoundResults r{named, config, state.end_reason, state.reactions, participant_results(state), {}, {}, {}, {}};
  if (config.turn_based()) {
    for (const auto& c : state.circles) r.circles.push_back(circle_results(c));
  }
  for (const auto& s : state.sets) r.sets.push_back(set_results(config, state, s, named));
  if (state.circles.size() > 1) r.comparison = compare_circles(circle_figures(config, state));
  r.highlights = highlights_of(r);
  return r;
}

RoundResults Round::results_model(bool named) const { return results_of(config_, state_, named); }

json Round::results_json(bool named) const { return results_model(named); }

json Round::clusters_json(const AnswerSet& s, bool named) const { return cluster_results(s, named); }

// ---- The JSON form: the only place it is written ----

void to_json(json& j, const ClusterResult& c) {
  j = {{"label", c.label}, {"spellings", c.spellings}, {"count", c.count}, {"answers", c.answers}};
  if (!c.participants.empty()) j["participants"] = c.participants;
}

namespace {

json measures_json(const AnswerSetMeasures& m, bool named) {
  json j = m;
  if (!named) j.erase("uniqueParticipants");
  return j;
}

json entry_json(const Entry& e) {
  json j = {{"participant", e.participant}, {"at", e.at}, {"responseMs", e.response_ms}};
  if (e.pass.empty()) {
    j["text"] = e.text;
    if (!e.end.empty()) j["end"] = e.end;
  } else {
    j["pass"] = e.pass;
  }
  return j;
}

json circle_json(const CircleResults& c) {
  json transcript = json::array();
  for (const auto& e : c.transcript) transcript.push_back(entry_json(e));
  return {{"id", c.id},
          {"order", c.order},
          {"done", c.done},
          {"transcript", std::move(transcript)},
          {"passes", c.passes},
          {"balance", c.balance},
          {"responseTimes", c.response_times}};
}

json set_json(const SetResults& s, bool named) {
  json answers = json::array();
  for (const auto& a : s.answers) {
    json j = {{"n", a.n}, {"circle", a.circle}, {"text", a.text}, {"responseMs", a.response_ms}};
    if (named) j["participant"] = a.participant;
    answers.push_back(std::move(j));
  }
  json r = {{"kind", s.kind}, {"answers", std::move(answers)}};
  if (!s.prompt.empty()) r["prompt"] = s.prompt;
  if (s.clusters) r["clusters"] = *s.clusters;
  if (s.measures) r["measures"] = measures_json(*s.measures, named);
  if (!s.circles.empty()) {
    json per_circle = json::array();
    for (const auto& c : s.circles) per_circle.push_back({{"circle", c.circle}, {"measures", measures_json(c.measures, named)}});
    r["circles"] = std::move(per_circle);
  }
  if (s.predict) {
    json p = s.predict->measures;
    if (named) {
      json guesses = json::array();
      for (const auto& g : s.predict->guesses) {
        guesses.push_back({{"guesser", g.guesser}, {"target", g.target}, {"guess", g.guess}, {"actual", g.actual}});
      }
      p["guesses"] = std::move(guesses);
    } else {
      p.erase("results");
    }
    r["predict"] = std::move(p);
  }
  if (s.picks) {
    json tally = json::array();
    for (const auto& c : s.picks->counts) tally.push_back({{"answer", c.answer}, {"count", c.count}});
    r["pickCounts"] = std::move(tally);
    if (named) {
      json picks = json::array();
      for (const auto& p : s.picks->picks) picks.push_back({{"participant", p.participant}, {"answer", p.answer}});
      r["picks"] = std::move(picks);
    }
  }
  return r;
}

}  // namespace

void to_json(json& j, const RoundResults& r) {
  j = {{"game", to_string(r.config.game)},
       {"config", to_json(r.config)},
       {"endReason", r.end_reason},
       {"reactions", r.reactions},
       {"participants", r.participants}};
  if (r.config.turn_based()) {
    json circles = json::array();
    for (const auto& c : r.circles) circles.push_back(circle_json(c));
    j["circles"] = std::move(circles);
  }
  json sets = json::array();
  for (const auto& s : r.sets) sets.push_back(set_json(s, r.named));
  j["sets"] = std::move(sets);
  if (r.comparison) j["comparison"] = *r.comparison;
  j["highlights"] = r.highlights;
}

}  // namespace earshot::games
