// Publishing the round: each connection's view, gathered from pieces many of them share.
#include "server/rooms/room.hpp"

#include <atomic>
#include <deque>

namespace earshot::server {

using nlohmann::json;

std::string Room::round_text(const games::Audience& audience, std::int64_t now) const {
  if (!round_) return "null";
  const auto& round = round_->round;
  std::string view = round.personal_text(audience);
  if (const auto shared = round.shared_text(audience); !shared.empty()) {
    if (!view.empty()) view += ',';
    view += shared;
  }
  return round_head(now) + view + "}}";
}

std::string Room::round_head(std::int64_t now) const {
  std::string activity;
  if (!round_->activity.is_null()) activity = R"(,"activity":)" + round_->activity.dump();
  return R"({"id":)" + json(round_->id).dump() + R"(,"number":)" + std::to_string(round_->number) + activity +
         R"(,"now":)" + std::to_string(now) + R"(,"view":{)";
}

// One frame per audience: the stage, the facilitator, and each participant (all of whose
// connections share it). A participant's view is made of three pieces: what every participant in
// the round sees alike (the phase, timers, reactions: built once), their circle's (the transcript,
// the results: once per circle), and their own ("you", their answers: small). The frames are
// gathered from those pieces, not copied into a string per phone: everything they are made of
// lives in one Publication, which each frame keeps alive (an aliasing pointer into it), and the
// session writes the pieces as they are (server/rooms/frame.hpp).
struct Room::Publication {
  // A piece of views (an object's members as JSON text, games/round.hpp) and a hash of it.
  struct Piece {
    std::string text;
    std::size_t hash = 0;
    bool made = false;  // in this publication
  };
  // What one audience's frame is made of. The frames are made once every own piece is written:
  // until then `own` may move as it grows.
  struct Parts {
    const Piece* common = nullptr;
    const Piece* shared = nullptr;
    const std::string* whole = nullptr;  // or the own piece is own[own_begin, own_end)
    std::size_t own_begin = 0, own_end = 0;
  };

  std::string head;
  std::unordered_map<std::string, Piece> shared, common;  // by group (map nodes never move)
  std::string own;                   // the participants' own pieces, one after another
  std::deque<std::string> personal;  // the whole views of the stage, the facilitator, latecomers
  std::size_t personal_used = 0;
  std::vector<Frame> frames;  // by audience whose view changed
  std::vector<Parts> parts;   // (the same)
  std::vector<std::pair<Member*, std::size_t>> sends;  // a connection and its audience's parts

