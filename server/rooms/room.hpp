#pragma once
// A room: its roster of participants, its circles, its connections (Members) and its rounds. Every
// member function marked "strand" must run on the room's strand; nothing else touches the room's
// state, so no locks are needed around it. What a connection may ask is decided before (the Desk,
// server/rooms/desk.hpp) and parsed into a typed request (server/rooms/protocol.hpp).
//
// The room's functions live in five files along its seams: room.cpp (seating connections, people
// coming and going, closing), room_record.cpp (recording to the store, and rebuilding from it),
// room_rounds.cpp (requests: rounds, plays, steering, the circles), room_views.cpp (publishing
// the round's views), room_steps.cpp (which step of the results the stage shows),
// room_plan.cpp (following a workshop plan: its activities, started one at a time) and
// room_access.cpp (who may come in, and the assistant's link).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/plan.hpp"
#include "games/round.hpp"
#include "games/roster.hpp"
#include "games/seating.hpp"
#include "server/rooms/asio.hpp"
#include "server/rooms/member.hpp"
#include "server/rooms/protocol.hpp"
#include "server/rooms/token_bucket.hpp"
#include "store/store.hpp"

namespace earshot::server {

class DeckLibrary;
class PlanLibrary;

// Milliseconds since the Unix epoch: the clock of rounds (deadlines are sent to the pages in it).
std::int64_t wall_clock_ms();

class Room : public std::enable_shared_from_this<Room> {
 public:
  // A participant whose last connection ends counts as online this long before the room is told
  // they went away: a phone that blips (Wi-Fi roaming, a locked screen) and comes back never
  // flickers on the stage, keeps its turn, and costs the room no messages.
  static constexpr std::chrono::milliseconds presence_grace{3000};

  // `on_change` is called (on the room's strand) whenever summary() changes or the room closes.
  // `store`: where the room records everything it does (nullptr: nothing is kept).
  // `decks`: what a new round may draw its seed word, title, stimuli or prompt from (nullptr: none).
  // `plans`: the plans the room may follow (nullptr: none).
  Room(net::io_context& ioc, std::string code, std::string join_url, std::int64_t created_ms,
       std::function<void()> on_change = {}, store::EventStore* store = nullptr, DeckLibrary* decks = nullptr,
       PlanLibrary* plans = nullptr);

  const std::string& code() const { return code_; }
  const std::string& join_url() const { return join_url_; }
  std::int64_t created_ms() const { return created_ms_; }
  Strand& strand() { return strand_; }

  // Readable from any thread: a summary for room lists and health checks.
  nlohmann::json summary() const;
  // Readable from any thread: the assistant's key (for the QR code of its link), if there is one.
  std::optional<std::string> assistant_key() const;

  // strand: records that the room was created (once, right after creating it).
  void record_opened();
  // Before the server runs (no strand needed yet): rebuilds the room from the store: people,
  // tokens, circles, and the last round by replaying its events; its timers resume. Everyone's
  // connection counts as one that ended as the server starts: whoever is not back within
  // presence_grace goes away, as after any drop (the round in play is told, their turns pass).
  void restore();

  // strand: seats a connection that said hello. Sends the welcome (or the error) to it and tells
  // the other members; then calls `done` with the seat, or nullopt if the hello was refused. A
  // new participant's welcome waits until they are on disk, so `done` may come later (on the
  // strand). `rooms` goes into a facilitator's welcome.
  void attach(const std::shared_ptr<Member>& session, const protocol::Hello& hello, const nlohmann::json& re,
              const nlohmann::json& rooms, std::function<void(std::optional<Seat>)> done);
  // strand: the connection left (closed, or moved to another room).
  void detach(const std::shared_ptr<Member>& session);
  // strand: closes the room: everyone is told, participants and observers are disconnected.
  void close();
  // Only once the server's threads have stopped: lets go of the connections still seated (their
  // closing handshakes never finished), which hold the room in turn, so that both are freed.
  void release_members() { members_.clear(); }
  // strand: a request from a seated connection, allowed for its seat (the Desk checked).
  // Replies (ok or error) go to the member, after the replies to what it asked before; what
  // changed goes to everyone.
  void request(const std::shared_ptr<Member>& member, const Seat& seat, const protocol::RoomRequest& request,
               const nlohmann::json& re);
  // strand: a request that was refused before it got here, answered in its turn like the others.
  void refuse(const std::shared_ptr<Member>& member, const protocol::Error& error, const nlohmann::json& re);

 private:
  struct Seated {
    std::shared_ptr<Member> session;
    Seat seat;
    bool welcomed = false;  // broadcasts start after the welcome
  };

