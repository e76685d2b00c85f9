#pragma once
// What the event store's tests share: options for a directory, and an append that waits for its
// outcome as a room would before answering.

#include <filesystem>
#include <future>

#include "store/store.hpp"

namespace earshot::store::testing {

inline Options options_for(const std::filesystem::path& dir, bool read_only = false) {
  Options o;
  o.dir = dir;
  o.read_only = read_only;
  return o;
}

inline Outcome write(EventStore& store, Batch batch) {
  std::promise<Outcome> outcome;
  store.append(std::move(batch), [&outcome](const Outcome& o) { outcome.set_value(o); });
  return outcome.get_future().get();
}

}  // namespace earshot::store::testing
