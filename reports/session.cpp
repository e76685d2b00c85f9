// Reading a stored session and replaying its rounds (reports/session.hpp).
#include "reports/session.hpp"

#include <exception>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "games/config.hpp"
#include "games/event.hpp"
#include "reports/wording.hpp"

namespace earshot::reports {

using nlohmann::json;

namespace {

PreparedRound prepare_round(const store::Round& stored, std::size_t number, const std::vector<store::Event>& events) {
  PreparedRound r;
  r.stored = &stored;
  r.number = number;
  r.origin_ms = stored.started_ms;
  for (const auto& e : events) {
    if (e.round && *e.round == stored.id) r.stored_events.push_back(&e);
    // The room's plan moving on with this round says which activity it is.
    if (!e.round && e.kind == "plan") {
      const json data = json::parse(e.payload, nullptr, false);
      if (data.is_object() && data.value("round", "") == stored.id && data.contains("activity") && data["activity"].is_object()) {
        const json& a = data["activity"];
        if (a.value("index", json()).is_number_unsigned() && a.value("of", json()).is_number_unsigned() &&
            a.value("title", json()).is_string()) {
          r.activity = PlannedActivity{a["index"].get<std::size_t>(), a["of"].get<std::size_t>(), a["title"].get<std::string>()};
        }
      }
    }
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
    r.results = r.round->results_model(true);
  } catch (const std::exception& e) {
    r.round.reset();
    r.results.reset();
    r.error = e.what();
  }
  return r;
}

std::vector<PreparedRound> rounds_of(const SessionRecord& r) {
  std::vector<PreparedRound> out;
  for (std::size_t i = 0; i < r.rounds.size(); ++i) out.push_back(prepare_round(r.rounds[i], i + 1, r.events));
  return out;
}

}  // namespace

std::optional<SessionRecord> load_session(const store::EventStore& store, const std::string& code) {
  auto session = store.session(code);
  if (!session) return std::nullopt;
  return SessionRecord{*session, store.participants(code), store.rounds(code), store.session_events(code)};
}

std::string pseudonym_letters(std::size_t index) {
  std::string letters;
  for (std::size_t n = index + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  return letters;
}

Names::Names(const SessionRecord& record, const std::vector<PreparedRound>& rounds, bool anonymous) : anonymous_(anonymous) {
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

std::string Names::operator()(const std::string& id) const {
  if (const auto it = names_.find(id); it != names_.end()) return it->second;
  if (id == games::facilitator_actor) return say("report.facilitator");
  if (id == games::server_actor) return say("report.earshot");
  return id;
}

void Names::add(const std::string& id, const std::string& name) {
  if (names_.contains(id)) return;
  names_[id] = anonymous_ ? "Participant " + pseudonym_letters(count_) : (name.empty() ? id : name);
  ++count_;
}

PreparedSession::PreparedSession(const SessionRecord& r, const ExportOptions& o)
    : record(r), options(o), rounds(rounds_of(r)), names(r, rounds, o.anonymous) {}

std::vector<std::pair<std::string, std::vector<std::string>>> circles_of(const games::Round& round) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  if (!round.state().circles.empty()) {
    for (const auto& c : round.state().circles) out.emplace_back(c.id, c.order);
  } else {
    for (const auto& c : round.config().circles) out.emplace_back(c.id, c.members);
  }
  return out;
}

}  // namespace earshot::reports
