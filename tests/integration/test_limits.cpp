// The server's limits, met the way a misbehaving client meets them: too many connections from one
// address or in all (a clear HTTP 503), a client that dribbles its request (slow loris), a phone
// that vanished without closing (pings unanswered), a client that floods messages, and text that
// is not proper UTF-8 or holds control characters, a phone that reads slowly or not at all.
// After each, the server and the rooms go on.

#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "client/http.hpp"
#include "harness.hpp"
#include "play.hpp"

using namespace earshot::test;
namespace asio = boost::asio;

namespace {

// A plain TCP connection to the server, for speaking (or failing to speak) HTTP by hand.
struct RawSocket {
  // receive_buffer: a small kernel receive buffer (set before connecting), for a phone that the
  // server can fill up quickly.
  explicit RawSocket(std::uint16_t port, int receive_buffer = 0) : socket(io) {
    socket.open(asio::ip::tcp::v4());
    if (receive_buffer > 0) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
  }
  void write(std::string_view text) { asio::write(socket, asio::buffer(text.data(), text.size())); }
  // Tries to write; false once the server has closed the connection.
  bool try_write(std::string_view text) {
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(text.data(), text.size()), ec);
    return !ec;
  }
  // Reads (and throws away) whatever comes until the server closes the connection. True if it
  // did so within `limit`.
  bool closed_within(std::chrono::milliseconds limit, std::string* got = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buf[4096];
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return false;
      pollfd p{socket.native_handle(), POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
      const auto n = ::recv(socket.native_handle(), buf, sizeof buf, 0);
      if (n <= 0) return true;  // EOF or reset
      if (got) got->append(buf, static_cast<std::size_t>(n));
    }
  }
  void ask_upgrade(std::uint16_t port) {
    write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n\r\n");
  }
  // The status line of the server's answer, if its head arrives within `limit`.
  std::optional<std::string> status_within(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::string head;
    while (head.find("\r\n\r\n") == std::string::npos) {
      char c;
      if (!read_exact(&c, 1, deadline)) return std::nullopt;
      head += c;
    }
    return head.substr(0, head.find("\r\n"));
  }
  // Completes a WebSocket handshake and returns the server's status line.
  std::string upgrade(std::uint16_t port) {
    ask_upgrade(port);
    asio::streambuf response;
    asio::read_until(socket, response, "\r\n\r\n");
    std::string head(asio::buffers_begin(response.data()), asio::buffers_end(response.data()));
    return head.substr(0, head.find("\r\n"));
  }

  // Sends one text frame, masked as a client must.
  void send_text(const std::string& text) {
    std::string frame(1, '\x81');
    if (text.size() < 126) {
      frame += static_cast<char>(0x80 | text.size());
    } else {
      frame += static_cast<char>(0x80 | 126);
      frame += static_cast<char>(text.size() >> 8);
      frame += static_cast<char>(text.size() & 0xff);
    }
    const char mask[4] = {0x11, 0x22, 0x33, 0x44};
    frame.append(mask, 4);
    for (std::size_t i = 0; i < text.size(); ++i) frame += static_cast<char>(text[i] ^ mask[i % 4]);
    write(frame);
  }
  // The payload of the next text frame from the server (control frames are skipped); nullopt if
  // the connection ended or nothing came within `limit`.
  std::optional<std::string> read_text(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      unsigned char head[2];
      if (!read_exact(head, 2, deadline)) return std::nullopt;
      std::uint64_t size = head[1] & 0x7f;
      if (size >= 126) {
        unsigned char ext[8];
        const std::size_t n = size == 126 ? 2 : 8;
        if (!read_exact(ext, n, deadline)) return std::nullopt;
        size = 0;
        for (std::size_t i = 0; i < n; ++i) size = (size << 8) | ext[i];
      }
      std::string payload(size, '\0');
      if (size > 0 && !read_exact(payload.data(), size, deadline)) return std::nullopt;
      if ((head[0] & 0x0f) == 0x1) return payload;
      if ((head[0] & 0x0f) == 0x8) return std::nullopt;  // close
    }
  }
  bool read_exact(void* out, std::size_t n, std::chrono::steady_clock::time_point deadline) {
    auto* p = static_cast<char*>(out);
    while (n > 0) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) return false;
      pollfd pfd{socket.native_handle(), POLLIN, 0};
      if (::poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
      const auto got = ::recv(socket.native_handle(), p, n, 0);
      if (got <= 0) return false;
      p += got;
      n -= static_cast<std::size_t>(got);
    }
    return true;
  }

  asio::io_context io;
  asio::ip::tcp::socket socket;
};

