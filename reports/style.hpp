#pragma once
// The HTML report's style sheet, reports/report.css, compiled in at build time (cmake/embed.cmake)
// so that a report exported from the command line carries it; report_css() (transcripts.hpp)
// hands it out.

#include <string_view>
#include <utility>
#include <vector>

namespace earshot::reports {

// One file: {"report", the bytes of report.css}.
const std::vector<std::pair<std::string_view, std::string_view>>& report_style_files();

}  // namespace earshot::reports
