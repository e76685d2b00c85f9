#include <doctest/doctest.h>

#include <stdlib.h>

#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <thread>

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

Event event(std::string session, std::optional<std::string> round, std::string actor, std::string kind,
            std::string payload, std::int64_t at_ms, std::string circle = "") {
  Event e;
  e.session = std::move(session);
  e.round = std::move(round);
  e.circle = std::move(circle);
  e.actor = std::move(actor);
  e.kind = std::move(kind);
  e.payload = std::move(payload);
  e.at_ms = at_ms;
  return e;
}

// Holds the writer thread inside a callback until released, so everything appended meanwhile
// piles up and is written together: group commit made visible without depending on timing.
class WriterGate {
 public:
  explicit WriterGate(EventStore& store) {
    std::promise<void> entered;
    store.append({}, [&entered, released = released_.get_future().share()](const Outcome&) {
      entered.set_value();
      released.wait();
    });
    entered.get_future().wait();
  }
  ~WriterGate() { release(); }  // never leave the writer stuck, even when a check failed
  WriterGate(const WriterGate&) = delete;
  WriterGate& operator=(const WriterGate&) = delete;

  void release() {
    if (!open_) released_.set_value();
    open_ = true;
  }

 private:
  std::promise<void> released_;
  bool open_ = false;
};

std::string contents(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void overwrite(const fs::path& file, std::size_t offset, std::size_t count) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  for (std::size_t i = 0; i < count; ++i) f.put(static_cast<char>(0xA5 ^ (i * 31)));
  REQUIRE(f.good());
}

// The error message of opening a store on `dir`, or "" if it opened.
std::string open_error(const Options& options) {
  try {
    EventStore store(options);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

// What the version-1 fixture holds. Don't change it: the committed file was made from exactly this.
Batch fixture_writes() {
  return {
      OpenSession{"KXCM", 1'700'000'000'000},
      Participant{"KXCM", "p1", "Ann", "token-ann-0123456789abcdef012345", 1'700'000'001'000},
      Participant{"KXCM", "p2", "Bob", "token-bob-0123456789abcdef012345", 1'700'000'002'000},
      StartRound{"KXCM", "r1", R"({"game":"burst"})", 1'700'000'010'000},
      event("KXCM", "r1", "p1", "answer", R"({"text":"cold"})", 1'700'000'011'000, "c1"),
      event("KXCM", "r1", "p2", "answer", R"({"text":"Christmas"})", 1'700'000'012'000, "c1"),
      EndRound{"KXCM", "r1", 1'700'000'020'000},
      event("KXCM", std::nullopt, "facilitator", "note", R"({"text":"lively"})", 1'700'000'021'000),
      CloseSession{"KXCM", 1'700'000'030'000},
      OpenSession{"DEFG", 1'700'000'040'000},
  };
}

fs::path fixture_v1() { return fs::path(__FILE__).parent_path() / "fixtures" / "store_v1.db"; }
// The same writes at version 2 (made by "store: write the version-2 fixture").
fs::path fixture_v2() { return fs::path(__FILE__).parent_path() / "fixtures" / "store_v2.db"; }
fs::path fixture_v3() { return fs::path(__FILE__).parent_path() / "fixtures" / "store_v3.db"; }

}  // namespace

TEST_CASE("store: what is appended is read back in order, with everything it carries") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  REQUIRE(write(store, {OpenSession{"KXCM", 1000}, Participant{"KXCM", "p1", "Ann", "tok1", 1001},
                        Participant{"KXCM", "p2", "Bob", "tok2", 1002}})
              .ok());
  REQUIRE(write(store, {StartRound{"KXCM", "r1", R"({"game":"chain"})", 2000}}).ok());
  REQUIRE(write(store, {event("KXCM", "r1", "p1", "word", R"({"text":"sea"})", 2001, "c1"),
                        event("KXCM", "r1", "p2", "word", R"({"text":"salt"})", 2002, "c1")})
              .ok());
  REQUIRE(write(store, {event("KXCM", std::nullopt, "facilitator", "note", R"({"text":"hi"})", 2003)}).ok());
  REQUIRE(write(store, {event("KXCM", "r1", "server", "pass", R"({"who":"p1"})", 2004, "c1"),
                        EndRound{"KXCM", "r1", 3000}})
              .ok());
  // Saving a participant again renames them; the token and join time stay.
  REQUIRE(write(store, {Participant{"KXCM", "p2", "Bobby", "other", 5000}}).ok());

  CHECK(store.sessions() == std::vector<Session>{{"KXCM", 1000, std::nullopt}});
  CHECK(store.open_sessions() == store.sessions());
  CHECK(store.participants("KXCM") ==
        std::vector<Participant>{{"KXCM", "p1", "Ann", "tok1", 1001}, {"KXCM", "p2", "Bobby", "tok2", 1002}});
  CHECK(store.rounds("KXCM") == std::vector<Round>{{"KXCM", "r1", R"({"game":"chain"})", 2000, 3000}});

  const auto all = store.session_events("KXCM");
  REQUIRE(all.size() == 4);
  std::vector<std::string> kinds;
  for (std::size_t i = 0; i < all.size(); ++i) {
    kinds.push_back(all[i].kind);
    if (i > 0) CHECK(all[i].seq > all[i - 1].seq);
  }
  CHECK(kinds == std::vector<std::string>{"word", "word", "note", "pass"});
  auto expected = event("KXCM", "r1", "p2", "word", R"({"text":"salt"})", 2002, "c1");
  expected.seq = all[1].seq;
  CHECK(all[1] == expected);
  CHECK(all[2].round == std::nullopt);
  CHECK(all[2].circle == "");

  const auto round = store.round_events("KXCM", "r1");
  CHECK(round == std::vector<Event>{all[0], all[1], all[3]});
  CHECK(store.round_events("KXCM", "r2").empty());
  CHECK(store.session_events("NOPE").empty());
}