// An observer on a raw socket with a tiny receive buffer, seated in `code` (its welcome read).
std::unique_ptr<RawSocket> seat_observer(const ServerProcess& server, const std::string& code, json* welcome = nullptr) {
  auto s = std::make_unique<RawSocket>(server.port(), 4096);
  REQUIRE(s->upgrade(server.port()) == "HTTP/1.1 101 Switching Protocols");
  s->send_text(json{{"type", "hello"}, {"room", code}, {"view", "observer"}}.dump());
  for (;;) {
    auto text = s->read_text(reply_limit);
    REQUIRE(text.has_value());
    json m = json::parse(*text);
    if (m["type"] == "welcome") {
      if (welcome) *welcome = std::move(m);
      return s;
    }
  }
}

// Distinct one-word answers: "wa", "wb", ..., "wzz".
std::string nth_word(int n) {
  std::string w = "w";
  do {
    w += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n > 0);
  return w;
}

// Plays the next word of a chain round (whoever's turn it is); returns the chain's new length.
std::size_t play_next(Table& t, int n) {
  const std::size_t length = t.host.round["view"]["circles"][0]["length"].get<std::size_t>();
  const json v = t.host.view_where([&](const json& v) { return v["circles"][0]["length"] == length; });
  t.by_id(turn_of(v)).ok({{"type", "play"}, {"action", "word"}, {"text", nth_word(n)}});
  t.host.view_where([&](const json& v) { return v["circles"][0]["length"] == length + 1; });
  return length + 1;
}

// A connection that the server must refuse with 503 and a readable reason containing `why`.
void expect_refused(const ServerProcess& server, const std::string& why) {
  try {
    Client c = Client::connect(server.url());
    FAIL("the connection was accepted");
  } catch (const earshot::client::ConnectionClosed& e) {
    CHECK(e.info.http_status == 503);
  }
  const auto res = earshot::client::http_get(server.url(), "/healthz");
  CHECK(res.status == 503);
  CHECK(res.body.find(why) != std::string::npos);
  CHECK(res.header("Retry-After").has_value());
}

void expect_pong(Client& c) {
  c.send({{"type", "ping"}, {"id", "alive"}});
  CHECK(c.receive_until("pong", reply_limit)["re"] == "alive");
}

