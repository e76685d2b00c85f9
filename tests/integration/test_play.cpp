// Playing rounds through the server with C++ clients: each game and variant, turn order, timeouts,
// what each audience is (and is not) sent, reconnecting mid-round, circles, and the facilitator's
// arrangement of the room.

#include <map>

#include "play.hpp"

using namespace earshot::test;

namespace {

json chain(json extra = json::object()) {
  json c = {{"game", "chain"}, {"seedWord", "coffee"}, {"turnMs", 60000}};
  c.update(extra);
  return c;
}

// Plays `words` in turn order in circle `circle_index`, each by whoever's turn it is.
// (The facilitator's view after each word says whose turn is next.)
void play_turns(Table& t, const std::vector<std::string>& words, std::size_t circle_index = 0) {
  const auto start = t.host.view_in_phase("turns")["circles"][circle_index]["length"].get<std::size_t>();
  for (std::size_t k = 0; k < words.size(); ++k) {
    const json v = t.host.view_where([&](const json& v) {
      return v["phase"] != "turns" || v["circles"][circle_index]["length"] == start + k;
    });
    REQUIRE(v["phase"] == "turns");
    REQUIRE(v["circles"][circle_index].contains("turn"));
    t.by_id(turn_of(v, circle_index)).ok({{"type", "play"}, {"action", "word"}, {"text", words[k]}});
  }
}


}  // namespace

TEST_CASE("a chain round: turn order is enforced and every screen sees the chain grow") {
  Table t(4);
  const json first = t.start(chain({{"maxTurns", 4}}));
  REQUIRE(first["phase"] == "turns");
  REQUIRE(first["seedWord"] == "coffee");
  const std::string holder = turn_of(first);
  REQUIRE_FALSE(holder.empty());

  // Someone else tries first: refused, and nothing changes.
  Seat* other = nullptr;
  for (auto& p : t.people) {
    if (p.id != holder) other = &p;
  }
  other->refused({{"type", "play"}, {"action", "word"}, {"text", "tea"}}, "not_your_turn");
  t.by_id(holder).refused({{"type", "play"}, {"action", "word"}, {"text", "two words"}}, "not_one_word");

  play_turns(t, {"bean", "roast", "dark", "night"});
  const json end = t.host.view_in_phase("ended");
  CHECK(end["results"]["endReason"].is_string());
  const json& transcript = end["results"]["circles"][0]["transcript"];
  REQUIRE(transcript.size() == 4);
  CHECK(transcript[0]["text"] == "bean");
  CHECK(transcript[3]["text"] == "night");

  // Every phone and the stage got the words as they came.
  for (auto& p : t.people) {
    const json v = p.view_in_phase("ended");
    CHECK(v["circles"][0]["transcript"].size() == 4);
    CHECK(v["you"]["id"] == p.id);
  }
  // After the end, a play is refused with the game's code.
  t.people[0].refused({{"type", "play"}, {"action", "word"}, {"text", "late"}}, "wrong_phase");
}

TEST_CASE("a turn that times out is passed and the next player is up") {
  Table t(3);
  const json first = t.start(chain({{"turnMs", 1000}}));
  const std::string holder = turn_of(first);
  const json after = t.host.view_where([](const json& v) { return v["circles"][0]["length"] == 1; });
  const json& entry = after["circles"][0]["transcript"][0];
  CHECK(entry["participant"] == holder);
  CHECK(entry["pass"] == "timeout");
  CHECK(turn_of(after) != holder);
  t.host.ok({{"type", "steer"}, {"action", "end"}});
  t.host.view_in_phase("ended");
}

