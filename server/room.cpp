#include "server/room.hpp"

#include "server/ids.hpp"
#include "server/ws_session.hpp"

namespace earshot::server {

using nlohmann::json;

Room::Room(net::io_context& ioc, std::string code, std::string join_url, std::int64_t created_ms,
           std::function<void()> on_change)
    : strand_(net::make_strand(ioc)),
      code_(std::move(code)),
      join_url_(std::move(join_url)),
      created_ms_(created_ms),
      on_change_(std::move(on_change)) {}

json Room::summary() const {
  return {{"code", code_},
          {"participants", participant_count_.load()},
          {"online", online_count_.load()},
          {"createdAt", created_ms_}};
}

json Room::participant_json(const games::Member& m) const {
  return {{"id", m.id}, {"name", m.name}, {"online", m.online()}};
}

json Room::snapshot() const {
  json people = json::array();
  for (const auto& m : roster_.members()) people.push_back(participant_json(m));
  return {{"code", code_}, {"joinUrl", join_url_}, {"participants", std::move(people)}};
}

void Room::broadcast(const json& message, const WsSession* except) {
  // Serialize once; every connection's queue shares the same buffer.
  auto frame = std::make_shared<const std::string>(protocol::frame(message));
  for (const auto& [ptr, member] : members_) {
    if (ptr != except) member.session->send(frame);
  }
}

void Room::update_counts() {
  const auto participants = roster_.members().size(), online = roster_.online_count();
  const bool participants_changed = participant_count_.exchange(participants) != participants;
  const bool online_changed = online_count_.exchange(online) != online;
  if ((participants_changed || online_changed) && on_change_) on_change_();
}

std::optional<Seat> Room::attach(const std::shared_ptr<WsSession>& session, const protocol::Hello& hello,
                                 const json& re, const json& rooms) {
  if (closed_) {
    session->send(protocol::error_frame({"room_not_found", "There is no room with the code \"" + code_ + "\".", "room"}, re));
    return std::nullopt;
  }
  Seat seat;
  std::string token;
  bool is_new = false;
  switch (hello.role) {
    case protocol::HelloRole::participant_new: {
      auto joined = roster_.join(hello.secret);
      if (joined.error) {
        session->send(protocol::error_frame({joined.error->code, joined.error->message, "name"}, re));
        return std::nullopt;
      }
      token = random_secret(token_bytes);
      tokens_.emplace(token, joined.member->id);
      seat = {Role::participant, joined.member->id};
      is_new = true;
      break;
    }
    case protocol::HelloRole::participant_token: {
      auto it = tokens_.find(hello.secret);
      if (it == tokens_.end()) {
        session->send(protocol::error_frame({"bad_token", "That participant token is not known in this room.", "token"}, re));
        return std::nullopt;
      }
      token = it->first;
      seat = {Role::participant, it->second};
      break;
    }
    case protocol::HelloRole::facilitator:
      seat = {Role::facilitator, {}};
      break;
    case protocol::HelloRole::observer:
      seat = {Role::observer, {}};
      break;
  }

  const bool came_online = seat.role == Role::participant && roster_.connect(seat.participant_id);
  members_[session.get()] = Member{session, seat};
  update_counts();

  json welcome = {{"type", "welcome"}, {"view", hello.view}, {"room", snapshot()},
                  {"server", {{"version", EARSHOT_VERSION}}}};
  switch (seat.role) {
    case Role::participant: {
      const auto* me = roster_.find(seat.participant_id);
      welcome["role"] = "participant";
      welcome["token"] = token;
      welcome["you"] = {{"id", me->id}, {"name", me->name}};
      break;
    }
    case Role::facilitator:
      welcome["role"] = "facilitator";
      welcome["rooms"] = rooms;
      break;
    default:
      welcome["role"] = "observer";
      break;
  }
  session->send(protocol::frame(std::move(welcome), re));

  if (is_new) {
    broadcast({{"type", "joined"}, {"participant", participant_json(*roster_.find(seat.participant_id))}});
  } else if (came_online) {
    broadcast({{"type", "presence"}, {"id", seat.participant_id}, {"online", true}}, session.get());
  }
  return seat;
}

void Room::detach(const std::shared_ptr<WsSession>& session) {
  auto it = members_.find(session.get());
  if (it == members_.end()) return;
  const Seat seat = it->second.seat;
  members_.erase(it);
  if (seat.role == Role::participant && roster_.disconnect(seat.participant_id)) {
    update_counts();
    broadcast({{"type", "presence"}, {"id", seat.participant_id}, {"online", false}});
  }
}

void Room::close() {
  if (closed_) return;
  closed_ = true;
  broadcast({{"type", "room_closed"}, {"room", code_}});
  auto self = shared_from_this();
  for (auto& [_, member] : members_) member.session->on_room_closed(self);
  members_.clear();
  if (on_change_) on_change_();
}

}  // namespace earshot::server
