// Which step of the results the stage shows. After a reveal and at the end of a round the stage
// shows the results as a sequence of steps (the pages build them from the round's view, the same
// way on the stage and on the facilitator page); the step being shown is kept here, in the room,
// so that the stage, the facilitator page and a facilitator's phone agree on it. It is
// presentation, not a rule of the game: no event, nothing recorded, and it starts again at step 0
// whenever the round shows other steps (the next answer set, the end, another round).
#include "server/rooms/room.hpp"

namespace earshot::server {

using nlohmann::json;

std::string Room::steps_now() const {
  if (!round_) return {};
  const auto& state = round_->round.state();
  switch (state.phase) {
    case games::Phase::ended: return round_->id + ":results";
    case games::Phase::revealed:
    case games::Phase::picking:
      if (state.set >= 0) return round_->id + ":set" + std::to_string(state.set);
      return {};
    default: return {};
  }
}

json Room::step_json() const {
  const std::string steps = steps_now();
  if (steps.empty()) return nullptr;
  return {{"steps", steps}, {"step", shown_.steps == steps ? shown_.step : 0}};
}

void Room::show_step(const std::shared_ptr<Member>& member, const protocol::Step& r, const json& re) {
  if (!round_) return refuse(member, {"no_round", "There is no round in this room yet.", ""}, re);
  const std::string steps = steps_now();
  if (steps.empty()) return refuse(member, {"wrong_phase", "The round shows no steps now.", ""}, re);
  if (r.steps && *r.steps != steps) {
    return refuse(member, {"steps_changed", "The stage has moved on to other steps.", "steps"}, re);
  }
  shown_ = {steps, r.step};
  // After what was recorded before it (the views of these steps among them), like the reply.
  after_recorded([this, self = shared_from_this(), message = json{{"type", "step"}, {"steps", steps}, {"step", r.step}}] {
    auto frame = make_frame(protocol::frame(message));
    for (const auto& [ptr, seated] : members_) {
      if (seated.welcomed && seated.seat.role != Role::participant) seated.session->send(frame);
    }
  });
  reply_ok(member, re);
}

}  // namespace earshot::server
