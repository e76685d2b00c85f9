#pragma once
// The event store: everything a room does, kept in an SQLite database in the data directory, so
// transcripts survive restarts and kill -9 (docs/storage.md).
//
// Writing: append() queues a batch and returns at once; one writer thread commits everything
// queued in one transaction (group commit) and then calls each batch's callback. A room appends
// from its strand and acknowledges or broadcasts only from the callback (posted back to its
// strand), so nothing is announced before it is on disk and the room never waits for the disk.
//
// Reading: any thread, any time, on separate read connections; reads see committed data only.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace earshot::store {

// Every failure of the store: the message says what failed and why, readable by a facilitator.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- Records (what is read back; Participant and Event are also written as they are) ----

// A session is one room, from its creation until it is deleted. Codes are unique in the store.
struct Session {
  std::string code;
  std::int64_t created_ms = 0;
  std::optional<std::int64_t> closed_ms;  // nullopt while the room is open
  bool operator==(const Session&) const = default;
};

struct Participant {
  std::string session;
  std::string id;
  std::string name;
  std::string token;  // the participant's secret: never export it
  std::int64_t joined_ms = 0;
  bool operator==(const Participant&) const = default;
};

struct Round {
  std::string session;
  std::string id;
  std::string config;  // JSON text (the games library's round config)
  std::int64_t started_ms = 0;
  std::optional<std::int64_t> ended_ms;  // nullopt while the round runs
  bool operator==(const Round&) const = default;
};

struct Event {
  std::int64_t seq = 0;              // global order, set by the store (ignored when appending)
  std::string session;
  std::optional<std::string> round;  // nullopt for room-level events
  std::string circle;                // "" when not in a circle
  std::string actor;                 // participant id, "facilitator" or "server"
  std::string kind;
  std::string payload;               // JSON text, opaque to the store (the games library's event)
  std::int64_t at_ms = 0;            // server time
  bool operator==(const Event&) const = default;
};

// A deck of the facilitator's own: a name and its entries (docs/storage.md, "Decks"). The store
// keeps what it is given: the name's rules and the entries' are the games library's.
struct Deck {
  std::int64_t id = 0;        // given by the caller when it is created (see last_deck_id)
  std::string name;
  std::string name_key;       // the name as compared: no two decks have the same key
  std::string entries;        // JSON text: an array of strings
  std::int64_t place = 0;     // where drawing "the next entry" goes on from
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  bool operator==(const Deck&) const = default;
};

// A deck without its entries, for lists.
struct DeckSummary {
  std::int64_t id = 0;
  std::string name;
  std::int64_t size = 0;  // how many entries
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  std::string sample;     // JSON text: an array of the first entries (at most 5)
  bool operator==(const DeckSummary&) const = default;
};

// A workshop plan of the facilitator's own (docs/storage.md, "Plans"): a name and the plan as JSON
// (games/plan.hpp), opaque to the store.
struct StoredPlan {
  std::int64_t id = 0;  // given by the caller when it is created (see last_plan_id)
  std::string name;
  std::string name_key;  // no two plans have the same key
  std::string body;      // JSON text: an object
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  bool operator==(const StoredPlan&) const = default;
};

// ---- Writes ----

struct OpenSession {
  std::string code;
  std::int64_t created_ms = 0;
};
struct CloseSession {
  std::string code;
  std::int64_t closed_ms = 0;
};
struct StartRound {
  std::string session;
  std::string round;
  std::string config;  // JSON text
  std::int64_t started_ms = 0;
};
struct EndRound {
  std::string session;
  std::string round;
  std::int64_t ended_ms = 0;
};
// Removes the session and everything in it, then checkpoints the database so the data is gone
// from the files on disk too (docs/storage.md).
struct DeleteSession {
  std::string code;
};

// Decks. CreateDeck adds one (its id must be new: above last_deck_id(), never used before);
// UpdateDeck replaces its name and entries (it must exist; its place stays); DeleteDeck removes
// it (it must exist). MoveDeckPlace sets where "the next entry" of a deck goes on from: an own
// deck's (`deck`, nothing happens if it is gone) or a built-in deck's (`builtin`, its name).
struct CreateDeck {
  std::int64_t id = 0;
  std::string name;
  std::string name_key;
  std::string entries;  // JSON text: an array of strings
  std::int64_t at_ms = 0;
};
struct UpdateDeck {
  std::int64_t id = 0;
  std::string name;
  std::string name_key;
  std::string entries;
  std::int64_t at_ms = 0;
};
struct DeleteDeck {
  std::int64_t id = 0;
};
struct MoveDeckPlace {
  std::int64_t deck = 0;  // an own deck's id, or 0 for a built-in deck
  std::string builtin;    // the built-in deck's name when deck is 0
  std::int64_t place = 0;
};

