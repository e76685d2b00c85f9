#pragma once
// What goes into a round (commands), what comes out (events or a rejection), and who is looking
// (audiences). Events are the round's record: the server stores them and replays them after a
// restart, so their JSON form round-trips exactly.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace earshot::games {

constexpr int event_version = 1;

// Actors besides participants (participant ids can never take these names: see valid ids in
// config.cpp). The server acts for things nobody chose: timeouts, presence, offline passes.
inline constexpr std::string_view facilitator_actor = "facilitator";
inline constexpr std::string_view server_actor = "server";
// Someone just watching the room (the protocol's observers): they may react, nothing else.
inline constexpr std::string_view watcher_actor = "watcher";

// Something that happened in a round. `data` depends on `kind`; docs/games.md lists every kind.
struct Event {
  std::uint64_t seq = 0;   // 1, 2, 3, ... within a round, without gaps
  std::int64_t at = 0;     // milliseconds (the server's clock); never decreases along a round
  std::string kind;
  std::string actor;       // participant id, "facilitator" or "server"
  std::string circle;      // the circle it happened in, or "" for the whole round
  nlohmann::json data = nlohmann::json::object();
  bool operator==(const Event&) const = default;
};

// {"v":1,"seq":..,"at":..,"kind":..,"actor":..,"circle":..,"data":{..}}; "circle" only when not empty.
nlohmann::json to_json(const Event& e);
// Reads an event back; throws std::invalid_argument if anything is missing or of the wrong type.
Event event_from_json(const nlohmann::json& j);

// Something an actor asks for. The fields of `data` are untrusted and checked by the rules.
struct Command {
  std::string kind;   // "word", "pass", "answer", ... (docs/games.md)
  std::string actor;  // participant id, "facilitator" or "server" (set by the server, not the client)
  nlohmann::json data = nlohmann::json::object();
};

// A refused command: a stable snake_case code for programs and a readable message for people.
struct Rejection {
  std::string code;
  std::string message;
  bool operator==(const Rejection&) const = default;
};

// Who is looking at a view.
struct Audience {
  enum class Kind { participant, stage, facilitator };
  Kind kind = Kind::stage;
  std::string participant;  // for Kind::participant

  static Audience of_participant(std::string id) { return {Kind::participant, std::move(id)}; }
  static Audience stage() { return {Kind::stage, {}}; }
  static Audience facilitator() { return {Kind::facilitator, {}}; }
};

}  // namespace earshot::games
