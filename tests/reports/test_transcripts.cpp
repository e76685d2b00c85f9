// Session exports (reports/transcripts.hpp): golden files of a hand-written session in every format,
// escaping in each format, anonymous pseudonyms, and records that cannot be read.
//
// The golden files are tests/reports/golden/transcripts/*. To regenerate them after an intended
// change (then read the diff, and the files themselves, before committing):
//   EARSHOT_UPDATE_GOLDEN=1 build-test/tests/reports/earshot_reports_tests -tc='transcripts: golden*'
#include <doctest/doctest.h>

#include <stdlib.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/transcripts.hpp"
#include "tests/support/golden.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/transcript_session.hpp"

using namespace earshot::reports;
using earshot::test::first_difference;
using earshot::test::golden_text;
using earshot::test::json;
using earshot::test::read_file;
using earshot::test::same_json;
using earshot::test::round_config;
using earshot::test::SessionBuilder;
using earshot::test::session_start_ms;
using earshot::test::workshop_session;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = fs::path(__FILE__).parent_path().parent_path().parent_path();
const fs::path golden_dir = source_dir / "tests" / "reports" / "golden" / "transcripts";

void check_golden(const std::string& name, const std::string& text) {
  const std::string golden = golden_text(golden_dir / name, text);
  if (name.ends_with(".json")) {
    CHECK_MESSAGE(same_json(json::parse(text), json::parse(golden)), name << " differs: " << first_difference(text, golden));
  } else {
    CHECK_MESSAGE(text == golden, name << " differs at " << first_difference(text, golden));
  }
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> all_formats(const SessionRecord& record, const ExportOptions& options) {
  return {export_json(record, options), export_csv(record, options), export_markdown(record, options), export_html(record, options)};
}

// RFC 4180 reading, to check what a spreadsheet would see.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch == '"') {
      REQUIRE_MESSAGE(field.empty(), "a quote inside an unquoted field");
      quoted = was_quoted = true;
    } else if (ch == ',') {
      rows.back().push_back(field);
      field.clear();
      was_quoted = false;
    } else if (ch == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
      rows.back().push_back(field);
      field.clear();
      was_quoted = false;
      rows.emplace_back();
      ++i;
    } else {
      REQUIRE_MESSAGE(ch != '\n', "a bare LF outside quotes");
      field += ch;
    }
  }
  CHECK_FALSE(quoted);
  CHECK(field.empty());
  CHECK_FALSE(was_quoted);
  CHECK(rows.back().empty());  // the text ends with CRLF
  rows.pop_back();
  return rows;
}

// A session with one burst round whose answers (and a name) try to break out of each format.
SessionRecord hostile_session() {
  SessionBuilder s("HTCK");
  s.participant("p1", "<script>alert(1)</script>", session_start_ms + 1000);
  s.participant("p2", "*Bo* [x](http://evil.example) | #1", session_start_ms + 2000);
  s.participant("p3", "=cmd|' /C calc'!A0", session_start_ms + 3000);
  auto r = s.round("r1", round_config("burst", {{"p1", "p2", "p3"}}, {{"stimuli", {"<b>bold</b> & \"quotes\""}}, {"answerMs", 8000}}),
                   session_start_ms + 10000);
  r.facilitator("start");
  r.now += 1000;
  r.answer("p1", "\"><img src=x onerror=alert(1)>");
  r.answer("p2", "a, \"quoted\" answer");
  r.answer("p3", "@SUM(1+1)");
  r.facilitator("reveal");
  r.facilitator("next");
  r.end();
  return s.record;
}

}  // namespace

TEST_CASE("transcripts: golden session in every format") {
  const SessionRecord session = workshop_session();
  check_golden("session.json", export_json(session));
  check_golden("session.csv", export_csv(session));
  check_golden("session.md", export_markdown(session));
  check_golden("session.html", export_html(session));
  ExportOptions anonymous;
  anonymous.anonymous = true;
  check_golden("session-anonymous.md", export_markdown(session, anonymous));
  check_golden("session-anonymous.csv", export_csv(session, anonymous));
}

