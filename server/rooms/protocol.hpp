#pragma once
// Parsing and checking of the JSON messages clients send (docs/protocol.md is the contract).
// Everything here is pure: frames in, checked values or a stable error out.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace earshot::server::protocol {

using nlohmann::json;

inline constexpr std::size_t max_frame_bytes = 16 * 1024;
inline constexpr int max_json_depth = 16;
inline constexpr std::size_t max_id_chars = 64;
inline constexpr std::size_t max_name_bytes = 200;  // on the wire; the cleaned name is shorter
inline constexpr std::size_t max_secret_bytes = 128;

struct Error {
  std::string code;     // stable, snake_case: see docs/protocol.md
  std::string message;  // readable
  std::string field;    // the offending field, when there is one
};

// A message that passed the envelope checks: an object with a string "type" and a valid "id".
struct Envelope {
  std::string type;
  json id;  // null when the client sent none
  json body;
};
std::variant<Envelope, Error> parse_envelope(std::string_view frame);

enum class HelloRole { participant_new, participant_token, facilitator, observer };

struct Hello {
  HelloRole role{};
  std::string room;    // normalized code; empty only for a facilitator without a room
  std::string secret;  // the raw name, the token or the key, by role
  std::string view;    // "phone", "facilitator", "stage" or "observer"
};
std::variant<Hello, Error> parse_hello(const json& body);

// A room code field ("room"), required: normalized, or room_not_found for a code that can't exist.
std::variant<std::string, Error> parse_room_field(const json& body);

// What a phone may send with `play`, and the facilitator with `steer`.
bool is_play_action(std::string_view action);
bool is_steer_action(std::string_view action);
// The fields of a `play` or `steer` command for the rules: the message without type, id, action.
json command_data(const json& body);

// Replies. `re` is the request id being answered (null for none).
std::string error_frame(const Error& e, const json& re = nullptr);
std::string frame(json message, const json& re = nullptr);

}  // namespace earshot::server::protocol
