// Rooms over loopback: creating them, joining, seeing each other, reconnecting, closing.

#include <algorithm>
#include <set>

#include "harness.hpp"

using namespace earshot::test;

namespace {

// The names in a snapshot's participant list, in order.
std::vector<std::string> names_in(json room) {
  std::vector<std::string> names;
  for (const auto& p : room["participants"]) names.push_back(p["name"].get<std::string>());
  return names;
}

}  // namespace

TEST_CASE("the facilitator creates a room and finds it in the room list") {
  Harness h;
  Client f = h.facilitator();
  f.send({{"type", "create_room"}, {"id", 1}});
  json welcome = f.receive_until("welcome", reply_limit);
  CHECK(welcome["re"] == 1);
  CHECK(welcome["role"] == "facilitator");
  CHECK(welcome["view"] == "facilitator");
  CHECK_FALSE(welcome.contains("token"));
  const std::string code = welcome["room"]["code"].get<std::string>();
  CHECK(code.size() == 4);
  CHECK(welcome["room"]["joinUrl"] == "http://127.0.0.1:0/?r=" + code);
  CHECK(welcome["room"]["participants"].empty());

  f.send({{"type", "list_rooms"}, {"id", 2}});
  json rooms = reply_to(f, 2);
  CHECK(rooms["type"] == "rooms");
  REQUIRE(rooms["rooms"].size() == 1);
  CHECK(rooms["rooms"][0]["code"] == code);
  CHECK(rooms["rooms"][0]["participants"] == 0);
  CHECK(rooms["rooms"][0]["createdAt"].is_number_integer());
}

TEST_CASE("several participants join one room and see each other") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);

  Joined ann = h.join(code, "Ann");
  CHECK(ann.welcome["role"] == "participant");
  CHECK(ann.welcome["view"] == "phone");
  CHECK(ann.welcome["you"]["name"] == "Ann");
  CHECK(ann.welcome["room"]["code"] == code);
  CHECK(ann.token().size() >= 22);  // at least 128 bits of base64
  CHECK(names_in(ann.welcome["room"]) == std::vector<std::string>{"Ann"});

  Joined ben = h.join(code, "Ben");
  // Room codes are case-insensitive.
  std::string lower = code;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  Joined cat = h.join(lower, "Cat");

  // The last one's snapshot holds everyone, all online, with distinct ids.
  CHECK(names_in(cat.welcome["room"]) == std::vector<std::string>{"Ann", "Ben", "Cat"});
  std::vector<std::string> ids;
  for (const auto& p : cat.welcome["room"]["participants"]) {
    CHECK(p["online"] == true);
    ids.push_back(p["id"].get<std::string>());
  }
  CHECK(ids == std::vector<std::string>{ann.id(), ben.id(), cat.id()});
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 3);
  CHECK(ann.token() != ben.token());

  // Everyone hears of everyone who came after their welcome, the newcomer included.
  auto expect_joined = [](Client& c, const Joined& who) {
    json msg = c.receive_until("joined", reply_limit);
    CHECK(msg["participant"]["id"] == who.id());
    CHECK(msg["participant"]["name"] == who.welcome["you"]["name"]);
    CHECK(msg["participant"]["online"] == true);
  };
  expect_joined(ann.client, ann);
  expect_joined(ann.client, ben);
  expect_joined(ann.client, cat);
  expect_joined(ben.client, ben);
  expect_joined(ben.client, cat);
  expect_joined(cat.client, cat);

  // The facilitator, in the room, hears of all three too.
  expect_joined(f, ann);
  expect_joined(f, ben);
  expect_joined(f, cat);

  // A stage and an observer get the same snapshot.
  Client stage = h.connect();
  stage.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", code}, {"view", "stage"}});
  json stage_welcome = stage.receive_until("welcome", reply_limit);
  CHECK(stage_welcome["view"] == "stage");
  CHECK(names_in(stage_welcome["room"]) == std::vector<std::string>{"Ann", "Ben", "Cat"});
  Client observer = h.connect();
  observer.send({{"type", "hello"}, {"room", code}, {"view", "observer"}});
  json observer_welcome = observer.receive_until("welcome", reply_limit);
  CHECK(observer_welcome["role"] == "observer");
  CHECK_FALSE(observer_welcome.contains("token"));
  CHECK(names_in(observer_welcome["room"]) == std::vector<std::string>{"Ann", "Ben", "Cat"});
}

