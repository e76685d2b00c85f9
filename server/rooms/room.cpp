#include "server/rooms/room.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <iostream>

#include "games/content.hpp"
#include "server/rooms/ids.hpp"

namespace earshot::server {

using nlohmann::json;

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

using protocol::command_data;
using protocol::is_play_action;
using protocol::is_steer_action;

// Reactions: a phone may send 5 at once, then one a second.
constexpr double reaction_burst = 5;
constexpr double reactions_per_second = 1;

const protocol::Error no_round{"no_round", "There is no round in this room yet.", ""};

// A required string field, or the error to send.
std::optional<protocol::Error> string_field(const json& body, const char* name, std::string& out) {
  auto it = body.find(name);
  if (it == body.end()) return protocol::Error{"missing_field", std::string(name) + " is required.", name};
  if (!it->is_string() || it->get_ref<const std::string&>().size() > 256) {
    return protocol::Error{"bad_field", std::string(name) + " must be a short string.", name};
  }
  out = it->get<std::string>();
  return std::nullopt;
}

json decks_json() {
  json out = json::object();
  for (const char* name : {"seeds", "stimuli", "prompts", "titles"}) out[name] = games::builtin_deck(name);
  return out;
}

}  // namespace

Room::Room(net::io_context& ioc, std::string code, std::string join_url, std::int64_t created_ms,
           std::function<void()> on_change, store::EventStore* store)
    : strand_(net::make_strand(ioc)),
      code_(std::move(code)),
      join_url_(std::move(join_url)),
      created_ms_(created_ms),
      on_change_(std::move(on_change)),
      store_(store),
      timer_(strand_) {}

json Room::summary() const {
  return {{"code", code_},
          {"participants", participant_count_.load()},
          {"online", online_count_.load()},
          {"createdAt", created_ms_}};
}

json Room::participant_json(const games::Member& m) const {
  return {{"id", m.id}, {"name", m.name}, {"online", m.online()}};
}

json Room::snapshot() const {
  json people = json::array();
  for (const auto& m : roster_.members()) people.push_back(participant_json(m));
  return {{"code", code_}, {"joinUrl", join_url_}, {"participants", std::move(people)}, {"circles", seating_.to_json()}};
}

const std::string& Room::snapshot_text() const {
  if (snapshot_text_.empty()) snapshot_text_ = snapshot().dump(-1, ' ', false, json::error_handler_t::replace);
  return snapshot_text_;
}

games::Audience Room::audience_of(const Seat& seat) const {
  switch (seat.role) {
    case Role::participant: return games::Audience::of_participant(seat.participant_id);
    case Role::facilitator: return seat.view == "stage" ? games::Audience::stage() : games::Audience::facilitator();
    default: return games::Audience::stage();
  }
}

std::string Room::round_text(const games::Audience& audience, std::int64_t now) const {
  if (!round_) return "null";
  const auto& round = round_->round;
  std::string view = round.personal_text(audience);
  if (const auto shared = round.shared_text(audience); !shared.empty()) {
    if (!view.empty()) view += ',';
    view += shared;
  }
  return round_head(now) + view + "}}";
}

std::string Room::round_head(std::int64_t now) const {
  return R"({"id":)" + json(round_->id).dump() + R"(,"number":)" + std::to_string(round_->number) + R"(,"now":)" +
         std::to_string(now) + R"(,"view":{)";
}

void Room::broadcast(const json& message, const Member* except) {
  // Serialize once; every connection's queue shares the same buffer.
  auto frame = make_frame(protocol::frame(message));
  for (const auto& [ptr, member] : members_) {
    if (ptr != except && member.welcomed) member.session->send(frame);
  }
}

void Room::update_counts() {
  const auto participants = roster_.members().size(), online = roster_.online_count();
  const bool participants_changed = participant_count_.exchange(participants) != participants;
  const bool online_changed = online_count_.exchange(online) != online;
  if ((participants_changed || online_changed) && on_change_) on_change_();
}

