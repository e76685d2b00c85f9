// Bad input over loopback: every error code of docs/protocol.md that a client can cause, each
// followed by proof that the connection survived; the name rules; oversized frames.

#include "harness.hpp"

using namespace earshot::test;

namespace {

// Sends raw text and REQUIREs the error `code` as the next message (no request id: the text
// may not even parse).
json expect_raw_error(Client& c, std::string text, const std::string& code) {
  c.send_text(text);
  json reply = c.receive(reply_limit);
  INFO("sent ", text, ", got ", reply.dump());
  CHECK(reply["type"] == "error");
  CHECK(reply["code"] == code);
  CHECK_FALSE(reply.contains("re"));
  return reply;
}

}  // namespace

TEST_CASE("malformed messages get bad_json, bad_message, binary_frame or unknown_type") {
  Harness h;
  Client c = h.connect();

  expect_raw_error(c, "{\"type\":", "bad_json");
  expect_alive(c);
  expect_raw_error(c, "hello", "bad_json");
  expect_alive(c);

  expect_raw_error(c, "[1,2,3]", "bad_message");
  expect_alive(c);
  expect_raw_error(c, "\"ping\"", "bad_message");
  expect_alive(c);
  expect_raw_error(c, R"({"id":1})", "bad_message");
  expect_alive(c);
  expect_raw_error(c, R"({"type":42})", "bad_message");
  expect_alive(c);
  expect_raw_error(c, R"({"type":"ping","id":1.5})", "bad_message");
  expect_alive(c);
  expect_raw_error(c, R"({"type":"ping","id":true})", "bad_message");
  expect_alive(c);
  expect_raw_error(c, R"({"type":"ping","id":")" + std::string(65, 'x') + "\"}", "bad_message");
  expect_alive(c);

  // The longest allowed string id comes back.
  const std::string long_id(64, 'x');
  c.send({{"type", "ping"}, {"id", long_id}});
  CHECK(c.receive(reply_limit)["re"] == long_id);

  c.send_binary(R"({"type":"ping"})");
  json binary = c.receive(reply_limit);
  CHECK(binary["type"] == "error");
  CHECK(binary["code"] == "binary_frame");
  expect_alive(c);

  expect_error(c, {{"type", "dance"}}, "unknown_type");
  expect_alive(c);
}

TEST_CASE("hello is checked: missing_field, bad_field, bad_key, room_not_found, bad_token") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  Client c = h.connect();

  CHECK(expect_error(c, {{"type", "hello"}, {"name", "Ann"}}, "missing_field")["field"] == "room");
  expect_alive(c);
  CHECK(expect_error(c, {{"type", "hello"}, {"room", code}}, "missing_field")["field"] == "name");
  expect_alive(c);

  CHECK(expect_error(c, {{"type", "hello"}, {"room", 1234}, {"name", "Ann"}}, "bad_field")["field"] == "room");
  expect_alive(c);
  CHECK(expect_error(c, {{"type", "hello"}, {"room", code}, {"name", 5}}, "bad_field")["field"] == "name");
  expect_alive(c);
  json both = expect_error(c, {{"type", "hello"}, {"room", code}, {"name", "Ann"}, {"token", "abc"}}, "bad_field");
  CHECK((both["field"] == "name" || both["field"] == "token"));
  expect_alive(c);
  json key_and_name = expect_error(c, {{"type", "hello"}, {"key", "test-key"}, {"name", "Ann"}}, "bad_field");
  CHECK((key_and_name["field"] == "key" || key_and_name["field"] == "name"));
  expect_alive(c);
  // A name may take at most 200 bytes on the wire, whatever trimming would make of it.
  const std::string padded = std::string(100, ' ') + "Ann" + std::string(100, ' ');
  CHECK(expect_error(c, {{"type", "hello"}, {"room", code}, {"name", padded}}, "bad_field")["field"] == "name");
  expect_alive(c);
  CHECK(expect_error(c, {{"type", "hello"}, {"room", code}, {"name", "Ann"}, {"view", "stage"}}, "bad_field")["field"] ==
        "view");
  expect_alive(c);
  CHECK(expect_error(c, {{"type", "hello"}, {"key", "test-key"}, {"view", "dance"}}, "bad_field")["field"] == "view");
  expect_alive(c);

  expect_error(c, {{"type", "hello"}, {"key", "wrong-key"}}, "bad_key");
  expect_alive(c);
  expect_error(c, {{"type", "hello"}, {"key", "wrong-key"}, {"room", code}, {"view", "stage"}}, "bad_key");
  expect_alive(c);

  expect_error(c, {{"type", "hello"}, {"room", other_code(code)}, {"name", "Ann"}}, "room_not_found");
  expect_alive(c);
  expect_error(c, {{"type", "hello"}, {"room", "??"}, {"name", "Ann"}}, "room_not_found");
  expect_alive(c);
  expect_error(c, {{"type", "hello"}, {"room", other_code(code)}, {"view", "observer"}}, "room_not_found");
  expect_alive(c);

  expect_error(c, {{"type", "hello"}, {"room", code}, {"token", "not-a-token"}}, "bad_token");
  expect_alive(c);
  // A real token of another room is no good here either.
  const std::string other_room = Harness::create_room(f);
  Joined ann = h.join(other_room, "Ann");
  expect_error(c, {{"type", "hello"}, {"room", code}, {"token", ann.token()}}, "bad_token");
  expect_alive(c);

  // After all that, the same connection can still join.
  c.send({{"type", "hello"}, {"room", code}, {"name", "Ann"}});
  CHECK(c.receive(reply_limit)["type"] == "welcome");
}

