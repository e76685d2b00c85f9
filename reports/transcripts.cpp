// Session exports (docs/transcripts.md): every round is replayed from its stored config and
// events, then written out as JSON, CSV, Markdown or an HTML report.
#include "reports/transcripts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "games/config.hpp"
#include "games/event.hpp"
#include "games/round.hpp"

namespace earshot::reports {

using nlohmann::json;

namespace {

// ---- Reading the records ----

struct PreparedRound {
  const store::Round* stored = nullptr;
  std::size_t number = 0;                          // 1, 2, 3, ... in the session
  std::vector<const store::Event*> stored_events;  // in seq order
  std::optional<games::Round> round;               // replayed; nullopt if the record cannot be read
  json results;                                    // round->results(); null without a round
  std::string error;                               // why the record cannot be read
  std::int64_t origin_ms = 0;                      // time 0: the round's "started" event, else its stored start
  std::optional<std::int64_t> ended_at;            // its "phase" event to "ended"
};

std::string format_error(const std::exception& e) { return e.what(); }

PreparedRound prepare_round(const store::Round& stored, std::size_t number, const std::vector<store::Event>& events) {
  PreparedRound r;
  r.stored = &stored;
  r.number = number;
  r.origin_ms = stored.started_ms;
  for (const auto& e : events) {
    if (e.round && *e.round == stored.id) r.stored_events.push_back(&e);
  }
  try {
    const auto parsed = games::parse_config(json::parse(stored.config));
    if (!parsed.config) throw std::invalid_argument("its config is not valid: " + parsed.error->message);
    std::vector<games::Event> log;
    for (const auto* e : r.stored_events) log.push_back(games::event_from_json(json::parse(e->payload)));
    bool started = false;
    for (const auto& e : log) {
      if (e.kind == "started" && !started) {
        r.origin_ms = e.at;
        started = true;
      }
      if (e.kind == "phase" && e.data.value("to", "") == "ended") r.ended_at = e.at;
    }
    r.round = games::replay(*parsed.config, log);
    r.results = r.round->results();
  } catch (const std::exception& e) {
    r.round.reset();
    r.results = nullptr;
    r.error = format_error(e);
  }
  return r;
}

// Who is who: names (or pseudonyms) for participant ids.
class Names {
 public:
  Names(const SessionRecord& record, const std::vector<PreparedRound>& rounds, bool anonymous) : anonymous_(anonymous) {
    for (const auto& p : record.participants) add(p.id, p.name);
    // Ids that play in a round but have no participant record (not expected, but never nameless).
    for (const auto& r : rounds) {
      if (!r.round) continue;
      for (const auto& c : r.round->config().circles) {
        for (const auto& id : c.members) add(id, id);
      }
      for (const auto& [id, person] : r.round->state().people) add(id, id);
    }
  }

  std::string operator()(const std::string& id) const {
    if (const auto it = names_.find(id); it != names_.end()) return it->second;
    if (id == games::facilitator_actor) return "the facilitator";
    if (id == games::server_actor) return "Earshot";
    return id;
  }

 private:
  void add(const std::string& id, const std::string& name) {
    if (names_.contains(id)) return;
    names_[id] = anonymous_ ? "Participant " + pseudonym_letters(count_) : (name.empty() ? id : name);
    ++count_;
  }

  bool anonymous_;
  std::size_t count_ = 0;
  std::map<std::string, std::string> names_;
};

struct Prepared {
  Prepared(const SessionRecord& r, const ExportOptions& o) : record(r), options(o), names(r, rounds, o.anonymous) {}

  static std::vector<PreparedRound> rounds_of(const SessionRecord& r) {
    std::vector<PreparedRound> out;
    for (std::size_t i = 0; i < r.rounds.size(); ++i) out.push_back(prepare_round(r.rounds[i], i + 1, r.events));
    return out;
  }