// Repeats `attempt` until it returns true (a freed slot may take a moment to be given back).
template <typename F>
bool eventually(F attempt) {
  const auto deadline = std::chrono::steady_clock::now() + reply_limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (attempt()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

}  // namespace

TEST_CASE("connections from one address are limited with a clear 503, a freed place can be taken again") {
  Harness h({"--max-per-address", "3"});
  Client f = h.facilitator();
  const auto code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");
  Joined ben = h.join(code, "Ben");

  expect_refused(h.server, "Too many connections from your address (at most 3)");
  // Those already in are untouched.
  expect_pong(f);
  expect_pong(ann.client);
  expect_pong(ben.client);

  ben.client.close();
  CHECK(eventually([&] {
    try {
      Client again = Client::connect(h.server.url());
      again.send({{"type", "hello"}, {"room", code}, {"token", ben.token()}});
      return again.receive_until("welcome", reply_limit)["you"]["name"] == "Ben";
    } catch (const earshot::client::ConnectionClosed&) {
      return false;
    }
  }));
}

TEST_CASE("the server holds at most --max-connections and says it is full") {
  Harness h({"--max-connections", "2", "--max-per-address", "0"});
  Client a = h.connect();
  Client b = h.connect();
  expect_refused(h.server, "The server is full (2 connections)");
  expect_pong(a);
  expect_pong(b);
  a.close();
  CHECK(eventually([&] {
    try {
      Client c = Client::connect(h.server.url());
      expect_pong(c);
      return true;
    } catch (const earshot::client::ConnectionClosed&) {
      return false;
    }
  }));
}

TEST_CASE("a slow-loris client holds nothing for long: its request times out and its place is freed") {
  Harness h({"--max-per-address", "2", "--request-timeout", "1"});
  RawSocket slow1(h.server.port());
  RawSocket slow2(h.server.port());
  slow1.write("GET / HTTP/1.1\r\nHost: x\r\n");
  slow2.write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n");
  // Both places are taken while they dribble.
  try {
    Client c = Client::connect(h.server.url());
    FAIL("a third connection was accepted");
  } catch (const earshot::client::ConnectionClosed& e) {
    CHECK(e.info.http_status == 503);
  }
  // Dribbling a header line now and then does not keep a request alive past the timeout.
  bool cut_off = false;
  for (int i = 0; i < 50 && !cut_off; ++i) {
    std::this_thread::sleep_for(200ms);
    cut_off = !slow1.try_write("X-Dribble: " + std::to_string(i) + "\r\n");
  }
  CHECK(cut_off);
  CHECK(slow1.closed_within(reply_limit));
  CHECK(slow2.closed_within(reply_limit));
  CHECK(eventually([&] { return earshot::client::http_get(h.server.url(), "/healthz").status == 200; }));
}

TEST_CASE("while --max-handshakes connections are being set up the next one waits its turn, and the rooms go on") {
  Harness h({"--max-handshakes", "1", "--handshake-hold", "60000", "--max-per-address", "0"});
  Client f = h.facilitator();
  const auto code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");  // (each joined in turn: a welcome gives the turn back)

  RawSocket silent(h.server.port());  // connected, says nothing: it holds the one turn
  std::this_thread::sleep_for(200ms);  // (the server has accepted it by now)
  RawSocket next(h.server.port());
  next.ask_upgrade(h.server.port());
  CHECK_FALSE(next.status_within(500ms).has_value());  // not answered: it waits in the kernel's queue
  // Those already in are served meanwhile.
  expect_pong(f);
  expect_pong(ann.client);

  // The silent one's first request is answered: its turn is over and the next one goes on.
  silent.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(silent.status_within(reply_limit) == "HTTP/1.1 200 OK");
  CHECK(next.status_within(reply_limit) == "HTTP/1.1 101 Switching Protocols");
  // Its turn lasts until its hello is answered; then a third phone gets in at once.
  next.send_text(json{{"type", "hello"}, {"room", code}, {"view", "observer"}}.dump());
  for (;;) {
    auto text = next.read_text(reply_limit);
    REQUIRE(text.has_value());
    if (json::parse(*text)["type"] == "welcome") break;
  }
  Joined cy = h.join(code, "Cy");
  CHECK(cy.welcome["you"]["name"] == "Cy");
}

TEST_CASE("a connection that stays silent keeps its turn for --handshake-hold only") {
  Harness h({"--max-handshakes", "1", "--handshake-hold", "600", "--max-per-address", "0"});
  const auto start = std::chrono::steady_clock::now();
  RawSocket silent(h.server.port());
  std::this_thread::sleep_for(100ms);
  RawSocket next(h.server.port());
  next.ask_upgrade(h.server.port());
  CHECK(next.status_within(reply_limit) == "HTTP/1.1 101 Switching Protocols");
  // Answered only once the silent one's hold was over (it was accepted after `start`).
  CHECK(std::chrono::steady_clock::now() - start >= 600ms);
  // The silent connection itself is still there, and can still be served.
  silent.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(silent.status_within(reply_limit) == "HTTP/1.1 200 OK");
}

TEST_CASE("waiting for a turn, the server still takes connections off a kernel queue that is filling up") {
  // Past its length the kernel drops new connections, and a phone tries again only a second
  // later. Half-way there, the server accepts without waiting for a turn.
  std::size_t queue = 4096;  // what the server asks for; the kernel gives at most somaxconn
  if (std::ifstream in("/proc/sys/net/core/somaxconn"); in) in >> queue;
  queue = std::min<std::size_t>(queue, 4096);
  const std::size_t crowd = queue / 2 + 200;
  rlimit lim{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &lim) == 0);
  REQUIRE(lim.rlim_max >= crowd + 200);
  if (lim.rlim_cur < crowd + 200) {
    lim.rlim_cur = lim.rlim_max;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &lim) == 0);
  }
  Harness h({"--max-handshakes", "1", "--handshake-hold", "60000", "--max-per-address", "0"});
  auto open_files = [&] {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(h.server.pid()) + "/fd")) ++n;
    return n;
  };
  RawSocket silent(h.server.port());  // holds the one turn
  std::this_thread::sleep_for(200ms);
  const std::size_t before = open_files();

  std::vector<int> fds;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(h.server.port());
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (std::size_t i = 0; i < crowd; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    fds.push_back(fd);
    timeval limit{2, 0};  // (a connect the kernel drops would wait a second and more)
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) == 0);
  }
  // All connected; beyond half the queue the server took them in, though no turn was free.
  CHECK(eventually([&] { return open_files() >= before + 100; }));
  CHECK(open_files() < before + crowd);  // (and only those: the rest wait their turn)
  for (int fd : fds) ::close(fd);
}

