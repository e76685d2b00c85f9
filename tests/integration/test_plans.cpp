// Workshop plans on the real server: over HTTP (list, get, create, copy, update, delete, export,
// import; the key; refusals naming their field, each leaving everything stored as it was; an
// import bringing its decks, reusing the same deck and refusing a name taken by other entries,
// all or nothing), and in a room (follow a plan, start each activity with one message, skip, go
// back, an unplanned round between, the notes only on the facilitator page), across a restart
// and a kill -9.

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "client/http.hpp"
#include "harness.hpp"

using namespace earshot::test;
using earshot::client::http_request;
using earshot::client::HttpRequest;
using earshot::client::HttpResponse;
using earshot::client::ServerUrl;

namespace {

const std::string key = ServerProcess::facilitator_key;

HttpResponse call(const ServerUrl& url, const std::string& method, const std::string& target, std::string body = {},
                  const std::string& with_key = key) {
  HttpRequest req;
  req.method = method;
  req.target = target;
  req.body = std::move(body);
  if (!with_key.empty()) req.headers.emplace_back("Authorization", "Bearer " + with_key);
  if (!req.body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  return http_request(url, req, std::chrono::milliseconds(20000));
}

json body_of(const HttpResponse& res) {
  INFO("status ", res.status, " body ", res.body.substr(0, 400));
  json j = json::parse(res.body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

json refused(const HttpResponse& res, int status, const std::string& code, const std::string& field = {}) {
  const json body = body_of(res);
  INFO("body ", res.body);
  CHECK(res.status == status);
  CHECK(body["type"] == "error");
  CHECK(body["code"] == code);
  CHECK_FALSE(body["message"].get<std::string>().empty());
  if (!field.empty()) CHECK(body["field"] == field);
  return body;
}

// Every plan and deck stored, in full, by id.
std::map<std::string, json> everything(const ServerUrl& url) {
  std::map<std::string, json> out;
  const json plans = body_of(call(url, "GET", "/api/plans"));
  INFO(plans.dump().substr(0, 300));
  REQUIRE(plans.contains("plans"));
  for (const auto& p : plans["plans"]) {
    out[p["id"]] = body_of(call(url, "GET", "/api/plans/" + p["id"].get<std::string>()));
  }
  const json decks = body_of(call(url, "GET", "/api/decks"));
  for (const auto& d : decks["decks"]) {
    out[d["id"]] = body_of(call(url, "GET", "/api/decks/" + d["id"].get<std::string>()));
  }
  return out;
}

json three_activities(const std::string& name, const std::string& deck) {
  return {{"name", name},
          {"minutes", 15},
          {"activities",
           {{{"title", "Warm up"},
             {"notes", "Say: the first word you hear."},
             {"questions", {"Which word surprised you?", "Did you plan ahead?"}},
             {"circles", "one"},
             {"config", {{"v", 1}, {"game", "chain"}, {"seedWord", "ticket"}}}},
            {{"title", "What the caller said"},
             {"notes", "Secret note for the facilitator"},
             {"config", {{"v", 1}, {"game", "spiv"}}},
             {"draw", {{"deck", deck}, {"mode", "next"}}}},
            {{"title", "Tell it together"},
             {"circles", {{"split", 2}}},
             {"config", {{"v", 1}, {"game", "waat"}, {"title", "The printer"}, {"wordLimit", 30}}}}}}};
}

// Reads until the reply to `id`; returns it, and the last "round" and "plan" messages seen on the way.
struct Seen {
  json reply, round, plan, circles;
};
Seen until_reply(Client& c, int id) {
  Seen seen;
  for (;;) {
    json m = c.receive(reply_limit);
    if (m["type"] == "round") seen.round = m["round"];
    if (m["type"] == "plan") seen.plan = m["plan"];
    if (m["type"] == "circles") seen.circles = m["circles"];
    if (m.value("re", json()) == id) {
      seen.reply = m;
      return seen;
    }
  }
}

}  // namespace

TEST_CASE("plans need the facilitator key, and the built-in plans are listed") {
  ServerProcess server;
  const auto url = server.url();
  refused(call(url, "GET", "/api/plans", {}, ""), 403, "bad_key", "key");
  refused(call(url, "POST", "/api/plans", three_activities("X", "seeds").dump(), "wrong"), 403, "bad_key");
  const json list = body_of(call(url, "GET", "/api/plans"));
  REQUIRE(list["plans"].size() == 2);
  CHECK(list["plans"][0]["id"] == "warm-up");
  CHECK(list["plans"][0]["builtin"] == true);
  CHECK(list["plans"][1]["id"] == "workshop");
  CHECK(list["plans"][1]["size"].get<int>() >= 6);
  CHECK(list["plans"][1]["minutes"] == 60);
  const json workshop = body_of(call(url, "GET", "/api/plans/workshop"));
  CHECK_FALSE(workshop["activities"][0]["notes"].get<std::string>().empty());
  refused(call(url, "PUT", "/api/plans/workshop", three_activities("X", "seeds").dump()), 403, "plan_read_only");
  refused(call(url, "DELETE", "/api/plans/workshop"), 403, "plan_read_only");
  refused(call(url, "GET", "/api/plans/p9"), 404, "plan_not_found", "plan");
}

TEST_CASE("create, copy, change, export, delete and import a plan with its deck") {
  ServerProcess server;
  const auto url = server.url();
  REQUIRE(call(url, "POST", "/api/decks", json{{"name", "Callers"}, {"text", "it broke\nit is slow\nthe usual"}}.dump()).status == 201);
  const auto made = call(url, "POST", "/api/plans", three_activities("Monday", "d1").dump());
  REQUIRE(made.status == 201);
  json plan = body_of(made);
  CHECK(plan["id"] == "p1");
  CHECK(plan["activities"][1]["draw"]["deck"] == "d1");
  CHECK(plan["activities"][2]["circles"] == json{{"split", 2}});

  // A plan read and sent back as it is, is taken; a change is kept.
  plan["activities"][0]["title"] = "Warm up, quickly";
  const auto put = call(url, "PUT", "/api/plans/p1", plan.dump());
  REQUIRE(put.status == 200);
  CHECK(body_of(call(url, "GET", "/api/plans/p1"))["activities"][0]["title"] == "Warm up, quickly");

  // A copy of a built-in plan is an own plan.
  const auto copy = call(url, "POST", "/api/plans", json{{"name", "My warm-up"}, {"copyOf", "warm-up"}}.dump());
  REQUIRE(copy.status == 201);
  CHECK(body_of(copy)["builtin"] == false);
  refused(call(url, "POST", "/api/plans", json{{"name", "monday!"}, {"copyOf", "warm-up"}}.dump()), 409, "plan_name_taken", "name");

  // The file carries the own deck by name.
  const auto exported = call(url, "GET", "/api/plans/p1.json");
  REQUIRE(exported.status == 200);
  const json file = body_of(exported);
  CHECK(file["format"] == "earshot-plan");
  CHECK(file["plan"]["activities"][1]["draw"]["deck"] == "Callers");
  CHECK(file["decks"] == json::array({{{"name", "Callers"}, {"entries", {"it broke", "it is slow", "the usual"}}}}));

  // Deleted, then imported again: the same deck is reused.
  CHECK(body_of(call(url, "DELETE", "/api/plans/p1")) == json{{"deleted", "p1"}});
  const auto back = call(url, "POST", "/api/plans/import", exported.body);
  REQUIRE(back.status == 201);
  json got = body_of(back);
  CHECK(got["decksReused"] == json::array({"d1"}));
  CHECK(got["decksAdded"] == json::array());
  CHECK(got["plan"]["id"] == "p3");  // ids are never given twice
  CHECK(got["plan"]["activities"][1]["draw"]["deck"] == "d1");

  // On another laptop (no such deck), the deck comes with it.
  ServerProcess other;
  const auto fresh = call(other.url(), "POST", "/api/plans/import", exported.body);
  REQUIRE(fresh.status == 201);
  got = body_of(fresh);
  CHECK(got["decksAdded"] == json::array({"d1"}));
  CHECK(body_of(call(other.url(), "GET", "/api/decks/d1"))["name"] == "Callers");

  // A deck of that name with other entries: refused, and nothing is written.
  REQUIRE(call(url, "PUT", "/api/decks/d1", json{{"text", "something else"}}.dump()).status == 200);
  json renamed = file;
  renamed["plan"]["name"] = "Monday again";
  const auto before = everything(url);
  refused(call(url, "POST", "/api/plans/import", renamed.dump()), 409, "deck_name_taken", "decks[0].name");
  CHECK(everything(url) == before);
}

TEST_CASE("every refusal of a plan names its field, and nothing stored changes") {
  ServerProcess server;
  const auto url = server.url();
  REQUIRE(call(url, "POST", "/api/plans", three_activities("Kept", "seeds").dump()).status == 201);
  const auto before = everything(url);
  auto with = [](const std::function<void(json&)>& change) {
    json p = three_activities("Other", "seeds");
    change(p);
    return p.dump();
  };
  refused(call(url, "POST", "/api/plans", "not json"), 400, "bad_json");
  refused(call(url, "POST", "/api/plans", "[1]"), 400, "bad_message");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p.erase("name"); })), 400, "missing_field", "name");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["name"] = "kept"; })), 409, "plan_name_taken", "name");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["minutes"] = 9999; })), 400, "bad_field", "minutes");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["activities"] = json::array(); })), 400, "bad_field",
          "activities");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["activities"][1]["title"] = std::string(81, 'x'); })),
          400, "bad_field", "activities[1].title");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["activities"][0]["config"]["game"] = "chess"; })), 400,
          "unknown_game", "activities[0].config.game");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["activities"][0]["config"]["turnMs"] = 5; })), 400,
          "bad_field", "activities[0].config.turnMs");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["activities"][1]["draw"]["deck"] = "d42"; })), 400,
          "plan_deck_missing", "activities[1].draw.deck");
  refused(call(url, "POST", "/api/plans", with([](json& p) { p["activities"][0]["surprise"] = 1; })), 400, "bad_field",
          "activities[0].surprise");
  refused(call(url, "POST", "/api/plans/import", "{\"format\":\"earshot-plan\",\"version\":2}"), 400,
          "plan_unsupported_version");
  refused(call(url, "POST", "/api/plans/import", "{\"name\":\"a deck?\"}"), 400, "plan_not_a_plan");
  refused(call(url, "POST", "/api/plans/import", std::string(1024 * 1024 + 10, ' ')), 413, "plan_too_big");
  refused(call(url, "POST", "/api/plans/import", std::string(2 * 1024 * 1024 + 10, ' ')), 413, "plan_too_big");
  refused(call(url, "PATCH", "/api/plans/p1"), 405, "method_not_allowed");
  CHECK(everything(server.url()) == before);
  // A deck deleted after the plan was made: the plan says so, and its export is refused.
  REQUIRE(call(url, "POST", "/api/decks", json{{"name", "Soon gone"}, {"text", "a\nb"}}.dump()).status == 201);
  REQUIRE(call(url, "POST", "/api/plans", three_activities("Uses it", "d1").dump()).status == 201);
  REQUIRE(call(url, "DELETE", "/api/decks/d1").status == 200);
  CHECK(body_of(call(url, "GET", "/api/plans/p2"))["activities"][1]["draw"]["missing"] == true);
  refused(call(url, "GET", "/api/plans/p2.json"), 400, "plan_deck_missing", "activities[1].draw.deck");
}

