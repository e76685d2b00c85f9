// Fuzz target: the games library driven by a sequence of commands decoded from the input bytes.
//
// Byte 0 picks the mode:
//   round mode (most values): the next bytes choose a game and its options (chain, burst, WAAT,
//     SPIV and every variant) and 1-3 circles of 1-4 players; the rest is a sequence of steps:
//     the clock moving on (tick), plays (word, pass, end_sentence, answer, predict, pick, react)
//     with texts from a list of meaningful and awkward ones or raw fuzz bytes, steering (start,
//     pause, resume, skip, reveal, next, end, note), joins, leaves and presence changes, and now
//     and then a command whose data has the wrong shape. At the end the facilitator ends it.
//   room mode (byte 0 % 8 == 7): a room's Roster and Seating through joins with fuzzed names,
//     renames, removals, connections, splits, moves and shuffles; then a round of its circles.
//
// Invariants after every step (the same as tests/games/test_replay_random.cpp, which draws its
// steps from a generator instead; the full replay from the config runs every 32 steps and at the
// end, a shadow round fed the log event by event checks the state after every step):
//   - no crash, no undefined behaviour, no exception (a replay of the round's own log never throws);
//   - refusals carry a documented code and a message; events come in sequence with times that
//     never go back, and every event round-trips through its JSON form;
//   - replaying the log from the config gives the identical state, view and (ended) results;
//   - the views of the stage, the facilitator, every player and an outsider build and serialize
//     strictly (valid UTF-8), and show no answer or guess before its reveal to anyone but its
//     author, and no words in listening mode to those who may not see them;
//   - each playing circle has one turn holder and a running turn timer; no due timeout is left;
//   - once ended, the results build and serialize, and equal the replayed round's.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "games/config.hpp"
#include "games/event.hpp"
#include "games/roster.hpp"
#include "games/round.hpp"
#include "games/seating.hpp"
#include "games/text.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using nlohmann::json;
using namespace earshot::games;
using earshot::fuzz::dump_strict;

// Reads the input a byte at a time; past the end everything reads as 0.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
  bool empty() const { return n_ == 0; }
  std::uint8_t byte() {
    if (n_ == 0) return 0;
    --n_;
    return *p_++;
  }
  std::size_t below(std::size_t k) { return byte() % k; }
  bool flag() { return byte() & 1; }
  std::uint16_t u16() {
    const unsigned low = byte();  // two statements: the order of the reads must not depend on the compiler
    return static_cast<std::uint16_t>(low | (byte() << 8));
  }
  std::string raw(std::size_t max) {
    const std::size_t len = std::min<std::size_t>(below(max + 1), n_);
    std::string s(reinterpret_cast<const char*>(p_), len);
    p_ += len;
    n_ -= len;
    return s;
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
};

// Texts that mean something to the rules (grouping, story words, the end, limits), and awkward ones.
const std::vector<std::string>& texts() {
  static const std::vector<std::string> t{
      "tea", "Tea!", "the", "The", "end", "End.", "two words", "", "   ", "x\x01", "fix.", "snow", "cold", "box",
      "boxes", "boxe", "story", "stories", "jammed?!", "it's", "R2-D2", "na\xc3\xafve", "\xe2\x80\x9c" "Cold.\xe2\x80\x9d",
      "\xc3\x89" "COLE", "...", "?", "a b c d e f", "  spaced \t out\n ", "\xff\xfe", "\xc3\x28", "\xed\xa0\x80",
      "\xf0\x9f\x98\x80", "\xc2\xa0", "don\xe2\x80\x99t", "\xe2\x80\x94", "so...", "well,", "-", "3.14", "C++",
      "\xe6\x97\xa5\xe6\x9c\xac", "Stra\xc3\x9f" "e", std::string(41, 'a'), std::string(61, 'b'), std::string(300, 'c'),
      std::string(2000, 'd'), "the coffee", "coffee", "a", "an apple"};
  return t;
}

