#include "server/limits.hpp"

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

}  // namespace earshot::server
