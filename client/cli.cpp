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

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"join", "join a room and relay JSON lines between stdin/stdout and the server (the default)", join_usage},
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
