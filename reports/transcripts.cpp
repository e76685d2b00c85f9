// Session exports (docs/transcripts.md): the formats by name, and one entry for all of them.
// Each format has its file: json_export.cpp, csv_export.cpp, and the two reports people read,
// markdown_report.cpp and html_report.cpp, written by one walk (report_walk.cpp). Loading and
// replaying is session.cpp's; the words, wording.cpp's; numbers and times, time_format.cpp's.
#include "reports/transcripts.hpp"

namespace earshot::reports {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "json") return Format::json;
  if (name == "csv") return Format::csv;
  if (name == "md" || name == "markdown") return Format::markdown;
  if (name == "html") return Format::html;
  return std::nullopt;
}

std::string_view file_extension(Format format) {
  switch (format) {
    case Format::json: return "json";
    case Format::csv: return "csv";
    case Format::markdown: return "md";
    case Format::html: return "html";
  }
  return "";
}

std::string_view media_type(Format format) {
  switch (format) {
    case Format::json: return "application/json";
    case Format::csv: return "text/csv; charset=utf-8; header=present";
    case Format::markdown: return "text/markdown; charset=utf-8";
    case Format::html: return "text/html; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string export_session(const SessionRecord& record, Format format, const ExportOptions& options) {
  switch (format) {
    case Format::json: return export_json(record, options);
    case Format::csv: return export_csv(record, options);
    case Format::markdown: return export_markdown(record, options);
    case Format::html: return export_html(record, options);
  }
  return {};
}

}  // namespace earshot::reports