TEST_CASE("a participant who reconnects with its token is the same participant") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");
  Joined ben = h.join(code, "Ben");
  ben.client.receive_until("joined", reply_limit);  // Ben's own

  // Ann's phone loses its connection without a goodbye.
  ann.client.abort();
  json presence = ben.client.receive_until("presence", reply_limit);
  CHECK(presence["id"] == ann.id());
  CHECK(presence["online"] == false);

  // She comes back with her token.
  Client again = h.connect();
  again.send({{"type", "hello"}, {"room", code}, {"token", ann.token()}, {"id", "back"}});
  json welcome = again.receive(reply_limit);
  REQUIRE(welcome["type"] == "welcome");
  CHECK(welcome["re"] == "back");
  CHECK(welcome["you"]["id"] == ann.id());
  CHECK(welcome["you"]["name"] == "Ann");
  CHECK(welcome["token"] == ann.token());
  CHECK(names_in(welcome["room"]) == std::vector<std::string>{"Ann", "Ben"});
  for (const auto& p : welcome["room"]["participants"]) CHECK(p["online"] == true);

  // Ben sees her online again, and no new participant: up to his pong there is no `joined`.
  presence = ben.client.receive_until("presence", reply_limit);
  CHECK(presence["id"] == ann.id());
  CHECK(presence["online"] == true);
  ben.client.send({{"type", "ping"}, {"id", "barrier"}});
  for (json msg = ben.client.receive(reply_limit); msg["type"] != "pong"; msg = ben.client.receive(reply_limit))
    CHECK(msg["type"] != "joined");

  // A newcomer's snapshot still lists two people.
  Joined cat = h.join(code, "Cat");
  CHECK(names_in(cat.welcome["room"]) == std::vector<std::string>{"Ann", "Ben", "Cat"});
}

TEST_CASE("a phone that drops and comes straight back is never shown away") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");
  Joined ben = h.join(code, "Ben");
  ben.client.receive_until("joined", reply_limit);  // Ben's own

  // Ann's phone loses the network and is back a moment later, as herself.
  ann.client.abort();
  Client again = h.connect();
  again.send({{"type", "hello"}, {"room", code}, {"token", ann.token()}});
  json welcome = again.receive_until("welcome", reply_limit);
  CHECK(welcome["you"]["id"] == ann.id());
  for (const auto& p : welcome["room"]["participants"]) CHECK(p["online"] == true);
  // Ben was told nothing: up to his pong there is no presence message.
  ben.client.send({{"type", "ping"}, {"id", "barrier"}});
  for (json msg = ben.client.receive(reply_limit); msg["type"] != "pong"; msg = ben.client.receive(reply_limit))
    CHECK(msg["type"] != "presence");

  // A phone that stays away is shown away once the grace (a few seconds) is over.
  again.abort();
  ben.client.send({{"type", "ping"}, {"id", "barrier2"}});
  for (json msg = ben.client.receive(reply_limit); msg["type"] != "pong"; msg = ben.client.receive(reply_limit))
    CHECK(msg["type"] != "presence");
  json presence = ben.client.receive_until("presence", reply_limit);
  CHECK(presence["id"] == ann.id());
  CHECK(presence["online"] == false);
}

TEST_CASE("the same token on two connections keeps the participant online until both are gone") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");
  Joined ben = h.join(code, "Ben");
  Client second = h.connect();
  second.send({{"type", "hello"}, {"room", code}, {"token", ann.token()}});
  CHECK(second.receive_until("welcome", reply_limit)["you"]["id"] == ann.id());

  // One of Ann's two connections goes: she stays online (as a newcomer's snapshot shows).
  ann.client.close();
  Joined cat = h.join(code, "Cat");
  REQUIRE(cat.welcome["room"]["participants"].size() == 3);
  CHECK(cat.welcome["room"]["participants"][0]["online"] == true);
  // The other goes too: now she is offline.
  second.close();
  json presence = ben.client.receive_until("presence", reply_limit);
  CHECK(presence["id"] == ann.id());
  CHECK(presence["online"] == false);
  ben.client.send({{"type", "ping"}, {"id", "barrier"}});
  for (json msg = ben.client.receive(reply_limit); msg["type"] != "pong"; msg = ben.client.receive(reply_limit))
    CHECK(msg["type"] != "presence");  // exactly one change: online → offline
}