// A text for a command. Texts made unique with a marker ("zq<n>") let the view checks spot leaks;
// no other text may contain the marker, so raw bytes have their 'z's turned into 'y's.
struct Texts {
  int counter = 0;
  std::string next(Bytes& in) {
    const auto choice = in.byte();
    if (choice < 64) {
      std::string s = in.raw(48);
      std::replace(s.begin(), s.end(), 'z', 'y');
      std::replace(s.begin(), s.end(), 'Z', 'Y');
      return s;
    }
    std::string s = texts()[choice % texts().size()];
    if (choice & 0x80) s += (s.empty() ? "" : " ") + std::string("zq") + std::to_string(++counter);
    return s;
  }
};

bool marked(const std::string& text) { return text.find("zq") != std::string::npos; }
// A text as a whole JSON string value ("fix. zq1" is not found inside "fix. zq12").
std::string quoted(const std::string& text) { return "\"" + text + "\""; }

// ---- Round mode --------------------------------------------------------------------------------

json decode_config(Bytes& in) {
  static const char* const games[] = {"chain", "burst", "waat", "spiv"};
  const std::string game = games[in.below(4)];
  json circles = json::array();
  int next = 1;
  for (std::size_t i = 0, n = 1 + in.below(3); i < n; ++i) {
    json members = json::array();
    for (std::size_t k = 0, m = 1 + in.below(4); k < m; ++k) members.push_back("p" + std::to_string(next++));
    circles.push_back({{"id", "c" + std::to_string(i + 1)}, {"members", members}});
  }
  json j = {{"v", 1}, {"game", game}, {"circles", circles}, {"order", in.flag() ? "shuffle" : "set"}, {"seed", in.u16()}};
  const std::uint8_t opts = in.byte();
  const auto opt = [&](int bit) { return ((opts >> bit) & 1) != 0; };
  const auto seconds = [&](std::size_t max) { return 1000 * static_cast<std::int64_t>(1 + in.below(max)); };
  if (game == "chain" || game == "waat") {
    j["turnMs"] = seconds(10);
    j["noRepeat"] = opt(0);
    j["listening"] = opt(1);
    j["listeningStage"] = opt(1) && opt(2);
  }
  if (game == "chain") {
    j["seedWord"] = opt(3) ? "cold" : "snow";
    j["phraseWords"] = 1 + in.below(5);
    j["maxTurns"] = in.below(25);
    j["timeBudgetMs"] = opt(4) ? seconds(60) : 0;
  } else if (game == "waat") {
    if (opt(3)) j["title"] = "The Lost Key";
    j["wordLimit"] = in.below(30);
    j["oneTwoThree"] = opt(4);
    j["retell"] = opt(5);
    j["titleVote"] = opt(6);
    j["retellMs"] = seconds(10);
    j["titleMs"] = seconds(10);
    j["voteMs"] = seconds(10);
  } else {
    j["answerMs"] = seconds(20);
    j["answerChars"] = opt(3) ? 1 + in.below(280) : (game == "burst" ? 40 : 140);
    j["anonymous"] = opt(4);
    if (game == "burst") {
      static const char* const stimuli[] = {"winter", "coffee", "printer", "Monday"};
      j["stimuli"] = json::array();
      for (std::size_t i = 0, n = 1 + in.below(4); i < n; ++i) j["stimuli"].push_back(stimuli[i]);
    } else {
      static const char* const picks[] = {"none", "closest", "surprising", "none"};
      j["prompt"] = "a quick fix";
      j["pick"] = picks[(opts >> 5) & 3];
      j["pickMs"] = seconds(10);
      j["predict"] = opt(7);
    }
  }
  return j;
}

// EARSHOT_FUZZ_DEBUG=1 prints what an input does: its config, commands, refusals and events.
bool debugging() {
  static const bool on = std::getenv("EARSHOT_FUZZ_DEBUG") != nullptr;
  return on;
}

