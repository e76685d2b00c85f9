// The CSV export (docs/transcripts.md, "CSV"): one row per word, pass, answer, prediction and
// pick of every round, read from the replayed state.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include <nlohmann/json.hpp>

#include "reports/session.hpp"
#include "reports/transcripts.hpp"

namespace earshot::reports {

using nlohmann::json;

namespace {

struct CsvRow {
  std::string round, game, circle, participant, name, kind, prompt, text;
  std::int64_t time_ms = 0;
  std::optional<std::int64_t> response_ms;
};

void csv_rows(const PreparedSession& p, const PreparedRound& r, std::vector<CsvRow>& rows) {
  if (!r.round) return;
  const auto& config = r.round->config();
  const auto& state = r.round->state();
  const std::string game(games::to_string(config.game));
  auto row = [&](std::string circle, const std::string& participant, std::string kind, std::string prompt,
                 std::string text, std::int64_t at, std::optional<std::int64_t> response) {
    rows.push_back({r.stored->id, game, std::move(circle), participant, p.names(participant), std::move(kind),
                    std::move(prompt), std::move(text), at - r.origin_ms, response});
  };
  const std::string turn_prompt = config.game == games::GameKind::chain ? config.seed_word : config.title;
  for (const auto& c : state.circles) {
    for (const auto& e : c.transcript) {
      // A word as it reads: the word and any punctuation after it.
      if (e.pass.empty()) row(c.id, e.participant, "word", turn_prompt, e.text + e.end, e.at, e.response_ms);
      else row(c.id, e.participant, "pass", turn_prompt, e.pass, e.at, e.response_ms);
    }
  }
  // Predictions and picks carry no response time; their times come from their events.
  std::map<std::pair<int, std::string>, std::int64_t> predicted_at, picked_at;
  int set = -1;
  for (const auto* stored : r.stored_events) {
    const json e = json::parse(stored->payload);
    const std::string kind = e.value("kind", "");
    const json data = e.value("data", json::object());
    if (kind == "phase" && data.contains("set")) set = data["set"].get<int>();
    if (kind == "predict") predicted_at[{set, e.value("actor", "")}] = e.value("at", std::int64_t{0});
    if (kind == "pick") picked_at[{set, e.value("actor", "")}] = e.value("at", std::int64_t{0});
  }
  auto circle_of = [&](const std::string& id) {
    const auto it = state.people.find(id);
    return it == state.people.end() ? std::string() : it->second.circle;
  };
  for (std::size_t i = 0; i < state.sets.size(); ++i) {
    const auto& s = state.sets[i];
    std::string kind = "answer";
    std::string prompt = s.prompt;
    if (s.kind == "retell") {
      kind = "retelling";
      prompt = config.title;
    } else if (s.kind == "title") {
      kind = "title";
    }
    for (const auto& a : s.answers) row(a.circle, a.participant, kind, prompt, a.text, a.at, a.response_ms);
    // In the order they came in.
    std::vector<std::tuple<std::int64_t, std::string, std::string>> later;  // at, participant, kind
    for (const auto& [guesser, guess] : s.guesses) later.emplace_back(predicted_at[{static_cast<int>(i), guesser}], guesser, "predict");
    for (const auto& [picker, n] : s.picks)
      later.emplace_back(picked_at[{static_cast<int>(i), picker}], picker, s.kind == "title" ? "vote" : "pick");
    std::stable_sort(later.begin(), later.end(), [](const auto& a, const auto& b) { return std::get<0>(a) < std::get<0>(b); });
    for (const auto& [at, who, what] : later) {
      std::string text;
      if (what == "predict") {
        text = s.guesses.at(who);
      } else {
        const int n = s.picks.at(who);
        for (const auto& a : s.answers) {
          if (a.n == n) text = a.text;
        }
      }
      row(circle_of(who), who, what, what == "vote" ? "" : prompt, text, at, std::nullopt);
    }
  }
}

}  // namespace

std::string csv_field(std::string_view text) {
  std::string cell(text);
  if (!cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r'))
    cell.insert(cell.begin(), '\'');
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char ch : cell) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string export_csv(const SessionRecord& record, const ExportOptions& options) {
  const PreparedSession p(record, options);
  std::vector<CsvRow> rows;
  for (const auto& r : p.rounds) csv_rows(p, r, rows);
  std::string out = "round,game,circle,participant,name,kind,prompt,text,time_ms,response_ms\r\n";
  for (const auto& row : rows) {
    out += csv_field(row.round) + ',' + csv_field(row.game) + ',' + csv_field(row.circle) + ',' + csv_field(row.participant) +
           ',' + csv_field(row.name) + ',' + csv_field(row.kind) + ',' + csv_field(row.prompt) + ',' + csv_field(row.text) +
           ',' + std::to_string(row.time_ms) + ',' + (row.response_ms ? std::to_string(*row.response_ms) : "") + "\r\n";
  }
  return out;
}

}  // namespace earshot::reports
