#pragma once
// The people in a room: who they are, what they are called, and whether they are connected.
// Pure bookkeeping with no I/O; the server keeps one Roster per room, on the room's strand.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "games/vocabulary.hpp"

namespace earshot::games {

struct Member {
  std::string id;    // "p1", "p2", ... in order of joining; never reused within a room
  std::string name;  // cleaned display name
  int connections = 0;
  bool online() const { return connections > 0; }
};

// The outcome of a roster change: either ok, or a stable error code with a readable message.
struct RosterError {
  std::string code;  // "name_invalid", "name_taken"
  std::string message;
};

// Cleans a name typed by a person: trims it, turns inner runs of whitespace into one space, and
// checks it is 1..limits::max_name_chars characters without control characters. nullopt if it is not.
std::optional<std::string> clean_name(std::string_view raw);

// The key under which names are compared: two names clash when their keys are equal.
std::string name_key(std::string_view cleaned);

class Roster {
 public:
  // Adds a new member with a cleaned, unique name. Returns the member's id, or an error.
  struct JoinResult {
    std::optional<Member> member;
    std::optional<RosterError> error;
  };
  JoinResult join(std::string_view raw_name);

  // Restores a member exactly as it was (used when a room is rebuilt from its record).
  void restore(Member m);

  // Renames a member, by the same rules as join (their own current name does not clash).
  std::optional<RosterError> rename(std::string_view id, std::string_view raw_name);
  // Removes a member for good (their id is not reused). False if there was no such member.
  bool remove(std::string_view id);

  const Member* find(std::string_view id) const;
  // Marks one more (or one fewer) live connection for a member. Returns true when that changed
  // whether the member is online.
  bool connect(std::string_view id);
  bool disconnect(std::string_view id);

  const std::vector<Member>& members() const { return members_; }
  std::size_t online_count() const;

 private:
  Member* find_mutable(std::string_view id);
  // Cleans a name and checks it is free (`except`: the member being renamed).
  std::variant<std::string, RosterError> check_name(std::string_view raw_name, std::string_view except) const;
  std::vector<Member> members_;
  std::size_t next_id_ = 1;
};

}  // namespace earshot::games
