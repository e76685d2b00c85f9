#include "client/cli.hpp"

namespace earshot::client::cli {

namespace {

constexpr std::string_view join_usage = R"(Usage: earshot-client [join] --url URL [--room CODE] IDENTITY [options]

Joins a room, prints every message from the server as one JSON line on stdout,
and sends every JSON line read from stdin. Status and errors go to stderr.

  --url URL        the server: ws://HOST:PORT[/ws], http://HOST:PORT, or a join
                   URL such as http://HOST:PORT/?r=KXQM (which also gives the room)
  --room CODE      the room code (4 letters)
IDENTITY, at most one of:
  --name NAME      join as a new participant called NAME
  --token TOKEN    rejoin as the participant that TOKEN belongs to
  --key KEY        connect as the facilitator (with --room: into that room)
  --view VIEW      stage | observer | facilitator (observer needs no identity)
With no identity the client sends no hello: type your own on stdin.
Options:
  --origin ORIGIN  send this Origin header (the server refuses foreign ones)
  --quiet          print nothing on stderr but errors and the close code
  -h, --help       show this help

When stdin ends, the client waits for the replies to what it sent, then
closes the connection normally. Exit status: 0 after a normal close (1000 or
1001), 1 when the connection failed or closed otherwise, 2 for usage errors.
)";

constexpr std::string_view bots_usage = R"(Usage: earshot-client bots --url URL [--room CODE] [options]

Joins scripted participants ("Bot 1", "Bot 2", ...) to a room. They play
whatever round the facilitator runs, as people would: a word on their turn,
an answer when a prompt is open, a pick or a vote when asked, now and then a
reaction, each after a think time. A bot whose connection drops reconnects
to its seat. Use it to try a room, a game or a laptop before a workshop.
When it stops (Ctrl-C, --duration, or the room closes) it prints what the
bots saw: rounds, plays accepted, errors, reconnects.

  --url URL          the server, or a join URL with ?r=CODE
  --room CODE        the room code (4 letters)
  --count N          how many bots (1 to 5000; default 10)
  --think MS|MIN-MAX think time in milliseconds (default 800-3000)
  --drop-every S     each bot loses its connection about once per S seconds
                     and reconnects, like phones on a weak network (default: never)
  --duration S       stop after S seconds (default: until Ctrl-C or the room closes)
  --name PREFIX      the bots' names start with PREFIX (default "Bot")
  --seed N           the bots' dice (default 1)
  --json             print the final report as JSON on stdout
  --quiet            no progress lines on stderr
  -h, --help         show this help

The server counts connections per device: for more than about 90 bots from one
machine, start earshot with --max-per-address set higher (see docs/operations.md).
Exit status: 0 when every bot joined, 1 otherwise, 2 for usage errors.
)";

bool parse_count(std::string_view text, long min, long max, long& out) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string_view::npos) return false;
  out = std::stol(std::string(text));
  return out >= min && out <= max;
}

// Reads "--opt value" or "--opt=value". Returns true when args[i] is option `name`; advances i.
bool take_option(const std::vector<std::string_view>& args, std::size_t& i, std::string_view name,
                 std::string& value, std::string& error) {
  const std::string_view arg = args[i];
  if (!arg.starts_with(name)) return false;
  const std::string_view rest = arg.substr(name.size());
  if (rest.starts_with('=')) {
    value = std::string(rest.substr(1));
    return true;
  }
  if (!rest.empty()) return false;  // a longer option that merely starts with `name`
  if (i + 1 >= args.size()) {
    error = std::string(name) + " needs a value";
    return true;
  }
  value = std::string(args[++i]);
  return true;
}

}  // namespace

Parsed<JoinOptions> parse_join(const std::vector<std::string_view>& args) {
  Parsed<JoinOptions> result;
  JoinOptions options;
  std::string url, origin;
  bool has_origin = false;
  for (std::size_t i = 0; i < args.size() && result.error.empty(); ++i) {
    const std::string_view arg = args[i];
    std::string& error = result.error;
    if (arg == "-h" || arg == "--help") {
      result.help = true;
      return result;
    }
    if (arg == "--quiet") {
      options.quiet = true;
    } else if (take_option(args, i, "--origin", origin, error)) {
      has_origin = true;
    } else if (!take_option(args, i, "--url", url, error) && !take_option(args, i, "--room", options.room, error) &&
               !take_option(args, i, "--name", options.name, error) &&
               !take_option(args, i, "--token", options.token, error) &&
               !take_option(args, i, "--key", options.key, error) &&
               !take_option(args, i, "--view", options.view, error)) {
      error = "unknown argument \"" + std::string(arg) + "\"";
    }
  }
  if (!result.error.empty()) return result;

  if (url.empty()) {
    result.error = "--url is required";
    return result;
  }
  std::string url_error;
  auto server = parse_server_url(url, &url_error);
  if (!server) {
    result.error = "bad --url: " + url_error;
    return result;
  }
  options.server = *server;
  if (options.room.empty()) options.room = server->room;
  if (has_origin) options.origin = origin;

  const int identities = !options.name.empty() + !options.token.empty() + !options.key.empty();
  if (identities > 1) {
    result.error = "give at most one of --name, --token and --key";
  } else if ((!options.name.empty() || !options.token.empty() || (options.key.empty() && !options.view.empty())) &&
             options.room.empty()) {
    result.error = "--room is required (or a join URL with ?r=CODE)";
  } else {
    result.options = std::move(options);
  }
  return result;
}

