#include "games/text.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <unordered_map>

namespace earshot::games {
namespace {

// ---- UTF-8 decoding and encoding -------------------------------------------------------------

constexpr char32_t invalid_cp = 0xFFFFFFFF;  // marks one byte that is not part of valid UTF-8

struct Decoded {
  char32_t cp;       // the code point, or invalid_cp
  std::size_t size;  // bytes consumed (1 for an invalid byte)
};

// Decodes the code point starting at s[i] (i < s.size()), strictly.
Decoded decode_at(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return {lead, 1};
  std::size_t size = 0;
  char32_t cp = 0;
  char32_t min = 0;  // the smallest code point this length may encode (anything less is overlong)
  if (lead >= 0xC2 && lead <= 0xDF) {
    size = 2, cp = lead & 0x1F, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    size = 3, cp = lead & 0x0F, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    size = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return {invalid_cp, 1};  // continuation byte, overlong lead C0/C1, or F5..FF
  }
  if (s.size() - i < size) return {invalid_cp, 1};
  for (std::size_t k = 1; k < size; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {invalid_cp, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {invalid_cp, 1};
  return {cp, size};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Code points of valid UTF-8 (callers check validity first).
std::u32string decode(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_at(s, i);
    out += d.cp;
    i += d.size;
  }
  return out;
}

std::string encode(std::u32string_view cps) {
  std::string out;
  for (char32_t cp : cps) append_utf8(out, cp);
  return out;
}

// ---- Character classes -----------------------------------------------------------------------

bool is_space(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

bool is_combining_mark(char32_t c) { return c >= 0x0300 && c <= 0x036F; }

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

// Non-ASCII code points we know are not letters: Latin-1 punctuation and symbols, general
// punctuation, currency, letterlike and number forms, arrows, maths, technical, box drawing,
// shapes, dingbats, CJK and fullwidth punctuation, variation selectors, private use, specials and
// emoji. Everything else outside ASCII counts as a letter (of some script).
bool is_known_non_letter(char32_t c) {
  static constexpr std::array<std::pair<char32_t, char32_t>, 17> ranges{{
      {0x0080, 0x00A9}, {0x00AB, 0x00B4}, {0x00B6, 0x00B9}, {0x00BB, 0x00BF}, {0x00D7, 0x00D7},
      {0x00F7, 0x00F7}, {0x2000, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x303F}, {0xE000, 0xF8FF},
      {0xFE00, 0xFE0F}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20}, {0xFFF0, 0xFFFF},
      {0x1F000, 0x1FAFF}, {0xE0000, 0xE007F},
  }};
  return std::any_of(ranges.begin(), ranges.end(), [c](auto r) { return c >= r.first && c <= r.second; });
}

bool is_letter(char32_t c) {
  if (c < 0x80) return is_ascii_letter(c);
  return !is_space(c) && !is_known_non_letter(c) && !is_combining_mark(c);
}

// ---- Case and accent folding -----------------------------------------------------------------

// Folded forms of Latin-1 Supplement letters U+00C0..U+00FF (nullptr: × and ÷, kept as they are).
constexpr std::array<const char*, 64> latin1_folds{
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "y",
};

// Folded forms of Latin Extended-A U+0100..U+017F, as runs of consecutive code points.
struct FoldRun {
  char32_t first, last;
  const char* folded;
};
constexpr std::array<FoldRun, 22> latin_ext_a_folds{{
    {0x0100, 0x0105, "a"},  {0x0106, 0x010D, "c"}, {0x010E, 0x0111, "d"},  {0x0112, 0x011B, "e"},
    {0x011C, 0x0123, "g"},  {0x0124, 0x0127, "h"}, {0x0128, 0x0131, "i"},  {0x0132, 0x0133, "ij"},
    {0x0134, 0x0135, "j"},  {0x0136, 0x0138, "k"}, {0x0139, 0x0142, "l"},  {0x0143, 0x014B, "n"},
    {0x014C, 0x0151, "o"},  {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"}, {0x015A, 0x0161, "s"},
    {0x0162, 0x0167, "t"},  {0x0168, 0x0173, "u"}, {0x0174, 0x0175, "w"},  {0x0176, 0x0178, "y"},
    {0x0179, 0x017E, "z"},  {0x017F, 0x017F, "s"},
}};

// Typographic variants folded to their plain ASCII form, so "don’t" and "don't" group.
std::u32string_view typographic_fold(char32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: return U"'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: return U"\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: return U"-";
    case 0x2026: return U"...";
    default: return {};
  }
}

// Appends the case- and accent-folded form of c.
void append_folded(std::u32string& out, char32_t c) {
  if (c >= 'A' && c <= 'Z') {
    out += c + ('a' - 'A');
  } else if (c >= 0xC0 && c <= 0xFF && latin1_folds[c - 0xC0] != nullptr) {
    for (const char* p = latin1_folds[c - 0xC0]; *p != '\0'; ++p) out += static_cast<char32_t>(*p);
  } else if (c >= 0x0100 && c <= 0x017F) {
    const auto run = std::find_if(latin_ext_a_folds.begin(), latin_ext_a_folds.end(),
                                  [c](const FoldRun& r) { return c >= r.first && c <= r.last; });
    for (const char* p = run->folded; *p != '\0'; ++p) out += static_cast<char32_t>(*p);
  } else if (c == 0x1E9E) {  // capital sharp s
    out += U"ss";
  } else if ((c >= 0x0391 && c <= 0x03A9) || (c >= 0x0410 && c <= 0x042F)) {  // Greek, Cyrillic capitals
    out += c + 0x20;
  } else if (c == 0x03C2) {  // Greek final sigma
    out += 0x03C3;
  } else if (c >= 0x0400 && c <= 0x040F) {  // Cyrillic capitals with marks (Ё, Ђ, ...)
    out += c + 0x50;
  } else if (!typographic_fold(c).empty()) {
    out += typographic_fold(c);
  } else if (!is_combining_mark(c)) {  // combining accents are dropped
    out += c;
  }
}

// Punctuation stripped from both ends of an answer (after folding).
bool is_surrounding_punct(char32_t c) {
  static constexpr std::u32string_view punct =
      U"!\"'()*,-./:;?[\\]_`{}~\u00A1\u00AB\u00B7\u00BB\u00BF\u2022\u2039\u203A"
      U"\u3001\u3002\u300C\u300D\u300E\u300F\uFF01\uFF08\uFF09\uFF0C\uFF1F";
  return punct.find(c) != std::u32string_view::npos;
}

std::u32string_view trim_if(std::u32string_view s, bool (*drop)(char32_t)) {
  while (!s.empty() && drop(s.front())) s.remove_prefix(1);
  while (!s.empty() && drop(s.back())) s.remove_suffix(1);
  return s;
}

// ---- Plurals ---------------------------------------------------------------------------------

// The singular forms a key could be the plural of (see same_group): without "s", without "es",
// and "ies" -> "y". Only singulars of at least 3 characters count.
std::vector<std::string> singular_candidates(std::string_view key) {
  std::vector<std::string> out;
  const auto add = [&](std::string_view stem, std::string_view ending, std::string_view replacement) {
    if (!stem.ends_with(ending)) return;
    std::string singular(stem.substr(0, stem.size() - ending.size()));
    singular += replacement;
    if (utf8_length(singular) >= 3) out.push_back(std::move(singular));
  };
  add(key, "s", "");
  add(key, "es", "");
  add(key, "ies", "y");
  return out;
}

// A simple union-find over indices, for joining answers into groups.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), std::size_t{0}); }
  std::size_t find(std::size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  // Joins the sets of a and b; the smaller index stays the root, so roots are first-seen.
  void join(std::size_t a, std::size_t b) {
    a = find(a), b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::size_t> parent_;
};

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_at(s, i);
    if (d.cp == invalid_cp) return false;
    i += d.size;
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control_chars(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_at(s, i);
    if (d.cp != invalid_cp && is_control(d.cp)) return true;
    i += d.size;
  }
  return false;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    const Decoded d = decode_at(s, i);
    if (d.cp != invalid_cp && is_space(d.cp)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += s.substr(i, d.size);  // original bytes, even if invalid
    }
    i += d.size;
  }
  return out;
}

std::string normalize_answer(std::string_view s) {
  if (!is_valid_utf8(s)) return {};
  std::u32string folded;
  for (char32_t c : decode(s)) append_folded(folded, is_control(c) ? U' ' : c);
  const auto no_edges = trim_if(folded, [](char32_t c) { return is_space(c) || is_surrounding_punct(c); });
  return collapse_whitespace(encode(no_edges));
}

std::string group_key(std::string_view s) {
  std::string key = normalize_answer(s);
  for (std::string_view article : {"a ", "an ", "the "}) {
    // Normalize the rest again, for punctuation that stood after the article ("the 'coffee").
    if (key.starts_with(article)) return normalize_answer(std::string_view(key).substr(article.size()));
  }
  return key;
}

bool same_group(std::string_view a, std::string_view b) {
  const std::string ka = group_key(a), kb = group_key(b);
  if (ka.empty() || kb.empty()) return false;
  const auto is_plural_of = [](const std::string& plural, const std::string& singular) {
    const auto candidates = singular_candidates(plural);
    return std::find(candidates.begin(), candidates.end(), singular) != candidates.end();
  };
  return ka == kb || is_plural_of(ka, kb) || is_plural_of(kb, ka);
}

std::optional<StoryWord> parse_story_word(std::string_view s) {
  if (!is_valid_utf8(s)) return std::nullopt;
  const std::u32string all = decode(s);
  const std::u32string_view cps = trim_if(all, is_space);

  const auto is_apostrophe = [](char32_t c) { return c == '\'' || c == 0x2019; };
  const auto is_hyphen = [](char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; };
  const auto is_word_char = [&](char32_t c) {
    return is_letter(c) || is_digit(c) || is_apostrophe(c) || is_hyphen(c) || is_combining_mark(c);
  };
  const auto word_end = std::find_if_not(cps.begin(), cps.end(), is_word_char);
  const std::u32string_view word(cps.begin(), word_end);
  const std::u32string_view end(word_end, cps.end());

  if (std::none_of(word.begin(), word.end(), [](char32_t c) { return is_letter(c) || is_digit(c); })) {
    return std::nullopt;
  }
  if (is_hyphen(word.front()) || is_hyphen(word.back())) return std::nullopt;
  const bool sentence_end = std::all_of(end.begin(), end.end(), [](char32_t c) {
    return c == '.' || c == '!' || c == '?' || c == 0x2026;
  });
  const bool pause = end.size() == 1 && (end[0] == ',' || end[0] == ':' || end[0] == ';');
  if (!sentence_end && !pause) return std::nullopt;
  return StoryWord{encode(word), encode(end)};
}

std::vector<Cluster> cluster_answers(const std::vector<AnswerInput>& answers) {
  // The grouping key of each answer; answers of only punctuation keep their own spelling, marked
  // with a leading '\n' (which no normalized key contains) so they never meet a real word.
  std::vector<std::string> keys;
  std::vector<std::string> spellings;
  std::vector<std::size_t> kept;  // indices into answers
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (!is_valid_utf8(answers[i].text)) continue;
    std::string spelling = collapse_whitespace(answers[i].text);
    if (spelling.empty()) continue;
    std::string key = group_key(spelling);
    keys.push_back(key.empty() ? "\n" + spelling : std::move(key));
    spellings.push_back(std::move(spelling));
    kept.push_back(i);
  }

  // Join equal keys, then each key with the singular it is a plural of, if that was given too.
  std::unordered_map<std::string, std::size_t> first_with_key;
  for (std::size_t i = 0; i < keys.size(); ++i) first_with_key.emplace(keys[i], i);
  DisjointSets sets(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    sets.join(i, first_with_key.at(keys[i]));
    if (keys[i].front() == '\n') continue;
    for (const std::string& singular : singular_candidates(keys[i])) {
      if (const auto it = first_with_key.find(singular); it != first_with_key.end()) sets.join(i, it->second);
    }
  }

  // Collect the groups in first-seen order, counting how often each spelling was used.
  struct Group {
    Cluster cluster;
    std::vector<std::size_t> spelling_counts;  // parallel to cluster.spellings
  };
  std::vector<Group> groups;
  std::unordered_map<std::size_t, std::size_t> group_of_root;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const auto [it, added] = group_of_root.emplace(sets.find(i), groups.size());
    if (added) groups.emplace_back();
    Group& g = groups[it->second];
    g.cluster.participants.push_back(answers[kept[i]].participant);
    auto& sp = g.cluster.spellings;
    const auto pos = static_cast<std::size_t>(std::find(sp.begin(), sp.end(), spellings[i]) - sp.begin());
    if (pos == sp.size()) {
      sp.push_back(spellings[i]);
      g.spelling_counts.push_back(0);
    }
    ++g.spelling_counts[pos];
  }

  std::vector<Cluster> clusters;
  clusters.reserve(groups.size());
  for (Group& g : groups) {
    // max_element returns the first of equal maxima: ties go to the spelling given first.
    const auto most = std::max_element(g.spelling_counts.begin(), g.spelling_counts.end());
    g.cluster.label = g.cluster.spellings[static_cast<std::size_t>(most - g.spelling_counts.begin())];
    clusters.push_back(std::move(g.cluster));
  }
  std::stable_sort(clusters.begin(), clusters.end(), [](const Cluster& a, const Cluster& b) {
    if (a.participants.size() != b.participants.size()) return a.participants.size() > b.participants.size();
    return a.label < b.label;
  });
  return clusters;
}

int json_nesting_depth(std::string_view s) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

}  // namespace earshot::games
