#include "games/deck.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "games/rng.hpp"
#include "games/text.hpp"

namespace earshot::games {

using namespace limits;

namespace {

std::string n(std::size_t v) { return std::to_string(v); }

DeckRefusal refuse(std::string code, std::string message, std::string field, std::size_t line = 0) {
  return {std::move(code), std::move(message), std::move(field), line, 0};
}

std::string line_of(std::size_t line) { return "Line " + n(line); }

// The lines of a text, each with its number; \n, \r\n and \r all end a line.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find_first_of("\r\n"), text.size());
    const std::string_view line = text.substr(0, end);
    std::size_t skip = end;
    if (skip < text.size()) skip += (text[skip] == '\r' && skip + 1 < text.size() && text[skip + 1] == '\n') ? 2 : 1;
    text.remove_prefix(skip);
    if (!f(line, ++number)) return;
  }
}

bool blank(std::string_view s) { return collapse_whitespace(s).empty(); }

// One entry: cleaned, or why it is refused (as the rest of "Line N ...").
struct Entry {
  std::string text;
  std::string code;  // empty when it is good
  std::string why;
};

Entry check_entry(std::string_view raw) {
  if (!is_valid_utf8(raw)) return {"", "deck_entry_invalid", "is not valid UTF-8 text."};
  std::string entry = collapse_whitespace(raw);
  if (has_control_chars(entry)) return {"", "deck_entry_invalid", "has control characters in it."};
  if (normalize_answer(entry).empty()) return {"", "deck_entry_invalid", "needs a letter or a digit."};
  if (utf8_length(entry) > max_deck_entry_chars) {
    return {"", "deck_entry_too_long", "is longer than " + n(max_deck_entry_chars) + " characters."};
  }
  return {std::move(entry), "", ""};
}

// Gathers entries line by line: each candidate is checked, and a duplicate of an earlier one is
// refused naming both lines.
class Gatherer {
 public:
  // nullopt: taken; otherwise why not.
  std::optional<DeckRefusal> add(std::string_view raw, std::size_t line) {
    Entry e = check_entry(raw);
    if (!e.code.empty()) return DeckRefusal{e.code, line_of(line) + " " + e.why, "", line, 0};
    auto [it, fresh] = first_line_.try_emplace(normalize_answer(e.text), line);
    if (!fresh) {
      return DeckRefusal{"deck_entry_duplicate", line_of(line) + " repeats line " + n(it->second) + ".", "", line, it->second};
    }
    entries_.push_back(std::move(e.text));
    return std::nullopt;
  }
  std::vector<std::string> take() { return std::move(entries_); }

 private:
  std::vector<std::string> entries_;
  std::unordered_map<std::string, std::size_t> first_line_;  // entry key -> its line
};

DeckRefusal too_many(std::size_t line, const char* field) {
  return refuse("deck_too_many_entries",
                "A deck has at most " + n(max_deck_entries) + " entries: line " + n(line) + " is one too many.", field,
                line);
}

DeckRefusal too_big(std::size_t bytes, const char* field, const char* what) {
  return refuse("deck_too_big",
                std::string(what) + " is " + n(bytes) + " bytes: a deck may be at most " + n(max_deck_bytes) +
                    " bytes (1 MiB).",
                field);
}

// ---- CSV ----

struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;  // where it starts
};

// The separator of a CSV file, from its header line: a comma if it has one, else a semicolon,
// else a tab, else a comma (one column).
char separator_of(std::string_view header) {
  bool quoted = false, semicolon = false, tab = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',') return ',';
    semicolon = semicolon || c == ';';
    tab = tab || c == '\t';
  }
  return semicolon ? ';' : tab ? '\t' : ',';
}

// Splits CSV text into records (RFC 4180, leniently: text after a closing quote is kept). Returns
// the line of a quote that is never closed, if there is one.
std::optional<std::size_t> split_csv(std::string_view text, char sep, std::vector<CsvRecord>& out) {
  std::size_t line = 1;
  CsvRecord record{{std::string()}, 1};
  bool quoted = false;
  std::size_t quote_line = 0;
  auto end_record = [&] {
    out.push_back(std::move(record));
    record = CsvRecord{{std::string()}, line};
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          record.fields.back() += '"';
          ++i;
        } else {
          quoted = false;
        }
        continue;
      }
      if (c == '\n' || (c == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) ++line;
      record.fields.back() += c;
      continue;
    }
    if (c == '"') {
      quoted = true;
      quote_line = line;
    } else if (c == sep) {
      record.fields.emplace_back();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      end_record();
    } else {
      record.fields.back() += c;
    }
  }
  if (quoted) return quote_line;
  if (record.fields.size() > 1 || !record.fields.front().empty()) out.push_back(std::move(record));
  return std::nullopt;
}

