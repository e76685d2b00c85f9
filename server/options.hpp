#pragma once
// The command line of `earshot` (and the environment variables it reads).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace earshot::server {

struct Options {
  unsigned short port = 8080;
  std::string bind = "0.0.0.0";
  unsigned threads = 0;  // 0: one per core
  std::string www_dir;   // empty: the pages embedded in the binary
  std::string facilitator_key;  // empty: a random one
  std::string public_url;       // empty: http://<first LAN address>:<port>
  std::filesystem::path data_dir;  // the event store's directory (--data; default_data_dir())
  // Limits (server/net/limits.hpp): max_connections nullopt or 0 means as many as the open-file limit
  // allows; max_per_address 0 means no limit.
  std::optional<std::size_t> max_connections;
  std::size_t max_per_address = 100;
  std::size_t max_handshakes = 64;  // connections being set up at once; 0: no limit
  unsigned handshake_hold_ms = 250;
  unsigned request_timeout_s = 15;
  unsigned idle_timeout_s = 40;
  bool quiet = false;
  bool help = false;
  bool version = false;
};

// Where Earshot keeps its data when --data is not given: $EARSHOT_DATA if set, else
// $XDG_DATA_HOME/earshot (if that is an absolute path), else ~/.local/share/earshot ($HOME), else
// ./data. The server and the export commands use the same rule.
std::filesystem::path default_data_dir();

// Parses argv (without argv[0]) and the environment (EARSHOT_FACILITATOR_KEY, and for the data
// directory EARSHOT_DATA, XDG_DATA_HOME, HOME). On a mistake, returns nullopt and sets `error` to
// a one-line explanation.
std::optional<Options> parse_options(const std::vector<std::string>& args, std::string& error);

std::string usage();

}  // namespace earshot::server