TEST_CASE("a room follows a plan one activity at a time, and picks up at the same activity after a restart") {
  const std::string data = make_temp_dir();
  std::string code;
  std::vector<std::string> tokens;
  auto end_round = [](Client& host, int id) {
    host.send({{"type", "steer"}, {"action", "end"}, {"id", id}});
    CHECK(until_reply(host, id).reply["type"] == "ok");
  };
  {
    ServerProcess server({}, data);
    const auto url = server.url();
    REQUIRE(call(url, "POST", "/api/decks", json{{"name", "Callers"}, {"text", "it broke\nit is slow\nthe usual"}}.dump()).status == 201);
    REQUIRE(call(url, "POST", "/api/plans", three_activities("Monday", "d1").dump()).status == 201);
    Client host = Client::connect(url);
    host.send({{"type", "hello"}, {"key", key}});
    host.receive_until("welcome", reply_limit);
    code = Harness::create_room(host);
    std::vector<Client> phones;
    for (const char* name : {"Ann", "Bo", "Cy", "Di"}) {
      Client phone = Client::connect(url);
      phone.send({{"type", "hello"}, {"room", code}, {"name", name}});
      tokens.push_back(phone.receive_until("welcome", reply_limit)["token"]);
      phones.push_back(std::move(phone));
    }
    Client stage = Client::connect(url);
    stage.send({{"type", "hello"}, {"key", key}, {"room", code}, {"view", "stage"}});
    CHECK_FALSE(stage.receive_until("welcome", reply_limit).contains("plan"));

    expect_error(host, {{"type", "activity"}}, "no_plan");
    expect_error(host, {{"type", "plan"}, {"plan", "p7"}}, "plan_not_found");
    expect_error(host, {{"type", "activity"}, {"index", -1}}, "bad_field");
    host.send({{"type", "plan"}, {"plan", "p1"}, {"id", 1}});
    Seen seen = until_reply(host, 1);
    REQUIRE(seen.reply["type"] == "ok");
    REQUIRE(seen.plan.is_object());
    CHECK(seen.plan["name"] == "Monday");
    CHECK(seen.plan["next"] == 0);
    CHECK(seen.plan["activities"][0]["notes"] == "Say: the first word you hear.");
    CHECK(seen.plan["activities"].size() == 3);

    // One message per activity, set up as planned.
    host.send({{"type", "activity"}, {"id", 2}});
    seen = until_reply(host, 2);
    REQUIRE(seen.reply["type"] == "ok");
    CHECK(seen.round["view"]["game"] == "chain");
    CHECK(seen.round["activity"] == json{{"index", 0}, {"of", 3}, {"title", "Warm up"}});
    CHECK(seen.plan["current"] == 0);
    CHECK(seen.plan["next"] == 1);
    expect_error(host, {{"type", "activity"}}, "round_running");
    end_round(host, 3);

    // An unplanned round between moves nothing.
    host.send({{"type", "new_round"}, {"id", 4}, {"start", true}, {"config", {{"game", "burst"}, {"stimuli", {"soon"}}}}});
    seen = until_reply(host, 4);
    CHECK_FALSE(seen.round.contains("activity"));
    end_round(host, 5);

    host.send({{"type", "activity"}, {"id", 6}});
    seen = until_reply(host, 6);
    REQUIRE(seen.reply["type"] == "ok");
    CHECK(seen.round["view"]["game"] == "spiv");
    CHECK(seen.round["view"]["set"]["prompt"] == "it broke");  // the deck's first entry, in order
    CHECK(seen.round["activity"]["index"] == 1);
    // The stage is told which activity it is, never the notes.
    json on_stage = json::object();
    while (on_stage.value("activity", json::object()).value("index", -1) != 1) {
      on_stage = stage.receive_until("round", reply_limit)["round"];
    }
    CHECK(on_stage["activity"]["title"] == "What the caller said");
    CHECK(on_stage.dump().find("Secret note") == std::string::npos);
  }
  // After a restart, the room is at the same place in the plan.
  ServerProcess server({}, data);
  Client host = Client::connect(server.url());
  host.send({{"type", "hello"}, {"key", key}, {"room", code}});
  json welcome = host.receive_until("welcome", reply_limit);
  REQUIRE(welcome["plan"].is_object());
  CHECK(welcome["plan"]["next"] == 2);
  CHECK(welcome["plan"]["current"] == 1);
  CHECK(welcome["plan"]["ran"] == json::array({0, 1}));
  CHECK(welcome["round"]["activity"]["index"] == 1);
  // Editing the plan now changes nothing in the room.
  REQUIRE(call(server.url(), "DELETE", "/api/plans/p1").status == 200);
  std::vector<Client> phones;
  for (const auto& token : tokens) {
    Client phone = Client::connect(server.url());
    phone.send({{"type", "hello"}, {"room", code}, {"token", token}});
    phone.receive_until("welcome", reply_limit);
    phones.push_back(std::move(phone));
  }
  end_round(host, 10);
  host.send({{"type", "activity"}, {"id", 11}});
  Seen seen = until_reply(host, 11);
  REQUIRE(seen.reply["type"] == "ok");
  CHECK(seen.round["view"]["game"] == "waat");
  CHECK(seen.round["activity"] == json{{"index", 2}, {"of", 3}, {"title", "Tell it together"}});
  REQUIRE(seen.circles.is_array());
  CHECK(seen.circles.size() == 2);
  end_round(host, 12);
  expect_error(host, {{"type", "activity"}}, "plan_done");
  // Back to the first activity, or skip: the next one is whichever the facilitator says.
  host.send({{"type", "plan_next"}, {"index", 1}, {"id", 13}});
  seen = until_reply(host, 13);
  CHECK(seen.plan["next"] == 1);
  expect_error(host, {{"type", "plan_next"}, {"index", 4}}, "bad_field");
  host.send({{"type", "activity"}, {"index", 0}, {"id", 14}});
  seen = until_reply(host, 14);
  CHECK(seen.round["activity"]["index"] == 0);
  CHECK(seen.circles.size() == 1);  // "one circle"
  host.send({{"type", "plan"}, {"plan", nullptr}, {"id", 15}});
  CHECK(until_reply(host, 15).plan.is_null());
  // The history and the reports say which activity each round was.
  const json record = body_of(call(server.url(), "GET", "/export/" + code + ".json"));
  REQUIRE(record["rounds"].size() == 5);
  CHECK(record["rounds"][0]["activity"]["title"] == "Warm up");
  CHECK_FALSE(record["rounds"][1].contains("activity"));  // the unplanned round
  CHECK(record["rounds"][3]["activity"] == json{{"index", 2}, {"of", 3}, {"title", "Tell it together"}});
  const auto report = call(server.url(), "GET", "/export/" + code + ".md");
  CHECK(report.body.find("*Activity 2 of 3: What the caller said*") != std::string::npos);
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
}