  // Which activity of the plan a round is: {"index","of","title"} (null: an unplanned round).
  // The round in play (or the last one), with its place in the room's sequence of rounds.
  struct Live {
    std::string id;  // "r1", "r2", ...
    int number = 0;
    games::Round round;
    nlohmann::json activity = nullptr;
  };
  // The workshop plan the room follows, as it was when the room took it, and where it is in it.
  struct Following {
    std::string id;
    games::Plan plan;
    std::size_t next = 0;                // the activity the next "activity" starts
    std::optional<std::size_t> current;  // the activity whose round is on, or ran last
    std::vector<std::size_t> ran;        // the activities run, in order of index
  };

  // Durability: everything the room announces is on disk first. record() appends a batch and runs
  // `then` on the strand once it is committed; after_recorded() runs `then` once everything
  // recorded so far is committed. Both keep the order in which they were called.
  void record(store::Batch batch, std::function<void()> then);
  void after_recorded(std::function<void()> then);
  void on_recorded(std::uint64_t batch, const std::string& error);
  store::Event room_event(std::string kind, const nlohmann::json& data) const;
  store::Event circles_event() const;

  nlohmann::json snapshot() const;
  // snapshot() as JSON text, kept until the people or the circles change (a storm of phones
  // coming back gets its welcomes without rebuilding it for each).
  const std::string& snapshot_text() const;
  void people_changed() { snapshot_text_.clear(); }
  games::Audience audience_of(const Seat& seat) const;
  // {"id":...,"number":...,"now":...,"view":{...}} as JSON text ("null" with no round).
  std::string round_text(const games::Audience& audience, std::int64_t now) const;
  std::string round_head(std::int64_t now) const;  // round_text up to the view's members
  // Sends every connection its view of the round.
  void publish_round();
  // The round changed: its views go out once everything recorded so far is on disk.
  void round_changed();
  // Events the round produced: recorded, then shown (the one place where both happen, in order).
  void commit(const std::vector<games::Event>& events);
  // Runs a command through the round; replies ok or the rejection to `session`.
  void run_command(const games::Command& command, const std::shared_ptr<Member>& session, const nlohmann::json& re);
  // A command of the server's own (presence, join, leave): nobody to reply to.
  void run_server_command(std::string kind, nlohmann::json data);
  void schedule_tick();
  void on_tick();
  bool round_running() const { return round_ && round_->round.state().phase != games::Phase::ended; }

  // `activity`: the plan's activity this round is (room_plan.cpp), recorded with it.
  void new_round(const std::shared_ptr<Member>& member, const protocol::NewRound& r, const nlohmann::json& re,
                 std::optional<std::size_t> activity = std::nullopt);
  void steer(const std::shared_ptr<Member>& member, const protocol::Steer& r, const nlohmann::json& re);
  void play(const std::shared_ptr<Member>& member, const Seat& seat, const protocol::Play& r, const nlohmann::json& re);
  // The circles (room_rounds.cpp): each replies ok or an error.
  void kick(const std::shared_ptr<Member>& member, const protocol::Kick& r, const nlohmann::json& re);
  void rename(const std::shared_ptr<Member>& member, const protocol::Rename& r, const nlohmann::json& re);
  void split(const std::shared_ptr<Member>& member, const protocol::Split& r, const nlohmann::json& re);
  void move(const std::shared_ptr<Member>& member, const protocol::Move& r, const nlohmann::json& re);
  void shuffle(const std::shared_ptr<Member>& member, const nlohmann::json& re);
  // Presentation (room_steps.cpp): which step of the reveal's or the results' steps the stage shows.
  void show_step(const std::shared_ptr<Member>& member, const protocol::Step& r, const nlohmann::json& re);
  // The steps the round shows now: "r2:set0" while answer set 0 is revealed (or picked from),
  // "r2:results" once the round has ended; "" when it shows none (no round, or playing).
  std::string steps_now() const;
  // {"steps":...,"step":n} for the welcome of the stage and the facilitator; null without steps.
  nlohmann::json step_json() const;
  // Who may come in (room.cpp): locked, a cap, latecomers held for the next round.
  void set_doors(const std::shared_ptr<Member>& member, const protocol::Doors& r, const nlohmann::json& re);
  nlohmann::json doors_json() const;
  // The assistant's link (room_access.cpp): a new key, or none; whoever held the old one is shown out.
  void set_assistant(const std::shared_ptr<Member>& member, const protocol::Assistant& r, const nlohmann::json& re);
  nlohmann::json assistant_json() const;  // {"key","createdMs"} for facilitator pages; null: none
  bool is_assistant_key(std::string_view key) const;
  void restore_assistant(const nlohmann::json& data);  // from a recorded "assistant" event
  // Following a plan (room_plan.cpp): each replies ok or an error.
  void use_plan(const std::shared_ptr<Member>& member, const protocol::UsePlan& r, const nlohmann::json& re);
  void run_activity(const std::shared_ptr<Member>& member, const protocol::RunActivity& r, const nlohmann::json& re);
  void plan_next(const std::shared_ptr<Member>& member, const protocol::PlanNext& r, const nlohmann::json& re);
  // Where the room is in its plan, for facilitators: {"id","name","minutes","activities":[...],
  // "next","current","ran"}, or null when it follows none.
  nlohmann::json plan_json() const;
  // The event that records the plan (when `with_plan`) and where the room is in it.
  store::Event plan_event(bool with_plan) const;
  // Rebuilds plan_ from a recorded plan event (restore()).
  void restore_plan(const nlohmann::json& data);
  // Tells the facilitator pages (not the stage) where the room is in its plan.
  void plan_changed();
  void circles_changed();  // recorded, then shown
  void remove(const std::string& participant);
  // One connection of each of `participants` ended (a phone dropped, or the server restarted):
  // each is released once presence_grace is over.
  void await_return(std::vector<std::string> participants);
  // A participant's connection ended (presence_grace ago): offline if it was their last.
  void release(const std::string& participant);
  bool take_reaction_token(const std::string& participant, std::int64_t now);
  void reply(const std::shared_ptr<Member>& member, std::string frame);
  void reply_ok(const std::shared_ptr<Member>& member, const nlohmann::json& re);
  nlohmann::json participant_json(const games::Member& m) const;
  void broadcast(const nlohmann::json& message, const Member* except = nullptr);
  void update_counts();

