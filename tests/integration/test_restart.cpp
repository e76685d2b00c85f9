// Presence after a restart: the server goes down mid-round (kill -9, or stopped as a facilitator
// stops it) and comes back on the same data, and some phones do not come back. Everyone counts as
// online for the grace, as after a phone's drop; whoever is not back by then is away: the room is
// told, the room's list and the round agree, their turns pass, answering stops waiting for them,
// and the round plays to its end. One game each.

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "play.hpp"

using namespace earshot::test;

namespace {

// The current answer set's `field` in a view, or null.
json set_field(const json& view, const char* field) {
  return view.contains("set") && view["set"].contains(field) ? view["set"][field] : json();
}

using Online = std::map<std::string, bool>;  // participant id -> online

// A room with a facilitator and participants p1..pN (Ann, Ben, ...) on a server that can be
// taken down and brought back on the same data directory.
struct Workshop {
  std::string data = make_temp_dir();
  std::unique_ptr<ServerProcess> server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data);
  std::string code;
  std::optional<Seat> host;
  std::deque<Seat> people;

  explicit Workshop(int n) {
    host.emplace(Seat{Client::connect(server->url()), "", "", nullptr, {}, 100});
    host->client.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}});
    await(*host, "welcome");
    code = Harness::create_room(host->client);
    static const char* names[] = {"Ann", "Ben", "Cat", "Dev"};
    for (int i = 0; i < n; ++i) {
      Client c = Client::connect(server->url());
      c.send({{"type", "hello"}, {"room", code}, {"name", names[i]}});
      Seat s{std::move(c), "", "", nullptr, {}, 100};
      const json w = await(s, "welcome");
      s.id = w["you"]["id"];
      s.token = w["token"];
      people.push_back(std::move(s));
    }
  }
  ~Workshop() {
    server.reset();
    std::error_code ec;
    std::filesystem::remove_all(data, ec);
  }

  // The next message of `type` that `seat` gets.
  static json await(Seat& seat, const std::string& type) {
    for (;;) {
      json m = seat.next();
      if (m["type"] == type) return m;
    }
  }

  void start(const json& config) {
    host->ok({{"type", "new_round"}, {"config", config}, {"start", true}});
  }

  // The server goes down and comes back on the same data; every connection died with it.
  void restart(bool crash) {
    if (crash) {
      server->kill_hard();
    } else {
      server->signal(SIGTERM);
    }
    host->client.abort();
    for (auto& p : people) p.client.abort();
    if (!crash) {
      const int status = server->wait();
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
    }
    server = std::make_unique<ServerProcess>(std::vector<std::string>{}, data);
  }

  // A facilitator connection to the room (the old one's place); returns its welcome.
  json reopen() {
    host.emplace(Seat{Client::connect(server->url()), "", "", nullptr, {}, 100});
    host->client.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", code}});
    return await(*host, "welcome");
  }

  // Participant `id`'s phone comes back with its token.
  void back(const std::string& id) {
    Seat& p = by_id(id);
    p.client = Client::connect(server->url());
    p.round = nullptr;
    p.client.send({{"type", "hello"}, {"room", code}, {"token", p.token}});
    const json w = await(p, "welcome");
    REQUIRE(w["you"]["id"] == id);
  }

  Seat& by_id(const std::string& id) {
    for (auto& p : people) {
      if (p.id == id) return p;
    }
    FAIL("no participant " << id);
    return people.front();
  }

  // The `presence` messages the facilitator gets until `count` have come.
  Online presence(std::size_t count) {
    Online told;
    while (told.size() < count) {
      const json m = await(*host, "presence");
      CHECK_FALSE(told.count(m["id"]));  // one message each
      told[m["id"]] = m["online"];
    }
    return told;
  }
};

// In a facilitator's welcome, whom the room's list has online, and whom the round has.
Online room_online(const json& welcome) {
  Online out;
  for (const auto& p : welcome["room"]["participants"]) out[p["id"]] = p["online"];
  return out;
}
Online round_online(const json& view) {
  Online out;
  for (const auto& p : view["people"]) {
    if (!p["left"].get<bool>()) out[p["id"]] = p["online"];
  }
  return out;
}

// Right after the restart (within the grace) everyone still counts as online, in the room's
// list and in the round alike.
void check_all_online(const json& welcome) {
  const Online room = room_online(welcome);
  CHECK(room == round_online(welcome["round"]["view"]));
  for (const auto& [id, online] : room) {
    INFO(id);
    CHECK(online);
  }
}

