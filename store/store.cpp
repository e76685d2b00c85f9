#include "store/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <future>
#include <mutex>
#include <thread>

#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace earshot::store {

std::filesystem::path database_path(const std::filesystem::path& dir) { return dir / "earshot.db"; }

namespace {

// Holds DIR/earshot.lock with flock() for as long as the store is open: a second Earshot on the
// same directory is refused. The kernel drops the lock when the process dies, even on kill -9.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::create_directories(dir, ec))
      // New directory: it will hold names and tokens, so only its owner may look inside.
      std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ec);
    if (ec || !std::filesystem::is_directory(dir))
      throw StoreError("cannot create the data directory " + dir.string() + ": " +
                       (ec ? ec.message() : "a file of that name is in the way"));
    const auto file = dir / "earshot.lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0)
      throw StoreError("the data directory " + dir.string() + " is not writable: " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd_);
      if (error == EWOULDBLOCK) throw StoreError("another Earshot is using " + dir.string());
      throw StoreError("cannot lock " + file.string() + ": " + std::strerror(error));
    }
  }
  ~DirectoryLock() { ::close(fd_); }  // closing releases the lock
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

// The first column of the first row of a query that answers with text ("" if no row).
std::string first_row(sqlite::Connection& db, std::string_view sql) {
  auto q = db.query(sql);
  return q.next() ? q.text(0) : std::string();
}

Session read_session(const sqlite::Query& q) { return {q.text(0), q.int64(1), q.optional_int64(2)}; }

Event read_event(const sqlite::Query& q) {
  return {q.int64(0), q.text(1), q.optional_text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.int64(7)};
}

constexpr std::string_view event_columns = "seq, session, round, circle, actor, kind, payload, at_ms";

// Runs one write on the writer's connection. Sets `deletes` when it removed a session.
struct Apply {
  sqlite::Connection& db;
  bool& deletes;

