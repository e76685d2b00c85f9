#pragma once
// What a room knows of a connection seated in it: somewhere to send frames, and someone to tell
// when the room lets them go. The network's WebSocket session is one (server/net/ws_session.hpp);
// the rooms' unit tests seat fakes. Every function is thread-safe: a room calls them on its own
// strand, and the member hands the work to its own.

#include <memory>
#include <string>

#include "server/rooms/frame.hpp"

namespace earshot::server {

class Room;

class Member {
 public:
  virtual ~Member() = default;
  // Queues a frame (shared, so a broadcast is serialized once).
  virtual void send(FramePtr frame) = 0;
  void send(std::string frame) { send(make_frame(std::move(frame))); }
  // Queues a round view. Views are whole, so one still waiting to go out may be replaced by it: a
  // phone that reads slowly skips to the newest view instead of a backlog.
  virtual void send_view(FramePtr frame) = 0;
  // The room closed, or removed this participant (kick). Participants and observers are then
  // disconnected; a facilitator stays connected.
  virtual void dismissed(std::shared_ptr<Room> room) = 0;
};

}  // namespace earshot::server
