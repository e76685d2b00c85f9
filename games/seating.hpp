#pragma once
// How a room is arranged into circles between rounds: who sits in which circle, in which order.
// The next round's config takes its circles from here. Pure bookkeeping, no I/O; the server keeps
// one Seating per room, on the room's strand.
//
// Rules (docs/games.md, "Circles"):
// - A room starts with one circle, "c1". Circle ids are "c1", "c2", ... in display order.
// - A newcomer sits at the end of the smallest circle (the first of the smallest, on a tie).
// - split(n) deals everyone, in the current order circle after circle, into n circles whose sizes
//   differ by at most one; the bigger circles come first. Order within each circle is kept.
// - move() puts someone into a circle at a position (or at its end), taking them out of theirs.
// - shuffle(seed) shuffles the order within each circle with the rules' generator (games/rng.hpp).
// - An empty circle is kept (a facilitator may be filling it), except that leaving never
//   removes the last circle.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "games/config.hpp"

namespace earshot::games {

class Seating {
 public:
  Seating();

  const std::vector<CircleConfig>& circles() const { return circles_; }
  // The circle someone sits in, or nullptr.
  const CircleConfig* circle_of(std::string_view participant) const;

  // Seats a newcomer (no-op if already seated). Returns their circle id.
  std::string add(const std::string& participant);
  // Takes someone out. False if they were not seated.
  bool remove(std::string_view participant);
  // Deals everyone into `count` circles (1..limits::max_circles). False if count is out of range.
  bool split(std::size_t count);
  // Moves someone to `circle` at `position` (clamped; nullopt: the end). False if either is unknown.
  bool move(std::string_view participant, std::string_view circle, std::optional<std::size_t> position);
  void shuffle(std::uint64_t seed);

  // Replaces the whole arrangement (a room rebuilt from its record). Ids must be c1..cN in order.
  void restore(std::vector<CircleConfig> circles);

  // The circles for a round: the same, without empty circles.
  std::vector<CircleConfig> for_round() const;

  nlohmann::json to_json() const;

 private:
  std::vector<CircleConfig> circles_;
};

}  // namespace earshot::games
