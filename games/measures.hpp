#pragma once
// Measures of difference over plain inputs (no events, no clocks): how varied the answers to one
// stimulus or prompt were, response times, balance of contributions in a story, how well people
// predicted each other, and circle-versus-circle comparison. All pure functions; the formulas are
// written out in docs/games.md, "Measures of difference". JSON via nlohmann ADL to_json.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/text.hpp"

namespace earshot::games {

struct AnswerSetMeasures {            // one stimulus / prompt
  std::size_t answers = 0, clusters = 0;
  double entropy = 0;                 // normalized Shannon entropy of cluster sizes in [0,1] (0 when <= 1 cluster)
  double largest_share = 0;           // size of largest cluster / answers (0 when no answers)
  std::vector<std::string> unique_participants;  // participants whose answer is in a cluster of size 1 (minority views)
};
// Entropy is H / log(answers) with H = -sum p_i log p_i over cluster shares p_i = size_i / answers:
// 1 when everyone said something different, 0 when everyone said the same. Unique participants
// are only reported when there are at least 2 answers (one answer alone is not a minority view).
AnswerSetMeasures measure_answer_set(const std::vector<Cluster>& clusters);

struct TimeStats { std::size_t count = 0; double median_ms = 0, p25_ms = 0, p75_ms = 0, min_ms = 0, max_ms = 0; };
// Quartiles by linear interpolation between the sorted values (position q * (count - 1)).
// Non-finite values are ignored; all zero when nothing is left.
TimeStats time_stats(std::vector<double> ms);

double gini(const std::vector<double>& values);      // 0 = perfectly even, ->1 = one person did everything; 0 for empty/all-zero

// Distinct answers among one participant's answers across stimuli: the number of different
// groups under the same_group rule (blank answers are not counted).
std::size_t distinct_answers(const std::vector<std::string>& answers);

struct ParticipantFigures { std::string participant; std::size_t contributions = 0; std::size_t distinct = 0; TimeStats response; };
// One participant's figures: contributions = answers.size(), distinct = distinct_answers(answers),
// response = time_stats(response_ms).
ParticipantFigures participant_figures(std::string participant, const std::vector<std::string>& answers,
                                       std::vector<double> response_ms);

// Balance of contributions in a story: words per participant (include members with 0 words).
struct Contribution { std::string participant; std::size_t words = 0; };
struct BalanceMeasures {
  std::size_t total_words = 0;
  std::vector<Contribution> per_participant;  // as given
  double gini = 0;                            // gini() of the word counts
};
BalanceMeasures measure_balance(const std::vector<Contribution>& contributions);

// SPIV predict: the guesser's guess of the target's answer, and the answer the target gave.
struct PredictPair { std::string guesser, target, guess, actual; };
// Whether a guess matches an answer: same_group(guess, actual) (see games/text.hpp).
bool answers_match(std::string_view guess, std::string_view actual);
struct PredictResult { std::string guesser, target; bool match = false; };
struct PredictMeasures {
  std::size_t pairs = 0, matches = 0;
  double match_rate = 0;               // matches / pairs (0 when no pairs)
  std::vector<PredictResult> results;  // one per pair, in input order
};
PredictMeasures measure_predict(const std::vector<PredictPair>& pairs);

// Circle versus circle: each circle brings named figures (e.g. "entropy", "largest_share",
// "gini", "median_ms"); the comparison lines them up side by side, one row per figure name
// (in first-seen order), with the spread between the highest and the lowest circle.
struct Figure { std::string name; double value = 0; };
struct CircleFigures { std::string circle; std::vector<Figure> figures; };
struct FigureRow {
  std::string figure;
  std::vector<std::optional<double>> values;  // one per circle, in circle order; nullopt if the circle lacks it
  double spread = 0;                          // highest - lowest value present (0 with fewer than 2 values)
  std::string highest, lowest;                // circles with the highest / lowest value (first on ties)
};
struct CircleComparison { std::vector<std::string> circles; std::vector<FigureRow> rows; };
CircleComparison compare_circles(const std::vector<CircleFigures>& circles);

void to_json(nlohmann::json&, const Cluster&);
void to_json(nlohmann::json&, const AnswerSetMeasures&);
void to_json(nlohmann::json&, const TimeStats&);
void to_json(nlohmann::json&, const ParticipantFigures&);
void to_json(nlohmann::json&, const Contribution&);
void to_json(nlohmann::json&, const BalanceMeasures&);
void to_json(nlohmann::json&, const PredictResult&);
void to_json(nlohmann::json&, const PredictMeasures&);
void to_json(nlohmann::json&, const FigureRow&);
void to_json(nlohmann::json&, const CircleComparison&);

}  // namespace earshot::games
