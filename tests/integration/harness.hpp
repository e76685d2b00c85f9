#pragma once
// Shared helpers for the integration tests: a running server plus shortcuts for the usual
// conversations with it. Every wait has a generous limit so a broken server fails the test
// instead of hanging it; no test depends on how fast anything happens.

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "client/client.hpp"
#include "process.hpp"

namespace earshot::test {

using client::Client;
using client::json;
using namespace std::chrono_literals;

// Limit for any single reply.
inline constexpr std::chrono::milliseconds reply_limit = 10s;

// A participant that has joined: its connection and the welcome it got.
struct Joined {
  Client client;
  json welcome;
  std::string id() const { return welcome["you"]["id"].get<std::string>(); }
  std::string token() const { return welcome["token"].get<std::string>(); }
};

class Harness {
 public:
  explicit Harness(std::vector<std::string> extra_args = {}) : server(std::move(extra_args)) {}

  Client connect() { return Client::connect(server.url()); }

  // A facilitator connection, not in any room.
  Client facilitator() {
    Client c = connect();
    c.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}});
    json welcome = c.receive_until("welcome", reply_limit);
    REQUIRE(welcome["role"] == "facilitator");
    return c;
  }

  // Creates a room through `facilitator` and returns its code.
  static std::string create_room(Client& facilitator) {
    facilitator.send({{"type", "create_room"}});
    json welcome = facilitator.receive_until("welcome", reply_limit);
    REQUIRE(welcome["room"].is_object());
    return welcome["room"]["code"].get<std::string>();
  }

  // A new participant called `name` in room `code`; REQUIREs that it is welcomed.
  Joined join(const std::string& code, const std::string& name) {
    Client c = connect();
    c.send({{"type", "hello"}, {"room", code}, {"name", name}});
    json welcome = c.receive(reply_limit);
    INFO("hello as ", name, " got ", welcome.dump());
    REQUIRE(welcome["type"] == "welcome");
    return {std::move(c), std::move(welcome)};
  }

  ServerProcess server;
};

// The reply to the request with id `id`: the next message carrying it back as "re". Broadcasts
// and pushes (joined, presence, rooms, ...) never carry "re" and are skipped.
inline json reply_to(Client& c, const json& id) {
  for (;;) {
    json message = c.receive(reply_limit);
    if (message.contains("re")) {
      CHECK(message["re"] == id);
      return message;
    }
  }
}

// Sends `message` with request id `id` and REQUIREs that its reply is the error `code`.
// Returns that error.
inline json expect_error(Client& c, json message, const std::string& code, int id = 7) {
  message["id"] = id;
  c.send(message);
  json reply = reply_to(c, id);
  INFO("sent ", message.dump(), ", got ", reply.dump());
  CHECK(reply["type"] == "error");
  CHECK(reply["code"] == code);
  CHECK(reply["re"] == id);
  CHECK(reply["message"].is_string());
  CHECK_FALSE(reply["message"].get<std::string>().empty());
  return reply;
}

// REQUIREs that the connection still answers: ping → pong, skipping broadcasts in between.
inline void expect_alive(Client& c) {
  c.send({{"type", "ping"}, {"id", "alive?"}});
  json pong = c.receive_until("pong", reply_limit);
  CHECK(pong["re"] == "alive?");
}

// A room code that is certainly not `taken`.
inline std::string other_code(const std::string& taken) { return taken == "WXYA" ? "AXYW" : "WXYA"; }

}  // namespace earshot::test