TEST_CASE("closing a room sends room_closed and closes its connections with 1000") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");
  Joined ben = h.join(code, "Ben");

  f.send({{"type", "close_room"}, {"id", "bye"}});
  for (Joined* p : {&ann, &ben}) {
    json closed = p->client.receive_until("room_closed", reply_limit);
    CHECK(closed["room"] == code);
    const auto info = p->client.wait_closed(reply_limit);
    CHECK(info.code == 1000);
  }
  // The facilitator stays connected and gets the (now empty) room list.
  json rooms = reply_to(f, "bye");
  CHECK(rooms["type"] == "rooms");
  CHECK(rooms["rooms"].empty());
  expect_alive(f);

  // The room is gone for everyone.
  Client late = h.connect();
  expect_error(late, {{"type", "hello"}, {"room", code}, {"name", "Cat"}}, "room_not_found");
  expect_error(late, {{"type", "hello"}, {"room", code}, {"token", ann.token()}}, "room_not_found");
  expect_alive(late);
}

TEST_CASE("the facilitator can move between rooms") {
  Harness h;
  Client f = h.facilitator();
  const std::string first = Harness::create_room(f);
  const std::string second = Harness::create_room(f);
  CHECK(first != second);
  Joined ann = h.join(first, "Ann");

  f.send({{"type", "open_room"}, {"room", first}});
  json welcome = f.receive_until("welcome", reply_limit);
  CHECK(welcome["room"]["code"] == first);
  CHECK(names_in(welcome["room"]) == std::vector<std::string>{"Ann"});
  f.send({{"type", "list_rooms"}, {"id", 1}});
  CHECK(reply_to(f, 1)["rooms"].size() == 2);
}

TEST_CASE("a facilitator can close a room by its code from outside it") {
  Harness h;
  Client f = h.facilitator();
  const std::string doomed = Harness::create_room(f);
  const std::string kept = Harness::create_room(f);  // f is now in `kept`
  Joined ann = h.join(doomed, "Ann");
  Joined ben = h.join(kept, "Ben");

  f.send({{"type", "close_room"}, {"room", doomed}, {"id", 3}});
  json rooms = reply_to(f, 3);
  REQUIRE(rooms["rooms"].size() == 1);
  CHECK(rooms["rooms"][0]["code"] == kept);
  CHECK(ann.client.receive_until("room_closed", reply_limit)["room"] == doomed);
  CHECK(ann.client.wait_closed(reply_limit).code == 1000);
  // The other room and the facilitator's place in it are untouched.
  expect_alive(ben.client);
  Joined cat = h.join(kept, "Cat");
  CHECK(cat.welcome["room"]["participants"].size() == 2);
  // The facilitator still hears of newcomers to its room (Ben's `joined` may come first).
  json joined = f.receive_until("joined", reply_limit);
  if (joined["participant"]["name"] == "Ben") joined = f.receive_until("joined", reply_limit);
  CHECK(joined["participant"]["name"] == "Cat");
}

TEST_CASE("facilitators are pushed the room list with live counts") {
  Harness h;
  Client watcher = h.facilitator();  // in no room: it only watches the list
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);

  // Waits for a pushed `rooms` message in which the room has these counts.
  auto wait_for_counts = [&](int participants, int online) {
    for (;;) {
      json m = watcher.receive_until("rooms", reply_limit);
      for (const auto& r : m["rooms"]) {
        if (r["code"] == code && r["participants"] == participants && r["online"] == online) return;
      }
    }
  };
  wait_for_counts(0, 0);
  Joined ann = h.join(code, "Ann");
  Joined ben = h.join(code, "Ben");
  wait_for_counts(2, 2);
  ben.client.close();
  wait_for_counts(2, 1);

  f.send({{"type", "close_room"}});
  for (;;) {
    json m = watcher.receive_until("rooms", reply_limit);
    if (m["rooms"].empty()) break;
  }
}
