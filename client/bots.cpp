#include "client/bots.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "client/connection.hpp"
#include "games/vocabulary.hpp"

namespace earshot::client {

using json = nlohmann::json;
using namespace std::chrono_literals;

const std::vector<std::string>& bot_words() {
  static const std::vector<std::string> words = [] {
    std::istringstream in(
        "apple river window garden coffee winter summer market candle pencil rocket castle forest "
        "mountain ocean thunder blanket kitchen ladder mirror button puzzle lantern meadow harbor "
        "orange yellow purple silver golden velvet copper marble feather whistle pocket basket "
        "bridge tunnel station ticket journey holiday picnic sandwich cookie butter honey pepper "
        "garlic lemon cherry banana carrot potato tomato onion noodle pancake waffle biscuit "
        "teacher doctor farmer pilot sailor painter singer dancer writer baker driver nurse "
        "puppy kitten rabbit turtle parrot dolphin tiger monkey zebra camel pigeon spider beetle "
        "cloud rain storm snow breeze sunshine rainbow shadow moon star planet comet galaxy "
        "music guitar piano violin drum trumpet melody rhythm chorus concert festival parade "
        "laughter whisper secret promise memory dream wonder courage kindness patience silence "
        "pillow curtain carpet sofa lamp clock kettle teapot spoon fork plate bowl cup "
        "letter stamp parcel envelope diary notebook novel poem story legend riddle "
        "shoe scarf glove jacket helmet umbrella backpack wallet key lock door gate fence "
        "bicycle scooter train boat canoe airplane balloon kite anchor compass map "
        "island desert valley canyon volcano glacier lagoon prairie jungle orchard vineyard "
        "morning evening midnight weekend birthday wedding reunion victory adventure mystery "
        "printer laptop phone cable battery signal screen keyboard camera robot engine");
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
  }();
  return words;
}

namespace {

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

struct Swarm::Bot : std::enable_shared_from_this<Swarm::Bot> {
  Bot(Swarm& s, int i)
      : swarm(s),
        index(i),
        name(s.options_.name_prefix + " " + std::to_string(i + 1)),
        rng(s.options_.seed * 7919u + static_cast<std::uint32_t>(i)),
        think(s.io_),
        drop(s.io_),
        retry(s.io_) {}

  Swarm& swarm;
  const int index;
  std::string name;
  std::mt19937 rng;
  boost::asio::steady_timer think, drop, retry;
  std::shared_ptr<Connection> connection;
  bool open = false, welcomed_once = false, done = false;
  std::string token, id;
  int backoff = 0;
  int name_tries = 0;
  std::uint64_t next_request = 1;
  // What the bot already did or has planned: one act per situation (see act_key()).
  std::string acted;
  json last_round;  // the latest round this bot saw, to think again after a refusal
  std::string last_key;
  int refusals = 0;  // for the situation last_key: a bot gives up after a few
  std::map<std::string, std::set<std::string>> used_words;  // by round
  std::map<std::string, AckedPlay> pending;                  // request id -> play
  std::chrono::steady_clock::time_point last_reaction{};
  // Counters for the report.
  int reconnects = 0, drops = 0, refused = 0;
  std::int64_t messages = 0, bytes = 0;
  std::map<std::string, int> plays, errors;

  const BotOptions& options() const { return swarm.options_; }

  void connect() {
    if (done || swarm.stopping_) return;
    auto weak = weak_from_this();
    Connection::Handlers h;
    h.on_open = [weak] {
      if (auto self = weak.lock()) self->on_open();
    };
    h.on_message = [weak](std::string text) {
      if (auto self = weak.lock()) self->on_message(text);
    };
    h.on_close = [weak](const CloseInfo& info) {
      if (auto self = weak.lock()) self->on_close(info);
    };
    connection = Connection::create(swarm.io_.get_executor(), std::move(h));
    connection->connect(options().server);
  }

