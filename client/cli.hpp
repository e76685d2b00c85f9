#pragma once
// The command line of `earshot-client`, as pure functions (parsing, usage text, the hello to
// send) so that it can be tested without a terminal or a server.
//
//   earshot-client [COMMAND] [OPTIONS]
//
// COMMAND defaults to `join`; further commands (for example `bots`) slot into `commands()`.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/bots.hpp"
#include "client/url.hpp"

namespace earshot::client::cli {

// What `earshot-client join` was asked to do.
struct JoinOptions {
  ServerUrl server;
  std::string room;   // from --room, or the join URL's ?r=CODE
  std::string name;   // exactly one of name, token, key (or none: see make_hello)
  std::string token;
  std::string key;
  std::string view;   // "stage", "observer", "facilitator" or empty
  std::optional<std::string> origin;
  bool quiet = false;  // no status lines on stderr, only errors and the close code
};

// The outcome of parsing a command's arguments: options, a request for help, or an error.
template <typename Options>
struct Parsed {
  std::optional<Options> options;
  bool help = false;
  std::string error;  // for the person: what is wrong with the command line
};

Parsed<JoinOptions> parse_join(const std::vector<std::string_view>& args);

// The hello message that JoinOptions ask for, or nullopt when they give no identity (no name,
// token, key or view): then the user types their own hello on stdin.
std::optional<nlohmann::json> make_hello(const JoinOptions& options);

// What `earshot-client bots` was asked to do.
struct BotsCommand {
  BotOptions bots;
  std::chrono::seconds duration{0};  // 0: until Ctrl-C or the room closes
  bool json = false;                 // print the final report as JSON on stdout
  bool quiet = false;                // no progress lines on stderr
};

Parsed<BotsCommand> parse_bots(const std::vector<std::string_view>& args);

// The commands, for dispatching and the top-level usage text.
struct Command {
  std::string_view name;
  std::string_view summary;
  std::string_view usage;  // full help text of the command
};
const std::vector<Command>& commands();
std::string usage();  // the top-level help

}  // namespace earshot::client::cli
