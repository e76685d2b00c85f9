#pragma once
// The Desk: what a connection may do with a message, and doing it. A session hands it every
// message it read (parsed into an envelope); the Desk checks the connection's role, parses the
// body into a typed request (server/rooms/protocol.hpp), and either answers itself (ping, the
// facilitator's rooms: create, open, close, list, delete a session; the welcome of a facilitator
// without a room) or hands the request to a room on the room's strand. It also keeps the
// facilitator connections, to push them the list of rooms when it changes.
//
// take() runs on the member's own strand; rooms_changed() on any thread.

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "server/rooms/asio.hpp"
#include "server/rooms/member.hpp"
#include "server/rooms/protocol.hpp"
#include "server/rooms/registry.hpp"
#include "store/store.hpp"

namespace earshot::server {

class Desk {
 public:
  // `store`: where the sessions are kept (nullptr: nothing is, and delete_session finds none).
  Desk(net::io_context& ioc, Registry& registry, store::EventStore* store, std::string facilitator_key);

  // What the session does after take(): read the next message now, or wait until a room has
  // taken this one (the Desk then calls member->read_on() on the member's strand). Waiting keeps
  // a client from piling up work in a room's queue, and keeps replies in the order of requests.
  enum class Next { read_on, wait };
  Next take(const std::shared_ptr<Member>& member, protocol::Envelope env);

  // (The member's strand.) The connection ended, or moves to another room: it leaves its room.
  static void leave(const std::shared_ptr<Member>& member);

  // The open rooms as the `rooms` message lists them.
  nlohmann::json rooms_json() const;
  // (Any thread.) A room opened, closed or its counts changed: facilitator connections get a fresh
  // `rooms` message, at most one every rooms_push_delay with the latest state, so a burst of changes
  // (200 phones joining) costs a handful of messages.
  static constexpr std::chrono::milliseconds rooms_push_delay{100};
  void rooms_changed();

 private:
  Next hello(const std::shared_ptr<Member>& member, protocol::Hello hello, const nlohmann::json& re);
  Next create_or_open(const std::shared_ptr<Member>& member, std::shared_ptr<Room> room, const nlohmann::json& re);
  void close_room(const std::shared_ptr<Member>& member, const protocol::CloseRoom& close, const nlohmann::json& re);
  void delete_session(const std::shared_ptr<Member>& member, const std::string& code, const nlohmann::json& re);
  Next to_room(const std::shared_ptr<Member>& member, protocol::MessageType type, const protocol::Envelope& env);
  // Asks the room (on its strand) to seat the member, which reads on once it is seated or refused.
  void seat_in(const std::shared_ptr<Member>& member, std::shared_ptr<Room> room, protocol::Hello hello,
               nlohmann::json re);
  std::string rooms_frame(const nlohmann::json& re = nullptr) const;
  void push_rooms();

  Registry& registry_;
  store::EventStore* const store_;
  const std::string facilitator_key_;

  net::steady_timer rooms_timer_;
  std::atomic<bool> rooms_push_pending_{false};
  std::mutex facilitators_mutex_;
  std::unordered_map<const Member*, std::weak_ptr<Member>> facilitators_;
};

}  // namespace earshot::server