// Once the grace is over, the absent are away in the room's list and in the round, the others
// not: asked with a fresh welcome, and as the facilitator's round view shows it.
void check_away(Workshop& w, const std::set<std::string>& absent) {
  Online expected;
  for (const auto& p : w.people) expected[p.id] = !absent.count(p.id);
  Seat other{Client::connect(w.server->url()), "", "", nullptr, {}, 100};
  other.client.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", w.code}});
  const json welcome = Workshop::await(other, "welcome");
  CHECK(room_online(welcome) == expected);
  CHECK(round_online(welcome["round"]["view"]) == expected);
  w.host->view_where([&](const json& v) { return round_online(v) == expected; });
}

// The passes of a circle's transcript: participant -> reasons, in order.
std::map<std::string, std::vector<std::string>> passes(const json& circle) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& e : circle["transcript"]) {
    if (e.contains("pass")) out[e["participant"]].push_back(e["pass"]);
  }
  return out;
}

// Plays a turn game on: whoever's turn it is in circle 0 says the next word (the absent are
// passed meanwhile).
void play_words(Workshop& w, const std::vector<std::string>& words) {
  std::int64_t before = -1;  // the circle's length when the last word was said
  for (const auto& word : words) {
    const json v = w.host->view_where([&](const json& v) {
      if (v["phase"] != "turns") return true;
      const json& circle = v["circles"][0];
      return circle["length"].get<std::int64_t>() > before && circle.contains("turn") && round_online(v)[turn_of(v)];
    });
    REQUIRE(v["phase"] == "turns");
    before = v["circles"][0]["length"];
    w.by_id(turn_of(v)).ok({{"type", "play"}, {"action", "word"}, {"text", word}});
  }
}

}  // namespace

TEST_CASE("restart, chain: the turn of a phone that does not come back passes, and the chain ends") {
  Workshop w(4);
  w.start({{"game", "chain"}, {"seedWord", "coffee"}, {"turnMs", 60000}, {"order", "set"}, {"maxTurns", 6}});
  w.by_id("p1").ok({{"type", "play"}, {"action", "word"}, {"text", "bean"}});
  w.host->view_where([](const json& v) { return turn_of(v) == "p2"; });

  w.restart(true);
  const json welcome = w.reopen();
  w.back("p1");
  w.back("p3");
  check_all_online(welcome);
  CHECK(turn_of(welcome["round"]["view"]) == "p2");

  // Ben (whose turn it was) and Dev are away once the grace is over; Ann and Cat never were.
  CHECK(w.presence(2) == Online{{"p2", false}, {"p4", false}});
  check_away(w, {"p2", "p4"});
  const json passed = w.host->view_where([](const json& v) { return turn_of(v) == "p3"; });
  CHECK(passes(passed["circles"][0]) == std::map<std::string, std::vector<std::string>>{{"p2", {"offline"}}});

  // Cat, Dev passed, Ann, Ben passed: six turns, and the round is over.
  play_words(w, {"roast", "dark"});
  const json end = w.host->view_in_phase("ended");
  const json& transcript = end["results"]["circles"][0]["transcript"];
  REQUIRE(transcript.size() == 6);
  CHECK(passes(end["circles"][0]) ==
        std::map<std::string, std::vector<std::string>>{{"p2", {"offline", "offline"}}, {"p4", {"offline"}}});
  // The phones that came back saw the others go away.
  CHECK(w.by_id("p1").all_text().find(R"({"id":"p2","online":false,"type":"presence"})") != std::string::npos);
}

TEST_CASE("restart, waat: after a normal stop, the absent are passed and the retelling waits only for those back") {
  Workshop w(4);
  w.start({{"game", "waat"}, {"title", "The Lost Key"}, {"turnMs", 60000}, {"order", "set"}, {"wordLimit", 4},
           {"retell", true}, {"retellMs", 600000}});
  w.by_id("p1").ok({{"type", "play"}, {"action", "word"}, {"text", "Once"}});
  w.host->view_where([](const json& v) { return turn_of(v) == "p2"; });

  w.restart(false);
  const json welcome = w.reopen();
  w.back("p1");
  w.back("p3");
  check_all_online(welcome);

  CHECK(w.presence(2) == Online{{"p2", false}, {"p4", false}});
  check_away(w, {"p2", "p4"});
  play_words(w, {"upon", "a", "time."});
  const json retell = w.host->view_where([](const json& v) { return v["phase"] == "answering"; });
  CHECK(passes(retell["circles"][0]) ==
        std::map<std::string, std::vector<std::string>>{{"p2", {"offline", "offline"}}, {"p4", {"offline"}}});
  CHECK(retell["set"]["expected"] == 2);

  // The two who are here retell; answering closes without waiting for the absent.
  w.by_id("p1").ok({{"type", "play"}, {"action", "answer"}, {"text", "A key was lost."}});
  w.by_id("p3").ok({{"type", "play"}, {"action", "answer"}, {"text", "Once upon a time."}});
  w.host->view_in_phase("closed");
  w.host->ok({{"type", "steer"}, {"action", "reveal"}});
  w.host->ok({{"type", "steer"}, {"action", "end"}});
  const json end = w.host->view_in_phase("ended");
  CHECK(end["results"]["sets"][0]["answers"].size() == 2);
}

