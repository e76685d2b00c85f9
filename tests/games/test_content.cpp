#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "games/content.hpp"
#include "games/text.hpp"

using namespace earshot::games;
using namespace std::string_literals;

namespace {

std::string read_source_file(const std::string& relative) {
  std::ifstream in(std::string(EARSHOT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot open " << relative);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("clean_deck_entry trims, collapses and checks an entry") {
  CHECK(clean_deck_entry("  a   quick\tfix \r") == "a quick fix");
  CHECK(clean_deck_entry("if it's urgent then…") == "if it's urgent then…");
  CHECK(clean_deck_entry("Zoë") == "Zoë");
  CHECK_FALSE(clean_deck_entry(""));
  CHECK_FALSE(clean_deck_entry("   "));
  CHECK_FALSE(clean_deck_entry("?!"));  // nothing but punctuation
  CHECK_FALSE(clean_deck_entry("bad\xFF"));
  CHECK_FALSE(clean_deck_entry("bell\x07"));
  CHECK_FALSE(clean_deck_entry("c1\xC2\x85"));
  CHECK(clean_deck_entry(std::string(max_deck_entry_chars, 'x')));
  CHECK_FALSE(clean_deck_entry(std::string(max_deck_entry_chars + 1, 'x')));
  std::string accented;
  for (std::size_t i = 0; i < max_deck_entry_chars; ++i) accented += "é";  // 2 bytes each, still fits
  CHECK(clean_deck_entry(accented) == accented);
}

TEST_CASE("parse_deck skips comments and blank lines and keeps file order") {
  const auto entries = parse_deck("# a comment\n\ncoffee\n   # an indented comment\n  rain  \r\n\t\nMonday");
  CHECK(entries == std::vector<std::string>{"coffee", "rain", "Monday"});
}

TEST_CASE("parse_deck keeps '#' inside an entry") {
  CHECK(parse_deck("priority #1\nC#\n") == std::vector<std::string>{"priority #1", "C#"});
}

TEST_CASE("parse_deck handles a byte order mark and CRLF line ends") {
  CHECK(parse_deck("\xEF\xBB\xBF" "coffee\r\ntea\r\n") == std::vector<std::string>{"coffee", "tea"});
}

TEST_CASE("parse_deck of nothing is empty") {
  CHECK(parse_deck("").empty());
  CHECK(parse_deck("\n\n# only comments\n").empty());
}

TEST_CASE("parse_deck_checked drops and reports duplicates and invalid lines") {
  const std::string text = "coffee\nCoffee!\nbad\xFF\n" + std::string(max_deck_entry_chars + 1, 'x') + "\ntea\n...\n";
  const ParsedDeck deck = parse_deck_checked(text);
  CHECK(deck.entries == std::vector<std::string>{"coffee", "tea"});
  REQUIRE(deck.problems.size() == 4);
  CHECK(deck.problems[0].line == 2);
  CHECK(deck.problems[0].reason == "duplicate");
  CHECK(deck.problems[1].line == 3);
  CHECK(deck.problems[1].reason == "invalid entry");
  CHECK(deck.problems[2].line == 4);
  CHECK(deck.problems[2].reason == "invalid entry");
  CHECK(deck.problems[3].line == 6);
  CHECK(deck.problems[3].reason == "invalid entry");
  CHECK(parse_deck(text) == deck.entries);
}

TEST_CASE("the built-in decks have at least 40 valid, distinct, short entries") {
  for (const char* name : {"seeds", "stimuli", "prompts", "titles"}) {
    CAPTURE(name);
    const ParsedDeck deck = parse_deck_checked(read_source_file("games/content/"s + name + ".txt"));
    // Duplicates and invalid lines are problems: the files must have none.
    for (const DeckProblem& p : deck.problems) FAIL_CHECK("line " << p.line << ": " << p.reason);
    CHECK(deck.entries.size() >= 40);
    for (const std::string& e : deck.entries) {
      CAPTURE(e);
      CHECK(utf8_length(e) <= 40);  // readable on a phone and from the back of the room
    }
  }
}

TEST_CASE("the prompt deck includes help-desk life") {
  const auto prompts = parse_deck(read_source_file("games/content/prompts.txt"));
  for (const char* p : {"a quick fix", "the printer is broken", "urgent", "I restarted it already",
                        "it's not working", "as soon as possible", "a small change"}) {
    CAPTURE(p);
    CHECK(std::find(prompts.begin(), prompts.end(), p) != prompts.end());
  }
}

TEST_CASE("seed words and stimuli are single words or very short phrases") {
  for (const char* name : {"seeds", "stimuli"}) {
    CAPTURE(name);
    for (const std::string& e : parse_deck(read_source_file("games/content/"s + name + ".txt"))) {
      CAPTURE(e);
      CHECK(std::count(e.begin(), e.end(), ' ') <= 1);
    }
  }
}
