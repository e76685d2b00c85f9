// `earshot sessions` and `earshot export`: the real binary on a data directory prepared through
// the event store, with and without an Earshot holding the directory, and its errors.

#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/temp_dir.hpp"
#include "tests/support/transcript_session.hpp"
#include "harness.hpp"
#include "store/store.hpp"
#include "reports/transcripts.hpp"

using namespace earshot::test;
namespace fs = std::filesystem;
namespace reports = earshot::reports;

namespace {

// A data directory holding the hand-written workshop session (tests/support/transcript_session.hpp).
class DataDir {
 public:
  DataDir() : dir_(root_.path() / "data") {
    store::Options o;
    o.dir = dir_;
    store::EventStore store(o);
    write_session(store, workshop_session());
  }
  std::string dir() const { return dir_.string(); }
  fs::path root() const { return root_.path(); }

 private:
  earshot::test::TempDir root_{"earshot-export"};
  fs::path dir_;
};

RunResult run_earshot(std::vector<std::string> args) {
  args.insert(args.begin(), EARSHOT_BIN);
  // Times are shown in local time: make that UTC, as in the golden files.
  ::setenv("TZ", "UTC", 1);
  return run_process(args, "");
}

int exit_code(const RunResult& r) { return WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("earshot sessions lists the stored sessions") {
  DataDir data;
  const RunResult r = run_earshot({"sessions", "--data", data.dir()});
  INFO("stdout: ", r.out, "\nstderr: ", r.err);
  CHECK(exit_code(r) == 0);
  CHECK(r.err.empty());
  CHECK(r.out ==
        "CODE  CREATED           CLOSED            ROUNDS  PARTICIPANTS\n"
        "KDWM  2024-03-14 09:00  2024-03-14 09:20  4       7\n");

  // EARSHOT_DATA is the default directory.
  ::setenv("EARSHOT_DATA", data.dir().c_str(), 1);
  const RunResult by_env = run_earshot({"sessions"});
  ::unsetenv("EARSHOT_DATA");
  CHECK(by_env.out == r.out);

  // An empty store.
  store::Options o;
  o.dir = data.root() / "empty";
  { store::EventStore empty(o); }
  const RunResult none = run_earshot({"sessions", "--data", o.dir.string()});
  CHECK(exit_code(none) == 0);
  CHECK(none.out == "No sessions in " + o.dir.string() + ".\n");

  // A machine that has not run a workshop yet has no data directory: no sessions, exit 0.
  const fs::path fresh = data.root() / "never-used";
  const RunResult first = run_earshot({"sessions", "--data", fresh.string()});
  CHECK(exit_code(first) == 0);
  CHECK(first.out == "No sessions yet: no workshop has been run with the data directory " + fresh.string() + ".\n");
  CHECK_FALSE(fs::exists(fresh));
}

TEST_CASE("earshot export writes each format, to standard output or a file, as the library does") {
  DataDir data;
  const auto session = workshop_session();
  for (const auto& [name, format] : std::vector<std::pair<std::string, reports::Format>>{
           {"json", reports::Format::json}, {"csv", reports::Format::csv},
           {"md", reports::Format::markdown}, {"html", reports::Format::html}}) {
    CAPTURE(name);
    const RunResult r = run_earshot({"export", "--session", "kdwm", "--format", name, "--data", data.dir()});
    INFO("stderr: ", r.err);
    CHECK(exit_code(r) == 0);
    CHECK(r.err.empty());
    CHECK(r.out == reports::export_session(session, format));
  }
  reports::ExportOptions anonymous;
  anonymous.anonymous = true;
  const RunResult anon = run_earshot({"export", "--session", "KDWM", "--format", "md", "--anonymous", "--data", data.dir()});
  CHECK(anon.out == reports::export_markdown(session, anonymous));

  // --out, with the format taken from its extension.
  const fs::path out = data.root() / "debrief.html";
  const RunResult file = run_earshot({"export", "--session", "KDWM", "--data", data.dir(), "--out", out.string()});
  CHECK(exit_code(file) == 0);
  CHECK(file.out.empty());
  CHECK(read_file(out) == reports::export_html(session));
}

TEST_CASE("earshot export reads a data directory that a running Earshot holds") {
  DataDir data;
  store::Options o;
  o.dir = data.dir();
  store::EventStore running(o);  // holds DIR/earshot.lock, as a server would
  CHECK(exit_code(run_earshot({"sessions", "--data", data.dir()})) == 0);
  const RunResult r = run_earshot({"export", "--session", "KDWM", "--format", "csv", "--data", data.dir()});
  INFO("stderr: ", r.err);
  CHECK(exit_code(r) == 0);
  CHECK(r.out == reports::export_csv(workshop_session()));

  // What the server commits next is in the next export.
  SessionBuilder more("FGHJ", session_start_ms + 3600000);
  more.participant("p1", "Zed", session_start_ms + 3601000);
  write_session(running, more.record);
  const RunResult listed = run_earshot({"sessions", "--data", data.dir()});
  CHECK(contains(listed.out, "FGHJ  2024-03-14 10:00  open              0       1\n"));
}

TEST_CASE("earshot export and sessions: clear errors and exit statuses") {
  DataDir data;
  const fs::path missing = data.root() / "missing";
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{"export", "--session", "NOPE", "--format", "md", "--data", data.dir()}, 1, "there is no session NOPE in "},
           {{"export", "--session", "KDWM", "--format", "md", "--data", missing.string()}, 1, "there is no data directory"},
           {{"export", "--session", "KDWM", "--format", "pdf", "--data", data.dir()}, 2, "unknown format \"pdf\""},
           {{"export", "--format", "md", "--data", data.dir()}, 2, "needs --session"},
           {{"export", "--session", "KDWM", "--data", data.dir()}, 2, "needs --format"},
           {{"export", "--session", "KDWM", "--format", "md", "--frobnicate"}, 2, "unknown option \"--frobnicate\""},
           {{"sessions", "--anonymous"}, 2, "unknown option \"--anonymous\""},
           {{"export", "--session"}, 2, "--session needs a value"},
           {{"export", "--session", "KDWM", "--format", "md", "--data", data.dir(), "--out", (missing / "x.md").string()}, 1,
            "cannot write"},
       }) {
    const RunResult r = run_earshot(c.args);
    INFO("args: ", c.args.back(), " stderr: ", r.err);
    CHECK(exit_code(r) == c.status);
    CHECK(r.out.empty());
    CHECK(contains(r.err, c.message));
  }
  CHECK_FALSE(fs::exists(missing));  // reading creates nothing

  const RunResult help = run_earshot({"export", "--help"});
  CHECK(exit_code(help) == 0);
  CHECK(contains(help.out, "Usage: earshot export"));
  CHECK(contains(run_earshot({"sessions", "--help"}).out, "Usage: earshot sessions"));
  CHECK(contains(run_earshot({"--help"}).out, "earshot export --session CODE"));
}