std::string lower_trimmed(std::string_view s) {
  std::string out = collapse_whitespace(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The lines of a CSV file to take: each record's entry field with the record's line.
std::variant<std::vector<std::pair<std::string, std::size_t>>, DeckRefusal> csv_candidates(std::string_view text) {
  std::vector<CsvRecord> records;
  std::string_view header_line = text;
  // The header is the first line that is not blank.
  for_each_line(text, [&](std::string_view line, std::size_t) {
    if (blank(line)) return true;
    header_line = line;
    return false;
  });
  if (const auto open = split_csv(text, separator_of(header_line), records)) {
    return refuse("deck_csv_invalid", "The quote that opens on line " + n(*open) + " is never closed.", "file", *open);
  }
  std::erase_if(records, [](const CsvRecord& r) {
    return std::all_of(r.fields.begin(), r.fields.end(), [](const std::string& f) { return blank(f); });
  });
  if (records.empty()) return refuse("deck_empty", "The file has no entries.", "file");
  const CsvRecord& header = records.front();
  std::optional<std::size_t> column;
  for (std::size_t i = 0; i < header.fields.size() && !column; ++i) {
    if (lower_trimmed(header.fields[i]) == "entry") column = i;
  }
  if (!column && header.fields.size() == 1) column = 0;
  if (!column) {
    return refuse("deck_csv_invalid",
                  "The header on line " + n(header.line) +
                      " has several columns and none is called \"entry\": name the column of the entries \"entry\".",
                  "file", header.line);
  }
  std::vector<std::pair<std::string, std::size_t>> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r].fields;
    if (*column < fields.size() && !blank(fields[*column])) out.emplace_back(fields[*column], records[r].line);
  }
  return out;
}

}  // namespace

std::variant<std::string, DeckRefusal> clean_deck_name(std::string_view raw) {
  const std::string why = "A deck's name is 1 to " + n(max_deck_name_chars) + " characters, with a letter or a digit.";
  if (!is_valid_utf8(raw)) return refuse("deck_name_invalid", why, "name");
  std::string name = collapse_whitespace(raw);
  if (name.empty() || has_control_chars(name) || normalize_answer(name).empty() ||
      utf8_length(name) > max_deck_name_chars) {
    return refuse("deck_name_invalid", why, "name");
  }
  return name;
}

std::string deck_name_key(std::string_view name) { return normalize_answer(name); }

std::variant<std::vector<std::string>, DeckRefusal> parse_deck_text(std::string_view text) {
  if (text.size() > max_deck_bytes) return too_big(text.size(), "text", "The text");
  Gatherer gather;
  std::optional<DeckRefusal> refusal;
  std::size_t count = 0;
  for_each_line(text, [&](std::string_view line, std::size_t number) {
    if (blank(line)) return true;
    if (++count > max_deck_entries) {
      refusal = too_many(number, "text");
      return false;
    }
    refusal = gather.add(line, number);
    if (refusal) refusal->field = "text";
    return !refusal;
  });
  if (refusal) return *refusal;
  auto entries = gather.take();
  if (entries.empty()) return refuse("deck_empty", "The deck has no entries: write one per line.", "text");
  return entries;
}

std::variant<std::vector<std::string>, DeckRefusal> clean_deck_entries(const std::vector<std::string>& entries) {
  if (entries.size() > max_deck_entries) return too_many(max_deck_entries + 1, "entries");
  Gatherer gather;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (auto refusal = gather.add(entries[i], i + 1)) {
      refusal->field = "entries";
      refusal->message = "Entry" + refusal->message.substr(4);  // "Line 3 is ..." -> "Entry 3 is ..."
      return *refusal;
    }
  }
  auto out = gather.take();
  if (out.empty()) return refuse("deck_empty", "The deck has no entries.", "entries");
  return out;
}

