#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "games/text.hpp"

using namespace earshot::games;
using namespace std::string_literals;

TEST_CASE("valid UTF-8 is accepted, from ASCII to four-byte sequences") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("Zoë, Œuvre, ß"));
  CHECK(is_valid_utf8("日本語"));
  CHECK(is_valid_utf8("🍕 pizza"));
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  CHECK(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  CHECK(is_valid_utf8("\xEE\x80\x80"));      // U+E000, just above them
  CHECK(is_valid_utf8("a\0b"s));             // NUL is valid UTF-8 (controls are checked separately)
}

TEST_CASE("invalid UTF-8 is rejected strictly") {
  CHECK_FALSE(is_valid_utf8("\x80"));              // stray continuation byte
  CHECK_FALSE(is_valid_utf8("abc\xBF"));
  CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated two-byte sequence
  CHECK_FALSE(is_valid_utf8("\xE6\x97"));          // truncated three-byte sequence
  CHECK_FALSE(is_valid_utf8("\xF0\x9F\x8D"));      // truncated four-byte sequence
  CHECK_FALSE(is_valid_utf8("\xC3x"));             // lead byte followed by a non-continuation
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xC1\xBF"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong three-byte '/'
  CHECK_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // overlong U+07FF
  CHECK_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // overlong U+FFFF
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800, a surrogate
  CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF, a surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000, beyond Unicode
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("\xFE"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("utf8_length counts code points, not bytes") {
  CHECK(utf8_length("") == 0);
  CHECK(utf8_length("cold") == 4);
  CHECK(utf8_length("Zoë") == 3);
  CHECK(utf8_length("日本") == 2);
  CHECK(utf8_length("🍕!") == 2);
}

TEST_CASE("control characters: C0 including tab and newline, DEL and C1") {
  CHECK_FALSE(has_control_chars(""));
  CHECK_FALSE(has_control_chars("normal text, with ünïcode 🍕"));
  CHECK_FALSE(has_control_chars("no\xC2\xA0" "break"));  // U+00A0 is a space, not a control
  CHECK(has_control_chars("tab\there"));
  CHECK(has_control_chars("line\n"));
  CHECK(has_control_chars("\r"));
  CHECK(has_control_chars("nul\0"s));
  CHECK(has_control_chars("\x1F"));
  CHECK(has_control_chars("del\x7F"));
  CHECK(has_control_chars("c1\xC2\x80"));  // U+0080
  CHECK(has_control_chars("c1\xC2\x9F"));  // U+009F
}

TEST_CASE("collapse_whitespace trims and folds inner runs, including Unicode spaces") {
  CHECK(collapse_whitespace("") == "");
  CHECK(collapse_whitespace("   \t\r\n ") == "");
  CHECK(collapse_whitespace("  cold  ") == "cold");
  CHECK(collapse_whitespace("ice \t\n cream") == "ice cream");
  CHECK(collapse_whitespace("a\xC2\xA0\xE2\x80\x83" "b") == "a b");  // NBSP and em space
  CHECK(collapse_whitespace("\xE3\x80\x80wide\xE3\x80\x80") == "wide");  // ideographic space
  CHECK(collapse_whitespace("x \xFF y") == "x \xFF y");  // invalid bytes are kept, not lost
}

TEST_CASE("normalize_answer: case, surrounding punctuation and spaces") {
  CHECK(normalize_answer("Cold") == "cold");
  CHECK(normalize_answer("cold!") == "cold");
  CHECK(normalize_answer(" COLD ") == "cold");
  CHECK(normalize_answer("\"Cold.\"") == "cold");
  CHECK(normalize_answer("(cold)") == "cold");
  CHECK(normalize_answer("...cold...") == "cold");
  CHECK(normalize_answer("¿cold?") == "cold");
  CHECK(normalize_answer("«cold»") == "cold");
  CHECK(normalize_answer("“cold”") == "cold");
  CHECK(normalize_answer("‘cold’") == "cold");
  CHECK(normalize_answer("— cold —") == "cold");
  CHECK(normalize_answer("cold…") == "cold");
  CHECK(normalize_answer("  Ice   CREAM!! ") == "ice cream");
  CHECK(normalize_answer("Ice\tcream") == "ice cream");
}

TEST_CASE("normalize_answer keeps punctuation inside and symbols that carry meaning") {
  CHECK(normalize_answer("rock'n'roll") == "rock'n'roll");
  CHECK(normalize_answer("ice-cream") == "ice-cream");
  CHECK(normalize_answer("C++") == "c++");
  CHECK(normalize_answer("C#") == "c#");
  CHECK(normalize_answer("$5") == "$5");
  CHECK(normalize_answer("100%") == "100%");
  CHECK(normalize_answer("🍕") == "🍕");
  CHECK(normalize_answer("wait... what") == "wait... what");
}

TEST_CASE("normalize_answer folds typographic apostrophes, quotes and dashes inside") {
  CHECK(normalize_answer("don’t") == "don't");
  CHECK(normalize_answer("DON'T") == "don't");
  CHECK(normalize_answer("yes–no") == "yes-no");
  CHECK(normalize_answer("wait…what") == "wait...what");
}

TEST_CASE("normalize_answer folds Latin accents and special letters") {
  CHECK(normalize_answer("É") == "e");
  CHECK(normalize_answer("é") == "e");
  CHECK(normalize_answer("Café") == "cafe");
  CHECK(normalize_answer("CRÈME BRÛLÉE") == "creme brulee");
  CHECK(normalize_answer("Straße") == "strasse");
  CHECK(normalize_answer("ẞ") == "ss");
  CHECK(normalize_answer("Æble") == "aeble");
  CHECK(normalize_answer("smørrebrød") == "smorrebrod");
  CHECK(normalize_answer("Øl") == "ol");
  CHECK(normalize_answer("Þing") == "thing");
  CHECK(normalize_answer("Ñandú") == "nandu");
  CHECK(normalize_answer("Œuvre") == "oeuvre");
  CHECK(normalize_answer("Łódź") == "lodz");
  CHECK(normalize_answer("Dvořák") == "dvorak");
  CHECK(normalize_answer("Ĳssel") == "ijssel");
  CHECK(normalize_answer("İstanbul") == "istanbul");
  CHECK(normalize_answer("ÿ") == "y");
  CHECK(normalize_answer("Ÿ") == "y");
  CHECK(normalize_answer("2×3") == "2×3");  // × is not a letter and stays
  CHECK(normalize_answer("e\xCC\x81") == "e");  // e + combining acute accent (decomposed form)
}

TEST_CASE("normalize_answer folds the case of Greek and Cyrillic letters") {
  CHECK(normalize_answer("ΚΑΦΕΣ") == "καφεσ");
  CHECK(normalize_answer("καφες") == "καφεσ");  // final sigma
  CHECK(normalize_answer("ХОЛОД") == "холод");
  CHECK(normalize_answer("ЁЛКА") == "ёлка");
  CHECK(normalize_answer("日本") == "日本");
}

TEST_CASE("normalize_answer gives empty for nothing left and for invalid UTF-8") {
  CHECK(normalize_answer("") == "");
  CHECK(normalize_answer("   ") == "");
  CHECK(normalize_answer("?!") == "");
  CHECK(normalize_answer("...") == "");
  CHECK(normalize_answer("“ ” — …") == "");
  CHECK(normalize_answer("cold\xFF") == "");
  CHECK(normalize_answer("\xC0\xAF") == "");
}

TEST_CASE("normalize_answer turns control characters into spaces") {
  CHECK(normalize_answer("ice\x01" "cream") == "ice cream");
  CHECK(normalize_answer("\x7F" "cold\xC2\x85") == "cold");
}

TEST_CASE("normalize_answer is idempotent") {
  for (const char* s : {"Cold!", " “Café” ", "the Coffee…", "Straße", "don’t", "«Ice  Cream»", "C++"}) {
    const std::string once = normalize_answer(s);
    CHECK(normalize_answer(once) == once);
  }
}

TEST_CASE("group_key drops one leading English article") {
  CHECK(group_key("the coffee") == "coffee");
  CHECK(group_key("The Coffee!") == "coffee");
  CHECK(group_key("a dog") == "dog");
  CHECK(group_key("An apple") == "apple");
  CHECK(group_key("the the") == "the");        // only one article is dropped
  CHECK(group_key("the") == "the");            // an article alone stays
  CHECK(group_key("A") == "a");
  CHECK(group_key("theory") == "theory");      // not an article, just the same letters
  CHECK(group_key("another day") == "another day");
  CHECK(group_key("the 'coffee'") == "coffee");  // punctuation after the article goes too
  CHECK(group_key("coffee the") == "coffee the");
  CHECK(group_key("?") == "");
}

TEST_CASE("same_group: equal keys and simple plurals") {
  CHECK(same_group("Cold", "cold!"));
  CHECK(same_group("school", "schools"));
  CHECK(same_group("Schools", "school"));
  CHECK(same_group("the coffee", "coffee"));
  CHECK(same_group("the coffees", "a coffee"));
  CHECK(same_group("glass", "glasses"));
  CHECK(same_group("bus", "buses"));
  CHECK(same_group("box", "boxes"));
  CHECK(same_group("church", "churches"));
  CHECK(same_group("house", "houses"));
  CHECK(same_group("movie", "movies"));
  CHECK(same_group("story", "stories"));
  CHECK(same_group("city", "cities"));
  CHECK(same_group("coffee cup", "coffee cups"));
  CHECK(same_group("Café", "cafes"));
}

TEST_CASE("same_group: no plural matching for short singulars or other words") {
  CHECK_FALSE(same_group("it", "its"));      // singular shorter than 3
  CHECK_FALSE(same_group("hi", "his"));
  CHECK_FALSE(same_group("a", "as"));
  CHECK_FALSE(same_group("glass", "gla"));
  CHECK_FALSE(same_group("cold", "warm"));
  CHECK_FALSE(same_group("school", "schoolses"));  // one plural ending only
  CHECK_FALSE(same_group("plan", "plane"));
  CHECK_FALSE(same_group("ice cream", "icecream"));
  CHECK_FALSE(same_group("?", "?"));  // nothing to compare
  CHECK_FALSE(same_group("", ""));
  CHECK(same_group("glas", "glass"));  // the rule is symmetric: glass = glas + s
  CHECK(same_group("bus", "bus"));
}

TEST_CASE("parse_story_word accepts one word with letters, digits, apostrophes and hyphens") {
  const auto check_word = [](std::string_view input, std::string_view word, std::string_view end) {
    const auto w = parse_story_word(input);
    REQUIRE(w);
    CHECK(w->word == word);
    CHECK(w->end == end);
  };
  check_word("dog", "dog", "");
  check_word("  Dog  ", "Dog", "");  // trimmed, case kept
  check_word("don't", "don't", "");
  check_word("don’t", "don’t", "");  // typographic apostrophe kept as typed
  check_word("'tis", "'tis", "");
  check_word("dogs'", "dogs'", "");
  check_word("ice-cream", "ice-cream", "");
  check_word("jack-in-the-box", "jack-in-the-box", "");
  check_word("1984", "1984", "");
  check_word("R2-D2", "R2-D2", "");
  check_word("Zoë", "Zoë", "");
  check_word("naïve", "naïve", "");
  check_word("Straße", "Straße", "");
  check_word("日本語", "日本語", "");
  check_word("холод", "холод", "");
  check_word("e\xCC\x81t\xC3\xA9", "e\xCC\x81t\xC3\xA9", "");  // combining accent inside a word
}

TEST_CASE("parse_story_word splits off sentence-ending and pause punctuation") {
  const auto check_word = [](std::string_view input, std::string_view word, std::string_view end) {
    const auto w = parse_story_word(input);
    REQUIRE(w);
    CHECK(w->word == word);
    CHECK(w->end == end);
  };
  check_word("end.", "end", ".");
  check_word("What?", "What", "?");
  check_word("wow!", "wow", "!");
  check_word("really?!", "really", "?!");
  check_word("so...", "so", "...");
  check_word("so…", "so", "…");
  check_word("what?!?", "what", "?!?");
  check_word("well,", "well", ",");
  check_word("thus:", "thus", ":");
  check_word("however;", "however", ";");
  check_word("it's.", "it's", ".");
}

TEST_CASE("parse_story_word rejects anything that is not exactly one word") {
  CHECK_FALSE(parse_story_word(""));
  CHECK_FALSE(parse_story_word("   "));
  CHECK_FALSE(parse_story_word("two words"));
  CHECK_FALSE(parse_story_word("two\twords"));
  CHECK_FALSE(parse_story_word("-"));
  CHECK_FALSE(parse_story_word("--"));
  CHECK_FALSE(parse_story_word("'"));
  CHECK_FALSE(parse_story_word("."));
  CHECK_FALSE(parse_story_word("?!"));
  CHECK_FALSE(parse_story_word("-dog"));  // leading hyphen
  CHECK_FALSE(parse_story_word("dog-"));  // trailing hyphen
  CHECK_FALSE(parse_story_word("dog-."));
  CHECK_FALSE(parse_story_word("\"dog\""));  // quotes are not part of a word
  CHECK_FALSE(parse_story_word("(dog)"));
  CHECK_FALSE(parse_story_word("dog,,"));     // one pause mark only
  CHECK_FALSE(parse_story_word("dog,."));     // not mixed with a sentence end
  CHECK_FALSE(parse_story_word("dog.,"));
  CHECK_FALSE(parse_story_word("dog.cat"));  // text after the end punctuation
  CHECK_FALSE(parse_story_word("3.14"));
  CHECK_FALSE(parse_story_word("a/b"));
  CHECK_FALSE(parse_story_word("dog🍕"));
  CHECK_FALSE(parse_story_word("🍕"));
  CHECK_FALSE(parse_story_word("hi\xC2\xA0there"));  // a no-break space still separates words
  CHECK_FALSE(parse_story_word("tab\x01"));
  CHECK_FALSE(parse_story_word("\xCC\x81"));  // a combining mark alone is no letter
  CHECK_FALSE(parse_story_word("dog\xFF"));   // invalid UTF-8
  CHECK_FALSE(parse_story_word("\xED\xA0\x80"));
}

TEST_CASE("cluster_answers groups normalized answers and near-duplicates, keeping spellings") {
  const std::vector<AnswerInput> answers{
      {"p1", "Cold"},    {"p2", "cold!"}, {"p3", " COLD "},   {"p4", "Christmas"}, {"p5", "snow"},
      {"p6", "Cold"},    {"p7", "Snow."}, {"p8", "grandma"}, {"p9", "the snows"},
  };
  const auto clusters = cluster_answers(answers);
  REQUIRE(clusters.size() == 4);

  CHECK(clusters[0].label == "Cold");  // "Cold" was given twice, the others once
  CHECK(clusters[0].spellings == std::vector<std::string>{"Cold", "cold!", "COLD"});
  CHECK(clusters[0].participants == std::vector<std::string>{"p1", "p2", "p3", "p6"});

  CHECK(clusters[1].label == "snow");
  CHECK(clusters[1].spellings == std::vector<std::string>{"snow", "Snow.", "the snows"});
  CHECK(clusters[1].participants == std::vector<std::string>{"p5", "p7", "p9"});

  // Clusters of equal size are ordered by label.
  CHECK(clusters[2].label == "Christmas");
  CHECK(clusters[2].participants == std::vector<std::string>{"p4"});
  CHECK(clusters[3].label == "grandma");
  CHECK(clusters[3].participants == std::vector<std::string>{"p8"});
}

TEST_CASE("cluster_answers: label ties go to the spelling given first") {
  const auto clusters = cluster_answers({{"a", "School"}, {"b", "schools"}, {"c", "schools"}, {"d", "School"}});
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0].label == "School");
  CHECK(clusters[0].spellings == std::vector<std::string>{"School", "schools"});
}

