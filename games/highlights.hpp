#pragma once
// A round's highlights: a few kind, specific things the group did well, found in the results, for
// the debrief ("Circle 2's retellings all kept “cat”", "Ann and Ben guessed each other's
// answers", "Everyone added to the story"). Never a ranking of who played better: a highlight
// names a circle, a group or a pair for something they did together. Each rule, and the order in
// which they are tried, is in docs/games.md ("Highlights"); at most max_highlights are kept.
//
// A highlight is data, not words: its kind and what it is about. The pages and the reports word
// it with the catalog's `highlight.KIND` phrase, filling {circle}, {names}, {word}, {prompt} and
// {n} from the fields below. Pure functions.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace earshot::games {

struct RoundResults;

struct Highlight {
  std::string kind;                       // everyone_told, everyone_chained, no_passes, even_turns, the_end,
                                          // kept_word, mutual_guess, guessed, in_tune, all_different
  std::string circle;                     // the circle it is about, if one ("c2")
  std::vector<std::string> participants;  // whom it names, if anyone (participant ids)
  std::string word;                       // the word it is about, if one
  std::optional<int> set;                 // the answer set it is about (its index in results.sets)
  std::size_t count = 0;                  // a number it mentions (answers, people), if one
  bool operator==(const Highlight&) const = default;
};

inline constexpr std::size_t max_highlights = 4;

// The highlights of a round's results. Results without names get none that name people.
std::vector<Highlight> highlights_of(const RoundResults& results);

void to_json(nlohmann::json&, const Highlight&);

}  // namespace earshot::games