  void operator()(const OpenSession& w) {
    db.query("INSERT INTO sessions (code, created_ms) VALUES (?1, ?2)").bind(1, w.code).bind(2, w.created_ms).run();
  }
  void operator()(const CloseSession& w) {
    db.query("UPDATE sessions SET closed_ms = ?2 WHERE code = ?1 AND closed_ms IS NULL")
        .bind(1, w.code)
        .bind(2, w.closed_ms)
        .run();
    if (db.changes() == 0) throw StoreError("no open session " + w.code);
  }
  void operator()(const Participant& w) {
    db.query(
          "INSERT INTO participants (session, id, name, token, joined_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
          "ON CONFLICT (session, id) DO UPDATE SET name = excluded.name")
        .bind(1, w.session)
        .bind(2, w.id)
        .bind(3, w.name)
        .bind(4, w.token)
        .bind(5, w.joined_ms)
        .run();
  }
  void operator()(const StartRound& w) {
    db.query("INSERT INTO rounds (session, id, config, started_ms) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, w.session)
        .bind(2, w.round)
        .bind(3, w.config)
        .bind(4, w.started_ms)
        .run();
  }
  void operator()(const EndRound& w) {
    db.query("UPDATE rounds SET ended_ms = ?3 WHERE session = ?1 AND id = ?2 AND ended_ms IS NULL")
        .bind(1, w.session)
        .bind(2, w.round)
        .bind(3, w.ended_ms)
        .run();
    if (db.changes() == 0) throw StoreError("no running round " + w.round + " in session " + w.session);
  }
  void operator()(const Event& w) {
    db.query(
          "INSERT INTO events (session, round, circle, actor, kind, payload, at_ms) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, w.session)
        .bind(2, w.round)
        .bind(3, w.circle)
        .bind(4, w.actor)
        .bind(5, w.kind)
        .bind(6, w.payload)
        .bind(7, w.at_ms)
        .run();
  }
  void operator()(const DeleteSession& w) {
    // Participants, rounds and events go with it (ON DELETE CASCADE).
    db.query("DELETE FROM sessions WHERE code = ?1").bind(1, w.code).run();
    if (db.changes() == 0) throw StoreError("no session " + w.code);
    deletes = true;
  }
  // Decks and plans are both a named row: an id, a name and its key, a JSON column, two times.
  void create_named(const char* table, const char* column, std::int64_t id, const std::string& name,
                    const std::string& key, const std::string& value, std::int64_t at_ms) {
    db.query(std::string("INSERT INTO ") + table + " (id, name, name_key, " + column +
             ", created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
        .bind(1, id)
        .bind(2, name)
        .bind(3, key)
        .bind(4, value)
        .bind(5, at_ms)
        .run();
  }
  void update_named(const char* table, const char* column, std::int64_t id, const std::string& name,
                    const std::string& key, const std::string& value, std::int64_t at_ms) {
    db.query(std::string("UPDATE ") + table + " SET name = ?2, name_key = ?3, " + column + " = ?4, updated_ms = ?5 WHERE id = ?1")
        .bind(1, id)
        .bind(2, name)
        .bind(3, key)
        .bind(4, value)
        .bind(5, at_ms)
        .run();
    if (db.changes() == 0) throw StoreError(std::string("no ") + table + " row " + std::to_string(id));
  }
  void delete_named(const char* table, std::int64_t id) {
    db.query(std::string("DELETE FROM ") + table + " WHERE id = ?1").bind(1, id).run();
    if (db.changes() == 0) throw StoreError(std::string("no ") + table + " row " + std::to_string(id));
  }
  void operator()(const CreateDeck& w) { create_named("decks", "entries", w.id, w.name, w.name_key, w.entries, w.at_ms); }
  void operator()(const UpdateDeck& w) { update_named("decks", "entries", w.id, w.name, w.name_key, w.entries, w.at_ms); }
  void operator()(const DeleteDeck& w) { delete_named("decks", w.id); }
  void operator()(const CreatePlan& w) { create_named("plans", "body", w.id, w.name, w.name_key, w.body, w.at_ms); }
  void operator()(const UpdatePlan& w) { update_named("plans", "body", w.id, w.name, w.name_key, w.body, w.at_ms); }
  void operator()(const DeletePlan& w) { delete_named("plans", w.id); }
  void operator()(const MoveDeckPlace& w) {
    if (w.deck != 0) {
      db.query("UPDATE decks SET place = ?2 WHERE id = ?1").bind(1, w.deck).bind(2, w.place).run();
    } else {
      db.query(
            "INSERT INTO builtin_deck_places (deck, place) VALUES (?1, ?2) "
            "ON CONFLICT (deck) DO UPDATE SET place = excluded.place")
          .bind(1, w.builtin)
          .bind(2, w.place)
          .run();
    }
  }
};

}  // namespace

class EventStore::Impl {
 public:
  explicit Impl(const Options& options)
      : read_only_(options.read_only),
        lock_(read_only_ ? nullptr : std::make_unique<DirectoryLock>(options.dir)),
        file_(database_path(options.dir)),
        busy_timeout_ms_(options.busy_timeout_ms),
        db_(read_only_ ? nullptr : open(file_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) {
    if (read_only_) {
      open_for_reading(options.dir);
      return;
    }
    try {
      prepare_writer(options.schema_version == 0 ? latest_schema_version() : options.schema_version);
    } catch (const StoreError& e) {
      throw StoreError("cannot open the event store " + file_.string() + ": " + e.what());
    }
    writer_ = std::thread([this] { run_writer(); });
    writer_id_ = writer_.get_id();
  }

  ~Impl() { close(); }

  const std::filesystem::path& file() const { return file_; }

  void append(Batch batch, Callback done) {
    if (read_only_) {
      if (done) done(Outcome{"the event store is open read-only"});
      return;
    }
    {
      std::lock_guard lock(mutex_);
      if (!closing_) {
        queue_.push_back({std::move(batch), std::move(done)});
        wake_.notify_one();
        return;
      }
    }
    if (done) done(Outcome{"the event store is closed"});
  }

  void flush() {
    if (read_only_) return;  // nothing is ever written
    if (std::this_thread::get_id() == writer_id_)
      throw std::logic_error("EventStore::flush() called from a store callback");
    std::promise<void> written;
    append({}, [&written](const Outcome&) { written.set_value(); });
    written.get_future().wait();
  }

  void close() {
    if (std::this_thread::get_id() == writer_id_)
      throw std::logic_error("EventStore::close() called from a store callback");
    std::call_once(closed_, [this] {
      {
        std::lock_guard lock(mutex_);
        closing_ = true;
      }
      wake_.notify_one();
      if (writer_.joinable()) writer_.join();
    });
  }

  Stats stats() const { return {batches_.load(), transactions_.load()}; }

  // Runs `f(connection)` on an idle read connection (opening one if none is idle).
  template <class F>
  auto read(F&& f) const {
    std::unique_ptr<sqlite::Connection> db;
    {
      std::lock_guard lock(readers_mutex_);
      if (!readers_.empty()) {
        db = std::move(readers_.back());
        readers_.pop_back();
      }
    }
    try {
      if (!db) db = open(file_, SQLITE_OPEN_READONLY);
      auto result = f(*db);
      std::lock_guard lock(readers_mutex_);
      readers_.push_back(std::move(db));
      return result;
    } catch (const StoreError& e) {
      // The connection is dropped: whatever went wrong stays with it.
      throw StoreError("cannot read the event store " + file_.string() + ": " + e.what());
    }
  }

 private:
  struct Pending {
    Batch batch;
    Callback done;
  };

  // Opens a connection (SQLITE_OPEN_NOMUTEX: each is used by one thread at a time).
  std::unique_ptr<sqlite::Connection> open(const std::filesystem::path& file, int flags) const {
    auto db = std::make_unique<sqlite::Connection>(file, flags | SQLITE_OPEN_NOMUTEX);
    db->exec("PRAGMA busy_timeout = " + std::to_string(busy_timeout_ms_));
    return db;
  }

  // Read-only: checks that the database is there and is a readable Earshot database, without
  // touching it, and keeps the connection as the first reader.
  void open_for_reading(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      throw StoreError(std::filesystem::exists(dir, ec)
                           ? "the data directory " + dir.string() + " is not a directory"
                           : "there is no data directory " + dir.string());
    }
    if (!std::filesystem::exists(file_, ec))
      throw StoreError("there is no event store in " + dir.string() + " (" + file_.string() + " is missing)");
    try {
      auto db = open(file_, SQLITE_OPEN_READONLY);
      check_readable(*db);
      readers_.push_back(std::move(db));
    } catch (const StoreError& e) {
      throw StoreError("cannot open the event store " + file_.string() + ": " + e.what());
    }
  }

  void prepare_writer(int schema_version) {
    // WAL: readers never block the writer nor the other way round; a commit is one append to the
    // log. FULL: the log is fsynced at every commit, so a commit survives power loss too.
    if (first_row(*db_, "PRAGMA journal_mode = WAL") != "wal")
      throw StoreError("cannot switch the database to WAL mode");
    db_->exec("PRAGMA synchronous = FULL");
    db_->exec("PRAGMA foreign_keys = ON");
    // Deleted rows are overwritten with zeros, so a deleted session leaves no trace in the file.
    db_->exec("PRAGMA secure_delete = ON");
    if (const auto check = first_row(*db_, "PRAGMA quick_check"); check != "ok")
      throw StoreError(std::string(sqlite::damaged_advice) + " (" + check + ")");
    migrate(*db_, schema_version);
  }

  void run_writer() {
    std::vector<Pending> group;
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty() || closing_; });
        if (queue_.empty()) return;  // closing, and everything is written
        group.swap(queue_);
      }
      write(group);
      group.clear();
    }
  }

  // Writes a group of batches in one transaction, each batch in its own savepoint so that a bad
  // batch (say, an event for an unknown session) fails alone. Then calls every callback.
  void write(const std::vector<Pending>& group) {
    std::vector<std::string> errors(group.size());
    std::string failure;  // the whole transaction failed
    bool deleted = false;
    try {
      db_->exec("BEGIN IMMEDIATE");
      for (std::size_t i = 0; i < group.size(); ++i) {
        bool deletes = false;
        db_->exec("SAVEPOINT batch");
        try {
          for (const auto& w : group[i].batch) std::visit(Apply{*db_, deletes}, w);
        } catch (const StoreError& e) {
          if (!db_->in_transaction()) throw;  // the error ended the whole transaction
          errors[i] = e.what();
          db_->exec("ROLLBACK TO batch");
        }
        db_->exec("RELEASE batch");
        deleted = deleted || (deletes && errors[i].empty());
      }
      db_->exec("COMMIT");
      ++transactions_;
      checkpoint_pending_ = checkpoint_pending_ || deleted;
    } catch (const std::exception& e) {
      db_->rollback();
      failure = std::string("cannot write to the event store: ") + e.what();
    }
    batches_ += group.size();
    if (checkpoint_pending_) checkpoint();
    for (std::size_t i = 0; i < group.size(); ++i) notify(group[i].done, {failure.empty() ? errors[i] : failure});
  }

  // Copies the log into the database file and empties it, so deleted data leaves the disk. A
  // reader in the way makes it fail; it is then retried after the next commit.
  void checkpoint() {
    try {
      auto q = db_->query("PRAGMA wal_checkpoint(TRUNCATE)");
      checkpoint_pending_ = !q.next() || q.int64(0) != 0;  // first column: 1 if it was blocked
    } catch (const StoreError&) {
      checkpoint_pending_ = true;
    }
  }

  // A callback that throws would leave the writer in an unknown state: noexcept ends the program.
  static void notify(const Callback& done, const Outcome& outcome) noexcept {
    if (done) done(outcome);
  }

  const bool read_only_;
  std::unique_ptr<DirectoryLock> lock_;  // first in, last out: held while anything below is open
                                         // (none when read-only)
  const std::filesystem::path file_;
  const int busy_timeout_ms_;

  // The writer's: used by the constructor, then only by the writer thread. None when read-only.
  std::unique_ptr<sqlite::Connection> db_;
  bool checkpoint_pending_ = false;

  mutable std::mutex readers_mutex_;
  mutable std::vector<std::unique_ptr<sqlite::Connection>> readers_;  // idle read connections

  std::mutex mutex_;  // guards queue_ and closing_
  std::condition_variable wake_;
  std::vector<Pending> queue_;
  bool closing_ = false;
  std::once_flag closed_;

  std::atomic<std::uint64_t> batches_{0};
  std::atomic<std::uint64_t> transactions_{0};

  std::thread writer_;
  std::thread::id writer_id_;
};

