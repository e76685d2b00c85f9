#pragma once
// The welcome (docs/protocol.md, "welcome"), built in this one place for every role: a room seats
// participants, observers and facilitators with it (Room::attach), and the Desk welcomes a
// facilitator who has no room yet.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/rooms/member.hpp"

namespace earshot::server {

struct Welcome {
  Seat seat;
  std::string token;      // participants: their token
  nlohmann::json you;     // participants: {"id","name"}
  nlohmann::json rooms;   // facilitators: the open rooms, as the `rooms` message lists them
  std::string_view room = "null";  // the room's snapshot as JSON text
  std::string_view round;          // the room's round as JSON text ("null": none); empty: not sent
  nlohmann::json plan;             // the facilitator page: where the room is in its plan (room_plan.cpp); null: none
  nlohmann::json assistant;        // the facilitator's page only: the assistant's link {"key","createdMs"}; null: none
  nlohmann::json step;             // the stage and facilitators: the step shown, {"steps","step"}; null: none
};

// The welcome as the frame's text; `re` is the hello's (or create_room's, open_room's) id.
std::string welcome_frame(const Welcome& w, const nlohmann::json& re);

}  // namespace earshot::server