void Room::attach(const std::shared_ptr<Member>& session, const protocol::Hello& hello, const json& re,
                  const json& rooms, std::function<void(std::optional<Seat>)> done) {
  if (closed_) {
    session->send(protocol::error_frame({"room_not_found", "There is no room with the code \"" + code_ + "\".", "room"}, re));
    return done(std::nullopt);
  }
  Seat seat;
  std::string token;
  bool is_new = false;
  store::Batch batch;
  switch (hello.role) {
    case protocol::HelloRole::participant_new: {
      auto joined = roster_.join(hello.secret);
      if (joined.error) {
        after_recorded([session, e = *joined.error, re, done] {
          session->send(protocol::error_frame({e.code, e.message, "name"}, re));
          done(std::nullopt);
        });
        return;
      }
      token = random_secret(token_bytes);
      tokens_.emplace(token, joined.member->id);
      seat = {Role::participant, joined.member->id, hello.view};
      is_new = true;
      seating_.add(joined.member->id);
      people_changed();
      // The token is on disk before the phone has it, so it works after any restart.
      batch.push_back(store::Participant{code_, joined.member->id, joined.member->name, token, wall_clock_ms()});
      batch.push_back(circles_event());
      break;
    }
    case protocol::HelloRole::participant_token: {
      auto it = tokens_.find(hello.secret);
      if (it == tokens_.end()) {
        after_recorded([session, re, done] {
          session->send(protocol::error_frame({"bad_token", "That participant token is not known in this room.", "token"}, re));
          done(std::nullopt);
        });
        return;
      }
      token = it->first;
      seat = {Role::participant, it->second, hello.view};
      break;
    }
    case protocol::HelloRole::facilitator:
      seat = {Role::facilitator, {}, hello.view};
      break;
    case protocol::HelloRole::observer:
      seat = {Role::observer, {}, hello.view};
      break;
  }

  const bool came_online = seat.role == Role::participant && roster_.connect(seat.participant_id);
  if (came_online) people_changed();
  members_[session.get()] = Seated{session, seat, false};
  update_counts();

  record(std::move(batch), [this, self = shared_from_this(), session, seat, token, re, rooms, is_new, came_online,
                             done = std::move(done)] {
    const auto* me = seat.role == Role::participant ? roster_.find(seat.participant_id) : nullptr;
    if (seat.role == Role::participant && !me) return done(std::nullopt);  // removed meanwhile
    if (auto it = members_.find(session.get()); it != members_.end()) {
      json welcome = {{"type", "welcome"},
                      {"view", seat.view},
                      {"server", {{"version", EARSHOT_VERSION}}}};
      switch (seat.role) {
        case Role::participant:
          welcome["role"] = "participant";
          welcome["token"] = token;
          welcome["you"] = {{"id", me->id}, {"name", me->name}};
          break;
        case Role::facilitator:
          welcome["role"] = "facilitator";
          welcome["rooms"] = rooms;
          welcome["content"] = decks_json();
          break;
        default:
          welcome["role"] = "observer";
          break;
      }
      std::string text = protocol::frame(std::move(welcome), re);
      // {"room":{...},"round":{...},"re":...,"type":"welcome",...}: both are JSON text already.
      text.insert(1, "\"room\":" + snapshot_text() + ",\"round\":" + round_text(audience_of(seat), wall_clock_ms()) + ",");
      session->send(std::move(text));
      it->second.welcomed = true;
    }
    if (is_new) {
      // The newcomer sits at the end of `circle` (pages add them there; no `circles` message).
      const auto* seated = seating_.circle_of(me->id);
      broadcast({{"type", "joined"}, {"participant", participant_json(*me)}, {"circle", seated ? seated->id : ""}});
    } else if (came_online) {
      broadcast({{"type", "presence"}, {"id", seat.participant_id}, {"online", true}}, session.get());
    }
    // Only now may the connection read on: the replies to what it sent next come after its
    // welcome and its own `joined`, whichever thread gets there first.
    done(seat);
  });

  if (is_new && round_running()) {
    // Latecomers play along: in their circle if the round has it, else in the round's first.
    const auto& circles = round_->round.state().circles;
    const auto* seated = seating_.circle_of(seat.participant_id);
    std::string circle = circles.front().id;
    for (const auto& c : circles) {
      if (seated && c.id == seated->id) circle = c.id;
    }
    run_server_command("join", {{"participant", seat.participant_id}, {"circle", circle}});
  } else if (came_online && round_running()) {
    run_server_command("presence", {{"participant", seat.participant_id}, {"online", true}});
  }
}

