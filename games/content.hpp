#pragma once
// Content decks: the built-in seed words, burst stimuli, SPIV prompts and story titles live as
// plain text files in games/content/ (one entry per line, '#' starts a comment line). The server
// embeds the files; this parser turns their text into entries. No file I/O here.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "games/vocabulary.hpp"

namespace earshot::games {

// An entry has at most limits::max_deck_entry_chars characters (code points) after cleaning.
using limits::max_deck_entry_chars;

// Cleans one entry (a deck line, or one typed in by the facilitator to extend a deck): collapses
// whitespace and checks it is valid UTF-8 without control characters, has 1..max_deck_entry_chars
// characters and at least one that is not punctuation. nullopt if it is not a valid entry.
std::optional<std::string> clean_deck_entry(std::string_view raw);

// A line of a deck file that was skipped, and why.
struct DeckProblem {
  std::size_t line = 0;  // 1-based
  std::string reason;    // "invalid entry" or "duplicate"
};
struct ParsedDeck {
  std::vector<std::string> entries;
  std::vector<DeckProblem> problems;
};

// Parses a deck file: skips a leading UTF-8 byte order mark, blank lines and lines whose first
// non-blank character is '#'; cleans every other line with clean_deck_entry; drops invalid lines
// and duplicates (entries with the same normalize_answer key as an earlier one), reporting each.
ParsedDeck parse_deck_checked(std::string_view file_text);

// The entries of parse_deck_checked, in file order.
std::vector<std::string> parse_deck(std::string_view file_text);

// The built-in decks: "prompts", "seeds", "stimuli" and "titles" (games/content/NAME.txt, compiled
// in). builtin_deck() of another name is empty.
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_deck_files();
std::vector<std::string> builtin_deck(std::string_view name);

}  // namespace earshot::games
