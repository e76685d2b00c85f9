#include <doctest/doctest.h>

#include <string>

#include "server/rooms/protocol.hpp"

using namespace earshot::server::protocol;

namespace {

std::string error_code_of(std::string_view frame) {
  auto r = parse_envelope(frame);
  auto* e = std::get_if<Error>(&r);
  return e ? e->code : "";
}

Error hello_error(const json& body) {
  auto r = parse_hello(body);
  REQUIRE(std::holds_alternative<Error>(r));
  return std::get<Error>(r);
}

Hello hello_ok(const json& body) {
  auto r = parse_hello(body);
  if (auto* e = std::get_if<Error>(&r)) FAIL("unexpected error " << e->code << ": " << e->message);
  return std::get<Hello>(r);
}

}  // namespace

TEST_CASE("envelope: valid messages keep their type, id and body") {
  auto r = parse_envelope(R"({"type":"ping","id":7})");
  REQUIRE(std::holds_alternative<Envelope>(r));
  const auto& env = std::get<Envelope>(r);
  CHECK(env.type == "ping");
  CHECK(env.id == 7);
  CHECK(env.body["type"] == "ping");

  auto s = parse_envelope(R"({"type":"ping","id":"abc"})");
  REQUIRE(std::holds_alternative<Envelope>(s));
  CHECK(std::get<Envelope>(s).id == "abc");
  CHECK(std::get<Envelope>(parse_envelope(R"({"type":"x"})")).id.is_null());
}

TEST_CASE("envelope: every malformed frame gets its stable code") {
  CHECK(error_code_of("") == "bad_json");
  CHECK(error_code_of("{") == "bad_json");
  CHECK(error_code_of("{\"type\":\"ping\"} trailing") == "bad_json");
  CHECK(error_code_of("{\"type\":\"\xff\"}") == "bad_json");  // not UTF-8
  CHECK(error_code_of("[1,2]") == "bad_message");
  CHECK(error_code_of("\"hello\"") == "bad_message");
  CHECK(error_code_of("{}") == "bad_message");
  CHECK(error_code_of(R"({"type":5})") == "bad_message");
  CHECK(error_code_of(R"({"type":"ping","id":1.5})") == "bad_message");
  CHECK(error_code_of(R"({"type":"ping","id":{}})") == "bad_message");
  CHECK(error_code_of(R"({"type":"ping","id":")" + std::string(65, 'x') + "\"}") == "bad_message");
}

TEST_CASE("envelope: nesting deeper than the limit is refused before parsing") {
  std::string deep = R"({"type":"ping","x":)";
  for (int i = 0; i < max_json_depth; ++i) deep += "[";
  for (int i = 0; i < max_json_depth; ++i) deep += "]";
  deep += "}";
  CHECK(error_code_of(deep) == "bad_json");
  // Brackets inside strings don't count.
  CHECK(error_code_of(R"({"type":"ping","x":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["})") == "");
  // A million opening brackets must not blow the stack.
  CHECK(error_code_of(std::string(1000000, '[')) == "bad_json");
}

TEST_CASE("hello: a new participant, a returning participant, an observer") {
  auto h = hello_ok({{"room", "htkm"}, {"name", "Ann"}});
  CHECK(h.role == HelloRole::participant_new);
  CHECK(h.room == "HTKM");
  CHECK(h.secret == "Ann");
  CHECK(h.view == "phone");

  auto t = hello_ok({{"room", "HTKM"}, {"token", "abc"}});
  CHECK(t.role == HelloRole::participant_token);
  CHECK(t.secret == "abc");

  auto o = hello_ok({{"room", "HTKM"}, {"view", "observer"}});
  CHECK(o.role == HelloRole::observer);
  CHECK(o.view == "observer");
}

TEST_CASE("hello: a facilitator with or without a room, as facilitator or stage") {
  auto f = hello_ok({{"key", "k"}});
  CHECK(f.role == HelloRole::facilitator);
  CHECK(f.room.empty());
  CHECK(f.view == "facilitator");
  auto s = hello_ok({{"key", "k"}, {"room", "htkm"}, {"view", "stage"}});
  CHECK(s.room == "HTKM");
  CHECK(s.view == "stage");
}

TEST_CASE("hello: field errors name the field") {
  auto e = hello_error({{"name", "Ann"}});
  CHECK(e.code == "missing_field");
  CHECK(e.field == "room");

  e = hello_error({{"room", "HTKM"}});
  CHECK(e.code == "missing_field");
  CHECK(e.field == "name");

  e = hello_error({{"room", "HTKM"}, {"name", "Ann"}, {"token", "t"}});
  CHECK(e.code == "bad_field");
  CHECK(e.field == "token");

  e = hello_error({{"room", "HTKM"}, {"name", 5}});
  CHECK(e.code == "bad_field");
  CHECK(e.field == "name");

  e = hello_error({{"room", "HTKM"}, {"name", std::string(max_name_bytes + 1, 'a')}});
  CHECK(e.code == "bad_field");

  e = hello_error({{"room", "HTKM"}, {"name", "Ann"}, {"view", "stage"}});
  CHECK(e.code == "bad_field");
  CHECK(e.field == "view");

  e = hello_error({{"key", "k"}, {"view", "observer"}});
  CHECK(e.code == "bad_field");
  CHECK(e.field == "view");

  e = hello_error({{"room", 42}, {"name", "Ann"}});
  CHECK(e.code == "bad_field");
  CHECK(e.field == "room");
}

