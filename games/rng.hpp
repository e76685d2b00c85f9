#pragma once
// The one source of randomness in the rules: a seeded SplitMix64 generator, written out here so
// that a shuffle gives the same result on every platform and compiler (std::shuffle and the
// std distributions do not promise that).

#include <cstdint>
#include <string>
#include <vector>

namespace earshot::games {

// SplitMix64 (Steele, Lea, Flood 2014; the reference constants as in Vigna's splitmix64.c).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// Fisher-Yates from the back: for i = n-1 down to 1, swap item i with item next() % (i + 1).
// (The modulo bias is below 2^-50 for the list sizes used here and, above all, the same everywhere.)
// Several shuffles from one generator (one per circle, in circle order) draw from the same stream.
inline void shuffle(std::vector<std::string>& items, SplitMix64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.next() % i);
    std::swap(items[i - 1], items[j]);
  }
}

}  // namespace earshot::games