// ---- EventStore: forwards to Impl ----

EventStore::EventStore(const Options& options) : impl_(std::make_unique<Impl>(options)) {}
EventStore::~EventStore() = default;

const std::filesystem::path& EventStore::database_file() const { return impl_->file(); }
void EventStore::append(Batch batch, Callback done) { impl_->append(std::move(batch), std::move(done)); }
void EventStore::flush() { impl_->flush(); }
void EventStore::close() { impl_->close(); }
Stats EventStore::stats() const { return impl_->stats(); }

std::vector<Session> EventStore::sessions() const {
  return impl_->read([](sqlite::Connection& db) {
    std::vector<Session> out;
    auto q = db.query("SELECT code, created_ms, closed_ms FROM sessions ORDER BY created_ms, code");
    while (q.next()) out.push_back(read_session(q));
    return out;
  });
}

std::vector<Session> EventStore::open_sessions() const {
  return impl_->read([](sqlite::Connection& db) {
    std::vector<Session> out;
    auto q = db.query(
        "SELECT code, created_ms, closed_ms FROM sessions WHERE closed_ms IS NULL ORDER BY created_ms, code");
    while (q.next()) out.push_back(read_session(q));
    return out;
  });
}

std::optional<Session> EventStore::session(const std::string& code) const {
  return impl_->read([&](sqlite::Connection& db) -> std::optional<Session> {
    auto q = db.query("SELECT code, created_ms, closed_ms FROM sessions WHERE code = ?1");
    q.bind(1, code);
    if (!q.next()) return std::nullopt;
    return read_session(q);
  });
}