TEST_CASE("pause stops the clock, skip passes the turn, a note is kept") {
  Table t(3);
  const json first = t.start(chain());
  t.host.ok({{"type", "steer"}, {"action", "pause"}});
  const json paused = t.host.view_where([](const json& v) { return v["paused"] == true; });
  CHECK(paused["circles"][0].contains("turnRemainingMs"));
  t.by_id(turn_of(first)).refused({{"type", "play"}, {"action", "word"}, {"text", "x"}}, "round_paused");
  t.host.refused({{"type", "steer"}, {"action", "pause"}}, "already_paused");
  t.host.ok({{"type", "steer"}, {"action", "resume"}});
  t.host.ok({{"type", "steer"}, {"action", "skip"}, {"circle", "c1"}});
  const json skipped = t.host.view_where([](const json& v) { return v["circles"][0]["length"] == 1; });
  CHECK(skipped["circles"][0]["transcript"][0]["pass"] == "skipped");
  t.host.ok({{"type", "steer"}, {"action", "note"}, {"text", "Lovely energy"}});
  const json noted = t.host.view_where([](const json& v) { return !v["notes"].empty(); });
  CHECK(noted["notes"][0] == "Lovely energy");
}

TEST_CASE("listening mode: the phones are never sent the words, the facilitator is") {
  Table t(3);
  t.start(chain({{"listening", true}, {"maxTurns", 3}}));
  play_turns(t, {"zebra", "stripes", "savanna"});
  t.host.view_in_phase("ended");
  for (auto& p : t.people) p.view_in_phase("ended");

  for (auto& p : t.people) {
    // Before the end, no message to this phone held a word; the words arrive with the results.
    std::string before_end;
    for (const auto& f : p.frames) {
      if (f.find("\"phase\":\"ended\"") != std::string::npos) break;
      before_end += f;
    }
    INFO(p.id);
    CHECK(before_end.find("zebra") == std::string::npos);
    CHECK(before_end.find("stripes") == std::string::npos);
    CHECK(before_end.find("\"hidden\":true") != std::string::npos);
    CHECK(p.all_text().find("savanna") != std::string::npos);
  }
  std::string host_before_end;
  for (const auto& f : t.host.frames) {
    if (f.find("\"phase\":\"ended\"") != std::string::npos) break;
    host_before_end += f;
  }
  CHECK(host_before_end.find("zebra") != std::string::npos);
}

TEST_CASE("a burst round: answers stay private until the reveal, then group into clusters") {
  Table t(4);
  const json first =
      t.start({{"game", "burst"}, {"stimuli", {"cold", "home"}}, {"answerMs", 60000}});
  REQUIRE(first["phase"] == "answering");
  CHECK(first["set"]["prompt"] == "cold");
  const std::vector<std::string> answers = {"Ice", "ice!", "winter", "snow"};
  for (std::size_t i = 0; i < 4; ++i) {
    t.people[i].ok({{"type", "play"}, {"action", "answer"}, {"text", answers[i]}});
    if (i == 0) t.people[0].refused({{"type", "play"}, {"action", "answer"}, {"text", "again"}}, "already_answered");
  }
  // Everyone answered: answering closes; nobody has seen anyone else's answer yet.
  t.host.view_where([](const json& v) { return v["phase"] == "closed"; });
  for (std::size_t i = 0; i < 4; ++i) {
    t.people[i].view_where([](const json& v) { return v["phase"] == "closed"; });
    const std::string seen = t.people[i].all_text();
    for (std::size_t j = 0; j < 4; ++j) {
      if (answers[j] == "ice!" || answers[j] == "Ice") continue;  // shared spelling with a neighbour
      if (i != j) CHECK(seen.find("\"" + answers[j] + "\"") == std::string::npos);
    }
  }
  t.host.ok({{"type", "steer"}, {"action", "reveal"}});
  const json revealed = t.people[2].view_in_phase("revealed");
  REQUIRE(revealed["set"]["clusters"].is_array());
  CHECK(revealed["set"]["clusters"][0]["count"] == 2);  // "Ice" and "ice!" together
  t.host.ok({{"type", "steer"}, {"action", "next"}});
  const json second = t.host.view_where([](const json& v) { return v["phase"] == "answering" && v["set"]["index"] == 1; });
  CHECK(second["set"]["prompt"] == "home");
  t.host.ok({{"type", "steer"}, {"action", "end"}});
  const json end = t.people[1].view_in_phase("ended");
  CHECK(end["results"]["sets"].size() == 2);
}

