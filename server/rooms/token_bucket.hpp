#pragma once
// A rate limit with a burst: how many reactions a participant, or messages a connection, may send.

#include <algorithm>
#include <cstdint>

namespace earshot::server {

// A token bucket: `burst` tokens at most, refilled at `per_second`. Times are milliseconds on any
// clock that does not go back.
class TokenBucket {
 public:
  TokenBucket(double burst, double per_second, std::int64_t now_ms)
      : burst_(burst), per_ms_(per_second / 1000.0), tokens_(burst), at_(now_ms) {}

  // Takes a token if there is one.
  bool take(std::int64_t now_ms) {
    if (now_ms > at_) {
      tokens_ = std::min(burst_, tokens_ + static_cast<double>(now_ms - at_) * per_ms_);
      at_ = now_ms;
    }
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  double burst_;
  double per_ms_;
  double tokens_;
  std::int64_t at_;
};

}  // namespace earshot::server
