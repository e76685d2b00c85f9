// Measures how many events per second the event store makes durable (synchronous=FULL: every
// commit is fsynced), first one event per transaction, then with group commit under 200
// concurrent appenders that each wait for their answer before sending again, like phones.
//
//   store_bench [DIR]    (DIR: where to put the database; default: a fresh directory in /tmp)

#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "store/store.hpp"

using namespace earshot::store;
using Clock = std::chrono::steady_clock;

namespace {

Event answer(const std::string& actor, std::size_t n) {
  Event e;
  e.session = "BNCH";
  e.round = "r1";
  e.actor = actor;
  e.kind = "answer";
  e.payload = R"({"text":"answer )" + std::to_string(n) + R"("})";
  e.at_ms = static_cast<std::int64_t>(n);
  return e;
}

// Appends and waits until the event is on disk, as a room does before acknowledging it.
void append_and_wait(EventStore& store, Event e) {
  std::promise<Outcome> done;
  store.append({std::move(e)}, [&done](const Outcome& o) { done.set_value(o); });
  const auto outcome = done.get_future().get();
  if (!outcome.ok()) throw StoreError(outcome.error);
}

void report(const char* what, std::size_t events, Clock::duration took, const Stats& before, const Stats& after) {
  const double seconds = std::chrono::duration<double>(took).count();
  const auto transactions = after.transactions - before.transactions;
  std::printf("%-45s %6zu events in %7.3f s: %9.0f events/s, %5llu transactions (%.1f events each)\n", what, events,
              seconds, static_cast<double>(events) / seconds, static_cast<unsigned long long>(transactions),
              static_cast<double>(events) / static_cast<double>(transactions));
}

void one_per_transaction(EventStore& store, std::size_t events) {
  const auto before = store.stats();
  const auto start = Clock::now();
  for (std::size_t n = 0; n < events; ++n) append_and_wait(store, answer("solo", n));
  report("1 event per transaction (1 appender):", events, Clock::now() - start, before, store.stats());
}

void group_commit(EventStore& store, std::size_t appenders, std::size_t each) {
  const auto before = store.stats();
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < appenders; ++t)
    threads.emplace_back([&store, t, each] {
      for (std::size_t n = 0; n < each; ++n) append_and_wait(store, answer("p" + std::to_string(t), n));
    });
  for (auto& t : threads) t.join();
  const auto label = "group commit (" + std::to_string(appenders) + " concurrent appenders):";
  report(label.c_str(), appenders * each, Clock::now() - start, before, store.stats());
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path dir;
  bool temporary = false;
  if (argc > 1) {
    dir = argv[1];
  } else {
    std::string pattern = (std::filesystem::temp_directory_path() / "earshot-bench-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
      std::perror("mkdtemp");
      return 1;
    }
    dir = pattern;
    temporary = true;
  }
  int status = 0;
  try {
    Options options;
    options.dir = dir;
    EventStore store(options);
    std::promise<Outcome> ready;
    store.append({OpenSession{"BNCH", 0}, StartRound{"BNCH", "r1", "{}", 0}},
                 [&ready](const Outcome& o) { ready.set_value(o); });
    if (const auto o = ready.get_future().get(); !o.ok()) throw StoreError(o.error);

    std::printf("event store benchmark in %s (WAL, synchronous=FULL)\n", dir.c_str());
    one_per_transaction(store, 500);
    group_commit(store, 200, 25);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "store_bench: %s\n", e.what());
    status = 1;
  }
  if (temporary) std::filesystem::remove_all(dir);
  return status;
}
