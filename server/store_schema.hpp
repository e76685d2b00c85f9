#pragma once
// The event store's tables, and the forward migrations that bring an older database up to date.
// The schema version is kept in PRAGMA user_version; docs/storage.md describes every version.

#include "server/store_sqlite.hpp"

namespace earshot::server::store {

// Checks that `db` is empty or an Earshot database no newer than this build, then migrates it to
// `target` (1..latest_schema_version()) in one transaction. Throws StoreError if it is not.
void migrate(sqlite::Connection& db, int target);

}  // namespace earshot::server::store
