// `earshot-client bots` against a real server, as a facilitator trying a room would use it: the
// bots join, play a chain and a burst round the facilitator runs, react to nothing they should
// not, and stop with a report when the room closes.

#include <sys/wait.h>

#include <future>

#include "harness.hpp"

using namespace earshot::test;

TEST_CASE("earshot-client bots joins N bots that play the rounds the facilitator runs, then reports") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  const std::string url = "http://127.0.0.1:" + std::to_string(h.server.port()) + "/?r=" + code;

  auto bots = std::async(std::launch::async, [&] {
    return run_process({EARSHOT_CLIENT_BIN, "bots", "--url", url, "--count", "5", "--think", "10-60", "--duration",
                        "120", "--json", "--quiet"},
                       "");
  });

  int joined = 0;
  while (joined < 5) {
    if (f.receive(reply_limit)["type"] == "joined") ++joined;
  }
  int id = 1;
  auto run_round = [&](json config, const std::function<void(const json&)>& step) {
    f.send({{"type", "new_round"}, {"config", std::move(config)}, {"start", true}, {"id", id++}});
    for (;;) {
      json m = f.receive(reply_limit);
      if (m["type"] == "error") FAIL("refused: " << m.dump());
      if (m["type"] != "round") continue;
      const json& view = m["round"]["view"];
      if (view["phase"] == "ended") return view;
      step(view);
    }
  };
  // A chain of 10 turns: the bots take their turns without anyone prompting them.
  json chain = run_round({{"game", "chain"}, {"seedWord", "rain"}, {"turnMs", 10000}, {"maxTurns", 10}},
                         [](const json&) {});
  const auto& transcript = chain["circles"][0]["transcript"];
  CHECK(transcript.size() == 10);
  int words = 0;
  for (const auto& t : transcript) words += t.contains("text");
  CHECK(words >= 6);  // bots pass now and then, and never time out at a 10 s turn

  // A burst round with one stimulus: every bot answers; the facilitator reveals and goes on.
  bool revealed = false;
  json burst = run_round({{"game", "burst"}, {"stimuli", {"cold"}}, {"answerMs", 30000}}, [&](const json& view) {
    if (view["phase"] == "closed" && !revealed) {
      revealed = true;
      f.send({{"type", "steer"}, {"action", "reveal"}});
    } else if (view["phase"] == "revealed") {
      CHECK(view["set"]["answers"].size() == 5);
      f.send({{"type", "steer"}, {"action", "next"}});
    }
  });
  CHECK(revealed);

  // Closing the room sends the bots home; they report what they saw.
  f.send({{"type", "close_room"}});
  const RunResult r = bots.get();
  INFO("stderr: ", r.err);
  REQUIRE(WIFEXITED(r.status));
  CHECK(WEXITSTATUS(r.status) == 0);
  const json report = json::parse(r.out);
  CHECK(report["bots"] == 5);
  CHECK(report["joined"] == 5);
  CHECK(report["roundsSeen"] == 2);
  CHECK(report["plays"]["answer"] == 5);
  CHECK(report["plays"].value("word", 0) == words);
  CHECK(report["messages"].get<int>() > 20);
}
