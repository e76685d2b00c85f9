#pragma once
// The open rooms by code. Looking a room up is the only shared step between connections, so it
// sits behind a mutex; each room's own state stays on the room's strand.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/rooms/asio.hpp"
#include "server/rooms/room.hpp"
#include "store/store.hpp"

namespace earshot::server {

class Registry {
 public:
  static constexpr std::size_t default_max_rooms = 500;

  // `on_change` runs whenever a room is created, closed, or its counts change (from any thread).
  // Rooms record what they do in `store` (none: nothing is kept, as in some tests), and draw from
  // `decks` (none: a round cannot be drawn from a deck), and follow `plans` (none: no plans).
  Registry(net::io_context& ioc, std::function<std::string(const std::string&)> join_url_for,
           std::function<void()> on_change = {}, store::EventStore* store = nullptr,
           std::size_t max_rooms = default_max_rooms, DeckLibrary* decks = nullptr,
           PlanLibrary* plans = nullptr);

  // At start-up, before anyone connects: brings back every room the store has open, with its
  // people, circles and round. Returns how many rooms came back.
  std::size_t restore();

  std::shared_ptr<Room> create();  // nullptr when the server has max_rooms open
  std::shared_ptr<Room> find(const std::string& code) const;
  std::shared_ptr<Room> remove(const std::string& code);
  std::vector<std::shared_ptr<Room>> list() const;  // oldest first
  std::size_t size() const;
  // Once the server's threads have stopped: every room lets go of the connections it still holds.
  void release_all();

 private:
  net::io_context& ioc_;
  std::function<std::string(const std::string&)> join_url_for_;
  std::function<void()> on_change_;
  store::EventStore* store_;
  const std::size_t max_rooms_;
  DeckLibrary* decks_;
  PlanLibrary* plans_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Room>> rooms_;
};

}  // namespace earshot::server
