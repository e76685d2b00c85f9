#pragma once
// One round of a game as a deterministic state machine (the shape of boardgame.io):
//
//   handle(command, now) -> events, or a rejection     tick(now) -> the timeouts that are due
//   apply(event)         -> the only way state changes  replay(config, events) -> the same round
//   view(audience)       -> exactly what that audience may see now
//   results()            -> the transcript and the measures of difference (games/results.hpp)
//
// No I/O, clocks, threads or hidden randomness: time comes in as `now` (milliseconds) and the
// only randomness is the config's seed (games/rng.hpp). Each game's own rules live in its file
// (chain.cpp, burst.cpp, waat.cpp, spiv.cpp); turns.cpp and answers.cpp hold what games share.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/config.hpp"
#include "games/event.hpp"
#include "games/measures.hpp"

namespace earshot::games {

class JsonText;
struct RoundResults;

// Phase and its names: games/vocabulary.hpp.

// A countdown that stops while the round is paused.
struct Timer {
  bool active = false;
  std::int64_t length = 0;     // full length in ms
  std::int64_t deadline = 0;   // when it runs out (meaningful while running)
  std::int64_t remaining = 0;  // what is left (meaningful while the round is paused)
  // Time used at `at`, pauses excluded.
  std::int64_t used(std::int64_t at) const { return length - (deadline - at); }
  bool operator==(const Timer&) const = default;
};

// One turn of a chain or story: a word (or phrase), or a pass.
struct Entry {
  std::string participant;
  std::string text;  // the word or phrase; empty for a pass
  std::string end;   // WAAT: sentence-ending punctuation after the word (".", "?!", ...)
  std::string pass;  // empty for a word; for a pass why: passed, timeout, offline, skipped
  std::int64_t at = 0;
  std::int64_t response_ms = 0;  // from the start of the turn (pauses excluded)
  bool operator==(const Entry&) const = default;
};

struct CircleState {
  std::string id;
  std::vector<std::string> order;  // participant ids in turn order
  std::size_t holder = 0;          // index in order of whose turn it is
  int cycle = 0;                   // completed rounds of the order
  int given = 0;                   // words given in the current turn (WAAT 1-2-3)
  Timer turn;
  std::vector<Entry> transcript;
  std::string done;  // "" while the circle plays; else why it stopped
  bool operator==(const CircleState&) const = default;
};

struct Answer {
  int n = 0;  // 1, 2, 3, ... in the order answers came in; picks name answers by n
  std::string participant, circle, text;
  std::int64_t at = 0;
  std::int64_t response_ms = 0;
  bool operator==(const Answer&) const = default;
};

// Everything answered at once to one stimulus or prompt (also WAAT retellings and titles).
struct AnswerSet {
  std::string kind;    // stimulus, prompt, retell, title
  std::string prompt;  // the stimulus or prompt shown; "" for retell and title
  std::size_t max_chars = 0;
  std::int64_t answer_ms = 0;
  bool has_pick = false;  // followed by a picking phase (SPIV pick, WAAT title vote)
  std::int64_t pick_ms = 0;
  std::vector<Answer> answers;
  std::map<std::string, std::string> guesses;  // SPIV predict: guesser -> guess of the partner's answer
  std::map<std::string, int> picks;            // picker -> n of the picked answer
  bool revealed = false;
  bool operator==(const AnswerSet&) const = default;
};

struct Person {
  std::string circle;
  bool online = true;
  bool left = false;
  std::string partner;  // SPIV predict: whose answer this person guesses
  bool operator==(const Person&) const = default;
};

// The whole state of a round: the fold of its events.
struct RoundState {
  Phase phase = Phase::lobby;
  bool paused = false;
  int set = -1;  // index of the current answer set; -1 before the first
  Timer phase_timer;
  std::vector<CircleState> circles;
  std::map<std::string, Person> people;
  std::vector<AnswerSet> sets;
  std::map<std::string, int> reactions;  // reaction -> count
  std::vector<std::string> notes;        // the facilitator's notes
  std::string end_reason;
  std::uint64_t seq = 0;  // of the last event applied
  std::int64_t at = 0;    // of the last event applied
  bool operator==(const RoundState&) const = default;
};

// The steer actions the facilitator may send in this state without a refusal for the phase (a
// skip during turns still names a circle that plays, a note needs its text): the views of the
// facilitator and the stage carry them as "allowed", so that the pages offer only these.
std::vector<std::string_view> allowed_steer_actions(const RoundState& state);

class Round {
 public:
  // What a command produced. Both may be set: timeouts that were due before the command are
  // applied (and must be stored and sent) even when the command itself is then rejected.
  struct Outcome {
    std::vector<Event> events;
    std::optional<Rejection> rejection;
  };

  explicit Round(RoundConfig config);

  // A command at time `now`. A `now` earlier than the last event counts as the last event's time.
  Outcome handle(const Command& command, std::int64_t now);
  // The timeouts due at `now` (turn passes, phase ends), each stamped with its own deadline.
  std::vector<Event> tick(std::int64_t now);
  // When tick should next be called; nullopt while nothing is counting down.
  std::optional<std::int64_t> next_deadline() const;

  // Applies one event (the next seq). Throws std::invalid_argument for an event that does not fit.
  void apply(const Event& e);

