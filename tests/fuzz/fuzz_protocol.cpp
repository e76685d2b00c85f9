// Fuzz target: one WebSocket text frame, as a client could send it, through every pure parser the
// server runs on it (server/rooms/protocol.cpp, and the games library's parsers the room hands message
// fields to). No sockets or strands: what the room does with a message is imitated here with the
// same calls (room.cpp: new_round, steer, play).
//
// Invariants checked:
//   - parse_envelope: an Error has a documented code (bad_json, bad_message) and a message; an
//     Envelope has an object body nested at most 16 deep whose "type" is the type, and an id that
//     is null, an integer or a string of at most 64 characters.
//   - frame / error_frame: always valid JSON carrying the id back as "re" and the error's fields.
//   - parse_hello / parse_room_field: documented codes with a field; a Hello's room is a normalized
//     4-letter code (empty only for a facilitator), its view fits its role, one credential at most.
//   - parse_config (new_round's config, with the room's circles filled in as the room does, and the
//     body itself): refusals use the config codes; an accepted config round-trips through to_json,
//     makes a round whose views and results serialize.
//   - parse_request, for every message type: documented codes with a field; a typed play or steer
//     (the message without type, id, action) handled by started rounds
//     of every game: refusals use the game codes, events are in sequence, the log replays to the
//     same state, every audience's view serializes.
//   - event_from_json: only std::invalid_argument for a bad event; a good one round-trips.
//   - text rules (games/text.hpp) on every string of the message: cleaned text is valid UTF-8
//     without control characters within its limit, whitespace collapsing is idempotent, a story
//     word is one word, clustering keeps every answer once.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "games/config.hpp"
#include "games/event.hpp"
#include "games/roster.hpp"
#include "games/round.hpp"
#include "games/text.hpp"
#include "games/vocabulary.hpp"
#include "server/rooms/ids.hpp"
#include "server/rooms/protocol.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using nlohmann::json;
namespace protocol = earshot::server::protocol;
namespace games = earshot::games;
using earshot::fuzz::dump_strict;