std::optional<nlohmann::json> make_hello(const JoinOptions& options) {
  if (options.name.empty() && options.token.empty() && options.key.empty() && options.view.empty())
    return std::nullopt;
  nlohmann::json hello = {{"type", "hello"}};
  if (!options.room.empty()) hello["room"] = options.room;
  if (!options.name.empty()) hello["name"] = options.name;
  if (!options.token.empty()) hello["token"] = options.token;
  if (!options.key.empty()) hello["key"] = options.key;
  if (!options.view.empty()) hello["view"] = options.view;
  return hello;
}

Parsed<BotsCommand> parse_bots(const std::vector<std::string_view>& args) {
  Parsed<BotsCommand> result;
  BotsCommand command;
  std::string url, room, count, think, drop, duration, name, seed;
  for (std::size_t i = 0; i < args.size() && result.error.empty(); ++i) {
    const std::string_view arg = args[i];
    std::string& error = result.error;
    if (arg == "-h" || arg == "--help") {
      result.help = true;
      return result;
    }
    if (arg == "--json") command.json = true;
    else if (arg == "--quiet") command.quiet = true;
    else if (!take_option(args, i, "--url", url, error) && !take_option(args, i, "--room", room, error) &&
             !take_option(args, i, "--count", count, error) && !take_option(args, i, "--think", think, error) &&
             !take_option(args, i, "--drop-every", drop, error) &&
             !take_option(args, i, "--duration", duration, error) && !take_option(args, i, "--name", name, error) &&
             !take_option(args, i, "--seed", seed, error)) {
      error = "unknown argument \"" + std::string(arg) + "\"";
    }
  }
  if (!result.error.empty()) return result;
  auto fail = [&](std::string why) {
    result.error = std::move(why);
    return result;
  };
  if (url.empty()) return fail("--url is required");
  std::string url_error;
  auto server = parse_server_url(url, &url_error);
  if (!server) return fail("bad --url: " + url_error);
  BotOptions& b = command.bots;
  b.server = *server;
  b.room = room.empty() ? server->room : room;
  if (b.room.empty()) return fail("--room is required (or a join URL with ?r=CODE)");
  long n = 0;
  if (!count.empty()) {
    if (!parse_count(count, 1, 5000, n)) return fail("--count needs a number from 1 to 5000");
    b.count = static_cast<int>(n);
  }
  if (!think.empty()) {
    const auto dash = think.find('-');
    long lo = 0, hi = 0;
    const bool ok = dash == std::string::npos
                        ? parse_count(think, 0, 600000, lo) && (hi = lo, true)
                        : parse_count(std::string_view(think).substr(0, dash), 0, 600000, lo) &&
                              parse_count(std::string_view(think).substr(dash + 1), 0, 600000, hi) && lo <= hi;
    if (!ok) return fail("--think needs milliseconds, MS or MIN-MAX (for example 500-2000)");
    b.think_min = std::chrono::milliseconds(lo);
    b.think_max = std::chrono::milliseconds(hi);
  }
  if (!drop.empty()) {
    if (!parse_count(drop, 0, 86400, n)) return fail("--drop-every needs seconds (0 to 86400)");
    b.drop_every = std::chrono::seconds(n);
  }
  if (!duration.empty()) {
    if (!parse_count(duration, 0, 86400 * 7, n)) return fail("--duration needs seconds");
    command.duration = std::chrono::seconds(n);
  }
  if (!name.empty()) {
    if (name.size() > 12) return fail("--name may be at most 12 characters (names are at most 24)");
    b.name_prefix = name;
  }
  if (!seed.empty()) {
    if (!parse_count(seed, 0, 999999999, n)) return fail("--seed needs a number");
    b.seed = static_cast<std::uint32_t>(n);
  }
  result.options = std::move(command);
  return result;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"join", "join a room and relay JSON lines between stdin/stdout and the server (the default)", join_usage},
      {"bots", "join N scripted participants that play whatever round runs, then report", bots_usage},
  };
  return list;
}

std::string usage() {
  std::string text =
      "Usage: earshot-client [COMMAND] [OPTIONS]\n\n"
      "A command-line client for the Earshot server.\n\nCommands:\n";
  for (const auto& command : commands())
    text += "  " + std::string(command.name) + std::string(8 - std::min<std::size_t>(command.name.size(), 7), ' ') +
            std::string(command.summary) + "\n";
  text += "\n'earshot-client COMMAND --help' shows a command's options.\n\n";
  text += join_usage;
  return text;
}

}  // namespace earshot::client::cli
