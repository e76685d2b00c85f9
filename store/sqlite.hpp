#pragma once
// Thin RAII wrappers over the SQLite C API, used only by the event store. Every failure throws
// StoreError carrying SQLite's own message ("database is locked", "file is not a database", ...).

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.hpp"

namespace earshot::store::sqlite {

// One statement being run: bind its parameters, step through its rows. When it goes out of scope
// the (cached) statement is reset, ready for the next use.
class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Parameters are numbered from 1. Text is copied, so temporaries are fine.
  Query& bind(int index, std::string_view text);
  Query& bind(int index, std::int64_t value);
  template <class T>
  Query& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  Query& bind_null(int index);

  // Steps once: true if a row is ready to read, false when done.
  bool next();
  // Runs a statement that returns no rows.
  void run();

  // Columns are numbered from 0.
  std::int64_t int64(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // `flags` as for sqlite3_open_v2 (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, ...).
  Connection(const std::filesystem::path& file, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL without results (several statements are allowed).
  void exec(const std::string& sql);
  // A statement prepared once per connection and reused.
  Query query(std::string_view sql);
  // Runs a query whose answer is one integer (PRAGMA user_version, COUNT(*), ...).
  std::int64_t scalar(std::string_view sql);

  std::int64_t changes() const;  // rows changed by the last INSERT, UPDATE or DELETE
  // Rolls back the open transaction, if any. For error paths: it never throws, so the error
  // that led here is the one reported.
  void rollback() noexcept;
  bool in_transaction() const;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  // Lets statements_ be searched with a string_view, without making a string.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalize>, Hash, std::equal_to<>> statements_;
};

// What to do about a damaged database file, for error messages.
inline constexpr std::string_view damaged_advice =
    "the database file is damaged: move it away to start afresh, or put back a backup";

// Throws StoreError with SQLite's message for db's last error, and advice where there is some.
[[noreturn]] void fail(sqlite3* db);

}  // namespace earshot::store::sqlite
