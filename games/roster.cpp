#include "games/roster.hpp"

#include "games/text.hpp"

#include <algorithm>
#include <utility>

namespace earshot::games {
std::optional<std::string> clean_name(std::string_view raw) {
  if (!is_valid_utf8(raw)) return std::nullopt;
  std::string name = collapse_whitespace(raw);  // tabs and newlines become plain spaces here
  const std::size_t chars = utf8_length(name);
  if (chars == 0 || chars > limits::max_name_chars || has_control_chars(name)) return std::nullopt;
  return name;
}

std::string name_key(std::string_view cleaned) {
  // Names clash when they would group as the same answer ("Ann", "ANN", "Ann!", "Zoë"/"Zoe"), so
  // nobody in a room is mistaken for somebody else. A name of punctuation only compares as is.
  std::string key = normalize_answer(cleaned);
  return key.empty() ? std::string(cleaned) : key;
}

std::variant<std::string, RosterError> Roster::check_name(std::string_view raw_name, std::string_view except) const {
  auto name = clean_name(raw_name);
  if (!name) {
    return RosterError{"name_invalid", "A name needs 1 to " + std::to_string(limits::max_name_chars) +
                                           " characters and no control characters."};
  }
  const std::string key = name_key(*name);
  for (const auto& m : members_) {
    if (m.id != except && name_key(m.name) == key) {
      return RosterError{"name_taken", "Someone in this room is already called \"" + m.name + "\"."};
    }
  }
  return std::move(*name);
}

Roster::JoinResult Roster::join(std::string_view raw_name) {
  auto checked = check_name(raw_name, {});
  if (auto* e = std::get_if<RosterError>(&checked)) return {std::nullopt, std::move(*e)};
  // (Built up in steps: GCC 12's -Wrestrict misfires on "p" + std::to_string(...) at -O2.)
  std::string id = "p";
  id += std::to_string(next_id_++);
  Member m{std::move(id), std::move(std::get<std::string>(checked)), 0};
  members_.push_back(m);
  return {std::move(m), std::nullopt};
}

std::optional<RosterError> Roster::rename(std::string_view id, std::string_view raw_name) {
  Member* m = find_mutable(id);
  if (!m) return RosterError{"unknown_participant", "There is no such participant in this room."};
  auto checked = check_name(raw_name, id);
  if (auto* e = std::get_if<RosterError>(&checked)) return std::move(*e);
  m->name = std::move(std::get<std::string>(checked));
  return std::nullopt;
}

bool Roster::remove(std::string_view id) {
  auto it = std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.id == id; });
  if (it == members_.end()) return false;
  members_.erase(it);
  return true;
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