TEST_CASE("SPIV with predict: partners guess, the reveal scores the pairs") {
  Table t(4);
  const json first = t.start({{"game", "spiv"}, {"prompt", "the printer is broken"}, {"predict", true}});
  REQUIRE(first["phase"] == "answering");
  std::map<std::string, std::string> said = {{"p1", "restart it"}, {"p2", "call IT"}, {"p3", "not again"}, {"p4", "paper jam"}};
  for (auto& p : t.people) {
    const json v = p.view_where([](const json& v) { return v.contains("set") && v["set"].contains("partner"); });
    const std::string partner = v["set"]["partner"];
    CHECK(partner != p.id);
    p.ok({{"type", "play"}, {"action", "answer"}, {"text", said[p.id]}});
    // p1 listens well: guesses right; the others guess wrong.
    p.ok({{"type", "play"}, {"action", "predict"}, {"text", p.id == "p1" ? said[partner] : "no idea"}});
  }
  t.host.ok({{"type", "steer"}, {"action", "reveal"}});
  t.host.ok({{"type", "steer"}, {"action", "end"}});
  const json end = t.host.view_in_phase("ended");
  const json& predict = end["results"]["sets"][0]["predict"];
  CHECK(predict["pairs"] == 4);
  CHECK(predict["matches"] == 1);
}

TEST_CASE("WAAT with retell in two circles at once") {
  Table t(4);
  t.host.ok({{"type", "split"}, {"count", 2}});
  t.start({{"game", "waat"}, {"title", "The Lost Key"}, {"wordLimit", 4}, {"retell", true}, {"retellMs", 60000}});
  play_turns(t, {"Once", "upon", "a", "time."}, 0);
  play_turns(t, {"The", "key", "was", "gone."}, 1);
  const json retell = t.host.view_where([](const json& v) { return v["phase"] == "answering" && v["set"]["kind"] == "retell"; });
  CHECK(retell["circles"][0]["done"].is_string());
  for (auto& p : t.people) p.ok({{"type", "play"}, {"action", "answer"}, {"text", "A story about " + p.id}});
  t.host.ok({{"type", "steer"}, {"action", "reveal"}});
  t.host.ok({{"type", "steer"}, {"action", "end"}});
  const json end = t.host.view_in_phase("ended");
  REQUIRE(end["results"]["circles"].size() == 2);
  CHECK(end["results"]["circles"][0]["transcript"].size() == 4);
  CHECK(end["results"]["circles"][1]["transcript"][1]["text"] == "key");
  CHECK(end["results"]["sets"][0]["answers"].size() == 4);
  // A participant only ever saw their own circle's story.
  const json mine = t.by_id("p1").view_in_phase("ended");
  CHECK(mine["circles"].size() == 1);
}

TEST_CASE("circles take turns in parallel, each with its own order") {
  Table t(4);
  t.host.ok({{"type", "split"}, {"count", 2}});
  const json first = t.start(chain());
  REQUIRE(first["circles"].size() == 2);
  const std::string a = turn_of(first, 0), b = turn_of(first, 1);
  CHECK(a != b);
  // Both circles' turn holders may play at once.
  t.by_id(b).ok({{"type", "play"}, {"action", "word"}, {"text", "cup"}});
  t.by_id(a).ok({{"type", "play"}, {"action", "word"}, {"text", "mug"}});
  const json v = t.host.view_where([](const json& v) {
    return v["circles"][0]["length"] == 1 && v["circles"][1]["length"] == 1;
  });
  CHECK(v["circles"][0]["transcript"][0]["text"] == "mug");
  CHECK(v["circles"][1]["transcript"][0]["text"] == "cup");
}