struct Driver {
  Round round;
  Round shadow;  // follows the log event by event: the replay, kept up to date cheaply
  std::vector<Event> log;
  std::int64_t now = 1'763'900'000'000;  // a real clock value (ms since the epoch)

  explicit Driver(RoundConfig c) : round(c), shadow(std::move(c)) {}

  void record(const std::vector<Event>& events, std::uint64_t seq_before, std::int64_t at_before) {
    std::uint64_t seq = seq_before;
    std::int64_t at = at_before;
    for (const auto& e : events) {
      FUZZ_CHECK(e.seq == ++seq);
      FUZZ_CHECK(e.at >= at);
      at = e.at;
      FUZZ_CHECK(event_from_json(json::parse(dump_strict(to_json(e)))) == e);
      if (debugging()) std::fprintf(stderr, "    %s\n", to_json(e).dump().c_str());
      shadow.apply(e);
      log.push_back(e);
    }
    FUZZ_CHECK(round.state().seq == seq);
    FUZZ_CHECK(shadow.state() == round.state());
  }

  void send(const Command& c) {
    const auto seq = round.state().seq;
    const auto at = round.state().at;
    auto out = round.handle(c, now);
    if (debugging()) {
      std::fprintf(stderr, "  %lld %s %s %s -> %s\n", static_cast<long long>(now), c.actor.c_str(), c.kind.c_str(),
                   c.data.dump(-1, ' ', false, json::error_handler_t::replace).c_str(),
                   out.rejection ? out.rejection->code.c_str() : "ok");
    }
    if (out.rejection) {
      FUZZ_CHECK(earshot::fuzz::is_game_code(out.rejection->code));
      FUZZ_CHECK(!out.rejection->message.empty());
    }
    record(out.events, seq, at);
  }

  void advance(std::int64_t ms) {
    now += ms;
    const auto seq = round.state().seq;
    const auto at = round.state().at;
    record(round.tick(now), seq, at);
    if (const auto next = round.next_deadline()) FUZZ_CHECK(*next > now);  // every due timeout ran
  }
};

std::vector<Audience> audiences(const Round& round) {
  std::vector<Audience> out{Audience::stage(), Audience::facilitator(), Audience::of_participant("p99")};
  for (const auto& [id, p] : round.state().people) out.push_back(Audience::of_participant(id));
  return out;
}

void check_invariants(const Round& round) {
  const RoundState& s = round.state();
  for (const auto& c : s.circles) {
    if (s.phase == Phase::turns && c.done.empty()) {
      FUZZ_CHECK(!c.order.empty());
      FUZZ_CHECK(c.holder < c.order.size());
      FUZZ_CHECK(c.turn.active);
    } else {
      FUZZ_CHECK(!c.turn.active);
    }
  }
  const bool timed = s.phase == Phase::answering || s.phase == Phase::picking ||
                     (s.phase == Phase::turns && round.config().time_budget_ms > 0);
  FUZZ_CHECK(s.phase_timer.active == timed);
  FUZZ_CHECK(s.set < static_cast<int>(s.sets.size()));
}

[[noreturn]] void leak(const Audience& a, const std::string& text, const std::string& view) {
  std::fprintf(stderr, "fuzz check failed: \"%s\" is not revealed yet but %s sees it: %s\n", text.c_str(),
               a.kind == Audience::Kind::participant ? a.participant.c_str()
               : a.kind == Audience::Kind::stage     ? "the stage"
                                                     : "the facilitator",
               view.c_str());
  std::abort();
}

