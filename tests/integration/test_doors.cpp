// Who may join a room (the `doors` message): locked, a cap, latecomers held for the next round;
// every refusal with its code; the doors told to every page and kept across a restart.

#include <filesystem>

#include "harness.hpp"

using namespace earshot::test;

namespace {

// Reads until the reply to `id`; returns it and the last `doors` and `round` messages on the way.
struct Seen {
  json reply, doors, round;
};
Seen until_reply(Client& c, int id) {
  Seen seen;
  for (;;) {
    json m = c.receive(reply_limit);
    if (m["type"] == "doors") seen.doors = m["doors"];
    if (m["type"] == "round") seen.round = m["round"];
    if (m.value("re", json()) == id) {
      seen.reply = m;
      return seen;
    }
  }
}

json hello_new(Client& c, const std::string& code, const std::string& name) {
  c.send({{"type", "hello"}, {"room", code}, {"name", name}, {"id", 1}});
  return c.receive(reply_limit);
}

}  // namespace

TEST_CASE("a locked room lets nobody new in, a full one nobody more, and both keep those who joined") {
  const std::string data = make_temp_dir();
  std::string code, ann_token;
  {
    ServerProcess server({}, data);
    Client host = Client::connect(server.url());
    host.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}});
    host.receive_until("welcome", reply_limit);
    code = Harness::create_room(host);
    Client ann = Client::connect(server.url());
    const json welcome = hello_new(ann, code, "Ann");
    REQUIRE(welcome["type"] == "welcome");
    CHECK(welcome["room"]["doors"] == json{{"locked", false}, {"cap", nullptr}, {"hold", false}});
    ann_token = welcome["token"];

    // Refusals change nothing.
    expect_error(host, {{"type", "doors"}}, "missing_field");
    expect_error(host, {{"type", "doors"}, {"locked", "yes"}}, "bad_field");
    expect_error(host, {{"type", "doors"}, {"cap", 0}}, "bad_field");
    expect_error(host, {{"type", "doors"}, {"cap", 501}}, "bad_field");
    expect_error(ann, {{"type", "doors"}, {"locked", true}}, "forbidden");

    host.send({{"type", "doors"}, {"locked", true}, {"id", 2}});
    Seen seen = until_reply(host, 2);
    CHECK(seen.reply["type"] == "ok");
    CHECK(seen.doors == json{{"locked", true}, {"cap", nullptr}, {"hold", false}});
    // Everyone in the room is told (the stage shows it).
    CHECK(ann.receive_until("doors", reply_limit)["doors"]["locked"] == true);

    Client bo = Client::connect(server.url());
    const json refused = hello_new(bo, code, "Bo");
    CHECK(refused["type"] == "error");
    CHECK(refused["code"] == "room_locked");
    CHECK_FALSE(refused["message"].get<std::string>().empty());

    // Ann comes back with her token.
    Client ann_again = Client::connect(server.url());
    ann_again.send({{"type", "hello"}, {"room", code}, {"token", ann_token}});
    CHECK(ann_again.receive_until("welcome", reply_limit)["you"]["name"] == "Ann");

    // Open, with room for two.
    host.send({{"type", "doors"}, {"locked", false}, {"cap", 2}, {"id", 3}});
    CHECK(until_reply(host, 3).doors == json{{"locked", false}, {"cap", 2}, {"hold", false}});
    Client bo2 = Client::connect(server.url());
    CHECK(hello_new(bo2, code, "Bo")["type"] == "welcome");
    Client cy = Client::connect(server.url());
    const json full = hello_new(cy, code, "Cy");
    CHECK(full["code"] == "room_full");
  }
  // After a restart the doors are as they were.
  ServerProcess server({}, data);
  Client cy = Client::connect(server.url());
  CHECK(hello_new(cy, code, "Cy")["code"] == "room_full");
  Client host = Client::connect(server.url());
  host.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", code}});
  CHECK(host.receive_until("welcome", reply_limit)["room"]["doors"]["cap"] == 2);
  host.send({{"type", "doors"}, {"cap", nullptr}, {"id", 4}});
  CHECK(until_reply(host, 4).doors["cap"].is_null());
  Client cy2 = Client::connect(server.url());
  CHECK(hello_new(cy2, code, "Cy")["type"] == "welcome");
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
}