std::optional<DeckFormat> deck_format_for(std::string_view file_name) {
  const auto slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return DeckFormat::text;
  const std::string ext = lower_trimmed(file_name.substr(dot + 1));
  if (ext == "csv") return DeckFormat::csv;
  if (ext == "txt" || ext == "text") return DeckFormat::text;
  return std::nullopt;
}

std::variant<DeckImport, DeckRefusal> import_deck(std::string_view file, DeckFormat format) {
  if (file.size() > max_deck_bytes) return too_big(file.size(), "file", "The file");
  if (file.starts_with("\xEF\xBB\xBF")) file.remove_prefix(3);
  if (file.starts_with("\xFF\xFE") || file.starts_with("\xFE\xFF")) {
    return refuse("deck_file_not_text", "The file is UTF-16 text: save it as UTF-8, then import it again.", "file", 1);
  }
  // Text first: a file that is not UTF-8 text is refused as a whole, naming its first bad line.
  std::optional<DeckRefusal> refusal;
  for_each_line(file, [&](std::string_view line, std::size_t number) {
    if (is_valid_utf8(line) && line.find('\0') == std::string_view::npos) return true;
    refusal = refuse("deck_file_not_text",
                     line_of(number) + " is not UTF-8 text: import a plain text or CSV file saved as UTF-8.", "file",
                     number);
    return false;
  });
  if (refusal) return *refusal;

  std::vector<std::pair<std::string, std::size_t>> candidates;  // text, line
  if (format == DeckFormat::csv) {
    auto found = csv_candidates(file);
    if (auto* r = std::get_if<DeckRefusal>(&found)) return *r;
    candidates = std::move(std::get<0>(found));
  } else {
    for_each_line(file, [&](std::string_view line, std::size_t number) {
      if (!blank(line)) candidates.emplace_back(line, number);
      return true;
    });
  }
  if (candidates.size() > max_deck_entries) return too_many(candidates[max_deck_entries].second, "file");

  DeckImport out;
  Gatherer gather;
  for (const auto& [text, line] : candidates) {
    if (auto r = gather.add(text, line)) out.refused.push_back(std::move(*r));
  }
  out.entries = gather.take();
  if (out.entries.empty()) {
    return refuse("deck_empty",
                  out.refused.empty() ? "The file has no entries."
                                      : "No line of the file is an entry: " + out.refused.front().message,
                  "file", out.refused.empty() ? 0 : out.refused.front().line);
  }
  return out;
}

std::string write_deck_text(const std::vector<std::string>& entries) {
  std::string out;
  for (const auto& e : entries) out += e + "\n";
  return out;
}

std::string write_deck_csv(const std::vector<std::string>& entries) {
  std::string out = "entry\r\n";
  for (const auto& e : entries) {
    if (e.find_first_of(",;\"") == std::string::npos) {
      out += e;
    } else {
      out += '"';
      for (char c : e) out += c == '"' ? std::string("\"\"") : std::string(1, c);
      out += '"';
    }
    out += "\r\n";
  }
  return out;
}

Drawn draw_entries(const std::vector<std::string>& deck, DrawMode mode, std::size_t count, std::size_t place,
                   std::uint64_t seed) {
  Drawn out;
  const std::size_t size = deck.size();
  if (size == 0) return out;
  const std::size_t k = std::min(std::max<std::size_t>(count, 1), size);
  if (mode == DrawMode::next) {
    const std::size_t from = place % size;
    for (std::size_t i = 0; i < k; ++i) out.entries.push_back(deck[(from + i) % size]);
    out.next = (from + k) % size;
    return out;
  }
  // The first k places of a Fisher-Yates shuffle of the deck's indices, with the round's seed
  // (mixed, so the circles' shuffle with the same seed draws other numbers).
  SplitMix64 rng(seed ^ 0x6465636b73ULL);  // "decks"
  std::vector<std::size_t> index(size);
  for (std::size_t i = 0; i < size; ++i) index[i] = i;
  for (std::size_t i = 0; i < k; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(rng.next() % (size - i));
    std::swap(index[i], index[j]);
    out.entries.push_back(deck[index[i]]);
  }
  out.next = place;
  return out;
}

std::string_view deck_field(GameKind game) {
  switch (game) {
    case GameKind::chain: return "seedWord";
    case GameKind::burst: return "stimuli";
    case GameKind::waat: return "title";
    case GameKind::spiv: return "prompt";
  }
  return "";
}

}  // namespace earshot::games
