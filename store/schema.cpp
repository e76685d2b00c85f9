#include "store/schema.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace earshot::store {
namespace {

// Marks the file as Earshot's ("Ears" in ASCII), so another program's database is refused.
constexpr std::int64_t application_id = 0x45617273;

// migrations[i] takes a database from version i to version i + 1. Never edit a shipped entry:
// add a new one (and a fixture of the old version to test it, see tests/store/test_store.cpp).
constexpr std::array<const char*, 4> migrations = {
    // 1: sessions, participants, rounds and events.
    R"sql(
    CREATE TABLE sessions (
      code       TEXT PRIMARY KEY,
      created_ms INTEGER NOT NULL,
      closed_ms  INTEGER
    ) STRICT;
    CREATE TABLE participants (
      session   TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
      id        TEXT NOT NULL,
      name      TEXT NOT NULL,
      token     TEXT NOT NULL,
      joined_ms INTEGER NOT NULL,
      PRIMARY KEY (session, id)
    ) STRICT;
    CREATE TABLE rounds (
      session    TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
      id         TEXT NOT NULL,
      config     TEXT NOT NULL CHECK (json_valid(config)),
      started_ms INTEGER NOT NULL,
      ended_ms   INTEGER,
      PRIMARY KEY (session, id)
    ) STRICT;
    CREATE TABLE events (
      seq     INTEGER PRIMARY KEY,
      session TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
      round   TEXT,
      circle  TEXT NOT NULL,
      actor   TEXT NOT NULL,
      kind    TEXT NOT NULL,
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      at_ms   INTEGER NOT NULL,
      FOREIGN KEY (session, round) REFERENCES rounds(session, id) ON DELETE CASCADE
    ) STRICT;
    CREATE INDEX events_by_session ON events(session, seq);
    )sql",
    // 2: a round's transcript is read by (session, round): index it, rather than scan the session.
    R"sql(
    CREATE INDEX events_by_round ON events(session, round, seq);
    )sql",
    // 3: the facilitator's own decks, and where "the next entry" of each deck goes on from.
    // AUTOINCREMENT: the id of a deleted deck is never given again.
    R"sql(
    CREATE TABLE decks (
      id         INTEGER PRIMARY KEY AUTOINCREMENT,
      name       TEXT NOT NULL,
      name_key   TEXT NOT NULL UNIQUE,
      entries    TEXT NOT NULL CHECK (json_valid(entries) AND json_type(entries) = 'array'),
      place      INTEGER NOT NULL DEFAULT 0 CHECK (place >= 0),
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE builtin_deck_places (
      deck  TEXT PRIMARY KEY,
      place INTEGER NOT NULL CHECK (place >= 0)
    ) STRICT;
    )sql",
    // 4: the facilitator's own workshop plans. AUTOINCREMENT: a deleted plan's id is never given again.
    R"sql(
    CREATE TABLE plans (
      id         INTEGER PRIMARY KEY AUTOINCREMENT,
      name       TEXT NOT NULL,
      name_key   TEXT NOT NULL UNIQUE,
      body       TEXT NOT NULL CHECK (json_valid(body) AND json_type(body) = 'object'),
      created_ms INTEGER NOT NULL,
      updated_ms INTEGER NOT NULL
    ) STRICT;
    )sql",
};

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations.size()); }

namespace {

void refuse_newer(std::int64_t found) {
  if (found > latest_schema_version())
    throw StoreError("it has schema version " + std::to_string(found) + ", newer than this Earshot knows (" +
                     std::to_string(latest_schema_version()) + "): use a newer Earshot");
}

}  // namespace

void check_readable(sqlite::Connection& db) {
  const auto found = db.scalar("PRAGMA user_version");
  if (found < 1 || db.scalar("PRAGMA application_id") != application_id)
    throw StoreError("it is not an Earshot database");
  refuse_newer(found);
}

void migrate(sqlite::Connection& db, int target) {
  if (target < 1 || target > latest_schema_version())
    throw std::invalid_argument("no schema version " + std::to_string(target));
  // IMMEDIATE takes the write lock first, so two openers cannot both migrate.
  db.exec("BEGIN IMMEDIATE");
  try {
    const auto found = static_cast<int>(db.scalar("PRAGMA user_version"));
    const bool empty = db.scalar("SELECT COUNT(*) FROM sqlite_schema") == 0;
    const bool ours = db.scalar("PRAGMA application_id") == application_id;
    if (found < 0 || (empty ? found != 0 : !ours)) throw StoreError("it is not an Earshot database");
    refuse_newer(found);
    for (int version = found; version < target; ++version) db.exec(migrations[static_cast<std::size_t>(version)]);
    if (found < target) {
      // PRAGMAs take no parameters; these are our own integers.
      db.exec("PRAGMA user_version = " + std::to_string(target));
      db.exec("PRAGMA application_id = " + std::to_string(application_id));
    }
    db.exec("COMMIT");
  } catch (...) {
    db.rollback();
    throw;
  }
}

}  // namespace earshot::store