std::vector<Participant> EventStore::participants(const std::string& session) const {
  return impl_->read([&](sqlite::Connection& db) {
    std::vector<Participant> out;
    auto q = db.query(
        "SELECT session, id, name, token, joined_ms FROM participants WHERE session = ?1 ORDER BY joined_ms, rowid");
    q.bind(1, session);
    while (q.next()) out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4)});
    return out;
  });
}

std::vector<Round> EventStore::rounds(const std::string& session) const {
  return impl_->read([&](sqlite::Connection& db) {
    std::vector<Round> out;
    auto q = db.query(
        "SELECT session, id, config, started_ms, ended_ms FROM rounds WHERE session = ?1 "
        "ORDER BY started_ms, rowid");
    q.bind(1, session);
    while (q.next()) out.push_back({q.text(0), q.text(1), q.text(2), q.int64(3), q.optional_int64(4)});
    return out;
  });
}

std::vector<Event> EventStore::round_events(const std::string& session, const std::string& round) const {
  return impl_->read([&](sqlite::Connection& db) {
    std::vector<Event> out;
    auto q = db.query("SELECT " + std::string(event_columns) +
                      " FROM events WHERE session = ?1 AND round = ?2 ORDER BY seq");
    q.bind(1, session).bind(2, round);
    while (q.next()) out.push_back(read_event(q));
    return out;
  });
}

