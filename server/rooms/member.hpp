#pragma once
// What the rooms know of a connection: somewhere to send frames, a strand of its own to run work
// on, a way to read on or to close, and its Visit (who it is, where it sits). The network's
// WebSocket session is one (server/net/ws_session.hpp); the rooms' unit tests seat fakes.
//
// send, send_view and post are thread-safe: a room calls them on its own strand, and the member
// hands the work to its own. read_on, disconnect and visit() belong to the member's own strand:
// the Desk (server/rooms/desk.hpp) calls them there, directly or through post.

#include <functional>
#include <memory>
#include <string>

#include "server/rooms/frame.hpp"

namespace earshot::server {

class Room;

// assistant: someone with the room's assistant key (a co-facilitator, or a participant hosting a
// circle): steers the room's rounds and arranges its people, nothing more (the Desk's rules).
enum class Role { none, participant, facilitator, observer, assistant };

// Who runs the room (the facilitator, or an assistant): they get the facilitator's view of it.
inline bool runs_room(Role role) { return role == Role::facilitator || role == Role::assistant; }

// Where a connection sits after a room (or, for a facilitator without one, the Desk) accepted its hello.
struct Seat {
  Role role = Role::none;
  std::string participant_id;  // participants only
  std::string view;            // phone, facilitator, stage, observer: decides which round view it gets
};

// A connection's standing with the rooms, changed only on its own strand.
struct Visit {
  Seat seat;                   // role none until a hello is accepted
  std::shared_ptr<Room> room;  // the room it is in (a facilitator may have none)
  bool hello_pending = false;  // a room is seating it
};

class Member {
 public:
  virtual ~Member() = default;
  // Queues a frame (shared, so a broadcast is serialized once).
  virtual void send(FramePtr frame) = 0;
  void send(std::string frame) { send(make_frame(std::move(frame))); }
  // Queues a round view. Views are whole, so one still waiting to go out may be replaced by it: a
  // phone that reads slowly skips to the newest view instead of a backlog.
  virtual void send_view(FramePtr frame) = 0;
  // Runs `work` on the member's own strand.
  virtual void post(std::function<void()> work) = 0;

  // (The member's strand.) The rooms are done with the message the member handed them last (the
  // Desk said to wait): it reads the next one. A member whose connection ended meanwhile leaves
  // its room instead.
  virtual void read_on() = 0;
  // (The member's strand.) Closes the connection (1000) once what is queued has gone out.
  virtual void disconnect() = 0;
  Visit& visit() { return visit_; }

 private:
  Visit visit_;
};

// (Any thread.) The room closed, or removed this participant (kick), or took the assistant's key
// back: participants, observers and assistants are disconnected; a facilitator stays connected (the rooms list it is pushed shows the room gone).
inline void dismiss(const std::shared_ptr<Member>& member, std::shared_ptr<Room> room) {
  member->post([member, room = std::move(room)] {
    Visit& visit = member->visit();
    if (visit.room != room) return;  // it has moved on to another room meanwhile
    visit.room.reset();
    if (visit.seat.role == Role::facilitator) return;
    visit.seat.role = Role::none;
    member->disconnect();
  });
}

}  // namespace earshot::server