TEST_CASE("a phone that reconnects mid-round gets its seat and the current state") {
  Table t(3);
  const json first = t.start(chain());
  const std::string holder = turn_of(first);
  Seat& phone = t.by_id(holder);
  const std::string token = phone.token;
  phone.client.abort();  // the phone went to sleep
  const json offline = t.host.view_where([&](const json& v) {
    for (const auto& p : v["people"]) {
      if (p["id"] == holder) return p["online"] == false;
    }
    return false;
  });
  CHECK_FALSE(offline.empty());

  Client back = t.h.connect();
  back.send({{"type", "hello"}, {"room", t.code}, {"token", token}});
  const json welcome = back.receive_until("welcome", reply_limit);
  REQUIRE(welcome["round"].is_object());
  const json& view = welcome["round"]["view"];
  CHECK(view["you"]["id"] == holder);
  CHECK(view["phase"] == "turns");
  phone.client = std::move(back);
  phone.round = welcome["round"];
  // An offline turn holder is passed over, so play whoever's turn it now is.
  const json now = t.host.view_where([](const json& v) { return v["phase"] == "turns"; });
  t.by_id(turn_of(now)).ok({{"type", "play"}, {"action", "word"}, {"text", "espresso"}});
  const json after = phone.view_where([](const json& v) {
    for (const auto& w : v["circles"][0]["transcript"]) {
      if (w.value("text", "") == "espresso") return true;
    }
    return false;
  });
  CHECK(after["you"]["id"] == holder);
}

TEST_CASE("a latecomer joins the round in play at the end of the order") {
  Table t(2);
  t.start(chain());
  Seat& late = t.add("Zed");
  const json v = late.view_where([&](const json& v) { return v["you"].is_object(); });
  CHECK(v["you"]["id"] == late.id);
  const json host = t.host.view_where([&](const json& v) { return v["circles"][0]["order"].size() == 3; });
  CHECK(host["circles"][0]["order"][2] == late.id);
}

TEST_CASE("reactions reach the room and are rate limited per phone") {
  Table t(2);
  t.start(chain());
  int accepted = 0;
  bool limited = false;
  for (int i = 0; i < 12 && !limited; ++i) {
    json reply = t.people[0].request({{"type", "play"}, {"action", "react"}, {"reaction", "laugh"}});
    if (reply["type"] == "ok") ++accepted;
    if (reply["type"] == "error") {
      CHECK(reply["code"] == "rate_limited");
      limited = true;
    }
  }
  CHECK(limited);
  CHECK(accepted >= 5);
  const json r = t.people[1].client.receive_until("reaction", reply_limit);
  CHECK(r["reaction"] == "laugh");
  CHECK_FALSE(r.contains("participant"));
  t.people[1].refused({{"type", "play"}, {"action", "react"}, {"reaction", "boo"}}, "bad_command");
}

TEST_CASE("a burst of reactions from everyone reaches every phone, each once and in the order sent") {
  // Several broadcasts land on each phone's connection at once: the server writes them together
  // (several frames to one system call). None may be lost, doubled, reordered or run together.
  Table t(8);
  t.start(chain());
  const std::vector<std::string> kinds = {"applause", "laugh", "wow", "heart"};
  for (auto& p : t.people) {
    for (const auto& k : kinds) p.client.send({{"type", "play"}, {"action", "react"}, {"reaction", k}});
  }
  const std::size_t total = t.people.size() * kinds.size();
  auto check_phone = [&](earshot::client::Client& c) {
    std::map<std::string, std::size_t> seen;
    std::vector<std::string> order;
    for (std::size_t i = 0; i < total; ++i) {
      const json r = c.receive_until("reaction", reply_limit);
      const auto kind = r["reaction"].get<std::string>();
      ++seen[kind];
      order.push_back(kind);
    }
    for (const auto& k : kinds) CHECK(seen[k] == t.people.size());
    // Each phone sent its four in order, so "applause" is never the last of the lot nor "heart"
    // the first: the first reaction anyone sees is an applause, the last a heart.
    CHECK(order.front() == "applause");
    CHECK(order.back() == "heart");
    CHECK_THROWS_AS(c.receive_until("reaction", std::chrono::milliseconds(300)), earshot::client::Timeout);
  };
  check_phone(t.host.client);
  for (auto& p : t.people) check_phone(p.client);
}