TEST_CASE("state and role errors: not_joined, already_joined, forbidden") {
  Harness h;
  Client c = h.connect();
  expect_error(c, {{"type", "create_room"}}, "not_joined");
  expect_alive(c);
  expect_error(c, {{"type", "list_rooms"}}, "not_joined");
  expect_alive(c);
  expect_error(c, {{"type", "close_room"}}, "not_joined");
  expect_alive(c);

  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  expect_error(f, {{"type", "hello"}, {"key", ServerProcess::facilitator_key}}, "already_joined");
  expect_alive(f);
  expect_error(f, {{"type", "open_room"}, {"room", other_code(code)}}, "room_not_found");
  expect_alive(f);
  CHECK(expect_error(f, {{"type", "open_room"}}, "missing_field")["field"] == "room");
  expect_alive(f);

  Joined ann = h.join(code, "Ann");
  ann.client.receive_until("joined", reply_limit);  // her own, which follows her welcome
  expect_error(ann.client, {{"type", "hello"}, {"room", code}, {"name", "Bob"}}, "already_joined");
  expect_alive(ann.client);
  for (const char* type : {"create_room", "close_room", "list_rooms"}) {
    expect_error(ann.client, {{"type", type}}, "forbidden");
    expect_alive(ann.client);
  }
  expect_error(ann.client, {{"type", "open_room"}, {"room", code}}, "forbidden");
  expect_alive(ann.client);

  Client observer = h.connect();
  observer.send({{"type", "hello"}, {"room", code}, {"view", "observer"}});
  REQUIRE(observer.receive_until("welcome", reply_limit)["role"] == "observer");
  expect_error(observer, {{"type", "create_room"}}, "forbidden");
  expect_alive(observer);
}

TEST_CASE("a facilitator without a room cannot close one, and the server limits open rooms") {
  Harness h;
  Client f = h.facilitator();
  CHECK(expect_error(f, {{"type", "close_room"}}, "missing_field")["field"] == "room");
  expect_alive(f);
  expect_error(f, {{"type", "close_room"}, {"room", "WXYA"}}, "room_not_found");
  expect_alive(f);

  constexpr int max_rooms = 500;
  for (int i = 0; i < max_rooms; ++i) f.send({{"type", "create_room"}, {"id", i}});
  for (int i = 0; i < max_rooms; ++i) REQUIRE(reply_to(f, i)["type"] == "welcome");
  expect_error(f, {{"type", "create_room"}}, "too_many_rooms");
  expect_alive(f);
}

TEST_CASE("names are trimmed, limited, free of control characters and unique per room") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);

  Joined mary = h.join(code, "  Mary \t  Jane  ");
  CHECK(mary.welcome["you"]["name"] == "Mary Jane");
  CHECK(mary.welcome["room"]["participants"][0]["name"] == "Mary Jane");

  Client c = h.connect();
  auto hello = [&](const std::string& name) { return json{{"type", "hello"}, {"room", code}, {"name", name}}; };
  // Case-insensitive clash, also after trimming.
  expect_error(c, hello("mary jane"), "name_taken");
  expect_alive(c);
  expect_error(c, hello(" MARY   JANE "), "name_taken");
  expect_alive(c);
  // Empty, too long, control characters.
  for (const std::string& bad : {std::string(""), std::string("   "), std::string(25, 'x'), std::string("bell\x07"),
                                std::string("tab\tinside") + "\x01", std::string("nul\0x", 5),
                                std::string("del\x7f")}) {
    CAPTURE(bad);
    json error = expect_error(c, hello(bad), "name_invalid");
    CHECK(error["field"] == "name");
    expect_alive(c);
  }
  // A name of 24 characters is fine, even when they take two bytes each.
  std::string umlauts;
  for (int i = 0; i < 24; ++i) umlauts += "ü";
  Joined long_name = h.join(code, umlauts);
  CHECK(long_name.welcome["you"]["name"] == umlauts);
  Joined exact = h.join(code, std::string(24, 'y'));
  CHECK(exact.welcome["you"]["name"] == std::string(24, 'y'));

  // The refused connection can still join under a free name.
  c.send(hello("Ann"));
  json welcome = c.receive(reply_limit);
  CHECK(welcome["type"] == "welcome");
  CHECK(welcome["you"]["name"] == "Ann");
}

TEST_CASE("a frame over 16 KiB closes the connection with 1009, 16 KiB is still fine") {
  Harness h;
  Client c = h.connect();
  // {"type":"ping","pad":"xxxx"} padded to exactly 16384 bytes.
  const std::string frame_start = R"({"type":"ping","pad":")";
  const std::string frame_end = "\"}";
  c.send_text(frame_start + std::string(16384 - frame_start.size() - frame_end.size(), 'x') + frame_end);
  CHECK(c.receive(reply_limit)["type"] == "pong");

  c.send_text(frame_start + std::string(17 * 1024, 'x') + frame_end);
  const auto info = c.wait_closed(reply_limit);
  CHECK(info.code == 1009);
}