void Room::detach(const std::shared_ptr<Member>& session) {
  auto it = members_.find(session.get());
  if (it == members_.end()) return;
  const Seat seat = it->second.seat;
  members_.erase(it);
  if (seat.role != Role::participant || closed_) return;
  // The connection still counts until the grace is over; one that comes back meanwhile keeps
  // the participant online, and nobody is told anything.
  auto timer = std::make_shared<net::steady_timer>(strand_, presence_grace);
  timer->async_wait([self = shared_from_this(), timer, id = seat.participant_id](boost::system::error_code) {
    self->release(id);
  });
}

void Room::release(const std::string& participant) {
  if (closed_ || !roster_.disconnect(participant)) return;
  people_changed();
  update_counts();
  after_recorded([this, self = shared_from_this(), participant] {
    broadcast({{"type", "presence"}, {"id", participant}, {"online", false}});
  });
  if (round_running()) {
    const auto& people = round_->round.state().people;
    if (auto p = people.find(participant); p != people.end() && !p->second.left) {
      run_server_command("presence", {{"participant", participant}, {"online", false}});
    }
  }
}

void Room::close() {
  if (closed_) return;
  closed_ = true;
  timer_.cancel();
  record({store::CloseSession{code_, wall_clock_ms()}}, [this, self = shared_from_this()] {
    broadcast({{"type", "room_closed"}, {"room", code_}});
    for (auto& [_, member] : members_) member.session->dismissed(self);
    members_.clear();
    if (on_change_) on_change_();
  });
}

// ---- Recording ---------------------------------------------------------------------------------

void Room::record(store::Batch batch, std::function<void()> then) {
  if (!store_ || batch.empty()) return after_recorded(std::move(then));
  const auto n = ++batches_;
  pending_[n].push_back(std::move(then));
  store_->append(std::move(batch), [self = shared_from_this(), n](const store::Outcome& outcome) {
    net::post(self->strand_, [self, n, error = outcome.error] { self->on_recorded(n, error); });
  });
}

void Room::after_recorded(std::function<void()> then) {
  if (pending_.empty()) return then();
  pending_.rbegin()->second.push_back(std::move(then));
}

void Room::on_recorded(std::uint64_t batch, const std::string& error) {
  if (!error.empty()) {
    // Nothing sensible to undo: play goes on, and the facilitator is told the record has a gap.
    std::cerr << "earshot: room " << code_ << ": could not save: " << error << std::endl;
    json warning = {{"type", "warning"}, {"code", "not_saved"},
                    {"message", "The server could not save the last change to disk: " + error}};
    auto frame = make_frame(protocol::frame(std::move(warning)));
    for (const auto& [_, m] : members_) {
      if (m.seat.role == Role::facilitator) m.session->send(frame);
    }
  }
  auto it = pending_.find(batch);
  if (it == pending_.end()) return;
  auto waiting = std::move(it->second);
  pending_.erase(it);
  for (auto& f : waiting) f();
  // The round changed while later batches were still on their way: all of it is on disk now.
  if (pending_.empty() && round_dirty_) {
    round_dirty_ = false;
    publish_round();
  }
}

store::Event Room::room_event(std::string kind, const json& data) const {
  store::Event e;
  e.session = code_;
  e.actor = std::string(games::facilitator_actor);
  e.kind = std::move(kind);
  e.payload = data.dump();
  e.at_ms = wall_clock_ms();
  return e;
}

store::Event Room::circles_event() const { return room_event("circles", {{"circles", seating_.to_json()}}); }

void Room::record_opened() { record({store::OpenSession{code_, created_ms_}}, [] {}); }

