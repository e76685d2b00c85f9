#include "store/sqlite.hpp"

#include <climits>

namespace earshot::store::sqlite {

void fail(sqlite3* db) {
  if (!db) throw StoreError("out of memory");
  std::string message = sqlite3_errmsg(db);
  switch (sqlite3_errcode(db) & 0xff) {  // the primary code
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: message += " (" + std::string(damaged_advice) + ")"; break;
    case SQLITE_BUSY: message += " (another program is using the database)"; break;
    default: break;
  }
  throw StoreError(message);
}

// ---- Query ----

Query::~Query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Query& Query::bind(int index, std::string_view text) {
  if (text.size() > INT_MAX) throw StoreError("text too long for the database");
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_);
  return *this;
}

Query& Query::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_);
  return *this;
}

Query& Query::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_);
  return *this;
}

bool Query::next() {
  switch (sqlite3_step(stmt_)) {
    case SQLITE_ROW: return true;
    case SQLITE_DONE: return false;
    default: fail(db_);
  }
}

void Query::run() {
  while (next()) {
  }
}

std::int64_t Query::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Query::text(int column) const {
  // column_text before column_bytes: the byte count is of the text form.
  const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return chars ? std::string(chars, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::optional<std::int64_t> Query::optional_int64(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Query::optional_text(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

// ---- Connection ----

Connection::Connection(const std::filesystem::path& file, int flags) {
  if (sqlite3_open_v2(file.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    // sqlite3_open_v2 hands back a handle (for the message) even when it fails.
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StoreError("cannot open " + file.string() + ": " + message);
  }
}

Connection::~Connection() {
  statements_.clear();  // every statement must be finalized before the connection closes
  sqlite3_close(db_);
}

void Connection::exec(const std::string& sql) {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(db_);
}

Query Connection::query(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
      fail(db_);
    found = statements_.emplace(std::string(sql), std::unique_ptr<sqlite3_stmt, Finalize>(stmt)).first;
  }
  return Query(db_, found->second.get());
}

std::int64_t Connection::scalar(std::string_view sql) {
  auto q = query(sql);
  if (!q.next()) throw StoreError(std::string(sql) + ": no result");
  return q.int64(0);
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Connection::rollback() noexcept {
  // Some errors (disk full, I/O) already rolled the transaction back.
  if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace earshot::store::sqlite