TEST_CASE("hello: a code that cannot exist is simply not found") {
  CHECK(hello_error({{"room", "AB"}, {"name", "Ann"}}).code == "room_not_found");
  CHECK(hello_error({{"room", "OOOO"}, {"name", "Ann"}}).code == "room_not_found");  // O is not in the alphabet
  CHECK(hello_error({{"key", "k"}, {"room", "12345"}}).code == "room_not_found");
}

TEST_CASE("replies carry the request id back") {
  auto f = json::parse(frame({{"type", "pong"}}, 9));
  CHECK(f["re"] == 9);
  CHECK_FALSE(json::parse(frame({{"type", "pong"}})).contains("re"));
  auto e = json::parse(error_frame({"name_taken", "Taken.", "name"}, "a"));
  CHECK(e["type"] == "error");
  CHECK(e["code"] == "name_taken");
  CHECK(e["field"] == "name");
  CHECK(e["re"] == "a");
}

namespace {

RoomRequest room_request(MessageType type, const json& body) {
  auto r = parse_request(type, body);
  if (auto* e = std::get_if<Error>(&r)) FAIL("unexpected error " << e->code << ": " << e->message);
  return std::get<RoomRequest>(std::get<Request>(r));
}

Error request_error(MessageType type, const json& body) {
  auto r = parse_request(type, body);
  REQUIRE(std::holds_alternative<Error>(r));
  return std::get<Error>(r);
}

}  // namespace

TEST_CASE("plan, activity and plan_next: a plan or none, the next activity or one by its place") {
  CHECK(message_type("plan") == MessageType::plan);
  CHECK(message_type("activity") == MessageType::activity);
  CHECK(message_type("plan_next") == MessageType::plan_next);
  CHECK(is_room_request(MessageType::doors));
  CHECK(std::get<UsePlan>(room_request(MessageType::plan, {{"plan", "p3"}})).plan == "p3");
  CHECK_FALSE(std::get<UsePlan>(room_request(MessageType::plan, {{"plan", nullptr}})).plan);
  CHECK_FALSE(std::get<RunActivity>(room_request(MessageType::activity, json::object())).index);
  CHECK(std::get<RunActivity>(room_request(MessageType::activity, {{"index", 39}})).index == 39u);
  CHECK(std::get<PlanNext>(room_request(MessageType::plan_next, {{"index", 40}})).index == 40u);

  Error e = request_error(MessageType::plan, json::object());
  CHECK(e.code == "missing_field");
  CHECK(e.field == "plan");
  for (const json& bad : {json(5), json(""), json(std::string(max_id_chars + 1, 'p'))}) {
    e = request_error(MessageType::plan, {{"plan", bad}});
    CHECK(e.code == "bad_field");
    CHECK(e.field == "plan");
  }
  for (const json& bad : {json(-1), json(40), json("1"), json(1.5)}) {
    e = request_error(MessageType::activity, {{"index", bad}});
    CHECK(e.code == "bad_field");
    CHECK(e.field == "index");
  }
  CHECK(request_error(MessageType::plan_next, json::object()).code == "missing_field");
  CHECK(request_error(MessageType::plan_next, {{"index", 41}}).code == "bad_field");
}

TEST_CASE("doors: each field given changes and the others stay, and a cap of none is null") {
  Doors d = std::get<Doors>(room_request(MessageType::doors, {{"locked", true}}));
  CHECK(d.locked == true);
  CHECK_FALSE(d.cap);
  CHECK_FALSE(d.hold);
  d = std::get<Doors>(room_request(MessageType::doors, {{"cap", 20}, {"hold", false}}));
  REQUIRE(d.cap);
  CHECK(*d.cap == std::optional<std::size_t>(20));
  CHECK(d.hold == false);
  d = std::get<Doors>(room_request(MessageType::doors, {{"cap", nullptr}}));
  REQUIRE(d.cap);
  CHECK_FALSE(*d.cap);

  CHECK(request_error(MessageType::doors, json::object()).code == "missing_field");
  for (const auto& [field, bad] : std::vector<std::pair<std::string, json>>{
           {"locked", json("yes")}, {"hold", json(1)}, {"cap", json(0)}, {"cap", json(501)}, {"cap", json("20")}}) {
    CAPTURE(field);
    const Error e = request_error(MessageType::doors, {{field, bad}});
    CHECK(e.code == "bad_field");
    CHECK(e.field == field);
  }
}
