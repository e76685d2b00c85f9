#pragma once
// Exports of a whole session (one room): JSON for programs, CSV for spreadsheets, Markdown for
// notes, and an HTML debrief report to print. Pure functions of the stored records: every round
// is rebuilt from its config and events (games::replay) and its results come from
// games::Round::results_model (games/results.hpp). docs/transcripts.md describes each format
// exactly; they are stable.
//
// Nothing here ever writes a participant's token. Everything people typed (names, words,
// answers) is escaped for the format it goes into. With `anonymous`, names are replaced by
// pseudonyms ("Participant A", "Participant B", ...) given in order of joining, so the same
// person has the same pseudonym in every format and every export of the session.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace earshot::reports {

// Everything stored about one session.
struct SessionRecord {
  store::Session session;
  std::vector<store::Participant> participants;  // in order of joining
  std::vector<store::Round> rounds;              // in order of starting
  std::vector<store::Event> events;              // every event of the session (rounds' and room-level), in seq order
};

// Reads one session from the store; nullopt if there is no session `code`. Throws StoreError.
std::optional<SessionRecord> load_session(const store::EventStore& store, const std::string& code);

enum class Format { json, csv, markdown, html };

// "json", "csv", "md" (or "markdown"), "html"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);
std::string_view file_extension(Format format);  // "json", "csv", "md", "html"
std::string_view media_type(Format format);      // "application/json", "text/csv; charset=utf-8", ...

struct ExportOptions {
  // Names become "Participant A", "Participant B", ... (in order of joining). The facilitator's
  // notes are left out too. What people typed is kept as it is.
  bool anonymous = false;
  // HTML only. Embedded: the style sheet goes inside the page, which then reads well as a file on
  // its own (command-line export). Linked: the page links `css_href` instead, for serving under
  // a Content-Security-Policy that allows no inline styles.
  enum class Css { embedded, linked };
  Css css = Css::embedded;
  std::string css_href = "/css/report.css";
  // Times shown to people (Markdown, HTML) are the stored times shifted by this many minutes and
  // labelled with the offset ("UTC", "UTC+01:00"). JSON and CSV carry raw milliseconds.
  int utc_offset_minutes = 0;
};

std::string export_json(const SessionRecord& record, const ExportOptions& options = {});
std::string export_csv(const SessionRecord& record, const ExportOptions& options = {});
std::string export_markdown(const SessionRecord& record, const ExportOptions& options = {});
std::string export_html(const SessionRecord& record, const ExportOptions& options = {});
std::string export_session(const SessionRecord& record, Format format, const ExportOptions& options = {});

// The HTML report's style sheet, reports/report.css (what Css::linked expects to find at css_href).
std::string_view report_css();

// Helpers, public for their tests.
// A pseudonym's letters: 0 -> "A", 25 -> "Z", 26 -> "AA", 27 -> "AB", ...
std::string pseudonym_letters(std::size_t index);
// One CSV field: spreadsheet formulas defused (a leading = + - @, tab or carriage return gets a
// ' in front), then quoted as RFC 4180 says when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view text);
std::string html_escape(std::string_view text);
// Text set inline in Markdown: characters Markdown would read as syntax are backslash-escaped,
// and line breaks become spaces.
std::string markdown_escape(std::string_view text);

}  // namespace earshot::reports
