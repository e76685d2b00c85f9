#pragma once
// Decks of the facilitator's own: what a deck is (a name and its entries), how a typed text or a
// file becomes one (plain text, one entry per line; or CSV with a header), how a deck is written
// back out, and how a round draws its seed word, title, stimuli or prompt from one. Pure
// functions with no I/O: the server keeps decks in the store and answers the facilitator's
// requests about them (server/rooms/decks.hpp); docs/protocol.md ("Decks") is the contract, with
// every refusal's code.
//
// The rules, in one place:
// - A name is 1..limits::max_deck_name_chars characters after collapsing whitespace, valid
//   UTF-8, no control characters, at least one letter or digit. Two names are the same name when
//   their deck_name_key() is (case, accents and surrounding punctuation do not count).
// - An entry is one line: whitespace collapsed, 1..limits::max_deck_entry_chars characters, no
//   control characters, at least one letter or digit; no two entries of a deck the same (by
//   normalize_answer: "Coffee!" repeats "coffee").
// - A deck has 1..limits::max_deck_entries entries, and its text (or the file it comes from) is
//   at most limits::max_deck_bytes.
// - Blank lines are skipped everywhere. Nothing else is special: '#' is an entry's character like
//   any other (the built-in deck files' comments are theirs, games/content.hpp).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "games/vocabulary.hpp"

namespace earshot::games {

// Why a name, a text, a file or one line of it is refused.
struct DeckRefusal {
  std::string code;          // stable: deck_name_invalid, deck_entry_too_long, ... (docs/protocol.md)
  std::string message;       // readable; names the line or the field
  std::string field;         // "name", "text" or "file"; empty for a refused line of an import
  std::size_t line = 0;      // 1-based line of the text or file; 0 when the refusal is not about a line
  std::size_t same_as = 0;   // deck_entry_duplicate: the earlier line it repeats
  bool operator==(const DeckRefusal&) const = default;
};

// A deck name, cleaned (whitespace collapsed), or deck_name_invalid.
std::variant<std::string, DeckRefusal> clean_deck_name(std::string_view raw);
// Two names are one name when their keys are equal ("Warm-up", "warm up!" are not; "Café", "cafe" are).
std::string deck_name_key(std::string_view name);

// The deck editor's text: one entry per line (\n, \r\n or \r), blank lines skipped. The first line
// that is not a good entry refuses the whole text, naming it (deck_entry_invalid,
// deck_entry_too_long, deck_entry_duplicate); so do deck_too_big, deck_too_many_entries (naming
// the first line too many) and deck_empty. Field "text".
std::variant<std::vector<std::string>, DeckRefusal> parse_deck_text(std::string_view text);

// The same checks for a list of entries already split (the decks inside a plan file): the
// entries cleaned, or the first refusal, whose `line` is then the entry's place in the list, from 1.
std::variant<std::vector<std::string>, DeckRefusal> clean_deck_entries(const std::vector<std::string>& entries);

enum class DeckFormat { text, csv };
// The format of a file by its name: ".csv" is CSV; ".txt", ".text" or no extension plain text
// (any case). nullopt for anything else (a .docx, a .pdf, a .json ...).
std::optional<DeckFormat> deck_format_for(std::string_view file_name);

// What an import took: the entries, and the lines it left out with why (each a DeckRefusal with
// its `line`: deck_entry_invalid, deck_entry_too_long or deck_entry_duplicate).
struct DeckImport {
  std::vector<std::string> entries;
  std::vector<DeckRefusal> refused;
};

// A file to import. Plain text: every non-blank line is an entry. CSV (RFC 4180, separated by
// commas, or by semicolons or tabs when the header has those and no comma): the first record is
// the header; the entries are the column headed "entry" (any case), or the only column; quoted
// fields may hold commas, quotes ("") and line breaks; a record's line is the line it starts on.
// A leading UTF-8 byte order mark is skipped. Lines that are not good entries are left out and
// reported; the whole file is refused (field "file") when it is over limits::max_deck_bytes
// (deck_too_big), is not UTF-8 text (deck_file_not_text, naming the first line that is not),
// is CSV that cannot be read (deck_csv_invalid, naming the line), has more than
// limits::max_deck_entries lines to take (deck_too_many_entries, naming the first line too many),
// or leaves no entry at all (deck_empty).
std::variant<DeckImport, DeckRefusal> import_deck(std::string_view file, DeckFormat format);

// Written back out: one entry per line, each line ending in "\n". parse_deck_text and import_deck
// read it back to the same entries.
std::string write_deck_text(const std::vector<std::string>& entries);
// A header "entry", then one record per entry, quoted (with "" for a quote) when it holds a
// comma, a semicolon or a quote; records end in "\r\n". import_deck reads it back to the same
// entries.
std::string write_deck_csv(const std::vector<std::string>& entries);

// ---- Drawing from a deck for a round ----

enum class DrawMode { random, next };
inline constexpr std::array<std::string_view, 2> draw_modes = {"random", "next"};
constexpr std::string_view to_string(DrawMode m) { return m == DrawMode::random ? "random" : "next"; }
constexpr std::optional<DrawMode> draw_mode_from_string(std::string_view s) {
  if (s == "random") return DrawMode::random;
  if (s == "next") return DrawMode::next;
  return std::nullopt;
}

struct Drawn {
  std::vector<std::string> entries;
  std::size_t next = 0;  // the deck's place after this draw (what `next` takes next time)
};

// `count` different entries of `deck` (fewer if the deck is smaller), and the deck's place after.
// random: drawn with the round's `seed` (the same seed, deck and count give the same entries), the
// place unchanged. next: the entries from `place` on, in the deck's order, starting again from
// the top at the end; the place moves past them. An empty deck gives nothing.
Drawn draw_entries(const std::vector<std::string>& deck, DrawMode mode, std::size_t count, std::size_t place,
                   std::uint64_t seed);

// The field of a round config that a deck fills for each game: a chain's "seedWord", a burst's
// "stimuli" (the only one that takes several entries), a story's "title", SPIV's "prompt".
std::string_view deck_field(GameKind game);

}  // namespace earshot::games
