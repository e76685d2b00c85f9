// Recording: everything the room announces is on disk first; and rebuilding a room from its record.
#include "server/rooms/room.hpp"

#include <iostream>

namespace earshot::server {

using nlohmann::json;

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
      if (runs_room(m.seat.role)) m.session->send(frame);
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
  json last_activity = nullptr;  // which activity of the plan the last round is (room_plan.cpp)
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
        } else if (e.kind == "doors") {
          doors_.locked = data.value("locked", false);
          doors_.cap = data.contains("cap") && data["cap"].is_number_unsigned() ? std::optional<std::size_t>(data["cap"].get<std::size_t>())
                                                                              : std::nullopt;
          doors_.hold = data.value("hold", false);
        } else if (e.kind == "assistant") {
          restore_assistant(data);
        } else if (e.kind == "plan") {
          restore_plan(data);
          if (data.contains("round") && !rounds.empty() && data["round"] == rounds.back().id) {
            last_activity = data.value("activity", json(nullptr));
          }
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
      round_.emplace(Live{rounds.back().id, rounds_made_, games::replay(*parsed.config, last_round), last_activity});
    } catch (const std::exception& ex) {
      std::cerr << "earshot: room " << code_ << ": could not rebuild round " << rounds.back().id << ": " << ex.what()
                << std::endl;
    }
  }
  // Nobody is connected yet, and nothing was recorded of the connections that ended with the old
  // server. Each participant's connection counts as one that has just ended: online for the grace,
  // as the round in play still has them, then away by the same path as a phone that drops
  // (release), unless they are back by then. Whom that round already had away stays away.
  std::vector<std::string> returning;
  for (const auto& m : roster_.members()) {
    if (round_running()) {
      const auto& people = round_->round.state().people;
      if (auto p = people.find(m.id); p != people.end() && !p->second.left && !p->second.online) continue;
    }
    roster_.connect(m.id);
    returning.push_back(m.id);
  }
  participant_count_ = roster_.members().size();
  online_count_ = roster_.online_count();
  people_changed();
  // Timers resume from the stored deadlines (what ran out while the server was down runs out now);
  // the grace starts when the server does.
  net::post(strand_, [self = shared_from_this(), returning = std::move(returning)]() mutable {
    self->schedule_tick();
    self->await_return(std::move(returning));
  });
}

}  // namespace earshot::server
