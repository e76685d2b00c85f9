// The deck format (games/deck.hpp): names, the editor's text, imports of plain text and CSV, writing
// back out and reading it again, every refusal with its code and line, and drawing for a round.

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "games/deck.hpp"

using namespace earshot::games;
using namespace std::string_literals;
using Entries = std::vector<std::string>;

namespace {

Entries entries_of(const std::variant<Entries, DeckRefusal>& parsed) {
  if (const auto* r = std::get_if<DeckRefusal>(&parsed)) FAIL("refused: " << r->code << ": " << r->message);
  return std::get<Entries>(parsed);
}

DeckRefusal refusal_of(const std::variant<Entries, DeckRefusal>& parsed) {
  REQUIRE(std::holds_alternative<DeckRefusal>(parsed));
  return std::get<DeckRefusal>(parsed);
}

DeckImport imported(std::string_view file, DeckFormat format) {
  auto result = import_deck(file, format);
  if (const auto* r = std::get_if<DeckRefusal>(&result)) FAIL("refused: " << r->code << ": " << r->message);
  return std::get<DeckImport>(result);
}

DeckRefusal import_refusal(std::string_view file, DeckFormat format) {
  auto result = import_deck(file, format);
  REQUIRE(std::holds_alternative<DeckRefusal>(result));
  return std::get<DeckRefusal>(result);
}

std::string lines_of(std::size_t count, const std::string& prefix = "entry ") {
  std::string text;
  for (std::size_t i = 1; i <= count; ++i) text += prefix + std::to_string(i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("deck names are cleaned, checked and compared without case or accents") {
  CHECK(std::get<std::string>(clean_deck_name("  Help   desk\twords ")) == "Help desk words");
  CHECK(std::get<std::string>(clean_deck_name("Zoë's decks #2")) == "Zoë's decks #2");
  CHECK(std::holds_alternative<std::string>(clean_deck_name(std::string(limits::max_deck_name_chars, 'x'))));
  for (const std::string& bad : {""s, "   "s, "???"s, "bell\x07"s, "bad\xFF"s, std::string(limits::max_deck_name_chars + 1, 'x')}) {
    CAPTURE(bad);
    const auto r = clean_deck_name(bad);
    REQUIRE(std::holds_alternative<DeckRefusal>(r));
    CHECK(std::get<DeckRefusal>(r).code == "deck_name_invalid");
    CHECK(std::get<DeckRefusal>(r).field == "name");
    CHECK(std::get<DeckRefusal>(r).message.find("60") != std::string::npos);
  }
  CHECK(deck_name_key("Café Words") == deck_name_key("cafe words!"));
  CHECK(deck_name_key("Warm-up") != deck_name_key("Warm up"));
}

TEST_CASE("the editor's text: one entry per line, blank lines skipped, whitespace collapsed") {
  CHECK(entries_of(parse_deck_text("coffee\n\n  rain  \r\nMonday\rtea\n\t\n")) == Entries{"coffee", "rain", "Monday", "tea"});
  CHECK(entries_of(parse_deck_text("a  quick\tfix")) == Entries{"a quick fix"});
  CHECK(entries_of(parse_deck_text("#1 priority\nC#")) == Entries{"#1 priority", "C#"});  // '#' is just a character
  CHECK(entries_of(parse_deck_text(std::string(limits::max_deck_entry_chars, 'x'))).size() == 1);
  std::string accented;
  for (std::size_t i = 0; i < limits::max_deck_entry_chars; ++i) accented += "é";
  CHECK(entries_of(parse_deck_text(accented)) == Entries{accented});
}

TEST_CASE("the editor's text is refused whole, naming the first bad line") {
  SUBCASE("too long") {
    const auto r = refusal_of(parse_deck_text("ok\n\n" + std::string(limits::max_deck_entry_chars + 1, 'x') + "\nfine"));
    CHECK(r.code == "deck_entry_too_long");
    CHECK(r.line == 3);
    CHECK(r.field == "text");
    CHECK(r.message == "Line 3 is longer than 100 characters.");
  }
  SUBCASE("control characters") {
    const auto r = refusal_of(parse_deck_text("ok\nbell\x07"));
    CHECK(r.code == "deck_entry_invalid");
    CHECK(r.line == 2);
    CHECK(r.message == "Line 2 has control characters in it.");
  }
  SUBCASE("no letter or digit") {
    const auto r = refusal_of(parse_deck_text("...\nok"));
    CHECK(r.code == "deck_entry_invalid");
    CHECK(r.line == 1);
  }
  SUBCASE("not UTF-8") {
    const auto r = refusal_of(parse_deck_text("ok\nbad\xC3"));
    CHECK(r.code == "deck_entry_invalid");
    CHECK(r.line == 2);
  }
  SUBCASE("a duplicate names both lines") {
    const auto r = refusal_of(parse_deck_text("coffee\ntea\n\nCoffee!"));
    CHECK(r.code == "deck_entry_duplicate");
    CHECK(r.line == 4);
    CHECK(r.same_as == 1);
    CHECK(r.message == "Line 4 repeats line 1.");
  }
  SUBCASE("empty") {
    for (const char* text : {"", "\n\n", "  \t \r\n"}) {
      const auto r = refusal_of(parse_deck_text(text));
      CHECK(r.code == "deck_empty");
      CHECK(r.field == "text");
    }
  }
  SUBCASE("too many entries") {
    CHECK(entries_of(parse_deck_text(lines_of(limits::max_deck_entries))).size() == limits::max_deck_entries);
    const auto r = refusal_of(parse_deck_text("\n" + lines_of(limits::max_deck_entries + 1)));
    CHECK(r.code == "deck_too_many_entries");
    CHECK(r.line == limits::max_deck_entries + 2);
  }
  SUBCASE("too big") {
    const auto r = refusal_of(parse_deck_text(std::string(limits::max_deck_bytes + 1, 'x')));
    CHECK(r.code == "deck_too_big");
    CHECK(r.field == "text");
  }
}

TEST_CASE("a file's format goes by its name") {
  CHECK(deck_format_for("words.txt") == DeckFormat::text);
  CHECK(deck_format_for("WORDS.TXT") == DeckFormat::text);
  CHECK(deck_format_for("notes.text") == DeckFormat::text);
  CHECK(deck_format_for("words") == DeckFormat::text);
  CHECK(deck_format_for(".hidden") == DeckFormat::text);
  CHECK(deck_format_for("Decks/words.csv") == DeckFormat::csv);
  CHECK(deck_format_for("list.CSV") == DeckFormat::csv);
  CHECK_FALSE(deck_format_for("words.docx"));
  CHECK_FALSE(deck_format_for("words.json"));
  CHECK_FALSE(deck_format_for("photo.png"));
}

TEST_CASE("importing plain text takes the good lines and says which it left out and why") {
  const std::string file = "\xEF\xBB\xBF" "coffee\r\n\r\ntea\nCoffee!\n" + std::string(limits::max_deck_entry_chars + 1, 'x') +
                           "\n?!\nmilk";
  const DeckImport got = imported(file, DeckFormat::text);
  CHECK(got.entries == Entries{"coffee", "tea", "milk"});
  REQUIRE(got.refused.size() == 3);
  CHECK(got.refused[0] == DeckRefusal{"deck_entry_duplicate", "Line 4 repeats line 1.", "", 4, 1});
  CHECK(got.refused[1].code == "deck_entry_too_long");
  CHECK(got.refused[1].line == 5);
  CHECK(got.refused[2].code == "deck_entry_invalid");
  CHECK(got.refused[2].line == 6);
}

TEST_CASE("importing CSV takes the column headed entry, or the only one") {
  SUBCASE("a named column among others, quotes, commas and line breaks in fields") {
    const std::string file =
        "id,Entry,notes\r\n"
        "1,coffee,hot\r\n"
        "2,\"tea, green\",\"said \"\"maybe\"\"\"\r\n"
        "3,\"two\nlines\",x\r\n"
        "\r\n"
        "4,,empty entry\r\n"
        "5,\"a \"\"quoted\"\" word\"\r\n"
        "6,coffee\r\n";
    const DeckImport got = imported(file, DeckFormat::csv);
    CHECK(got.entries == Entries{"coffee", "tea, green", "two lines", "a \"quoted\" word"});
    REQUIRE(got.refused.size() == 1);
    CHECK(got.refused[0].code == "deck_entry_duplicate");
    CHECK(got.refused[0].line == 9);  // the record of line 4 spans two lines
    CHECK(got.refused[0].same_as == 2);
  }
  SUBCASE("one column with any header") {
    CHECK(imported("Words\ncoffee\ntea\n", DeckFormat::csv).entries == Entries{"coffee", "tea"});
  }
  SUBCASE("semicolons and tabs when the header has no comma") {
    CHECK(imported("nr;entry\n1;coffee, black\n2;tea\n", DeckFormat::csv).entries == Entries{"coffee, black", "tea"});
    CHECK(imported("entry\tnr\ncoffee\t1\n", DeckFormat::csv).entries == Entries{"coffee"});
  }
  SUBCASE("blank lines before the header") {
    CHECK(imported("\n\nentry\ncoffee\n", DeckFormat::csv).entries == Entries{"coffee"});
  }
  SUBCASE("no entry column") {
    const auto r = import_refusal("id,word\n1,coffee\n", DeckFormat::csv);
    CHECK(r.code == "deck_csv_invalid");
    CHECK(r.line == 1);
    CHECK(r.field == "file");
  }
  SUBCASE("a quote never closed") {
    const auto r = import_refusal("entry\ncoffee\n\"tea\nmilk\n", DeckFormat::csv);
    CHECK(r.code == "deck_csv_invalid");
    CHECK(r.line == 3);
    CHECK(r.message == "The quote that opens on line 3 is never closed.");
  }
  SUBCASE("a header and nothing else") {
    CHECK(import_refusal("entry\n\n", DeckFormat::csv).code == "deck_empty");
    CHECK(import_refusal("", DeckFormat::csv).code == "deck_empty");
  }
}

TEST_CASE("a whole file is refused when it is too big, not text, too long, or has no entry") {
  SUBCASE("over 1 MiB") {
    const auto r = import_refusal(std::string(limits::max_deck_bytes + 1, 'x'), DeckFormat::text);
    CHECK(r.code == "deck_too_big");
    CHECK(r.field == "file");
    // Exactly 1 MiB is taken in: one line of a million characters is then too long an entry.
    CHECK(import_refusal(std::string(limits::max_deck_bytes, 'x'), DeckFormat::text).code == "deck_empty");
  }
  SUBCASE("binary: a NUL byte, or bytes that are not UTF-8") {
    const auto png = import_refusal("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s, DeckFormat::text);
    CHECK(png.code == "deck_file_not_text");
    CHECK(png.line == 1);
    const auto nul = import_refusal("coffee\ntea\nmi\0lk\n"s, DeckFormat::csv);
    CHECK(nul.code == "deck_file_not_text");
    CHECK(nul.line == 3);
    CHECK(nul.message.starts_with("Line 3 is not UTF-8 text"));
    const auto latin1 = import_refusal("coffee\ncaf\xE9\n", DeckFormat::text);
    CHECK(latin1.line == 2);
  }
  SUBCASE("UTF-16") {
    const auto r = import_refusal("\xFF\xFE" "c\0o\0"s, DeckFormat::text);
    CHECK(r.code == "deck_file_not_text");
    CHECK(r.message.find("UTF-16") != std::string::npos);
  }
  SUBCASE("10,000 lines") {
    const auto r = import_refusal(lines_of(10000), DeckFormat::text);
    CHECK(r.code == "deck_too_many_entries");
    CHECK(r.line == limits::max_deck_entries + 1);
    const auto csv = import_refusal("entry\n" + lines_of(10000), DeckFormat::csv);
    CHECK(csv.code == "deck_too_many_entries");
    CHECK(csv.line == limits::max_deck_entries + 2);
    CHECK(imported(lines_of(limits::max_deck_entries), DeckFormat::text).entries.size() == limits::max_deck_entries);
  }
  SUBCASE("nothing usable") {
    const auto r = import_refusal("\n?!\n...\n", DeckFormat::text);
    CHECK(r.code == "deck_empty");
    CHECK(r.line == 2);
    CHECK(r.message == "No line of the file is an entry: Line 2 needs a letter or a digit.");
    CHECK(import_refusal("", DeckFormat::text).code == "deck_empty");
  }
}

TEST_CASE("a deck written as text or CSV reads back to the same entries") {
  const Entries deck = {"coffee", "tea, green", "say \"when\"", "semi;colon", "#1 priority", "Zoë", "a quick fix",
                        "=SUM(A1)", std::string(limits::max_deck_entry_chars, 'x')};
  const std::string text = write_deck_text(deck);
  CHECK(text.starts_with("coffee\ntea, green\n"));
  CHECK(entries_of(parse_deck_text(text)) == deck);
  CHECK(imported(text, DeckFormat::text).entries == deck);
  const std::string csv = write_deck_csv(deck);
  CHECK(csv.starts_with("entry\r\ncoffee\r\n\"tea, green\"\r\n\"say \"\"when\"\"\"\r\n\"semi;colon\"\r\n"));
  const DeckImport back = imported(csv, DeckFormat::csv);
  CHECK(back.entries == deck);
  CHECK(back.refused.empty());
  CHECK(write_deck_csv({}) == "entry\r\n");
}

TEST_CASE("drawing from a deck: random with the round's seed, or the next ones in order") {
  const Entries deck = {"a", "b", "c", "d", "e"};
  SUBCASE("next goes round the deck") {
    const Drawn first = draw_entries(deck, DrawMode::next, 1, 0, 99);
    CHECK(first.entries == Entries{"a"});
    CHECK(first.next == 1);
    const Drawn more = draw_entries(deck, DrawMode::next, 3, 3, 99);
    CHECK(more.entries == Entries{"d", "e", "a"});
    CHECK(more.next == 1);
    CHECK(draw_entries(deck, DrawMode::next, 1, 12, 0).entries == Entries{"c"});  // a place past the end (the deck shrank)
    CHECK(draw_entries(deck, DrawMode::next, 9, 2, 0).entries == Entries{"c", "d", "e", "a", "b"});  // at most the deck
  }
  SUBCASE("random is the same for the same seed, and never repeats within a draw") {
    const Drawn one = draw_entries(deck, DrawMode::random, 3, 2, 1234);
    CHECK(one.entries == draw_entries(deck, DrawMode::random, 3, 2, 1234).entries);
    CHECK(one.next == 2);
    CHECK(std::set<std::string>(one.entries.begin(), one.entries.end()).size() == 3);
    std::set<std::string> seen;
    for (std::uint64_t seed = 0; seed < 200; ++seed) seen.insert(draw_entries(deck, DrawMode::random, 1, 0, seed).entries.at(0));
    CHECK(seen.size() == deck.size());  // every entry comes up
    CHECK(draw_entries(deck, DrawMode::random, 50, 0, 7).entries.size() == deck.size());
  }
  SUBCASE("an empty deck gives nothing") {
    CHECK(draw_entries({}, DrawMode::next, 1, 0, 0).entries.empty());
    CHECK(draw_entries({}, DrawMode::random, 1, 0, 0).entries.empty());
  }
  CHECK(draw_mode_from_string("random") == DrawMode::random);
  CHECK(draw_mode_from_string("next") == DrawMode::next);
  CHECK_FALSE(draw_mode_from_string("first"));
  CHECK(deck_field(GameKind::chain) == "seedWord");
  CHECK(deck_field(GameKind::burst) == "stimuli");
  CHECK(deck_field(GameKind::waat) == "title");
  CHECK(deck_field(GameKind::spiv) == "prompt");
}