// Builds every audience's view and checks who may see what.
void check_views(const Round& round) {
  const RoundState& s = round.state();
  const RoundConfig& config = round.config();
  const AnswerSet* set = s.set >= 0 && s.phase != Phase::ended ? &s.sets.at(static_cast<std::size_t>(s.set)) : nullptr;
  for (const auto& a : audiences(round)) {
    const json v = round.view(a);
    const std::string dump = dump_strict(v);
    const bool participant = a.kind == Audience::Kind::participant;
    if (participant && !s.people.count(a.participant)) {  // not in this round: sees only that a round is on
      FUZZ_CHECK(v["you"].is_null() && !v.contains("set") && !v.contains("circles") && !v.contains("results"));
      continue;
    }
    if (set && !set->revealed) {
      FUZZ_CHECK(v.contains("set"));
      FUZZ_CHECK(!v["set"].contains("answers") && !v["set"].contains("clusters") && !v["set"].contains("guesses"));
      for (const auto& ans : set->answers) {
        const bool mine = participant && ans.participant == a.participant;
        if (!mine && marked(ans.text) && dump.find(quoted(ans.text)) != std::string::npos) leak(a, ans.text, dump);
      }
      for (const auto& [guesser, guess] : set->guesses) {
        const bool mine = participant && guesser == a.participant;
        if (!mine && marked(guess) && dump.find(quoted(guess)) != std::string::npos) leak(a, guess, dump);
      }
    }
    if (s.phase == Phase::picking && set) FUZZ_CHECK(!v["set"].contains("picks"));
    if (config.turn_based() && s.phase != Phase::lobby && v.contains("circles")) {
      const bool hidden = config.listening && s.phase != Phase::ended &&
                          (participant || (a.kind == Audience::Kind::stage && config.listening_stage));
      for (const auto& c : v["circles"]) FUZZ_CHECK(c.contains("transcript") != hidden);
      if (participant) FUZZ_CHECK(v["circles"].size() <= 1);
    }
    if (s.phase == Phase::ended) FUZZ_CHECK(v.contains("results"));
  }
}

// The log replayed from the config gives the same round. (Views are functions of the state, so
// the stage's and the facilitator's stand for all of them here; check_views builds every one.)
void check_replay(const Driver& d) {
  const Round again = replay(d.round.config(), d.log);
  FUZZ_CHECK(again.state() == d.round.state());
  FUZZ_CHECK(again.next_deadline() == d.round.next_deadline());
  for (const auto& a : {Audience::stage(), Audience::facilitator()}) FUZZ_CHECK(again.view(a) == d.round.view(a));
  if (d.round.state().phase == Phase::ended) FUZZ_CHECK(again.results() == d.round.results());
}

std::string someone(Bytes& in, const Round& round) {
  const auto& people = round.state().people;
  const std::size_t k = in.below(people.size() + 2);
  if (k < people.size()) return std::next(people.begin(), static_cast<std::ptrdiff_t>(k))->first;
  return k == people.size() ? "p99" : "p" + std::to_string(20 + in.below(4));  // an outsider, or a latecomer
}

std::string some_circle(Bytes& in, const Round& round) {
  const auto& circles = round.config().circles;
  const std::size_t k = in.below(circles.size() + 1);
  return k < circles.size() ? circles[k].id : "c9";
}

// Sometimes a field of the wrong shape, as a client could send.
json wrong_shape(Bytes& in) {
  switch (in.below(5)) {
    case 0: return nullptr;
    case 1: return 7;
    case 2: return json::array({"a"});
    case 3: return json::object();
    default: return -1.5;
  }
}

