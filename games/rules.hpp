#pragma once
// Internal to games/: each game's own rules, one file per game, called by the Round framework.
// A rule a facilitator reads about in docs/games.md is in exactly one of these functions.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "games/config.hpp"
#include "games/event.hpp"
#include "games/round.hpp"

namespace earshot::games::rules {

// A checked word or phrase for a turn, or why it is refused.
struct TurnWord {
  std::string text;
  std::string end;  // WAAT: attached sentence-ending punctuation
  std::optional<Rejection> rejection;
};

// Why a line of text was refused (a code from clean_line), for a limit of max_chars (answers.cpp).
Rejection text_rejection(const std::string& code, std::size_t max_chars);

// chain.cpp
TurnWord check_chain_answer(const RoundConfig& config, const CircleState& circle, const std::string& raw);
std::string chain_end(const RoundConfig& config, const CircleState& circle);  // "" or why the chain stops

// burst.cpp
std::vector<AnswerSet> burst_sets(const RoundConfig& config);

// waat.cpp
TurnWord check_story_word(const RoundConfig& config, const CircleState& circle, const std::string& raw);
std::optional<Rejection> check_sentence_end(const CircleState& circle, const std::string& mark);
int story_quota(const RoundConfig& config, const CircleState& circle);       // words in the current turn
std::string story_end(const RoundConfig& config, const CircleState& circle);  // "" or why the story stops
std::vector<AnswerSet> waat_sets(const RoundConfig& config);

// spiv.cpp
std::vector<AnswerSet> spiv_sets(const RoundConfig& config);
// Predict partners: in each circle's (started) order, everyone guesses the next person's answer.
std::map<std::string, std::string> predict_partners(const std::vector<CircleState>& circles);

}  // namespace earshot::games::rules
