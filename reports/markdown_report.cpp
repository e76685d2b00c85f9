// The Markdown export (docs/transcripts.md, "Markdown"): notes to keep, set by the shared walk
// of reports/report_writer.hpp.
#include <cctype>

#include "reports/report_writer.hpp"
#include "reports/time_format.hpp"
#include "reports/wording.hpp"

namespace earshot::reports {

std::string markdown_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  // At the start of a line (or of a list item) these would make a list, a heading or a rule.
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const bool numbered = digits > 0 && digits < text.size() && (text[digits] == '.' || text[digits] == ')');
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    switch (ch) {
      case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '#': case '|': case '~':
        out += '\\';
        out += ch;
        break;
      case '&': {
        // Only where it could start an entity ("&amp;", "&#39;").
        const char next = i + 1 < text.size() ? text[i + 1] : ' ';
        if (std::isalnum(static_cast<unsigned char>(next)) || next == '#') out += '\\';
        out += ch;
        break;
      }
      case '-': case '+': case '=':
        if (i == 0) out += '\\';
        out += ch;
        break;
      case '.': case ')':
        if (numbered && i == digits) out += '\\';
        out += ch;
        break;
      case '\n': case '\r': case '\t': out += ' '; break;
      default: out += ch;
    }
  }
  return out;
}

namespace {

std::string md(const std::string& text) { return markdown_escape(text); }

std::vector<std::string> md_all(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(md(t));
  return out;
}

// A table's head row and the rule under it: "| a | b |\n| --- | ---: |\n" (numbers align right).
std::string table_head(const std::vector<std::string>& names, const std::vector<bool>& numbers) {
  std::string head = "|", rule = "|";
  for (std::size_t i = 0; i < names.size(); ++i) {
    head += " " + names[i] + " |";
    rule += numbers[i] ? " ---: |" : " --- |";
  }
  return head + "\n" + rule + "\n";
}

class MarkdownWriter final : public ReportWriter {
 public:
  std::string take() { return std::move(out_); }

  void begin_session(const SessionFacts& f) override {
    out_ += "# " + say("report.markdown_title", {{"code", md(f.code)}}) + "\n\n";
    out_ += say("report.created", {{"when", f.created}}) + ", " +
            (f.closed ? say("report.closed", {{"when", *f.closed}}) : say("report.still_open")) + ". " +
            rounds_text(f.rounds) + ", " + participants_text(f.participants) + ".\n\n";
    if (!f.names.empty()) {
      out_ += "**" + say("report.participants") + "** " + say("report.in_order_of_joining") + ": " + join(md_all(f.names), ", ") +
              ".\n\n";
    }
    if (f.anonymous) out_ += "*" + say("report.pseudonyms") + "*\n\n";
  }
  void end_session() override {}

  void begin_round(std::size_t number, const std::optional<std::string>& title) override {
    out_ += "---\n\n## " + say("report.round", {{"n", std::to_string(number)}});
    if (title) out_ += ": " + md(*title) + "\n\n";
  }
  void unreadable(const std::string& error) override { out_ += "\n\n" + say("report.unreadable", {{"error", md(error)}}) + "\n\n"; }

  void round_facts(const RoundFacts& f) override {
    if (f.activity) out_ += "*" + md(*f.activity) + "*\n\n";
    for (const auto& [label, text] : f.subject) out_ += "- " + label + ": " + (f.subject_quoted ? md(text) : "**" + md(text) + "**") + "\n";
    std::vector<std::string> circles;
    for (const auto& [id, names] : f.circles) circles.push_back(circle_name(id) + " (" + join(md_all(names), ", ") + ")");
    out_ += "- " + say("report.circles") + ": " + join(circles, "; ") + "\n";
    out_ += "- " + say("report.options") + ": " + join(f.options, ", ") + "\n";
    out_ += "- " + say("report.played") + ": " + f.played + "\n";
    if (!f.reactions.empty()) {
      std::vector<std::string> reactions;
      for (const auto& [reaction, count] : f.reactions) reactions.push_back(say_for("reaction.*", reaction) + " " + std::to_string(count));
      out_ += "- " + say("report.reactions") + ": " + join(reactions, ", ") + "\n";
    }
    out_ += "\n";
  }

