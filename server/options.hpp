#pragma once
// The command line of `earshot` (and the environment variables it reads).

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
  bool quiet = false;
  bool help = false;
  bool version = false;
};

// Parses argv (without argv[0]) and the environment (EARSHOT_FACILITATOR_KEY). On a mistake,
// returns nullopt and sets `error` to a one-line explanation.
std::optional<Options> parse_options(const std::vector<std::string>& args, std::string& error);

std::string usage();

}  // namespace earshot::server