TEST_CASE("round requests are checked: roles, fields, configs, one round at a time") {
  Table t(2);
  t.people[0].refused({{"type", "play"}, {"action", "word"}, {"text", "hi"}}, "no_round");
  t.host.refused({{"type", "steer"}, {"action", "start"}}, "no_round");
  t.people[0].refused({{"type", "steer"}, {"action", "start"}}, "forbidden");
  t.people[0].refused({{"type", "new_round"}, {"config", chain()}}, "forbidden");
  t.host.refused({{"type", "play"}, {"action", "word"}, {"text", "hi"}}, "forbidden");
  t.host.refused({{"type", "new_round"}}, "missing_field");
  t.host.refused({{"type", "new_round"}, {"config", "chain"}}, "bad_field");
  t.host.refused({{"type", "new_round"}, {"config", {{"game", "charades"}}}}, "unknown_game");
  json e = t.host.refused({{"type", "new_round"}, {"config", chain({{"turnMs", 5}})}}, "bad_field");
  CHECK(e["field"] == "config.turnMs");
  e = t.host.refused({{"type", "new_round"}, {"config", chain({{"circles", json::array()}})}}, "bad_field");
  CHECK(e["field"] == "config.circles");
  t.host.refused({{"type", "steer"}, {"action", "launch"}}, "bad_field");
  t.people[0].refused({{"type", "play"}, {"action", "shout"}}, "bad_field");
  t.people[0].refused({{"type", "play"}}, "missing_field");

  t.host.ok({{"type", "new_round"}, {"config", chain()}});  // waits in its lobby
  const json lobby = t.people[0].view_in_phase("lobby");
  CHECK_FALSE(lobby.contains("seedWord"));  // the seed is a surprise until the start
  t.host.refused({{"type", "new_round"}, {"config", chain()}}, "round_running");
  t.host.ok({{"type", "steer"}, {"action", "start"}});
  t.people[0].view_in_phase("turns");
  t.host.ok({{"type", "steer"}, {"action", "end"}});
  t.host.ok({{"type", "new_round"}, {"config", chain()}, {"start", true}});  // the next round
  const json second = t.host.view_in_phase("turns");
  CHECK(t.host.round["id"] == "r2");
  CHECK(t.host.round["number"] == 2);
  CHECK(t.host.round["now"].is_number_integer());
  CHECK(second["circles"][0].contains("turnDeadline"));
  expect_alive(t.people[0].client);
}

TEST_CASE("a room without participants cannot start a round") {
  Harness h;
  Client host = h.facilitator();
  Harness::create_room(host);
  expect_error(host, {{"type", "new_round"}, {"config", chain()}}, "no_players");
}

// The next `circles` message to `c` for which `pred` holds (earlier ones come from people joining).
json circles_where(Client& c, const std::function<bool(const json&)>& pred) {
  for (;;) {
    json m = c.receive_until("circles", reply_limit);
    if (pred(m["circles"])) return m;
  }
}

