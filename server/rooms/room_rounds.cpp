// Requests to a room: rounds, plays and steering, and arranging the circles. Each replies ok or an
// error to the member that asked, in the order it asked; what changed is recorded, then shown.
#include "server/rooms/room.hpp"

#include <algorithm>

#include "games/deck.hpp"
#include "games/vocabulary.hpp"
#include "server/rooms/decks.hpp"
#include "server/rooms/ids.hpp"

namespace earshot::server {

using nlohmann::json;

namespace {

const protocol::Error no_round{"no_round", "There is no round in this room yet.", ""};
const protocol::Error unknown_participant{"unknown_participant", "There is no such participant in this room.", "participant"};

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

}  // namespace

void Room::reply(const std::shared_ptr<Member>& member, std::string frame) {
  // Replies keep the order of requests: none overtakes one that waits for the disk.
  after_recorded([member, frame = std::move(frame)]() mutable { member->send(std::move(frame)); });
}

void Room::reply_ok(const std::shared_ptr<Member>& member, const json& re) { reply(member, protocol::frame({{"type", "ok"}}, re)); }

void Room::refuse(const std::shared_ptr<Member>& member, const protocol::Error& error, const json& re) {
  reply(member, protocol::error_frame(error, re));
}

void Room::request(const std::shared_ptr<Member>& member, const Seat& seat, const protocol::RoomRequest& request,
                   const json& re) {
  if (closed_) return refuse(member, {"room_not_found", "This room has been closed.", "room"}, re);
  std::visit(Overloaded{
                 [&](const protocol::NewRound& r) { new_round(member, r, re); },
                 [&](const protocol::Steer& r) { steer(member, r, re); },
                 [&](const protocol::Play& r) { play(member, seat, r, re); },
                 [&](const protocol::Kick& r) { kick(member, r, re); },
                 [&](const protocol::Rename& r) { rename(member, r, re); },
                 [&](const protocol::Split& r) { split(member, r, re); },
                 [&](const protocol::Move& r) { move(member, r, re); },
                 [&](const protocol::Shuffle&) { shuffle(member, re); },
                 [&](const protocol::Step& r) { show_step(member, r, re); },
                 [&](const protocol::UsePlan& r) { use_plan(member, r, re); },
                 [&](const protocol::RunActivity& r) { run_activity(member, r, re); },
                 [&](const protocol::PlanNext& r) { plan_next(member, r, re); },
                 [&](const protocol::Doors& r) { set_doors(member, r, re); },
                 [&](const protocol::Assistant& r) { set_assistant(member, r, re); },
             },
             request);
}

// ---- Rounds ------------------------------------------------------------------------------------

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

void Room::new_round(const std::shared_ptr<Member>& member, const protocol::NewRound& r, const json& re,
                     std::optional<std::size_t> activity) {
  auto fail = [&](protocol::Error e) { refuse(member, e, re); };
  if (round_running()) return fail({"round_running", "A round is on. End it before starting another.", ""});
  const auto circles = seating_.for_round();
  if (circles.empty()) return fail({"no_players", "Nobody has joined this room yet.", ""});

  json config = r.config;
  config["circles"] = json::array();
  for (const auto& c : circles) config["circles"].push_back({{"id", c.id}, {"members", c.members}});
  if (!config.contains("seed")) config["seed"] = random_seed();
  if (!config.contains("v")) config["v"] = games::config_version;
  auto parsed = games::parse_config(config);
  // The game's seed word, title, stimuli or prompt drawn from a deck: the config is checked with
  // what was drawn, and only a round that takes it moves the deck on (docs/protocol.md).
  std::optional<store::Write> deck_place;
  const auto game = config.contains("game") && config["game"].is_string()
                        ? games::game_from_string(config["game"].get<std::string>())
                        : std::nullopt;
  if (r.draw && game) {
    const std::string field(games::deck_field(*game));
    if (config.contains(field)) {
      return fail({"bad_field", "\"draw\" and \"config." + field + "\" can't both be given.", "draw"});
    }
    if (r.draw->count > 1 && *game != games::GameKind::burst) {
      return fail({"bad_field", "\"draw.count\" is more than 1 only for a burst's stimuli.", "draw.count"});
    }
    if (!decks_) return fail({"deck_not_found", "This server has no decks.", "draw.deck"});
    const std::uint64_t seed = config["seed"].is_number_unsigned() ? config["seed"].get<std::uint64_t>() : 0;
    auto drawn = decks_->draw(*r.draw, seed, [&](std::vector<std::string> entries) {
      json with = config;
      with[field] = *game == games::GameKind::burst ? json(entries) : json(entries.front());
      parsed = games::parse_config(with);
      return !parsed.error;
    });
    if (auto* refused = std::get_if<games::DeckRefusal>(&drawn)) {
      return fail({refused->code, refused->message, refused->field});
    }
    deck_place = std::get<std::optional<store::Write>>(std::move(drawn));
  }
  if (parsed.error) {
    const auto& e = *parsed.error;
    return fail({e.code, e.message, e.field.empty() ? "config" : "config." + e.field});
  }
  ++rounds_made_;
  const std::string id = "r" + std::to_string(rounds_made_);
  store::Batch start{store::StartRound{code_, id, games::to_json(*parsed.config).dump(), wall_clock_ms()}};
  if (deck_place) start.push_back(std::move(*deck_place));
  json mark = nullptr;
  if (activity && plan_) {
    // The plan moves on with the round, in the same batch: a restart finds both or neither.
    auto& p = *plan_;
    p.current = *activity;
    p.next = *activity + 1;
    if (std::find(p.ran.begin(), p.ran.end(), *activity) == p.ran.end()) {
      p.ran.insert(std::upper_bound(p.ran.begin(), p.ran.end(), *activity), *activity);
    }
    mark = {{"index", *activity}, {"of", p.plan.activities.size()}, {"title", p.plan.activities[*activity].title}};
    auto progress = plan_event(false);
    json data = json::parse(progress.payload);
    data["round"] = id;
    data["activity"] = mark;
    progress.payload = data.dump();
    start.push_back(std::move(progress));
  }
  record(std::move(start), [] {});
  round_.emplace(Live{id, rounds_made_, games::Round(std::move(*parsed.config)), std::move(mark)});
  if (activity && plan_) plan_changed();
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
  if (r.start) return run_command({"start", std::string(games::facilitator_actor), json::object()}, member, re);
  after_recorded([member, re] { member->send(protocol::frame({{"type", "ok"}}, re)); });
}

void Room::steer(const std::shared_ptr<Member>& member, const protocol::Steer& r, const json& re) {
  if (!round_) return refuse(member, no_round, re);
  run_command({r.action, std::string(games::facilitator_actor), r.data}, member, re);
}

bool Room::take_reaction_token(const std::string& participant, std::int64_t now) {
  using namespace games::limits;
  return reaction_buckets_.try_emplace(participant, reaction_burst, reactions_per_second, now).first->second.take(now);
}

void Room::play(const std::shared_ptr<Member>& member, const Seat& seat, const protocol::Play& r, const json& re) {
  if (!round_) return refuse(member, no_round, re);
  // The round the phone was looking at: a play sent just as the facilitator started the next
  // round (an answer to the old prompt, say) must not land in the new one.
  if (r.round && *r.round != round_->id) {
    return refuse(member, {"round_over", "That round is over: a new one has started.", ""}, re);
  }
  // Someone just watching acts as the rules' watcher (who may only react), rate-limited per
  // connection like a phone.
  const bool watching = seat.role == Role::observer;
  const std::string bucket = watching ? "watcher@" + std::to_string(reinterpret_cast<std::uintptr_t>(member.get()))
                                      : seat.participant_id;
  if (r.action == "react" && !take_reaction_token(bucket, wall_clock_ms())) {
    return refuse(member, {"rate_limited", "Slow down: one reaction a second.", ""}, re);
  }
  run_command({r.action, watching ? std::string(games::watcher_actor) : seat.participant_id, r.data}, member, re);
}

// ---- Circles -----------------------------------------------------------------------------------

void Room::circles_changed() {
  people_changed();
  record({circles_event()}, [this, self = shared_from_this()] {
    broadcast({{"type", "circles"}, {"circles", seating_.to_json()}});
  });
}

void Room::kick(const std::shared_ptr<Member>& member, const protocol::Kick& r, const json& re) {
  if (!roster_.find(r.participant)) return refuse(member, unknown_participant, re);
  remove(r.participant);
  reply_ok(member, re);
}

void Room::remove(const std::string& participant) {
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
      dismiss(it->second.session, self);
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

void Room::rename(const std::shared_ptr<Member>& member, const protocol::Rename& r, const json& re) {
  if (!roster_.find(r.participant)) return refuse(member, unknown_participant, re);
  if (auto e = roster_.rename(r.participant, r.name)) return refuse(member, {e->code, e->message, "name"}, re);
  people_changed();
  const auto* m = roster_.find(r.participant);
  record({store::Participant{code_, m->id, m->name, "", 0}},
         [this, self = shared_from_this(), message = json{{"type", "participant"}, {"participant", participant_json(*m)}}] {
           broadcast(message);
         });
  reply_ok(member, re);
}

void Room::split(const std::shared_ptr<Member>& member, const protocol::Split& r, const json& re) {
  seating_.split(r.count);  // (the count is in range: protocol.cpp checked it)
  circles_changed();
  reply_ok(member, re);
}

void Room::move(const std::shared_ptr<Member>& member, const protocol::Move& r, const json& re) {
  if (!roster_.find(r.participant)) return refuse(member, unknown_participant, re);
  if (!seating_.move(r.participant, r.circle, r.position)) {
    return refuse(member, {"unknown_circle", "There is no circle \"" + r.circle + "\" in this room.", "circle"}, re);
  }
  circles_changed();
  reply_ok(member, re);
}

void Room::shuffle(const std::shared_ptr<Member>& member, const json& re) {
  seating_.shuffle(random_seed());
  circles_changed();
  reply_ok(member, re);
}

}  // namespace earshot::server
