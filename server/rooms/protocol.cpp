#include "server/rooms/protocol.hpp"

#include "server/rooms/ids.hpp"

namespace earshot::server::protocol {
namespace {

// Nesting depth of a JSON text, counted without parsing (so deep input can't exhaust the stack).
int nesting_depth(std::string_view s) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return max_depth;
}

Error missing(std::string field) { return {"missing_field", "The message needs a \"" + field + "\" field.", field}; }
Error bad(std::string field, std::string why) { return {"bad_field", "\"" + field + "\" " + why, field}; }

// An optional string field of at most `max` bytes: nullopt if absent, an Error if malformed.
std::variant<std::optional<std::string>, Error> optional_string(const json& body, const char* field, std::size_t max) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return bad(field, "must be a string.");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max) return bad(field, "is too long (at most " + std::to_string(max) + " bytes).");
  return std::optional<std::string>{s};
}

}  // namespace

std::variant<Envelope, Error> parse_envelope(std::string_view frame_text) {
  if (nesting_depth(frame_text) > max_json_depth) {
    return Error{"bad_json", "The message is nested too deeply.", ""};
  }
  json body = json::parse(frame_text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return Error{"bad_json", "The message is not valid JSON.", ""};
  if (!body.is_object()) return Error{"bad_message", "A message must be a JSON object.", ""};
  auto type = body.find("type");
  if (type == body.end() || !type->is_string()) {
    return Error{"bad_message", "A message needs a string \"type\".", "type"};
  }
  json id = nullptr;
  if (auto it = body.find("id"); it != body.end()) {
    const bool ok = it->is_number_integer() || (it->is_string() && it->get_ref<const std::string&>().size() <= max_id_chars);
    if (!ok) return Error{"bad_message", "\"id\" must be an integer or a short string.", "id"};
    id = *it;
  }
  std::string t = type->get<std::string>();
  return Envelope{std::move(t), std::move(id), std::move(body)};
}

std::variant<std::string, Error> parse_room_field(const json& body) {
  auto room = optional_string(body, "room", 16);
  if (auto* e = std::get_if<Error>(&room)) return *e;
  const auto& raw = std::get<std::optional<std::string>>(room);
  if (!raw) return missing("room");
  auto code = normalize_room_code(*raw);
  if (!code) return Error{"room_not_found", "There is no room with the code \"" + *raw + "\".", "room"};
  return *code;
}

std::variant<Hello, Error> parse_hello(const json& body) {
  std::optional<std::string> fields[4];  // name, token, key, view
  static constexpr const char* names[] = {"name", "token", "key", "view"};
  static constexpr std::size_t limits[] = {max_name_bytes, max_secret_bytes, max_secret_bytes, 16};
  for (int i = 0; i < 4; ++i) {
    auto f = optional_string(body, names[i], limits[i]);
    if (auto* e = std::get_if<Error>(&f)) return *e;
    fields[i] = std::get<std::optional<std::string>>(f);
  }
  auto& [name, token, key, view] = fields;

  // Exactly one credential (or none, for an observer).
  const char* credential = nullptr;
  for (int i = 0; i < 3; ++i) {
    if (!fields[i]) continue;
    if (credential) return bad(names[i], "can't be combined with \"" + std::string(credential) + "\".");
    credential = names[i];
  }

  Hello h;
  if (key) {
    h.role = HelloRole::facilitator;
    h.secret = *key;
    h.view = view.value_or("facilitator");
    if (h.view != "facilitator" && h.view != "stage") return bad("view", "must be \"facilitator\" or \"stage\" with a key.");
    if (body.contains("room") && !body["room"].is_null()) {
      auto room = parse_room_field(body);
      if (auto* e = std::get_if<Error>(&room)) return *e;
      h.room = std::get<std::string>(room);
    }
    return h;
  }

  auto room = parse_room_field(body);
  if (auto* e = std::get_if<Error>(&room)) return *e;
  h.room = std::get<std::string>(room);
  if (!credential) {
    if (view != "observer") return missing("name");
    h.role = HelloRole::observer;
    h.view = "observer";
    return h;
  }
  if (view) return bad("view", "is only for the facilitator and observers.");
  h.role = name ? HelloRole::participant_new : HelloRole::participant_token;
  h.secret = name ? *name : *token;
  h.view = "phone";
  return h;
}

bool is_play_action(std::string_view a) {
  return a == "word" || a == "pass" || a == "end_sentence" || a == "answer" || a == "predict" || a == "pick" ||
         a == "react";
}

bool is_steer_action(std::string_view a) {
  return a == "start" || a == "pause" || a == "resume" || a == "skip" || a == "reveal" || a == "next" || a == "end" ||
         a == "note";
}

json command_data(const json& body) {
  json data = json::object();
  for (const auto& [k, v] : body.items()) {
    if (k != "type" && k != "id" && k != "action" && k != "round") data[k] = v;
  }
  return data;
}

std::string frame(json message, const json& re) {
  if (!re.is_null()) message["re"] = re;
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_frame(const Error& e, const json& re) {
  json m = {{"type", "error"}, {"code", e.code}, {"message", e.message}};
  if (!e.field.empty()) m["field"] = e.field;
  return frame(std::move(m), re);
}

}  // namespace earshot::server::protocol