TEST_CASE("the facilitator arranges the room: split, move, shuffle, rename, kick") {
  Table t(5);
  t.host.ok({{"type", "split"}, {"count", 2}});
  const json circles = circles_where(t.people[0].client, [](const json& c) { return c.size() == 2; });
  REQUIRE(circles["circles"].size() == 2);
  CHECK(circles["circles"][0]["members"] == json({"p1", "p2", "p3"}));
  CHECK(circles["circles"][1]["members"] == json({"p4", "p5"}));

  t.host.ok({{"type", "move"}, {"participant", "p1"}, {"circle", "c2"}, {"position", 0}});
  const json moved = circles_where(t.people[1].client, [](const json& c) { return c.size() == 2 && c[1]["members"].size() == 3; });
  CHECK(moved["circles"][1]["members"] == json({"p1", "p4", "p5"}));
  t.host.refused({{"type", "move"}, {"participant", "p1"}, {"circle", "c9"}}, "unknown_circle");
  t.host.refused({{"type", "move"}, {"participant", "p77"}, {"circle", "c1"}}, "unknown_participant");
  t.host.refused({{"type", "split"}, {"count", 0}}, "bad_field");
  t.host.refused({{"type", "split"}, {"count", "two"}}, "bad_field");
  t.host.ok({{"type", "shuffle"}});
  circles_where(t.people[2].client, [](const json& c) { return c.size() == 2 && c[1]["members"].size() == 3; });

  t.host.ok({{"type", "rename"}, {"participant", "p2"}, {"name", "Bea"}});
  const json renamed = t.people[3].client.receive_until("participant", reply_limit);
  CHECK(renamed["participant"]["name"] == "Bea");
  t.host.refused({{"type", "rename"}, {"participant", "p2"}, {"name", "ann"}}, "name_taken");
  t.host.refused({{"type", "rename"}, {"participant", "p2"}, {"name", ""}}, "name_invalid");
  t.people[0].refused({{"type", "kick"}, {"participant", "p2"}}, "forbidden");

  // Kicked mid-round: out of the round, the phone told and disconnected, the token dead.
  t.start(chain());
  Seat& kicked = t.by_id("p2");
  t.host.ok({{"type", "kick"}, {"participant", "p2"}});
  const json told = kicked.client.receive_until("kicked", reply_limit);
  CHECK(told["type"] == "kicked");
  kicked.client.wait_closed(reply_limit);
  const json left = t.people[0].client.receive_until("left", reply_limit);
  CHECK(left["id"] == "p2");
  const json view = t.host.view_where([](const json& v) {
    for (const auto& p : v["people"]) {
      if (p["id"] == "p2") return p["left"] == true;
    }
    return false;
  });
  CHECK_FALSE(view.empty());
  Client again = t.h.connect();
  expect_error(again, {{"type", "hello"}, {"room", t.code}, {"token", kicked.token}}, "bad_token");
}

TEST_CASE("facilitators get the built-in decks in their welcome") {
  Harness h;
  Client host = h.facilitator();
  host.send({{"type", "create_room"}});
  const json welcome = host.receive_until("welcome", reply_limit);
  REQUIRE(welcome["content"].is_object());
  for (const char* deck : {"seeds", "stimuli", "prompts", "titles"}) {
    INFO(deck);
    CHECK(welcome["content"][deck].size() >= 40);
  }
  Joined ann = h.join(welcome["room"]["code"], "Ann");
  CHECK_FALSE(ann.welcome.contains("content"));
  CHECK(ann.welcome["round"].is_null());
  CHECK(ann.welcome["room"]["circles"][0]["members"][0] == ann.id());
  Joined ben = h.join(welcome["room"]["code"], "Ben");
  json joined = ann.client.receive_until("joined", reply_limit);
  if (joined["participant"]["id"] == ann.id()) joined = ann.client.receive_until("joined", reply_limit);
  CHECK(joined["participant"]["id"] == ben.id());
  CHECK(joined["circle"] == "c1");
}

