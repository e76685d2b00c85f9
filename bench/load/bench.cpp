#include "bench.hpp"

#include <chrono>

#include "fields.hpp"

namespace earshot::bench {

// ---- connections ----

void Bench::open(Peer& p) {
  const unsigned gen = ++p.gen;
  p.closed = false;
  p.welcomed = false;
  ++p.attempts;
  Peer* pp = &p;
  p.conn = LeanSocket::create(io, {[this, pp, gen] {
                                     if (pp->gen == gen) pp->conn->send(pp->hello);
                                   },
                                   [this, pp, gen](std::string_view text) {
                                     if (pp->gen == gen) on_message(*pp, text);
                                   },
                                   [this, pp, gen](const client::CloseInfo& info) {
                                     if (pp->gen == gen) on_closed(*pp, info);
                                   }});
  p.conn->connect(endpoint, url.authority(), url.target, 15s);
}

void Bench::on_closed(Peer& p, const client::CloseInfo& info) {
  p.closed = true;
  if (p.welcomed) {
    // The server dropped a client that was in (a slow reader, say): like a phone, it comes
    // straight back with its token.
    if (shutting_down || p.kind != Kind::participant || p.token.empty()) return;
    ++dropped;
    if (dropped <= 3) log("the server dropped client " + p.name + ": " + info.reason + "; it reconnects");
    p.hello = json{{"type", "hello"}, {"room", p.room->code}, {"token", p.token}}.dump();
    p.reconnecting = true;
    p.attempts = 0;
    p.id.clear();
    open(p);
    return;
  }
  // Never got in: try again a few times (a full accept queue drops connection attempts).
  if (p.attempts < 5 && !p.failed) {
    auto t = std::make_shared<asio::steady_timer>(io, 200ms);
    t->async_wait([this, &p, t, gen = p.gen](boost::system::error_code) {
      if (p.gen == gen && !p.welcomed) open(p);
    });
    return;
  }
  if (!p.failed) {
    p.failed = true;
    ++errors["connect: " + info.reason.substr(0, 60)];
    join_done(p, false);
  }
}

void Bench::on_message(Peer& p, std::string_view s) {
  ++delivered;
  const auto type = msg_type(s);
  if (type == "round") return on_round(p, s);
  if (type == "reaction") {
    if (on_reaction) on_reaction(p, s);
    return;
  }
  if (type == "ok") {
    ++oks;
    return;
  }
  if (type == "welcome") return on_welcome_message(p, s);
  if (type == "error") {
    json j = json::parse(s, nullptr, false);
    const std::string code = j.is_object() ? j.value("code", "?") : "?";
    if (errors[code]++ < 3) log("error from the server: " + std::string(s.substr(0, 300)));
    if (!p.welcomed && p.kind == Kind::participant && p.reconnecting == false && !p.failed) {
      p.failed = true;
      join_done(p, false);
    }
    if (p.kind == Kind::participant && p.room && chain && (code == "not_your_turn" || code == "wrong_phase")) {
      // The word was not taken: forget it, so the next round view lets someone send again.
      if (!p.room->sent.empty()) p.room->sent.pop_back();
    }
    return;
  }
  // joined, presence, rooms, pong, ...: counted, nothing to do.
}

void Bench::on_welcome_message(Peer& p, std::string_view s) {
  json j = json::parse(s, nullptr, false);
  if (!j.is_object()) throw Failure("unparsable welcome");
  if (p.kind == Kind::facilitator) {
    if (j.contains("re") && j["room"].is_object()) created[j["re"].get<long>()] = j["room"]["code"].get<std::string>();
    if (!p.welcomed) {
      p.welcomed = true;
      p.welcomed_at = Clock::now();
      if (p.room) join_done(p, true);
    }
    return;
  }
  if (p.welcomed) return;
  p.welcomed = true;
  p.welcomed_at = Clock::now();
  if (j.contains("token")) p.token = j["token"].get<std::string>();
  if (j.contains("you") && j["you"].is_object()) p.id = j["you"]["id"].get<std::string>();
  const bool again = p.reconnecting;
  if (on_welcome) on_welcome(p);
  p.reconnecting = false;
  if (!again) join_done(p, true);
}

// ---- joining: at most `concurrency` connects + hellos at once ----

void Bench::join_all(const std::vector<Peer*>& list, std::chrono::milliseconds timeout) {
  join_queue = list;
  join_next = 0;
  joined = join_failed = 0;
  join_inflight = 0;
  const auto start = Clock::now();
  while (join_inflight < opt.concurrency && join_next < join_queue.size()) start_join();
  if (!run_until([&] { return joined + join_failed == join_queue.size(); }, timeout)) {
    throw Failure("only " + std::to_string(joined) + " of " + std::to_string(join_queue.size()) +
                  " clients joined in time");
  }
  if (join_failed) throw Failure(std::to_string(join_failed) + " clients could not join");
  log("joined " + std::to_string(joined) + " clients in " + std::to_string(ms_between(start, Clock::now()) / 1000) +
      " s");
}

void Bench::start_join() {
  Peer& p = *join_queue[join_next++];
  ++join_inflight;
  open(p);
}

void Bench::join_done(Peer&, bool ok) {
  if (join_inflight == 0) return;  // not in a join_all
  --join_inflight;
  (ok ? joined : join_failed)++;
  while (join_inflight < opt.concurrency && join_next < join_queue.size()) start_join();
}

// ---- setup helpers ----

Peer& Bench::facilitator(Room* room) {
  Peer& f = peers.emplace_back();
  f.kind = Kind::facilitator;
  f.room = room;
  json hello = {{"type", "hello"}, {"key", opt.key}};
  if (room) hello["room"] = room->code;
  f.hello = hello.dump();
  return f;
}

void Bench::create_rooms(int n, const std::string& tag) {
  Peer& f = facilitator(nullptr);
  open(f);
  if (!run_until([&] { return f.welcomed || f.closed; }, 15s) || !f.welcomed) throw Failure("the facilitator could not say hello");
  created.clear();
  for (int i = 0; i < n; ++i) {
    // One at a time keeps the server's replies (each with the growing room list) small.
    f.conn->send(json{{"type", "create_room"}, {"id", i}}.dump());
    if (!run_until([&] { return created.count(i) || f.closed; }, 15s) || !created.count(i)) {
      throw Failure("create_room " + std::to_string(i) + " got no welcome");
    }
    Room& r = rooms.emplace_back();
    r.index = static_cast<int>(rooms.size()) - 1;
    r.code = created[i];
    r.tag = tag;
    r.timer = std::make_unique<asio::steady_timer>(io);
  }
  log("created " + std::to_string(n) + " rooms");
}

std::vector<Peer*> Bench::add_participants(Room& r, int n) {
  std::vector<Peer*> out;
  for (int i = 0; i < n; ++i) {
    Peer& p = peers.emplace_back();
    p.index = static_cast<int>(peers.size());
    p.room = &r;
    p.name = "b" + std::to_string(p.index);
    p.hello = json{{"type", "hello"}, {"room", r.code}, {"name", p.name}}.dump();
    r.members.push_back(&p);
    out.push_back(&p);
  }
  return out;
}

void Bench::seat_facilitators(std::vector<Room*> list) {
  std::vector<Peer*> facs;
  for (Room* r : list) {
    r->fac = &facilitator(r);
    facs.push_back(r->fac);
  }
  join_all(facs, 60s);
}

json Bench::chain_config() const {
  return {{"game", "chain"},       {"seedWord", "snow"}, {"turnMs", 60000},
          {"maxTurns", opt.max_turns}, {"noRepeat", true}};
}

void Bench::start_chain(Room& r) {
  r.last_progress = Clock::now();
  r.fac->conn->send(json{{"type", "new_round"}, {"config", chain_config()}, {"start", true}}.dump());
}

// ---- chain rounds: the player whose turn it is sends the next word ----

std::string Bench::word(std::uint64_t n) {
  std::string w = "w";
  do {
    w += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n);
  return w;
}

void Bench::on_round(Peer& p, std::string_view s) {
  if (!chain || !p.room) return;
  Room& r = *p.room;
  const long number = int_field(s, "\"number\":");
  if (number > r.cur_round) {
    r.cur_round = number;
    r.sent.clear();
    r.send_scheduled = false;
  }
  const bool ended = str_field(s, "\"phase\":\"") == "ended";
  if (p.kind == Kind::facilitator) {
    if (ended && r.new_round_for < number) {
      r.new_round_for = number;
      start_chain(r);
    }
    return;
  }
  if (number < r.cur_round) return;  // an update of a round that is already over
  if (number != p.round_no) {
    p.round_no = number;
    p.seen_len = 0;
  }
  const auto circles = s.find("\"circles\":[");
  if (circles == std::string_view::npos) return;
  const long len = int_field(s, "\"length\":", circles);
  if (len < 0) return;
  const auto now = Clock::now();
  auto& samples = latency[r.tag];
  for (long i = p.seen_len; i < len && i < static_cast<long>(r.sent.size()); ++i) {
    if (measuring && r.sent[i] >= window_start && now <= window_end) {
      samples.add(ms_between(r.sent[i], now));
      trace.row("sample", r.sent[i], ms_between(r.sent[i], now), r.tag + " " + r.code);
    }
  }
  if (len > p.seen_len) {
    p.seen_len = len;
    r.last_progress = now;
  }
  if (ended || r.send_scheduled || len != static_cast<long>(r.sent.size())) return;
  // The participant's own circle is the only one in its view, and its turn comes after the
  // transcript: look for it from the end rather than scan the transcript.
  const auto turn = s.rfind("\"turn\":\"");
  if (turn == std::string_view::npos || turn < circles || str_field(s, "\"turn\":\"", turn) != p.id) return;
  schedule_word(r, p);
}

void Bench::schedule_word(Room& r, Peer& p) {
  r.send_scheduled = true;
  const auto due = r.last_send + word_interval;
  if (due <= Clock::now()) return send_word(r, p);
  r.timer->expires_at(due);
  r.timer->async_wait([this, &r, &p, round = r.cur_round](boost::system::error_code ec) {
    if (!ec && r.cur_round == round && r.send_scheduled) send_word(r, p);
  });
}

void Bench::send_word(Room& r, Peer& p) {
  r.send_scheduled = false;
  const auto now = Clock::now();
  r.sent.push_back(now);
  r.last_send = now;
  p.conn->send("{\"type\":\"play\",\"action\":\"word\",\"text\":\"" + word(r.words++) + "\"}");
}

void Bench::watchdog(std::vector<Room*> list) {
  auto t = std::make_shared<asio::steady_timer>(io, 500ms);
  t->async_wait([this, t, list](boost::system::error_code ec) {
    if (ec) return;
    const auto now = Clock::now();
    for (Room* r : list) {
      if (now - r->last_progress > 5s && r->fac && !r->fac->closed) {
        ++errors["stalled chain restarted"];
        r->last_progress = now;
        r->fac->conn->send(R"({"type":"steer","action":"end"})");
      }
    }
    watchdog(list);
  });
}

void Bench::begin_window() {
  measuring = true;
  window_start = Clock::now();
  window_end = Clock::time_point::max();
  trace.row("window_start", window_start, 0, "-");
}

void Bench::end_window() {
  window_end = Clock::now();
  measuring = false;
  trace.row("window_end", window_end, 0, "-");
}

void Bench::close_all() {
  shutting_down = true;
  for (auto& p : peers) {
    if (p.conn && !p.closed) p.conn->abort();
  }
  run_for(200ms);
}

// ---- playing rooms (throughput, storm, slow) ----

std::vector<Room*> setup_playing(Bench& b, int count, const std::string& tag) {
  const std::size_t first = b.rooms.size();
  b.create_rooms(count, tag);
  std::vector<Room*> list;
  std::vector<Peer*> members;
  for (std::size_t i = first; i < b.rooms.size(); ++i) {
    list.push_back(&b.rooms[i]);
    auto added = b.add_participants(b.rooms[i], b.opt.per_room);
    members.insert(members.end(), added.begin(), added.end());
  }
  b.join_all(members, 300s);
  b.seat_facilitators(list);
  return list;
}

void start_playing(Bench& b, const std::vector<Room*>& list) {
  b.chain = true;
  b.word_interval = b.opt.word_rate > 0 ? seconds(1.0 / b.opt.word_rate) : Clock::duration{};
  for (Room* r : list) b.start_chain(*r);
  b.watchdog(list);
}

}  // namespace earshot::bench
