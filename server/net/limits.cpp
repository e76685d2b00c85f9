#include "server/net/limits.hpp"

namespace earshot::server {

ConnectionLimits::Slot ConnectionLimits::admit(const std::string& address, Refusal& why) {
  {
    std::lock_guard lock(mutex_);
    if (max_total_ && total_ >= max_total_) {
      why = Refusal::total;
      return nullptr;
    }
    auto& n = by_address_[address];
    if (max_per_address_ && n >= max_per_address_) {
      why = Refusal::address;
      return nullptr;
    }
    ++n;
    ++total_;
  }
  why = Refusal::none;
  // The slot's deleter gives the place back; it holds the limits alive (they outlive no server,
  // but a slot may be the last thing destroyed at shutdown).
  // (It points at the limits only so that it is not null.)
  return Slot(static_cast<void*>(this), [self = shared_from_this(), address](void*) { self->release(address); });
}

void ConnectionLimits::release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --total_;
  auto it = by_address_.find(address);
  if (it != by_address_.end() && --it->second == 0) by_address_.erase(it);
}

std::size_t ConnectionLimits::open() const {
  std::lock_guard lock(mutex_);
  return total_;
}

HandshakeGate::Ticket HandshakeGate::enter(Clock::time_point now) {
  if (!max_) return {};  // no limit: nothing to count
  std::lock_guard lock(mutex_);
  const auto id = next_id_++;
  open_.emplace_back(id, now + hold_);
  return Ticket(static_cast<void*>(this), [self = shared_from_this(), id](void*) { self->leave(id); });
}

bool HandshakeGate::admit(Clock::time_point now, std::function<void()> wake, Clock::time_point& retry_at) {
  std::lock_guard lock(mutex_);
  expire(now);
  if (!max_ || open_.size() < max_) return true;
  wake_ = std::move(wake);
  retry_at = open_.front().second;
  return false;
}

void HandshakeGate::forget_waiter() {
  std::function<void()> gone;
  std::lock_guard lock(mutex_);
  gone.swap(wake_);  // (destroyed after the lock is released: it may hold the last reference to something)
}

std::size_t HandshakeGate::counting(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  expire(now);
  return open_.size();
}

void HandshakeGate::leave(std::uint64_t id) {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    // Few tickets count at once (at most max_), and the one leaving is usually among the oldest.
    for (auto it = open_.begin(); it != open_.end(); ++it) {
      if (it->first == id) {
        open_.erase(it);
        break;
      }
    }
    if (wake_ && (!max_ || open_.size() < max_)) wake.swap(wake_);
  }
  if (wake) wake();
}

void HandshakeGate::expire(Clock::time_point now) {
  while (!open_.empty() && open_.front().second <= now) open_.pop_front();
}

}  // namespace earshot::server
