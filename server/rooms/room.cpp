// Seating connections, people coming and going, closing the room (room.hpp lists the other files).
#include "server/rooms/room.hpp"

#include <chrono>

#include "server/rooms/ids.hpp"
#include "server/rooms/welcome.hpp"

namespace earshot::server {

using nlohmann::json;

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Room::Room(net::io_context& ioc, std::string code, std::string join_url, std::int64_t created_ms,
           std::function<void()> on_change, store::EventStore* store, DeckLibrary* decks,
           PlanLibrary* plans)
    : strand_(net::make_strand(ioc)),
      code_(std::move(code)),
      join_url_(std::move(join_url)),
      created_ms_(created_ms),
      on_change_(std::move(on_change)),
      store_(store),
      decks_(decks),
      plans_(plans),
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
  return {{"code", code_},
          {"joinUrl", join_url_},
          {"participants", std::move(people)},
          {"circles", seating_.to_json()},
          {"doors", doors_json()}};
}

const std::string& Room::snapshot_text() const {
  if (snapshot_text_.empty()) snapshot_text_ = snapshot().dump(-1, ' ', false, json::error_handler_t::replace);
  return snapshot_text_;
}

games::Audience Room::audience_of(const Seat& seat) const {
  switch (seat.role) {
    case Role::participant: return games::Audience::of_participant(seat.participant_id);
    case Role::facilitator:
    case Role::assistant: return seat.view == "stage" ? games::Audience::stage() : games::Audience::facilitator();
    default: return games::Audience::stage();
  }
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
    session->send(protocol::error_frame(protocol::room_not_found(code_), re));
    return done(std::nullopt);
  }
  Seat seat;
  std::string token;
  bool is_new = false;
  store::Batch batch;
  switch (hello.role) {
    case protocol::HelloRole::participant_new: {
      // Those who joined before always come back (with their token); new people only while the
      // doors are open and there is room.
      std::optional<protocol::Error> shut;
      if (doors_.locked) {
        shut = protocol::Error{"room_locked", "This room is closed to new people: ask the facilitator to let you in.", ""};
      } else if (doors_.cap && roster_.members().size() >= *doors_.cap) {
        shut = protocol::Error{"room_full", "This room is full: ask the facilitator to make room for you.", ""};
      }
      if (shut) {
        after_recorded([session, e = *shut, re, done] {
          session->send(protocol::error_frame(e, re));
          done(std::nullopt);
        });
        return;
      }
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
    case protocol::HelloRole::assistant:
      if (!is_assistant_key(hello.secret)) {
        after_recorded([session, re, done] {
          session->send(protocol::error_frame({"bad_key", "That key is not right (or no longer) for this room.", "key"}, re));
          done(std::nullopt);
        });
        return;
      }
      seat = {Role::assistant, {}, hello.view};
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
      const std::string round = round_text(audience_of(seat), wall_clock_ms());
      Welcome welcome;
      welcome.seat = seat;
      welcome.token = token;
      if (me) welcome.you = {{"id", me->id}, {"name", me->name}};
      welcome.rooms = rooms;
      welcome.room = snapshot_text();
      welcome.round = round;
      if (seat.role != Role::participant) welcome.step = step_json();
      if (runs_room(seat.role) && seat.view == "facilitator") welcome.plan = plan_json();
      if (seat.role == Role::facilitator && seat.view == "facilitator") welcome.assistant = assistant_json();
      std::string text = welcome_frame(welcome, re);
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

  if (is_new && round_running() && !doors_.hold) {
    // Latecomers play along (unless they are held for the next round): in their circle if the
    // round has it, else in the round's first.
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
  await_return({seat.participant_id});
}

void Room::await_return(std::vector<std::string> participants) {
  if (participants.empty()) return;
  auto timer = std::make_shared<net::steady_timer>(strand_, presence_grace);
  timer->async_wait([self = shared_from_this(), timer, ids = std::move(participants)](boost::system::error_code) {
    for (const auto& id : ids) self->release(id);
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
    for (auto& [_, member] : members_) dismiss(member.session, self);
    members_.clear();
    if (on_change_) on_change_();
  });
}

}  // namespace earshot::server
