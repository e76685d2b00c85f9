// Who may come in and who may steer (room.hpp lists the other files): the doors (locked, a cap,
// latecomers held) and the assistant's link, a second key that steers this room only.
#include "server/rooms/room.hpp"

#include "server/rooms/ids.hpp"

namespace earshot::server {

using nlohmann::json;

json Room::doors_json() const {
  return {{"locked", doors_.locked}, {"cap", doors_.cap ? json(*doors_.cap) : json(nullptr)}, {"hold", doors_.hold}};
}

void Room::set_doors(const std::shared_ptr<Member>& member, const protocol::Doors& r, const json& re) {
  if (r.locked) doors_.locked = *r.locked;
  if (r.cap) doors_.cap = *r.cap;
  if (r.hold) doors_.hold = *r.hold;
  people_changed();  // (the snapshot holds the doors)
  record({room_event("doors", doors_json())}, [this, self = shared_from_this()] {
    broadcast({{"type", "doors"}, {"doors", doors_json()}});
  });
  reply_ok(member, re);
}

json Room::assistant_json() const {
  if (!assistant_) return nullptr;
  return {{"key", assistant_->key}, {"createdMs", assistant_->created_ms}};
}

std::optional<std::string> Room::assistant_key() const {
  std::lock_guard lock(assistant_mutex_);
  return assistant_ ? std::optional(assistant_->key) : std::nullopt;
}

bool Room::is_assistant_key(std::string_view key) const {
  return assistant_ && same_secret(key, assistant_->key);
}

void Room::restore_assistant(const json& data) {
  std::lock_guard lock(assistant_mutex_);
  if (data.contains("key") && data["key"].is_string()) {
    assistant_ = AssistantLink{data["key"].get<std::string>(), data.value("createdMs", std::int64_t{0})};
  } else {
    assistant_.reset();
  }
}

void Room::set_assistant(const std::shared_ptr<Member>& member, const protocol::Assistant& r, const json& re) {
  {
    std::lock_guard lock(assistant_mutex_);
    if (r.create) assistant_ = AssistantLink{random_secret(token_bytes), wall_clock_ms()};
    else assistant_.reset();
  }
  // The event holds the key, so the link works after a restart; exports leave it out.
  json data = assistant_ ? assistant_json() : json{{"key", nullptr}};
  // Whoever held the old key is shown out at once (a new link replaces the old one).
  std::vector<std::shared_ptr<Member>> dismissed;
  for (auto it = members_.begin(); it != members_.end();) {
    if (it->second.seat.role == Role::assistant) {
      dismissed.push_back(it->second.session);
      it = members_.erase(it);
    } else {
      ++it;
    }
  }
  record({room_event("assistant", data)}, [this, self = shared_from_this(), dismissed = std::move(dismissed)] {
    auto frame = make_frame(protocol::frame({{"type", "assistant"}, {"assistant", assistant_json()}}));
    for (const auto& [ptr, seated] : members_) {
      if (seated.welcomed && seated.seat.role == Role::facilitator && seated.seat.view == "facilitator") {
        seated.session->send(frame);
      }
    }
    for (const auto& m : dismissed) dismiss(m, self);
  });
  reply_ok(member, re);
}

}  // namespace earshot::server
