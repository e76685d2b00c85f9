#pragma once
// The reports' words (Markdown, HTML). Every phrase comes from the message catalog
// (www/catalog/LANG.json, catalog/catalog.hpp), the same one the pages use, so a game, a pass or
// the end of a circle reads the same on the stage and in the report. Writers say fixed phrases
// with say("report.key", {{"name", value}}); the functions below compose what depends on a round:
// game titles, passes, why circles and rounds ended, the options and subject of a round, figures.
// Markup and escaping are the writers' (reports/report_writer.hpp): these return plain text,
// with values inserted as given.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "games/config.hpp"

namespace earshot::reports {

struct PreparedRound;

// The catalog the reports speak from (English until reports take a language).
const catalog::Catalog& words();
// A phrase of the catalog, with its placeholders filled: say("report.round", {{"n", "2"}}).
std::string say(std::string_view key, catalog::Vars vars = {});
// The plural form for `n`: say_n("count.rounds", 3) is "3 rounds".
std::string say_n(std::string_view key, long long n, catalog::Vars vars = {});
// A phrase whose key holds a vocabulary item: say_for("reaction.*", "wow").
std::string say_for(std::string_view pattern, std::string_view item, catalog::Vars vars = {});

std::string quoted(const std::string& text);  // “text”
std::string join(const std::vector<std::string>& parts, const std::string& separator);
// A circle as every screen names it: "c2" is "Circle 2".
std::string circle_name(const std::string& id);
// Names as a list in a sentence: "Ann", "Ann and Ben", "Ann, Ben and Cy".
std::string names_list(const std::vector<std::string>& names);

std::string game_title(games::GameKind g);
std::string pass_reason(const std::string& reason);  // a pass in a table: "ran out of time"
// A pass told as a sentence: "Ben passed", "Ben ran out of time" (name and reason as given).
std::string pass_phrase(const std::string& name, const std::string& reason);
// How a chain or story stopped, as a predicate: "reached the word limit".
std::string circle_done(const std::string& reason);
// That as a sentence: "The story reached the word limit".
std::string circle_done_sentence(bool story, const std::string& how);
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
// "2 of 3 guesses matched"; "3 said".
std::string passes_text(std::size_t passes);
std::string rounds_text(std::size_t rounds);
std::string participants_text(std::size_t participants);
std::string votes_text(std::size_t votes);
std::string answers_in_groups(std::size_t answers, std::size_t groups);
std::string guesses_matched(std::size_t matches, std::size_t pairs);
std::string count_said(std::size_t n);
// "Diversity 0.92 (0: everyone said the same, 1: all different); the largest group holds 40%".
std::string diversity_sentence(double entropy, double largest_share);
// "Ben guessed Ada would say “x”; Ada said “y” (match)", from escaped names and quoted words.
std::string guess_sentence(const std::string& guesser, const std::string& target, const std::string& guess,
                           const std::string& actual, bool match);
// The title of a list of picks.
std::string picks_title(games::PickKind pick);

}  // namespace earshot::reports
