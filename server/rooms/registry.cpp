#include "server/rooms/registry.hpp"

#include <algorithm>
#include <chrono>

#include "server/rooms/ids.hpp"

namespace earshot::server {

Registry::Registry(net::io_context& ioc, std::function<std::string(const std::string&)> join_url_for,
                   std::function<void()> on_change, store::EventStore* store, std::size_t max_rooms,
                   DeckLibrary* decks, PlanLibrary* plans)
    : ioc_(ioc),
      join_url_for_(std::move(join_url_for)),
      on_change_(std::move(on_change)),
      store_(store),
      max_rooms_(max_rooms),
      decks_(decks),
      plans_(plans) {}

std::size_t Registry::restore() {
  if (!store_) return 0;
  std::size_t n = 0;
  for (const auto& session : store_->open_sessions()) {
    auto room = std::make_shared<Room>(ioc_, session.code, join_url_for_(session.code), session.created_ms, on_change_,
                                       store_, decks_, plans_);
    room->restore();
    std::lock_guard lock(mutex_);
    rooms_.emplace(session.code, std::move(room));
    ++n;
  }
  return n;
}

std::shared_ptr<Room> Registry::create() {
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::shared_ptr<Room> room;
  {
    std::lock_guard lock(mutex_);
    if (rooms_.size() >= max_rooms_) return nullptr;
    std::string code;
    do {
      code = random_room_code();
    } while (rooms_.count(code) || (store_ && store_->session(code)));  // codes are never reused
    room = std::make_shared<Room>(ioc_, code, join_url_for_(code), now_ms, on_change_, store_, decks_, plans_);
    rooms_.emplace(code, room);
  }
  net::post(room->strand(), [room] { room->record_opened(); });
  if (on_change_) on_change_();
  return room;
}

std::shared_ptr<Room> Registry::find(const std::string& code) const {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(code);
  return it == rooms_.end() ? nullptr : it->second;
}

std::shared_ptr<Room> Registry::remove(const std::string& code) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(code);
  if (it == rooms_.end()) return nullptr;
  auto room = std::move(it->second);
  rooms_.erase(it);
  return room;
}

std::vector<std::shared_ptr<Room>> Registry::list() const {
  std::vector<std::shared_ptr<Room>> out;
  {
    std::lock_guard lock(mutex_);
    out.reserve(rooms_.size());
    for (const auto& [_, r] : rooms_) out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a->created_ms() != b->created_ms() ? a->created_ms() < b->created_ms() : a->code() < b->code();
  });
  return out;
}

std::size_t Registry::size() const {
  std::lock_guard lock(mutex_);
  return rooms_.size();
}

void Registry::release_all() {
  std::lock_guard lock(mutex_);
  for (auto& [_, room] : rooms_) room->release_members();
}

}  // namespace earshot::server
