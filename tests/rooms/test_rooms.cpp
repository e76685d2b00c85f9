// The rooms without a network: fake members (they record every frame they are sent) hand messages
// to the Desk, and the test runs the io_context the rooms' strands live on until nothing is left
// to do. Seating, a short round, the errors and the order of replies, kicking and closing, and who
// is away after a restart (rooms rebuilt from a store).
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/content.hpp"
#include "server/rooms/decks.hpp"
#include "server/rooms/desk.hpp"
#include "server/rooms/registry.hpp"
#include "store/store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace earshot::server;
using nlohmann::json;

namespace {

const std::string key = "test-key";

// A connection as the rooms see it: frames are parsed and kept in the order they came.
class FakeMember : public Member, public std::enable_shared_from_this<FakeMember> {
 public:
  explicit FakeMember(net::io_context& ioc) : strand_(net::make_strand(ioc)) {}

  void send(FramePtr frame) override { got.push_back(json::parse(frame->text())); }
  void send_view(FramePtr frame) override { got.push_back(json::parse(frame->text())); }
  void post(std::function<void()> work) override { net::post(strand_, std::move(work)); }
  void read_on() override { ++reads; }
  void disconnect() override { disconnected = true; }

  // The frames of `type` received so far.
  std::vector<json> all(const std::string& type) const {
    std::vector<json> out;
    for (const auto& f : got) {
      if (f.value("type", "") == type) out.push_back(f);
    }
    return out;
  }
  json last(const std::string& type) const {
    auto frames = all(type);
    REQUIRE_MESSAGE(!frames.empty(), "no " << type << " among " << json(got).dump());
    return frames.back();
  }
  // The reply to request id `re`.
  json reply(int re) const {
    for (const auto& f : got) {
      if (f.contains("re") && f["re"] == re) return f;
    }
    FAIL("no reply to " << re << " among " << json(got).dump());
    return nullptr;
  }

  std::vector<json> got;
  int reads = 0;
  bool disconnected = false;

 private:
  Strand strand_;
};

struct Rooms {
  // `store`: where the rooms record what they do (none: nothing is kept).
  explicit Rooms(earshot::store::EventStore* store = nullptr) : store(store) {}
  // As the server does once its threads have stopped: rooms let go of the members they hold.
  ~Rooms() { registry.release_all(); }

  earshot::store::EventStore* store;
  net::io_context ioc;
  DeckLibrary decks{ioc, nullptr};  // the built-in decks only
  Registry registry{ioc, [](const std::string& code) { return "http://test/?r=" + code; }, {}, store,
                    Registry::default_max_rooms, &decks};
  Desk desk{ioc, registry, store, key};

  std::shared_ptr<FakeMember> member() { return std::make_shared<FakeMember>(ioc); }

  // `m` sends `message` (as its session would, on its strand); everything it sets off runs.
  Desk::Next say(const std::shared_ptr<FakeMember>& m, const json& message) {
    auto env = protocol::parse_envelope(message.dump());
    REQUIRE(std::holds_alternative<protocol::Envelope>(env));
    Desk::Next next = Desk::Next::read_on;
    net::post(ioc, [&] { next = desk.take(m, std::get<protocol::Envelope>(std::move(env))); });
    run();
    return next;
  }
  // Runs whatever is ready, and what that sets off, until nothing is left: with a store, also
  // what waits for the disk.
  void run() {
    std::size_t ran = 0;
    do {
      if (store) store->flush();
      ioc.restart();
      ran = ioc.poll();
    } while (ran > 0);
  }
  // As run(), for `time` of the clock: timers that are due in that time fire.
  void run_for(std::chrono::milliseconds time) {
    const auto until = std::chrono::steady_clock::now() + time;
    while (std::chrono::steady_clock::now() < until) {
      ioc.restart();
      ioc.run_one_until(until);
      run();
    }
  }

  // A facilitator in a new room: returns the room's code.
  std::string open_room(const std::shared_ptr<FakeMember>& host) {
    say(host, {{"type", "hello"}, {"key", key}});
    say(host, {{"type", "create_room"}});
    return host->last("welcome")["room"]["code"].get<std::string>();
  }
  std::shared_ptr<FakeMember> join(const std::string& code, const std::string& name) {
    auto m = member();
    say(m, {{"type", "hello"}, {"room", code}, {"name", name}});
    REQUIRE(m->last("welcome")["role"] == "participant");
    return m;
  }
};

}  // namespace

