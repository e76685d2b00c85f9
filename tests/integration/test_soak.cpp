// Soak: a workshop's worth of rounds at accelerated time. 200 bots (the same bots as
// `earshot-client bots`) play 12 rounds of all four games in 25 circles, think for tens of
// milliseconds instead of seconds, lose their connections at random and reconnect, and live
// through a server killed with SIGKILL and restarted mid-round. Afterwards:
//   - every play the server acknowledged is in the stored transcript exactly once, and no round
//     holds an event twice;
//   - the server's heap is back to where it was before the bots came back (nothing leaks per
//     connection, message or round), no connection is left behind, and stopped with SIGTERM
//     it exits with 0 having freed everything.

#include <signal.h>
#include <sys/wait.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <map>
#include <set>
#include <thread>

#include "client/bots.hpp"
#include "client/http.hpp"
#include "harness.hpp"
#include "store/store.hpp"

using namespace earshot::test;
namespace store = earshot::store;

namespace {

constexpr int bot_count = 200;
constexpr int circle_count = 25;
// Under the sanitizers, 200 phones' worth of views after a reveal (every answer, grouped) take the
// server and the bots a while: a reply may wait behind them.
constexpr auto busy_limit = 60s;

json health(const ServerProcess& server) {
  const auto res = earshot::client::http_get(server.url(), "/healthz");
  REQUIRE(res.status == 200);
  return json::parse(res.body);
}

// The facilitator's side: opens the room, then steers rounds through their phases.
struct Facilitator {
  Client client;
  json view;             // the latest round view
  std::string round_id;  // and its round

  void saw(const json& m) {
    if (m["type"] != "round" || !m["round"].is_object()) return;
    view = m["round"]["view"];
    round_id = m["round"]["id"];
  }

  static Facilitator open(const ServerProcess& server, const std::string& code) {
    Client c = Client::connect(server.url());
    c.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", code}});
    json welcome = c.receive_until("welcome", reply_limit);
    Facilitator f{std::move(c), welcome["round"].is_object() ? welcome["round"]["view"] : json(),
                  welcome["round"].is_object() ? welcome["round"]["id"].get<std::string>() : ""};
    return f;
  }

  json request(json message, int id) {
    message["id"] = id;
    client.send(message);
    for (;;) {
      json m = client.receive(busy_limit);
      saw(m);
      if (m.contains("re") && m["re"] == id) return m;
    }
  }

  // Steps the round on until it ends: reveal what closed, go on from what was revealed, and end
  // anything that stalls. Returns false if the connection ended (the server went away).
  bool finish_round(int& next_id, const std::string& previous_round) {
    std::string last_state;
    auto since = std::chrono::steady_clock::now();
    for (;;) {
      const std::string phase = round_id == previous_round ? "" : view.value("phase", "");
      if (phase == "ended") return true;
      const std::string state = phase + ":" + std::to_string(view.contains("set") ? view["set"].value("index", 0) : 0);
      if (state != last_state) {
        last_state = state;
        since = std::chrono::steady_clock::now();
        if (phase == "closed") request({{"type", "steer"}, {"action", "reveal"}}, next_id++);
        else if (phase == "revealed") request({{"type", "steer"}, {"action", "next"}}, next_id++);
        continue;
      }
      if (std::chrono::steady_clock::now() - since > 8s) {  // stalled (bots offline at the wrong moment)
        request({{"type", "steer"}, {"action", "end"}}, next_id++);
        since = std::chrono::steady_clock::now();
      }
      try {
        saw(client.receive(1s));
      } catch (const earshot::client::Timeout&) {
      } catch (const earshot::client::ConnectionClosed&) {
        return false;
      }
    }
  }
};

json round_config(int n) {
  switch (n % 4) {
    case 0: return {{"game", "chain"}, {"seedWord", "rain"}, {"turnMs", 2000}, {"maxTurns", 8}, {"noRepeat", true}};
    case 1: return {{"game", "burst"}, {"stimuli", {"cold", "home"}}, {"answerMs", 4000}};
    case 2:
      return {{"game", "waat"}, {"title", "The Lost Key"}, {"turnMs", 2000}, {"wordLimit", 12},
              {"retell", true},   {"retellMs", 4000}};
    default:
      return {{"game", "spiv"}, {"prompt", "a quick fix"}, {"answerMs", 4000}, {"predict", true},
              {"pick", "closest"}, {"pickMs", 4000}};
  }
}

// The text a stored event carries for an acknowledged play of `action`.
std::string stored_text(const json& data, const std::string& action) {
  if (action == "pick") return data.contains("answer") ? data["answer"].dump() : "";
  // A story word's closing mark ("rocket.") is kept beside the word.
  return data.value("text", "") + data.value("end", "");
}

}  // namespace

