#pragma once
// The one documented place for text rules: UTF-8 validation, whitespace, the grouping key of an
// answer, near-duplicate clustering, and what counts as one word of a story.
// Pure functions with no I/O; docs/games.md describes the same rules for facilitators.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::games {

// Strict UTF-8: rejects stray continuation bytes, truncated sequences, overlong encodings,
// surrogates (U+D800..U+DFFF) and code points above U+10FFFF.
bool is_valid_utf8(std::string_view s);

// Nesting depth of a JSON text ({ and [ inside one another), counted without parsing, so that
// deep input is refused before it can exhaust the parser's stack.
int json_nesting_depth(std::string_view s);

// Number of code points; s must be valid UTF-8.
std::size_t utf8_length(std::string_view s);

// True if s contains a C0 control (U+0000..U+001F, including \t \n \r), DEL (U+007F) or a
// C1 control (U+0080..U+009F). s must be valid UTF-8.
bool has_control_chars(std::string_view s);

// Trims and turns every inner run of whitespace into one ' '. Whitespace is ASCII space, \t, \n,
// \r, \f, \v and the Unicode spaces U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F,
// U+205F, U+3000. Invalid UTF-8 bytes are kept as they are.
std::string collapse_whitespace(std::string_view s);

// The normalized form of an answer: collapse whitespace (control characters count as spaces),
// fold case and Latin accents ("É" -> "e", "ß" -> "ss", "Æ" -> "ae", "ø" -> "o"), fold curly
// quotes and dashes to ASCII, strip punctuation around the answer (keep it inside), collapse
// whitespace again. "Cold", "cold!" and " COLD " all give "cold". Returns "" for invalid UTF-8
// or when nothing but punctuation and spaces is left.
std::string normalize_answer(std::string_view s);

// The grouping key of an answer: normalize_answer, then drop one leading English article ("a",
// "an", "the") when something follows it. "The coffee" and "coffee" both give "coffee".
std::string group_key(std::string_view s);

// The one rule for near-duplicates: two answers belong together when their group keys are equal
// and not empty, or when one key is a plural of the other: the other plus "s", plus "es", or with
// a final "y" turned into "ies", provided the singular is at least 3 characters long.
// "school"/"schools", "box"/"boxes", "story"/"stories", "the coffee"/"coffee"; not "it"/"its".
bool same_group(std::string_view a, std::string_view b);

// One WAAT story word: letters (any script), digits, apostrophes (' and ’), hyphens; optionally
// followed by sentence-ending punctuation (. ! ? …, possibly several like "?!"), which goes to `end`.
// A comma, colon or semicolon may also be attached and goes to `end` (alone: ",", ":" or ";").
// The word must contain at least one letter or digit. Any non-ASCII code point that is not a
// known space, punctuation mark or symbol counts as a letter.
struct StoryWord { std::string word; std::string end; };
std::optional<StoryWord> parse_story_word(std::string_view s);  // nullopt if not exactly one word (input already trimmed by caller or not: trim it)

// Grouping of simultaneous answers (burst, SPIV). Clusters are sorted by size (desc), then by label.
struct AnswerInput { std::string participant; std::string text; };
struct Cluster {
  std::string label;                      // the most common original spelling in the cluster (ties: first given)
  std::vector<std::string> spellings;     // distinct original spellings, in first-seen order
  std::vector<std::string> participants;  // who gave an answer in this cluster, in input order
};
// Answers go together by the same_group rule (chains of plurals join too: "box", "boxes",
// "boxe"). Answers made only of punctuation ("?", "...") group with identical spellings only.
// Blank answers and invalid UTF-8 are left out: callers reject those before.
// Spellings are compared after collapse_whitespace, so " cold " and "cold" are one spelling.
std::vector<Cluster> cluster_answers(const std::vector<AnswerInput>& answers);

}  // namespace earshot::games