  const SessionRecord& record;
  const ExportOptions& options;
  // Initialised before `names`, which reads it (declaration order).
  std::vector<PreparedRound> rounds = rounds_of(record);
  Names names;
};

// ---- Words for people ----

std::string game_title(games::GameKind g) {
  switch (g) {
    case games::GameKind::chain: return "Word association chain";
    case games::GameKind::burst: return "Word association burst";
    case games::GameKind::waat: return "Story one word at a time";
    case games::GameKind::spiv: return "Same prompt, individual views";
  }
  return "Round";
}

std::string pass_reason(const std::string& reason) {
  if (reason == "passed") return "passed";
  if (reason == "timeout") return "time ran out";
  if (reason == "offline") return "was offline";
  if (reason == "skipped") return "skipped by the facilitator";
  return reason;
}

// A pass told as a sentence: "Ben passed", "Ben ran out of time".
std::string pass_phrase(const std::string& name, const std::string& reason) {
  if (reason == "passed") return name + " passed";
  if (reason == "timeout") return name + " ran out of time";
  if (reason == "offline") return name + " was offline";
  if (reason == "skipped") return name + " was skipped";
  return name + " passed (" + reason + ")";
}

std::string circle_done(const std::string& reason) {
  if (reason == "turn_limit") return "reached the turn limit";
  if (reason == "word_limit") return "reached the word limit";
  if (reason == "the_end") return "ended with \u201cThe End\u201d";
  if (reason == "empty") return "stopped: everyone had left";
  if (reason == "facilitator") return "was stopped by the facilitator";
  if (reason.empty()) return "was still going when the round ended";
  return "stopped (" + reason + ")";
}

std::string end_reason(const std::string& reason) {
  if (reason == "facilitator") return "ended by the facilitator";
  if (reason == "finished") return "ended when every circle had finished";
  if (reason == "time_budget") return "ended when the time budget ran out";
  if (reason == "timeout") return "ended when the timer ran out";
  if (reason == "all_picked") return "ended when everyone had picked";
  if (reason == "all_answered") return "ended when everyone had answered";
  if (reason.empty()) return "not ended";
  return "ended (" + reason + ")";
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string percent(double share) { return fixed(std::round(share * 100), 0) + "%"; }

// A response time: "0.9 s", "12 s".
std::string seconds(double ms) {
  if (ms < 9950) return fixed(ms / 1000, 1) + " s";
  return fixed(std::round(ms / 1000), 0) + " s";
}

// A length of time: "42 s", "3 min 5 s", "1 h 20 min".
std::string duration(std::int64_t ms) {
  if (ms < 0) ms = 0;
  const std::int64_t s = (ms + 500) / 1000;
  if (s < 60) return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : seconds(static_cast<double>(ms));
  if (s < 3600) return std::to_string(s / 60) + " min" + (s % 60 ? " " + std::to_string(s % 60) + " s" : "");
  return std::to_string(s / 3600) + " h" + (s % 3600 / 60 ? " " + std::to_string(s % 3600 / 60) + " min" : "");
}

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Milliseconds since the epoch, shifted by the offset, as a calendar date and time (the proleptic
// Gregorian calendar; H. Hinnant's days-to-civil algorithm).
Civil civil(std::int64_t ms, int offset_minutes) {
  const std::int64_t s = floor_div(ms, 1000) + std::int64_t{offset_minutes} * 60;
  std::int64_t days = floor_div(s, 86400);
  const std::int64_t in_day = s - days * 86400;
  days += 719468;
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2), month, day, static_cast<int>(in_day / 3600), static_cast<int>(in_day % 3600 / 60),
          static_cast<int>(in_day % 60)};
}

std::string pad2(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string zone(int offset_minutes) {
  if (offset_minutes == 0) return "UTC";
  const int a = std::abs(offset_minutes);
  return std::string("UTC") + (offset_minutes < 0 ? "-" : "+") + pad2(a / 60) + ":" + pad2(a % 60);
}

// "2024-03-14 09:00"
std::string date_time(std::int64_t ms, int offset) {
  const Civil c = civil(ms, offset);
  return std::to_string(c.year) + "-" + pad2(c.month) + "-" + pad2(c.day) + " " + pad2(c.hour) + ":" + pad2(c.minute);
}

// "09:02:10"
std::string clock_time(std::int64_t ms, int offset) {
  const Civil c = civil(ms, offset);
  return pad2(c.hour) + ":" + pad2(c.minute) + ":" + pad2(c.second);
}

std::string quoted(const std::string& text) { return "\u201c" + text + "\u201d"; }

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
  return out;
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
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

// When a round was played, and how it ended: "from 09:02:00 to 09:03:10 UTC (1 min 10 s), ended by
// the facilitator". A round ends with its last event, or when the store says it ended.
std::string played(const PreparedRound& r, int offset) {
  const auto& state = r.round->state();
  if (state.phase == games::Phase::lobby) return "not started";
  std::string text = "from " + clock_time(r.origin_ms, offset);
  if (state.phase == games::Phase::ended) {
    const std::int64_t end = r.ended_at.value_or(state.at);
    text += " to " + clock_time(end, offset) + " " + zone(offset) + " (" + duration(end - r.origin_ms) + "), " +
            end_reason(state.end_reason);
  } else if (r.stored->ended_ms) {
    text += " to " + clock_time(*r.stored->ended_ms, offset) + " " + zone(offset) + " (" +
            duration(*r.stored->ended_ms - r.origin_ms) + "), stopped before its end";
  } else {
    text += " " + zone(offset) + ", still running when exported";
  }
  return text;
}

// A word of a chain or story as it reads: the word and any punctuation after it.
std::string entry_text(const games::Entry& e) { return e.text + e.end; }

// The options of a round that matter for reading its transcript.
std::vector<std::string> option_list(const games::RoundConfig& c) {
  std::vector<std::string> out;
  if (c.turn_based()) {
    out.push_back("turn timer " + duration(c.turn_ms));
    if (c.shuffle) out.push_back("order shuffled");
    if (c.no_repeat) out.push_back("no repeats");
    if (c.listening) out.push_back(c.listening_stage ? "listening mode (stage too)" : "listening mode");
  }
  switch (c.game) {
    case games::GameKind::chain:
      if (c.phrase_words > 1) out.push_back("up to " + std::to_string(c.phrase_words) + " words per answer");
      if (c.max_turns > 0) out.push_back("at most " + std::to_string(c.max_turns) + " turns per circle");
      if (c.time_budget_ms > 0) out.push_back("time budget " + duration(c.time_budget_ms));
      break;
    case games::GameKind::waat:
      if (c.word_limit > 0) out.push_back("word limit " + std::to_string(c.word_limit));
      if (c.one_two_three) out.push_back("1-2-3 words per turn");
      if (c.retell) out.push_back("retell");
      if (c.title_vote) out.push_back("title vote");
      break;
    case games::GameKind::burst:
    case games::GameKind::spiv:
      out.push_back("answer timer " + duration(c.answer_ms));
      if (c.predict) out.push_back("predict");
      if (c.pick == games::PickKind::closest) out.push_back("pick the closest answer");
      if (c.pick == games::PickKind::surprising) out.push_back("pick the most surprising answer");
      if (c.anonymous) out.push_back("answers revealed without names");
      break;
  }
  return out;
}

// What a round started from: the seed word, title, stimuli or prompt, as a label and a text.
std::vector<std::pair<std::string, std::string>> round_subject(const games::RoundConfig& c) {
  switch (c.game) {
    case games::GameKind::chain: return {{"Seed word", c.seed_word}};
    case games::GameKind::waat:
      if (c.title.empty()) return {};
      return {{"Title", c.title}};
    case games::GameKind::burst: {
      std::vector<std::string> q;
      for (const auto& s : c.stimuli) q.push_back(quoted(s));
      return {{c.stimuli.size() == 1 ? "Stimulus" : "Stimuli", join(q, ", ")}};
    }
    case games::GameKind::spiv: return {{"Prompt", c.prompt}};
  }
  return {};
}

std::string figure_name(const std::string& figure) {
  if (figure == "words") return "words";
  if (figure == "gini") return "balance (Gini)";
  if (figure == "medianMs") return "median response time";
  if (figure == "entropy") return "diversity";
  if (figure == "largestShare") return "largest group";
  if (figure == "matchRate") return "predictions matched";
  return figure;
}

std::string figure_value(const std::string& figure, double value) {
  if (figure == "words") return fixed(value, 0);
  if (figure == "medianMs") return seconds(value);
  if (figure == "largestShare" || figure == "matchRate") return percent(value);
  return fixed(value, 2);
}

std::string set_heading(const json& set, std::size_t index, std::size_t stimuli) {
  const std::string kind = set.value("kind", "");
  if (kind == "stimulus") {
    return "Stimulus " + std::to_string(index + 1) + " of " + std::to_string(stimuli) + ": " +
           quoted(set.value("prompt", ""));
  }
  if (kind == "prompt") return "Prompt: " + quoted(set.value("prompt", ""));
  if (kind == "retell") return "Retellings";
  if (kind == "title") return "Titles for the story";
  return kind;
}

std::size_t count_kind(const json& sets, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& s : sets) n += s.value("kind", "") == kind ? 1 : 0;
  return n;
}

const json* find_answer(const json& set, int n) {
  for (const auto& a : set["answers"]) {
    if (a.value("n", 0) == n) return &a;
  }
  return nullptr;
}

// The circles a round was played in, with their turn orders once started.
std::vector<std::pair<std::string, std::vector<std::string>>> circles_of(const games::Round& round) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  if (!round.state().circles.empty()) {
    for (const auto& c : round.state().circles) out.emplace_back(c.id, c.order);
  } else {
    for (const auto& c : round.config().circles) out.emplace_back(c.id, c.members);
  }
  return out;
}

// Removes every "token" member, at any depth: no export carries a participant's secret.
void drop_tokens(json& j) {
  if (j.is_object()) {
    j.erase("token");
    for (auto& [key, value] : j.items()) drop_tokens(value);
  } else if (j.is_array()) {
    for (auto& value : j) drop_tokens(value);
  }
}

json parse_or_text(const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    return text;
  }
}

}  // namespace

