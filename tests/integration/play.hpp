#pragma once
// Helpers for playing rounds through the server: a connection that remembers the last round view
// it was sent, requests with replies, and waiting for a view that satisfies a condition.

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "harness.hpp"

namespace earshot::test {

struct Seat {
  Client client;
  std::string id;     // participant id; "" for the facilitator and stage
  std::string token;  // participants
  json round;         // the last `round` message's "round" (null before any)
  std::vector<std::string> frames;  // every message received, as text (for "never sent" checks)
  int next_id = 100;

  // The next message, whatever it is.
  json next() {
    json m = client.receive(reply_limit);
    frames.push_back(m.dump());
    if (m["type"] == "round") round = m["round"];
    if (m["type"] == "welcome" && m.contains("round")) round = m["round"];
    return m;
  }
  // Sends a request and returns its reply (ok or error), keeping what came in between.
  json request(json message) {
    const int id = next_id++;
    message["id"] = id;
    client.send(message);
    for (;;) {
      json m = next();
      if (m.contains("re") && m["re"] == id) return m;
    }
  }
  // REQUIREs that the request is accepted.
  void ok(json message) {
    json reply = request(message);
    INFO("sent ", message.dump(), ", got ", reply.dump());
    REQUIRE(reply["type"] == "ok");
  }
  // REQUIREs that the request is refused with `code`; returns the error.
  json refused(json message, const std::string& code) {
    json reply = request(message);
    INFO("sent ", message.dump(), ", got ", reply.dump());
    CHECK(reply["type"] == "error");
    CHECK(reply["code"] == code);
    return reply;
  }
  // Waits for a round view for which `pred` holds (the last one seen counts) and returns it.
  json view_where(const std::function<bool(const json&)>& pred) {
    if (round.is_object() && pred(round["view"])) return round["view"];
    for (;;) {
      next();
      if (round.is_object() && pred(round["view"])) return round["view"];
    }
  }
  json view_in_phase(const std::string& phase) {
    return view_where([&](const json& v) { return v["phase"] == phase; });
  }
  // Sends every message received so far, as one string.
  std::string all_text() const {
    std::string out;
    for (const auto& f : frames) out += f + "\n";
    return out;
  }
};

// A room with a facilitator in it and participants p1..pN (named Ann, Ben, Cat, ...).
struct Table {
  Harness h;
  Seat host;
  std::string code;
  std::deque<Seat> people;  // a deque: seats never move once made

  explicit Table(int n, std::vector<std::string> server_args = {}) : h(std::move(server_args)), host{h.facilitator(), "", "", nullptr, {}, 100} {
    code = Harness::create_room(host.client);
    static const char* names[] = {"Ann", "Ben", "Cat", "Dev", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kim", "Lou"};
    for (int i = 0; i < n; ++i) add(names[i % 12] + (i >= 12 ? std::to_string(i) : std::string()));
  }

  Seat& add(const std::string& name) {
    Joined j = h.join(code, name);
    Seat s{std::move(j.client), j.id(), j.token(), j.welcome["round"], {j.welcome.dump()}, 100};
    people.push_back(std::move(s));
    return people.back();
  }

  // The participant whose id is `id`.
  Seat& by_id(const std::string& id) {
    for (auto& p : people) {
      if (p.id == id) return p;
    }
    FAIL("no participant " << id);
    return people.front();
  }

  // Starts a round with `config` and returns the facilitator's first view of it.
  json start(json config) {
    host.ok({{"type", "new_round"}, {"config", std::move(config)}, {"start", true}});
    return host.view_where([](const json& v) { return v["phase"] != "lobby"; });
  }
};

// In a turn-taking view: whose turn it is in circle `i`.
inline std::string turn_of(const json& view, std::size_t i = 0) { return view["circles"][i].value("turn", ""); }

}  // namespace earshot::test