  void on_open() {
    open = true;
    json hello = {{"type", "hello"}, {"room", options().room}, {"id", "hello"}};
    if (!token.empty()) hello["token"] = token;
    else hello["name"] = name_tries ? name + " (" + std::to_string(name_tries + 1) + ")" : name;
    connection->send(hello.dump());
    schedule_drop();
  }

  void on_close(const CloseInfo& info) {
    const bool was_open = open;
    open = false;
    think.cancel();
    drop.cancel();
    acted.clear();
    pending.clear();  // unanswered plays: the server may or may not have them
    connection.reset();
    if (done || swarm.stopping_) return;
    if (!info.opened && info.http_status) ++refused;
    if (was_open) ++drops;
    // Like a phone: try again soon, then less often.
    const int ms = std::min(4000, 250 << std::min(backoff++, 4));
    retry.expires_after(std::chrono::milliseconds(ms / 2 + std::uniform_int_distribution<int>(0, ms / 2)(rng)));
    retry.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->connect();
    });
  }

  void schedule_drop() {
    if (options().drop_every.count() <= 0) return;
    std::exponential_distribution<double> gap(1.0 / static_cast<double>(options().drop_every.count()));
    drop.expires_after(std::chrono::milliseconds(static_cast<std::int64_t>(gap(rng)) + 1));
    drop.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec && self->connection) self->connection->abort();
    });
  }

  void send_request(json message, AckedPlay play) {
    if (!connection || !open) return;
    const std::string rid = "b" + std::to_string(next_request++);
    message["id"] = rid;
    // The round this play was thought up for (a bot acts after its think time, by when the
    // facilitator may have started another: the server then refuses it with round_over).
    if (!play.round.empty()) message["round"] = play.round;
    pending[rid] = std::move(play);
    connection->send(message.dump());
  }

  void on_message(const std::string& text) {
    ++messages;
    bytes += static_cast<std::int64_t>(text.size());
    json m = json::parse(text, nullptr, false);
    if (!m.is_object()) return;
    if (swarm.on_message) swarm.on_message(index, m);
    const std::string type = str(m, "type");
    const std::string re = m.contains("re") && m["re"].is_string() ? m["re"].get<std::string>() : "";
    if (type == "welcome") {
      if (welcomed_once) ++reconnects;
      welcomed_once = true;
      backoff = 0;
      token = str(m, "token");
      id = str(m["you"], "id");
      if (m["round"].is_object()) on_round(m["round"]);
    } else if (type == "round") {
      if (m["round"].is_object()) on_round(m["round"]);
    } else if (type == "ok") {
      if (auto it = pending.find(re); it != pending.end()) {
        ++plays[it->second.action];
        swarm.acked_.push_back(std::move(it->second));
        pending.erase(it);
      }
    } else if (type == "error") {
      const std::string code = str(m, "code");
      ++errors[code];
      if (re == "hello") {
        if (code == "name_taken" && name_tries < 5) {
          ++name_tries;  // someone took our name: try "Bot 3 (2)"
          return connection->close(1000);
        }
        if (code == "bad_token") token.clear();
        if (code == "room_not_found" || code == "bad_token") finish();
        return;
      }
      if (auto it = pending.find(re); it != pending.end()) {
        // A refused play (a repeated word, say): think again about the round as it stands.
        const bool react = it->second.action == "react";
        pending.erase(it);
        if (!react && ++refusals <= 3 && code != "too_late" && code != "not_your_turn" && last_round.is_object()) {
          acted.clear();
          on_round(json(last_round));
        }
      }
    } else if (type == "kicked" || type == "room_closed") {
      finish();
    }
  }

  void finish() {
    done = true;
    think.cancel();
    drop.cancel();
    retry.cancel();
    if (connection) connection->close(1000);
  }

  // Decides what to do about the round as this bot now sees it.
  void on_round(const json& round) {
    const std::string rid = str(round, "id");
    swarm.rounds_[rid] = true;
    last_round = round;
    const json& v = round["view"];
    if (!v.is_object() || !v["you"].is_object() || v.value("paused", false)) return;
    if (v["you"].value("left", false)) return;
    maybe_react(v);
    const std::string phase = str(v, "phase");
    std::string key;
    std::function<void()> act;
    if (phase == "turns") {
      for (const auto& c : v.value("circles", json::array())) {
        if (str(c, "turn") != id || c.contains("done")) continue;
        const auto said = c.contains("transcript") ? c["transcript"].size() : c.value("length", 0);
        key = rid + ":turn:" + str(c, "id") + ":" + std::to_string(said);
        act = [this, rid, game = str(v, "game")] { play_word(rid, game); };
      }
    } else if (phase == "answering" && v["set"].is_object()) {
      const json& set = v["set"];
      const std::string kind = str(set, "kind");
      const std::string at = rid + ":set:" + std::to_string(set.value("index", 0));
      if (!set.contains("mine")) {
        key = at + ":answer";
        act = [this, rid, kind, max = set.value("maxChars", 40)] { answer(rid, kind, max); };
      } else if (set.contains("partner") && !set.contains("myGuess")) {
        key = at + ":predict";
        act = [this, rid, max = set.value("maxChars", 40)] { predict(rid, max); };
      }
    } else if (phase == "picking" && v["set"].is_object() && !v["set"].contains("myPick")) {
      const json& set = v["set"];
      key = rid + ":pick:" + std::to_string(set.value("index", 0));
      act = [this, rid, set, circle = str(v["you"], "circle")] { pick(rid, set, circle); };
    }
    if (key.empty() || key == acted) return;
    if (key != last_key) refusals = 0;
    acted = last_key = key;
    const auto lo = options().think_min.count(), hi = std::max(options().think_min.count(), options().think_max.count());
    think.expires_after(std::chrono::milliseconds(std::uniform_int_distribution<std::int64_t>(lo, hi)(rng)));
    think.async_wait([weak = weak_from_this(), act](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec) act();
    });
  }

  std::string fresh_word(const std::string& rid) {
    const auto& words = bot_words();
    // Forget old rounds (any but this one) before taking this round's list.
    for (auto it = used_words.begin(); used_words.size() > 8 && it != used_words.end();) {
      it = it->first == rid ? std::next(it) : used_words.erase(it);
    }
    auto& used = used_words[rid];
    for (int tries = 0; tries < 50; ++tries) {
      const auto& w = words[std::uniform_int_distribution<std::size_t>(0, words.size() - 1)(rng)];
      if (used.insert(w).second) return w;
    }
    return words[used.size() % words.size()] + "s";
  }

  std::string words(const std::string& rid, int n, std::size_t max_chars) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      std::string w = fresh_word(rid);
      if (out.size() + w.size() + 1 > max_chars) break;
      out += (out.empty() ? "" : " ") + w;
    }
    return out.empty() ? fresh_word(rid).substr(0, max_chars) : out;
  }

  void play_word(const std::string& rid, const std::string& game) {
    if (std::bernoulli_distribution(options().pass_chance)(rng)) {
      return send_request({{"type", "play"}, {"action", "pass"}}, {rid, id, "pass", ""});
    }
    std::string w = fresh_word(rid);
    if (game == "waat" && std::bernoulli_distribution(0.1)(rng)) w += ".";
    send_request({{"type", "play"}, {"action", "word"}, {"text", w}}, {rid, id, "word", w});
  }

  void answer(const std::string& rid, const std::string& kind, int max_chars) {
    const int n = kind == "retell" ? 8 : kind == "prompt" ? 4 : kind == "title" ? 3 : 1;
    std::string text = words(rid, n, static_cast<std::size_t>(std::max(1, max_chars)));
    send_request({{"type", "play"}, {"action", "answer"}, {"text", text}}, {rid, id, "answer", text});
  }

  void predict(const std::string& rid, int max_chars) {
    std::string text = words(rid, 3, static_cast<std::size_t>(std::max(1, max_chars)));
    send_request({{"type", "play"}, {"action", "predict"}, {"text", text}}, {rid, id, "predict", text});
  }

  void pick(const std::string& rid, const json& set, const std::string& circle) {
    const int mine = set.contains("mine") ? set["mine"].value("n", 0) : 0;
    std::vector<int> choices;
    for (const auto& a : set.value("answers", json::array())) {
      if (str(a, "circle") == circle && a.value("n", 0) != mine) choices.push_back(a.value("n", 0));
    }
    if (choices.empty()) return;
    const int n = choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(rng)];
    send_request({{"type", "play"}, {"action", "pick"}, {"answer", n}}, {rid, id, "pick", std::to_string(n)});
  }

  void maybe_react(const json&) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_reaction < 1500ms || !std::bernoulli_distribution(options().react_chance)(rng)) return;
    last_reaction = now;
    const int last = static_cast<int>(games::reactions.size()) - 1;
    const std::string r(games::reactions[static_cast<std::size_t>(std::uniform_int_distribution<int>(0, last)(rng))]);
    send_request({{"type", "play"}, {"action", "react"}, {"reaction", r}}, {"", id, "react", r});
  }
};