TEST_CASE("soak: 200 bots, 12 rounds, random drops and a kill -9: nothing lost or doubled, memory back to baseline") {
  const std::string data_dir = make_temp_dir();
  // ASan keeps freed memory in quarantine; keep that small so the heap figure means live data.
  const char* asan = std::getenv("ASAN_OPTIONS");
  ::setenv("ASAN_OPTIONS", ((asan ? std::string(asan) + ":" : std::string()) + "quarantine_size_mb=16").c_str(), 1);
  const std::vector<std::string> args = {"--max-per-address", "0"};

  auto server = std::make_unique<ServerProcess>(args, data_dir);
  const auto port = std::to_string(server->port());
  std::string code;
  {
    Client host = Client::connect(server->url());
    host.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}});
    host.receive_until("welcome", reply_limit);
    code = Harness::create_room(host);
  }
  Facilitator f = Facilitator::open(*server, code);

  // The bots, on their own thread.
  boost::asio::io_context io(1);
  auto work = boost::asio::make_work_guard(io);
  earshot::client::BotOptions options;
  options.server = server->url();
  options.room = code;
  options.count = bot_count;
  options.think_min = 10ms;
  options.think_max = 120ms;
  options.join_spacing = 5ms;
  options.drop_every = 60s;
  options.react_chance = 0.01;
  options.seed = 42;
  earshot::client::Swarm swarm(io, options);
  std::thread bots([&] { io.run(); });
  boost::asio::post(io, [&] { swarm.start(); });
  // However the test ends, the bots stop and their thread is joined.
  struct StopBots {
    boost::asio::io_context& io;
    earshot::client::Swarm& swarm;
    std::thread& thread;
    ~StopBots() {
      if (!thread.joinable()) return;
      boost::asio::post(io, [this] { swarm.stop(); });
      io.stop();
      thread.join();
    }
  } stop_bots{io, swarm, bots};

  auto wait_for_participants = [&](int online) {
    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (std::chrono::steady_clock::now() < deadline) {
      f.client.send({{"type", "list_rooms"}, {"id", "count"}});
      json m = f.client.receive(busy_limit);
      for (; !m.contains("re"); m = f.client.receive(busy_limit)) {
        f.saw(m);
      }
      if (!m["rooms"].empty() && m["rooms"][0].value("online", 0) >= online) return true;
      std::this_thread::sleep_for(200ms);
    }
    return false;
  };
  REQUIRE(wait_for_participants(bot_count));
  int id = 1;
  REQUIRE(f.request({{"type", "split"}, {"count", circle_count}}, id++)["type"] == "ok");

  constexpr int rounds = 12;
  constexpr int killed_in = 5;
  std::size_t heap_before = 0;
  for (int n = 0; n < rounds; ++n) {
    INFO("round ", n + 1);
    const std::string previous_round = f.round_id;
    const json started = f.request({{"type", "new_round"}, {"config", round_config(n)}, {"start", true}}, id++);
    INFO(started.dump());
    REQUIRE(started["type"] == "ok");
    if (n == killed_in) {
      // Mid-round: a pulled plug. The same data directory and port come back; the bots reconnect.
      std::this_thread::sleep_for(700ms);
      server->kill_hard();
      server.reset();
      server = std::make_unique<ServerProcess>(std::vector<std::string>{"--max-per-address", "0", "--port", port},
                                               data_dir);
      heap_before = health(*server)["heapBytes"].get<std::size_t>();
      f = Facilitator::open(*server, code);
      REQUIRE(f.view.is_object());  // the round in play came back
      REQUIRE(wait_for_participants(bot_count * 9 / 10));
    }
    REQUIRE(f.finish_round(id, previous_round));
  }

  // The bots go home; the server lets go of them.
  boost::asio::post(io, [&] { swarm.stop(); });
  work.reset();
  bots.join();
  const auto report = swarm.report();
  MESSAGE("bots: ", report.to_json().dump());
  CHECK(report.joined == bot_count);
  CHECK(report.drops > 0);       // random drops and the kill really happened
  CHECK(report.reconnects > 0);  // and the bots came back to their seats
  CHECK(report.rounds_seen >= rounds);

  json h;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  do {
    std::this_thread::sleep_for(200ms);
    h = health(*server);
  } while (h["connections"].get<int>() > 1 && std::chrono::steady_clock::now() < deadline);
  CHECK(h["connections"] == 1);  // only the facilitator is left
  const auto heap_after = h["heapBytes"].get<std::size_t>();
  MESSAGE("server heap: ", heap_before / 1024, " KiB after the restart, ", heap_after / 1024,
          " KiB after the bots left");
  // The room (200 participants, its last round) is held both times; anything per connection,
  // message or round that was not given back would show here.
  CHECK(heap_after <= heap_before + heap_before / 4 + 4 * 1024 * 1024);

  // The record: every acknowledged play once, and no event twice.
  // Stopped as a facilitator stops it: it flushes and closes the store, and exits with 0 (the
  // test run's LeakSanitizer makes anything the server did not free a failed exit).
  server->signal(SIGTERM);
  const int status = server->wait();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  server.reset();
  store::Options so;
  so.dir = data_dir;
  so.read_only = true;
  store::EventStore events(so);
  std::map<std::string, std::vector<store::Event>> by_round;
  for (const auto& r : events.rounds(code)) by_round[r.id] = events.round_events(code, r.id);
  CHECK(by_round.size() == rounds);

  std::size_t checked = 0;
  for (const auto& [round, list] : by_round) {
    std::set<std::int64_t> seqs;
    std::set<std::string> plays;
    for (const auto& e : list) {
      const json payload = json::parse(e.payload);
      CHECK(seqs.insert(payload["seq"].get<std::int64_t>()).second);
      const std::string kind = e.kind;
      if (kind == "word" || kind == "answer" || kind == "predict" || kind == "pick") {
        const std::string key = e.actor + "|" + kind + "|" + stored_text(payload["data"], kind);
        INFO("round ", round, ": ", key);
        CHECK(plays.insert(key).second);  // no bot says the same thing twice in a round
      }
    }
    // Sequence numbers run 1..n without gaps.
    CHECK((seqs.empty() || (*seqs.begin() == 1 && *seqs.rbegin() == static_cast<std::int64_t>(seqs.size()))));
  }
  for (const auto& play : swarm.acked()) {
    if (play.action == "react" || play.action == "pass") continue;
    const auto it = by_round.find(play.round);
    REQUIRE(it != by_round.end());
    int found = 0;
    for (const auto& e : it->second) {
      if (e.actor != play.participant || e.kind != play.action) continue;
      if (stored_text(json::parse(e.payload)["data"], play.action) == play.text) ++found;
    }
    INFO(play.round, " ", play.participant, " ", play.action, " ", play.text);
    CHECK(found == 1);
    ++checked;
  }
  MESSAGE(checked, " acknowledged plays found exactly once in ", by_round.size(), " stored rounds");
  CHECK(checked > 1000);
}
