#include "games/seating.hpp"

#include <algorithm>

#include "games/rng.hpp"

namespace earshot::games {

namespace {

std::string circle_id(std::size_t index) { return "c" + std::to_string(index + 1); }

}  // namespace

Seating::Seating() { circles_.push_back({circle_id(0), {}}); }

const CircleConfig* Seating::circle_of(std::string_view participant) const {
  for (const auto& c : circles_) {
    if (std::find(c.members.begin(), c.members.end(), participant) != c.members.end()) return &c;
  }
  return nullptr;
}

std::string Seating::add(const std::string& participant) {
  if (const auto* c = circle_of(participant)) return c->id;
  auto smallest = std::min_element(circles_.begin(), circles_.end(), [](const CircleConfig& a, const CircleConfig& b) {
    return a.members.size() < b.members.size();
  });
  smallest->members.push_back(participant);
  return smallest->id;
}

bool Seating::remove(std::string_view participant) {
  for (auto& c : circles_) {
    auto it = std::find(c.members.begin(), c.members.end(), participant);
    if (it != c.members.end()) {
      c.members.erase(it);
      return true;
    }
  }
  return false;
}

bool Seating::split(std::size_t count) {
  if (count < 1 || count > limits::max_circles) return false;
  std::vector<std::string> everyone;
  for (const auto& c : circles_) everyone.insert(everyone.end(), c.members.begin(), c.members.end());
  std::vector<CircleConfig> next;
  const std::size_t base = everyone.size() / count, extra = everyone.size() % count;
  std::size_t at = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t size = base + (i < extra ? 1 : 0);
    CircleConfig c{circle_id(i), {}};
    c.members.assign(everyone.begin() + static_cast<std::ptrdiff_t>(at),
                     everyone.begin() + static_cast<std::ptrdiff_t>(at + size));
    at += size;
    next.push_back(std::move(c));
  }
  circles_ = std::move(next);
  return true;
}

bool Seating::move(std::string_view participant, std::string_view circle, std::optional<std::size_t> position) {
  auto target = std::find_if(circles_.begin(), circles_.end(), [&](const CircleConfig& c) { return c.id == circle; });
  if (target == circles_.end() || !circle_of(participant)) return false;
  const std::string who(participant);
  remove(who);
  const std::size_t at = std::min(position.value_or(target->members.size()), target->members.size());
  target->members.insert(target->members.begin() + static_cast<std::ptrdiff_t>(at), who);
  return true;
}

void Seating::shuffle(std::uint64_t seed) {
  SplitMix64 rng(seed);
  for (auto& c : circles_) games::shuffle(c.members, rng);
}

void Seating::restore(std::vector<CircleConfig> circles) {
  if (circles.empty()) circles.push_back({circle_id(0), {}});
  circles_ = std::move(circles);
}

std::vector<CircleConfig> Seating::for_round() const {
  std::vector<CircleConfig> out;
  for (const auto& c : circles_) {
    if (!c.members.empty()) out.push_back(c);
  }
  return out;
}

nlohmann::json Seating::to_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : circles_) out.push_back({{"id", c.id}, {"members", c.members}});
  return out;
}

}  // namespace earshot::games