void Room::restore() {
  if (!store_) return;
  for (const auto& p : store_->participants(code_)) {
    roster_.restore({p.id, p.name, 0});
    tokens_.emplace(p.token, p.id);
  }
  const auto rounds = store_->rounds(code_);
  rounds_made_ = static_cast<int>(rounds.size());
  std::vector<games::Event> last_round;
  for (const auto& e : store_->session_events(code_)) {
    try {
      const json data = json::parse(e.payload);
      if (!e.round) {
        if (e.kind == "circles") {
          std::vector<games::CircleConfig> circles;
          for (const auto& c : data.at("circles")) {
            circles.push_back({c.at("id").get<std::string>(), c.at("members").get<std::vector<std::string>>()});
          }
          seating_.restore(std::move(circles));
        } else if (e.kind == "kicked") {
          const auto id = data.at("participant").get<std::string>();
          roster_.remove(id);
          std::erase_if(tokens_, [&](const auto& t) { return t.second == id; });
        }
      } else if (!rounds.empty() && *e.round == rounds.back().id) {
        last_round.push_back(games::event_from_json(data));
      }
    } catch (const std::exception& ex) {
      std::cerr << "earshot: room " << code_ << ": skipped a damaged record (" << ex.what() << ")" << std::endl;
    }
  }
  if (!rounds.empty()) {
    try {
      auto parsed = games::parse_config(json::parse(rounds.back().config));
      if (!parsed.config) throw std::invalid_argument(parsed.error->message);
      round_.emplace(Live{rounds.back().id, rounds_made_, games::replay(*parsed.config, last_round)});
    } catch (const std::exception& ex) {
      std::cerr << "earshot: room " << code_ << ": could not rebuild round " << rounds.back().id << ": " << ex.what()
                << std::endl;
    }
  }
  participant_count_ = roster_.members().size();
  people_changed();
  // Timers resume from the stored deadlines (what ran out while the server was down runs out now).
  net::post(strand_, [self = shared_from_this()] { self->schedule_tick(); });
}

// ---- Rounds ------------------------------------------------------------------------------------

void Room::reply(const std::shared_ptr<Member>& session, std::string frame) {
  // Replies keep the order of requests: none overtakes one that waits for the disk.
  after_recorded([session, frame = std::move(frame)]() mutable { session->send(std::move(frame)); });
}

bool Room::is_request(std::string_view t) {
  return t == "new_round" || t == "steer" || t == "play" || t == "kick" || t == "rename" || t == "split" ||
         t == "move" || t == "shuffle";
}

void Room::request(const std::shared_ptr<Member>& session, const Seat& seat, const protocol::Envelope& env) {
  if (closed_) {
    reply(session, protocol::error_frame({"room_not_found", "This room has been closed.", "room"}, env.id));
    return;
  }
  const bool facilitator = seat.role == Role::facilitator;
  if (env.type == "play") {
    if (seat.role != Role::participant) {
      return reply(session, protocol::error_frame({"forbidden", "Only participants play.", ""}, env.id));
    }
    return play(session, seat, env);
  }
  if (!facilitator) return reply(session, protocol::error_frame({"forbidden", "Only the facilitator can do that.", ""}, env.id));
  if (env.type == "new_round") return new_round(session, env);
  if (env.type == "steer") return steer(session, env);
  arrange(session, env);
}

// One frame per audience: the stage, the facilitator, and each participant (all of whose
// connections share it). A participant's view is made of three pieces: what every participant in
// the round sees alike (the phase, timers, reactions: built once), their circle's (the transcript,
// the results: once per circle), and their own ("you", their answers: small). The frames are
// gathered from those pieces, not copied into a string per phone: everything they are made of
// lives in one Publication, which each frame keeps alive (an aliasing pointer into it), and the
// session writes the pieces as they are (server/rooms/frame.hpp).
struct Room::Publication {
  // A piece of views (an object's members as JSON text, games/round.hpp) and a hash of it.
  struct Piece {
    std::string text;
    std::size_t hash = 0;
    bool made = false;  // in this publication
  };
  // What one audience's frame is made of. The frames are made once every own piece is written:
  // until then `own` may move as it grows.
  struct Parts {
    const Piece* common = nullptr;
    const Piece* shared = nullptr;
    const std::string* whole = nullptr;  // or the own piece is own[own_begin, own_end)
    std::size_t own_begin = 0, own_end = 0;
  };

