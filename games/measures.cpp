#include "games/measures.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace earshot::games {

AnswerSetMeasures measure_answer_set(const std::vector<Cluster>& clusters) {
  AnswerSetMeasures m;
  m.clusters = clusters.size();
  std::size_t largest = 0;
  for (const Cluster& c : clusters) {
    m.answers += c.participants.size();
    largest = std::max(largest, c.participants.size());
  }
  if (m.answers == 0) return m;
  m.largest_share = static_cast<double>(largest) / static_cast<double>(m.answers);
  if (m.clusters > 1) {  // then answers >= 2, so log(answers) > 0
    const double n = static_cast<double>(m.answers);
    double h = 0;
    for (const Cluster& c : clusters) {
      if (c.participants.empty()) continue;
      const double p = static_cast<double>(c.participants.size()) / n;
      h -= p * std::log(p);
    }
    m.entropy = h / std::log(n);
  }
  if (m.answers >= 2) {
    for (const Cluster& c : clusters) {
      if (c.participants.size() == 1) m.unique_participants.push_back(c.participants.front());
    }
  }
  return m;
}

TimeStats time_stats(std::vector<double> ms) {
  std::erase_if(ms, [](double v) { return !std::isfinite(v); });
  TimeStats t;
  t.count = ms.size();
  if (ms.empty()) return t;
  std::sort(ms.begin(), ms.end());
  // Linear interpolation between the two values around position q * (count - 1).
  const auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(ms.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, ms.size() - 1);
    return ms[lo] + (pos - static_cast<double>(lo)) * (ms[hi] - ms[lo]);
  };
  t.min_ms = ms.front();
  t.max_ms = ms.back();
  t.p25_ms = quantile(0.25);
  t.median_ms = quantile(0.5);
  t.p75_ms = quantile(0.75);
  return t;
}

double gini(const std::vector<double>& values) {
  // Mean absolute difference over all ordered pairs, divided by twice the mean. With the values
  // sorted ascending (x_1 <= ... <= x_n) that is sum_i (2i - n - 1) x_i / (n * sum_i x_i).
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  if (values.empty() || total <= 0) return 0;
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());
  double weighted = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * sorted[i];
  }
  return weighted / (n * total);
}

std::size_t distinct_answers(const std::vector<std::string>& answers) {
  std::vector<AnswerInput> inputs;
  inputs.reserve(answers.size());
  for (const std::string& a : answers) inputs.push_back({{}, a});
  return cluster_answers(inputs).size();
}

ParticipantFigures participant_figures(std::string participant, const std::vector<std::string>& answers,
                                       std::vector<double> response_ms) {
  return {std::move(participant), answers.size(), distinct_answers(answers), time_stats(std::move(response_ms))};
}

BalanceMeasures measure_balance(const std::vector<Contribution>& contributions) {
  BalanceMeasures b;
  b.per_participant = contributions;
  std::vector<double> words;
  words.reserve(contributions.size());
  for (const Contribution& c : contributions) {
    b.total_words += c.words;
    words.push_back(static_cast<double>(c.words));
  }
  b.gini = gini(words);
  return b;
}

bool answers_match(std::string_view guess, std::string_view actual) { return same_group(guess, actual); }

PredictMeasures measure_predict(const std::vector<PredictPair>& pairs) {
  PredictMeasures m;
  m.pairs = pairs.size();
  for (const PredictPair& p : pairs) {
    const bool match = answers_match(p.guess, p.actual);
    m.matches += match ? 1 : 0;
    m.results.push_back({p.guesser, p.target, match});
  }
  if (m.pairs > 0) m.match_rate = static_cast<double>(m.matches) / static_cast<double>(m.pairs);
  return m;
}

CircleComparison compare_circles(const std::vector<CircleFigures>& circles) {
  CircleComparison cmp;
  for (const CircleFigures& c : circles) cmp.circles.push_back(c.circle);
  for (std::size_t ci = 0; ci < circles.size(); ++ci) {
    for (const Figure& f : circles[ci].figures) {
      auto row = std::find_if(cmp.rows.begin(), cmp.rows.end(), [&](const FigureRow& r) { return r.figure == f.name; });
      if (row == cmp.rows.end()) {
        cmp.rows.push_back({f.name, std::vector<std::optional<double>>(circles.size()), 0, {}, {}});
        row = std::prev(cmp.rows.end());
      }
      if (!row->values[ci]) row->values[ci] = f.value;  // a repeated name: the first value counts
    }
  }
  for (FigureRow& row : cmp.rows) {
    std::optional<std::size_t> hi, lo;
    for (std::size_t ci = 0; ci < row.values.size(); ++ci) {
      if (!row.values[ci]) continue;
      if (!hi || *row.values[ci] > *row.values[*hi]) hi = ci;
      if (!lo || *row.values[ci] < *row.values[*lo]) lo = ci;
    }
    // Every row has at least one value: it exists because some circle named that figure.
    row.spread = *row.values[*hi] - *row.values[*lo];
    row.highest = cmp.circles[*hi];
    row.lowest = cmp.circles[*lo];
  }
  return cmp;
}

void to_json(nlohmann::json& j, const Cluster& c) {
  j = {{"label", c.label}, {"spellings", c.spellings}, {"participants", c.participants}};
}

void to_json(nlohmann::json& j, const AnswerSetMeasures& m) {
  j = {{"answers", m.answers},
       {"clusters", m.clusters},
       {"entropy", m.entropy},
       {"largestShare", m.largest_share},
       {"uniqueParticipants", m.unique_participants}};
}

void to_json(nlohmann::json& j, const TimeStats& t) {
  j = {{"count", t.count}, {"medianMs", t.median_ms}, {"p25Ms", t.p25_ms},
       {"p75Ms", t.p75_ms}, {"minMs", t.min_ms},       {"maxMs", t.max_ms}};
}

void to_json(nlohmann::json& j, const ParticipantFigures& p) {
  j = {{"participant", p.participant}, {"contributions", p.contributions}, {"distinct", p.distinct},
       {"response", p.response}};
}

void to_json(nlohmann::json& j, const Contribution& c) { j = {{"participant", c.participant}, {"words", c.words}}; }

void to_json(nlohmann::json& j, const BalanceMeasures& b) {
  j = {{"totalWords", b.total_words}, {"perParticipant", b.per_participant}, {"gini", b.gini}};
}

void to_json(nlohmann::json& j, const PredictResult& r) {
  j = {{"guesser", r.guesser}, {"target", r.target}, {"match", r.match}};
}

void to_json(nlohmann::json& j, const PredictMeasures& m) {
  j = {{"pairs", m.pairs}, {"matches", m.matches}, {"matchRate", m.match_rate}, {"results", m.results}};
}

void to_json(nlohmann::json& j, const FigureRow& r) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& v : r.values) values.push_back(v ? nlohmann::json(*v) : nlohmann::json(nullptr));
  j = {{"figure", r.figure}, {"values", std::move(values)}, {"spread", r.spread},
       {"highest", r.highest}, {"lowest", r.lowest}};
}

void to_json(nlohmann::json& j, const CircleComparison& c) { j = {{"circles", c.circles}, {"rows", c.rows}}; }

}  // namespace earshot::games