TEST_CASE("a phone that stops answering pings is dropped, one that answers stays") {
  Harness h({"--idle-timeout", "2"});
  Client f = h.facilitator();
  const auto code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");
  f.receive_until("joined", reply_limit);

  // A client that answers pings (the client library does while it waits, as browsers do)
  // outlives the timeout.
  CHECK_THROWS_AS(ann.client.receive_until("nothing-comes", 5s), earshot::client::Timeout);
  expect_pong(ann.client);
  CHECK_FALSE(ann.client.closed().has_value());

  // A WebSocket that never reads its pings nor answers them: a phone that lost the network.
  RawSocket gone(h.server.port());
  CHECK(gone.upgrade(h.server.port()) == "HTTP/1.1 101 Switching Protocols");
  std::string got;
  CHECK(gone.closed_within(reply_limit, &got));
  // The server pinged it before giving up (a ping frame: opcode 0x9 with FIN).
  CHECK(got.find('\x89') != std::string::npos);
  Client next = h.connect();  // (the others were not reading meanwhile: they are gone too)
  expect_pong(next);
}

TEST_CASE("a connection that floods messages is slowed down, not served, and recovers") {
  Harness h;
  Client c = h.connect();
  constexpr int sent = 120;
  for (int i = 0; i < sent; ++i) c.send({{"type", "ping"}, {"id", i}});
  int pongs = 0, limited = 0;
  for (int i = 0; i < sent; ++i) {
    json reply = c.receive(reply_limit);
    CHECK(reply["re"] == i);  // one reply each, in order
    if (reply["type"] == "pong") ++pongs;
    else if (reply["type"] == "error" && reply["code"] == "rate_limited") ++limited;
  }
  CHECK(pongs + limited == sent);
  CHECK(pongs >= 60);    // the burst
  CHECK(limited >= 40);  // far more than a second's refill
  std::this_thread::sleep_for(1200ms);
  expect_pong(c);
}

TEST_CASE("text that is not proper UTF-8 or holds control characters changes nothing") {
  Harness h;
  Client f = h.facilitator();
  const auto code = Harness::create_room(f);
  Joined ann = h.join(code, "Ann");
  Joined ben = h.join(code, "Ben");
  f.send({{"type", "new_round"},
          {"config", {{"game", "chain"}, {"seedWord", "rain"}, {"turnMs", 60000}}},
          {"start", true},
          {"id", 1}});
  CHECK(reply_to(f, 1)["type"] == "ok");
  json round = ann.client.receive_until("round", reply_limit);
  while (round["round"]["view"]["phase"] != "turns") round = ann.client.receive_until("round", reply_limit);
  const auto turn = round["round"]["view"]["circles"][0]["turn"].get<std::string>();
  Client& player = turn == ann.id() ? ann.client : ben.client;

  // Escaped control characters and lone surrogates inside JSON strings.
  player.send_text(R"({"type":"play","action":"word","text":"sn\u0007ow","id":2})");
  json e = player.receive_until("error", reply_limit);
  CHECK(e["code"] == "invalid_text");
  CHECK(e["re"] == 2);
  player.send_text(R"({"type":"play","action":"word","text":"\ud800","id":3})");
  CHECK(player.receive_until("error", reply_limit)["code"] == "bad_json");
  // Names too.
  Client x = h.connect();
  x.send_text(R"({"type":"hello","room":")" + code + R"(","name":"Z\u0000e"})");
  CHECK(x.receive(reply_limit)["code"] == "name_invalid");

  // Still the same turn, and the word then goes through.
  player.send({{"type", "play"}, {"action", "word"}, {"text", "snow"}, {"id", 4}});
  CHECK(reply_to(player, 4)["type"] == "ok");

  // Raw bytes that are not UTF-8 in a text frame: the WebSocket standard closes with 1007; the
  // room and everyone else go on.
  Client bad = h.connect();
  bad.send_text(std::string("{\"type\":\"ping\",\"x\":\"\xff\xfe\"}"));
  CHECK(bad.wait_closed(reply_limit).code == 1007);
  expect_pong(ann.client);
  expect_pong(f);
}

TEST_CASE("deeply nested JSON is refused before it is parsed") {
  Harness h;
  Client c = h.connect();
  c.send_text(std::string(17, '[') + std::string(17, ']'));
  json e = c.receive(reply_limit);
  CHECK(e["code"] == "bad_json");
  // 5,000 levels (well inside the frame limit) would exhaust a recursive parser's stack.
  c.send_text(R"({"type":"ping","x":)" + std::string(5000, '[') + std::string(5000, ']') + "}");
  CHECK(c.receive(reply_limit)["code"] == "bad_json");
  expect_pong(c);
}