  std::string head;
  std::unordered_map<std::string, Piece> shared, common;  // by group (map nodes never move)
  std::string own;                   // the participants' own pieces, one after another
  std::deque<std::string> personal;  // the whole views of the stage, the facilitator, latecomers
  std::size_t personal_used = 0;
  std::vector<Frame> frames;  // by audience whose view changed
  std::vector<Parts> parts;   // (the same)
  std::vector<std::pair<Member*, std::size_t>> sends;  // a connection and its audience's parts

  // The piece of `group` in `pieces`, made by `write` the first time this publication asks.
  template <class Write>
  const Piece* piece(std::unordered_map<std::string, Piece>& pieces, std::string group, Write&& write) {
    Piece& p = pieces.try_emplace(std::move(group)).first->second;
    if (!p.made) {
      p.text.clear();
      write(p.text);
      p.hash = std::hash<std::string>{}(p.text);
      p.made = true;
    }
    return &p;
  }
  std::string& next_personal() {
    if (personal_used == personal.size()) personal.emplace_back();
    std::string& text = personal[personal_used++];
    text.clear();
    return text;
  }
  // Ready for another update; the texts keep their room (all but the stale groups of a round
  // whose circles were rearranged many times).
  void reset() {
    head.clear();
    own.clear();
    for (auto* pieces : {&shared, &common}) {
      if (pieces->size() > 64) pieces->clear();
      for (auto& [group, piece] : *pieces) piece.made = false;
    }
    personal_used = 0;
    frames.clear();
    parts.clear();
    sends.clear();
  }
};

std::shared_ptr<Room::Publication> Room::take_publication() {
  for (auto& pub : publication_pool_) {
    if (pub.use_count() == 1) {  // no frame of it is left with a session: only the pool holds it
      // The sessions' last reads of it (on other threads) happen before it is written again:
      // pairs with the release in their shared_ptr's decrement.
      std::atomic_thread_fence(std::memory_order_acquire);
      pub->reset();
      return pub;
    }
  }
  auto pub = std::make_shared<Publication>();
  if (publication_pool_.size() < spare_publications) publication_pool_.push_back(pub);
  return pub;
}

void Room::publish_round() {
  if (!round_) return;
  const auto now = wall_clock_ms();
  const auto& round = round_->round;
  // An audience whose view is what it was last sent gets nothing: in a room of many circles, a
  // word changes only its own circle's phones.
  using Piece = Publication::Piece;
  using Parts = Publication::Parts;
  auto publication = take_publication();
  auto& pub = *publication;
  pub.head = R"({"type":"round","round":)";
  pub.head += round_head(now);
  pub.own.reserve(members_.size() * 80);  // "you" and a set: the usual size
  pub.parts.reserve(members_.size());
  pub.sends.reserve(members_.size());

  ++publications_;
  const std::size_t round_hash = std::hash<std::string>{}(round_->id);
  static const Piece none;
  for (const auto& [ptr, member] : members_) {
    if (!member.welcomed) continue;  // its welcome will carry the round
    const auto audience = audience_of(member.seat);
    LastView& last = audience.kind == games::Audience::Kind::participant ? last_views_[audience.participant]
                     : audience.kind == games::Audience::Kind::stage     ? stage_view_
                                                                         : facilitator_view_;
    if (last.publication != publications_) {  // the first connection of this audience
      last.publication = publications_;
      last.parts = LastView::unchanged;
      Parts p{&none, &none, nullptr, 0, 0};
      std::size_t own_hash = 0;
      if (auto group = round.common_group(audience); !group.empty()) {
        p.common = pub.piece(pub.common, std::move(group), [&](std::string& out) { round.append_common_text(out, audience); });
        p.own_begin = pub.own.size();
        round.append_own_text(pub.own, audience);
        p.own_end = pub.own.size();
        own_hash = std::hash<std::string_view>{}(std::string_view(pub.own).substr(p.own_begin));
      } else {
        std::string& whole = pub.next_personal();
        round.append_personal_text(whole, audience);
        p.whole = &whole;
        own_hash = std::hash<std::string>{}(whole);
      }
      if (auto group = round.shared_group(audience); !group.empty()) {  // "circles":[...],...
        p.shared = pub.piece(pub.shared, std::move(group), [&](std::string& out) { round.append_shared_text(out, audience); });
      }
      std::size_t fingerprint = round_hash;
      for (const std::size_t h : {p.common->hash, own_hash, p.shared->hash}) fingerprint = fingerprint * 1000003u ^ h;
      if (last.sent && last.fingerprint == fingerprint) {
        if (p.whole) --pub.personal_used;       // not needed after all
        else pub.own.resize(p.own_begin);
        continue;
      }
      last.sent = true;
      last.fingerprint = fingerprint;
      last.parts = pub.parts.size();
      pub.parts.push_back(p);
    }
    if (last.parts != LastView::unchanged) pub.sends.emplace_back(member.session.get(), last.parts);
  }

  // The pieces that are there, separated by commas.
  static constexpr std::string_view close = "}}}", comma = ",", none_text = "";
  pub.frames.reserve(pub.parts.size());
  for (const Parts& p : pub.parts) {
    const std::string_view own =
        p.whole ? std::string_view(*p.whole) : std::string_view(pub.own).substr(p.own_begin, p.own_end - p.own_begin);
    const std::string_view common = p.common->text, shared = p.shared->text;
    const bool c = !common.empty(), o = !own.empty(), s = !shared.empty();
    Frame& frame = pub.frames.emplace_back();
    for (std::string_view part : {std::string_view(pub.head), common, c && (o || s) ? comma : none_text, own,
                                  o && s ? comma : none_text, shared, close}) {
      frame.add(part);
    }
  }
  for (const auto& [session, i] : pub.sends) session->send_view(FramePtr(publication, &pub.frames[i]));
  pub.sends.clear();  // (no pointers to sessions kept)
  // An ended round's views seldom change again, and carry its results for every circle: their
  // room is given back (each publication is freed once its frames are written).
  if (!round_running()) publication_pool_.clear();
}

