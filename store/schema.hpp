#pragma once
// The event store's tables, and the forward migrations that bring an older database up to date.
// The schema version is kept in PRAGMA user_version; docs/storage.md describes every version.

#include "store/sqlite.hpp"

namespace earshot::store {

// Checks that `db` is empty or an Earshot database no newer than this build, then migrates it to
// `target` (1..latest_schema_version()) in one transaction. Throws StoreError if it is not.
void migrate(sqlite::Connection& db, int target);

// For reading without migrating: checks that `db` is an Earshot database (any version from 1) no
// newer than this build. Throws StoreError if it is not. The reads of sessions, rounds and events
// work on every version up to the latest (their tables have not changed since version 1); the
// decks are there from version 3.
void check_readable(sqlite::Connection& db);

}  // namespace earshot::store
