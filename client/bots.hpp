#pragma once
// Bots: scripted participants that join a room and play whatever round is running, the way
// people would — a word when it is their turn, an answer when a prompt is open, a pick or a vote
// when asked, now and then a reaction — after a think time, and that reconnect (with their token,
// to the same seat) when their connection drops. `earshot-client bots` runs a swarm of them so a
// facilitator can try a room before a workshop; the soak test runs one in-process.
//
// A Swarm runs on an io_context that must be run by ONE thread (the bots share state without
// locks); everything here is asynchronous and never blocks.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "client/url.hpp"

namespace earshot::client {

struct BotOptions {
  ServerUrl server;
  std::string room;
  int count = 10;
  std::string name_prefix = "Bot";  // bots are called Bot 1, Bot 2, ...
  // How long a bot thinks before it plays: uniformly between these.
  std::chrono::milliseconds think_min{800};
  std::chrono::milliseconds think_max{3000};
  // Bots connect this far apart, so a swarm does not arrive as one burst.
  std::chrono::milliseconds join_spacing{20};
  // Random network drops: each bot loses its connection on average once per this (0: never),
  // then reconnects like a phone does.
  std::chrono::milliseconds drop_every{0};
  // Chance that a bot reacts (applause, laugh, ...) when something happens in the round.
  double react_chance = 0.02;
  // Chance that a bot passes its turn instead of saying a word.
  double pass_chance = 0.03;
  std::uint32_t seed = 1;
};

// A play the server acknowledged with `ok` (so it is on the server's disk).
struct AckedPlay {
  std::string round;        // round id, "r3"
  std::string participant;  // "p12"
  std::string action;       // word, pass, answer, predict, pick
  std::string text;         // the word or answer (pick: the answer number)
};

struct BotReport {
  int bots = 0;
  int joined = 0;      // bots that got a welcome at least once
  int online = 0;      // bots connected right now
  int reconnects = 0;  // welcomes after the first
  int drops = 0;       // connections lost (the server's doing or a simulated drop)
  int refused = 0;     // connection attempts the server turned away
  std::int64_t messages = 0;  // messages received, all bots together
  std::int64_t bytes = 0;
  std::map<std::string, int> plays;   // by action: sent and acknowledged
  std::map<std::string, int> errors;  // error codes the server answered with
  int rounds_seen = 0;                // distinct rounds the bots saw
  nlohmann::json to_json() const;
  std::string table() const;  // a readable summary, several lines
};

class Swarm {
 public:
  Swarm(boost::asio::io_context& io, BotOptions options);
  ~Swarm();
  Swarm(const Swarm&) = delete;
  Swarm& operator=(const Swarm&) = delete;

  void start();
  // Closes every connection (1000); the io_context then runs out of work once they are closed.
  void stop();
  // Every bot stops after the room is closed or it was kicked; this tells when all have.
  bool finished() const;

  BotReport report() const;
  // Every play the server acknowledged, in the order the acknowledgements arrived.
  const std::vector<AckedPlay>& acked() const { return acked_; }

  // Called on the io_context's thread for every message any bot receives (for tools that measure).
  std::function<void(int bot, const nlohmann::json& message)> on_message;

 private:
  struct Bot;
  friend struct Bot;
  boost::asio::io_context& io_;
  BotOptions options_;
  std::vector<std::shared_ptr<Bot>> bots_;
  std::vector<AckedPlay> acked_;
  std::map<std::string, bool> rounds_;
  bool stopping_ = false;
};

// The vocabulary the bots speak: everyday English words, letters only.
const std::vector<std::string>& bot_words();

}  // namespace earshot::client
