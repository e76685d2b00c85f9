// Following a workshop plan (docs/protocol.md, "Running a plan in a room"). A room takes a copy of
// the plan when the facilitator chooses it, so that editing or deleting the plan later changes
// nothing in a room that runs it. "activity" sets up and starts the next activity exactly as
// planned: the circles as it says, the round's config, its draw from a deck. The round and the
// plan's progress are recorded in one batch (room_rounds.cpp, new_round), so a restarted room is
// at the same activity. Rounds started with new_round in between are unplanned: they move nothing.
// The notes and debrief questions go to the facilitator page only, never to the stage or phones.
#include "server/rooms/room.hpp"

#include <algorithm>
#include <iostream>

#include "games/config.hpp"
#include "server/rooms/plans.hpp"

namespace earshot::server {

using nlohmann::json;

namespace {
const protocol::Error no_plan{"no_plan", "This room follows no plan: choose one first.", ""};
}  // namespace

json Room::plan_json() const {
  if (!plan_) return nullptr;
  const auto& p = *plan_;
  json activities = json::array();
  const json plan = games::to_json(p.plan);
  for (const auto& a : plan["activities"]) {
    json item = {{"title", a["title"]},
                 {"notes", a.value("notes", "")},
                 {"questions", a.value("questions", json::array())},
                 {"game", a["config"].value("game", "")},
                 {"circles", a.value("circles", json("keep"))}};
    if (a.contains("draw")) item["draw"] = a["draw"];
    activities.push_back(std::move(item));
  }
  json out = {{"id", p.id},
              {"name", p.plan.name},
              {"activities", std::move(activities)},
              {"next", p.next},
              {"current", p.current ? json(*p.current) : json(nullptr)},
              {"ran", p.ran}};
  if (p.plan.minutes) out["minutes"] = *p.plan.minutes;
  return out;
}

store::Event Room::plan_event(bool with_plan) const {
  json data = json::object();
  if (!plan_) {
    data["plan"] = nullptr;
    return room_event("plan", data);
  }
  if (with_plan) data["plan"] = {{"id", plan_->id}, {"plan", games::to_json(plan_->plan)}};
  data["next"] = plan_->next;
  data["current"] = plan_->current ? json(*plan_->current) : json(nullptr);
  data["ran"] = plan_->ran;
  return room_event("plan", data);
}

void Room::restore_plan(const json& data) {
  if (data.contains("plan")) {
    if (data["plan"].is_null()) {
      plan_.reset();
      return;
    }
    auto parsed = games::parse_plan(data["plan"].at("plan"), [](std::string_view) { return true; });
    if (auto* r = std::get_if<games::PlanRefusal>(&parsed)) throw std::invalid_argument(r->message);
    plan_.emplace(Following{data["plan"].at("id").get<std::string>(), std::get<games::Plan>(std::move(parsed)), 0, std::nullopt, {}});
  }
  if (!plan_) return;
  const std::size_t size = plan_->plan.activities.size();
  if (data.contains("next")) plan_->next = std::min(data["next"].get<std::size_t>(), size);
  if (data.contains("current")) {
    plan_->current = data["current"].is_null() ? std::nullopt : std::optional<std::size_t>(data["current"].get<std::size_t>());
    if (plan_->current && *plan_->current >= size) plan_->current.reset();
  }
  if (data.contains("ran")) {
    plan_->ran.clear();
    for (const auto& i : data["ran"]) {
      if (i.get<std::size_t>() < size) plan_->ran.push_back(i.get<std::size_t>());
    }
  }
}

void Room::plan_changed() {
  after_recorded([this, self = shared_from_this()] {
    auto frame = make_frame(protocol::frame({{"type", "plan"}, {"plan", plan_json()}}));
    for (const auto& [ptr, seated] : members_) {
      if (seated.welcomed && runs_room(seated.seat.role) && seated.seat.view == "facilitator") {
        seated.session->send(frame);
      }
    }
  });
}

void Room::use_plan(const std::shared_ptr<Member>& member, const protocol::UsePlan& r, const json& re) {
  if (!r.plan) {
    plan_.reset();
  } else {
    if (!plans_) return refuse(member, {"plan_not_found", "This server has no plans.", "plan"}, re);
    std::variant<PlanLibrary::Found, PlanRefusal> found = PlanRefusal{};
    try {
      found = plans_->plan_to_run(*r.plan);
    } catch (const store::StoreError& e) {
      return refuse(member, {"store_error", std::string("The plans could not be read: ") + e.what(), "plan"}, re);
    }
    if (auto* refused = std::get_if<PlanRefusal>(&found)) {
      return refuse(member, {refused->code, refused->message, "plan"}, re);
    }
    auto& f = std::get<PlanLibrary::Found>(found);
    plan_.emplace(Following{std::move(f.id), std::move(f.plan), 0, std::nullopt, {}});
  }
  record({plan_event(true)}, [] {});
  plan_changed();
  reply_ok(member, re);
}

void Room::plan_next(const std::shared_ptr<Member>& member, const protocol::PlanNext& r, const json& re) {
  if (!plan_) return refuse(member, no_plan, re);
  if (r.index > plan_->plan.activities.size()) {
    return refuse(member, {"bad_field", "\"index\" is past the plan's last activity.", "index"}, re);
  }
  plan_->next = r.index;
  record({plan_event(false)}, [] {});
  plan_changed();
  reply_ok(member, re);
}

void Room::run_activity(const std::shared_ptr<Member>& member, const protocol::RunActivity& r, const json& re) {
  if (!plan_) return refuse(member, no_plan, re);
  const std::size_t index = r.index.value_or(plan_->next);
  if (index >= plan_->plan.activities.size()) {
    return refuse(member, {"plan_done", "That was the plan's last activity.", "index"}, re);
  }
  if (round_running()) return refuse(member, {"round_running", "A round is on. End it before starting another.", ""}, re);
  if (roster_.members().empty()) return refuse(member, {"no_players", "Nobody has joined this room yet.", ""}, re);
  const games::Activity& a = plan_->plan.activities[index];
  // The circles first, as the facilitator would arrange them before starting the round.
  if (a.circles.how != games::Circles::How::keep) {
    const std::size_t count = a.circles.how == games::Circles::How::one ? 1 : a.circles.count;
    if (seating_.circles().size() != count || count > 1) {
      seating_.split(count);
      circles_changed();
    }
  }
  protocol::NewRound round{a.config, true, std::nullopt};
  if (a.draw) round.draw = protocol::DeckDraw{a.draw->deck, a.draw->mode, a.draw->count};
  new_round(member, round, re, index);
}

}  // namespace earshot::server
