#include "games/event.hpp"

#include <cstdint>
#include <stdexcept>

namespace earshot::games {

using nlohmann::json;

json to_json(const Event& e) {
  json j = {{"v", event_version}, {"seq", e.seq}, {"at", e.at}, {"kind", e.kind}, {"actor", e.actor}, {"data", e.data}};
  if (!e.circle.empty()) j["circle"] = e.circle;
  return j;
}

namespace {

const json& field(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) throw std::invalid_argument(std::string("event without ") + key);
  return *it;
}

std::string string_field(const json& j, const char* key) {
  const json& v = field(j, key);
  if (!v.is_string()) throw std::invalid_argument(std::string("event field ") + key + " is not a string");
  return v.get<std::string>();
}

}  // namespace

Event event_from_json(const json& j) {
  if (!j.is_object()) throw std::invalid_argument("an event must be a JSON object");
  const json& v = field(j, "v");
  if (!v.is_number_integer() || v.get<std::int64_t>() != event_version) {
    throw std::invalid_argument("unsupported event version");
  }
  Event e;
  const json& seq = field(j, "seq");
  if (!seq.is_number_unsigned()) throw std::invalid_argument("event seq is not a positive integer");
  e.seq = seq.get<std::uint64_t>();
  const json& at = field(j, "at");
  if (!at.is_number_integer() || (at.is_number_unsigned() && at.get<std::uint64_t>() > INT64_MAX)) {
    throw std::invalid_argument("event at is not a 64-bit integer");
  }
  e.at = at.get<std::int64_t>();
  e.kind = string_field(j, "kind");
  e.actor = string_field(j, "actor");
  if (j.contains("circle")) e.circle = string_field(j, "circle");
  e.data = field(j, "data");
  if (!e.data.is_object()) throw std::invalid_argument("event data is not an object");
  for (const auto& [key, value] : j.items()) {
    if (key != "v" && key != "seq" && key != "at" && key != "kind" && key != "actor" && key != "circle" && key != "data") {
      throw std::invalid_argument("unknown event field " + key);
    }
  }
  return e;
}

}  // namespace earshot::games