TEST_CASE("restart, burst: answering stops waiting for the phones that do not come back") {
  Workshop w(4);
  w.start({{"game", "burst"}, {"stimuli", {"cold", "home"}}, {"answerMs", 600000}});
  w.by_id("p1").ok({{"type", "play"}, {"action", "answer"}, {"text", "ice"}});
  w.by_id("p2").ok({{"type", "play"}, {"action", "answer"}, {"text", "snow"}});

  w.restart(true);
  const json welcome = w.reopen();
  w.back("p1");
  w.back("p3");
  check_all_online(welcome);
  w.by_id("p3").ok({{"type", "play"}, {"action", "answer"}, {"text", "winter"}});

  // Everyone who is back has answered: once Ben and Dev are away, the stimulus closes.
  CHECK(w.presence(2) == Online{{"p2", false}, {"p4", false}});
  check_away(w, {"p2", "p4"});
  w.host->view_in_phase("closed");
  w.host->ok({{"type", "steer"}, {"action", "reveal"}});
  CHECK(w.host->view_in_phase("revealed")["set"]["answers"].size() == 3);  // Ben's, from before, too

  // The next stimulus waits for nobody who is away either.
  w.host->ok({{"type", "steer"}, {"action", "next"}});
  w.host->view_where([](const json& v) { return v["phase"] == "answering" && set_field(v, "index") == 1; });
  w.by_id("p1").ok({{"type", "play"}, {"action", "answer"}, {"text", "house"}});
  w.by_id("p3").ok({{"type", "play"}, {"action", "answer"}, {"text", "hearth"}});
  w.host->view_where([](const json& v) { return v["phase"] == "closed" && set_field(v, "index") == 1; });
  w.host->ok({{"type", "steer"}, {"action", "reveal"}});
  w.host->ok({{"type", "steer"}, {"action", "next"}});
  const json end = w.host->view_in_phase("ended");
  CHECK(end["results"]["sets"].size() == 2);
}

TEST_CASE("restart, spiv: one phone that does not come back holds up neither answering nor picking") {
  Workshop w(4);
  w.start({{"game", "spiv"}, {"prompt", "a quick fix"}, {"pick", "closest"}, {"answerMs", 600000}, {"pickMs", 600000}});
  w.by_id("p1").ok({{"type", "play"}, {"action", "answer"}, {"text", "tape"}});
  w.by_id("p2").ok({{"type", "play"}, {"action", "answer"}, {"text", "a reboot"}});

  w.restart(true);
  const json welcome = w.reopen();
  for (const char* id : {"p1", "p2", "p3"}) w.back(id);
  check_all_online(welcome);
  w.by_id("p3").ok({{"type", "play"}, {"action", "answer"}, {"text", "a patch"}});
  CHECK(w.host->view_where([](const json& v) { return set_field(v, "answered") == 3; })["phase"] == "answering");

  // Three of four answered; once Dev is away, answering closes.
  CHECK(w.presence(1) == Online{{"p4", false}});
  check_away(w, {"p4"});
  const json closed = w.host->view_in_phase("closed");
  CHECK(closed["set"]["expected"] == 3);
  w.host->ok({{"type", "steer"}, {"action", "reveal"}});
  w.host->ok({{"type", "steer"}, {"action", "next"}});
  w.host->view_in_phase("picking");

  // Everyone who is here picks: the round ends without Dev's pick.
  const std::map<std::string, int> pick = {{"p1", 2}, {"p2", 3}, {"p3", 1}};
  for (const auto& [id, n] : pick) w.by_id(id).ok({{"type", "play"}, {"action", "pick"}, {"answer", n}});
  const json end = w.host->view_in_phase("ended");
  CHECK(end["results"]["sets"][0]["answers"].size() == 3);
}
