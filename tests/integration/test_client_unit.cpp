// The client's pure parts: server URLs and the earshot-client command line. No server needed.

#include <doctest/doctest.h>

#include "client/cli.hpp"
#include "client/url.hpp"

using namespace earshot::client;

TEST_CASE("server URLs: ws, http, join URLs and bare host:port") {
  auto url = parse_server_url("ws://127.0.0.1:8080/ws");
  REQUIRE(url);
  CHECK(url->host == "127.0.0.1");
  CHECK(url->port == 8080);
  CHECK(url->target == "/ws");
  CHECK(url->room.empty());
  CHECK(url->authority() == "127.0.0.1:8080");
  CHECK(url->origin() == "http://127.0.0.1:8080");

  // A ws:// URL names the socket itself, query included; without a path it is /ws.
  CHECK(parse_server_url("ws://h:1/other?x=1")->target == "/other?x=1");
  CHECK(parse_server_url("ws://h:1")->target == "/ws");
  CHECK(parse_server_url("WS://h:1/")->target == "/ws");

  // An http:// URL is a page of the server; its WebSocket is /ws.
  url = parse_server_url("http://192.168.1.20:8080/stage?room=KXQM");
  REQUIRE(url);
  CHECK(url->host == "192.168.1.20");
  CHECK(url->target == "/ws");
  CHECK(url->room.empty());

  // A join URL also gives the room.
  url = parse_server_url("http://192.168.1.20:8080/?r=KXQM");
  REQUIRE(url);
  CHECK(url->room == "KXQM");
  CHECK(parse_server_url("http://h:1/?lang=en&r=ACDE#top")->room == "ACDE");

  // No scheme means http; no port means 80.
  url = parse_server_url("laptop.local:9000");
  REQUIRE(url);
  CHECK(url->host == "laptop.local");
  CHECK(url->port == 9000);
  CHECK(parse_server_url("http://laptop")->port == 80);

  // IPv6 addresses are bracketed in the URL and in the authority, not in `host`.
  url = parse_server_url("ws://[::1]:8080");
  REQUIRE(url);
  CHECK(url->host == "::1");
  CHECK(url->authority() == "[::1]:8080");
  CHECK(parse_server_url("http://[fe80::1]")->port == 80);
}

TEST_CASE("server URLs that cannot be used are refused with a reason") {
  for (const char* bad : {"", "ws://", "http://:80", "wss://h:1", "https://h:1", "ftp://h", "h:", "h:0", "h:65536",
                          "h:80x", "h:-1", "[::1", "[::1]x", "[::1]:", "user@h:1"}) {
    CAPTURE(bad);
    std::string error;
    CHECK_FALSE(parse_server_url(bad, &error));
    CHECK_FALSE(error.empty());
  }
  CHECK(parse_server_url("h:65535")->port == 65535);
}

namespace {

cli::Parsed<cli::JoinOptions> parse(std::vector<std::string_view> args) { return cli::parse_join(args); }

}  // namespace

TEST_CASE("earshot-client join: options and the hello they make") {
  auto p = parse({"--url", "http://h:8080", "--room", "ACDE", "--name", "Ann"});
  REQUIRE(p.options);
  CHECK(p.options->server.port == 8080);
  CHECK(cli::make_hello(*p.options) == nlohmann::json{{"type", "hello"}, {"room", "ACDE"}, {"name", "Ann"}});
  CHECK_FALSE(p.options->origin);
  CHECK_FALSE(p.options->quiet);

  // --opt=value works too, and the join URL gives the room.
  p = parse({"--url=http://h:8080/?r=KXQM", "--token=abc", "--origin=http://h:8080", "--quiet"});
  REQUIRE(p.options);
  CHECK(cli::make_hello(*p.options) == nlohmann::json{{"type", "hello"}, {"room", "KXQM"}, {"token", "abc"}});
  CHECK(p.options->origin == "http://h:8080");
  CHECK(p.options->quiet);
  // --room wins over the join URL's.
  CHECK(parse({"--url", "http://h/?r=KXQM", "--room", "ACDE", "--name", "A"}).options->room == "ACDE");

  // A facilitator needs no room; a stage or observer view is passed on.
  p = parse({"--url", "h:1", "--key", "k"});
  REQUIRE(p.options);
  CHECK(cli::make_hello(*p.options) == nlohmann::json{{"type", "hello"}, {"key", "k"}});
  p = parse({"--url", "h:1", "--key", "k", "--room", "ACDE", "--view", "stage"});
  CHECK(cli::make_hello(*p.options) ==
        nlohmann::json{{"type", "hello"}, {"room", "ACDE"}, {"key", "k"}, {"view", "stage"}});
  p = parse({"--url", "h:1", "--room", "ACDE", "--view", "observer"});
  CHECK(cli::make_hello(*p.options) == nlohmann::json{{"type", "hello"}, {"room", "ACDE"}, {"view", "observer"}});

  // No identity: no hello; the user types one.
  p = parse({"--url", "h:1"});
  REQUIRE(p.options);
  CHECK_FALSE(cli::make_hello(*p.options));
  // An empty value counts as no value.
  CHECK(parse({"--url", "h:1", "--name="}).options);
}

