// The event store opened read-only, as `earshot export` and `earshot sessions` open it: beside a
// running Earshot (no lock, WAL readers), after it stopped, after a crash, and on bad directories.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <iterator>

#include "store/store.hpp"
#include "tests/support/temp_dir.hpp"
#include "store/sqlite.hpp"
#include "store_support.hpp"

using namespace earshot::store;
namespace fs = std::filesystem;

namespace {

using earshot::test::TempDir;
using earshot::store::testing::options_for;
using earshot::store::testing::write;

Options writer_options(const fs::path& dir) { return options_for(dir); }
Options reader_options(const fs::path& dir) { return options_for(dir, true); }

Event room_event(const std::string& session, std::int64_t at_ms) {
  Event e;
  e.session = session;
  e.actor = "facilitator";
  e.kind = "renamed";
  e.payload = R"({"participant":"p1","name":"Ann"})";
  e.at_ms = at_ms;
  return e;
}

std::string open_error(const Options& options) {
  try {
    EventStore store(options);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("store read-only: reads beside a running writer, sees its later commits, and takes no lock") {
  TempDir dir;
  EventStore writer(writer_options(dir.path()));
  REQUIRE(write(writer, {OpenSession{"ACDE", 100}, Participant{"ACDE", "p1", "Ann", "secret", 110}}).ok());

  EventStore reader(reader_options(dir.path()));
  REQUIRE(reader.sessions().size() == 1);
  CHECK(reader.participants("ACDE").at(0).name == "Ann");

  // Commits made after the reader opened are visible to its next read.
  REQUIRE(write(writer, {room_event("ACDE", 120), CloseSession{"ACDE", 130}}).ok());
  CHECK(reader.session_events("ACDE").size() == 1);
  CHECK(reader.session("ACDE")->closed_ms == 130);

  // A second reader is fine too, and the writer keeps writing while they read.
  EventStore second(reader_options(dir.path()));
  CHECK(second.sessions().size() == 1);
  REQUIRE(write(writer, {OpenSession{"FGHJ", 200}}).ok());
  CHECK(reader.sessions().size() == 2);

  // Writing through a reader fails at once; flush and close have nothing to do.
  std::promise<Outcome> refused;
  reader.append({OpenSession{"KMNP", 300}}, [&refused](const Outcome& o) { refused.set_value(o); });
  const Outcome outcome = refused.get_future().get();
  CHECK_FALSE(outcome.ok());
  CHECK(contains(outcome.error, "read-only"));
  reader.flush();
  reader.close();
  CHECK(reader.sessions().size() == 2);  // reads still work after close, as for the writer
  CHECK_FALSE(writer.session("KMNP"));
}

TEST_CASE("store read-only: reads a stopped Earshot's directory, leaves it as it was, and never blocks a writer") {
  TempDir dir;
  {
    EventStore writer(writer_options(dir.path()));
    REQUIRE(write(writer, {OpenSession{"ACDE", 100}, room_event("ACDE", 120)}).ok());
  }
  const auto files = [&] {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  };
  const std::vector<std::string> stopped = {"earshot.db", "earshot.lock"};
  REQUIRE(files() == stopped);
  const auto bytes = [&](const char* name) {
    std::ifstream in(dir.path() / name, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string database = bytes("earshot.db");
  {
    EventStore reader(reader_options(dir.path()));
    CHECK(reader.session_events("ACDE").size() == 1);
  }
  // The database is untouched. SQLite's read-only connection may leave an empty log and its index
  // (it may not delete them); the next Earshot to open the directory removes them.
  CHECK(bytes("earshot.db") == database);
  if (fs::exists(dir.path() / "earshot.db-wal")) CHECK(fs::file_size(dir.path() / "earshot.db-wal") == 0);

  {
    EventStore reader(reader_options(dir.path()));
    CHECK(reader.session_events("ACDE").size() == 1);
    // A server can start (and stop) while an export reads.
    {
      EventStore writer(writer_options(dir.path()));
      REQUIRE(write(writer, {OpenSession{"FGHJ", 200}}).ok());
    }
    CHECK(reader.sessions().size() == 2);
  }
  // The reader closed last and, being read-only, could not fold the log into the database: the
  // log stays until the next Earshot opens the directory, with nothing lost.
  {
    EventStore reader(reader_options(dir.path()));
    CHECK(reader.sessions().size() == 2);
  }
  { EventStore writer(writer_options(dir.path())); }
  CHECK(files() == stopped);
  EventStore reader(reader_options(dir.path()));
  CHECK(reader.sessions().size() == 2);
}

TEST_CASE("store read-only: a directory left by a crash (commits still in the WAL) is read in full") {
  TempDir dir;
  const fs::path crashed = dir.path() / "crashed";
  fs::create_directory(crashed);
  {
    EventStore writer(writer_options(dir.path() / "live"));
    REQUIRE(write(writer, {OpenSession{"ACDE", 100}}).ok());
    REQUIRE(write(writer, {room_event("ACDE", 120), room_event("ACDE", 121)}).ok());
    // While the writer is open its commits are in earshot.db-wal: copying the database and its log
    // now is what a kill -9 leaves on disk.
    REQUIRE(fs::exists(dir.path() / "live" / "earshot.db-wal"));
    fs::copy_file(dir.path() / "live" / "earshot.db", crashed / "earshot.db");
    fs::copy_file(dir.path() / "live" / "earshot.db-wal", crashed / "earshot.db-wal");
  }
  EventStore reader(reader_options(crashed));
  CHECK(reader.session_events("ACDE").size() == 2);
}

TEST_CASE("store read-only: missing or foreign directories and databases give clear errors and create nothing") {
  TempDir dir;
  const fs::path missing = dir.path() / "missing";
  CHECK(contains(open_error(reader_options(missing)), "there is no data directory " + missing.string()));
  CHECK_FALSE(fs::exists(missing));

  const fs::path empty = dir.path() / "empty";
  fs::create_directory(empty);
  CHECK(contains(open_error(reader_options(empty)), "there is no event store in " + empty.string()));
  CHECK(fs::is_empty(empty));

  const fs::path file = dir.path() / "file";
  { std::ofstream(file) << "x"; }
  CHECK(contains(open_error(reader_options(file)), "is not a directory"));

  const fs::path foreign = dir.path() / "foreign";
  fs::create_directory(foreign);
  {
    sqlite::Connection db(foreign / "earshot.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("CREATE TABLE t (x); PRAGMA user_version = 1");
  }
  const std::string error = open_error(reader_options(foreign));
  CHECK(contains(error, "cannot open the event store"));
  CHECK(contains(error, "not an Earshot database"));

  const fs::path newer = dir.path() / "newer";
  { EventStore writer(writer_options(newer)); }
  {
    sqlite::Connection db(newer / "earshot.db", SQLITE_OPEN_READWRITE);
    db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  }
  CHECK(contains(open_error(reader_options(newer)), "newer than this Earshot knows"));
}
