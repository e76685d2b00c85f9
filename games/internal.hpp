#pragma once
// Internal to games/: small helpers the rule files share for deciding on commands.

#include <cstdint>
#include <string>
#include <string_view>

#include "games/event.hpp"

namespace earshot::games {

// Thrown while deciding on a command, before any event of that command is emitted; Round::handle
// turns it into the command's rejection.
struct Rejected {
  Rejection rejection;
};

[[noreturn]] inline void reject(std::string code, std::string message) {
  throw Rejected{{std::move(code), std::move(message)}};
}

// A string field of a command's data, or the rejection bad_command.
inline std::string string_arg(const Command& c, const char* key) {
  const auto it = c.data.find(key);
  if (it == c.data.end() || !it->is_string()) reject("bad_command", std::string(key) + " must be a string.");
  return it->get<std::string>();
}

// An integer field of a command's data, or the rejection bad_command.
inline std::int64_t int_arg(const Command& c, const char* key) {
  const auto it = c.data.find(key);
  const bool whole = it != c.data.end() && it->is_number_integer() &&
                     !(it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX);
  if (!whole) reject("bad_command", std::string(key) + " must be a whole number.");
  return it->get<std::int64_t>();
}

}  // namespace earshot::games
