// The handshake gate (server/net/limits.hpp): how many connections may be set up at once, when the
// listener is told to go on, and how a silent connection's place runs out.

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "server/net/limits.hpp"

using earshot::server::HandshakeGate;
using namespace std::chrono_literals;

namespace {
const auto t0 = HandshakeGate::Clock::time_point{} + 1000s;
}

TEST_CASE("the gate lets `max` connections be set up at once and wakes the listener when one is through") {
  auto gate = std::make_shared<HandshakeGate>(2, 250ms);
  HandshakeGate::Clock::time_point retry{};
  int woken = 0;
  auto wake = [&] { ++woken; };

  CHECK(gate->admit(t0, wake, retry));
  auto a = gate->enter(t0);
  CHECK(gate->admit(t0, wake, retry));
  auto b = gate->enter(t0 + 10ms);
  CHECK(gate->counting(t0 + 10ms) == 2);

  CHECK_FALSE(gate->admit(t0 + 20ms, wake, retry));
  CHECK(retry == t0 + 250ms);  // when the oldest one's hold ends
  CHECK(woken == 0);

  b.reset();  // its first request is answered
  CHECK(woken == 1);
  CHECK(gate->counting(t0 + 30ms) == 1);
  a.reset();
  CHECK(woken == 1);  // a wake-up is given once
  CHECK(gate->counting(t0 + 30ms) == 0);
}

TEST_CASE("a connection that stays silent stops counting after the hold, and leaving later changes nothing") {
  auto gate = std::make_shared<HandshakeGate>(1, 250ms);
  HandshakeGate::Clock::time_point retry{};
  auto silent = gate->enter(t0);
  CHECK_FALSE(gate->admit(t0 + 249ms, [] {}, retry));
  CHECK(retry == t0 + 250ms);
  CHECK(gate->admit(t0 + 250ms, [] {}, retry));
  auto next = gate->enter(t0 + 250ms);
  CHECK(gate->counting(t0 + 251ms) == 1);
  silent.reset();  // no longer counted: the newer one still is
  CHECK(gate->counting(t0 + 251ms) == 1);
  CHECK_FALSE(gate->admit(t0 + 251ms, [] {}, retry));
  CHECK(retry == t0 + 500ms);
}

TEST_CASE("a forgotten waiter is not woken, and no limit means never waiting") {
  auto gate = std::make_shared<HandshakeGate>(1, 250ms);
  HandshakeGate::Clock::time_point retry{};
  bool woken = false;
  auto a = gate->enter(t0);
  CHECK_FALSE(gate->admit(t0, [&] { woken = true; }, retry));
  gate->forget_waiter();
  a.reset();
  CHECK_FALSE(woken);

  auto open = std::make_shared<HandshakeGate>(0, 250ms);
  std::vector<HandshakeGate::Ticket> many;
  for (int i = 0; i < 1000; ++i) {
    CHECK(open->admit(t0, [] {}, retry));
    many.push_back(open->enter(t0));
  }
  CHECK(open->counting(t0) == 0);  // nothing is even counted
}

TEST_CASE("tickets given up on many threads at once leave the count right and wake the listener once") {
  auto gate = std::make_shared<HandshakeGate>(64, 60s);
  const auto now = HandshakeGate::Clock::now();
  std::vector<HandshakeGate::Ticket> tickets;
  for (int i = 0; i < 64; ++i) tickets.push_back(gate->enter(now));
  HandshakeGate::Clock::time_point retry{};
  std::atomic<int> woken{0};
  CHECK_FALSE(gate->admit(now, [&] { ++woken; }, retry));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&tickets, t] {
      for (int i = t; i < 64; i += 4) tickets[static_cast<std::size_t>(i)].reset();
    });
  }
  for (auto& t : threads) t.join();
  CHECK(gate->counting(now) == 0);
  CHECK(woken == 1);
}