void Room::commit(const std::vector<games::Event>& events) {
  if (events.empty()) return;
  store::Batch batch;
  std::vector<json> reactions;
  bool only_reactions = true;
  for (const auto& e : events) {
    batch.push_back(store::Event{0, code_, round_->id, e.circle, e.actor, e.kind, games::to_json(e).dump(), e.at});
    if (e.kind == "reaction") {
      reactions.push_back({{"type", "reaction"}, {"reaction", e.data.value("reaction", "")}, {"circle", e.circle}});
    } else {
      only_reactions = false;
    }
    if (e.kind == "phase" && e.data.value("to", "") == "ended") batch.push_back(store::EndRound{code_, round_->id, e.at});
  }
  record(std::move(batch), [this, self = shared_from_this(), reactions = std::move(reactions)] {
    for (const auto& r : reactions) broadcast(r);
  });
  if (!only_reactions) round_changed();
}

void Room::round_changed() {
  round_dirty_ = true;
  // Views are sent once all that they show is on disk; under load, one publish covers many changes.
  after_recorded([this, self = shared_from_this()] {
    if (!pending_.empty() || !round_dirty_) return;
    round_dirty_ = false;
    publish_round();
  });
}

void Room::run_command(const games::Command& command, const std::shared_ptr<Member>& session, const json& re) {
  auto outcome = round_->round.handle(command, wall_clock_ms());
  commit(outcome.events);
  // The reply waits for the disk: "ok" means the play is kept.
  after_recorded([session, re, rejection = std::move(outcome.rejection)] {
    if (rejection) {
      session->send(protocol::error_frame({rejection->code, rejection->message, ""}, re));
    } else {
      session->send(protocol::frame({{"type", "ok"}}, re));
    }
  });
  schedule_tick();
}

void Room::run_server_command(std::string kind, json data) {
  if (!round_) return;
  auto outcome = round_->round.handle({std::move(kind), std::string(games::server_actor), std::move(data)}, wall_clock_ms());
  commit(outcome.events);
  schedule_tick();
}

void Room::schedule_tick() {
  timer_.cancel();
  if (!round_ || closed_) return;
  const auto next = round_->round.next_deadline();
  if (!next) return;
  timer_.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(0, *next - wall_clock_ms())));
  timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (ec != net::error::operation_aborted) self->on_tick();
  });
}