TEST_CASE("a facilitator is welcomed without a room, then in the room it creates") {
  Rooms r;
  auto host = r.member();
  CHECK(r.say(host, {{"type", "hello"}, {"key", key}, {"id", 1}}) == Desk::Next::read_on);
  const json first = host->reply(1);
  CHECK(first["type"] == "welcome");
  CHECK(first["role"] == "facilitator");
  CHECK(first["room"].is_null());
  CHECK_FALSE(first.contains("round"));
  CHECK(first["rooms"] == json::array());
  CHECK(first["vocabulary"]["games"] == json::array({"chain", "burst", "waat", "spiv"}));
  CHECK(first["vocabulary"]["defaults"]["waat"]["turnMs"] == 10000);

  CHECK(r.say(host, {{"type", "create_room"}, {"id", 2}}) == Desk::Next::wait);
  CHECK(host->reads == 1);  // read on once the room has seated it
  const json welcome = host->reply(2);
  CHECK(welcome["type"] == "welcome");
  CHECK(welcome["role"] == "facilitator");
  CHECK(welcome["room"]["code"].get<std::string>().size() == 4);
  CHECK(welcome["round"].is_null());
  CHECK(welcome["rooms"].size() == 1);
  CHECK(welcome["content"].contains("seeds"));
  CHECK(welcome["vocabulary"]["steerActions"].size() == 8);

  r.say(host, {{"type", "list_rooms"}, {"id", 3}});
  CHECK(host->reply(3)["rooms"][0]["code"] == welcome["room"]["code"]);
}

TEST_CASE("participants are seated, told apart from the stage, and everyone hears of them") {
  Rooms r;
  auto host = r.member();
  const std::string code = r.open_room(host);
  auto stage = r.member();
  r.say(stage, {{"type", "hello"}, {"key", key}, {"room", code}, {"view", "stage"}});
  CHECK(stage->last("welcome")["view"] == "stage");
  CHECK(stage->last("welcome")["vocabulary"].contains("steerActions"));
  CHECK_FALSE(stage->last("welcome")["vocabulary"].contains("games"));

  auto ann = r.member();
  CHECK(r.say(ann, {{"type", "hello"}, {"room", code}, {"name", "Ann"}, {"id", 7}}) == Desk::Next::wait);
  CHECK(ann->reads == 1);
  const json welcome = ann->reply(7);
  CHECK(welcome["role"] == "participant");
  CHECK(welcome["view"] == "phone");
  CHECK(welcome["you"]["name"] == "Ann");
  CHECK(welcome["token"].get<std::string>().size() == 32);
  CHECK(welcome["vocabulary"]["reactions"] == json::array({"applause", "laugh", "wow", "heart"}));
  CHECK(welcome["vocabulary"]["limits"]["nameChars"] == 24);
  CHECK_FALSE(welcome["vocabulary"].contains("steerActions"));
  // Her own `joined` follows her welcome; the facilitator and the stage get it too.
  CHECK(ann->got.back()["type"] == "joined");
  for (const auto& m : {host, stage}) CHECK(m->last("joined")["participant"]["name"] == "Ann");

  // The same name again is refused; her token brings her back as herself.
  auto again = r.member();
  r.say(again, {{"type", "hello"}, {"room", code}, {"name", "ann"}, {"id", 8}});
  CHECK(again->reply(8)["code"] == "name_taken");
  CHECK(again->visit().seat.role == Role::none);
  r.say(again, {{"type", "hello"}, {"room", code}, {"token", welcome["token"]}, {"id", 9}});
  CHECK(again->reply(9)["you"]["id"] == welcome["you"]["id"]);
}

