#pragma once
// A round's results as a typed model: each circle's transcript and figures, each answer set with
// its answers, clusters, picks, predictions and measures, everyone's figures and the comparison
// of circles. Built from a round's state (the fold of its events) by results_of; the JSON form
// (docs/games.md, "For developers: the record of a round") is written from this model in one
// place, to_json below. Readers such as the exports (reports/) use the model, not the JSON.
//
// `named` says whether the results may say who gave what: without names, every participant id
// is left out (cluster members, answer authors, unique participants, guesses and picks); the
// counts and measures stay. Pure functions: call them from any thread on a state nobody changes.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/config.hpp"
#include "games/highlights.hpp"
#include "games/measures.hpp"
#include "games/round.hpp"

namespace earshot::games {

// One chain's or story's circle: its turns (Entry: a word or a pass) and its figures.
struct CircleResults {
  std::string id;
  std::vector<std::string> order;  // participant ids in turn order
  std::string done;                // why the circle stopped; "" if it was still going
  std::vector<Entry> transcript;
  std::size_t passes = 0;
  BalanceMeasures balance;  // words per participant (everyone in the order, and anyone who left)
  TimeStats response_times;  // of the words (passes left out)
};

// A group of answers that say the same thing (games/text.hpp, cluster_answers).
struct ClusterResult {
  std::string label;
  std::vector<std::string> spellings;
  std::size_t count = 0;                  // answers in the group
  std::vector<int> answers;               // their numbers (Answer::n), in the cluster's order
  std::vector<std::string> participants;  // who gave them, in the same order; empty without names
};

// An answer set's measures within one circle (rounds with more than one circle).
struct CircleMeasures {
  std::string circle;
  AnswerSetMeasures measures;
};

// SPIV predict: how well the guesses matched, and (with names) each guess.
struct PredictResults {
  PredictMeasures measures;         // its per-pair results are empty without names
  std::vector<PredictPair> guesses;  // in guesser order; empty without names
};

struct Pick {
  std::string participant;
  int answer = 0;  // the n of the picked answer
};
struct PickCount {
  int answer = 0;
  int count = 0;
};
// A picking phase (SPIV pick, WAAT title vote): how often each answer was picked, and by whom.
struct PickResults {
  std::vector<PickCount> counts;  // by answer n, answers nobody picked left out
  std::vector<Pick> picks;        // in picker order; empty without names
};

struct SetResults {
  std::string kind;    // stimulus, prompt, retell, title
  std::string prompt;  // "" for retell and title
  // In the order they came in; `at` is not part of the results and the participant is "" without names.
  std::vector<Answer> answers;
  std::optional<std::vector<ClusterResult>> clusters;  // every kind but retell
  std::optional<AnswerSetMeasures> measures;           // stimuli and prompts (compared answers)
  std::vector<CircleMeasures> circles;                 // measured sets of rounds with more than one circle
  std::optional<PredictResults> predict;               // SPIV predict's prompt
  std::optional<PickResults> picks;                    // sets followed by a picking phase
};

struct RoundResults {
  bool named = true;
  RoundConfig config;
  std::string end_reason;
  std::map<std::string, int> reactions;       // reaction -> count
  std::vector<ParticipantFigures> participants;  // by participant id
  std::vector<CircleResults> circles;         // chains and stories only (turn-based games)
  std::vector<SetResults> sets;
  std::optional<CircleComparison> comparison;  // rounds with more than one circle
  std::vector<Highlight> highlights;           // games/highlights.hpp
};

RoundResults results_of(const RoundConfig& config, const RoundState& state, bool named);
// The clusters of one answer set, as its results and a revealed set's view show them.
std::vector<ClusterResult> cluster_results(const AnswerSet& set, bool named);

// The JSON forms. A cluster lists its participants only when it has them (named results).
void to_json(nlohmann::json&, const RoundResults&);
void to_json(nlohmann::json&, const ClusterResult&);

}  // namespace earshot::games