// ---- Public helpers ----

std::optional<SessionRecord> load_session(const store::EventStore& store, const std::string& code) {
  auto session = store.session(code);
  if (!session) return std::nullopt;
  return SessionRecord{*session, store.participants(code), store.rounds(code), store.session_events(code)};
}

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

std::string pseudonym_letters(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

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

// ---- JSON ----

std::string export_json(const SessionRecord& record, const ExportOptions& options) {
  const Prepared p(record, options);
  const auto& s = record.session;
  json out = {{"format", "earshot-session"},
              {"version", 1},
              {"anonymous", options.anonymous},
              {"session", {{"code", s.code}, {"createdMs", s.created_ms}, {"closedMs", s.closed_ms ? json(*s.closed_ms) : json(nullptr)}}}};

  json participants = json::array();
  for (const auto& person : record.participants)
    participants.push_back({{"id", person.id}, {"name", p.names(person.id)}, {"joinedMs", person.joined_ms}});
  out["participants"] = std::move(participants);

  json rounds = json::array();
  for (const auto& r : p.rounds) {
    json events = json::array();
    for (const auto* e : r.stored_events) {
      json event = parse_or_text(e->payload);
      if (options.anonymous && e->kind == "note" && event.is_object()) event["data"] = json::object();
      events.push_back(std::move(event));
    }
    json round = {{"id", r.stored->id},
                  {"number", r.number},
                  {"game", r.round ? json(std::string(games::to_string(r.round->config().game))) : json(nullptr)},
                  {"startedMs", r.stored->started_ms},
                  {"endedMs", r.stored->ended_ms ? json(*r.stored->ended_ms) : json(nullptr)},
                  {"config", parse_or_text(r.stored->config)},
                  {"events", std::move(events)},
                  {"results", r.results}};
    if (!r.error.empty()) round["error"] = r.error;
    rounds.push_back(std::move(round));
  }
  out["rounds"] = std::move(rounds);

  json room_events = json::array();
  for (const auto& e : record.events) {
    if (e.round) continue;
    json event = {{"seq", e.seq}, {"at", e.at_ms}, {"kind", e.kind}, {"actor", e.actor}};
    if (!e.circle.empty()) event["circle"] = e.circle;
    if (!options.anonymous) {
      json data = parse_or_text(e.payload);
      drop_tokens(data);
      event["data"] = std::move(data);
    }
    room_events.push_back(std::move(event));
  }
  out["roomEvents"] = std::move(room_events);
  return out.dump(2) + "\n";
}

// ---- CSV ----

namespace {

struct CsvRow {
  std::string round, game, circle, participant, name, kind, prompt, text;
  std::int64_t time_ms = 0;
  std::optional<std::int64_t> response_ms;
};

void csv_rows(const Prepared& p, const PreparedRound& r, std::vector<CsvRow>& rows) {
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
      if (e.pass.empty()) row(c.id, e.participant, "word", turn_prompt, entry_text(e), e.at, e.response_ms);
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

std::string export_csv(const SessionRecord& record, const ExportOptions& options) {
  const Prepared p(record, options);
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

// ---- Markdown ----

namespace {

class MarkdownWriter {
 public:
  explicit MarkdownWriter(const Prepared& p) : p_(p), offset_(p.options.utc_offset_minutes) {}

  std::string write() {
    const auto& s = p_.record.session;
    out_ += "# Earshot session " + md(s.code) + "\n\n";
    std::string when = "Created " + date_time(s.created_ms, offset_) + " " + zone(offset_);
    if (s.closed_ms) when += ", closed " + date_time(*s.closed_ms, offset_) + " " + zone(offset_);
    else when += ", still open when exported";
    out_ += when + ". " + plural(p_.rounds.size(), "round", "rounds") + ", " +
            plural(p_.record.participants.size(), "participant", "participants") + ".\n\n";
    if (!p_.record.participants.empty()) {
      std::vector<std::string> names;
      for (const auto& person : p_.record.participants) names.push_back(md(p_.names(person.id)));
      out_ += "**Participants** (in order of joining): " + join(names, ", ") + ".\n\n";
    }
    if (p_.options.anonymous) out_ += "*Names are replaced by pseudonyms.*\n\n";
    for (const auto& r : p_.rounds) round(r);
    return out_;
  }

 private:
  std::string md(const std::string& text) const { return markdown_escape(text); }
  std::string name(const std::string& id) const { return md(p_.names(id)); }

  void round(const PreparedRound& r) {
    out_ += "---\n\n## Round " + std::to_string(r.number);
    if (!r.round) {
      out_ += "\n\nThis round's record could not be read: " + md(r.error) + "\n\n";
      return;
    }
    const auto& config = r.round->config();
    const auto& state = r.round->state();
    out_ += ": " + game_title(config.game) + "\n\n";
    for (const auto& [label, text] : round_subject(config))
      out_ += "- " + label + ": " + (config.game == games::GameKind::burst ? md(text) : "**" + md(text) + "**") + "\n";
    std::vector<std::string> circles;
    for (const auto& [id, order] : circles_of(*r.round)) {
      std::vector<std::string> names;
      for (const auto& m : order) names.push_back(name(m));
      circles.push_back(md(id) + " (" + join(names, ", ") + ")");
    }
    out_ += "- Circles: " + join(circles, "; ") + "\n";
    out_ += "- Options: " + join(option_list(config), ", ") + "\n";
    out_ += "- Played: " + played(r, offset_) + "\n";
    if (!state.reactions.empty()) {
      std::vector<std::string> reactions;
      for (const auto& [reaction, count] : state.reactions) reactions.push_back(md(reaction) + " " + std::to_string(count));
      out_ += "- Reactions: " + join(reactions, ", ") + "\n";
    }
    out_ += "\n";

    const json& results = r.results;
    if (config.turn_based()) {
      for (const auto& c : results["circles"]) turns(config, c);
    }
    const std::size_t stimuli = count_kind(results["sets"], "stimulus");
    for (std::size_t i = 0; i < results["sets"].size(); ++i) set(config, results["sets"][i], i, stimuli);
    if (results.contains("comparison")) comparison(results["comparison"]);
    participants(config, results["participants"]);
    if (!p_.options.anonymous && !state.notes.empty()) {
      out_ += "### Facilitator's notes\n\n";
      for (const auto& note : state.notes) out_ += "- " + md(note) + "\n";
      out_ += "\n";
    }
  }

  void turns(const games::RoundConfig& config, const json& c) {
    const bool story = config.game == games::GameKind::waat;
    std::vector<std::string> names;
    for (const auto& m : c["order"]) names.push_back(name(m.get<std::string>()));
    out_ += "### Circle " + md(c.value("id", "")) + ": " + join(names, ", ") + "\n\n";
    const json& transcript = c["transcript"];
    if (story) {
      std::vector<std::string> words, who;
      for (const auto& e : transcript) {
        const std::string by = name(e.value("participant", ""));
        if (e.contains("pass")) {
          who.push_back("*" + pass_phrase(by, md(e.value("pass", ""))) + "*");
        } else {
          const std::string word = md(e.value("text", "") + e.value("end", ""));
          words.push_back(word);
          who.push_back(word + " (" + by + ")");
        }
      }
      out_ += words.empty() ? "*No words.*\n\n" : "> " + join(words, " ") + "\n\n";
      if (!who.empty()) out_ += "Who said what: " + join(who, " \u00b7 ") + "\n\n";
    } else {
      std::vector<std::string> words = {md(config.seed_word)};
      for (const auto& e : transcript) {
        if (!e.contains("pass")) words.push_back(md(e.value("text", "")));
      }
      out_ += "> " + join(words, " \u2192 ") + "\n\n";
      if (!transcript.empty()) {
        out_ += "| # | word | by | response time |\n| ---: | --- | --- | ---: |\n";
        std::size_t turn = 0;
        for (const auto& e : transcript) {
          const std::string by = name(e.value("participant", ""));
          const std::string what = e.contains("pass") ? "*" + md(pass_reason(e.value("pass", ""))) + "*" : md(e.value("text", ""));
          out_ += "| " + std::to_string(++turn) + " | " + what + " | " + by + " | " +
                  seconds(e.value("responseMs", 0.0)) + " |\n";
        }
        out_ += "\n";
      }
    }
    out_ += figures_line(c, story) + "\n\n";
  }

  std::string figures_line(const json& c, bool story) const {
    std::vector<std::string> per;
    for (const auto& w : c["balance"]["perParticipant"])
      per.push_back(name(w.value("participant", "")) + " " + std::to_string(w.value("words", 0)));
    std::string line = "Words: " + join(per, ", ") + ". Balance (Gini) " + fixed(c["balance"].value("gini", 0.0), 2);
    if (c["responseTimes"].value("count", 0) > 0)
      line += ", median response time " + seconds(c["responseTimes"].value("medianMs", 0.0));
    const std::size_t passes = c.value("passes", 0);
    line += ", " + (passes == 0 ? std::string("no passes") : plural(passes, "pass", "passes")) + ". ";
    line += std::string(story ? "The story " : "The chain ") + circle_done(c.value("done", "")) + ".";
    return line;
  }

  void set(const games::RoundConfig& config, const json& s, std::size_t index, std::size_t stimuli) {
    const std::string kind = s.value("kind", "");
    out_ += "### " + md(set_heading(s, index, stimuli)) + "\n\n";
    if (s["answers"].empty()) {
      out_ += "*No answers.*\n\n";
      return;
    }
    if (kind == "retell") {
      std::set<std::string> circles;
      for (const auto& a : s["answers"]) circles.insert(a.value("circle", ""));
      for (const auto& circle : circles) {
        if (circles.size() > 1) out_ += "Circle " + md(circle) + ":\n\n";
        for (const auto& a : s["answers"]) {
          if (a.value("circle", "") == circle) out_ += "- " + name(a.value("participant", "")) + ": " + md(a.value("text", "")) + "\n";
        }
        out_ += "\n";
      }
      return;
    }
    if (kind == "title") {
      std::map<int, int> votes;
      for (const auto& v : s.value("pickCounts", json::array())) votes[v.value("answer", 0)] = v.value("count", 0);
      for (const auto& a : s["answers"]) {
        out_ += "- **" + md(a.value("text", "")) + "** by " + name(a.value("participant", ""));
        if (config.title_vote) out_ += ": " + plural(static_cast<std::size_t>(votes[a.value("n", 0)]), "vote", "votes");
        out_ += "\n";
      }
      out_ += "\n";
      picks(s, "Votes");
      return;
    }
    const json& m = s["measures"];
    out_ += plural(m.value("answers", 0), "answer", "answers") + " in " + plural(m.value("clusters", 0), "group", "groups") +
            ". Diversity " + fixed(m.value("entropy", 0.0), 2) + " (0: everyone said the same, 1: all different); the largest group holds " +
            percent(m.value("largestShare", 0.0)) + ".\n\n";
    std::vector<std::string> unique;
    for (const auto& cl : s["clusters"]) {
      std::vector<std::string> who;
      for (const auto& id : cl["participants"]) who.push_back(name(id.get<std::string>()));
      const std::string label = md(cl.value("label", ""));
      out_ += "- " + std::to_string(cl.value("count", 0)) + " said **" + label + "** (" + join(who, ", ") + ")";
      if (cl["spellings"].size() > 1) {
        std::vector<std::string> spellings;
        for (const auto& sp : cl["spellings"]) spellings.push_back(quoted(md(sp.get<std::string>())));
        out_ += ", spelled " + join(spellings, ", ");
      }
      out_ += "\n";
      if (cl.value("count", 0) == 1 && m.value("answers", 0) > 1) unique.push_back(label + " (" + join(who, ", ") + ")");
    }
    out_ += "\n";
    if (!unique.empty()) out_ += "Unique answers: " + join(unique, "; ") + ".\n\n";
    if (s.contains("circles")) {
      std::vector<std::string> per;
      for (const auto& c : s["circles"]) {
        const json& cm = c["measures"];
        per.push_back("circle " + md(c.value("circle", "")) + ": " + plural(cm.value("answers", 0), "answer", "answers") +
                      " in " + plural(cm.value("clusters", 0), "group", "groups") + ", diversity " +
                      fixed(cm.value("entropy", 0.0), 2) + ", largest group " + percent(cm.value("largestShare", 0.0)));
      }
      out_ += "By circle: " + join(per, "; ") + ".\n\n";
    }
    if (s.contains("predict")) predictions(s);
    if (s.contains("pickCounts")) {
      picks(s, config.pick == games::PickKind::surprising ? "Picks: the most surprising answer"
                                                         : "Picks: the answer closest to what they meant");
    }
  }

  void predictions(const json& s) {
    const json& pr = s["predict"];
    out_ += "#### Predictions\n\n";
    out_ += std::to_string(pr.value("matches", 0)) + " of " + plural(pr.value("pairs", 0), "guess", "guesses") + " matched (" +
            percent(pr.value("matchRate", 0.0)) + ").\n\n";
    const json& guesses = pr["guesses"];
    const json& results = pr["results"];
    for (std::size_t i = 0; i < guesses.size(); ++i) {
      const json& g = guesses[i];
      const bool match = i < results.size() && results[i].value("match", false);
      const std::string target = name(g.value("target", ""));
      out_ += "- " + name(g.value("guesser", "")) + " guessed " + target + " would say " + quoted(md(g.value("guess", ""))) +
              "; " + target + " said " + quoted(md(g.value("actual", ""))) + (match ? " (match)" : " (no match)") + "\n";
    }
    out_ += "\n";
  }

  void picks(const json& s, const std::string& title) {
    if (!s.contains("picks") || s["picks"].empty()) return;
    out_ += "#### " + title + "\n\n";
    std::map<int, std::vector<std::string>> by_answer;
    for (const auto& pk : s["picks"]) by_answer[pk.value("answer", 0)].push_back(name(pk.value("participant", "")));
    std::vector<std::pair<int, std::vector<std::string>>> sorted(by_answer.begin(), by_answer.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    for (const auto& [n, pickers] : sorted) {
      const json* a = find_answer(s, n);
      if (!a) continue;
      out_ += "- " + quoted(md(a->value("text", ""))) + " (" + name(a->value("participant", "")) + "): picked by " +
              join(pickers, ", ") + "\n";
    }
    out_ += "\n";
  }

  void comparison(const json& cmp) {
    out_ += "### Circle against circle\n\n| measure |";
    std::string rule = "| --- |";
    for (const auto& c : cmp["circles"]) {
      out_ += " " + md(c.get<std::string>()) + " |";
      rule += " ---: |";
    }
    out_ += " spread |\n" + rule + " ---: |\n";
    for (const auto& row : cmp["rows"]) {
      const std::string figure = row.value("figure", "");
      out_ += "| " + md(figure_name(figure)) + " |";
      for (const auto& v : row["values"]) out_ += " " + (v.is_number() ? figure_value(figure, v.get<double>()) : "") + " |";
      out_ += " " + figure_value(figure, row.value("spread", 0.0)) + " |\n";
    }
    out_ += "\n";
  }

  void participants(const games::RoundConfig& config, const json& people) {
    if (people.empty()) return;
    out_ += "### Per participant\n\n";
    const std::string what = config.turn_based() ? "words" : "answers";
    out_ += "| participant | " + what + " | distinct | median response time |\n| --- | ---: | ---: | ---: |\n";
    for (const auto& f : people) {
      const json& response = f["response"];
      out_ += "| " + name(f.value("participant", "")) + " | " + std::to_string(f.value("contributions", 0)) + " | " +
              std::to_string(f.value("distinct", 0)) + " | " +
              (response.value("count", 0) > 0 ? seconds(response.value("medianMs", 0.0)) : "") + " |\n";
    }
    out_ += "\n";
  }

  const Prepared& p_;
  const int offset_;
  std::string out_;
};

}  // namespace

std::string export_markdown(const SessionRecord& record, const ExportOptions& options) {
  const Prepared p(record, options);
  return MarkdownWriter(p).write();
}

// ---- HTML ----

namespace {

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
                    "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">\n<title>" + html_escape(title) + "</title>\n";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int top = static_cast<int>(i) * row + 4;
    const int bar = static_cast<int>(std::lround(std::clamp(bars[i].length, 0.0, 1.0) * bar_space));
    const std::string baseline = std::to_string(top + 14);
    out += "<text class=\"chart-label\" x=\"" + std::to_string(label_width) + "\" y=\"" + baseline +
           "\" text-anchor=\"end\" font-size=\"14\">" + html_escape(truncate_utf8(bars[i].label, 24)) + "</text>";
    if (bar > 0) {
      out += "<rect class=\"chart-bar\" x=\"" + std::to_string(bar_left) + "\" y=\"" + std::to_string(top) + "\" width=\"" +
             std::to_string(bar) + "\" height=\"" + std::to_string(bar_height) + "\" rx=\"2\" fill=\"#2f6690\"/>";
    }
    out += "<text class=\"chart-value\" x=\"" + std::to_string(bar_left + bar + 6) + "\" y=\"" + baseline +
           "\" font-size=\"14\">" + html_escape(bars[i].value) + "</text>\n";
  }
  return out + "</svg>";
}

class HtmlWriter {
 public:
  explicit HtmlWriter(const Prepared& p) : p_(p), offset_(p.options.utc_offset_minutes) {}

  std::string write() {
    const auto& s = p_.record.session;
    out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>Earshot debrief: session " + h(s.code) + "</title>\n";
    if (p_.options.css == ExportOptions::Css::linked) {
      out_ += "<link rel=\"stylesheet\" href=\"" + h(p_.options.css_href) + "\">\n";
    } else {
      out_ += "<style>\n" + std::string(report_css()) + "</style>\n";
    }
    out_ += "</head>\n<body>\n<header class=\"report-head\">\n<p class=\"kicker\">Earshot debrief</p>\n<h1>Session " + h(s.code) +
            "</h1>\n";
    std::string when = "Created " + date_time(s.created_ms, offset_) + " " + zone(offset_);
    if (s.closed_ms) when += " \u00b7 closed " + date_time(*s.closed_ms, offset_) + " " + zone(offset_);
    else when += " \u00b7 still open when exported";
    out_ += "<p class=\"meta\">" + h(when) + " \u00b7 " + plural(p_.rounds.size(), "round", "rounds") + " \u00b7 " +
            plural(p_.record.participants.size(), "participant", "participants") + "</p>\n";
    if (!p_.record.participants.empty()) {
      std::vector<std::string> names;
      for (const auto& person : p_.record.participants) names.push_back(name(person.id));
      out_ += "<p class=\"people\"><strong>Participants</strong> (in order of joining): " + join(names, ", ") + "</p>\n";
    }
    if (p_.options.anonymous) out_ += "<p class=\"note\">Names are replaced by pseudonyms.</p>\n";
    if (!p_.rounds.empty()) {
      out_ += "<nav class=\"toc\" aria-label=\"Rounds\">\n<ol>\n";
      for (const auto& r : p_.rounds) {
        out_ += "<li><a href=\"#round-" + std::to_string(r.number) + "\">" +
                (r.round ? h(game_title(r.round->config().game)) : std::string("Round ") + std::to_string(r.number)) + "</a></li>\n";
      }
      out_ += "</ol>\n</nav>\n";
    }
    out_ += "</header>\n<main>\n";
    for (const auto& r : p_.rounds) round(r);
    out_ += "</main>\n</body>\n</html>\n";
    return out_;
  }

 private:
  static std::string h(const std::string& text) { return html_escape(text); }
  std::string name(const std::string& id) const { return h(p_.names(id)); }

  void round(const PreparedRound& r) {
    const std::string id = "round-" + std::to_string(r.number);
    out_ += "<section class=\"round\" id=\"" + id + "\" aria-labelledby=\"" + id + "-title\">\n";
    out_ += "<h2 id=\"" + id + "-title\"><span class=\"number\">Round " + std::to_string(r.number) + "</span> ";
    if (!r.round) {
      out_ += "</h2>\n<p class=\"error\">This round's record could not be read: " + h(r.error) + "</p>\n</section>\n";
      return;
    }
    const auto& config = r.round->config();
    const auto& state = r.round->state();
    out_ += h(game_title(config.game)) + "</h2>\n<dl class=\"facts\">\n";
    for (const auto& [label, text] : round_subject(config))
      out_ += "<dt>" + h(label) + "</dt><dd class=\"subject\">" + h(text) + "</dd>\n";
    std::vector<std::string> circles;
    for (const auto& [cid, order] : circles_of(*r.round)) {
      std::vector<std::string> names;
      for (const auto& m : order) names.push_back(name(m));
      circles.push_back("<span class=\"circle-id\">" + h(cid) + "</span> " + join(names, ", "));
    }
    out_ += "<dt>Circles</dt><dd>" + join(circles, "<br>") + "</dd>\n";
    out_ += "<dt>Options</dt><dd>" + h(join(option_list(config), ", ")) + "</dd>\n";
    out_ += "<dt>Played</dt><dd>" + h(played(r, offset_)) + "</dd>\n";
    if (!state.reactions.empty()) {
      std::vector<std::string> reactions;
      for (const auto& [reaction, count] : state.reactions) reactions.push_back(h(reaction) + " " + std::to_string(count));
      out_ += "<dt>Reactions</dt><dd>" + join(reactions, ", ") + "</dd>\n";
    }
    out_ += "</dl>\n";

    const json& results = r.results;
    if (config.turn_based()) {
      out_ += "<div class=\"circles\">\n";
      for (const auto& c : results["circles"]) turns(config, c);
      out_ += "</div>\n";
    }
    const std::size_t stimuli = count_kind(results["sets"], "stimulus");
    for (std::size_t i = 0; i < results["sets"].size(); ++i) set(config, results["sets"][i], i, stimuli);
    if (results.contains("comparison")) comparison(results["comparison"]);
    participants(config, results["participants"]);
    if (!p_.options.anonymous && !state.notes.empty()) {
      out_ += "<section class=\"notes\">\n<h3>Facilitator's notes</h3>\n<ul>\n";
      for (const auto& note : state.notes) out_ += "<li>" + h(note) + "</li>\n";
      out_ += "</ul>\n</section>\n";
    }
    out_ += "</section>\n";
  }

  void turns(const games::RoundConfig& config, const json& c) {
    const bool story = config.game == games::GameKind::waat;
    std::vector<std::string> names;
    for (const auto& m : c["order"]) names.push_back(name(m.get<std::string>()));
    out_ += "<article class=\"circle\">\n<h3>Circle " + h(c.value("id", "")) + " <span class=\"members\">" + join(names, ", ") +
            "</span></h3>\n";
    const json& transcript = c["transcript"];
    if (story) {
      std::vector<std::string> words;
      for (const auto& e : transcript) {
        if (!e.contains("pass")) words.push_back(h(e.value("text", "") + e.value("end", "")));
      }
      out_ += words.empty() ? "<p class=\"empty\">No words.</p>\n" : "<blockquote class=\"story\">" + join(words, " ") + "</blockquote>\n";
      if (!transcript.empty()) {
        out_ += "<p class=\"authors\"><span class=\"label\">Who said what:</span> ";
        std::vector<std::string> who;
        for (const auto& e : transcript) {
          const std::string by = name(e.value("participant", ""));
          if (e.contains("pass")) who.push_back("<span class=\"pass\">" + pass_phrase(by, h(e.value("pass", ""))) + "</span>");
          else who.push_back("<span class=\"word\">" + h(e.value("text", "") + e.value("end", "")) + "</span> <span class=\"by\">" + by + "</span>");
        }
        out_ += join(who, " \u00b7 ") + "</p>\n";
      }
    } else {
      std::vector<std::string> words = {"<span class=\"seed\">" + h(config.seed_word) + "</span>"};
      for (const auto& e : transcript) {
        if (!e.contains("pass")) words.push_back(h(e.value("text", "")));
      }
      out_ += "<p class=\"chain\">" + join(words, " \u2192 ") + "</p>\n";
      if (!transcript.empty()) {
        out_ += "<table class=\"turns\">\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Word</th><th scope=\"col\">By</th>"
                "<th scope=\"col\">Response</th></tr></thead>\n<tbody>\n";
        std::size_t turn = 0;
        for (const auto& e : transcript) {
          const bool pass = e.contains("pass");
          out_ += std::string(pass ? "<tr class=\"pass\">" : "<tr>") + "<td>" + std::to_string(++turn) + "</td><td>" +
                  (pass ? h(pass_reason(e.value("pass", ""))) : h(e.value("text", ""))) + "</td><td>" +
                  name(e.value("participant", "")) + "</td><td>" + seconds(e.value("responseMs", 0.0)) + "</td></tr>\n";
        }
        out_ += "</tbody>\n</table>\n";
      }
    }
    std::vector<Bar> bars;
    std::size_t most = 1;
    for (const auto& w : c["balance"]["perParticipant"]) most = std::max<std::size_t>(most, w.value("words", 0));
    for (const auto& w : c["balance"]["perParticipant"]) {
      const std::size_t n = w.value("words", 0);
      bars.push_back({p_.names(w.value("participant", "")), std::to_string(n),
                      static_cast<double>(n) / static_cast<double>(most)});
    }
    if (!bars.empty()) {
      out_ += "<figure class=\"chart-box\">\n<figcaption>Words per participant</figcaption>\n" +
              svg_bars("Words per participant in circle " + c.value("id", ""), bars) + "\n</figure>\n";
    }
    out_ += "<p class=\"figures\">Balance (Gini) " + fixed(c["balance"].value("gini", 0.0), 2);
    if (c["responseTimes"].value("count", 0) > 0)
      out_ += " \u00b7 median response time " + seconds(c["responseTimes"].value("medianMs", 0.0));
    const std::size_t passes = c.value("passes", 0);
    out_ += " \u00b7 " + (passes == 0 ? std::string("no passes") : plural(passes, "pass", "passes")) + " \u00b7 " +
            h(std::string(story ? "the story " : "the chain ") + circle_done(c.value("done", ""))) + "</p>\n</article>\n";
  }

  void set(const games::RoundConfig& config, const json& s, std::size_t index, std::size_t stimuli) {
    const std::string kind = s.value("kind", "");
    out_ += "<section class=\"set\">\n<h3>" + h(set_heading(s, index, stimuli)) + "</h3>\n";
    if (s["answers"].empty()) {
      out_ += "<p class=\"empty\">No answers.</p>\n</section>\n";
      return;
    }
    if (kind == "retell") {
      std::set<std::string> circles;
      for (const auto& a : s["answers"]) circles.insert(a.value("circle", ""));
      out_ += "<div class=\"side-by-side\">\n";
      for (const auto& circle : circles) {
        out_ += "<div class=\"column\">\n";
        if (circles.size() > 1) out_ += "<h4>Circle " + h(circle) + "</h4>\n";
        out_ += "<ul class=\"retellings\">\n";
        for (const auto& a : s["answers"]) {
          if (a.value("circle", "") == circle)
            out_ += "<li><span class=\"by\">" + name(a.value("participant", "")) + ":</span> " + h(a.value("text", "")) + "</li>\n";
        }
        out_ += "</ul>\n</div>\n";
      }
      out_ += "</div>\n</section>\n";
      return;
    }
    if (kind == "title") {
      std::map<int, int> votes;
      for (const auto& v : s.value("pickCounts", json::array())) votes[v.value("answer", 0)] = v.value("count", 0);
      out_ += "<ul class=\"titles\">\n";
      for (const auto& a : s["answers"]) {
        out_ += "<li><strong>" + h(a.value("text", "")) + "</strong> <span class=\"by\">by " + name(a.value("participant", "")) + "</span>";
        if (config.title_vote) out_ += " <span class=\"count\">" + plural(static_cast<std::size_t>(votes[a.value("n", 0)]), "vote", "votes") + "</span>";
        out_ += "</li>\n";
      }
      out_ += "</ul>\n";
      picks(s, "Votes");
      out_ += "</section>\n";
      return;
    }
    const json& m = s["measures"];
    const std::size_t answers = m.value("answers", 0);
    out_ += "<p class=\"figures\">" + plural(answers, "answer", "answers") + " in " + plural(m.value("clusters", 0), "group", "groups") +
            " \u00b7 diversity " + fixed(m.value("entropy", 0.0), 2) + " \u00b7 largest group " + percent(m.value("largestShare", 0.0)) +
            "</p>\n";
    // Bars are drawn to the scale of the largest group; their text gives the share of all answers.
    std::vector<Bar> bars;
    const double largest = std::max(m.value("largestShare", 0.0), 1e-9);
    for (const auto& cl : s["clusters"]) {
      const double share = answers ? static_cast<double>(cl.value("count", 0)) / static_cast<double>(answers) : 0.0;
      bars.push_back({cl.value("label", ""), std::to_string(cl.value("count", 0)) + " \u00b7 " + percent(share), share / largest});
    }
    out_ += "<figure class=\"chart-box\">\n<figcaption>Share of answers per group</figcaption>\n" +
            svg_bars("Share of answers per group: " + set_heading(s, index, stimuli), bars) + "\n</figure>\n";
    out_ += "<ul class=\"clusters\">\n";
    std::vector<std::string> unique;
    for (const auto& cl : s["clusters"]) {
      std::vector<std::string> who;
      for (const auto& id : cl["participants"]) who.push_back(name(id.get<std::string>()));
      const std::string label = h(cl.value("label", ""));
      out_ += "<li><span class=\"count\">" + std::to_string(cl.value("count", 0)) + " said</span> <strong>" + label +
              "</strong> <span class=\"by\">(" + join(who, ", ") + ")</span>";
      if (cl["spellings"].size() > 1) {
        std::vector<std::string> spellings;
        for (const auto& sp : cl["spellings"]) spellings.push_back(h(quoted(sp.get<std::string>())));
        out_ += "<span class=\"spellings\">, spelled " + join(spellings, ", ") + "</span>";
      }
      out_ += "</li>\n";
      if (cl.value("count", 0) == 1 && answers > 1) unique.push_back("<strong>" + label + "</strong> (" + join(who, ", ") + ")");
    }
    out_ += "</ul>\n";
    if (!unique.empty()) out_ += "<p class=\"unique\"><span class=\"label\">Unique answers:</span> " + join(unique, "; ") + "</p>\n";
    if (s.contains("circles")) {
      out_ += "<table class=\"measures\">\n<thead><tr><th scope=\"col\">Circle</th><th scope=\"col\">Answers</th><th scope=\"col\">Groups</th>"
              "<th scope=\"col\">Diversity</th><th scope=\"col\">Largest group</th></tr></thead>\n<tbody>\n";
      for (const auto& c : s["circles"]) {
        const json& cm = c["measures"];
        out_ += "<tr><td>" + h(c.value("circle", "")) + "</td><td>" + std::to_string(cm.value("answers", 0)) + "</td><td>" +
                std::to_string(cm.value("clusters", 0)) + "</td><td>" + fixed(cm.value("entropy", 0.0), 2) + "</td><td>" +
                percent(cm.value("largestShare", 0.0)) + "</td></tr>\n";
      }
      out_ += "</tbody>\n</table>\n";
    }
    if (s.contains("predict")) predictions(s);
    if (s.contains("pickCounts")) {
      picks(s, config.pick == games::PickKind::surprising ? "Picks: the most surprising answer"
                                                         : "Picks: the answer closest to what they meant");
    }
    out_ += "</section>\n";
  }

  void predictions(const json& s) {
    const json& pr = s["predict"];
    out_ += "<h4>Predictions</h4>\n<p class=\"figures\">" + std::to_string(pr.value("matches", 0)) + " of " +
            plural(pr.value("pairs", 0), "guess", "guesses") + " matched (" + percent(pr.value("matchRate", 0.0)) + ")</p>\n";
    const json& guesses = pr["guesses"];
    const json& results = pr["results"];
    if (guesses.empty()) return;
    out_ += "<table class=\"predictions\">\n<thead><tr><th scope=\"col\">Who</th><th scope=\"col\">Guessed</th><th scope=\"col\">About</th>"
            "<th scope=\"col\">Who said</th><th scope=\"col\">Match</th></tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < guesses.size(); ++i) {
      const json& g = guesses[i];
      const bool match = i < results.size() && results[i].value("match", false);
      out_ += std::string(match ? "<tr class=\"match\">" : "<tr>") + "<td>" + name(g.value("guesser", "")) + "</td><td>" +
              h(quoted(g.value("guess", ""))) + "</td><td>" + name(g.value("target", "")) + "</td><td>" +
              h(quoted(g.value("actual", ""))) + "</td><td>" + (match ? "yes" : "no") + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  void picks(const json& s, const std::string& title) {
    if (!s.contains("picks") || s["picks"].empty()) return;
    out_ += "<h4>" + h(title) + "</h4>\n<ul class=\"picks\">\n";
    std::map<int, std::vector<std::string>> by_answer;
    for (const auto& pk : s["picks"]) by_answer[pk.value("answer", 0)].push_back(name(pk.value("participant", "")));
    std::vector<std::pair<int, std::vector<std::string>>> sorted(by_answer.begin(), by_answer.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    for (const auto& [n, pickers] : sorted) {
      const json* a = find_answer(s, n);
      if (!a) continue;
      out_ += "<li><strong>" + h(quoted(a->value("text", ""))) + "</strong> <span class=\"by\">(" + name(a->value("participant", "")) +
              ")</span>: picked by " + join(pickers, ", ") + "</li>\n";
    }
    out_ += "</ul>\n";
  }

  void comparison(const json& cmp) {
    out_ += "<section class=\"comparison\">\n<h3>Circle against circle</h3>\n<table class=\"measures\">\n<thead><tr><th scope=\"col\">Measure</th>";
    for (const auto& c : cmp["circles"]) out_ += "<th scope=\"col\">" + h(c.get<std::string>()) + "</th>";
    out_ += "<th scope=\"col\">Spread</th></tr></thead>\n<tbody>\n";
    for (const auto& row : cmp["rows"]) {
      const std::string figure = row.value("figure", "");
      out_ += "<tr><th scope=\"row\">" + h(figure_name(figure)) + "</th>";
      for (const auto& v : row["values"]) out_ += "<td>" + (v.is_number() ? figure_value(figure, v.get<double>()) : "") + "</td>";
      out_ += "<td>" + figure_value(figure, row.value("spread", 0.0)) + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  void participants(const games::RoundConfig& config, const json& people) {
    if (people.empty()) return;
    out_ += "<section class=\"people-figures\">\n<h3>Per participant</h3>\n<table class=\"measures\">\n<thead><tr><th scope=\"col\">Participant</th>"
            "<th scope=\"col\">" + std::string(config.turn_based() ? "Words" : "Answers") +
            "</th><th scope=\"col\">Distinct</th><th scope=\"col\">Median response</th></tr></thead>\n<tbody>\n";
    for (const auto& f : people) {
      const json& response = f["response"];
      out_ += "<tr><th scope=\"row\">" + name(f.value("participant", "")) + "</th><td>" + std::to_string(f.value("contributions", 0)) +
              "</td><td>" + std::to_string(f.value("distinct", 0)) + "</td><td>" +
              (response.value("count", 0) > 0 ? seconds(response.value("medianMs", 0.0)) : "") + "</td></tr>\n";
    }
    out_ += "</tbody>\n</table>\n</section>\n";
  }

  const Prepared& p_;
  const int offset_;
  std::string out_;
};

}  // namespace

std::string export_html(const SessionRecord& record, const ExportOptions& options) {
  const Prepared p(record, options);
  return HtmlWriter(p).write();
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

std::string_view report_css() {
  return R"css(/* Earshot debrief report: screen and print. No inline styles: the page may be served under a
   Content-Security-Policy that forbids them. */
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6672; --line: #d5dbe1; --accent: #2f6690; --soft: #eef3f7; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 56rem; padding: 2rem 1.5rem 4rem; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
h1, h2, h3, h4 { line-height: 1.2; margin: 1.6em 0 0.5em; }
h1 { font-size: 2rem; margin-top: 0.2em; }
h2 { font-size: 1.5rem; border-bottom: 2px solid var(--accent); padding-bottom: 0.25em; }
h2 .number { color: var(--accent); margin-right: 0.3em; }
h3 { font-size: 1.15rem; }
h4 { font-size: 1rem; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted); }
.meta, .note, .by, .members, .spellings, .empty, figcaption { color: var(--muted); }
.members { font-weight: normal; font-size: 0.9em; margin-left: 0.4em; }
.toc ol { padding-left: 1.4em; columns: 2; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2em 1em; margin: 0.8em 0 1.2em; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.subject { font-weight: 600; }
.circle-id { font-weight: 600; margin-right: 0.3em; }
.circles { display: grid; gap: 1rem 2rem; }
.circle, .set, .comparison, .people-figures, .notes { margin-top: 1.2rem; }
.chain { font-size: 1.15rem; }
.chain .seed { font-weight: 600; color: var(--accent); }
.story { margin: 0.6em 0; padding: 0.6em 1em; border-left: 4px solid var(--accent); background: var(--soft);
  font-size: 1.15rem; font-family: Georgia, "DejaVu Serif", serif; }
.authors { font-size: 0.9rem; }
.authors .word { font-weight: 600; }
.authors .pass, tr.pass td { color: var(--muted); font-style: italic; }
.label { font-weight: 600; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.92rem; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3em 0.8em 0.3em 0; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--line); }
.measures td, .turns td:first-child, .turns td:last-child { text-align: right; font-variant-numeric: tabular-nums; }
tr.match td:last-child { font-weight: 600; color: #2d6a2f; }
.clusters, .retellings, .titles, .picks { padding-left: 1.2em; }
.clusters li, .retellings li, .titles li, .picks li { margin: 0.2em 0; }
.clusters .count, .titles .count { font-variant-numeric: tabular-nums; }
.side-by-side { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 0 2rem; }
.chart-box { margin: 0.8em 0; }
.chart { display: block; max-width: 100%; height: auto; }
.chart-label, .chart-value { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: var(--ink); }
.chart-bar { fill: var(--accent); }
.error { color: #9b1c1c; }
@media print {
  @page { margin: 16mm 14mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  .toc { display: none; }
  .round + .round { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  figure, table, blockquote, .facts, li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .story, .chart-bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";
}

}  // namespace earshot::reports
