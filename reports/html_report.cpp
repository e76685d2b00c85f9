// The HTML debrief report (docs/transcripts.md, "HTML"): a page to print, set by the shared walk
// of reports/report_writer.hpp, with bar charts as inline SVG and the style sheet of
// reports/report.css (embedded at build time, reports/style.hpp).
#include <algorithm>
#include <cmath>

#include "reports/report_writer.hpp"
#include "reports/style.hpp"
#include "reports/time_format.hpp"
#include "reports/wording.hpp"

namespace earshot::reports {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string_view report_css() { return report_style_files().front().second; }

namespace {

std::string h(std::string_view text) { return html_escape(text); }

std::vector<std::string> h_all(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(h(t));
  return out;
}

// The first `max` code points of UTF-8 text, with "…" if anything was cut.
std::string truncate_utf8(const std::string& text, std::size_t max) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (points == max) return text.substr(0, i) + "\u2026";
      ++points;
    }
  }
  return text;
}

// One bar of a chart: its label, its length (0..1 of the longest possible) and the text after it.
struct Bar {
  std::string label, value;
  double length = 0;
};

// A horizontal bar chart as inline SVG: no script, no style attribute (the page's
// Content-Security-Policy allows neither); colours come from the style sheet, with presentation
// attributes as the fallback.
std::string svg_bars(const std::string& title, const std::vector<Bar>& bars) {
  constexpr int width = 640, label_width = 200, bar_left = 210, bar_space = 340, row = 28, bar_height = 18;
  const int height = static_cast<int>(bars.size()) * row + 6;
  std::string out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(width) + " " +
                    std::to_string(height) + "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(height) +
                    "\" role=\"img\" aria-label=\"" + h(title) + "\">\n<title>" + h(title) + "</title>\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int top = static_cast<int>(i) * row + 4;
    const int bar = static_cast<int>(std::lround(std::clamp(bars[i].length, 0.0, 1.0) * bar_space));
    const std::string baseline = std::to_string(top + 14);
    out += "<text class=\"chart-label\" x=\"" + std::to_string(label_width) + "\" y=\"" + baseline +
           "\" text-anchor=\"end\" font-size=\"14\">" + h(truncate_utf8(bars[i].label, 24)) + "</text>";
    if (bar > 0) {
      out += "<rect class=\"chart-bar\" x=\"" + std::to_string(bar_left) + "\" y=\"" + std::to_string(top) + "\" width=\"" +
             std::to_string(bar) + "\" height=\"" + std::to_string(bar_height) + "\" rx=\"2\" fill=\"#2f6690\"/>";
    }
    out += "<text class=\"chart-value\" x=\"" + std::to_string(bar_left + bar + 6) + "\" y=\"" + baseline +
           "\" font-size=\"14\">" + h(bars[i].value) + "</text>\n";
  }
  return out + "</svg>";
}

// A table's head row: one column heading per name.
std::string table_head(const std::vector<std::string>& names) {
  std::string out = "<thead><tr>";
  for (const auto& name : names) out += "<th scope=\"col\">" + h(name) + "</th>";
  return out + "</tr></thead>\n";
}

std::string chart(const std::string& caption, const std::string& title, const std::vector<Bar>& bars) {
  return "<figure class=\"chart-box\">\n<figcaption>" + h(caption) + "</figcaption>\n" + svg_bars(title, bars) + "\n</figure>\n";
}

class HtmlWriter final : public ReportWriter {
 public:
  explicit HtmlWriter(const ExportOptions& options) : options_(options) {}
  std::string take() { return std::move(out_); }