TEST_CASE("a short round: views for each audience, plays and steering answered in order") {
  Rooms r;
  auto host = r.member();
  const std::string code = r.open_room(host);
  auto ann = r.join(code, "Ann");
  auto ben = r.join(code, "Ben");

  r.say(host, {{"type", "new_round"}, {"id", 1}, {"start", true},
               {"config", {{"game", "chain"}, {"seedWord", "cold"}, {"turnMs", 60000}}}});
  CHECK(host->reply(1)["type"] == "ok");
  const json host_round = host->last("round")["round"];
  CHECK(host_round["id"] == "r1");
  CHECK(host_round["view"]["phase"] == "turns");
  CHECK(host_round["view"]["allowed"] == json::array({"pause", "skip", "next", "end", "note"}));
  CHECK(host_round["view"].contains("config"));
  const json ann_view = ann->last("round")["round"]["view"];
  CHECK(ann_view["you"]["id"] == "p1");
  CHECK_FALSE(ann_view.contains("allowed"));
  CHECK_FALSE(ann_view.contains("config"));
  CHECK(ann_view["circles"][0]["turn"] == "p1");

  // Ben is not on turn; Ann is. Each gets the one reply, then the views show her word.
  r.say(ben, {{"type", "play"}, {"action", "word"}, {"text", "ice"}, {"round", "r1"}, {"id", 2}});
  CHECK(ben->reply(2)["code"] == "not_your_turn");
  r.say(ann, {{"type", "play"}, {"action", "word"}, {"text", "ice"}, {"round", "r1"}, {"id", 3}});
  CHECK(ann->reply(3)["type"] == "ok");
  CHECK(ben->last("round")["round"]["view"]["circles"][0]["transcript"][0]["text"] == "ice");
  CHECK(host->last("round")["round"]["view"]["circles"][0]["turn"] == "p2");

  // A play for another round is refused; a reaction goes to everyone, without a name.
  r.say(ben, {{"type", "play"}, {"action", "word"}, {"text", "snow"}, {"round", "r0"}, {"id", 4}});
  CHECK(ben->reply(4)["code"] == "round_over");
  r.say(ben, {{"type", "play"}, {"action", "react"}, {"reaction", "wow"}, {"id", 5}});
  CHECK(ben->reply(5)["type"] == "ok");
  CHECK(ann->last("reaction")["reaction"] == "wow");

  r.say(host, {{"type", "steer"}, {"action", "pause"}, {"id", 6}});
  CHECK(host->reply(6)["type"] == "ok");
  CHECK(host->last("round")["round"]["view"]["allowed"] == json::array({"resume", "skip", "next", "end", "note"}));
  r.say(host, {{"type", "steer"}, {"action", "end"}, {"id", 7}});
  CHECK(host->reply(7)["type"] == "ok");
  const json ended = host->last("round")["round"]["view"];
  CHECK(ended["phase"] == "ended");
  CHECK(ended["allowed"] == json::array({"note"}));
  CHECK(ended.contains("results"));
  CHECK(ann->last("round")["round"]["view"]["phase"] == "ended");
  CHECK(ann->reads == 2);  // her hello and her word: each read on once the room had taken it
}