TEST_CASE("store: writes that do not fit fail alone and leave nothing behind") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  REQUIRE(write(store, {OpenSession{"KXCM", 1000}}).ok());

  // All of these land in one transaction; each batch succeeds or fails as a whole.
  std::promise<Outcome> good, unknown_session, duplicate, not_json, unknown_round;
  {
    WriterGate gate(store);
    auto to = [](std::promise<Outcome>& p) { return [&p](const Outcome& o) { p.set_value(o); }; };
    store.append({event("KXCM", std::nullopt, "p1", "hello", "{}", 1)}, to(good));
    store.append({event("KXCM", std::nullopt, "p1", "lost", "{}", 2), event("NOPE", std::nullopt, "p1", "x", "{}", 3)},
                 to(unknown_session));
    store.append({event("KXCM", std::nullopt, "p1", "lost", "{}", 4), OpenSession{"KXCM", 5}}, to(duplicate));
    store.append({event("KXCM", std::nullopt, "p1", "lost", "not json", 6)}, to(not_json));
    store.append({event("KXCM", std::nullopt, "p1", "lost", "{}", 7), EndRound{"KXCM", "r9", 8}}, to(unknown_round));
  }
  CHECK(good.get_future().get().ok());
  CHECK(unknown_session.get_future().get().error.find("FOREIGN KEY") != std::string::npos);
  CHECK(duplicate.get_future().get().error.find("UNIQUE") != std::string::npos);
  CHECK(not_json.get_future().get().error.find("CHECK") != std::string::npos);
  CHECK(unknown_round.get_future().get().error == "no running round r9 in session KXCM");

  const auto events = store.session_events("KXCM");
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == "hello");
  CHECK(store.session("KXCM") == Session{"KXCM", 1000, std::nullopt});

  CHECK(write(store, {CloseSession{"KXCM", 2000}}).ok());
  CHECK(write(store, {CloseSession{"KXCM", 3000}}).error == "no open session KXCM");
  CHECK(store.session("KXCM") == Session{"KXCM", 1000, 2000});
}