  void begin_session(const SessionFacts& f) override {
    out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>" + h(say("report.page_title", {{"code", f.code}})) + "</title>\n";
    if (options_.css == ExportOptions::Css::linked) {
      out_ += "<link rel=\"stylesheet\" href=\"" + h(options_.css_href) + "\">\n";
    } else {
      out_ += "<style>\n" + std::string(report_css()) + "</style>\n";
    }
    out_ += "</head>\n<body>\n<header class=\"report-head\">\n<p class=\"kicker\">" + h(say("report.report_title")) + "</p>\n<h1>" +
            h(say("report.session", {{"code", f.code}})) + "</h1>\n";
    const std::string when = say("report.created", {{"when", f.created}}) + " \u00b7 " +
                             (f.closed ? say("report.closed", {{"when", *f.closed}}) : say("report.still_open"));
    out_ += "<p class=\"meta\">" + h(when) + " \u00b7 " + rounds_text(f.rounds) + " \u00b7 " + participants_text(f.participants) +
            "</p>\n";
    if (!f.names.empty()) {
      out_ += "<p class=\"people\"><strong>" + h(say("report.participants")) + "</strong> " + h(say("report.in_order_of_joining")) + ": " +
              join(h_all(f.names), ", ") + "</p>\n";
    }
    if (f.anonymous) out_ += "<p class=\"note\">" + h(say("report.pseudonyms")) + "</p>\n";
    if (!f.round_titles.empty()) {
      out_ += "<nav class=\"toc\" aria-label=\"" + h(say("report.rounds")) + "\">\n<ol>\n";
      for (std::size_t i = 0; i < f.round_titles.size(); ++i) {
        out_ += "<li><a href=\"#round-" + std::to_string(i + 1) + "\">" + h(f.round_titles[i]) + "</a></li>\n";
      }
      out_ += "</ol>\n</nav>\n";
    }
    out_ += "</header>\n<main>\n";
  }
  void end_session() override { out_ += "</main>\n</body>\n</html>\n"; }

  void begin_round(std::size_t number, const std::optional<std::string>& title) override {
    const std::string id = "round-" + std::to_string(number);
    out_ += "<section class=\"round\" id=\"" + id + "\" aria-labelledby=\"" + id + "-title\">\n";
    out_ += "<h2 id=\"" + id + "-title\"><span class=\"number\">" + h(say("report.round", {{"n", std::to_string(number)}})) + "</span> ";
    out_ += (title ? h(*title) : std::string()) + "</h2>\n";
  }
  void unreadable(const std::string& error) override {
    out_ += "<p class=\"error\">" + h(say("report.unreadable", {{"error", error}})) + "</p>\n";
  }

  void round_facts(const RoundFacts& f) override {
    if (f.activity) out_ += "<p class=\"activity\">" + h(*f.activity) + "</p>\n";
    out_ += "<dl class=\"facts\">\n";
    for (const auto& [label, text] : f.subject) out_ += "<dt>" + h(label) + "</dt><dd class=\"subject\">" + h(text) + "</dd>\n";
    std::vector<std::string> circles;
    for (const auto& [id, names] : f.circles) circles.push_back("<span class=\"circle-id\">" + h(circle_name(id)) + "</span> " + join(h_all(names), ", "));
    out_ += "<dt>" + h(say("report.circles")) + "</dt><dd>" + join(circles, "<br>") + "</dd>\n";
    out_ += "<dt>" + h(say("report.options")) + "</dt><dd>" + h(join(f.options, ", ")) + "</dd>\n";
    out_ += "<dt>" + h(say("report.played")) + "</dt><dd>" + h(f.played) + "</dd>\n";
    if (!f.reactions.empty()) {
      std::vector<std::string> reactions;
      for (const auto& [reaction, count] : f.reactions) reactions.push_back(h(say_for("reaction.*", reaction)) + " " + std::to_string(count));
      out_ += "<dt>" + h(say("report.reactions")) + "</dt><dd>" + join(reactions, ", ") + "</dd>\n";
    }
    out_ += "</dl>\n";
  }