TEST_CASE("requests are checked by role, then by field, with one wording per kind of error") {
  Rooms r;
  auto stranger = r.member();
  r.say(stranger, {{"type", "new_round"}, {"id", 1}});
  CHECK(stranger->reply(1)["code"] == "not_joined");
  r.say(stranger, {{"type", "dance"}, {"id", 2}});
  CHECK(stranger->reply(2)["code"] == "unknown_type");
  r.say(stranger, {{"type", "ping"}, {"id", 3}});
  CHECK(stranger->reply(3)["type"] == "pong");

  auto host = r.member();
  const std::string code = r.open_room(host);
  auto ann = r.join(code, "Ann");
  const std::string ann_id = ann->last("welcome")["you"]["id"];

  r.say(ann, {{"type", "steer"}, {"action", "start"}, {"id", 1}});
  CHECK(ann->reply(1)["code"] == "forbidden");
  r.say(ann, {{"type", "create_room"}, {"id", 2}});
  CHECK(ann->reply(2)["code"] == "forbidden");
  r.say(host, {{"type", "play"}, {"action", "word"}, {"text", "hi"}, {"id", 3}});
  CHECK(host->reply(3)["code"] == "forbidden");
  r.say(host, {{"type", "steer"}, {"action", "start"}, {"id", 4}});
  CHECK(host->reply(4)["code"] == "no_round");

  struct Case {
    json message;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {{{"type", "new_round"}}, "missing_field", "config"},
      {{{"type", "new_round"}, {"config", "chain"}}, "bad_field", "config"},
      {{{"type", "new_round"}, {"config", {{"game", "chain"}, {"circles", json::array()}}}}, "bad_field", "config.circles"},
      {{{"type", "new_round"}, {"config", {{"game", "chain"}}}, {"start", 1}}, "bad_field", "start"},
      {{{"type", "new_round"}, {"config", {{"game", "chain"}, {"turnMs", 5}}}}, "bad_field", "config.turnMs"},
      {{{"type", "new_round"}, {"config", {{"game", "charades"}}}}, "unknown_game", "config.game"},
      {{{"type", "steer"}}, "missing_field", "action"},
      {{{"type", "steer"}, {"action", "launch"}}, "bad_field", "action"},
      {{{"type", "rename"}, {"participant", ann_id}}, "missing_field", "name"},
      {{{"type", "rename"}, {"participant", ann_id}, {"name", "   "}}, "name_invalid", "name"},
      {{{"type", "rename"}, {"participant", "p9"}, {"name", "Bea"}}, "unknown_participant", "participant"},
      {{{"type", "kick"}}, "missing_field", "participant"},
      {{{"type", "kick"}, {"participant", 5}}, "bad_field", "participant"},
      {{{"type", "split"}}, "missing_field", "count"},
      {{{"type", "split"}, {"count", 0}}, "bad_field", "count"},
      {{{"type", "split"}, {"count", 51}}, "bad_field", "count"},
      {{{"type", "move"}, {"participant", ann_id}}, "missing_field", "circle"},
      {{{"type", "move"}, {"participant", ann_id}, {"circle", "c9"}}, "unknown_circle", "circle"},
      {{{"type", "move"}, {"participant", ann_id}, {"circle", "c1"}, {"position", -1}}, "bad_field", "position"},
      {{{"type", "open_room"}}, "missing_field", "room"},
      {{{"type", "open_room"}, {"room", "WXYA"}}, "room_not_found", "room"},
  };
  int id = 100;
  for (const auto& c : cases) {
    json message = c.message;
    message["id"] = ++id;
    r.say(host, message);
    const json reply = host->reply(id);
    INFO(message.dump(), " -> ", reply.dump());
    CHECK(reply["code"] == c.code);
    CHECK(reply["field"] == c.field);
    if (c.code == "missing_field") CHECK(reply["message"] == "The message needs a \"" + c.field + "\" field.");
  }
  r.say(ann, {{"type", "play"}, {"id", 5}});
  CHECK(ann->reply(5)["code"] == "missing_field");
  r.say(ann, {{"type", "play"}, {"action", "shout"}, {"id", 6}});
  CHECK(ann->reply(6)["code"] == "bad_field");
  r.say(ann, {{"type", "play"}, {"action", "word"}, {"round", 3}, {"id", 7}});
  CHECK(ann->reply(7)["field"] == "round");

  // A refused request to a room is answered in its turn: after the answers to what came before.
  r.say(host, {{"type", "split"}, {"count", 2}, {"id", 8}});
  r.say(host, {{"type", "split"}, {"count", "two"}, {"id", 9}});
  std::vector<json> replies;
  for (const auto& f : host->got) {
    if (f.contains("re") && (f["re"] == 8 || f["re"] == 9)) replies.push_back(f);
  }
  REQUIRE(replies.size() == 2);
  CHECK(replies[0]["type"] == "ok");
  CHECK(replies[1]["code"] == "bad_field");
  CHECK(host->last("circles")["circles"].size() == 2);
}

