// The assistant's link (the `assistant` message): a second key for one room that steers its rounds
// and arranges its people, and is refused everything else with assistant_forbidden; replaced or
// taken back by the facilitator; kept across a restart; never in an export; its QR code for the
// facilitator only.

#include <filesystem>

#include "client/http.hpp"
#include "harness.hpp"

using namespace earshot::test;
using earshot::client::http_get;

namespace {

// Reads until the reply to `id`; returns it and the last `assistant` message on the way.
struct Seen {
  json reply, assistant;
  bool told = false;  // an `assistant` message came
};
Seen until_reply(Client& c, const json& id) {
  Seen seen;
  for (;;) {
    json m = c.receive(reply_limit);
    if (m["type"] == "assistant") {
      seen.assistant = m["assistant"];
      seen.told = true;
    }
    if (m.value("re", json()) == id) {
      seen.reply = m;
      return seen;
    }
  }
}

// The facilitator makes a new assistant's link for its room: its key.
std::string create_link(Client& host, int id) {
  host.send({{"type", "assistant"}, {"action", "create"}, {"id", id}});
  const Seen seen = until_reply(host, id);
  REQUIRE(seen.reply["type"] == "ok");
  REQUIRE(seen.told);
  REQUIRE(seen.assistant["key"].is_string());
  CHECK(seen.assistant["createdMs"].is_number_integer());
  return seen.assistant["key"].get<std::string>();
}

json hello_with(Client& c, const std::string& key, const std::string& room) {
  json hello = {{"type", "hello"}, {"key", key}, {"id", 1}};
  if (!room.empty()) hello["room"] = room;
  c.send(hello);
  return c.receive(reply_limit);
}

}  // namespace

TEST_CASE("an assistant's link steers its room's rounds and arranges its people, and nothing more") {
  Harness h;
  Client host = h.facilitator();
  host.send({{"type", "create_room"}});
  const json created = host.receive_until("welcome", reply_limit);
  const std::string code = created["room"]["code"];
  CHECK(created["assistant"].is_null());
  Joined ann = h.join(code, "Ann");
  Joined bo = h.join(code, "Bo");

  // Refusals change nothing.
  expect_error(host, {{"type", "assistant"}}, "missing_field");
  expect_error(host, {{"type", "assistant"}, {"action", "make"}}, "bad_field");
  expect_error(ann.client, {{"type", "assistant"}, {"action", "create"}}, "forbidden");

  const std::string key = create_link(host, 2);
  CHECK(key.size() >= 32);

  Client helper = h.connect();
  const json welcome = hello_with(helper, key, code);
  REQUIRE(welcome["type"] == "welcome");
  CHECK(welcome["role"] == "assistant");
  CHECK(welcome["view"] == "facilitator");
  CHECK(welcome["room"]["participants"].size() == 2);
  CHECK(welcome.contains("plan"));
  CHECK_FALSE(welcome.contains("rooms"));
  CHECK_FALSE(welcome.contains("assistant"));
  // Nothing of the facilitator's key, nor of the assistant's own, is in its welcome.
  CHECK(welcome.dump().find(ServerProcess::facilitator_key) == std::string::npos);
  CHECK(welcome.dump().find(key) == std::string::npos);

  // On the projector's laptop the key drives the stage too (hello view "stage").
  Client stage = h.connect();
  stage.send({{"type", "hello"}, {"key", key}, {"room", code}, {"view", "stage"}});
  const json staged = stage.receive_until("welcome", reply_limit);
  CHECK(staged["role"] == "assistant");
  CHECK(staged["view"] == "stage");
  CHECK_FALSE(staged.contains("plan"));

  // The key is this room's only, and needs the room.
  Client nowhere = h.connect();
  CHECK(hello_with(nowhere, key, "")["code"] == "bad_key");
  Client other_host = h.facilitator();
  const std::string other = Harness::create_room(other_host);
  Client elsewhere = h.connect();
  const json refused = hello_with(elsewhere, key, other);
  CHECK(refused["code"] == "bad_key");
  CHECK(refused["field"] == "key");

  // It runs a round: the phones see it, and it steers it to its end and through its results.
  helper.send({{"type", "new_round"}, {"id", 3}, {"start", true}, {"config", {{"game", "spiv"}, {"prompt", "a printer"}}}});
  CHECK(reply_to(helper, 3)["type"] == "ok");
  CHECK(ann.client.receive_until("round", reply_limit)["round"]["view"]["set"]["prompt"] == "a printer");
  helper.send({{"type", "steer"}, {"action", "end"}, {"id", 4}});
  CHECK(reply_to(helper, 4)["type"] == "ok");
  helper.send({{"type", "step"}, {"step", 1}, {"id", 5}});
  CHECK(reply_to(helper, 5)["type"] == "ok");
  // It arranges people.
  helper.send({{"type", "split"}, {"count", 2}, {"id", 6}});
  CHECK(reply_to(helper, 6)["type"] == "ok");
  CHECK(host.receive_until("circles", reply_limit)["circles"].size() == 2);
  helper.send({{"type", "rename"}, {"participant", bo.id()}, {"name", "Bob"}, {"id", 8}});
  CHECK(reply_to(helper, 8)["type"] == "ok");

  // Everything else is the facilitator's.
  for (const json& m : {json{{"type", "doors"}, {"locked", true}},
                        json{{"type", "close_room"}},
                        json{{"type", "delete_session"}, {"room", code}},
                        json{{"type", "list_rooms"}},
                        json{{"type", "create_room"}},
                        json{{"type", "open_room"}, {"room", other}},
                        json{{"type", "plan"}, {"plan", "warm-up"}},
                        json{{"type", "assistant"}, {"action", "create"}},
                        json{{"type", "assistant"}, {"action", "revoke"}}}) {
    expect_error(helper, m, "assistant_forbidden");
  }
  expect_error(helper, {{"type", "play"}, {"action", "answer"}, {"text", "mine"}}, "forbidden");
  // ... and was not done: the room is open, unlocked, and the link still works.
  host.send({{"type", "list_rooms"}, {"id", 9}});
  CHECK(reply_to(host, 9)["rooms"].size() == 2);
  Client cy = h.connect();
  cy.send({{"type", "hello"}, {"room", code}, {"name", "Cy"}});
  CHECK(cy.receive(reply_limit)["type"] == "welcome");
  expect_alive(helper);
}