std::vector<Event> EventStore::session_events(const std::string& session) const {
  return impl_->read([&](sqlite::Connection& db) {
    std::vector<Event> out;
    auto q = db.query("SELECT " + std::string(event_columns) + " FROM events WHERE session = ?1 ORDER BY seq");
    q.bind(1, session);
    while (q.next()) out.push_back(read_event(q));
    return out;
  });
}

std::vector<DeckSummary> EventStore::decks() const {
  return impl_->read([](sqlite::Connection& db) {
    std::vector<DeckSummary> out;
    auto q = db.query(
        "SELECT id, name, json_array_length(entries), created_ms, updated_ms, "
        "(SELECT json_group_array(value) FROM (SELECT value FROM json_each(decks.entries) ORDER BY key LIMIT 5)) "
        "FROM decks ORDER BY created_ms, id");
    while (q.next()) out.push_back({q.int64(0), q.text(1), q.int64(2), q.int64(3), q.int64(4), q.text(5)});
    return out;
  });
}

std::optional<Deck> EventStore::deck(std::int64_t id) const {
  return impl_->read([&](sqlite::Connection& db) -> std::optional<Deck> {
    auto q = db.query(
        "SELECT id, name, name_key, entries, place, created_ms, updated_ms FROM decks WHERE id = ?1");
    q.bind(1, id);
    if (!q.next()) return std::nullopt;
    return Deck{q.int64(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.int64(5), q.int64(6)};
  });
}

std::int64_t EventStore::last_deck_id() const {
  return impl_->read([](sqlite::Connection& db) {
    auto q = db.query("SELECT seq FROM sqlite_sequence WHERE name = 'decks'");
    return q.next() ? q.int64(0) : std::int64_t{0};
  });
}

std::int64_t EventStore::builtin_deck_place(const std::string& name) const {
  return impl_->read([&](sqlite::Connection& db) {
    auto q = db.query("SELECT place FROM builtin_deck_places WHERE deck = ?1");
    q.bind(1, name);
    return q.next() ? q.int64(0) : std::int64_t{0};
  });
}

namespace {
constexpr const char* plan_columns = "id, name, name_key, body, created_ms, updated_ms";
StoredPlan read_plan(const sqlite::Query& q) {
  return {q.int64(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.int64(5)};
}
}  // namespace

std::vector<StoredPlan> EventStore::plans() const {
  return impl_->read([](sqlite::Connection& db) {
    std::vector<StoredPlan> out;
    auto q = db.query("SELECT " + std::string(plan_columns) + " FROM plans ORDER BY created_ms, id");
    while (q.next()) out.push_back(read_plan(q));
    return out;
  });
}

std::optional<StoredPlan> EventStore::plan(std::int64_t id) const {
  return impl_->read([&](sqlite::Connection& db) -> std::optional<StoredPlan> {
    auto q = db.query("SELECT " + std::string(plan_columns) + " FROM plans WHERE id = ?1");
    q.bind(1, id);
    if (!q.next()) return std::nullopt;
    return read_plan(q);
  });
}

std::int64_t EventStore::last_plan_id() const {
  return impl_->read([](sqlite::Connection& db) {
    auto q = db.query("SELECT seq FROM sqlite_sequence WHERE name = 'plans'");
    return q.next() ? q.int64(0) : std::int64_t{0};
  });
}

}  // namespace earshot::store