  nlohmann::json view(const Audience& audience) const;
  // The same view in two pieces, so that a server can send one view to many phones cheaply: a
  // participant's view(a) is personal_view(a) with the members of shared_view(a) added (their
  // circle and, once ended, the results). shared_view(a) is the same for every participant with
  // the same shared_group(a) (their circle). For anyone else shared_group(a) is empty,
  // shared_view(a) is {} and personal_view(a) == view(a).
  nlohmann::json personal_view(const Audience& audience) const;
  nlohmann::json shared_view(const Audience& audience) const;
  std::string shared_group(const Audience& audience) const;
  // personal_view(a) in two pieces again: common_view(a) with the members of own_view(a) added
  // ("you", the answer set as this audience may see it). common_view(a) is the same for every
  // audience with the same non-empty common_group(a) (every participant in the round), so a
  // server builds it once per update and only the small own_view per phone.
  nlohmann::json common_view(const Audience& audience) const;
  nlohmann::json own_view(const Audience& audience) const;
  std::string common_group(const Audience& audience) const;
  // The same views as JSON text, as a server sends them: an object's members without the braces
  // ("" for {}), so that pieces join with a comma. The json functions above parse these.
  std::string personal_text(const Audience& audience) const;
  std::string shared_text(const Audience& audience) const;
  std::string common_text(const Audience& audience) const;
  std::string own_text(const Audience& audience) const;
  // Each of these texts added to the end of `out`: a server gathering many audiences' pieces in
  // one string, or reusing the strings of its last update (no allocation once they are big enough).
  void append_personal_text(std::string& out, const Audience& audience) const;
  void append_shared_text(std::string& out, const Audience& audience) const;
  void append_common_text(std::string& out, const Audience& audience) const;
  void append_own_text(std::string& out, const Audience& audience) const;
  // The round's record: transcripts, answers, clusters, picks, predictions and measures, with names.
  nlohmann::json results() const { return results_json(true); }
  // The same record as a typed model (games/results.hpp), with names or without (`named`).
  RoundResults results_model(bool named) const;

  const RoundConfig& config() const { return config_; }
  const RoundState& state() const { return state_; }

 private:
  // Building events: emit applies the event at once and adds it to `out`.
  void emit(std::vector<Event>& out, std::int64_t at, std::string kind, std::string actor, std::string circle,
            nlohmann::json data = nlohmann::json::object());
  void run_timeouts(std::vector<Event>& out, std::int64_t now);
  void settle(std::vector<Event>& out, std::int64_t at);
  bool is_late(const Command& c, std::int64_t now) const;

  // Deciding (round.cpp: framework and facilitator; turns.cpp, answers.cpp: play).
  void decide(const Command& c, std::int64_t now, std::vector<Event>& out);
  void decide_facilitator(const Command& c, std::int64_t now, std::vector<Event>& out);
  void decide_server(const Command& c, std::int64_t now, std::vector<Event>& out);
  void decide_participant(const Command& c, std::int64_t now, std::vector<Event>& out);
  void decide_turn_play(const Command& c, const Person& who, std::int64_t now, std::vector<Event>& out);
  void decide_answer_play(const Command& c, const Person& who, std::int64_t now, std::vector<Event>& out);
  void advance_after_turns(std::vector<Event>& out, std::int64_t at, std::string actor, const std::string& reason);
  void advance_after_set(std::vector<Event>& out, std::int64_t at, std::string actor, const std::string& reason);
  void settle_turns(std::vector<Event>& out, std::int64_t at);
  void settle_answers(std::vector<Event>& out, std::int64_t at);

  // Applying.
  void apply_phase(const Event& e);
  void apply_turn_event(const Event& e);
  void apply_answer_event(const Event& e);
  void apply_membership(const Event& e);
  void start_timer(Timer& t, std::int64_t at, std::int64_t length) const;
  void next_turn(CircleState& c, std::int64_t at) const;

  // Helpers shared by deciding, views and results.
  CircleState& circle(const std::string& id);
  const CircleState* find_circle(const std::string& id) const;
  const Person* find_person(const std::string& id) const;
  const AnswerSet* current_set() const;
  int turn_quota(const CircleState& c) const;
  bool words_hidden(const Audience& a) const;
  std::vector<std::string> expected_answerers() const;

  void write_circle(JsonText& w, const CircleState& c, const Audience& a) const;
  void write_circle_text(JsonText& w, const CircleState& c, bool hidden) const;
  void write_set(JsonText& w, const AnswerSet& s, const Audience& a) const;
  nlohmann::json results_json(bool named) const;
  const std::string& results_text(bool named) const;
  nlohmann::json clusters_json(const AnswerSet& s, bool named) const;

  RoundConfig config_;
  std::string config_text_;  // to_json(config_), dumped once (the facilitator's view shows it)
  RoundState state_;
  // Each circle as JSON text, as of event `seq`, with its words shown [0] and hidden [1]
  // (view.cpp, write_circle). A cache inside const functions: like the rest of a Round, use it
  // from one thread at a time.
  struct CircleText {
    bool written = false;
    std::uint64_t seq = 0;
    std::string text;
  };
  mutable std::vector<std::array<CircleText, 2>> circle_texts_;
  // The results as JSON text, as of event `seq`, without names [0] and with them [1] (view.cpp,
  // results_text): every circle's phones, the stage and the facilitator are sent them once a
  // round ends, and measuring them is the dearest part of a view.
  mutable std::array<CircleText, 2> results_texts_;
};

// Rebuilds a round from its config and its events (throws std::invalid_argument on a bad log).
Round replay(const RoundConfig& config, const std::vector<Event>& events);

}  // namespace earshot::games