TEST_CASE("a phone that reads slowly skips to the newest view, one that stops reading is dropped") {
  Table t(4);  // (four players: each stays well inside the message rate limit)
  t.start({{"game", "chain"}, {"seedWord", "coffee"}, {"turnMs", 60000}});

  // A phone that does not read while 150 words are played (the views grow to several kilobytes:
  // far more than the network buffers hold, and more than the server queues for one phone).
  {
    auto slow = seat_observer(t.h.server, t.code);
    constexpr int words = 150;
    for (int n = 0; n < words; ++n) play_next(t, n);
    // When it reads again it gets the views still waiting and then the newest, in order, and
    // skips the ones that a newer view made pointless. It was not disconnected.
    int views = 0;
    std::size_t last = 0;
    for (;;) {
      auto text = slow->read_text(reply_limit);
      REQUIRE(text.has_value());
      const json m = json::parse(*text);
      if (m["type"] != "round") continue;
      ++views;
      const auto length = m["round"]["view"]["circles"][0]["length"].get<std::size_t>();
      CHECK(length >= last);
      last = length;
      if (length == words) break;
    }
    INFO("views received: ", views);
    CHECK(views < words);
  }

  // A phone that stops reading for good is disconnected once a write to it has been stuck for
  // 10 seconds while the room goes on; the room does go on.
  auto gone = seat_observer(t.h.server, t.code);
  const auto stopped = std::chrono::steady_clock::now();
  int n = 1000;
  while (std::chrono::steady_clock::now() - stopped < 12s) {
    play_next(t, n++);
    std::this_thread::sleep_for(20ms);
  }
  CHECK(gone->closed_within(reply_limit));
  const std::size_t length = play_next(t, n++);
  CHECK(length == static_cast<std::size_t>(150 + n - 1000));
  json welcome;
  auto fresh = seat_observer(t.h.server, t.code, &welcome);
  CHECK(welcome["round"]["view"]["circles"][0]["length"] == length);
}

TEST_CASE("a phone that says goodbye while a frame to it is part-way out gets the rest of it, then the close") {
  Table t(4);
  t.start({{"game", "chain"}, {"seedWord", "coffee"}, {"turnMs", 60000}});
  auto phone = seat_observer(t.h.server, t.code);
  // It does not read while the views grow: the server's writes to it stop part-way through a
  // frame once the network buffers are full.
  for (int n = 0; n < 120; ++n) play_next(t, n);
  // Now it says goodbye (a masked close frame, 1000). The server's answer has to wait for the
  // frame that is part-way out; the server must finish that frame, not abandon it.
  const unsigned char mask[4] = {0x5a, 0x6b, 0x7c, 0x8d};
  std::string close_frame = {'\x88', '\x82'};
  close_frame.append(reinterpret_cast<const char*>(mask), 4);
  close_frame += static_cast<char>(0x03 ^ mask[0]);
  close_frame += static_cast<char>(0xe8 ^ mask[1]);
  phone->write(close_frame);
  std::this_thread::sleep_for(300ms);  // (the server reads it while its write is stuck)
  // Reading again, it gets whole frames (text that parses) and then the server's close.
  const auto deadline = std::chrono::steady_clock::now() + reply_limit;
  int texts = 0;
  bool closed = false;
  while (!closed) {
    unsigned char head[2];
    REQUIRE(phone->read_exact(head, 2, deadline));
    std::uint64_t size = head[1] & 0x7f;
    if (size >= 126) {
      unsigned char ext[8];
      const std::size_t n = size == 126 ? 2 : 8;
      REQUIRE(phone->read_exact(ext, n, deadline));
      size = 0;
      for (std::size_t i = 0; i < n; ++i) size = (size << 8) | ext[i];
    }
    std::string payload(size, '\0');
    REQUIRE((size == 0 || phone->read_exact(payload.data(), size, deadline)));
    const int opcode = head[0] & 0x0f;
    if (opcode == 0x1) {
      CHECK(json::accept(payload));
      ++texts;
    } else if (opcode == 0x8) {
      closed = true;
      REQUIRE(payload.size() >= 2);
      CHECK(((static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1])) == 1000);
    }
  }
  CHECK(texts > 0);
  CHECK(phone->closed_within(reply_limit));  // and then the connection ends
  // The room went on, and the server holds nothing of the phone.
  CHECK(play_next(t, 500) == 121u);
}