TEST_CASE("the facilitator replaces or takes back the link, which lasts across a restart and stays out of exports") {
  const std::string data = make_temp_dir();
  std::string code, key;
  {
    ServerProcess server({}, data);
    Client host = Client::connect(server.url());
    host.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}});
    host.receive_until("welcome", reply_limit);
    code = Harness::create_room(host);

    // No link yet: no QR code.
    CHECK(http_get(server.url(), "/qr/" + code + "/assistant.svg?key=test-key").status == 404);

    const std::string first = create_link(host, 2);
    Client helper = Client::connect(server.url());
    REQUIRE(hello_with(helper, first, code)["role"] == "assistant");

    // Taken back: the assistant is shown out, and the key no longer opens the room.
    host.send({{"type", "assistant"}, {"action", "revoke"}, {"id", 3}});
    const Seen revoked = until_reply(host, 3);
    CHECK(revoked.reply["type"] == "ok");
    CHECK(revoked.told);
    CHECK(revoked.assistant.is_null());
    helper.wait_closed(reply_limit);
    Client again = Client::connect(server.url());
    CHECK(hello_with(again, first, code)["code"] == "bad_key");

    // A new link replaces the old one.
    key = create_link(host, 4);
    CHECK(key != first);
    Client old_link = Client::connect(server.url());
    CHECK(hello_with(old_link, first, code)["code"] == "bad_key");
    Client helper2 = Client::connect(server.url());
    REQUIRE(hello_with(helper2, key, code)["role"] == "assistant");
    const std::string newer = create_link(host, 5);
    helper2.wait_closed(reply_limit);  // (the holder of the replaced key is shown out)
    key = newer;

    // The QR code of the link: for the facilitator key only.
    const auto qr = http_get(server.url(), "/qr/" + code + "/assistant.svg?key=test-key");
    CHECK(qr.status == 200);
    CHECK(qr.header("Content-Type") == "image/svg+xml");
    CHECK(qr.body.find("<svg") != std::string::npos);
    CHECK(http_get(server.url(), "/qr/" + code + "/assistant.svg").status == 403);
    CHECK(http_get(server.url(), "/qr/" + code + "/assistant.svg?key=" + key).status == 403);
    CHECK(http_get(server.url(), "/qr/" + other_code(code) + "/assistant.svg?key=test-key").status == 404);
  }
  // After a restart the link still works, and the facilitator's page still shows it.
  ServerProcess server({}, data);
  Client helper = Client::connect(server.url());
  CHECK(hello_with(helper, key, code)["role"] == "assistant");
  Client host = Client::connect(server.url());
  host.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", code}});
  CHECK(host.receive_until("welcome", reply_limit)["assistant"]["key"] == key);

  // The export records that a link was made and taken back, never the key.
  const auto exported = http_get(server.url(), "/export/" + code + ".json?key=test-key");
  REQUIRE(exported.status == 200);
  CHECK(exported.body.find(key) == std::string::npos);
  const json record = json::parse(exported.body);
  int links = 0;
  for (const auto& e : record["roomEvents"]) links += e["kind"] == "assistant";
  CHECK(links == 4);

  host.send({{"type", "assistant"}, {"action", "revoke"}, {"id", 6}});
  CHECK(until_reply(host, 6).reply["type"] == "ok");
  CHECK(http_get(server.url(), "/qr/" + code + "/assistant.svg?key=test-key").status == 404);
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
}