TEST_CASE("kicking and closing let participants go, a facilitator stays") {
  Rooms r;
  auto host = r.member();
  const std::string code = r.open_room(host);
  auto ann = r.join(code, "Ann");
  auto ben = r.join(code, "Ben");
  auto observer = r.member();
  r.say(observer, {{"type", "hello"}, {"room", code}, {"view", "observer"}});
  CHECK(observer->last("welcome")["role"] == "observer");

  r.say(host, {{"type", "kick"}, {"participant", ann->last("welcome")["you"]["id"]}, {"id", 1}});
  CHECK(host->reply(1)["type"] == "ok");
  CHECK(ann->last("kicked").is_object());
  CHECK(ann->disconnected);
  CHECK(ann->visit().seat.role == Role::none);
  CHECK(ben->last("left")["id"] == ann->last("welcome")["you"]["id"]);

  r.say(host, {{"type", "close_room"}, {"id", 2}});
  CHECK(host->reply(2)["rooms"] == json::array());
  for (const auto& m : {ben, observer}) {
    CHECK(m->last("room_closed")["room"] == code);
    CHECK(m->disconnected);
  }
  CHECK_FALSE(host->disconnected);
  CHECK(host->visit().seat.role == Role::facilitator);
  CHECK_FALSE(host->visit().room);
  r.say(host, {{"type", "close_room"}, {"id", 3}});
  CHECK(host->reply(3)["code"] == "missing_field");
}

TEST_CASE("the step the stage shows: set from the facilitator page or the stage, kept by the room, checked") {
  Rooms r;
  auto host = r.member();
  const std::string code = r.open_room(host);
  auto stage = r.member();
  r.say(stage, {{"type", "hello"}, {"key", key}, {"room", code}, {"view", "stage"}});
  auto observer = r.member();
  r.say(observer, {{"type", "hello"}, {"room", code}, {"view", "observer"}});
  auto ann = r.join(code, "Ann");
  auto ben = r.join(code, "Ben");
  CHECK_FALSE(stage->last("welcome").contains("step"));

  r.say(host, {{"type", "step"}, {"step", 1}, {"id", 1}});
  CHECK(host->reply(1)["code"] == "no_round");
  r.say(host, {{"type", "new_round"}, {"start", true}, {"id", 2},
               {"config", {{"game", "burst"}, {"stimuli", json::array({"winter", "summer"})}, {"answerMs", 60000}}}});
  CHECK(host->reply(2)["type"] == "ok");
  r.say(stage, {{"type", "step"}, {"step", 0}, {"id", 3}});
  CHECK(stage->reply(3)["code"] == "wrong_phase");  // answers coming in: nothing to step through

  r.say(ann, {{"type", "play"}, {"action", "answer"}, {"text", "cold"}});
  r.say(ben, {{"type", "play"}, {"action", "answer"}, {"text", "snow"}});
  r.say(host, {{"type", "steer"}, {"action", "reveal"}, {"id", 4}});
  CHECK(host->reply(4)["type"] == "ok");
  CHECK(host->last("round")["round"]["view"]["phase"] == "revealed");

  // The facilitator page moves the stage on: every screen (not the phones) is told.
  r.say(host, {{"type", "step"}, {"step", 2}, {"steps", "r1:set0"}, {"id", 5}});
  CHECK(host->reply(5)["type"] == "ok");
  const json shown = {{"type", "step"}, {"steps", "r1:set0"}, {"step", 2}};
  for (const auto& m : {host, stage, observer}) CHECK(m->last("step") == shown);
  CHECK(ann->all("step").empty());
  // The stage's keys do the same; the steps may be left out (the current ones).
  r.say(stage, {{"type", "step"}, {"step", 1}, {"id", 6}});
  CHECK(stage->reply(6)["type"] == "ok");
  CHECK(host->last("step")["step"] == 1);

  // Checked: the number, the steps named, who sends it.
  struct Case {
    json message;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {{{"type", "step"}}, "missing_field", "step"},
      {{{"type", "step"}, {"step", -1}}, "bad_field", "step"},
      {{{"type", "step"}, {"step", 1000}}, "bad_field", "step"},
      {{{"type", "step"}, {"step", 1.5}}, "bad_field", "step"},
      {{{"type", "step"}, {"step", "2"}}, "bad_field", "step"},
      {{{"type", "step"}, {"step", 2}, {"steps", 7}}, "bad_field", "steps"},
      {{{"type", "step"}, {"step", 2}, {"steps", "r1:set1"}}, "steps_changed", "steps"},
      {{{"type", "step"}, {"step", 2}, {"steps", "r0:results"}}, "steps_changed", "steps"},
  };
  int id = 100;
  for (const auto& c : cases) {
    json message = c.message;
    message["id"] = ++id;
    r.say(stage, message);
    const json reply = stage->reply(id);
    INFO(message.dump(), " -> ", reply.dump());
    CHECK(reply["code"] == c.code);
    CHECK(reply["field"] == c.field);
  }
  r.say(host, {{"type", "step"}, {"step", 999}, {"id", 7}});
  CHECK(host->reply(7)["type"] == "ok");  // the last step there may be; the pages stop at their own
  r.say(ann, {{"type", "step"}, {"step", 0}, {"id", 8}});
  CHECK(ann->reply(8)["code"] == "forbidden");
  r.say(observer, {{"type", "step"}, {"step", 0}, {"id", 9}});
  CHECK(observer->reply(9)["code"] == "forbidden");
  CHECK(stage->last("step")["step"] == 999);  // none of the refused ones moved it
  r.say(host, {{"type", "step"}, {"step", 1}, {"id", 10}});

  // A stage that comes back (a reload) finds the same step in its welcome; a phone's has none.
  auto again = r.member();
  r.say(again, {{"type", "hello"}, {"key", key}, {"room", code}, {"view", "stage"}});
  CHECK(again->last("welcome")["step"] == json{{"steps", "r1:set0"}, {"step", 1}});
  auto ann_again = r.member();
  r.say(ann_again, {{"type", "hello"}, {"room", code}, {"token", ann->last("welcome")["token"]}});
  CHECK_FALSE(ann_again->last("welcome").contains("step"));

  // The next word: no steps while answering, then its reveal starts again at step 0.
  r.say(host, {{"type", "steer"}, {"action", "next"}});
  auto later = r.member();
  r.say(later, {{"type", "hello"}, {"key", key}, {"room", code}});
  CHECK_FALSE(later->last("welcome").contains("step"));
  r.say(ann, {{"type", "play"}, {"action", "answer"}, {"text", "sun"}});
  r.say(ben, {{"type", "play"}, {"action", "answer"}, {"text", "beach"}});
  r.say(host, {{"type", "steer"}, {"action", "reveal"}});
  r.say(host, {{"type", "step"}, {"step", 0}, {"steps", "r1:set0"}, {"id", 11}});
  CHECK(host->reply(11)["code"] == "steps_changed");
  auto fresh = r.member();
  r.say(fresh, {{"type", "hello"}, {"key", key}, {"room", code}, {"view", "stage"}});
  CHECK(fresh->last("welcome")["step"] == json{{"steps", "r1:set1"}, {"step", 0}});

  // The end: the results' steps.
  r.say(host, {{"type", "steer"}, {"action", "next"}});
  CHECK(host->last("round")["round"]["view"]["phase"] == "ended");
  r.say(stage, {{"type", "step"}, {"step", 4}, {"steps", "r1:results"}, {"id", 12}});
  CHECK(stage->reply(12)["type"] == "ok");
  CHECK(host->last("step") == json{{"type", "step"}, {"steps", "r1:results"}, {"step", 4}});
}