// Plans, like decks: CreatePlan adds one (a new id, above last_plan_id()); UpdatePlan replaces its
// name and body (it must exist); DeletePlan removes it (it must exist).
struct CreatePlan {
  std::int64_t id = 0;
  std::string name;
  std::string name_key;
  std::string body;
  std::int64_t at_ms = 0;
};
struct UpdatePlan {
  std::int64_t id = 0;
  std::string name;
  std::string name_key;
  std::string body;
  std::int64_t at_ms = 0;
};
struct DeletePlan {
  std::int64_t id = 0;
};

// Saving a Participant adds them, or renames them if the session already has that id (their
// token and joined_ms never change). Appending an Event gives it the next seq.
using Write = std::variant<OpenSession, CloseSession, Participant, StartRound, EndRound, Event, DeleteSession,
                           CreateDeck, UpdateDeck, DeleteDeck, MoveDeckPlace, CreatePlan, UpdatePlan, DeletePlan>;

// Writes that succeed or fail together.
using Batch = std::vector<Write>;

// How a batch ended: ok() means it is committed to disk.
struct Outcome {
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// Called exactly once per batch, on the writer thread, after the commit (or the failure). Keep it
// short (post to your strand) and don't throw: the writer thread cannot recover from that.
using Callback = std::function<void(const Outcome&)>;

// Counters, for tests and benchmarks.
struct Stats {
  std::uint64_t batches = 0;       // batches written (successfully or not)
  std::uint64_t transactions = 0;  // transactions committed
};

struct Options {
  std::filesystem::path dir;        // the data directory; created if missing
  int busy_timeout_ms = 5000;       // how long to wait for a database another program has locked
  // The schema version to migrate to. Only tests lower it, to make databases of older versions.
  int schema_version = 0;           // 0: the latest
  // Read-only: for reading a data directory that a running Earshot may be writing to (the
  // `earshot export` and `earshot sessions` commands). Creates nothing, takes no lock, migrates
  // nothing and starts no writer: the directory and its database must exist. Reads use SQLite
  // read-only connections, which WAL mode lets run alongside the writer (they see committed
  // data). Appends fail at once; flush and close do nothing.
  bool read_only = false;
};

// The schema version this build writes; older databases are migrated when opened.
int latest_schema_version();

// The database file the store keeps in the data directory `dir` (DIR/earshot.db).
std::filesystem::path database_path(const std::filesystem::path& dir);

class EventStore {
 public:
  // Creates the data directory if needed, locks it (DIR/earshot.lock) against a second Earshot,
  // opens or creates DIR/earshot.db and migrates it. Throws StoreError with a clear message if the
  // directory is not writable, another Earshot holds it, or the database is damaged or locked.
  // With options.read_only: opens the existing DIR/earshot.db for reading only (see Options);
  // throws StoreError if the directory or the database is missing, not Earshot's, or too new.
  explicit EventStore(const Options& options);
  // Drains the queue (every pending callback is called), then closes.
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  const std::filesystem::path& database_file() const;

  // Thread-safe, never waits for the disk. After close(), calls `done` at once with an error.
  void append(Batch batch, Callback done);
  // Waits until every batch appended before the call is written and its callback has returned.
  // Not from inside a callback (throws std::logic_error there: it would wait for itself).
  void flush();
  // Drains the queue and stops the writer; later appends fail, reads still work. Idempotent.
  // Not from inside a callback (throws std::logic_error there).
  void close();

  Stats stats() const;

  // Reads (any thread; throw StoreError). Lists are oldest first; events are in seq order.
  std::vector<Session> sessions() const;
  std::vector<Session> open_sessions() const;  // not closed: the rooms to restore after a restart
  std::optional<Session> session(const std::string& code) const;
  std::vector<Participant> participants(const std::string& session) const;
  std::vector<Round> rounds(const std::string& session) const;
  std::vector<Event> round_events(const std::string& session, const std::string& round) const;
  std::vector<Event> session_events(const std::string& session) const;  // all of them: for replay

  // Decks (the reads need schema version 3: a read-only store of an older database has none).
  std::vector<DeckSummary> decks() const;  // oldest first
  std::optional<Deck> deck(std::int64_t id) const;
  // The highest deck id ever created (0 if none), also of decks deleted since: a new deck's id is
  // above it, so no id is ever used twice.
  std::int64_t last_deck_id() const;
  // Where "the next entry" of a built-in deck goes on from (0 if it was never drawn from).
  std::int64_t builtin_deck_place(const std::string& name) const;

  // Plans (schema version 4): oldest first; the highest plan id ever created (0 if none).
  std::vector<StoredPlan> plans() const;
  std::optional<StoredPlan> plan(std::int64_t id) const;
  std::int64_t last_plan_id() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace earshot::store