TEST_CASE("store: group commit writes concurrent appends in one transaction, and every callback is called") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  REQUIRE(write(store, {OpenSession{"KXCM", 1000}}).ok());

  constexpr std::size_t threads = 8, per_thread = 100;
  std::atomic<std::size_t> ok{0}, failed{0};
  std::promise<void> last;
  Stats before;
  {
    WriterGate gate(store);
    before = store.stats();
    std::vector<std::thread> appenders;
    for (std::size_t t = 0; t < threads; ++t)
      appenders.emplace_back([&, t] {
        for (std::size_t n = 0; n < per_thread; ++n)
          store.append({event("KXCM", std::nullopt, "t" + std::to_string(t), "answer",
                              R"({"n":)" + std::to_string(n) + "}", static_cast<std::int64_t>(n))},
                       [&](const Outcome& o) { ++(o.ok() ? ok : failed); });
      });
    for (auto& a : appenders) a.join();
    store.append({}, [&last](const Outcome&) { last.set_value(); });
  }
  last.get_future().wait();

  CHECK(ok.load() == threads * per_thread);
  CHECK(failed.load() == 0);
  const auto after = store.stats();
  CHECK(after.batches - before.batches == threads * per_thread + 1);
  CHECK(after.transactions - before.transactions == 1);

  // Everything is readable, and each appender's events are in the order it appended them.
  const auto events = store.session_events("KXCM");
  REQUIRE(events.size() == threads * per_thread);
  std::map<std::string, std::size_t> next;
  for (const auto& e : events) {
    CHECK(e.payload == R"({"n":)" + std::to_string(next[e.actor]) + "}");
    ++next[e.actor];
  }
  CHECK(next.size() == threads);
}

TEST_CASE("store: phones appending and reading at the same time all get their answers, in order") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  REQUIRE(write(store, {OpenSession{"KXCM", 1000}}).ok());
  constexpr std::size_t threads = 4, per_thread = 50;
  std::atomic<std::size_t> ok{0};
  std::vector<std::thread> appenders;
  for (std::size_t t = 0; t < threads; ++t)
    appenders.emplace_back([&, t] {
      const auto actor = "t" + std::to_string(t);
      for (std::size_t n = 0; n < per_thread; ++n) {
        // Each waits for its answer before sending the next, like a phone, then reads it back.
        const auto payload = R"({"n":)" + std::to_string(n) + "}";
        if (write(store, {event("KXCM", std::nullopt, actor, "answer", payload, 0)}).ok()) ++ok;
        std::vector<std::string> mine;
        for (const auto& e : store.session_events("KXCM"))
          if (e.actor == actor) mine.push_back(e.payload);
        CHECK(mine.size() == n + 1);
        CHECK(mine.back() == payload);
      }
    });
  for (auto& a : appenders) a.join();
  CHECK(ok.load() == threads * per_thread);
  CHECK(store.session_events("KXCM").size() == threads * per_thread);
}

TEST_CASE("store: data survives closing and reopening, and the directory lock is released") {
  TempDir dir;
  {
    EventStore store(options_for(dir.path()));
    REQUIRE(write(store, {OpenSession{"KXCM", 1000}, OpenSession{"DEFG", 1500},
                          event("KXCM", std::nullopt, "p1", "hello", R"({"a":1})", 1001)})
                .ok());
    REQUIRE(write(store, {CloseSession{"DEFG", 1600}}).ok());
    // Not waited for: closing must still write it.
    store.append({event("KXCM", std::nullopt, "p1", "bye", "{}", 1002)}, {});
  }
  EventStore store(options_for(dir.path()));
  CHECK(store.sessions() == std::vector<Session>{{"KXCM", 1000, std::nullopt}, {"DEFG", 1500, 1600}});
  CHECK(store.open_sessions() == std::vector<Session>{{"KXCM", 1000, std::nullopt}});
  const auto events = store.session_events("KXCM");
  REQUIRE(events.size() == 2);
  CHECK(events[0].payload == R"({"a":1})");
  CHECK(events[1].kind == "bye");
}

