#pragma once
// Every phrase the reports (Markdown, HTML) show to people, in one place so that a message
// catalog can take its place: game titles, passes, why circles and rounds ended, the options
// and subject of a round, the names and values of figures, headings and labels. Markup and
// escaping are the writers' (reports/report_writer.hpp); these are plain text unless a function
// says it takes pieces that are already escaped.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "games/config.hpp"

namespace earshot::reports {

struct PreparedRound;

std::string quoted(const std::string& text);  // “text”
std::string join(const std::vector<std::string>& parts, const std::string& separator);
std::string plural(std::size_t n, const std::string& one, const std::string& many);  // "1 round", "2 rounds"

std::string game_title(games::GameKind g);
std::string pass_reason(const std::string& reason);  // a pass in a table: "time ran out"
// A pass told as a sentence: "Ben passed", "Ben ran out of time" (name and reason as given).
std::string pass_phrase(const std::string& name, const std::string& reason);
// How a chain or story stopped, after "The story " / "the chain ": "reached the word limit".
std::string circle_done(const std::string& reason);
std::string end_reason(const std::string& reason);  // how a round ended: "ended by the facilitator"
// When a round was played, and how it ended: "from 09:02:00 to 09:03:10 UTC (1 min 10 s), ended by
// the facilitator". A round ends with its last event, or when the store says it ended.
std::string played(const PreparedRound& r, int offset);
// The options of a round that matter for reading its transcript.
std::vector<std::string> option_list(const games::RoundConfig& c);
// What a round started from: the seed word, title, stimuli or prompt, as a label and a text.
std::vector<std::pair<std::string, std::string>> round_subject(const games::RoundConfig& c);
// An answer set's heading: "Stimulus 2 of 3: “cold”", "Prompt: “...”", "Retellings", ...
std::string set_heading(const std::string& kind, const std::string& prompt, std::size_t index, std::size_t stimuli);
// A figure of the circle comparison (games/measures.hpp, CircleFigures): its name and a value.
std::string figure_name(const std::string& figure);
std::string figure_value(const std::string& figure, double value);
// Counts: "no passes", "3 passes"; "1 round"; "2 participants"; "1 vote"; "5 answers in 3 groups";
// "2 of 3 guesses matched".
std::string passes_text(std::size_t passes);
std::string rounds_text(std::size_t rounds);
std::string participants_text(std::size_t participants);
std::string votes_text(std::size_t votes);
std::string answers_in_groups(std::size_t answers, std::size_t groups);
std::string guesses_matched(std::size_t matches, std::size_t pairs);
// "Diversity 0.92 (0: everyone said the same, 1: all different); the largest group holds 40%".
std::string diversity_sentence(double entropy, double largest_share);
// "Ben guessed Ada would say “x”; Ada said “y” (match)", from escaped names and quoted words.
std::string guess_sentence(const std::string& guesser, const std::string& target, const std::string& guess,
                           const std::string& actual, bool match);
// "The story " / "the chain ".
std::string circle_kind(bool story, bool capital);
// The title of a list of picks.
std::string picks_title(games::PickKind pick);

// Fixed labels and sentences.
namespace phrase {
inline constexpr std::string_view report_title = "Earshot debrief";
inline constexpr std::string_view page_title = "Earshot debrief: session ";
inline constexpr std::string_view session = "Session";
inline constexpr std::string_view markdown_title = "Earshot session";
inline constexpr std::string_view created = "Created";
inline constexpr std::string_view closed = "closed";
inline constexpr std::string_view still_open = "still open when exported";
inline constexpr std::string_view participants = "Participants";
inline constexpr std::string_view facilitator = "the facilitator";
inline constexpr std::string_view earshot = "Earshot";
inline constexpr std::string_view in_order_of_joining = "(in order of joining)";
inline constexpr std::string_view pseudonyms = "Names are replaced by pseudonyms.";
inline constexpr std::string_view round = "Round";
inline constexpr std::string_view rounds = "Rounds";
inline constexpr std::string_view unreadable = "This round's record could not be read: ";
inline constexpr std::string_view circles = "Circles";
inline constexpr std::string_view options = "Options";
inline constexpr std::string_view played = "Played";
inline constexpr std::string_view reactions = "Reactions";
inline constexpr std::string_view circle = "Circle";
inline constexpr std::string_view circle_in_text = "circle";
inline constexpr std::string_view no_words = "No words.";
inline constexpr std::string_view no_answers = "No answers.";
inline constexpr std::string_view who_said_what = "Who said what:";
inline constexpr std::string_view words = "Words:";
inline constexpr std::string_view by = "by";
inline constexpr std::string_view words_per_participant = "Words per participant";
inline constexpr std::string_view words_per_participant_in = "Words per participant in circle ";
inline constexpr std::string_view balance = "Balance (Gini)";
inline constexpr std::string_view median_response_time = "median response time";
inline constexpr std::string_view share_per_group = "Share of answers per group";
inline constexpr std::string_view unique_answers = "Unique answers:";
inline constexpr std::string_view spelled = ", spelled ";
inline constexpr std::string_view said = " said";
inline constexpr std::string_view diversity = "diversity";
inline constexpr std::string_view largest_group = "largest group";
inline constexpr std::string_view by_circle = "By circle:";
inline constexpr std::string_view predictions = "Predictions";
inline constexpr std::string_view votes = "Votes";
inline constexpr std::string_view picked_by = ": picked by ";
inline constexpr std::string_view comparison = "Circle against circle";
inline constexpr std::string_view per_participant = "Per participant";
inline constexpr std::string_view notes = "Facilitator's notes";
inline constexpr std::string_view yes = "yes";
inline constexpr std::string_view no = "no";
}  // namespace phrase

// The columns of the reports' tables: the Markdown notes' (lower case, md_) and the HTML page's.
namespace column {
inline constexpr std::array<std::string_view, 4> md_turns = {"#", "word", "by", "response time"};
inline constexpr std::string_view md_measure = "measure";
inline constexpr std::string_view md_spread = "spread";
inline constexpr std::array<std::string_view, 4> md_participants = {"participant", "words", "distinct", "median response time"};
inline constexpr std::string_view md_answers = "answers";  // instead of "words", for answer games
inline constexpr std::array<std::string_view, 4> turns = {"#", "Word", "By", "Response"};
inline constexpr std::array<std::string_view, 5> circle_measures = {"Circle", "Answers", "Groups", "Diversity", "Largest group"};
inline constexpr std::array<std::string_view, 5> predictions = {"Who", "Guessed", "About", "Who said", "Match"};
inline constexpr std::string_view measure = "Measure";
inline constexpr std::string_view spread = "Spread";
inline constexpr std::array<std::string_view, 4> participants = {"Participant", "Words", "Distinct", "Median response"};
inline constexpr std::string_view answers = "Answers";  // instead of "Words", for answer games
}  // namespace column

}  // namespace earshot::reports