Command decode_command(Bytes& in, Driver& d, Texts& texts) {
  const Round& round = d.round;
  const std::uint8_t op = in.byte();
  const std::string who = someone(in, round);
  Command c;
  switch (op % 12) {
    case 0: case 1: case 2: case 3: case 4: case 5: {  // a player
      static const char* const kinds[] = {"word", "word", "pass", "end_sentence", "answer", "answer", "predict", "pick", "react", "start"};
      c = {kinds[in.below(10)], who, json::object()};
      if (c.kind == "word" || c.kind == "answer" || c.kind == "predict") c.data["text"] = texts.next(in);
      if (c.kind == "end_sentence" && in.flag()) {
        static const char* const marks[] = {".", "!", "?", "x", "..", ""};
        c.data["mark"] = marks[in.below(6)];
      }
      if (c.kind == "pick") {
        const auto n = in.byte();
        c.data["answer"] = n < 250 ? json(n % 8) : n == 250 ? json(-1) : n == 251 ? json(18446744073709551615ULL) : json(INT64_MIN);
      }
      if (c.kind == "react") {
        static const char* const reactions[] = {"applause", "laugh", "wow", "heart", "boo"};
        c.data["reaction"] = reactions[in.below(5)];
      }
      break;
    }
    case 6: case 7: case 8: {  // the facilitator
      static const char* const kinds[] = {"start", "pause", "resume", "skip", "reveal", "next", "next", "end", "note", "word"};
      c = {kinds[in.below(10)], "facilitator", json::object()};
      if (c.kind == "skip" || in.flag()) c.data["circle"] = some_circle(in, round);
      if (c.kind == "note") c.data["text"] = texts.next(in);
      break;
    }
    case 9:
      c = {"join", in.flag() ? "facilitator" : "server", {{"participant", who}, {"circle", some_circle(in, round)}}};
      break;
    case 10:
      c = {"leave", in.flag() ? "facilitator" : "server", {{"participant", who}}};
      break;
    default:
      c = {"presence", "server", {{"participant", who}, {"online", in.flag()}}};
      break;
  }
  // Now and then a field of the wrong shape, or data that is not an object.
  if ((op & 0xF0) == 0xF0) {
    if (c.data.empty() || in.flag()) c.data = wrong_shape(in);
    else c.data[std::string(c.data.begin().key())] = wrong_shape(in);
  }
  return c;
}

void run_round(Bytes& in) {
  const json j = decode_config(in);
  const auto parsed = parse_config(j);
  FUZZ_CHECK(parsed.config);  // the decoder only builds valid configs
  FUZZ_CHECK(parse_config(to_json(*parsed.config)).config == parsed.config);
  if (debugging()) std::fprintf(stderr, "config %s\n", to_json(*parsed.config).dump().c_str());
  Driver d(*parsed.config);
  Texts texts;
  check_views(d.round);
  if (in.flag()) d.send({"start", "facilitator", json::object()});
  constexpr int max_steps = 200;  // enough for a whole round; the full replays make longer runs slow
  for (int step = 0; step < max_steps && !in.empty() && d.round.state().phase != Phase::ended; ++step) {
    const std::uint8_t what = in.byte();
    const auto seq = d.round.state().seq;
    if (what < 64) {
      d.advance(static_cast<std::int64_t>(in.u16() % 30000));
    } else {
      // The clock moves a little before each command; now and then a command stamped in the past.
      if (what < 72) d.now -= in.byte() * 10;
      else d.now += in.byte() * 20;
      d.send(decode_command(in, d, texts));
    }
    check_invariants(d.round);
    if (d.round.state().seq != seq) check_views(d.round);  // views depend on the state only
    if (step % 32 == 31) check_replay(d);  // the whole log from the config (the shadow checks each step)
  }
  if (d.round.state().phase != Phase::ended) d.send({"end", "facilitator", json::object()});
  FUZZ_CHECK(d.round.state().phase == Phase::ended);
  dump_strict(d.round.results());
  // Reactions still count after the end; words are refused.
  d.send({"react", someone(in, d.round), {{"reaction", "laugh"}}});
  const auto seq = d.round.state().seq;
  d.send({"word", someone(in, d.round), {{"text", "late"}}});
  FUZZ_CHECK(d.round.state().seq == seq);
  check_views(d.round);
  check_replay(d);
}

// ---- Room mode ---------------------------------------------------------------------------------