TEST_CASE("store: a version-1 database (the committed fixture) is migrated and keeps its data") {
  REQUIRE(fs::exists(fixture_v1()));
  TempDir dir;
  fs::copy_file(fixture_v1(), dir / "earshot.db");
  {
    sqlite::Connection raw(dir / "earshot.db", SQLITE_OPEN_READONLY);
    REQUIRE(raw.scalar("PRAGMA user_version") == 1);
  }
  {
    EventStore store(options_for(dir.path()));
    CHECK(store.sessions() == std::vector<Session>{{"KXCM", 1'700'000'000'000, 1'700'000'030'000},
                                                   {"DEFG", 1'700'000'040'000, std::nullopt}});
    CHECK(store.open_sessions() == std::vector<Session>{{"DEFG", 1'700'000'040'000, std::nullopt}});
    const auto participants = store.participants("KXCM");
    REQUIRE(participants.size() == 2);
    CHECK(participants[1] ==
          Participant{"KXCM", "p2", "Bob", "token-bob-0123456789abcdef012345", 1'700'000'002'000});
    CHECK(store.rounds("KXCM") ==
          std::vector<Round>{{"KXCM", "r1", R"({"game":"burst"})", 1'700'000'010'000, 1'700'000'020'000}});
    const auto round = store.round_events("KXCM", "r1");
    REQUIRE(round.size() == 2);
    CHECK(round[1].payload == R"({"text":"Christmas"})");
    CHECK(round[1].circle == "c1");
    CHECK(store.session_events("KXCM").size() == 3);
    // And it takes new writes.
    CHECK(write(store, {event("DEFG", std::nullopt, "p1", "hello", "{}", 1'700'000'050'000)}).ok());
  }
  sqlite::Connection raw(dir / "earshot.db", SQLITE_OPEN_READONLY);
  CHECK(raw.scalar("PRAGMA user_version") == latest_schema_version());
  CHECK(raw.scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'index' AND name = 'events_by_round'") == 1);
}

// Makes tests/store/fixtures/store_v1.db. Run it only to make that file again (it should never
// need to change): earshot_store_tests -tc='store: write the version-1 fixture' --no-skip
TEST_CASE("store: write the version-1 fixture" * doctest::skip()) {
  TempDir dir;
  {
    auto options = options_for(dir.path());
    options.schema_version = 1;
    EventStore store(options);
    REQUIRE(write(store, fixture_writes()).ok());
  }
  sqlite::Connection(dir / "earshot.db", SQLITE_OPEN_READWRITE).exec("VACUUM");
  fs::copy_file(dir / "earshot.db", fixture_v1(), fs::copy_options::overwrite_existing);
}

TEST_CASE("store: a version-2 database (the committed fixture) is migrated, keeps its data and takes decks") {
  REQUIRE(fs::exists(fixture_v2()));
  TempDir dir;
  fs::copy_file(fixture_v2(), dir / "earshot.db");
  {
    sqlite::Connection raw(dir / "earshot.db", SQLITE_OPEN_READONLY);
    REQUIRE(raw.scalar("PRAGMA user_version") == 2);
  }
  {
    EventStore store(options_for(dir.path()));
    CHECK(store.sessions().size() == 2);
    CHECK(store.round_events("KXCM", "r1").size() == 2);
    CHECK(store.decks().empty());
    CHECK(store.last_deck_id() == 0);
    REQUIRE(write(store, {CreateDeck{1, "Words", "words", R"(["coffee"])", 1'700'000'060'000}}).ok());
    CHECK(store.decks() ==
          std::vector<DeckSummary>{{1, "Words", 1, 1'700'000'060'000, 1'700'000'060'000, R"(["coffee"])"}});
  }
  sqlite::Connection raw(dir / "earshot.db", SQLITE_OPEN_READONLY);
  CHECK(raw.scalar("PRAGMA user_version") == latest_schema_version());
}

// Makes tests/store/fixtures/store_v2.db, like the version-1 fixture:
// earshot_store_tests -tc='store: write the version-2 fixture' --no-skip
TEST_CASE("store: write the version-2 fixture" * doctest::skip()) {
  TempDir dir;
  {
    auto options = options_for(dir.path());
    options.schema_version = 2;
    EventStore store(options);
    REQUIRE(write(store, fixture_writes()).ok());
  }
  sqlite::Connection(dir / "earshot.db", SQLITE_OPEN_READWRITE).exec("VACUUM");
  fs::copy_file(dir / "earshot.db", fixture_v2(), fs::copy_options::overwrite_existing);
}

TEST_CASE("store: a version-3 database (the committed fixture) is migrated, keeps its data and decks, and takes plans") {
  REQUIRE(fs::exists(fixture_v3()));
  TempDir dir;
  fs::copy_file(fixture_v3(), dir / "earshot.db");
  {
    sqlite::Connection raw(dir / "earshot.db", SQLITE_OPEN_READONLY);
    REQUIRE(raw.scalar("PRAGMA user_version") == 3);
  }
  {
    EventStore store(options_for(dir.path()));
    CHECK(store.sessions().size() == 2);
    CHECK(store.round_events("KXCM", "r1").size() == 2);
    CHECK(store.decks() ==
          std::vector<DeckSummary>{{1, "Words", 1, 1'700'000'060'000, 1'700'000'060'000, R"(["coffee"])"}});
    CHECK(store.last_deck_id() == 1);
    CHECK(store.plans().empty());
    CHECK(store.last_plan_id() == 0);
    REQUIRE(write(store, {CreatePlan{1, "Monday", "monday", R"({"name":"Monday"})", 1'700'000'070'000}}).ok());
    CHECK(store.plan(1)->body == R"({"name":"Monday"})");
  }
  sqlite::Connection raw(dir / "earshot.db", SQLITE_OPEN_READONLY);
  CHECK(raw.scalar("PRAGMA user_version") == latest_schema_version());
}

// Makes tests/store/fixtures/store_v3.db, like the version-1 fixture, with a deck:
// earshot_store_tests -tc='store: write the version-3 fixture' --no-skip
TEST_CASE("store: write the version-3 fixture" * doctest::skip()) {
  TempDir dir;
  {
    auto options = options_for(dir.path());
    options.schema_version = 3;
    EventStore store(options);
    REQUIRE(write(store, fixture_writes()).ok());
    REQUIRE(write(store, {CreateDeck{1, "Words", "words", R"(["coffee"])", 1'700'000'060'000}}).ok());
  }
  sqlite::Connection(dir / "earshot.db", SQLITE_OPEN_READWRITE).exec("VACUUM");
  fs::copy_file(dir / "earshot.db", fixture_v3(), fs::copy_options::overwrite_existing);
}

TEST_CASE("store: a database from a newer Earshot, or another program's, is refused with a clear error") {
  TempDir dir;
  { EventStore store(options_for(dir.path())); }
  sqlite::Connection(dir / "earshot.db", SQLITE_OPEN_READWRITE).exec("PRAGMA user_version = 99");
  CHECK(open_error(options_for(dir.path())).find("schema version 99, newer than this Earshot knows") !=
        std::string::npos);

  TempDir other;
  sqlite::Connection(other / "earshot.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
      .exec("CREATE TABLE recipes (name TEXT)");
  CHECK(open_error(options_for(other.path())) ==
        "cannot open the event store " + (other / "earshot.db").string() + ": it is not an Earshot database");
}

TEST_CASE("store: a corrupted database file gives a clear error, not a crash") {
  SUBCASE("garbage") {
    TempDir dir;
    std::ofstream(dir / "earshot.db") << std::string(8192, 'x');
    const auto error = open_error(options_for(dir.path()));
    CHECK(error.find("cannot open the event store " + (dir / "earshot.db").string()) == 0);
    CHECK(error.find("file is not a database") != std::string::npos);
    CHECK(error.find(sqlite::damaged_advice) != std::string::npos);
  }
  SUBCASE("a damaged page in a real database") {
    TempDir dir;
    {
      EventStore store(options_for(dir.path()));
      Batch batch{OpenSession{"KXCM", 1}};
      for (int i = 0; i < 200; ++i)
        batch.push_back(event("KXCM", std::nullopt, "p1", "word", R"({"text":")" + std::string(300, 'w') + "\"}", i));
      REQUIRE(write(store, std::move(batch)).ok());
    }
    REQUIRE(fs::file_size(dir / "earshot.db") > 8 * 4096);
    overwrite(dir / "earshot.db", 2 * 4096, 4 * 4096);  // pages 3 to 6
    const auto error = open_error(options_for(dir.path()));
    CHECK(error.find("cannot open the event store") == 0);
    CHECK(error.find(sqlite::damaged_advice) != std::string::npos);
  }
}

TEST_CASE("store: a second Earshot on the same data directory is refused") {
  TempDir dir;
  EventStore first(options_for(dir.path()));
  CHECK(open_error(options_for(dir.path())) == "another Earshot is using " + dir.path().string());
  REQUIRE(write(first, {OpenSession{"KXCM", 1}}).ok());  // the first one is unharmed
}

TEST_CASE("store: a database locked by another program gives a clear error") {
  TempDir dir;
  { EventStore store(options_for(dir.path())); }
  sqlite::Connection other(dir / "earshot.db", SQLITE_OPEN_READWRITE);
  other.exec("BEGIN EXCLUSIVE");
  auto options = options_for(dir.path());
  options.busy_timeout_ms = 50;
  CHECK(open_error(options) == "cannot open the event store " + (dir / "earshot.db").string() +
                                   ": database is locked (another program is using the database)");
  other.exec("ROLLBACK");
  CHECK(open_error(options) == "");
}

TEST_CASE("store: a data directory that cannot be created gives a clear error") {
  TempDir dir;
  std::ofstream(dir / "file") << "in the way";
  const auto error = open_error(options_for(dir / "file" / "data"));
  CHECK(error.find("cannot create the data directory " + (dir / "file" / "data").string() + ": ") == 0);

  // A plain file where the directory should be.
  CHECK(open_error(options_for(dir / "file")).find("cannot create the data directory") == 0);

  // A fresh directory is private to its owner: it will hold names and tokens.
  const auto fresh = dir / "fresh";
  { EventStore store(options_for(fresh)); }
  CHECK((fs::status(fresh).permissions() & fs::perms::all) == fs::perms::owner_all);
}

TEST_CASE("store: deleting a session removes its rows, and its data leaves the files on disk") {
  TempDir dir;
  const std::string marker = "Zebulon-Marker-4417";
  {
    EventStore store(options_for(dir.path()));
    REQUIRE(write(store, {OpenSession{"KXCM", 1}, OpenSession{"DEFG", 2},
                          Participant{"KXCM", "p1", marker, "tok", 3}, StartRound{"KXCM", "r1", "{}", 4},
                          event("KXCM", "r1", "p1", "word", R"({"text":")" + marker + "\"}", 5),
                          event("DEFG", std::nullopt, "p9", "hello", "{}", 6)})
                .ok());
  }
  // Closed and reopened: the session is now in the database file itself, like last week's would be.
  REQUIRE(contents(dir / "earshot.db").find(marker) != std::string::npos);

  EventStore store(options_for(dir.path()));
  REQUIRE(store.database_file() == dir / "earshot.db");
  CHECK(write(store, {DeleteSession{"KXCM"}}).ok());
  CHECK(store.session("KXCM") == std::nullopt);
  CHECK(store.participants("KXCM").empty());
  CHECK(store.rounds("KXCM").empty());
  CHECK(store.session_events("KXCM").empty());
  CHECK(contents(store.database_file()).find(marker) == std::string::npos);
  CHECK(contents(dir / "earshot.db-wal").find(marker) == std::string::npos);
  CHECK(store.session_events("DEFG").size() == 1);  // the other session is untouched
  CHECK(write(store, {DeleteSession{"KXCM"}}).error == "no session KXCM");
}

TEST_CASE("store: after close, appends fail at once, flush and close refuse to run inside a callback") {
  TempDir dir;
  EventStore store(options_for(dir.path()));
  std::promise<std::string> from_callback;
  store.append({}, [&](const Outcome&) {
    try {
      store.flush();
      from_callback.set_value("flush returned");
    } catch (const std::logic_error& e) {
      from_callback.set_value(e.what());
    }
  });
  CHECK(from_callback.get_future().get() == "EventStore::flush() called from a store callback");

  store.close();
  store.close();  // idempotent
  std::optional<Outcome> outcome;
  store.append({OpenSession{"KXCM", 1}}, [&](const Outcome& o) { outcome = o; });
  REQUIRE(outcome);  // called before append returned
  CHECK(outcome->error == "the event store is closed");
  store.flush();  // returns at once: nothing can be pending
  CHECK(store.sessions().empty());
}