Swarm::Swarm(boost::asio::io_context& io, BotOptions options) : io_(io), options_(std::move(options)) {}

Swarm::~Swarm() {
  for (auto& b : bots_) {
    b->think.cancel();
    b->drop.cancel();
    b->retry.cancel();
  }
}

void Swarm::start() {
  for (int i = 0; i < options_.count; ++i) {
    auto bot = std::make_shared<Bot>(*this, i);
    bots_.push_back(bot);
    bot->retry.expires_after(options_.join_spacing * i);
    bot->retry.async_wait([weak = std::weak_ptr<Bot>(bot)](boost::system::error_code ec) {
      if (auto self = weak.lock(); self && !ec) self->connect();
    });
  }
}

void Swarm::stop() {
  stopping_ = true;
  for (auto& b : bots_) {
    b->think.cancel();
    b->drop.cancel();
    b->retry.cancel();
    if (b->connection) b->connection->close(1000);
  }
}

bool Swarm::finished() const {
  return !bots_.empty() && std::all_of(bots_.begin(), bots_.end(), [](const auto& b) { return b->done; });
}

BotReport Swarm::report() const {
  BotReport r;
  r.bots = static_cast<int>(bots_.size());
  for (const auto& b : bots_) {
    r.joined += b->welcomed_once;
    r.online += b->open && b->welcomed_once;
    r.reconnects += b->reconnects;
    r.drops += b->drops;
    r.refused += b->refused;
    r.messages += b->messages;
    r.bytes += b->bytes;
    for (const auto& [k, n] : b->plays) r.plays[k] += n;
    for (const auto& [k, n] : b->errors) r.errors[k] += n;
  }
  r.rounds_seen = static_cast<int>(rounds_.size());
  return r;
}

json BotReport::to_json() const {
  return {{"bots", bots},         {"joined", joined},   {"online", online},   {"reconnects", reconnects},
          {"drops", drops},       {"refused", refused}, {"messages", messages}, {"bytes", bytes},
          {"plays", plays},       {"errors", errors},   {"roundsSeen", rounds_seen}};
}

std::string BotReport::table() const {
  std::ostringstream out;
  out << "bots " << bots << ", joined " << joined << ", online now " << online << "\n";
  out << "rounds seen " << rounds_seen << ", messages received " << messages << " (" << bytes / 1024 << " KiB)\n";
  out << "reconnects " << reconnects << ", connections lost " << drops << ", refused " << refused << "\n";
  out << "plays accepted:";
  if (plays.empty()) out << " none";
  for (const auto& [k, n] : plays) out << " " << k << " " << n;
  out << "\nerrors from the server:";
  if (errors.empty()) out << " none";
  for (const auto& [k, n] : errors) out << " " << k << " " << n;
  out << "\n";
  return out.str();
}

}  // namespace earshot::client