void Room::on_tick() {
  if (!round_ || closed_) return;
  commit(round_->round.tick(wall_clock_ms()));
  schedule_tick();
}

void Room::new_round(const std::shared_ptr<Member>& session, const protocol::Envelope& env) {
  auto fail = [&](protocol::Error e) { reply(session, protocol::error_frame(e, env.id)); };
  if (round_running()) return fail({"round_running", "A round is on. End it before starting another.", ""});
  const auto cfg = env.body.find("config");
  if (cfg == env.body.end()) return fail({"missing_field", "config is required.", "config"});
  if (!cfg->is_object()) return fail({"bad_field", "config must be an object.", "config"});
  if (cfg->contains("circles")) {
    return fail({"bad_field", "The room's circles are used; arrange them with split and move.", "config.circles"});
  }
  bool start = false;
  if (auto it = env.body.find("start"); it != env.body.end()) {
    if (!it->is_boolean()) return fail({"bad_field", "start must be true or false.", "start"});
    start = it->get<bool>();
  }
  const auto circles = seating_.for_round();
  if (circles.empty()) return fail({"no_players", "Nobody has joined this room yet.", ""});

  json config = *cfg;
  config["circles"] = json::array();
  for (const auto& c : circles) config["circles"].push_back({{"id", c.id}, {"members", c.members}});
  if (!config.contains("seed")) config["seed"] = random_seed();
  if (!config.contains("v")) config["v"] = games::config_version;
  auto parsed = games::parse_config(config);
  if (parsed.error) {
    const auto& e = *parsed.error;
    return fail({e.code, e.message, e.field.empty() ? "config" : "config." + e.field});
  }
  ++rounds_made_;
  const std::string id = "r" + std::to_string(rounds_made_);
  record({store::StartRound{code_, id, games::to_json(*parsed.config).dump(), wall_clock_ms()}}, [] {});
  round_.emplace(Live{id, rounds_made_, games::Round(std::move(*parsed.config))});
  timer_.cancel();
  reaction_buckets_.clear();
  // Who is away right now is passed over from the start.
  for (const auto& c : circles) {
    for (const auto& id : c.members) {
      const auto* m = roster_.find(id);
      if (m && !m->online()) run_server_command("presence", {{"participant", id}, {"online", false}});
    }
  }
  round_changed();
  if (start) return run_command({"start", std::string(games::facilitator_actor), json::object()}, session, env.id);
  after_recorded([session, re = env.id] { session->send(protocol::frame({{"type", "ok"}}, re)); });
}

void Room::steer(const std::shared_ptr<Member>& session, const protocol::Envelope& env) {
  std::string action;
  if (auto e = string_field(env.body, "action", action)) return reply(session, protocol::error_frame(*e, env.id));
  if (!is_steer_action(action)) {
    return reply(session, protocol::error_frame({"bad_field", "Unknown action \"" + action + "\".", "action"}, env.id));
  }
  if (!round_) return reply(session, protocol::error_frame(no_round, env.id));
  run_command({action, std::string(games::facilitator_actor), command_data(env.body)}, session, env.id);
}

bool Room::take_reaction_token(const std::string& participant, std::int64_t now) {
  return reaction_buckets_.try_emplace(participant, reaction_burst, reactions_per_second, now).first->second.take(now);
}

void Room::play(const std::shared_ptr<Member>& session, const Seat& seat, const protocol::Envelope& env) {
  std::string action;
  if (auto e = string_field(env.body, "action", action)) return reply(session, protocol::error_frame(*e, env.id));
  if (!is_play_action(action)) {
    return reply(session, protocol::error_frame({"bad_field", "Unknown action \"" + action + "\".", "action"}, env.id));
  }
  if (!round_) return reply(session, protocol::error_frame(no_round, env.id));
  // The round the phone was looking at: a play sent just as the facilitator started the next
  // round (an answer to the old prompt, say) must not land in the new one.
  if (auto it = env.body.find("round"); it != env.body.end()) {
    if (!it->is_string() || it->get_ref<const std::string&>().size() > 64) {
      return reply(session, protocol::error_frame({"bad_field", "round must be a round id.", "round"}, env.id));
    }
    if (it->get_ref<const std::string&>() != round_->id) {
      return reply(session, protocol::error_frame({"round_over", "That round is over: a new one has started.", ""}, env.id));
    }
  }
  if (action == "react" && !take_reaction_token(seat.participant_id, wall_clock_ms())) {
    return reply(session, protocol::error_frame({"rate_limited", "Slow down: one reaction a second.", ""}, env.id));
  }
  run_command({action, seat.participant_id, command_data(env.body)}, session, env.id);
}

