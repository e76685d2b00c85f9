// The earshot-client command against a real server: JSON lines in and out, exit statuses.

#include <sys/wait.h>

#include <sstream>

#include "harness.hpp"

using namespace earshot::test;

namespace {

// Runs earshot-client with `args` and `input` on stdin.
RunResult earshot_client(std::vector<std::string> args, const std::string& input) {
  args.insert(args.begin(), EARSHOT_CLIENT_BIN);
  return run_process(args, input);
}

int exit_code(const RunResult& r) { return WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1; }

// Every stdout line, each of which must be one JSON object.
std::vector<json> json_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    CAPTURE(line);
    lines.push_back(json::parse(line));
    CHECK(lines.back().is_object());
  }
  return lines;
}

json* find_type(std::vector<json>& messages, const std::string& type) {
  for (auto& m : messages)
    if (m.value("type", "") == type) return &m;
  return nullptr;
}

}  // namespace

TEST_CASE("earshot-client joins by join URL, relays stdin lines, and closes normally at the end of input") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  const std::string join_url = "http://127.0.0.1:" + std::to_string(h.server.port()) + "/?r=" + code;
  // The last line has no newline; a blank line and a line that is not JSON are skipped.
  const RunResult r = earshot_client({"--url", join_url, "--name", "Ann", "--quiet"},
                                     "{\"type\":\"ping\",\"id\":1}\n\nnot json\n{\"type\":\"dance\",\"id\":2}");
  INFO("stdout: ", r.out, "\nstderr: ", r.err);
  CHECK(exit_code(r) == 0);
  auto messages = json_lines(r.out);
  json* welcome = find_type(messages, "welcome");
  REQUIRE(welcome);
  CHECK((*welcome)["you"]["name"] == "Ann");
  CHECK((*welcome)["room"]["code"] == code);
  json* pong = find_type(messages, "pong");
  REQUIRE(pong);
  CHECK((*pong)["re"] == 1);
  json* error = find_type(messages, "error");
  REQUIRE(error);
  CHECK((*error)["code"] == "unknown_type");
  CHECK((*error)["re"] == 2);
  CHECK(messages.size() == 4);  // welcome, joined, pong, error; not the client's own final pong
  CHECK(r.err.find("line 3 is not JSON") != std::string::npos);
  CHECK(r.err.find("code 1000") != std::string::npos);

  // The facilitator saw Ann join, and leave.
  CHECK(f.receive_until("joined", reply_limit)["participant"]["name"] == "Ann");
  CHECK(f.receive_until("presence", reply_limit)["online"] == false);
}

TEST_CASE("earshot-client reports the server's close code and exits with 1 when it is not normal") {
  Harness h;
  const std::string url = "ws://127.0.0.1:" + std::to_string(h.server.port()) + "/ws";
  // No identity: nothing is sent but stdin. A frame over 16 KiB makes the server close with 1009.
  const std::string big = "{\"type\":\"ping\",\"pad\":\"" + std::string(17 * 1024, 'x') + "\"}\n";
  const RunResult r = earshot_client({"--url", url, "--quiet"}, big);
  INFO("stdout: ", r.out, "\nstderr: ", r.err);
  CHECK(exit_code(r) == 1);
  CHECK(r.err.find("code 1009") != std::string::npos);
  CHECK(r.out.empty());
}

TEST_CASE("earshot-client: a facilitator key, and a refused connection") {
  Harness h;
  const std::string url = "http://127.0.0.1:" + std::to_string(h.server.port());
  const RunResult ok = earshot_client({"--url", url, "--key", ServerProcess::facilitator_key, "--quiet"},
                                      "{\"type\":\"create_room\",\"id\":\"new\"}\n");
  INFO("stdout: ", ok.out, "\nstderr: ", ok.err);
  CHECK(exit_code(ok) == 0);
  auto messages = json_lines(ok.out);
  REQUIRE(messages.size() >= 2);  // and `rooms` pushes, which facilitators get
  CHECK(messages[0]["role"] == "facilitator");
  CHECK(messages[0]["room"].is_null());
  json* created = nullptr;
  for (auto& m : messages)
    if (m.value("re", "") == "new") created = &m;
  REQUIRE(created);
  CHECK((*created)["type"] == "welcome");
  CHECK((*created)["room"]["code"].is_string());

  const RunResult refused = earshot_client({"--url", url, "--origin", "http://evil.example"}, "");
  CHECK(exit_code(refused) == 1);
  CHECK(refused.err.find("cannot connect") != std::string::npos);
  CHECK(refused.err.find("403") != std::string::npos);
}

TEST_CASE("earshot-client usage: --help, and mistakes exit with 2") {
  const RunResult help = earshot_client({"--help"}, "");
  CHECK(exit_code(help) == 0);
  CHECK(help.out.find("Usage: earshot-client") != std::string::npos);
  const RunResult join_help = earshot_client({"join", "--help"}, "");
  CHECK(exit_code(join_help) == 0);
  CHECK(join_help.out.find("--token") != std::string::npos);

  for (const auto& args : std::vector<std::vector<std::string>>{
           {},
           {"--url", "ws://127.0.0.1:9/ws", "--name", "Ann", "--token", "t", "--room", "ACDE"},
           {"--url", "wss://127.0.0.1:9/ws"},
           {"--url"},
           {"--frobnicate"},
           {"dance", "--url", "ws://127.0.0.1:9"}}) {
    CAPTURE(args.size());
    const RunResult r = earshot_client(args, "");
    CHECK(exit_code(r) == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(r.err.empty());
  }
}