TEST_CASE("a latecomer held for the next round watches the round on now, then plays the next") {
  Harness h;
  Client host = h.facilitator();
  const std::string code = Harness::create_room(host);
  Joined ann = h.join(code, "Ann");
  Joined bo = h.join(code, "Bo");
  host.send({{"type", "doors"}, {"hold", true}, {"id", 1}});
  REQUIRE(until_reply(host, 1).reply["type"] == "ok");
  host.send({{"type", "new_round"}, {"id", 2}, {"start", true}, {"config", {{"game", "spiv"}, {"prompt", "soon"}}}});
  REQUIRE(until_reply(host, 2).reply["type"] == "ok");

  Joined cy = h.join(code, "Cy");
  REQUIRE(cy.welcome["round"].is_object());
  CHECK(cy.welcome["round"]["view"]["you"].is_null());  // not in the round on now
  expect_error(cy.client, {{"type", "play"}, {"action", "answer"}, {"text", "later"}}, "unknown_participant");
  host.send({{"type", "steer"}, {"action", "end"}, {"id", 3}});
  REQUIRE(until_reply(host, 3).reply["type"] == "ok");

  host.send({{"type", "new_round"}, {"id", 4}, {"start", true}, {"config", {{"game", "spiv"}, {"prompt", "now"}}}});
  REQUIRE(until_reply(host, 4).reply["type"] == "ok");
  json round;
  while (!round.is_object() || round["view"]["you"].is_null()) round = cy.client.receive_until("round", reply_limit)["round"];
  CHECK(round["view"]["you"]["id"] == cy.id());

  // Without hold, a latecomer joins the round on now.
  host.send({{"type", "doors"}, {"hold", false}, {"id", 5}});
  REQUIRE(until_reply(host, 5).reply["type"] == "ok");
  Joined di = h.join(code, "Di");
  CHECK(di.welcome["round"]["view"]["you"]["id"] == di.id());
}

TEST_CASE("someone just watching sees the round as the stage does and may react, nothing else") {
  Harness h;
  Client host = h.facilitator();
  const std::string code = Harness::create_room(host);
  Joined ann = h.join(code, "Ann");
  host.send({{"type", "new_round"}, {"id", 1}, {"start", true}, {"config", {{"game", "spiv"}, {"prompt", "soon"}}}});
  REQUIRE(until_reply(host, 1).reply["type"] == "ok");

  Client watcher = h.connect();
  watcher.send({{"type", "hello"}, {"room", code}, {"view", "observer"}});
  const json welcome = watcher.receive_until("welcome", reply_limit);
  CHECK(welcome["role"] == "observer");
  CHECK(welcome["round"]["view"]["set"]["prompt"] == "soon");
  CHECK_FALSE(welcome["round"]["view"].contains("you"));

  watcher.send({{"type", "play"}, {"action", "react"}, {"reaction", "laugh"}, {"id", 2}});
  CHECK(reply_to(watcher, 2)["type"] == "ok");
  const json seen = host.receive_until("reaction", reply_limit);
  CHECK(seen["reaction"] == "laugh");
  expect_error(watcher, {{"type", "play"}, {"action", "answer"}, {"text", "mine"}}, "not_allowed");
  expect_error(watcher, {{"type", "new_round"}, {"config", {{"game", "spiv"}}}}, "forbidden");
  // Reactions are limited like a phone's.
  bool limited = false;
  for (int i = 0; i < 20 && !limited; ++i) {
    watcher.send({{"type", "play"}, {"action", "react"}, {"reaction", "applause"}, {"id", 100 + i}});
    limited = reply_to(watcher, 100 + i).value("code", "") == "rate_limited";
  }
  CHECK(limited);
  // The round counts the watcher's reactions with everyone's, and nobody joined.
  host.send({{"type", "steer"}, {"action", "end"}, {"id", 3}});
  const json ended = until_reply(host, 3).round;
  CHECK(ended["view"]["reactions"]["laugh"] == 1);
  CHECK(ended["view"]["people"].size() == 1);
  expect_alive(ann.client);
}
