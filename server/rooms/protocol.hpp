#pragma once
// Parsing and checking of the JSON messages clients send (docs/protocol.md is the contract): the
// list of message types, and one parser per type that turns a message's body into a typed
// request, or into the error to answer. Everything here is pure: frames in, checked values or a
// stable error out. Whether a connection may send a type (Desk) and what it does (Room) are decided
// elsewhere, after this.

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "games/deck.hpp"

namespace earshot::server::protocol {

using nlohmann::json;

inline constexpr std::size_t max_frame_bytes = 16 * 1024;
inline constexpr int max_json_depth = 16;
inline constexpr std::size_t max_id_chars = 64;
inline constexpr std::size_t max_name_bytes = 200;  // on the wire; the cleaned name is shorter
inline constexpr std::size_t max_secret_bytes = 128;
inline constexpr std::size_t max_field_bytes = 256;  // an action, a participant or circle id, a name to rename to
inline constexpr std::size_t max_steps = 1000;       // a `step` is 0 .. max_steps - 1

struct Error {
  std::string code;     // stable, snake_case: see docs/protocol.md
  std::string message;  // readable
  std::string field;    // the offending field, when there is one
};

// The errors every parser words alike.
Error missing_field(std::string field);
Error bad_field(std::string field, std::string why);  // `why` follows the quoted field name
Error room_not_found(const std::string& code);

// A message that passed the envelope checks: an object with a string "type" and a valid "id".
struct Envelope {
  std::string type;
  json id;  // null when the client sent none
  json body;
};
std::variant<Envelope, Error> parse_envelope(std::string_view frame);

// Every message type a client may send, and its name on the wire (the one list of them).
enum class MessageType {
  hello, ping,
  create_room, open_room, close_room, list_rooms, delete_session,  // the facilitator's, without a room
  new_round, steer, play, kick, rename, split, move, shuffle,       // requests to the connection's room
  step,                                                             // (presentation, not a game rule)
  plan, activity, plan_next,                                        // following a workshop plan
  doors, assistant                                                  // who may come in, and steer
};
inline constexpr std::array<std::pair<MessageType, std::string_view>, 21> message_types = {{
    {MessageType::hello, "hello"},
    {MessageType::ping, "ping"},
    {MessageType::create_room, "create_room"},
    {MessageType::open_room, "open_room"},
    {MessageType::close_room, "close_room"},
    {MessageType::list_rooms, "list_rooms"},
    {MessageType::delete_session, "delete_session"},
    {MessageType::new_round, "new_round"},
    {MessageType::steer, "steer"},
    {MessageType::play, "play"},
    {MessageType::kick, "kick"},
    {MessageType::rename, "rename"},
    {MessageType::split, "split"},
    {MessageType::move, "move"},
    {MessageType::shuffle, "shuffle"},
    {MessageType::step, "step"},
    {MessageType::plan, "plan"},
    {MessageType::activity, "activity"},
    {MessageType::plan_next, "plan_next"},
    {MessageType::doors, "doors"},
    {MessageType::assistant, "assistant"},
}};
// nullopt: unknown_type.
std::optional<MessageType> message_type(std::string_view type);
// Whether the message goes to the connection's room (new_round ... step).
bool is_room_request(MessageType type);

// ---- The typed requests, one per message type --------------------------------------------------

// A hello with a key is the facilitator's when the key is the facilitator key; otherwise, with a
// room, the Desk asks that room whether it is the room's assistant key (HelloRole::assistant).
enum class HelloRole { participant_new, participant_token, facilitator, observer, assistant };

struct Hello {
  HelloRole role{};
  std::string room;    // normalized code; empty only for a facilitator without a room
  std::string secret;  // the raw name, the token or the key, by role
  std::string view;    // "phone", "facilitator", "stage" or "observer"
};
struct Ping {};
struct CreateRoom {};
struct OpenRoom {
  std::string room;
};
struct CloseRoom {
  std::optional<std::string> room;  // nullopt: the connection's own room
};
struct ListRooms {};
struct DeleteSession {
  std::string room;
};
// Where a new round's seed word, title, stimuli or prompt comes from when it is drawn from a deck
// (server/rooms/decks.hpp draws it).
struct DeckDraw {
  std::string deck;                               // a deck id: "seeds", "d3", ...
  games::DrawMode mode = games::DrawMode::random;
  std::size_t count = 1;                          // 1..games::limits::max_stimuli
};
struct NewRound {
  json config;  // an object without "circles"; the rules check the rest
  bool start = false;
  std::optional<DeckDraw> draw;
};
struct Steer {
  std::string action;  // one of games::steer_actions
  json data;           // the command's fields: the message without type, id, action
};
struct Play {
  std::string action;                // one of games::play_actions
  std::optional<std::string> round;  // the round the phone was showing
  json data;                         // the command's fields: the message without type, id, action, round
};
struct Kick {
  std::string participant;
};
struct Rename {
  std::string participant;
  std::string name;  // raw: the roster cleans and checks it
};
struct Split {
  std::size_t count = 1;  // 1..games::limits::max_circles
};
struct Move {
  std::string participant;
  std::string circle;
  std::optional<std::size_t> position;  // nullopt: the end
};
struct Shuffle {};
// Which step of a reveal's or a round's results the stage shows (docs/protocol.md, "step").
struct Step {
  std::size_t step = 0;              // 0 .. max_steps - 1
  std::optional<std::string> steps;  // the steps the sender was showing ("r2:results"); nullopt: the current ones
};

// Following a workshop plan (docs/protocol.md, "Running a plan in a room").
struct UsePlan {
  std::optional<std::string> plan;  // a plan id ("warm-up", "p3"); nullopt: follow none
};
struct RunActivity {
  std::optional<std::size_t> index;  // nullopt: the next one
};
struct PlanNext {
  std::size_t index = 0;  // 0 .. the plan's size (its size: nothing left)
};

// Who may come in (docs/protocol.md, "doors"): each field given changes, the others stay.
struct Doors {
  std::optional<bool> locked;                    // no new people (those who joined come back)
  std::optional<std::optional<std::size_t>> cap;  // at most this many people (nullopt inside: no cap)
  std::optional<bool> hold;                      // latecomers wait for the next round
};

// The assistant's link (docs/protocol.md, "assistant"): a new key for the room (replacing any
// earlier one), or none.
struct Assistant {
  bool create = false;  // false: revoke
};

// What a room is asked to do (Room::request), and any message at all.
using RoomRequest = std::variant<NewRound, Steer, Play, Kick, Rename, Split, Move, Shuffle, Step, UsePlan, RunActivity,
                                 PlanNext, Doors, Assistant>;
using Request = std::variant<Hello, Ping, CreateRoom, OpenRoom, CloseRoom, ListRooms, DeleteSession, RoomRequest>;

// The body of a message of `type`, checked field by field.
std::variant<Request, Error> parse_request(MessageType type, const json& body);
// The single parsers, for those who know what they expect.
std::variant<Hello, Error> parse_hello(const json& body);
// A room code field ("room"), required: normalized, or room_not_found for a code that can't exist.
std::variant<std::string, Error> parse_room_field(const json& body);

// Replies. `re` is the request id being answered (null for none).
std::string error_frame(const Error& e, const json& re = nullptr);
std::string frame(json message, const json& re = nullptr);

}  // namespace earshot::server::protocol
