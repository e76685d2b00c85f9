#include "games/content.hpp"

#include <algorithm>
#include <unordered_set>

#include "games/text.hpp"

namespace earshot::games {

std::optional<std::string> clean_deck_entry(std::string_view raw) {
  if (!is_valid_utf8(raw)) return std::nullopt;
  std::string entry = collapse_whitespace(raw);  // also removes \t and \r
  if (has_control_chars(entry) || normalize_answer(entry).empty()) return std::nullopt;
  if (utf8_length(entry) > max_deck_entry_chars) return std::nullopt;
  return entry;
}

ParsedDeck parse_deck_checked(std::string_view file_text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (file_text.starts_with(bom)) file_text.remove_prefix(bom.size());

  ParsedDeck deck;
  std::unordered_set<std::string> seen_keys;
  std::size_t line_number = 0;
  while (!file_text.empty()) {
    const std::size_t newline = std::min(file_text.find('\n'), file_text.size());
    const std::string_view line = file_text.substr(0, newline);
    file_text.remove_prefix(std::min(newline + 1, file_text.size()));
    ++line_number;

    const std::string trimmed = collapse_whitespace(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    std::optional<std::string> entry = clean_deck_entry(line);
    if (!entry) {
      deck.problems.push_back({line_number, "invalid entry"});
    } else if (!seen_keys.insert(normalize_answer(*entry)).second) {
      deck.problems.push_back({line_number, "duplicate"});
    } else {
      deck.entries.push_back(std::move(*entry));
    }
  }
  return deck;
}

std::vector<std::string> parse_deck(std::string_view file_text) { return parse_deck_checked(file_text).entries; }

std::vector<std::string> builtin_deck(std::string_view name) {
  for (const auto& [deck, text] : builtin_deck_files()) {
    if (deck == name) return parse_deck(text);
  }
  return {};
}

}  // namespace earshot::games