TEST_CASE("an anonymous reveal: phones and the stage see the answers without names") {
  Table t(3);
  Client stage_client = t.h.connect();
  stage_client.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", t.code}, {"view", "stage"}});
  Seat stage{std::move(stage_client), "", "", nullptr, {}, 100};
  t.start({{"game", "spiv"}, {"prompt", "urgent"}, {"anonymous", true}});
  for (auto& p : t.people) p.ok({{"type", "play"}, {"action", "answer"}, {"text", "now " + p.id}});
  t.host.ok({{"type", "steer"}, {"action", "reveal"}});
  const json mine = t.people[0].view_in_phase("revealed");
  REQUIRE(mine["set"]["answers"].size() == 3);
  for (const auto& a : mine["set"]["answers"]) {
    // A phone sees its own answer as its own, and nobody else's name.
    CHECK(a.contains("participant") == (a["text"] == "now " + t.people[0].id));
  }
  const json on_stage = stage.view_in_phase("revealed");
  for (const auto& a : on_stage["set"]["answers"]) CHECK_FALSE(a.contains("participant"));
  const json host = t.host.view_in_phase("revealed");
  for (const auto& a : host["set"]["answers"]) CHECK(a.contains("participant"));
}

TEST_CASE("WAAT 1-2-3 grows the turns, then everyone titles the story and votes") {
  Table t(2);
  t.start({{"game", "waat"}, {"oneTwoThree", true}, {"wordLimit", 6}, {"titleVote", true}, {"turnMs", 60000}});
  const std::vector<std::string> words = {"A", "dog", "ran", "far", "and", "slept."};
  std::vector<std::string> authors;
  for (std::size_t k = 0; k < words.size(); ++k) {
    const json v = t.host.view_where([&](const json& v) { return v["phase"] != "turns" || v["circles"][0]["length"] == k; });
    REQUIRE(v["phase"] == "turns");
    if (k == 2) CHECK(v["circles"][0]["wordsLeftThisTurn"] == 2);  // the second time round: two words a turn
    authors.push_back(turn_of(v));
    t.by_id(authors.back()).ok({{"type", "play"}, {"action", "word"}, {"text", words[k]}});
  }
  CHECK(authors[0] != authors[1]);
  CHECK(authors[2] == authors[3]);
  CHECK(authors[4] == authors[5]);
  CHECK(authors[2] != authors[4]);

  const json titling = t.host.view_where([](const json& v) { return v["phase"] == "answering" && v["set"]["kind"] == "title"; });
  CHECK(titling["circles"][0]["done"] == "word_limit");
  for (auto& p : t.people) p.ok({{"type", "play"}, {"action", "answer"}, {"text", "The tale of " + p.id}});
  t.host.ok({{"type", "steer"}, {"action", "reveal"}});
  t.host.ok({{"type", "steer"}, {"action", "next"}});  // to the vote
  for (auto& p : t.people) {
    const json v = p.view_in_phase("picking");
    int theirs = 0;
    for (const auto& a : v["set"]["answers"]) {
      if (a.value("participant", "") != p.id) theirs = a["n"];
    }
    REQUIRE(theirs > 0);
    p.ok({{"type", "play"}, {"action", "pick"}, {"answer", theirs}});
  }
  const json after = t.host.request({{"type", "steer"}, {"action", "end"}});  // if the vote did not end it already
  CHECK((after["type"] == "ok" || after["code"] == "wrong_phase"));
  const json end = t.host.view_in_phase("ended");
  bool found = false;
  for (const auto& s : end["results"]["sets"]) {
    if (s["kind"] != "title") continue;
    found = true;
    CHECK(s["answers"].size() == 2);
    CHECK(s["picks"].size() == 2);
  }
  CHECK(found);
}

TEST_CASE("a no-repeat chain refuses a word already said, however it is spelt") {
  Table t(2);
  t.start(chain({{"noRepeat", true}, {"phraseWords", 2}}));
  play_turns(t, {"black bean"});
  const json v = t.host.view_where([](const json& v) { return v["circles"][0]["length"] == 1; });
  CHECK(v["phraseWords"] == 2);
  Seat& next = t.by_id(turn_of(v));
  next.refused({{"type", "play"}, {"action", "word"}, {"text", "Black Bean!"}}, "repeated_word");
  next.refused({{"type", "play"}, {"action", "word"}, {"text", "one two three"}}, "too_many_words");
  next.ok({{"type", "play"}, {"action", "word"}, {"text", "espresso"}});
}

