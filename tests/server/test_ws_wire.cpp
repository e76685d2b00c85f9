// The session's own frame writer (server/net/ws_wire.hpp): frames it writes several at a time must
// reach a standard WebSocket client intact, and Beast's control frames must never land inside one.

#include <doctest/doctest.h>

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "server/net/ws_wire.hpp"

using namespace earshot::server;

namespace {

std::string header_of(std::size_t n) {
  unsigned char h[10];
  const std::size_t len = text_frame_header(n, h);
  CHECK(len == text_frame_header_size(n));
  return std::string(reinterpret_cast<const char*>(h), len);
}

std::string patterned(std::size_t n, char seed) {
  std::string s(n, ' ');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (static_cast<std::size_t>(seed) + i * 7) % 26);
  return s;
}

}  // namespace

TEST_CASE("ws wire: text frame headers use the shortest length form (RFC 6455 5.2)") {
  CHECK(header_of(0) == std::string("\x81\x00", 2));
  CHECK(header_of(125) == std::string("\x81\x7d", 2));
  CHECK(header_of(126) == std::string("\x81\x7e\x00\x7e", 4));
  CHECK(header_of(65535) == std::string("\x81\x7e\xff\xff", 4));
  CHECK(header_of(65536) == std::string("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
  CHECK(header_of(0x0102030405ULL) == std::string("\x81\x7f\x00\x00\x00\x01\x02\x03\x04\x05", 10));
}

TEST_CASE("ws wire: batched frames arrive intact, and a ping waits until a frame part-way out is whole") {
  net::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  const auto port = acceptor.local_endpoint().port();

  // The phone: a plain Beast client on its own thread. It connects, then reads only when told.
  std::promise<void> start_reading;
  auto reading = start_reading.get_future();
  std::vector<std::string> got;
  std::vector<std::string> pings;
  std::size_t pings_after_first = 0;
  bool all_text = true;
  std::string client_error;
  std::thread phone([&] {
    try {
      net::io_context cio;
      websocket::stream<tcp::socket> ws(cio);
      ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
      ws.handshake("127.0.0.1", "/ws");
      ws.control_callback([&](websocket::frame_type kind, beast::string_view payload) {
        if (kind == websocket::frame_type::ping) pings.emplace_back(payload);
      });
      reading.wait();
      for (int i = 0; i < 13; ++i) {
        beast::flat_buffer buf;
        ws.read(buf);
        all_text = all_text && ws.got_text();
        got.push_back(beast::buffers_to_string(buf.data()));
        if (i == 0) pings_after_first = pings.size();
      }
      ws.close(websocket::close_code::normal);
    } catch (const std::exception& e) {
      client_error = e.what();
    }
  });

  tcp::socket socket(ioc);
  acceptor.accept(socket);
  socket.set_option(net::socket_base::send_buffer_size(64 * 1024));
  websocket::stream<WsWire, false> ws(std::move(socket));
  bool accepted = false;
  ws.async_accept([&](beast::error_code ec) {
    CHECK_FALSE(ec);
    accepted = true;
  });
  auto run_until = [&](const bool& done) {
    while (!done) {
      if (ioc.stopped()) ioc.restart();  // (poll() or a finished wait left it out of work)
      ioc.run_one();
    }
  };
  run_until(accepted);
  auto& wire = ws.next_layer();
  CHECK_FALSE(wire.control_busy());

  // Writes `frames` to the end, waiting for the socket as a session would; returns once all are out.
  auto write_all = [&](std::vector<const Frame*> frames, std::size_t skip) {
    std::size_t total = 0;
    for (auto* f : frames) total += text_frame_header_size(f->size()) + f->size();
    while (skip < total) {
      beast::error_code ec;
      skip += wire.write_text(frames.data(), frames.size(), skip, ec);
      REQUIRE_FALSE(ec);
      if (skip < total) {  // (the wire's socket is non-blocking: poll it)
        pollfd p{wire.next_layer().native_handle(), POLLOUT, 0};
        REQUIRE(::poll(&p, 1, 10000) == 1);
      }
    }
  };

  // A frame far larger than the socket buffers, in three pieces (as a round view is gathered from
  // pieces shared by many phones): the phone isn't reading, so only part goes out.
  const std::string big = patterned(4 * 1024 * 1024, 'b');
  const std::string_view big_text(big);
  Frame big_pieces;
  big_pieces.add(big_text.substr(0, 1000));
  big_pieces.add(big_text.substr(1000, 2 * 1024 * 1024));
  big_pieces.add(big_text.substr(1000 + 2 * 1024 * 1024));
  REQUIRE(big_pieces.size() == big.size());
  REQUIRE(big_pieces.text() == big);
  const Frame* big_frame[] = {&big_pieces};
  beast::error_code ec;
  const std::size_t first = wire.write_text(big_frame, 1, 0, ec);
  REQUIRE_FALSE(ec);
  REQUIRE(first > 0);
  REQUIRE(first < big.size());
  wire.mid_frame(true);

  // Beast wants to send a ping now: it must wait for the frame to be whole.
  bool pinged = false;
  ws.async_ping("keep-alive", [&](beast::error_code e) {
    CHECK_FALSE(e);
    pinged = true;
  });
  ioc.poll();
  CHECK(wire.control_busy());
  CHECK_FALSE(pinged);

  start_reading.set_value();
  write_all({&big_pieces}, first);
  wire.mid_frame(false);  // the frame is whole: the ping goes
  run_until(pinged);
  CHECK_FALSE(wire.control_busy());

  // Then six frames of every length form, in one call where the socket takes them: one piece each,
  // and the same again cut into up to Frame::max_pieces pieces.
  std::vector<std::string> small;
  for (std::size_t n : {0, 1, 125, 126, 65535, 65536}) small.push_back(patterned(n, static_cast<char>(n % 26)));
  std::vector<Frame> frames;
  for (auto& s : small) frames.emplace_back(s);
  for (auto& s : small) {
    const std::string_view text(s);
    Frame& f = frames.emplace_back();
    std::size_t at = 0;
    for (std::size_t i = 1; i < Frame::max_pieces; ++i) {  // cuts at 1, 2, 4, ... bytes in
      const std::size_t cut = std::min(text.size(), std::size_t{1} << (i - 1));
      if (cut > at) f.add(text.substr(at, cut - at));
      at = std::max(at, cut);
    }
    f.add(text.substr(at));
    CHECK(f.text() == s);
  }
  std::vector<const Frame*> batch;
  for (auto& f : frames) batch.push_back(&f);
  write_all(batch, 0);

  // The phone closes; Beast answers through the wire.
  bool closed = false;
  beast::flat_buffer buf;
  ws.async_read(buf, [&](beast::error_code e, std::size_t) {
    CHECK(e == websocket::error::closed);
    closed = true;
  });
  run_until(closed);
  phone.join();

  CHECK(client_error == "");
  CHECK(all_text);
  CHECK(pings_after_first == 0);  // (the ping is read with the next message, after the big frame)
  REQUIRE(got.size() == 13);
  CHECK(got[0] == big);
  for (std::size_t i = 0; i < small.size(); ++i) {
    CHECK(got[i + 1] == small[i]);
    CHECK(got[i + 1 + small.size()] == small[i]);
  }
  CHECK(pings == std::vector<std::string>{"keep-alive"});
}
