// `earshot sessions` / `earshot export` run in-process (server/cli_tools.*), and the data directory
// option and its default (server/options.*).
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "server/cli_tools.hpp"
#include "server/options.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/transcript_session.hpp"

using namespace earshot::server;
namespace fs = std::filesystem;

namespace {

// Sets environment variables for one test and puts the old values back afterwards.
class Environment {
 public:
  void set(const char* name, const std::optional<std::string>& value) {
    if (!saved_.contains(name)) {
      const char* old = std::getenv(name);
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
  }
  ~Environment() {
    for (const auto& [name, value] : saved_) {
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
      else ::unsetenv(name.c_str());
    }
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

struct Run {
  int status;
  std::string out, err;
};

Run run(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int status = run_cli_tool(args, out, err);
  return {status, out.str(), err.str()};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("options: --data, and the default data directory from the environment") {
  Environment env;
  env.set("EARSHOT_DATA", std::nullopt);
  env.set("XDG_DATA_HOME", std::nullopt);
  env.set("HOME", "/home/ann");
  CHECK(default_data_dir() == fs::path("/home/ann/.local/share/earshot"));
  env.set("XDG_DATA_HOME", "relative/ignored");
  CHECK(default_data_dir() == fs::path("/home/ann/.local/share/earshot"));
  env.set("XDG_DATA_HOME", "/xdg");
  CHECK(default_data_dir() == fs::path("/xdg/earshot"));
  env.set("EARSHOT_DATA", "/srv/earshot");
  CHECK(default_data_dir() == fs::path("/srv/earshot"));
  env.set("EARSHOT_DATA", std::nullopt);
  env.set("XDG_DATA_HOME", std::nullopt);
  env.set("HOME", std::nullopt);
  CHECK(default_data_dir() == fs::path("data"));

  env.set("EARSHOT_DATA", "/srv/earshot");
  std::string error;
  CHECK(parse_options({}, error)->data_dir == fs::path("/srv/earshot"));
  CHECK(parse_options({"--data", "/tmp/x"}, error)->data_dir == fs::path("/tmp/x"));
  CHECK_FALSE(parse_options({"--data"}, error));
  CHECK(error == "--data needs a value");
  CHECK_FALSE(parse_options({"--data", ""}, error));
  CHECK(contains(usage(), "--data DIR"));
  CHECK(contains(usage(), "earshot export"));
}

TEST_CASE("options: how many connections are set up at once, and for how long one keeps its turn") {
  std::string error;
  auto o = parse_options({}, error);
  REQUIRE(o);
  CHECK(o->max_handshakes == 64);
  CHECK(o->handshake_hold_ms == 250);
  o = parse_options({"--max-handshakes", "0", "--handshake-hold", "1000"}, error);
  REQUIRE(o);
  CHECK(o->max_handshakes == 0);
  CHECK(o->handshake_hold_ms == 1000);
  CHECK_FALSE(parse_options({"--handshake-hold", "0"}, error));
  CHECK(error == "--handshake-hold needs at least 1 millisecond");
  CHECK_FALSE(parse_options({"--max-handshakes", "-1"}, error));
  CHECK_FALSE(parse_options({"--handshake-hold", "60001"}, error));
  CHECK(contains(usage(), "--max-handshakes N"));
  CHECK(contains(usage(), "--handshake-hold MS"));
}

TEST_CASE("cli tools: which arguments name a tool") {
  CHECK(is_cli_tool({"export"}));
  CHECK(is_cli_tool({"sessions", "--data", "x"}));
  CHECK_FALSE(is_cli_tool({}));
  CHECK_FALSE(is_cli_tool({"--port", "0"}));
  CHECK_FALSE(is_cli_tool({"--data", "export"}));
}

TEST_CASE("cli tools: sessions and export on a data directory, in-process") {
  const earshot::test::TempDir temp("earshot-cli");
  const fs::path& dir = temp.path();
  {
    earshot::store::Options o;
    o.dir = dir;
    earshot::store::EventStore store(o);
    earshot::test::write_session(store, earshot::test::workshop_session());
  }
  Environment env;
  env.set("TZ", "UTC");
  ::tzset();

  const Run listed = run({"sessions", "--data", dir.string()});
  CHECK(listed.status == cli_ok);
  CHECK(contains(listed.out, "KDWM  2024-03-14 09:00  2024-03-14 09:20  4       7\n"));

  const Run csv = run({"export", "--session", "KDWM", "--format", "csv", "--data", dir.string()});
  CHECK(csv.status == cli_ok);
  CHECK(csv.out == earshot::reports::export_csv(earshot::test::workshop_session()));

  const fs::path file = dir / "out.md";
  const Run md = run({"export", "--session", "kdwm", "--anonymous", "--data", dir.string(), "--out", file.string()});
  CHECK(md.status == cli_ok);
  CHECK(md.out.empty());
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  earshot::reports::ExportOptions anonymous;
  anonymous.anonymous = true;
  CHECK(text.str() == earshot::reports::export_markdown(earshot::test::workshop_session(), anonymous));

  const Run unknown = run({"export", "--session", "ZZZZ", "--format", "md", "--data", dir.string()});
  CHECK(unknown.status == cli_failed);
  CHECK(unknown.err == "earshot: there is no session ZZZZ in " + dir.string() + " (earshot sessions lists them)\n");

  // A machine that has not run a workshop yet: no sessions, and that is no error.
  const Run missing = run({"sessions", "--data", (dir / "nope").string()});
  CHECK(missing.status == cli_ok);
  CHECK(missing.err.empty());
  CHECK(missing.out == "No sessions yet: no workshop has been run with the data directory " + (dir / "nope").string() + ".\n");
  fs::create_directories(dir / "empty");
  const Run empty = run({"sessions", "--data", (dir / "empty").string()});
  CHECK(empty.status == cli_ok);
  CHECK(empty.out == "No sessions yet: no workshop has been run with the data directory " + (dir / "empty").string() + ".\n");
  CHECK_FALSE(fs::exists(dir / "empty" / "earshot.db"));  // looking created nothing
  // Exporting from it is still an error: there is no such session.
  const Run export_missing = run({"export", "--session", "KDWM", "--format", "md", "--data", (dir / "nope").string()});
  CHECK(export_missing.status == cli_failed);
  CHECK(export_missing.err == "earshot: there is no data directory " + (dir / "nope").string() + "\n");

  const Run no_extension = run({"export", "--session", "KDWM", "--data", dir.string(), "--out", (dir / "report").string()});
  CHECK(no_extension.status == cli_usage);
  CHECK(contains(no_extension.err, "needs --format"));


}
