#include "server/rooms/protocol.hpp"

#include "games/text.hpp"
#include "games/vocabulary.hpp"
#include "server/rooms/ids.hpp"

namespace earshot::server::protocol {
namespace {

// An optional string field of at most `max` bytes: nullopt if absent, an Error if malformed.
std::variant<std::optional<std::string>, Error> optional_string(const json& body, const char* field, std::size_t max) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return bad_field(field, "must be a string.");
  const auto& s = it->get_ref<const std::string&>();
  if (s.size() > max) return bad_field(field, "is too long (at most " + std::to_string(max) + " bytes).");
  return std::optional<std::string>{s};
}

// A required string field of at most `max` bytes.
std::variant<std::string, Error> required_string(const json& body, const char* field, std::size_t max) {
  auto s = optional_string(body, field, max);
  if (auto* e = std::get_if<Error>(&s)) return *e;
  auto& value = std::get<std::optional<std::string>>(s);
  if (!value) return missing_field(field);
  return std::move(*value);
}

// The fields of a `play` or `steer` command for the rules: the message without type, id, action
// (and a play's round).
json command_data(const json& body) {
  json data = json::object();
  for (const auto& [k, v] : body.items()) {
    if (k != "type" && k != "id" && k != "action" && k != "round") data[k] = v;
  }
  return data;
}

// The action of a play or steer: one of `known`.
template <std::size_t N>
std::variant<std::string, Error> action_field(const json& body, const std::array<std::string_view, N>& known) {
  auto action = required_string(body, "action", max_field_bytes);
  if (auto* e = std::get_if<Error>(&action)) return *e;
  auto& a = std::get<std::string>(action);
  if (!games::is_one_of(known, a)) {
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    return bad_field("action", "must be one of " + list + ".");
  }
  return std::move(a);
}

std::variant<Request, Error> parse_new_round(const json& body) {
  NewRound r;
  const auto cfg = body.find("config");
  if (cfg == body.end()) return missing_field("config");
  if (!cfg->is_object()) return bad_field("config", "must be an object.");
  if (cfg->contains("circles")) {
    return Error{"bad_field", "The room's circles are used; arrange them with split and move.", "config.circles"};
  }
  r.config = *cfg;
  if (auto it = body.find("start"); it != body.end()) {
    if (!it->is_boolean()) return bad_field("start", "must be true or false.");
    r.start = it->get<bool>();
  }
  if (auto it = body.find("draw"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) return bad_field("draw", "must be an object.");
    auto deck = required_string(*it, "deck", max_id_chars);
    if (auto* e = std::get_if<Error>(&deck)) {
      e->message = e->code == "missing_field" ? "The message needs a \"draw.deck\" field." : "\"draw.deck\" must be a deck id.";
      e->field = "draw.deck";
      return *e;
    }
    DeckDraw draw{std::move(std::get<std::string>(deck)), games::DrawMode::random, 1};
    if (auto m = it->find("mode"); m != it->end()) {
      const auto mode = m->is_string() ? games::draw_mode_from_string(m->get_ref<const std::string&>()) : std::nullopt;
      if (!mode) return bad_field("draw.mode", "must be \"random\" or \"next\".");
      draw.mode = *mode;
    }
    if (auto c = it->find("count"); c != it->end()) {
      const auto max = games::limits::max_stimuli;
      if (!c->is_number_integer() || c->get<std::int64_t>() < 1 || c->get<std::uint64_t>() > max) {
        return bad_field("draw.count", "must be a number of entries from 1 to " + std::to_string(max) + ".");
      }
      draw.count = c->get<std::size_t>();
    }
    r.draw = std::move(draw);
  }
  return RoomRequest{std::move(r)};
}

std::variant<Request, Error> parse_steer(const json& body) {
  auto action = action_field(body, games::steer_actions);
  if (auto* e = std::get_if<Error>(&action)) return *e;
  return RoomRequest{Steer{std::move(std::get<std::string>(action)), command_data(body)}};
}

std::variant<Request, Error> parse_play(const json& body) {
  auto action = action_field(body, games::play_actions);
  if (auto* e = std::get_if<Error>(&action)) return *e;
  auto round = optional_string(body, "round", max_id_chars);
  if (auto* e = std::get_if<Error>(&round)) return *e;
  return RoomRequest{Play{std::move(std::get<std::string>(action)), std::get<std::optional<std::string>>(round),
                          command_data(body)}};
}

// kick, rename and move name a participant first.
std::variant<Request, Error> parse_arrangement(MessageType type, const json& body) {
  if (type == MessageType::shuffle) return RoomRequest{Shuffle{}};
  if (type == MessageType::split) {
    auto it = body.find("count");
    if (it == body.end()) return missing_field("count");
    const auto max = games::limits::max_circles;
    if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::uint64_t>() > max) {
      return bad_field("count", "must be a number of circles from 1 to " + std::to_string(max) + ".");
    }
    return RoomRequest{Split{it->get<std::size_t>()}};
  }
  auto participant = required_string(body, "participant", max_field_bytes);
  if (auto* e = std::get_if<Error>(&participant)) return *e;
  auto& who = std::get<std::string>(participant);
  if (type == MessageType::kick) return RoomRequest{Kick{std::move(who)}};
  if (type == MessageType::rename) {
    auto name = required_string(body, "name", max_name_bytes);
    if (auto* e = std::get_if<Error>(&name)) return *e;
    return RoomRequest{Rename{std::move(who), std::move(std::get<std::string>(name))}};
  }
  auto circle = required_string(body, "circle", max_field_bytes);
  if (auto* e = std::get_if<Error>(&circle)) return *e;
  Move m{std::move(who), std::move(std::get<std::string>(circle)), std::nullopt};
  if (auto it = body.find("position"); it != body.end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0) return bad_field("position", "must be a whole number from 0.");
    m.position = it->get<std::size_t>();
  }
  return RoomRequest{std::move(m)};
}