namespace {

// A facilitator's view of a round: by participant, whether the round has them online.
std::map<std::string, bool> round_online(const json& view) {
  std::map<std::string, bool> out;
  for (const auto& p : view["people"]) {
    if (!p["left"].get<bool>()) out[p["id"].get<std::string>()] = p["online"].get<bool>();
  }
  return out;
}
// The same from a welcome's room: whether the room has them online.
std::map<std::string, bool> room_online(const json& room) {
  std::map<std::string, bool> out;
  for (const auto& p : room["participants"]) out[p["id"].get<std::string>()] = p["online"].get<bool>();
  return out;
}

}  // namespace

TEST_CASE("after a restart, whoever is not back within the grace goes away as after a drop, and stays so in the record") {
  namespace store = earshot::store;
  const earshot::test::TempDir dir;
  store::Options on_disk;
  on_disk.dir = dir.path();
  std::string code, holder;
  const std::string returning = "p2";  // Ben comes back after the restart; Ann and Cat do not
  std::map<std::string, std::string> tokens;  // participant id -> token

  {  // A chain is on when the server dies: nothing about the connections was recorded.
    store::EventStore disk(on_disk);
    Rooms r(&disk);
    auto host = r.member();
    code = r.open_room(host);
    for (const char* name : {"Ann", "Ben", "Cat"}) {
      const json welcome = r.join(code, name)->last("welcome");
      tokens[welcome["you"]["id"]] = welcome["token"];
    }
    r.say(host, {{"type", "new_round"}, {"id", 1}, {"start", true},
                 {"config", {{"game", "chain"}, {"seedWord", "cold"}, {"turnMs", 60000}, {"order", "set"}}}});
    REQUIRE(host->reply(1)["type"] == "ok");
    holder = host->last("round")["round"]["view"]["circles"][0]["turn"];
    CHECK(holder == "p1");
  }

  json last_view;
  {
    store::EventStore disk(on_disk);
    Rooms r(&disk);
    REQUIRE(r.registry.restore() == 1);
    r.run();
    auto host = r.member();
    r.say(host, {{"type", "hello"}, {"key", key}, {"room", code}});
    auto ben = r.member();
    r.say(ben, {{"type", "hello"}, {"room", code}, {"token", tokens[returning]}});
    REQUIRE(ben->last("welcome")["you"]["id"] == returning);

    // Within the grace everyone is as the round had them (online), in the room's list too, and
    // the turn is Ann's still.
    const json welcome = host->last("welcome");
    const json view = welcome["round"]["view"];
    CHECK(room_online(welcome["room"]) == round_online(view));
    CHECK(room_online(welcome["room"]) == std::map<std::string, bool>{{"p1", true}, {"p2", true}, {"p3", true}});
    CHECK(view["circles"][0]["turn"] == holder);
    CHECK(host->all("presence").empty());

    // Then the two who are not back are away: told once each, the round passes Ann's turn, and
    // Ben, who came back in time, was never away.
    r.run_for(Room::presence_grace + std::chrono::milliseconds(500));
    std::map<std::string, bool> told;
    for (const auto& p : host->all("presence")) told[p["id"]] = p["online"];
    CHECK(told == std::map<std::string, bool>{{"p1", false}, {"p3", false}});
    CHECK(ben->all("presence").size() == 2);
    last_view = host->last("round")["round"]["view"];
    CHECK(round_online(last_view) == std::map<std::string, bool>{{"p1", false}, {"p2", true}, {"p3", false}});
    const json& circle = last_view["circles"][0];
    REQUIRE(circle["transcript"].size() == 1);
    CHECK(circle["transcript"][0]["participant"] == holder);
    CHECK(circle["transcript"][0]["pass"] == "offline");
    CHECK(circle["turn"] == returning);
    // A welcome now says the same in the room's list and in the round.
    auto stage = r.member();
    r.say(stage, {{"type", "hello"}, {"key", key}, {"room", code}});
    CHECK(room_online(stage->last("welcome")["room"]) == round_online(stage->last("welcome")["round"]["view"]));

    // Ben plays on: Cat's turn passes at once, and it is his again.
    r.say(ben, {{"type", "play"}, {"action", "word"}, {"text", "ice"}, {"id", 2}});
    CHECK(ben->reply(2)["type"] == "ok");
    last_view = host->last("round")["round"]["view"];
    CHECK(last_view["circles"][0]["transcript"].size() == 4);  // Ann's pass, "ice", Cat's and Ann's passes
    CHECK(last_view["circles"][0]["turn"] == returning);
  }

  {  // Down again: the record brings back the same round, with the same people away.
    store::EventStore disk(on_disk);
    Rooms r(&disk);
    REQUIRE(r.registry.restore() == 1);
    r.run();
    auto host = r.member();
    r.say(host, {{"type", "hello"}, {"key", key}, {"room", code}});
    const json welcome = host->last("welcome");
    CHECK(welcome["round"]["view"] == last_view);
    CHECK(room_online(welcome["room"]) == round_online(last_view));
  }
}

