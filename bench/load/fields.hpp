#pragma once
// Minimal readers of a few JSON fields, for the hot messages (round updates, reactions): the
// load tool receives well over 100,000 messages a second on the server's cores, so it finds the
// fields it needs by their text instead of parsing each message (the rare ones, welcome and
// error, are parsed whole). Inline: they run once or more for every message received.

#include <cstddef>
#include <string_view>

namespace earshot::bench {

// The message's "type".
inline std::string_view msg_type(std::string_view s) {
  constexpr std::string_view key = "\"type\":\"";
  // Hot messages start with their type; otherwise Earshot's keys are sorted, so "type" comes last.
  const std::size_t at = s.starts_with("{\"type\":\"") ? 1 : s.rfind(key);
  if (at == std::string_view::npos) return {};
  const auto start = at + key.size();
  const auto end = s.find('"', start);
  return end == std::string_view::npos ? std::string_view{} : s.substr(start, end - start);
}

// The string after the first `key` (`"name":"`) at or after `from`, as sent (escapes are not
// decoded); empty when there is none.
inline std::string_view str_field(std::string_view s, std::string_view key, std::size_t from = 0) {
  const auto at = s.find(key, from);
  if (at == std::string_view::npos) return {};
  const auto start = at + key.size();
  const auto end = s.find('"', start);
  return end == std::string_view::npos ? std::string_view{} : s.substr(start, end - start);
}

// The non-negative integer after the first `key` (`"name":`) at or after `from`; -1 when there
// is none.
inline long int_field(std::string_view s, std::string_view key, std::size_t from = 0) {
  const auto at = s.find(key, from);
  if (at == std::string_view::npos) return -1;
  long v = 0;
  bool any = false;
  for (auto i = at + key.size(); i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = v * 10 + (s[i] - '0');
    any = true;
  }
  return any ? v : -1;
}

}  // namespace earshot::bench