TEST_CASE("earshot-client join: mistakes on the command line are explained") {
  CHECK(parse({"--help"}).help);
  CHECK(parse({"--url", "h:1", "-h"}).help);
  const std::vector<std::vector<std::string_view>> mistakes = {
      {},                                                      // no --url
      {"--url"},                                               // no value
      {"--url", "wss://h:1"},                                  // bad URL
      {"--url", "h:1", "--name", "Ann"},                       // no room
      {"--url", "h:1", "--room", "ACDE", "--name", "A", "--token", "t"},  // two identities
      {"--url", "h:1", "--key", "k", "--token", "t"},
      {"--url", "h:1", "--view", "observer"},                  // observer without room
      {"--url", "h:1", "--named", "Ann"},                      // unknown option
      {"--url", "h:1", "stray"},
  };
  for (const auto& args : mistakes) {
    CAPTURE(args.size());
    const auto p = parse(args);
    CHECK_FALSE(p.options);
    CHECK_FALSE(p.help);
    CHECK_FALSE(p.error.empty());
  }
}

TEST_CASE("the top-level usage lists every command") {
  const std::string text = cli::usage();
  CHECK(text.starts_with("Usage: earshot-client"));
  for (const auto& command : cli::commands()) CHECK(text.find(command.name) != std::string::npos);
}

TEST_CASE("earshot-client bots: options") {
  const auto p = cli::parse_bots({"--url", "http://10.0.0.5:8080/?r=KXQM", "--count", "40", "--think", "200-900",
                                  "--drop-every", "30", "--duration", "60", "--name", "Test", "--seed", "7", "--json"});
  REQUIRE(p.options);
  const auto& o = *p.options;
  CHECK(o.bots.server.host == "10.0.0.5");
  CHECK(o.bots.room == "KXQM");
  CHECK(o.bots.count == 40);
  CHECK(o.bots.think_min == std::chrono::milliseconds(200));
  CHECK(o.bots.think_max == std::chrono::milliseconds(900));
  CHECK(o.bots.drop_every == std::chrono::seconds(30));
  CHECK(o.duration == std::chrono::seconds(60));
  CHECK(o.bots.name_prefix == "Test");
  CHECK(o.bots.seed == 7);
  CHECK(o.json);

  // Defaults; a single think time; --room wins over the URL's.
  const auto d = cli::parse_bots({"--url", "h:1", "--room", "ACDE", "--think", "50"});
  REQUIRE(d.options);
  CHECK(d.options->bots.count == 10);
  CHECK(d.options->bots.room == "ACDE");
  CHECK(d.options->bots.think_min == d.options->bots.think_max);
  CHECK(d.options->duration.count() == 0);
  CHECK_FALSE(d.options->json);
}

TEST_CASE("earshot-client bots: mistakes on the command line are explained") {
  CHECK(cli::parse_bots({"--help"}).help);
  const std::vector<std::vector<std::string_view>> mistakes = {
      {},                                                      // no --url
      {"--url", "h:1"},                                        // no room
      {"--url", "h:1", "--room", "ACDE", "--count", "0"},      // too few
      {"--url", "h:1", "--room", "ACDE", "--count", "5001"},   // too many
      {"--url", "h:1", "--room", "ACDE", "--count", "ten"},
      {"--url", "h:1", "--room", "ACDE", "--think", "900-200"},  // backwards
      {"--url", "h:1", "--room", "ACDE", "--think", "-5"},
      {"--url", "h:1", "--room", "ACDE", "--drop-every", "x"},
      {"--url", "h:1", "--room", "ACDE", "--name", "A very long prefix"},
      {"--url", "h:1", "--room", "ACDE", "--bogus"},
  };
  for (const auto& args : mistakes) {
    CAPTURE(args.size());
    const auto p = cli::parse_bots(args);
    CHECK_FALSE(p.options);
    CHECK_FALSE(p.help);
    CHECK_FALSE(p.error.empty());
  }
}
