#pragma once
// A room: its roster of participants, its connections, and (later) its rounds. Every member
// function marked "strand" must run on the room's strand; nothing else touches the room's state,
// so no locks are needed around it.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "games/roster.hpp"
#include "server/net.hpp"
#include "server/protocol.hpp"

namespace earshot::server {

class WsSession;

enum class Role { none, participant, facilitator, observer };

// Where a connection sits after the room accepted its hello.
struct Seat {
  Role role = Role::none;
  std::string participant_id;  // participants only
};

class Room : public std::enable_shared_from_this<Room> {
 public:
  // `on_change` is called (on the room's strand) whenever summary() changes or the room closes.
  Room(net::io_context& ioc, std::string code, std::string join_url, std::int64_t created_ms,
       std::function<void()> on_change = {});

  const std::string& code() const { return code_; }
  const std::string& join_url() const { return join_url_; }
  std::int64_t created_ms() const { return created_ms_; }
  Strand& strand() { return strand_; }

  // Readable from any thread: a summary for room lists and health checks.
  nlohmann::json summary() const;

  // strand: seats a connection that said hello. Sends the welcome (or the error) to it and tells
  // the other members. Returns the seat, or nullopt if the hello was refused. `rooms` goes into
  // a facilitator's welcome.
  std::optional<Seat> attach(const std::shared_ptr<WsSession>& session, const protocol::Hello& hello,
                             const nlohmann::json& re, const nlohmann::json& rooms);
  // strand: the connection left (closed, or moved to another room).
  void detach(const std::shared_ptr<WsSession>& session);
  // strand: closes the room: everyone is told, participants and observers are disconnected.
  void close();

 private:
  struct Member {
    std::shared_ptr<WsSession> session;
    Seat seat;
  };

  nlohmann::json snapshot() const;
  nlohmann::json participant_json(const games::Member& m) const;
  void broadcast(const nlohmann::json& message, const WsSession* except = nullptr);
  void update_counts();

  Strand strand_;
  const std::string code_;
  const std::string join_url_;
  const std::int64_t created_ms_;
  const std::function<void()> on_change_;

  games::Roster roster_;
  std::unordered_map<std::string, std::string> tokens_;  // token -> participant id
  std::unordered_map<const WsSession*, Member> members_;
  bool closed_ = false;

  std::atomic<std::size_t> participant_count_{0};
  std::atomic<std::size_t> online_count_{0};
};

}  // namespace earshot::server
