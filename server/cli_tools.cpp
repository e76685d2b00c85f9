#include "server/cli_tools.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <exception>
#include <fstream>
#include <optional>

#include "server/rooms/ids.hpp"
#include "server/options.hpp"
#include "store/store.hpp"
#include "reports/transcripts.hpp"

namespace earshot::server {
namespace {

namespace fs = std::filesystem;

const char* const sessions_usage = R"(Usage: earshot sessions [--data DIR]

Lists the sessions (rooms) kept in the data directory, oldest first: code, when it was created and
closed (local time), how many rounds and participants it has. Works while a server is running.

Options:
  --data DIR    the data directory (default: $EARSHOT_DATA if set, else $XDG_DATA_HOME/earshot,
                else ~/.local/share/earshot)
  --help        this text
)";

const char* const export_usage = R"(Usage: earshot export --session CODE --format json|csv|md|html [--anonymous]
                      [--data DIR] [--out FILE]

Writes the transcript of one session: every round with its words, answers, groups and measures.
Works while a server is running (it reads what has been committed so far).

Formats (docs/transcripts.md describes them exactly):
  json    everything: the session, participants, each round's config, events and results
  csv     one row per contribution (word, pass, answer, retelling, title, prediction, pick)
  md      Markdown that reads like the story of the session
  html    a printable debrief report (one self-contained page with charts)

Options:
  --session CODE   the session's room code (see "earshot sessions")
  --format F       json, csv, md or html (default: from the extension of --out)
  --anonymous      replace names with "Participant A", "Participant B", ... (in order of joining)
                   and leave out the facilitator's notes
  --data DIR       the data directory (default: $EARSHOT_DATA if set, else
                   $XDG_DATA_HOME/earshot, else ~/.local/share/earshot)
  --out FILE       write to FILE instead of standard output
  --help           this text
)";

struct ToolArgs {
  std::optional<std::string> session, format, out;
  fs::path data = default_data_dir();
  bool anonymous = false;
  bool help = false;
};

// Parses the tool's options (args[0] is the tool's name). `allowed` lists the options it takes.
std::optional<ToolArgs> parse(const std::vector<std::string>& args, const std::vector<std::string>& allowed,
                              std::string& error) {
  ToolArgs a;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      a.help = true;
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), arg) == allowed.end()) {
      error = "unknown option \"" + arg + "\" for earshot " + args[0] + " (see earshot " + args[0] + " --help)";
      return std::nullopt;
    }
    if (arg == "--anonymous") {
      a.anonymous = true;
      continue;
    }
    if (i + 1 >= args.size() || args[i + 1].empty()) {
      error = arg + " needs a value";
      return std::nullopt;
    }
    const std::string& value = args[++i];
    if (arg == "--data") a.data = value;
    else if (arg == "--session") a.session = value;
    else if (arg == "--format") a.format = value;
    else if (arg == "--out") a.out = value;
  }
  return a;
}

store::Options read_only(const fs::path& dir) {
  store::Options o;
  o.dir = dir;
  o.read_only = true;
  return o;
}

std::tm local(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  return tm;
}

// "2024-03-14 10:00" in local time.
std::string local_time(std::int64_t ms) {
  const std::tm tm = local(ms);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &tm);
  return buffer;
}

int local_offset_minutes(std::int64_t ms) { return static_cast<int>(local(ms).tm_gmtoff / 60); }

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

int sessions(const ToolArgs& a, std::ostream& out) {
  // A machine that has not run a workshop yet has no data directory (or no database in it): that
  // is no sessions, not an error. Anything else the directory is (a file, unreadable) still is.
  std::error_code ec;
  if (!fs::exists(a.data, ec) || (fs::is_directory(a.data, ec) && !fs::exists(store::database_path(a.data), ec))) {
    out << "No sessions yet: no workshop has been run with the data directory " << a.data.string() << ".\n";
    return cli_ok;
  }
  const store::EventStore store(read_only(a.data));
  const auto all = store.sessions();
  if (all.empty()) {
    out << "No sessions in " << a.data.string() << ".\n";
    return cli_ok;
  }
  out << "CODE  CREATED           CLOSED            ROUNDS  PARTICIPANTS\n";
  for (const auto& s : all) {
    const auto rounds = store.rounds(s.code).size();
    const auto participants = store.participants(s.code).size();
    out << pad(s.code, 6) << pad(local_time(s.created_ms), 18) << pad(s.closed_ms ? local_time(*s.closed_ms) : "open", 18)
        << pad(std::to_string(rounds), 8) << participants << "\n";
  }
  return cli_ok;
}

int export_session(const ToolArgs& a, std::ostream& out, std::ostream& err) {
  if (!a.session) {
    err << "earshot: export needs --session CODE (earshot sessions lists them)\n";
    return cli_usage;
  }
  std::optional<reports::Format> format;
  if (a.format) {
    format = reports::parse_format(*a.format);
    if (!format) {
      err << "earshot: unknown format \"" << *a.format << "\": use json, csv, md or html\n";
      return cli_usage;
    }
  } else if (a.out) {
    const std::string extension = fs::path(*a.out).extension().string();
    if (!extension.empty()) format = reports::parse_format(extension.substr(1));
  }
  if (!format) {
    err << "earshot: export needs --format json, csv, md or html\n";
    return cli_usage;
  }

  const store::EventStore store(read_only(a.data));
  const std::string code = normalize_room_code(*a.session).value_or(*a.session);
  const auto record = reports::load_session(store, code);
  if (!record) {
    err << "earshot: there is no session " << *a.session << " in " << a.data.string()
        << " (earshot sessions lists them)\n";
    return cli_failed;
  }
  reports::ExportOptions options;
  options.anonymous = a.anonymous;
  options.css = reports::ExportOptions::Css::embedded;
  options.utc_offset_minutes = local_offset_minutes(record->session.created_ms);
  const std::string text = reports::export_session(*record, *format, options);

  if (!a.out) {
    out << text << std::flush;
    if (!out) {
      err << "earshot: cannot write the export to standard output\n";
      return cli_failed;
    }
    return cli_ok;
  }
  std::ofstream file(*a.out, std::ios::binary | std::ios::trunc);
  if (file) file << text;
  if (file) file.close();
  if (!file) {
    err << "earshot: cannot write " << *a.out << ": " << std::strerror(errno) << "\n";
    return cli_failed;
  }
  return cli_ok;
}

}  // namespace

bool is_cli_tool(const std::vector<std::string>& args) {
  return !args.empty() && (args[0] == "sessions" || args[0] == "export");
}

int run_cli_tool(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (!is_cli_tool(args)) {
    err << "earshot: unknown command\n";
    return cli_usage;
  }
  const bool is_export = args[0] == "export";
  std::string error;
  const auto parsed = is_export ? parse(args, {"--session", "--format", "--anonymous", "--data", "--out"}, error)
                                : parse(args, {"--data"}, error);
  if (!parsed) {
    err << "earshot: " << error << "\n";
    return cli_usage;
  }
  if (parsed->help) {
    out << (is_export ? export_usage : sessions_usage);
    return cli_ok;
  }
  try {
    return is_export ? export_session(*parsed, out, err) : sessions(*parsed, out);
  } catch (const std::exception& e) {
    err << "earshot: " << e.what() << "\n";
    return cli_failed;
  }
}

}  // namespace earshot::server