TEST_CASE("transcripts: the JSON export holds every event, the config, names and each round's results") {
  const SessionRecord session = workshop_session();
  const json j = json::parse(export_json(session));
  CHECK(j["format"] == "earshot-session");
  CHECK(j["version"] == 1);
  CHECK(j["session"]["code"] == "KDWM");
  CHECK(j["participants"].size() == 7);
  CHECK(j["participants"][2] == json{{"id", "p3"}, {"name", "Chlo\u00e9"}, {"joinedMs", session_start_ms + 15000}});
  REQUIRE(j["rounds"].size() == 4);
  std::size_t events = j["roomEvents"].size();
  for (std::size_t i = 0; i < 4; ++i) {
    const json& r = j["rounds"][i];
    CHECK(r["number"] == i + 1);
    CHECK(r["config"] == json::parse(session.rounds[i].config));
    CHECK(r["results"]["game"] == r["game"]);
    CHECK_FALSE(r.contains("error"));
    // The events replay into the same results.
    std::vector<earshot::games::Event> log;
    for (const auto& e : r["events"]) log.push_back(earshot::games::event_from_json(e));
    const auto config = earshot::games::parse_config(r["config"]).config;
    REQUIRE(config);
    CHECK(same_json(earshot::games::replay(*config, log).results(), r["results"]));
    events += r["events"].size();
  }
  CHECK(events == session.events.size());
  // Room-level events of kinds the export does not know are kept, without tokens.
  CHECK(j["roomEvents"][1]["kind"] == "renamed");
  CHECK(j["roomEvents"][1]["data"] == json{{"participant", "p5"}, {"name", "Eli & Jo"}});
}

TEST_CASE("transcripts: no export ever holds a participant's token") {
  const SessionRecord session = workshop_session();
  for (const bool anonymous : {false, true}) {
    ExportOptions options;
    options.anonymous = anonymous;
    for (const auto& text : all_formats(session, options)) CHECK_FALSE(contains(text, "tok-secret"));
  }
}