TEST_CASE("kill -9 while plans are imported leaves every plan with all of its decks, or neither") {
  const std::string data = make_temp_dir();
  std::mt19937 random(std::random_device{}());
  for (int life = 0; life < 3; ++life) {
    ServerProcess server({}, data);
    const auto url = server.url();
    std::atomic<bool> dead{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; !dead && i < 10; ++i) {  // (3 lives of 3 writers stay under the 100 plans kept)
          const std::string name = "L" + std::to_string(life) + " W" + std::to_string(w) + " N" + std::to_string(i);
          json file = {{"format", "earshot-plan"},
                       {"version", 1},
                       {"plan", three_activities(name, name + " deck")},
                       {"decks", {{{"name", name + " deck"}, {"entries", {"one", "two", "three"}}}}}};
          try {
            const auto res = call(url, "POST", "/api/plans/import", file.dump());
            if (res.status != 201 && !dead) MESSAGE("import refused: ", res.body);  // (not expected)
          } catch (const std::exception&) {
            // The server died under this request.
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 120)(random)));
    server.kill_hard();
    dead = true;
    for (auto& t : writers) t.join();
  }
  ServerProcess server({}, data);
  const auto stored = everything(server.url());
  std::size_t plans = 0, decks = 0;
  std::set<std::string> drawn;
  for (const auto& [id, item] : stored) {
    if (item["builtin"] == true) continue;
    if (id.front() == 'p') {
      ++plans;
      const json& draw = item["activities"][1]["draw"];
      CHECK_FALSE(draw.contains("missing"));
      drawn.insert(draw["deck"].get<std::string>());
      REQUIRE(stored.count(draw["deck"].get<std::string>()) == 1);
      CHECK(stored.at(draw["deck"].get<std::string>())["name"] == item["name"].get<std::string>() + " deck");
    } else {
      ++decks;
    }
  }
  MESSAGE(plans, " plans imported in 3 lives; ", stored.size(), " plans and decks listed");
  CHECK(plans > 0);
  CHECK(decks == plans);  // no deck without its plan
  CHECK(drawn.size() == plans);
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
}