  void notes(const std::vector<std::string>& notes) override {
    out_ += "### " + say("report.notes") + "\n\n";
    for (const auto& note : notes) out_ += "- " + md(note) + "\n";
    out_ += "\n";
  }
  void end_round() override {}

  void begin_circles() override {}
  void begin_circle(const std::string& id, const std::vector<std::string>& names) override {
    out_ += "### " + circle_name(id) + ": " + join(md_all(names), ", ") + "\n\n";
  }

  void story(const std::vector<Turn>& turns) override {
    std::vector<std::string> words, who;
    for (const auto& t : turns) {
      if (!t.pass.empty()) {
        who.push_back("*" + md(pass_phrase(t.by, t.pass)) + "*");
      } else {
        words.push_back(md(t.word));
        who.push_back(md(t.word) + " (" + md(t.by) + ")");
      }
    }
    out_ += words.empty() ? "*" + say("report.no_words") + "*\n\n" : "> " + join(words, " ") + "\n\n";
    if (!who.empty()) out_ += say("report.who_said_what") + " " + join(who, " \u00b7 ") + "\n\n";
  }

  void chain(const std::string& seed, const std::vector<Turn>& turns) override {
    std::vector<std::string> words = {md(seed)};
    for (const auto& t : turns) {
      if (t.pass.empty()) words.push_back(md(t.word));
    }
    out_ += "> " + join(words, " \u2192 ") + "\n\n";
    if (turns.empty()) return;
    out_ += table_head({say("report.column.turn"), say("report.column.word"), say("report.column.by"), say("report.column.response")},
                       {true, false, false, true});
    std::size_t turn = 0;
    for (const auto& t : turns) {
      const std::string what = t.pass.empty() ? md(t.word) : "*" + md(pass_reason(t.pass)) + "*";
      out_ += "| " + std::to_string(++turn) + " | " + what + " | " + md(t.by) + " | " +
              seconds(static_cast<double>(t.response_ms)) + " |\n";
    }
    out_ += "\n";
  }

  void circle_figures(const CircleFigureFacts& f) override {
    std::vector<std::string> per;
    for (const auto& [name, words] : f.words) per.push_back(md(name) + " " + std::to_string(words));
    out_ += say("report.words", {{"list", join(per, ", ")}}) + ". " + say("report.balance", {{"value", fixed(f.gini, 2)}});
    if (f.median_ms) out_ += ", " + say("report.median_response_time", {{"value", seconds(*f.median_ms)}});
    out_ += ", " + passes_text(f.passes) + ". " + circle_done_sentence(f.story, f.done) + ".\n\n";
  }
  void end_circle() override {}
  void end_circles() override {}

  void begin_set(const std::string& heading) override { out_ += "### " + md(heading) + "\n\n"; }
  void no_answers() override { out_ += "*" + say("report.no_answers") + "*\n\n"; }

  void retellings(const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>& by_circle) override {
    for (const auto& [circle, told] : by_circle) {
      if (by_circle.size() > 1) out_ += circle_name(circle) + ":\n\n";
      for (const auto& [by, text] : told) out_ += "- " + md(by) + ": " + md(text) + "\n";
      out_ += "\n";
    }
  }

  void titles(const std::vector<std::tuple<std::string, std::string, std::optional<std::size_t>>>& titles) override {
    for (const auto& [text, by, votes] : titles) {
      out_ += "- **" + md(text) + "** " + say("report.by", {{"name", md(by)}});
      if (votes) out_ += ": " + votes_text(*votes);
      out_ += "\n";
    }
    out_ += "\n";
  }

