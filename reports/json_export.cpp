// The JSON export (docs/transcripts.md, "JSON"): the stored records as they are, with each
// round's results (games/results.hpp, in their JSON form), and no secret: no participant's token,
// no assistant's key.
#include <nlohmann/json.hpp>

#include "reports/session.hpp"
#include "reports/transcripts.hpp"

namespace earshot::reports {

using nlohmann::json;

namespace {

// Removes every "token" and "key" member, at any depth: no export carries a participant's token
// or the assistant's key (the room's "assistant" events).
void drop_tokens(json& j) {
  if (j.is_object()) {
    j.erase("token");
    j.erase("key");
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

std::string export_json(const SessionRecord& record, const ExportOptions& options) {
  const PreparedSession p(record, options);
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
                  {"results", r.results ? json(*r.results) : json(nullptr)}};
    if (!r.error.empty()) round["error"] = r.error;
    if (r.activity) round["activity"] = {{"index", r.activity->index}, {"of", r.activity->of}, {"title", r.activity->title}};
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

}  // namespace earshot::reports