  void notes(const std::vector<std::string>& notes) override {
    out_ += "<section class=\"notes\">\n<h3>" + h(say("report.notes")) + "</h3>\n<ul>\n";
    for (const auto& note : notes) out_ += "<li>" + h(note) + "</li>\n";
    out_ += "</ul>\n</section>\n";
  }
  void end_round() override { out_ += "</section>\n"; }

  void begin_circles() override { out_ += "<div class=\"circles\">\n"; }
  void begin_circle(const std::string& id, const std::vector<std::string>& names) override {
    out_ += "<article class=\"circle\">\n<h3>" + h(circle_name(id)) + " <span class=\"members\">" +
            join(h_all(names), ", ") + "</span></h3>\n";
  }

  void story(const std::vector<Turn>& turns) override {
    std::vector<std::string> words;
    for (const auto& t : turns) {
      if (t.pass.empty()) words.push_back(h(t.word));
    }
    out_ += words.empty() ? "<p class=\"empty\">" + h(say("report.no_words")) + "</p>\n"
                          : "<blockquote class=\"story\">" + join(words, " ") + "</blockquote>\n";
    if (turns.empty()) return;
    out_ += "<p class=\"authors\"><span class=\"label\">" + h(say("report.who_said_what")) + "</span> ";
    std::vector<std::string> who;
    for (const auto& t : turns) {
      if (!t.pass.empty()) who.push_back("<span class=\"pass\">" + h(pass_phrase(t.by, t.pass)) + "</span>");
      else who.push_back("<span class=\"word\">" + h(t.word) + "</span> <span class=\"by\">" + h(t.by) + "</span>");
    }
    out_ += join(who, " \u00b7 ") + "</p>\n";
  }