  void groups(const GroupFacts& f) override {
    const auto& m = f.measures;
    out_ += answers_in_groups(m.answers, m.clusters) + ". " + diversity_sentence(m.entropy, m.largest_share) + ".\n\n";
    std::vector<std::string> unique;
    for (const auto& g : f.groups) {
      const std::string who = join(md_all(g.names), ", ");
      out_ += "- " + count_said(g.count) + " **" + md(g.label) + "** (" + who + ")";
      if (!g.spellings.empty()) {
        std::vector<std::string> spellings;
        for (const auto& sp : g.spellings) spellings.push_back(quoted(md(sp)));
        out_ += say("report.spelled", {{"spellings", join(spellings, ", ")}});
      }
      out_ += "\n";
      if (g.unique) unique.push_back(md(g.label) + " (" + who + ")");
    }
    out_ += "\n";
    if (!unique.empty()) out_ += say("report.unique_answers") + " " + join(unique, "; ") + ".\n\n";
  }

  void circle_measures(const std::vector<games::CircleMeasures>& circles) override {
    std::vector<std::string> per;
    for (const auto& [circle, m] : circles) {
      per.push_back(circle_name(circle) + ": " + answers_in_groups(m.answers, m.clusters) + ", " +
                    say("report.diversity", {{"value", fixed(m.entropy, 2)}}) + ", " +
                    say("report.largest_group", {{"value", percent(m.largest_share)}}));
    }
    out_ += say("report.by_circle", {{"list", join(per, "; ")}}) + ".\n\n";
  }

  void predictions(const games::PredictMeasures& m, const std::vector<Guess>& guesses) override {
    out_ += "#### " + say("report.predictions") + "\n\n";
    out_ += guesses_matched(m.matches, m.pairs) + " (" + percent(m.match_rate) + ").\n\n";
    for (const auto& g : guesses) {
      out_ += "- " + guess_sentence(md(g.guesser), md(g.target), quoted(md(g.guess)), quoted(md(g.actual)), g.match) + "\n";
    }
    out_ += "\n";
  }

  void picks(const std::string& title, const std::vector<PickedAnswer>& answers) override {
    out_ += "#### " + title + "\n\n";
    for (const auto& a : answers) {
      out_ += "- " + quoted(md(a.text)) + " (" + md(a.by) + ")" + say("report.picked_by", {{"names", join(md_all(a.pickers), ", ")}}) + "\n";
    }
    out_ += "\n";
  }
  void end_set() override {}

  void comparison(const games::CircleComparison& cmp) override {
    out_ += "### " + say("report.comparison") + "\n\n| " + say("report.column.measure") + " |";
    std::string rule = "| --- |";
    for (const auto& c : cmp.circles) {
      out_ += " " + circle_name(c) + " |";
      rule += " ---: |";
    }
    out_ += " " + say("report.column.spread") + " |\n" + rule + " ---: |\n";
    for (const auto& row : cmp.rows) {
      out_ += "| " + md(figure_name(row.figure)) + " |";
      for (const auto& v : row.values) out_ += " " + (v ? figure_value(row.figure, *v) : "") + " |";
      out_ += " " + figure_value(row.figure, row.spread) + " |\n";
    }
    out_ += "\n";
  }

  void highlights(const std::vector<std::string>& sentences) override {
    out_ += "### " + say("report.highlights") + "\n\n";
    for (const auto& s : sentences) out_ += "- " + md(s) + "\n";
    out_ += "\n";
  }

  void participants(bool words, const std::vector<ParticipantRow>& rows) override {
    out_ += "### " + say("report.per_participant") + "\n\n";
    out_ += table_head({say("report.column.participant"), say(words ? "report.column.words" : "report.column.answers"),
                        say("report.column.distinct"), say("report.column.median_response")},
                       {false, true, true, true});
    for (const auto& r : rows) {
      out_ += "| " + md(r.name) + " | " + std::to_string(r.contributions) + " | " + std::to_string(r.distinct) + " | " +
              (r.median_ms ? seconds(*r.median_ms) : "") + " |\n";
    }
    out_ += "\n";
  }

 private:
  std::string out_;
};

}  // namespace

std::string export_markdown(const SessionRecord& record, const ExportOptions& options) {
  const PreparedSession p(record, options);
  MarkdownWriter writer;
  write_report(p, writer);
  return writer.take();
}

}  // namespace earshot::reports