bool is_room_code(const std::string& s) {
  if (s.size() != earshot::server::room_code_length) return false;
  for (char c : s) {
    if (earshot::server::room_code_alphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// Nesting depth of a parsed value: a scalar is 0, [] and {} are 1.
int depth_of(const json& j) {
  if (!j.is_structured()) return 0;
  int deepest = 0;
  for (const auto& v : j) deepest = std::max(deepest, depth_of(v));
  return deepest + 1;
}

// ---- Frames ----------------------------------------------------------------------------------

void check_frame(const std::string& text, const json& re) {
  const json back = json::parse(text, nullptr, false);
  FUZZ_CHECK(!back.is_discarded());
  FUZZ_CHECK(back.is_object() && back.contains("type"));
  if (re.is_null()) FUZZ_CHECK(!back.contains("re"));
  else FUZZ_CHECK(back.at("re") == re);
}

void check_error(const protocol::Error& e, const json& re) {
  FUZZ_CHECK(!e.code.empty() && !e.message.empty());
  for (char c : e.code) FUZZ_CHECK((c >= 'a' && c <= 'z') || c == '_');
  const std::string text = protocol::error_frame(e, re);
  check_frame(text, re);
  const json back = json::parse(text);
  FUZZ_CHECK(back["type"] == "error" && back["code"] == e.code);
  FUZZ_CHECK(back.contains("field") == !e.field.empty());
}

// ---- Text rules --------------------------------------------------------------------------------

void check_text(const std::string& s) {
  const bool valid = games::is_valid_utf8(s);
  const std::string collapsed = games::collapse_whitespace(s);
  FUZZ_CHECK(games::collapse_whitespace(collapsed) == collapsed);
  FUZZ_CHECK(collapsed.empty() || (collapsed.front() != ' ' && collapsed.back() != ' '));
  FUZZ_CHECK(collapsed.find("  ") == std::string::npos);
  if (valid) {
    FUZZ_CHECK(games::is_valid_utf8(collapsed));
    FUZZ_CHECK(games::utf8_length(s) <= s.size());
    games::has_control_chars(s);
  }
  for (std::size_t max : {std::size_t{1}, std::size_t{40}, std::size_t{280}}) {
    const auto clean = games::clean_line(s, max);
    if (clean.error.empty()) {
      FUZZ_CHECK(valid);
      FUZZ_CHECK(games::is_valid_utf8(clean.text));
      FUZZ_CHECK(!games::has_control_chars(clean.text));
      const auto n = games::utf8_length(clean.text);
      FUZZ_CHECK(n >= 1 && n <= max);
      FUZZ_CHECK(games::collapse_whitespace(clean.text) == clean.text);
    } else {
      FUZZ_CHECK(clean.error == "invalid_text" || clean.error == "empty_answer" || clean.error == "answer_too_long");
      FUZZ_CHECK(clean.text.empty());
    }
  }
  const std::string norm = games::normalize_answer(s);
  if (!valid) FUZZ_CHECK(norm.empty());
  FUZZ_CHECK(games::is_valid_utf8(norm));
  const std::string key = games::group_key(s);
  FUZZ_CHECK(games::is_valid_utf8(key));
  FUZZ_CHECK(games::same_group(s, s) == !key.empty());
  if (auto word = games::parse_story_word(s)) {
    FUZZ_CHECK(!word->word.empty());
    FUZZ_CHECK(games::is_valid_utf8(word->word) && games::is_valid_utf8(word->end));
    FUZZ_CHECK(word->word.find(' ') == std::string::npos);
  }
  if (auto name = games::clean_name(s)) {
    FUZZ_CHECK(games::is_valid_utf8(*name) && !games::has_control_chars(*name));
    const auto n = games::utf8_length(*name);
    FUZZ_CHECK(n >= 1 && n <= games::limits::max_name_chars);
    FUZZ_CHECK(!games::name_key(*name).empty());
    games::Roster roster;
    const auto first = roster.join(s);
    FUZZ_CHECK(first.member && first.member->name == *name);
    const auto second = roster.join(s);  // the same name twice: taken
    FUZZ_CHECK(!second.member && second.error && second.error->code == "name_taken");
  }
}

void collect_strings(const json& j, std::vector<std::string>& out, int depth = 0) {
  if (out.size() >= 24 || depth > 4) return;
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (out.size() < 24) out.push_back(k);
      collect_strings(v, out, depth + 1);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect_strings(v, out, depth + 1);
  }
}

void check_clusters(const std::vector<std::string>& texts) {
  std::vector<games::AnswerInput> answers;
  for (std::size_t i = 0; i < texts.size(); ++i) answers.push_back({"p" + std::to_string(i + 1), texts[i]});
  const auto clusters = games::cluster_answers(answers);
  std::size_t kept = 0;
  for (const auto& a : answers) kept += games::is_valid_utf8(a.text) && !games::collapse_whitespace(a.text).empty();
  std::size_t seen = 0;
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    const auto& c = clusters[i];
    FUZZ_CHECK(!c.participants.empty() && !c.spellings.empty());
    FUZZ_CHECK(std::find(c.spellings.begin(), c.spellings.end(), c.label) != c.spellings.end());
    if (i > 0) FUZZ_CHECK(clusters[i - 1].participants.size() >= c.participants.size());
    seen += c.participants.size();
  }
  FUZZ_CHECK(seen == kept);
}

// ---- Rounds the room would run -----------------------------------------------------------------

const std::vector<std::string>& everyone() {
  static const std::vector<std::string> ids{"p1", "p2", "p3", "p4"};
  return ids;
}

// The room's circles, filled into a new_round config as room.cpp does.
json with_room_circles(json config) {
  config["circles"] = json::array({{{"id", "c1"}, {"members", {"p1", "p2", "p3"}}}, {{"id", "c2"}, {"members", {"p4"}}}});
  if (!config.contains("seed")) config["seed"] = 42;
  if (!config.contains("v")) config["v"] = games::config_version;
  return config;
}

void check_views(const games::Round& round) {
  dump_strict(round.view(games::Audience::stage()));
  dump_strict(round.view(games::Audience::facilitator()));
  for (const auto& id : everyone()) dump_strict(round.view(games::Audience::of_participant(id)));
  dump_strict(round.view(games::Audience::of_participant("p99")));  // someone not in the round
}

void check_config(const json& j) {
  const auto parsed = games::parse_config(j);
  FUZZ_CHECK(parsed.config.has_value() != parsed.error.has_value());
  if (parsed.error) {
    FUZZ_CHECK(earshot::fuzz::is_config_code(parsed.error->code));
    FUZZ_CHECK(!parsed.error->message.empty());
    return;
  }
  const games::RoundConfig& c = *parsed.config;
  const json full = games::to_json(c);
  dump_strict(full);
  const auto again = games::parse_config(full);
  FUZZ_CHECK(again.config && *again.config == c);
  std::size_t players = 0;
  for (const auto& circle : c.circles) players += circle.members.size();
  if (players > 16) return;  // big rounds: parsing is what is checked here
  games::Round round(c);
  check_views(round);
  auto started = round.handle({"start", "facilitator", json::object()}, 1'000'000);
  FUZZ_CHECK(!started.rejection);
  check_views(round);
  round.handle({"end", "facilitator", json::object()}, 1'000'001);
  FUZZ_CHECK(round.state().phase == games::Phase::ended);
  dump_strict(round.results());
  check_views(round);
}

// A started round and its log, to try a play or steer on.
struct Table {
  games::Round round;
  std::vector<games::Event> log;
  std::int64_t now = 1'000'000;

  explicit Table(const json& config) : round(*games::parse_config(with_room_circles(config)).config) {}
  void send(const std::string& actor, const std::string& kind, json data = json::object()) {
    now += 100;
    auto out = round.handle({kind, actor, std::move(data)}, now);
    log.insert(log.end(), out.events.begin(), out.events.end());
  }
};

std::vector<Table> make_tables() {
  std::vector<Table> tables;
  // A chain in turns.
  tables.emplace_back(json{{"game", "chain"}, {"seedWord", "cold"}, {"noRepeat", true}, {"phraseWords", 2}});
  tables.back().send("facilitator", "start");
  // A story, 1-2-3, with retell and title vote, two words in.
  tables.emplace_back(json{{"game", "waat"}, {"title", "The Lost Key"}, {"oneTwoThree", true}, {"retell", true},
                           {"titleVote", true}, {"noRepeat", true}});
  tables.back().send("facilitator", "start");
  tables.back().send("p1", "word", {{"text", "Once"}});
  // The same story in its title vote: picking.
  tables.push_back(tables.back());
  {
    Table& t = tables.back();
    t.send("facilitator", "next");  // stories end: retell answering
    for (const auto& id : everyone()) t.send(id, "answer", {{"text", "A key was lost " + id}});
    t.send("facilitator", "reveal");
    t.send("facilitator", "next");  // title answering
    for (const auto& id : everyone()) t.send(id, "answer", {{"text", "Title " + id}});
    t.send("facilitator", "reveal");
    t.send("facilitator", "next");  // picking
  }
  // A burst in answering, one answer in.
  tables.emplace_back(json{{"game", "burst"}, {"stimuli", {"winter", "coffee"}}, {"answerChars", 10}});
  tables.back().send("facilitator", "start");
  tables.back().send("p2", "answer", {{"text", "snow"}});
  // SPIV with predict and pick, in answering.
  tables.emplace_back(json{{"game", "spiv"}, {"prompt", "a quick fix"}, {"predict", true}, {"pick", "closest"}});
  tables.back().send("facilitator", "start");
  // The same SPIV revealed.
  tables.push_back(tables.back());
  {
    Table& t = tables.back();
    for (const auto& id : everyone()) t.send(id, "answer", {{"text", "fix " + id}});
    t.send("facilitator", "reveal");
  }
  for (const auto& t : tables) {
    const bool started = t.round.state().phase != games::Phase::lobby && t.round.state().phase != games::Phase::ended;
    if (!started) std::abort();  // the set-up itself is wrong
  }
  return tables;
}

// What a room hands the rules: a typed play or steer (server/rooms/protocol.hpp), or (to try the
// rules' own refusals) any action with the same fields.
void check_command(const std::string& action, const json& data) {
  static const std::vector<Table> tables = make_tables();
  const bool steer = games::is_steer_action(action);
  const games::Command command{action, steer ? "facilitator" : "p1", data};
  for (const Table& base : tables) {
    Table t = base;
    const auto before = t.round.state().seq;
    auto out = t.round.handle(command, t.now + 250);
    if (out.rejection) {
      FUZZ_CHECK(earshot::fuzz::is_game_code(out.rejection->code));
      FUZZ_CHECK(!out.rejection->message.empty());
    }
    std::uint64_t seq = before;
    for (const auto& e : out.events) {
      FUZZ_CHECK(e.seq == ++seq);
      FUZZ_CHECK(games::event_from_json(json::parse(dump_strict(games::to_json(e)))) == e);
    }
    t.log.insert(t.log.end(), out.events.begin(), out.events.end());
    FUZZ_CHECK(games::replay(t.round.config(), t.log).state() == t.round.state());
    check_views(t.round);
    if (t.round.state().phase == games::Phase::ended) dump_strict(t.round.results());
  }
}

// ---- The message -------------------------------------------------------------------------------

void check_body(const protocol::Envelope& env) {
  const json& body = env.body;

  // hello
  const auto hello = protocol::parse_hello(body);
  if (const auto* e = std::get_if<protocol::Error>(&hello)) {
    FUZZ_CHECK(e->code == "missing_field" || e->code == "bad_field" || e->code == "room_not_found");
    FUZZ_CHECK(e->field == "name" || e->field == "token" || e->field == "key" || e->field == "view" || e->field == "room");
    check_error(*e, env.id);
  } else {
    const auto& h = std::get<protocol::Hello>(hello);
    int credentials = 0;
    for (const char* f : {"name", "token", "key"}) credentials += body.contains(f) && !body[f].is_null();
    FUZZ_CHECK(credentials <= 1);
    if (h.room.empty()) FUZZ_CHECK(h.role == protocol::HelloRole::facilitator);
    else FUZZ_CHECK(is_room_code(h.room));
    switch (h.role) {
      case protocol::HelloRole::participant_new:
        FUZZ_CHECK(h.view == "phone" && body.at("name") == h.secret && h.secret.size() <= protocol::max_name_bytes);
        check_text(h.secret);
        break;
      case protocol::HelloRole::participant_token:
        FUZZ_CHECK(h.view == "phone" && body.at("token") == h.secret && h.secret.size() <= protocol::max_secret_bytes);
        break;
      case protocol::HelloRole::facilitator:
        FUZZ_CHECK((h.view == "facilitator" || h.view == "stage") && body.at("key") == h.secret);
        FUZZ_CHECK(h.secret.size() <= protocol::max_secret_bytes);
        break;
      case protocol::HelloRole::observer:
        FUZZ_CHECK(h.view == "observer" && h.secret.empty() && credentials == 0);
        break;
      case protocol::HelloRole::assistant:  // (only the Desk decides that a key is an assistant's)
        FUZZ_CHECK(false);
        break;
    }
  }

  // A room field (open_room, close_room, delete_session).
  const auto room = protocol::parse_room_field(body);
  if (const auto* e = std::get_if<protocol::Error>(&room)) {
    FUZZ_CHECK(e->code == "missing_field" || e->code == "bad_field" || e->code == "room_not_found");
    FUZZ_CHECK(e->field == "room");
    check_error(*e, env.id);
  } else {
    const auto& code = std::get<std::string>(room);
    FUZZ_CHECK(is_room_code(code));
    FUZZ_CHECK(earshot::server::normalize_room_code(body.at("room").get<std::string>()) == code);
  }

  // new_round: the config with the room's circles; and the body itself as a whole config.
  if (auto cfg = body.find("config"); cfg != body.end() && cfg->is_object() && !cfg->contains("circles")) {
    check_config(with_room_circles(*cfg));
  }
  check_config(body);

  // Every message type's parser: a typed request, or a documented code naming its field.
  for (const auto& [type, name] : protocol::message_types) {
    const auto parsed = protocol::parse_request(type, body);
    if (const auto* e = std::get_if<protocol::Error>(&parsed)) {
      FUZZ_CHECK(e->code == "missing_field" || e->code == "bad_field" || e->code == "room_not_found");
      FUZZ_CHECK(!e->field.empty());
      check_error(*e, env.id);
      continue;
    }
    const auto* request = std::get_if<protocol::RoomRequest>(&std::get<protocol::Request>(parsed));
    if (!request) continue;
    FUZZ_CHECK(protocol::is_room_request(type));
    if (const auto* play = std::get_if<protocol::Play>(request)) {
      FUZZ_CHECK(games::is_play_action(play->action) && !play->data.contains("round") && !play->data.contains("action"));
      check_command(play->action, play->data);
    } else if (const auto* steer = std::get_if<protocol::Steer>(request)) {
      FUZZ_CHECK(games::is_steer_action(steer->action) && !steer->data.contains("type"));
      check_command(steer->action, steer->data);
    } else if (const auto* split = std::get_if<protocol::Split>(request)) {
      FUZZ_CHECK(split->count >= 1 && split->count <= games::limits::max_circles);
    }
  }
  // An action the parsers refuse, with the message's fields: the rules refuse it on their own too.
  if (auto action = body.find("action"); action != body.end() && action->is_string() &&
                                         action->get_ref<const std::string&>().size() <= 256) {
    const auto& a = action->get_ref<const std::string&>();
    if (!games::is_play_action(a) && !games::is_steer_action(a)) {
      json data = body;
      for (const char* k : {"type", "id", "action", "round"}) data.erase(k);
      check_command(a, data);
    }
  }

  // An event record (the store reads these back after a restart).
  try {
    const games::Event e = games::event_from_json(body);
    FUZZ_CHECK(games::event_from_json(json::parse(dump_strict(games::to_json(e)))) == e);
  } catch (const std::invalid_argument&) {
  }

  // The text rules on every string of the message.
  std::vector<std::string> strings;
  collect_strings(body, strings);
  for (const auto& s : strings) check_text(s);
  check_clusters(strings);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The server never reads a bigger frame (it closes with 1009 instead).
  if (size > protocol::max_frame_bytes) return -1;
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  if (size <= 1024) check_text(std::string(frame));  // raw bytes: invalid UTF-8 and all

  const auto parsed = protocol::parse_envelope(frame);
  if (const auto* e = std::get_if<protocol::Error>(&parsed)) {
    FUZZ_CHECK(e->code == "bad_json" || e->code == "bad_message");
    check_error(*e, nullptr);
    return 0;
  }
  const auto& env = std::get<protocol::Envelope>(parsed);
  FUZZ_CHECK(env.body.is_object());
  FUZZ_CHECK(depth_of(env.body) <= protocol::max_json_depth);  // deeper is bad_json
  FUZZ_CHECK(env.body.at("type") == env.type);
  FUZZ_CHECK(env.id.is_null() || env.id.is_number_integer() ||
             (env.id.is_string() && env.id.get<std::string>().size() <= protocol::max_id_chars));
  check_frame(protocol::frame({{"type", "pong"}}, env.id), env.id);
  json echo = env.body;
  echo.erase("re");
  check_frame(protocol::frame(std::move(echo), env.id), env.id);
  check_body(env);
  return 0;
}