  void chain(const std::string& seed, const std::vector<Turn>& turns) override {
    std::vector<std::string> words = {"<span class=\"seed\">" + h(seed) + "</span>"};
    for (const auto& t : turns) {
      if (t.pass.empty()) words.push_back(h(t.word));
    }
    out_ += "<p class=\"chain\">" + join(words, " \u2192 ") + "</p>\n";
    if (turns.empty()) return;
    out_ += "<table class=\"turns\">\n" + table_head({h(say("report.column.turn")), h(say("report.column.word")), h(say("report.column.by")), h(say("report.column.response"))}) + "<tbody>\n";
    std::size_t turn = 0;
    for (const auto& t : turns) {
      const bool pass = !t.pass.empty();
      out_ += std::string(pass ? "<tr class=\"pass\">" : "<tr>") + "<td>" + std::to_string(++turn) + "</td><td>" +
              (pass ? h(pass_reason(t.pass)) : h(t.word)) + "</td><td>" + h(t.by) + "</td><td>" +
              seconds(static_cast<double>(t.response_ms)) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void circle_figures(const CircleFigureFacts& f) override {
    std::vector<Bar> bars;
    std::size_t most = 1;
    for (const auto& [name, words] : f.words) most = std::max(most, words);
    for (const auto& [name, words] : f.words) {
      bars.push_back({name, std::to_string(words), static_cast<double>(words) / static_cast<double>(most)});
    }
    if (!bars.empty()) out_ += chart(say("report.words_per_participant"), say("report.words_per_participant_in", {{"circle", circle_name(f.circle)}}), bars);
    out_ += "<p class=\"figures\">" + h(say("report.balance", {{"value", fixed(f.gini, 2)}}));
    if (f.median_ms) out_ += " \u00b7 " + h(say("report.median_response_time", {{"value", seconds(*f.median_ms)}}));
    out_ += " \u00b7 " + passes_text(f.passes) + " \u00b7 " + h(circle_done_sentence(f.story, f.done)) + "</p>\n";
  }
  void end_circle() override { out_ += "</article>\n"; }
  void end_circles() override { out_ += "</div>\n"; }

  void begin_set(const std::string& heading) override { out_ += "<section class=\"set\">\n<h3>" + h(heading) + "</h3>\n"; }
  void no_answers() override { out_ += "<p class=\"empty\">" + h(say("report.no_answers")) + "</p>\n"; }

  void retellings(const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>& by_circle) override {
    out_ += "<div class=\"side-by-side\">\n";
    for (const auto& [circle, told] : by_circle) {
      out_ += "<div class=\"column\">\n";
      if (by_circle.size() > 1) out_ += "<h4>" + h(circle_name(circle)) + "</h4>\n";
      out_ += "<ul class=\"retellings\">\n";
      for (const auto& [by, text] : told) out_ += "<li><span class=\"by\">" + h(by) + ":</span> " + h(text) + "</li>\n";
      out_ += "</ul>\n</div>\n";
    }
    out_ += "</div>\n";
  }

  void titles(const std::vector<std::tuple<std::string, std::string, std::optional<std::size_t>>>& titles) override {
    out_ += "<ul class=\"titles\">\n";
    for (const auto& [text, by, votes] : titles) {
      out_ += "<li><strong>" + h(text) + "</strong> <span class=\"by\">" + h(say("report.by", {{"name", by}})) + "</span>";
      if (votes) out_ += " <span class=\"count\">" + votes_text(*votes) + "</span>";
      out_ += "</li>\n";
    }
    out_ += "</ul>\n";
  }

  void groups(const GroupFacts& f) override {
    const auto& m = f.measures;
    out_ += "<p class=\"figures\">" + h(answers_in_groups(m.answers, m.clusters)) + " \u00b7 " + h(say("report.diversity", {{"value", fixed(m.entropy, 2)}})) + " \u00b7 " +
            h(say("report.largest_group", {{"value", percent(m.largest_share)}})) + "</p>\n";
    // Bars are drawn to the scale of the largest group; their text gives the share of all answers.
    std::vector<Bar> bars;
    const double largest = std::max(m.largest_share, 1e-9);
    for (const auto& g : f.groups) {
      const double share = m.answers ? static_cast<double>(g.count) / static_cast<double>(m.answers) : 0.0;
      bars.push_back({g.label, std::to_string(g.count) + " \u00b7 " + percent(share), share / largest});
    }
    out_ += chart(say("report.share_per_group"), say("report.share_per_group_in", {{"heading", f.heading}}), bars);
    out_ += "<ul class=\"clusters\">\n";
    std::vector<std::string> unique;
    for (const auto& g : f.groups) {
      const std::string who = join(h_all(g.names), ", ");
      const std::string label = h(g.label);
      out_ += "<li><span class=\"count\">" + h(count_said(g.count)) + "</span> <strong>" + label +
              "</strong> <span class=\"by\">(" + who + ")</span>";
      if (!g.spellings.empty()) {
        std::vector<std::string> spellings;
        for (const auto& sp : g.spellings) spellings.push_back(h(quoted(sp)));
        out_ += "<span class=\"spellings\">" + h(say("report.spelled", {{"spellings", join(spellings, ", ")}})) + "</span>";
      }
      out_ += "</li>\n";
      if (g.unique) unique.push_back("<strong>" + label + "</strong> (" + who + ")");
    }
    out_ += "</ul>\n";
    if (!unique.empty()) {
      out_ += "<p class=\"unique\"><span class=\"label\">" + h(say("report.unique_answers")) + "</span> " + join(unique, "; ") + "</p>\n";
    }
  }

  void circle_measures(const std::vector<games::CircleMeasures>& circles) override {
    out_ += "<table class=\"measures\">\n" + table_head({h(say("report.column.circle")), h(say("report.column.answers")), h(say("report.column.groups")), h(say("report.column.diversity")),
                         h(say("report.column.largest_group"))}) + "<tbody>\n";
    for (const auto& [circle, m] : circles) {
      out_ += "<tr><td>" + h(circle_name(circle)) + "</td><td>" + std::to_string(m.answers) + "</td><td>" + std::to_string(m.clusters) +
              "</td><td>" + fixed(m.entropy, 2) + "</td><td>" + percent(m.largest_share) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void predictions(const games::PredictMeasures& m, const std::vector<Guess>& guesses) override {
    out_ += "<h4>" + h(say("report.predictions")) + "</h4>\n<p class=\"figures\">" + h(guesses_matched(m.matches, m.pairs)) + " (" +
            percent(m.match_rate) + ")</p>\n";
    if (guesses.empty()) return;
    out_ += "<table class=\"predictions\">\n" + table_head({h(say("report.column.who")), h(say("report.column.guessed")), h(say("report.column.about")), h(say("report.column.who_said")),
                         h(say("report.column.match"))}) + "<tbody>\n";
    for (const auto& g : guesses) {
      out_ += std::string(g.match ? "<tr class=\"match\">" : "<tr>") + "<td>" + h(g.guesser) + "</td><td>" + h(quoted(g.guess)) +
              "</td><td>" + h(g.target) + "</td><td>" + h(quoted(g.actual)) + "</td><td>" + h(say(g.match ? "report.yes" : "report.no")) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void picks(const std::string& title, const std::vector<PickedAnswer>& answers) override {
    out_ += "<h4>" + h(title) + "</h4>\n<ul class=\"picks\">\n";
    for (const auto& a : answers) {
      out_ += "<li><strong>" + h(quoted(a.text)) + "</strong> <span class=\"by\">(" + h(a.by) + ")</span>" +
              h(say("report.picked_by", {{"names", join(a.pickers, ", ")}})) + "</li>\n";
    }
    out_ += "</ul>\n";
  }
  void end_set() override { out_ += "</section>\n"; }

  void comparison(const games::CircleComparison& cmp) override {
    out_ += "<section class=\"comparison\">\n<h3>" + h(say("report.comparison")) +
            "</h3>\n<table class=\"measures\">\n<thead><tr><th scope=\"col\">" + h(say("report.column.measure")) + "</th>";
    for (const auto& c : cmp.circles) out_ += "<th scope=\"col\">" + h(circle_name(c)) + "</th>";
    out_ += "<th scope=\"col\">" + h(say("report.column.spread")) + "</th></tr></thead>\n<tbody>\n";
    for (const auto& row : cmp.rows) {
      out_ += "<tr><th scope=\"row\">" + h(figure_name(row.figure)) + "</th>";
      for (const auto& v : row.values) out_ += "<td>" + (v ? figure_value(row.figure, *v) : "") + "</td>";
      out_ += "<td>" + figure_value(row.figure, row.spread) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  void highlights(const std::vector<std::string>& sentences) override {
    out_ += "<section class=\"highlights\">\n<h3>" + h(say("report.highlights")) + "</h3>\n<ul>\n";
    for (const auto& s : sentences) out_ += "<li>" + h(s) + "</li>\n";
    out_ += "</ul>\n</section>\n";
  }

  void participants(bool words, const std::vector<ParticipantRow>& rows) override {
    out_ += "<section class=\"people-figures\">\n<h3>" + h(say("report.per_participant")) +
            "</h3>\n<table class=\"measures\">\n";
    out_ += table_head({h(say("report.column.participant")), say(words ? "report.column.words" : "report.column.answers"),
                        h(say("report.column.distinct")), h(say("report.column.median_response"))}) +
            "<tbody>\n";
    for (const auto& r : rows) {
      out_ += "<tr><th scope=\"row\">" + h(r.name) + "</th><td>" + std::to_string(r.contributions) + "</td><td>" +
              std::to_string(r.distinct) + "</td><td>" + (r.median_ms ? seconds(*r.median_ms) : "") + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

 private:
  const ExportOptions& options_;
  std::string out_;
};

}  // namespace

std::string export_html(const SessionRecord& record, const ExportOptions& options) {
  const PreparedSession p(record, options);
  HtmlWriter writer(options);
  write_report(p, writer);
  return writer.take();
}

}  // namespace earshot::reports