std::variant<Request, Error> parse_step(const json& body) {
  auto it = body.find("step");
  if (it == body.end()) return missing_field("step");
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::uint64_t>() >= max_steps) {
    return bad_field("step", "must be a whole number from 0 to " + std::to_string(max_steps - 1) + ".");
  }
  auto steps = optional_string(body, "steps", max_field_bytes);
  if (auto* e = std::get_if<Error>(&steps)) return *e;
  return RoomRequest{Step{it->get<std::size_t>(), std::move(std::get<std::optional<std::string>>(steps))}};
}

// An activity's place in a plan: a whole number from 0 to `max`.
std::variant<std::size_t, Error> plan_index(const json& value, std::size_t max) {
  if (!value.is_number_integer() || value.get<std::int64_t>() < 0 || value.get<std::uint64_t>() > max) {
    return bad_field("index", "must be a whole number from 0 to " + std::to_string(max) + ".");
  }
  return value.get<std::size_t>();
}

std::variant<Request, Error> parse_plan_request(MessageType type, const json& body) {
  using games::limits::max_activities;
  if (type == MessageType::plan) {
    auto it = body.find("plan");
    if (it == body.end()) return missing_field("plan");
    if (it->is_null()) return RoomRequest{UsePlan{}};
    if (!it->is_string() || it->get_ref<const std::string&>().empty() || it->get_ref<const std::string&>().size() > max_id_chars) {
      return bad_field("plan", "must be a plan's id, or null.");
    }
    return RoomRequest{UsePlan{it->get<std::string>()}};
  }
  auto it = body.find("index");
  if (type == MessageType::activity) {
    if (it == body.end() || it->is_null()) return RoomRequest{RunActivity{}};
    auto index = plan_index(*it, max_activities - 1);
    if (auto* e = std::get_if<Error>(&index)) return *e;
    return RoomRequest{RunActivity{std::get<std::size_t>(index)}};
  }
  if (it == body.end()) return missing_field("index");
  auto index = plan_index(*it, max_activities);
  if (auto* e = std::get_if<Error>(&index)) return *e;
  return RoomRequest{PlanNext{std::get<std::size_t>(index)}};
}

std::variant<Request, Error> parse_doors(const json& body) {
  Doors d;
  for (const char* flag : {"locked", "hold"}) {
    auto it = body.find(flag);
    if (it == body.end()) continue;
    if (!it->is_boolean()) return bad_field(flag, "must be true or false.");
    (std::string_view(flag) == "locked" ? d.locked : d.hold) = it->get<bool>();
  }
  if (auto it = body.find("cap"); it != body.end()) {
    using games::limits::max_players;
    if (it->is_null()) {
      d.cap = std::optional<std::size_t>{};
    } else if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::uint64_t>() > max_players) {
      return bad_field("cap", "must be a number of people from 1 to " + std::to_string(max_players) + ", or null.");
    } else {
      d.cap = std::optional<std::size_t>{it->get<std::size_t>()};
    }
  }
  if (!d.locked && !d.cap && !d.hold) return missing_field("locked");
  return RoomRequest{d};
}