void Room::publish_circles() { broadcast({{"type", "circles"}, {"circles", seating_.to_json()}}); }

void Room::kick(const std::string& participant) {
  roster_.remove(participant);
  seating_.remove(participant);
  people_changed();
  reaction_buckets_.erase(participant);
  last_views_.erase(participant);
  std::erase_if(tokens_, [&](const auto& t) { return t.second == participant; });
  auto self = shared_from_this();
  for (auto it = members_.begin(); it != members_.end();) {
    if (it->second.seat.role == Role::participant && it->second.seat.participant_id == participant) {
      it->second.session->send(protocol::frame({{"type", "kicked"}}));
      it->second.session->dismissed(self);
      it = members_.erase(it);
    } else {
      ++it;
    }
  }
  update_counts();
  record({room_event("kicked", {{"participant", participant}}), circles_event()}, [this, self, participant] {
    broadcast({{"type", "left"}, {"id", participant}});  // pages take them out of their circle too
  });
  if (round_running()) {
    const auto& people = round_->round.state().people;
    if (auto p = people.find(participant); p != people.end() && !p->second.left) {
      run_server_command("leave", {{"participant", participant}});
    }
  }
}

void Room::arrange(const std::shared_ptr<Member>& session, const protocol::Envelope& env) {
  auto fail = [&](protocol::Error e) { reply(session, protocol::error_frame(e, env.id)); };
  auto ok = [&] { reply(session, protocol::frame({{"type", "ok"}}, env.id)); };
  // Circles changed: recorded, then shown.
  auto circles_changed = [&] { record({circles_event()}, [this, self = shared_from_this()] { publish_circles(); }); };
  const auto& body = env.body;
  if (env.type == "shuffle") {
    seating_.shuffle(random_seed());
    people_changed();
    circles_changed();
    return ok();
  }
  if (env.type == "split") {
    auto it = body.find("count");
    if (it == body.end()) return fail({"missing_field", "count is required.", "count"});
    people_changed();
    if (!it->is_number_integer() || !seating_.split(it->get<std::size_t>())) {
      return fail({"bad_field", "count must be a number of circles from 1 to " + std::to_string(games::limits::max_circles) + ".", "count"});
    }
    circles_changed();
    return ok();
  }
  std::string participant;
  if (auto e = string_field(body, "participant", participant)) return fail(*e);
  if (!roster_.find(participant)) return fail({"unknown_participant", "There is no such participant in this room.", "participant"});
  if (env.type == "kick") {
    kick(participant);
    return ok();
  }
  if (env.type == "rename") {
    std::string name;
    if (auto e = string_field(body, "name", name)) return fail(*e);
    people_changed();
    if (auto e = roster_.rename(participant, name)) return fail({e->code, e->message, "name"});
    const auto* m = roster_.find(participant);
    record({store::Participant{code_, m->id, m->name, "", 0}}, [this, self = shared_from_this(), message = json{
                                                                    {"type", "participant"}, {"participant", participant_json(*m)}}] {
      broadcast(message);
    });
    return ok();
  }
  // move
  std::string circle;
  if (auto e = string_field(body, "circle", circle)) return fail(*e);
  std::optional<std::size_t> position;
  if (auto it = body.find("position"); it != body.end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
      return fail({"bad_field", "position must be a whole number from 0.", "position"});
    }
    position = it->get<std::size_t>();
  }
  people_changed();
  if (!seating_.move(participant, circle, position)) {
    return fail({"unknown_circle", "There is no circle \"" + circle + "\" in this room.", "circle"});
  }
  circles_changed();
  ok();
}

}  // namespace earshot::server