TEST_CASE("a play meant for a round that is over is refused, not counted in the next round") {
  Table t(3);
  const json burst = {{"game", "burst"}, {"stimuli", {"cold"}}, {"answerMs", 60000}};
  REQUIRE(t.start(burst)["phase"] == "answering");
  t.people[0].ok({{"type", "play"}, {"action", "answer"}, {"text", "ice"}, {"round", "r1"}});
  t.host.ok({{"type", "steer"}, {"action", "end"}});
  t.people[1].view_in_phase("ended");
  REQUIRE(t.start(burst)["phase"] == "answering");
  // Person 1 typed an answer for r1's prompt; it arrives once r2 is on.
  t.people[1].refused({{"type", "play"}, {"action", "answer"}, {"text", "snowman"}, {"round", "r1"}}, "round_over");
  t.people[1].refused({{"type", "play"}, {"action", "answer"}, {"text", "snowman"}, {"round", 2}}, "bad_field");
  t.people[1].refused({{"type", "play"}, {"action", "answer"}, {"text", "snowman"}, {"round", std::string(100, 'r')}},
                      "bad_field");
  // Nothing of it was counted: person 1 can still answer r2, and the round id is not passed on
  // to the rules as part of the command.
  t.people[1].ok({{"type", "play"}, {"action", "answer"}, {"text", "frost"}, {"round", "r2"}});
  t.people[2].ok({{"type", "play"}, {"action", "answer"}, {"text", "winter"}});  // no round: as before
  t.people[0].ok({{"type", "play"}, {"action", "answer"}, {"text", "ice"}, {"round", "r2"}});
  t.host.view_where([](const json& v) { return v["phase"] == "closed"; });
  t.host.ok({{"type", "steer"}, {"action", "end"}});
  const json end = t.host.view_in_phase("ended");
  const std::string results = end["results"].dump();
  CHECK(results.find("frost") != std::string::npos);
  CHECK(results.find("snowman") == std::string::npos);
}

TEST_CASE("the step of the results the stage shows: set by the stage or the facilitator, told to both") {
  Table t(2);
  Client stage_client = t.h.connect();
  stage_client.send({{"type", "hello"}, {"key", ServerProcess::facilitator_key}, {"room", t.code}, {"view", "stage"}});
  Seat stage{std::move(stage_client), "", "", nullptr, {}, 100};
  t.start({{"game", "spiv"}, {"prompt", "urgent"}, {"answerMs", 60000}});
  stage.refused({{"type", "step"}, {"step", 1}}, "wrong_phase");
  for (auto& p : t.people) p.ok({{"type", "play"}, {"action", "answer"}, {"text", "now " + p.id}});
  t.host.ok({{"type", "steer"}, {"action", "reveal"}});
  stage.view_in_phase("revealed");

  // The stage's keys move on; the facilitator page hears of it, and moves back.
  stage.ok({{"type", "step"}, {"step", 1}, {"steps", "r1:set0"}});
  json told = t.host.next();
  while (told["type"] != "step") told = t.host.next();
  CHECK(told == json{{"type", "step"}, {"steps", "r1:set0"}, {"step", 1}});
  t.host.ok({{"type", "step"}, {"step", 0}, {"steps", "r1:set0"}});
  told = stage.next();
  while (told["type"] != "step") told = stage.next();
  CHECK(told["step"] == 0);
  // Bounded, named, and not for phones.
  stage.refused({{"type", "step"}, {"step", 1000}}, "bad_field");
  stage.refused({{"type", "step"}, {"step", 2}, {"steps", "r1:results"}}, "steps_changed");
  t.people[0].refused({{"type", "step"}, {"step", 0}}, "forbidden");
  CHECK(t.people[1].all_text().find("\"type\":\"step\"") == std::string::npos);
}