std::variant<Request, Error> parse_assistant(const json& body) {
  auto it = body.find("action");
  if (it == body.end()) return missing_field("action");
  if (*it == "create") return RoomRequest{Assistant{true}};
  if (*it == "revoke") return RoomRequest{Assistant{false}};
  return bad_field("action", "must be \"create\" or \"revoke\".");
}

}  // namespace

Error missing_field(std::string field) {
  return {"missing_field", "The message needs a \"" + field + "\" field.", field};
}

Error bad_field(std::string field, std::string why) { return {"bad_field", "\"" + field + "\" " + why, field}; }

Error room_not_found(const std::string& code) {
  return {"room_not_found", "There is no room with the code \"" + code + "\".", "room"};
}

std::optional<MessageType> message_type(std::string_view type) {
  for (const auto& [t, name] : message_types) {
    if (name == type) return t;
  }
  return std::nullopt;
}

bool is_room_request(MessageType type) { return type >= MessageType::new_round; }

std::variant<Request, Error> parse_request(MessageType type, const json& body) {
  auto with_room = [&](auto make) -> std::variant<Request, Error> {
    auto room = parse_room_field(body);
    if (auto* e = std::get_if<Error>(&room)) return *e;
    return Request{make(std::move(std::get<std::string>(room)))};
  };
  switch (type) {
    case MessageType::hello: {
      auto hello = parse_hello(body);
      if (auto* e = std::get_if<Error>(&hello)) return *e;
      return Request{std::move(std::get<Hello>(hello))};
    }
    case MessageType::ping: return Request{Ping{}};
    case MessageType::create_room: return Request{CreateRoom{}};
    case MessageType::list_rooms: return Request{ListRooms{}};
    case MessageType::open_room: return with_room([](std::string code) { return OpenRoom{std::move(code)}; });
    case MessageType::delete_session: return with_room([](std::string code) { return DeleteSession{std::move(code)}; });
    case MessageType::close_room:
      if (!body.contains("room")) return Request{CloseRoom{}};
      return with_room([](std::string code) { return CloseRoom{std::move(code)}; });
    case MessageType::new_round: return parse_new_round(body);
    case MessageType::steer: return parse_steer(body);
    case MessageType::play: return parse_play(body);
    case MessageType::kick:
    case MessageType::rename:
    case MessageType::split:
    case MessageType::move:
    case MessageType::shuffle: return parse_arrangement(type, body);
    case MessageType::step: return parse_step(body);
    case MessageType::plan:
    case MessageType::activity:
    case MessageType::plan_next: return parse_plan_request(type, body);
    case MessageType::doors: return parse_doors(body);
    case MessageType::assistant: return parse_assistant(body);
  }
  return Error{"unknown_type", "Unknown message type.", "type"};
}

std::variant<Envelope, Error> parse_envelope(std::string_view frame_text) {
  if (games::json_nesting_depth(frame_text) > max_json_depth) {
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
  if (!raw) return missing_field("room");
  auto code = normalize_room_code(*raw);
  if (!code) return room_not_found(*raw);
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
    if (credential) return bad_field(names[i], "can't be combined with \"" + std::string(credential) + "\".");
    credential = names[i];
  }

  Hello h;
  if (key) {
    h.role = HelloRole::facilitator;
    h.secret = *key;
    h.view = view.value_or("facilitator");
    if (h.view != "facilitator" && h.view != "stage") return bad_field("view", "must be \"facilitator\" or \"stage\" with a key.");
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
    if (view != "observer") return missing_field("name");
    h.role = HelloRole::observer;
    h.view = "observer";
    return h;
  }
  if (view) return bad_field("view", "is only for the facilitator and observers.");
  h.role = name ? HelloRole::participant_new : HelloRole::participant_token;
  h.secret = name ? *name : *token;
  h.view = "phone";
  return h;
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