TEST_CASE("a round draws its seed word, title, stimuli or prompt from a deck, and the next ones in order") {
  Rooms r;
  auto host = r.member();
  const std::string code = r.open_room(host);
  auto ann = r.join(code, "Ann");
  const auto stimuli = earshot::games::builtin_deck("stimuli");
  const auto seeds = earshot::games::builtin_deck("seeds");
  int id = 0;
  // Sets up (and ends) a round with `draw`; returns its config as the facilitator sees it.
  auto round = [&](const json& config, const json& draw) {
    r.say(host, {{"type", "new_round"}, {"id", ++id}, {"config", config}, {"draw", draw}});
    REQUIRE(host->reply(id)["type"] == "ok");
    const json view = host->last("round")["round"]["view"];
    r.say(host, {{"type", "steer"}, {"action", "end"}, {"id", ++id}});
    return view["config"];
  };

  const json burst = {{"game", "burst"}, {"answerMs", 60000}};
  CHECK(round(burst, {{"deck", "stimuli"}, {"mode", "next"}, {"count", 3}})["stimuli"] ==
        json(std::vector<std::string>(stimuli.begin(), stimuli.begin() + 3)));
  CHECK(round(burst, {{"deck", "stimuli"}, {"mode", "next"}, {"count", 2}})["stimuli"] ==
        json(std::vector<std::string>(stimuli.begin() + 3, stimuli.begin() + 5)));
  CHECK(round({{"game", "chain"}, {"turnMs", 60000}}, {{"deck", "seeds"}, {"mode", "next"}})["seedWord"] == seeds[0]);
  // Random: the round's seed decides, and a random draw does not move the deck on.
  const json spiv = {{"game", "spiv"}, {"seed", 42}, {"answerMs", 60000}};
  const json prompt = round(spiv, {{"deck", "prompts"}})["prompt"];
  CHECK(round(spiv, {{"deck", "prompts"}, {"mode", "random"}})["prompt"] == prompt);
  const json five = round({{"game", "burst"}, {"seed", 7}, {"answerMs", 60000}}, {{"deck", "stimuli"}, {"count", 5}})["stimuli"];
  CHECK(five.size() == 5);
  CHECK(std::set<std::string>(five.begin(), five.end()).size() == 5);
  CHECK(round(burst, {{"deck", "stimuli"}, {"mode", "next"}})["stimuli"] == json::array({stimuli[5]}));
  CHECK(round({{"game", "waat"}, {"turnMs", 60000}}, {{"deck", "titles"}, {"mode", "next"}})["title"] ==
        earshot::games::builtin_deck("titles")[0]);

  // Refusals change nothing: the next draw in order is still the one after the last round's.
  struct Case {
    json config, draw;
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {burst, {{"deck", "d9"}, {"mode", "next"}}, "deck_not_found", "draw.deck"},
      {burst, {{"deck", "nonsense"}}, "deck_not_found", "draw.deck"},
      {burst, {{"mode", "next"}}, "missing_field", "draw.deck"},
      {burst, {{"deck", 3}}, "bad_field", "draw.deck"},
      {burst, "stimuli", "bad_field", "draw"},
      {burst, {{"deck", "stimuli"}, {"mode", "first"}}, "bad_field", "draw.mode"},
      {burst, {{"deck", "stimuli"}, {"count", 0}}, "bad_field", "draw.count"},
      {burst, {{"deck", "stimuli"}, {"count", 51}}, "bad_field", "draw.count"},
      {{{"game", "chain"}}, {{"deck", "seeds"}, {"mode", "next"}, {"count", 2}}, "bad_field", "draw.count"},
      {{{"game", "chain"}, {"seedWord", "cold"}}, {{"deck", "seeds"}, {"mode", "next"}}, "bad_field", "draw"},
      {{{"game", "burst"}, {"answerMs", 5}}, {{"deck", "stimuli"}, {"mode", "next"}}, "bad_field", "config.answerMs"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.draw.dump());
    r.say(host, {{"type", "new_round"}, {"id", ++id}, {"config", c.config}, {"draw", c.draw}});
    const json reply = host->reply(id);
    CHECK(reply["code"] == c.code);
    CHECK(reply["field"] == c.field);
  }
  CHECK(round(burst, {{"deck", "stimuli"}, {"mode", "next"}})["stimuli"] == json::array({stimuli[6]}));
}