  Strand strand_;
  const std::string code_;
  const std::string join_url_;
  const std::int64_t created_ms_;
  const std::function<void()> on_change_;
  store::EventStore* const store_;
  DeckLibrary* const decks_;
  PlanLibrary* const plans_;
  std::uint64_t batches_ = 0;
  std::map<std::uint64_t, std::vector<std::function<void()>>> pending_;  // batch -> what waits for it

  games::Roster roster_;
  games::Seating seating_;
  mutable std::string snapshot_text_;  // empty: to be made again
  std::optional<Live> round_;
  std::optional<Following> plan_;
  // Who may come in: recorded ("doors" events), in the room's snapshot, kept across a restart.
  struct Doors {
    bool locked = false;
    std::optional<std::size_t> cap;
    bool hold = false;
  };
  Doors doors_;
  // The assistant's link: recorded ("assistant" events, which exports leave out), kept across a
  // restart. Changed on the strand under the mutex, so that assistant_key() may read it anywhere.
  struct AssistantLink {
    std::string key;
    std::int64_t created_ms = 0;
  };
  std::optional<AssistantLink> assistant_;
  mutable std::mutex assistant_mutex_;
  // The step the stage shows, of the steps named: presentation, not part of the round (nothing
  // of it is recorded). Another round, answer set or the end starts again at step 0.
  struct Shown {
    std::string steps;
    std::size_t step = 0;
  };
  Shown shown_;
  bool round_dirty_ = false;  // changed since the views were last sent
  int rounds_made_ = 0;
  net::steady_timer timer_;  // fires at the round's next deadline
  std::unordered_map<std::string, TokenBucket> reaction_buckets_;
  // What each audience (each participant, the stage, the facilitator) was last sent of the round:
  // a hash of the round id and the view, so an unchanged view is not sent again.
  struct LastView {
    static constexpr std::size_t unchanged = static_cast<std::size_t>(-1);
    bool sent = false;
    std::size_t fingerprint = 0;
    // Within one publish_round: the publication that looked at this audience, and its frame.
    std::uint64_t publication = 0;
    std::size_t parts = unchanged;
  };
  std::unordered_map<std::string, LastView> last_views_;  // by participant id
  LastView stage_view_, facilitator_view_;
  std::uint64_t publications_ = 0;
  // What publish_round gathers one update's views in (server/rooms/room.cpp). The frames sent point
  // into it, so one is used again only once no session holds a frame of it any more: the texts
  // then keep their room, and a busy round is published without allocating. (None are kept once
  // the round has ended.)
  struct Publication;
  static constexpr std::size_t spare_publications = 3;
  std::vector<std::shared_ptr<Publication>> publication_pool_;
  std::shared_ptr<Publication> take_publication();
  std::unordered_map<std::string, std::string> tokens_;  // token -> participant id
  std::unordered_map<const Member*, Seated> members_;
  bool closed_ = false;

  std::atomic<std::size_t> participant_count_{0};
  std::atomic<std::size_t> online_count_{0};
};

}  // namespace earshot::server