TEST_CASE("cluster_answers joins chains of plurals") {
  // "boxe" is the singular of "boxes" by the "s" rule and "box" by the "es" rule.
  const auto clusters = cluster_answers({{"a", "box"}, {"b", "boxe"}, {"c", "boxes"}, {"d", "fox"}});
  REQUIRE(clusters.size() == 2);
  CHECK(clusters[0].participants == std::vector<std::string>{"a", "b", "c"});
  CHECK(clusters[1].label == "fox");
}

TEST_CASE("cluster_answers: punctuation-only answers group only with the same spelling") {
  const auto clusters = cluster_answers({{"a", "?"}, {"b", "?"}, {"c", "!?"}, {"d", "what?"}});
  REQUIRE(clusters.size() == 3);
  CHECK(clusters[0].label == "?");
  CHECK(clusters[0].participants == std::vector<std::string>{"a", "b"});
  CHECK(clusters[1].label == "!?");
  CHECK(clusters[2].label == "what?");
}

TEST_CASE("cluster_answers leaves out blank and invalid answers") {
  CHECK(cluster_answers({}).empty());
  CHECK(cluster_answers({{"a", ""}, {"b", "  \t"}, {"c", "bad\xFF"}}).empty());
  const auto clusters = cluster_answers({{"a", "   "}, {"b", "one"}});
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0].participants == std::vector<std::string>{"b"});
}

TEST_CASE("cluster_answers with one answer gives one cluster") {
  const auto clusters = cluster_answers({{"p1", "  Tea  "}});
  REQUIRE(clusters.size() == 1);
  CHECK(clusters[0].label == "Tea");
  CHECK(clusters[0].spellings == std::vector<std::string>{"Tea"});
  CHECK(clusters[0].participants == std::vector<std::string>{"p1"});
}