TEST_CASE("transcripts: CSV is RFC 4180 with a header, one row per contribution, and defused formulas") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("=1+1") == "'=1+1");
  CHECK(csv_field("+1") == "'+1");
  CHECK(csv_field("-5\u00b0C") == "'-5\u00b0C");
  CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_field("\tx") == "'\tx");
  CHECK(csv_field("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  CHECK(csv_field("1+1=2") == "1+1=2");  // only the first character matters

  const auto rows = parse_csv(export_csv(workshop_session()));
  REQUIRE(rows.size() > 1);
  CHECK(rows[0] == std::vector<std::string>{"round", "game", "circle", "participant", "name", "kind", "prompt", "text", "time_ms",
                                            "response_ms"});
  for (const auto& row : rows) CHECK(row.size() == 10);
  // 12 chain turns, 17 story turns + 6 retellings, 13 burst answers, 4 SPIV answers + 4 predictions + 4 picks.
  CHECK(rows.size() == 1 + 12 + 17 + 6 + 13 + 12);

  const auto hostile = parse_csv(export_csv(hostile_session()));
  REQUIRE(hostile.size() == 4);
  CHECK(hostile[1][4] == "<script>alert(1)</script>");
  CHECK(hostile[1][6] == "<b>bold</b> & \"quotes\"");
  CHECK(hostile[1][7] == "\"><img src=x onerror=alert(1)>");
  CHECK(hostile[2][7] == "a, \"quoted\" answer");
  CHECK(hostile[3][4] == "'=cmd|' /C calc'!A0");
  CHECK(hostile[3][7] == "'@SUM(1+1)");
}

TEST_CASE("transcripts: HTML escapes everything people typed, has no script or inline style, and links or embeds its CSS") {
  CHECK(html_escape("<a href=\"x\">Tom & 'Jerry'</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  const SessionRecord session = hostile_session();
  const std::string page = export_html(session);
  CHECK_FALSE(contains(page, "<script"));
  CHECK_FALSE(contains(page, "<img"));
  CHECK_FALSE(contains(page, "<b>"));
  CHECK_FALSE(contains(page, "style=\""));  // no inline style attributes, ever
  CHECK(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK(contains(page, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
  CHECK(contains(page, "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;"));
  CHECK(contains(page, "<style>\n"));
  CHECK_FALSE(contains(page, "<link"));

  ExportOptions served;
  served.css = ExportOptions::Css::linked;
  const std::string linked = export_html(session, served);
  CHECK(contains(linked, "<link rel=\"stylesheet\" href=\"/css/report.css\">"));
  CHECK_FALSE(contains(linked, "<style"));
  CHECK_FALSE(contains(linked, "style=\""));
  CHECK_FALSE(contains(export_html(workshop_session(), served), "style=\""));
  CHECK_FALSE(contains(export_html(workshop_session(), served), "<script"));
}

TEST_CASE("transcripts: Markdown escapes what Markdown would read as syntax") {
  CHECK(markdown_escape("plain words, don't (really).") == "plain words, don't (really).");
  CHECK(markdown_escape("*bold* _it_ `code` [link](x) <b> a|b ~s~ #1 \\") ==
        "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\> a\\|b \\~s\\~ \\#1 \\\\");
  CHECK(markdown_escape("Eli & Jo") == "Eli & Jo");
  CHECK(markdown_escape("&amp;") == "\\&amp;");
  CHECK(markdown_escape("- item") == "\\- item");
  CHECK(markdown_escape("+1") == "\\+1");
  CHECK(markdown_escape("1984. It was") == "1984\\. It was");
  CHECK(markdown_escape("1984 was") == "1984 was");
  CHECK(markdown_escape("well-known") == "well-known");
  CHECK(markdown_escape("two\nlines") == "two lines");

  const std::string md = export_markdown(hostile_session());
  CHECK_FALSE(contains(md, "<script>"));
  CHECK_FALSE(contains(md, "\"><img"));
  CHECK(contains(md, "\"\\>\\<img src=x onerror=alert(1)\\>"));
  CHECK(contains(md, "\\<script\\>alert(1)\\</script\\>"));
  CHECK(contains(md, "\\*Bo\\* \\[x\\](http://evil.example) \\| \\#1"));
}

TEST_CASE("transcripts: anonymous exports use pseudonyms by order of joining, the same in every format and every run") {
  CHECK(pseudonym_letters(0) == "A");
  CHECK(pseudonym_letters(25) == "Z");
  CHECK(pseudonym_letters(26) == "AA");
  CHECK(pseudonym_letters(27) == "AB");
  CHECK(pseudonym_letters(701) == "ZZ");
  CHECK(pseudonym_letters(702) == "AAA");

  const SessionRecord session = workshop_session();
  ExportOptions options;
  options.anonymous = true;
  const auto texts = all_formats(session, options);
  for (const auto& text : texts) {
    for (const std::string name : {"Chlo\u00e9", "Eli & Jo", "Eli &amp; Jo", "Eli \\& Jo", "Fatima", "Gus"}) {
      CAPTURE(name);
      CHECK_FALSE(contains(text, name));
    }
    // The facilitator's note is left out.
    CHECK_FALSE(contains(text, "hesitated"));
  }
  const json j = json::parse(texts[0]);
  CHECK(j["anonymous"] == true);
  for (std::size_t i = 0; i < 7; ++i) CHECK(j["participants"][i]["name"] == "Participant " + pseudonym_letters(i));
  CHECK_FALSE(j["roomEvents"][1].contains("data"));
  CHECK(contains(texts[1], ",p3,Participant C,"));
  CHECK(contains(texts[2], "Participant C"));
  CHECK(contains(texts[3], "Participant C"));
  CHECK(all_formats(session, options) == texts);  // the same again

  // Stable as the session goes on: a newcomer takes the next letter and changes nobody else's.
  SessionRecord later = session;
  later.participants.push_back({"KDWM", "p8", "Hana", "tok-secret-p8", session_start_ms + 1500000});
  const json again = json::parse(export_json(later, options));
  for (std::size_t i = 0; i < 8; ++i) CHECK(again["participants"][i]["name"] == "Participant " + pseudonym_letters(i));
  CHECK(export_csv(later, options) == texts[1]);  // Hana played no round
}

TEST_CASE("transcripts: a round whose record cannot be read is reported, and the rest is exported") {
  SessionRecord session = workshop_session();
  // A round with a config this Earshot does not know, and one whose events do not replay.
  session.rounds.push_back({"KDWM", "r5", R"({"v":1,"game":"charades","circles":[]})", session_start_ms + 1100000, std::nullopt});
  session.rounds.push_back({"KDWM", "r6", session.rounds[0].config, session_start_ms + 1150000, std::nullopt});
  earshot::store::Event bad;
  bad.session = "KDWM";
  bad.round = "r6";
  bad.kind = "word";
  bad.actor = "p1";
  bad.payload = R"({"v":1,"seq":1,"at":5,"kind":"word","actor":"p1","circle":"c9","data":{}})";
  session.events.push_back(bad);
  // Room-level events of kinds nobody here knows, with payloads of any shape.
  earshot::store::Event odd;
  odd.session = "KDWM";
  odd.kind = "kicked";
  odd.actor = "facilitator";
  odd.payload = R"([1,{"token":"tok-secret-x","why":"test"}])";
  session.events.push_back(odd);

  for (const auto& text : all_formats(session, {})) {
    CHECK(contains(text, "toner"));  // the readable rounds are all there
    CHECK_FALSE(contains(text, "tok-secret"));
  }
  const json j = json::parse(export_json(session));
  REQUIRE(j["rounds"].size() == 6);
  CHECK(j["rounds"][4]["results"].is_null());
  CHECK(contains(j["rounds"][4]["error"].get<std::string>(), "not valid"));
  CHECK(j["rounds"][5]["results"].is_null());
  CHECK(j["rounds"][5]["events"].size() == 1);
  CHECK(j["roomEvents"].back()["data"] == json::parse(R"([1,{"why":"test"}])"));
  CHECK(contains(export_markdown(session), "## Round 5\n\nThis round's record could not be read: "));
  CHECK(contains(export_html(session), "<p class=\"error\">This round&#39;s record could not be read: "));
}

TEST_CASE("transcripts: a round still running and a session still open export what there is") {
  SessionBuilder s("ACDE");
  s.participant("p1", "Ana", session_start_ms + 1000);
  s.participant("p2", "Ben", session_start_ms + 2000);
  auto r = s.round("r1", round_config("chain", {{"p1", "p2"}}, {{"seedWord", "cold"}}), session_start_ms + 5000);
  r.facilitator("start");
  r.now += 800;
  r.word("p1", "ice");
  s.round("r2", round_config("spiv", {{"p1", "p2"}}, {{"prompt", "soon"}}), session_start_ms + 9000);
  ExportOptions options;
  options.utc_offset_minutes = 60;
  const std::string md = export_markdown(s.record, options);
  CHECK(contains(md, "Created 2024-03-14 10:00 UTC+01:00, still open when exported."));
  CHECK(contains(md, "- Played: from 10:00:05 UTC+01:00, still running when exported"));
  CHECK(contains(md, "> cold \u2192 ice\n"));
  CHECK(contains(md, "- Played: not started"));
  options.utc_offset_minutes = -330;
  CHECK(contains(export_html(s.record, options), "Created 2024-03-14 03:30 UTC-05:30"));
  const auto rows = parse_csv(export_csv(s.record));
  REQUIRE(rows.size() == 2);
  CHECK(rows[1] == std::vector<std::string>{"r1", "chain", "c1", "p1", "Ana", "word", "cold", "ice", "800", "800"});
}

TEST_CASE("transcripts: a story's proposed titles and the vote") {
  SessionBuilder s("TTLE");
  s.participant("p1", "Ana", session_start_ms + 1000);
  s.participant("p2", "Ben", session_start_ms + 2000);
  s.participant("p3", "Cy", session_start_ms + 3000);
  auto r = s.round("r1", round_config("waat", {{"p1", "p2", "p3"}}, {{"titleVote", true}}), session_start_ms + 5000);
  r.facilitator("start");
  r.word("p1", "Paper").word("p2", "jammed").word("p3", "again.");
  r.facilitator("next");
  r.answer("p1", "Jam session").answer("p2", "Paper cut").answer("p3", "Again!");
  r.facilitator("reveal").facilitator("next");
  r.send("p1", "pick", {{"answer", 2}}).send("p2", "pick", {{"answer", 1}});
  r.send("p3", "pick", {{"answer", 1}});
  r.end();
  const std::string md = export_markdown(s.record);
  CHECK(contains(md, "> Paper jammed again.\n"));
  CHECK(contains(md, "### Titles for the story\n\n- **Jam session** by Ana: 2 votes\n- **Paper cut** by Ben: 1 vote\n"
                     "- **Again!** by Cy: 0 votes\n"));
  CHECK(contains(md, "#### Votes\n\n- \u201cJam session\u201d (Ana): picked by Ben, Cy\n"));
  const std::string page = export_html(s.record);
  CHECK(contains(page, "<li><strong>Jam session</strong> <span class=\"by\">by Ana</span> <span class=\"count\">2 votes</span></li>"));
  const auto rows = parse_csv(export_csv(s.record));
  REQUIRE(rows.size() == 1 + 3 + 3 + 3);
  CHECK(rows[4][5] == "title");
  CHECK(rows[7] == std::vector<std::string>{"r1", "waat", "c1", "p1", "Ana", "vote", "", "Paper cut", rows[7][8], ""});
}

TEST_CASE("transcripts: a session read back from the store exports the same as the records written") {
  const earshot::test::TempDir temp("earshot-transcripts");
  const fs::path& dir = temp.path();
  const SessionRecord session = workshop_session();
  {
    earshot::store::Options o;
    o.dir = dir;
    earshot::store::EventStore store(o);
    earshot::test::write_session(store, session);
    const auto loaded = load_session(store, "KDWM");
    REQUIRE(loaded);
    CHECK(loaded->session == session.session);
    CHECK(loaded->participants == session.participants);
    CHECK(loaded->rounds == session.rounds);
    CHECK(loaded->events.size() == session.events.size());
    for (const auto format : {Format::json, Format::csv, Format::markdown, Format::html})
      CHECK(export_session(*loaded, format) == export_session(session, format));
    CHECK_FALSE(load_session(store, "NONE"));
  }

}

TEST_CASE("transcripts: formats by name, and the report's style sheet") {
  CHECK(parse_format("json") == Format::json);
  CHECK(parse_format("csv") == Format::csv);
  CHECK(parse_format("md") == Format::markdown);
  CHECK(parse_format("markdown") == Format::markdown);
  CHECK(parse_format("html") == Format::html);
  CHECK_FALSE(parse_format("pdf"));
  CHECK_FALSE(parse_format("JSON"));
  CHECK(file_extension(Format::markdown) == "md");
  CHECK(media_type(Format::csv).starts_with("text/csv"));
  CHECK(contains(std::string(report_css()), "@media print"));
  // The server serves this very text at /css/report.css (tests/integration/test_history.cpp).
}

TEST_CASE("transcripts: a round of a workshop plan says which activity it was, in every report") {
  SessionBuilder s("PLAN");
  s.participant("p1", "Ana", session_start_ms + 1000);
  s.participant("p2", "Ben", session_start_ms + 2000);
  s.round("r1", round_config("spiv", {{"p1", "p2"}}, {{"prompt", "soon"}}), session_start_ms + 5000);
  s.round("r2", round_config("spiv", {{"p1", "p2"}}, {{"prompt", "later"}}), session_start_ms + 9000);
  // The room's plan moved on with round 2 (server/rooms/room_plan.cpp); round 1 was unplanned.
  earshot::store::Event progress;
  progress.session = "PLAN";
  progress.kind = "plan";
  progress.actor = "facilitator";
  progress.payload = R"({"next":3,"current":2,"ran":[0,2],"round":"r2","activity":{"index":2,"of":6,"title":"Retell <the> story"}})";
  s.record.events.push_back(progress);

  const json j = json::parse(export_json(s.record));
  CHECK_FALSE(j["rounds"][0].contains("activity"));
  CHECK(j["rounds"][1]["activity"] == json{{"index", 2}, {"of", 6}, {"title", "Retell <the> story"}});
  const std::string md = export_markdown(s.record);
  CHECK(contains(md, "## Round 2: Same prompt, individual views\n\n*Activity 3 of 6: Retell \\<the\\> story*\n\n"));
  CHECK(contains(export_html(s.record), "<p class=\"activity\">Activity 3 of 6: Retell &lt;the&gt; story</p>"));
  CHECK_FALSE(contains(export_html(s.record), "Activity 1 of"));
}
