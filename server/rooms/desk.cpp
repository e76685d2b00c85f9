#include "server/rooms/desk.hpp"

#include "server/rooms/ids.hpp"
#include "server/rooms/room.hpp"
#include "server/rooms/welcome.hpp"

namespace earshot::server {

using nlohmann::json;
using protocol::MessageType;

namespace {

const protocol::Error not_joined{"not_joined", "Say hello first.", ""};
const protocol::Error facilitator_only{"forbidden", "Only the facilitator can do that.", ""};
const protocol::Error not_for_assistants{"assistant_forbidden",
                                         "An assistant's link cannot do that: ask the facilitator.", ""};

// What an assistant may ask of its room: steer its rounds, show their results, arrange its people
// and run the plan's activities. Not the rooms (open, close, list, delete), the doors, the plan
// followed, nor the assistant's link itself.
bool assistant_may(MessageType type) {
  switch (type) {
    case MessageType::new_round:
    case MessageType::steer:
    case MessageType::kick:
    case MessageType::rename:
    case MessageType::split:
    case MessageType::move:
    case MessageType::shuffle:
    case MessageType::step:
    case MessageType::activity:
    case MessageType::plan_next: return true;
    default: return false;
  }
}

// Who may send a message of `type`, by role: the error to answer, or nullopt.
std::optional<protocol::Error> refusal(MessageType type, const Visit& visit) {
  const Role role = visit.seat.role;
  switch (type) {
    case MessageType::ping: return std::nullopt;
    case MessageType::hello:
      if (role != Role::none || visit.hello_pending) {
        return protocol::Error{"already_joined", "This connection has already said hello.", ""};
      }
      return std::nullopt;
    case MessageType::play:  // (someone just watching may react: the rules say so, games/round.cpp)
      if (role == Role::none) return not_joined;
      if (role != Role::participant && role != Role::observer) return protocol::Error{"forbidden", "Only participants play.", ""};
      return std::nullopt;
    default:  // the facilitator's: their rooms, and the requests to a room
      if (role == Role::none) return not_joined;
      if (role == Role::assistant) return assistant_may(type) ? std::nullopt : std::optional(not_for_assistants);
      if (role != Role::facilitator) return facilitator_only;
      return std::nullopt;
  }
}

}  // namespace

Desk::Desk(net::io_context& ioc, Registry& registry, store::EventStore* store, std::string facilitator_key)
    : registry_(registry), store_(store), facilitator_key_(std::move(facilitator_key)), rooms_timer_(net::make_strand(ioc)) {}

Desk::Next Desk::take(const std::shared_ptr<Member>& member, protocol::Envelope env) {
  auto fail = [&](const protocol::Error& e) {
    member->send(protocol::error_frame(e, env.id));
    return Next::read_on;
  };
  const auto type = protocol::message_type(env.type);
  if (!type) return fail({"unknown_type", "Unknown message type \"" + env.type + "\".", "type"});
  Visit& visit = member->visit();
  // A request to a room goes to the room even when it is refused: its answer then waits behind
  // the answers to what the connection asked the room before (replies keep the order of requests).
  if (protocol::is_room_request(*type) && visit.seat.role != Role::none && visit.room) return to_room(member, *type, env);
  if (protocol::is_room_request(*type) && visit.seat.role != Role::none) {
    return fail({"room_not_found", "Open a room first.", "room"});
  }
  if (auto e = refusal(*type, visit)) return fail(*e);
  auto parsed = protocol::parse_request(*type, env.body);
  if (auto* e = std::get_if<protocol::Error>(&parsed)) return fail(*e);
  auto& request = std::get<protocol::Request>(parsed);

  if (auto* h = std::get_if<protocol::Hello>(&request)) return hello(member, std::move(*h), env.id);
  if (std::holds_alternative<protocol::Ping>(request)) {
    member->send(protocol::frame({{"type", "pong"}}, env.id));
    return Next::read_on;
  }
  if (std::holds_alternative<protocol::ListRooms>(request)) {
    member->send(rooms_frame(env.id));
    return Next::read_on;
  }
  if (auto* close = std::get_if<protocol::CloseRoom>(&request)) {
    close_room(member, *close, env.id);
    return Next::read_on;
  }
  if (auto* del = std::get_if<protocol::DeleteSession>(&request)) {
    delete_session(member, del->room, env.id);
    return Next::read_on;
  }
  if (std::holds_alternative<protocol::CreateRoom>(request)) {
    auto room = registry_.create();
    if (!room) return fail({"too_many_rooms", "This server has as many open rooms as it allows. Close one first.", ""});
    return create_or_open(member, std::move(room), env.id);
  }
  const auto& code = std::get<protocol::OpenRoom>(request).room;
  auto room = registry_.find(code);
  if (!room) return fail(protocol::room_not_found(code));
  return create_or_open(member, std::move(room), env.id);
}

Desk::Next Desk::hello(const std::shared_ptr<Member>& member, protocol::Hello hello, const json& re) {
  Visit& visit = member->visit();
  if (hello.role == protocol::HelloRole::facilitator && !same_secret(hello.secret, facilitator_key_)) {
    // Not the facilitator key: with a room, it may be that room's assistant key (the room knows).
    if (hello.room.empty()) {
      member->send(protocol::error_frame({"bad_key", "That facilitator key is not right.", "key"}, re));
      return Next::read_on;
    }
    hello.role = protocol::HelloRole::assistant;
  }
  if (hello.role == protocol::HelloRole::facilitator) {
    {
      std::lock_guard lock(facilitators_mutex_);
      std::erase_if(facilitators_, [](const auto& f) { return f.second.expired(); });
      facilitators_[member.get()] = member;
    }
    if (hello.room.empty()) {  // a facilitator who hasn't picked a room yet
      visit.seat = {Role::facilitator, {}, hello.view};
      Welcome welcome;
      welcome.seat = visit.seat;
      welcome.rooms = rooms_json();
      member->send(welcome_frame(welcome, re));
      return Next::read_on;
    }
  }
  auto room = registry_.find(hello.room);
  if (!room) {
    member->send(protocol::error_frame(protocol::room_not_found(hello.room), re));
    return Next::read_on;
  }
  visit.hello_pending = true;
  seat_in(member, std::move(room), std::move(hello), re);
  return Next::wait;
}

Desk::Next Desk::create_or_open(const std::shared_ptr<Member>& member, std::shared_ptr<Room> room, const json& re) {
  leave(member);
  const auto code = room->code();
  seat_in(member, std::move(room), {protocol::HelloRole::facilitator, code, {}, member->visit().seat.view}, re);
  return Next::wait;
}

void Desk::close_room(const std::shared_ptr<Member>& member, const protocol::CloseRoom& close, const json& re) {
  Visit& visit = member->visit();
  // The room named in the message, or else the one this connection is in.
  if (!close.room && !visit.room) {
    member->send(protocol::error_frame(protocol::missing_field("room"), re));
    return;
  }
  const std::string code = close.room ? *close.room : visit.room->code();
  auto room = registry_.remove(code);
  if (!room) {
    member->send(protocol::error_frame(protocol::room_not_found(code), re));
    return;
  }
  if (room == visit.room) visit.room.reset();
  member->send(rooms_frame(re));
  net::post(room->strand(), [room] { room->close(); });
}

// Deletes a session's record for good (closing its room first if it is open).
void Desk::delete_session(const std::shared_ptr<Member>& member, const std::string& code, const json& re) {
  if (!store_ || !store_->session(code)) {
    member->send(protocol::error_frame({"room_not_found", "There is no session with the code \"" + code + "\".", "room"}, re));
    return;
  }
  auto append_delete = [this, member, code, re] {
    store_->append({store::DeleteSession{code}}, [this, member, re](const store::Outcome& outcome) {
      if (!outcome.error.empty()) {
        member->send(protocol::error_frame({"not_saved", "Could not delete: " + outcome.error, ""}, re));
      } else {
        member->send(rooms_frame(re));
      }
    });
  };
  if (auto room = registry_.remove(code)) {
    // An open room closes first, on its strand; the delete is appended right after its close
    // (the writer keeps the order of appends), so nothing of the room is written after it.
    if (room == member->visit().room) member->visit().room.reset();
    net::post(room->strand(), [room] { room->close(); });
    net::post(room->strand(), append_delete);
  } else {
    append_delete();
  }
}

// Round and arrangement requests go to the room, on its strand, checked or refused. The member
// reads on once the room has taken this one.
Desk::Next Desk::to_room(const std::shared_ptr<Member>& member, MessageType type, const protocol::Envelope& env) {
  const Visit& visit = member->visit();
  std::variant<protocol::Request, protocol::Error> parsed = protocol::Error{};
  if (auto e = refusal(type, visit)) parsed = std::move(*e);
  else parsed = protocol::parse_request(type, env.body);
  net::post(visit.room->strand(), [member, room = visit.room, seat = visit.seat, parsed = std::move(parsed), re = env.id] {
    if (auto* e = std::get_if<protocol::Error>(&parsed)) room->refuse(member, *e, re);
    else room->request(member, seat, std::get<protocol::RoomRequest>(std::get<protocol::Request>(parsed)), re);
    member->post([member] { member->read_on(); });
  });
  return Next::wait;
}

void Desk::seat_in(const std::shared_ptr<Member>& member, std::shared_ptr<Room> room, protocol::Hello hello, json re) {
  json rooms = hello.role == protocol::HelloRole::facilitator ? rooms_json() : json();
  net::post(room->strand(), [member, room, hello = std::move(hello), re = std::move(re), rooms = std::move(rooms)] {
    // Reading resumes once the welcome (or the error) is queued, so replies keep their order.
    room->attach(member, hello, re, rooms, [member, room](std::optional<Seat> seat) {
      member->post([member, room, seat = std::move(seat)] {
        Visit& visit = member->visit();
        visit.hello_pending = false;
        if (seat) {
          visit.seat = *seat;
          visit.room = room;
        }
        member->read_on();
      });
    });
  });
}

void Desk::leave(const std::shared_ptr<Member>& member) {
  Visit& visit = member->visit();
  if (!visit.room) return;
  net::post(visit.room->strand(), [room = visit.room, member] { room->detach(member); });
  visit.room.reset();
}

json Desk::rooms_json() const {
  json list = json::array();
  for (const auto& r : registry_.list()) list.push_back(r->summary());
  return list;
}

std::string Desk::rooms_frame(const json& re) const { return protocol::frame({{"type", "rooms"}, {"rooms", rooms_json()}}, re); }

void Desk::rooms_changed() {
  if (rooms_push_pending_.exchange(true)) return;  // a push is already on its way
  rooms_timer_.expires_after(rooms_push_delay);
  rooms_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) push_rooms();
  });
}

void Desk::push_rooms() {
  rooms_push_pending_ = false;  // changes from now on schedule another push
  std::vector<std::shared_ptr<Member>> targets;
  {
    std::lock_guard lock(facilitators_mutex_);
    for (auto it = facilitators_.begin(); it != facilitators_.end();) {
      if (auto m = it->second.lock()) {
        targets.push_back(std::move(m));
        ++it;
      } else {
        it = facilitators_.erase(it);
      }
    }
  }
  if (targets.empty()) return;
  auto frame = make_frame(rooms_frame());
  for (auto& m : targets) m->send(frame);
}

}  // namespace earshot::server