  // The piece of `group` in `pieces`, made by `write` the first time this publication asks.
  template <class Write>
  const Piece* piece(std::unordered_map<std::string, Piece>& pieces, std::string group, Write&& write) {
    Piece& p = pieces.try_emplace(std::move(group)).first->second;
    if (!p.made) {
      p.text.clear();
      write(p.text);
      p.hash = std::hash<std::string>{}(p.text);
      p.made = true;
    }
    return &p;
  }
  std::string& next_personal() {
    if (personal_used == personal.size()) personal.emplace_back();
    std::string& text = personal[personal_used++];
    text.clear();
    return text;
  }
  // Ready for another update; the texts keep their room (all but the stale groups of a round
  // whose circles were rearranged many times).
  void reset() {
    head.clear();
    own.clear();
    for (auto* pieces : {&shared, &common}) {
      if (pieces->size() > 64) pieces->clear();
      for (auto& [group, piece] : *pieces) piece.made = false;
    }
    personal_used = 0;
    frames.clear();
    parts.clear();
    sends.clear();
  }
};

std::shared_ptr<Room::Publication> Room::take_publication() {
  for (auto& pub : publication_pool_) {
    if (pub.use_count() == 1) {  // no frame of it is left with a session: only the pool holds it
      // The sessions' last reads of it (on other threads) happen before it is written again:
      // pairs with the release in their shared_ptr's decrement.
      std::atomic_thread_fence(std::memory_order_acquire);
      pub->reset();
      return pub;
    }
  }
  auto pub = std::make_shared<Publication>();
  if (publication_pool_.size() < spare_publications) publication_pool_.push_back(pub);
  return pub;
}

void Room::publish_round() {
  if (!round_) return;
  const auto now = wall_clock_ms();
  const auto& round = round_->round;
  // An audience whose view is what it was last sent gets nothing: in a room of many circles, a
  // word changes only its own circle's phones.
  using Piece = Publication::Piece;
  using Parts = Publication::Parts;
  auto publication = take_publication();
  auto& pub = *publication;
  pub.head = R"({"type":"round","round":)";
  pub.head += round_head(now);
  pub.own.reserve(members_.size() * 80);  // "you" and a set: the usual size
  pub.parts.reserve(members_.size());
  pub.sends.reserve(members_.size());

  ++publications_;
  const std::size_t round_hash = std::hash<std::string>{}(round_->id);
  static const Piece none;
  for (const auto& [ptr, member] : members_) {
    if (!member.welcomed) continue;  // its welcome will carry the round
    const auto audience = audience_of(member.seat);
    LastView& last = audience.kind == games::Audience::Kind::participant ? last_views_[audience.participant]
                     : audience.kind == games::Audience::Kind::stage     ? stage_view_
                                                                         : facilitator_view_;
    if (last.publication != publications_) {  // the first connection of this audience
      last.publication = publications_;
      last.parts = LastView::unchanged;
      Parts p{&none, &none, nullptr, 0, 0};
      std::size_t own_hash = 0;
      if (auto group = round.common_group(audience); !group.empty()) {
        p.common = pub.piece(pub.common, std::move(group), [&](std::string& out) { round.append_common_text(out, audience); });
        p.own_begin = pub.own.size();
        round.append_own_text(pub.own, audience);
        p.own_end = pub.own.size();
        own_hash = std::hash<std::string_view>{}(std::string_view(pub.own).substr(p.own_begin));
      } else {
        std::string& whole = pub.next_personal();
        round.append_personal_text(whole, audience);
        p.whole = &whole;
        own_hash = std::hash<std::string>{}(whole);
      }
      if (auto group = round.shared_group(audience); !group.empty()) {  // "circles":[...],...
        p.shared = pub.piece(pub.shared, std::move(group), [&](std::string& out) { round.append_shared_text(out, audience); });
      }
      std::size_t fingerprint = round_hash;
      for (const std::size_t h : {p.common->hash, own_hash, p.shared->hash}) fingerprint = fingerprint * 1000003u ^ h;
      if (last.sent && last.fingerprint == fingerprint) {
        if (p.whole) --pub.personal_used;       // not needed after all
        else pub.own.resize(p.own_begin);
        continue;
      }
      last.sent = true;
      last.fingerprint = fingerprint;
      last.parts = pub.parts.size();
      pub.parts.push_back(p);
    }
    if (last.parts != LastView::unchanged) pub.sends.emplace_back(member.session.get(), last.parts);
  }

  // The pieces that are there, separated by commas.
  static constexpr std::string_view close = "}}}", comma = ",", none_text = "";
  pub.frames.reserve(pub.parts.size());
  for (const Parts& p : pub.parts) {
    const std::string_view own =
        p.whole ? std::string_view(*p.whole) : std::string_view(pub.own).substr(p.own_begin, p.own_end - p.own_begin);
    const std::string_view common = p.common->text, shared = p.shared->text;
    const bool c = !common.empty(), o = !own.empty(), s = !shared.empty();
    Frame& frame = pub.frames.emplace_back();
    for (std::string_view part : {std::string_view(pub.head), common, c && (o || s) ? comma : none_text, own,
                                  o && s ? comma : none_text, shared, close}) {
      frame.add(part);
    }
  }
  for (const auto& [session, i] : pub.sends) session->send_view(FramePtr(publication, &pub.frames[i]));
  pub.sends.clear();  // (no pointers to sessions kept)
  // An ended round's views seldom change again, and carry its results for every circle: their
  // room is given back (each publication is freed once its frames are written).
  if (!round_running()) publication_pool_.clear();
}

}  // namespace earshot::server