void check_room(const Roster& roster, const Seating& seating) {
  std::set<std::string> ids, keys;
  std::size_t online = 0;
  for (const auto& m : roster.members()) {
    FUZZ_CHECK(ids.insert(m.id).second);
    FUZZ_CHECK(valid_id(m.id));
    FUZZ_CHECK(clean_name(m.name) == m.name);
    FUZZ_CHECK(keys.insert(name_key(m.name)).second);  // no two names clash
    FUZZ_CHECK(m.connections >= 0);
    online += m.online();
    const auto* c = seating.circle_of(m.id);
    FUZZ_CHECK(c != nullptr);  // everyone present is seated
  }
  FUZZ_CHECK(roster.online_count() == online);
  const auto& circles = seating.circles();
  FUZZ_CHECK(!circles.empty() && circles.size() <= limits::max_circles);
  std::size_t seated = 0;
  for (std::size_t i = 0; i < circles.size(); ++i) {
    FUZZ_CHECK(circles[i].id == "c" + std::to_string(i + 1));
    for (const auto& p : circles[i].members) FUZZ_CHECK(ids.count(p) == 1);
    seated += circles[i].members.size();
  }
  FUZZ_CHECK(seated == ids.size());  // and only once
  dump_strict(seating.to_json());
}

void run_room(Bytes& in) {
  Roster roster;
  Seating seating;
  Texts texts;
  for (int step = 0; step < 200 && !in.empty(); ++step) {
    const auto& members = roster.members();
    const auto member = [&]() -> std::string {
      const std::size_t k = in.below(members.size() + 1);
      return k < members.size() ? members[k].id : "p" + std::to_string(900 + in.below(3));
    };
    switch (in.below(9)) {
      case 0: case 1: {
        const auto r = roster.join(texts.next(in));
        FUZZ_CHECK(r.member.has_value() != r.error.has_value());
        if (r.error) FUZZ_CHECK(r.error->code == "name_invalid" || r.error->code == "name_taken");
        else seating.add(r.member->id);
        break;
      }
      case 2: {
        const auto id = member();
        const auto e = roster.rename(id, texts.next(in));
        if (e) FUZZ_CHECK(e->code == "name_invalid" || e->code == "name_taken" || e->code == "unknown_participant");
        break;
      }
      case 3: {
        const auto id = member();
        FUZZ_CHECK(roster.remove(id) == seating.remove(id));
        break;
      }
      case 4: roster.connect(member()); break;
      case 5: roster.disconnect(member()); break;
      case 6: {
        const std::size_t n = in.below(56);
        FUZZ_CHECK(seating.split(n) == (n >= 1 && n <= limits::max_circles));
        break;
      }
      case 7: {
        const auto id = member();
        const std::string circle = "c" + std::to_string(in.below(seating.circles().size() + 2));
        const auto pos = in.byte();
        const bool known = roster.find(id) && std::any_of(seating.circles().begin(), seating.circles().end(),
                                                          [&](const auto& c) { return c.id == circle; });
        FUZZ_CHECK(seating.move(id, circle, pos == 255 ? std::nullopt : std::optional<std::size_t>(pos)) == known);
        break;
      }
      default: seating.shuffle(in.u16()); break;
    }
    check_room(roster, seating);
  }
  // The next round takes the room's circles, as room.cpp's new_round does.
  const auto circles = seating.for_round();
  if (circles.empty()) return;
  json config = {{"v", 1}, {"game", "chain"}, {"seedWord", "cold"}, {"seed", 7}, {"order", "shuffle"}, {"circles", json::array()}};
  for (const auto& c : circles) config["circles"].push_back({{"id", c.id}, {"members", c.members}});
  const auto parsed = parse_config(config);
  FUZZ_CHECK(parsed.config);
  Driver d(*parsed.config);
  d.send({"start", "facilitator", json::object()});
  for (const auto& m : roster.members()) {
    if (!m.online()) d.send({"presence", "server", {{"participant", m.id}, {"online", false}}});
  }
  check_invariants(d.round);
  check_replay(d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;  // longer inputs only repeat what shorter ones do, slower
  Bytes in(data, size);
  if (in.byte() % 8 == 7) run_room(in);
  else run_round(in);
  return 0;
}
