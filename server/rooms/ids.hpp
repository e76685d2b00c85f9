#pragma once
// Random identifiers: room codes people type, and secrets (tokens, keys) nobody should guess.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot::server {

// Letters that cannot be mistaken for each other or for digits when read off a projector
// (no B/8, I/1/L, O/0/Q, S/5, U/V, Z/2).
inline constexpr std::string_view room_code_alphabet = "ACDEFGHJKMNPRTWXY";
inline constexpr std::size_t room_code_length = 4;

std::string random_room_code();
// Upper-cases a typed code and checks it is made of room_code_alphabet; nullopt otherwise.
std::optional<std::string> normalize_room_code(std::string_view typed);

// A random secret of `bytes` bytes from the kernel's CSPRNG, as unpadded base64url.
std::string random_secret(std::size_t bytes);
inline constexpr std::size_t token_bytes = 24;  // 192 bits -> 32 characters

// Compares secrets in a time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b);

// A random seed for a round (53 bits, so JavaScript numbers hold it exactly).
std::uint64_t random_seed();

}  // namespace earshot::server
