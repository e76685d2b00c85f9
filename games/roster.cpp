#include "games/roster.hpp"

#include <algorithm>
#include <utility>

namespace earshot::games {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Counts UTF-8 code points and reports control characters (C0, DEL, C1). The input is valid UTF-8:
// the protocol layer rejects anything else before it gets here.
struct Scan {
  std::size_t chars = 0;
  bool control = false;
};
Scan scan(std::string_view s) {
  Scan r;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) ++r.chars;
    if (c < 0x20 || c == 0x7F) r.control = true;
    if (c == 0xC2 && i + 1 < s.size()) {  // U+0080..U+009F are encoded C2 80..C2 9F
      const auto n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80 && n <= 0x9F) r.control = true;
    }
  }
  return r;
}

}  // namespace

std::optional<std::string> clean_name(std::string_view raw) {
  // Control characters are refused rather than cleaned, so check before whitespace folding
  // swallows tabs and newlines.
  for (unsigned char c : raw) {
    if (c < 0x20 && !is_space(c)) return std::nullopt;
  }
  std::string out;
  bool pending_space = false;
  for (unsigned char c : raw) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  const Scan s = scan(out);
  if (s.chars == 0 || s.chars > max_name_chars || s.control) return std::nullopt;
  return out;
}

std::string name_key(std::string_view cleaned) {
  std::string k(cleaned);
  std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return k;
}

Roster::JoinResult Roster::join(std::string_view raw_name) {
  auto name = clean_name(raw_name);
  if (!name) {
    return {std::nullopt, RosterError{"name_invalid", "A name needs 1 to 24 characters and no control characters."}};
  }
  const std::string key = name_key(*name);
  for (const auto& m : members_) {
    if (name_key(m.name) == key) {
      return {std::nullopt, RosterError{"name_taken", "Someone in this room is already called \"" + m.name + "\"."}};
    }
  }
  Member m{"p" + std::to_string(next_id_++), std::move(*name), 0};
  members_.push_back(m);
  return {std::move(m), std::nullopt};
}

void Roster::restore(Member m) {
  // Ids are "p<N>"; keep new ids above every restored one.
  if (m.id.size() > 1 && m.id[0] == 'p') {
    const std::size_t n = std::stoul(m.id.substr(1));
    next_id_ = std::max(next_id_, n + 1);
  }
  m.connections = 0;
  members_.push_back(std::move(m));
}

const Member* Roster::find(std::string_view id) const {
  auto it = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.id == id; });
  return it == members_.end() ? nullptr : &*it;
}

Member* Roster::find_mutable(std::string_view id) { return const_cast<Member*>(std::as_const(*this).find(id)); }

bool Roster::connect(std::string_view id) {
  Member* m = find_mutable(id);
  if (!m) return false;
  return ++m->connections == 1;
}

bool Roster::disconnect(std::string_view id) {
  Member* m = find_mutable(id);
  if (!m || m->connections == 0) return false;
  return --m->connections == 0;
}

std::size_t Roster::online_count() const {
  return static_cast<std::size_t>(std::count_if(members_.begin(), members_.end(), [](const Member& m) { return m.online(); }));
}

}  // namespace earshot::games
