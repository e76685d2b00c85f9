// Nothing a phone was told is kept may be lost: a burst round with 50 phones answering, the server
// killed with SIGKILL at random moments, restarted on the same data directory. Every answer that
// got "ok" must be there afterwards, the round must go on, and the phones rejoin with their tokens.

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "harness.hpp"

using namespace earshot::test;

namespace {

constexpr int phones = 50;
constexpr int stimuli = 4;

struct Phone {
  std::string id, token;
  std::optional<Client> client;
};

std::string answer_of(int phone, int set) { return "answer " + std::to_string(set) + " from " + std::to_string(phone); }

// The view of the current round in a welcome or round message.
json view_of(const json& m) { return m["round"]["view"]; }

// Connects a facilitator to `code` on `server`; returns the client and its welcome.
std::pair<Client, json> open_room(ServerProcess& server, const std::string& code) {
  Client c = Client::connect(server.url());
  c.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", code}});
  json welcome = c.receive_until("welcome", reply_limit);
  return {std::move(c), std::move(welcome)};
}

// Sends a request and returns its reply; the last round view that came before it goes to `view`.
json request(Client& c, json message, int id, json* view = nullptr) {
  message["id"] = id;
  c.send(message);
  for (;;) {
    json m = c.receive(reply_limit);
    if (view && m["type"] == "round") *view = view_of(m);
    if (m.contains("re") && m["re"] == id) return m;
  }
}

}  // namespace

TEST_CASE("kill -9 during a burst round loses no acknowledged answer, and the round goes on") {
  const std::string data = make_temp_dir();
  std::mt19937 random(std::random_device{}());
  std::string code;
  std::vector<Phone> people(phones);
  std::map<int, std::set<int>> acknowledged;  // set -> phones told "ok"

  {
    auto server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data);
    Client host = Client::connect(server->url());
    host.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}});
    host.receive_until("welcome", reply_limit);
    host.send({{"type", "create_room"}});
    code = host.receive_until("welcome", reply_limit)["room"]["code"];
    for (int i = 0; i < phones; ++i) {
      Client c = Client::connect(server->url());
      c.send({{"type", "hello"}, {"room", code}, {"name", "Phone " + std::to_string(i)}});
      json w = c.receive_until("welcome", reply_limit);
      people[i].id = w["you"]["id"];
      people[i].token = w["token"];
      people[i].client.emplace(std::move(c));
    }
    json config = {{"game", "burst"}, {"answerMs", 600000}, {"stimuli", json::array()}};
    for (int s = 0; s < stimuli; ++s) config["stimuli"].push_back("stimulus " + std::to_string(s));
    REQUIRE(request(host, {{"type", "new_round"}, {"config", config}, {"start", true}}, 1)["type"] == "ok");

    for (int set = 0; set < stimuli; ++set) {
      // Everyone answers at once; the server dies at a random moment of the burst.
      for (int i = 0; i < phones; ++i) {
        people[i].client->send({{"type", "play"}, {"action", "answer"}, {"text", answer_of(i, set)}, {"id", 1000 + set}});
      }
      const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 10000)(random));
      std::thread killer([&server, delay] {
        std::this_thread::sleep_for(delay);
        server->kill_hard();
      });
      for (int i = 0; i < phones; ++i) {
        try {
          for (;;) {
            json m = people[i].client->receive(reply_limit);
            if (m.value("re", json()) == 1000 + set) {
              if (m["type"] == "ok") acknowledged[set].insert(i);
              break;
            }
          }
        } catch (const earshot::client::ConnectionClosed&) {
          // The server died before it answered this phone.
        }
      }
      killer.join();
      MESSAGE("set ", set, ": ", acknowledged[set].size(), " of ", phones, " answers acknowledged before the kill after ",
              delay.count(), " us");

      // Up again on the same data: the room, the round and every acknowledged answer are back.
      server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data);
      auto [facilitator, fw] = open_room(*server, code);
      REQUIRE(fw["room"].is_object());
      REQUIRE(fw["round"].is_object());
      CHECK(view_of(fw)["set"]["index"] == set);
      // The phones rejoin by themselves, all at once: within the grace a restart gives them
      // (after it, whoever is not back counts as away, and answering stops waiting for them).
      for (int i = 0; i < phones; ++i) {
        people[i].client->abort();  // the old connection died with the server
        people[i].client.reset();
        people[i].client.emplace(Client::connect(server->url()));
        people[i].client->send({{"type", "hello"}, {"room", code}, {"token", people[i].token}});
      }
      for (int i = 0; i < phones; ++i) {
        Client& c = *people[i].client;
        json w = c.receive_until("welcome", reply_limit);
        INFO("phone ", i, " set ", set);
        REQUIRE(w["you"]["id"] == people[i].id);  // the same seat
        const json& v = view_of(w);
        const bool kept = v["set"].contains("mine");
        if (acknowledged[set].count(i)) {
          REQUIRE(kept);
          CHECK(v["set"]["mine"]["text"] == answer_of(i, set));
        }
        // Whoever's answer was lost in the crash answers again; the round takes it.
        if (!kept) {
          json r = request(c, {{"type", "play"}, {"action", "answer"}, {"text", answer_of(i, set)}}, 2000 + set);
          INFO(r.dump());
          CHECK(r["type"] == "ok");
        }
      }
      // Every phone's answer is in exactly once.
      json revealed;
      REQUIRE(request(facilitator, {{"type", "steer"}, {"action", "reveal"}}, 3000 + set, &revealed)["type"] == "ok");
      while (revealed["phase"] != "revealed") revealed = view_of(facilitator.receive_until("round", reply_limit));
      std::set<std::string> who;
      for (const auto& a : revealed["set"]["answers"]) who.insert(a["participant"].get<std::string>());
      CHECK(revealed["set"]["answers"].size() == phones);
      CHECK(who.size() == phones);
      if (set + 1 < stimuli) {
        REQUIRE(request(facilitator, {{"type", "steer"}, {"action", "next"}}, 4000 + set)["type"] == "ok");
      } else {
        REQUIRE(request(facilitator, {{"type", "steer"}, {"action", "end"}}, 4000 + set)["type"] == "ok");
      }
      host.abort();
      host = std::move(facilitator);
    }
    people.clear();
  }
  std::error_code ec;
  std::filesystem::remove_all(data, ec);
}
