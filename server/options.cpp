#include "server/options.hpp"

#include <charconv>
#include <cstdlib>

namespace earshot::server {

std::filesystem::path default_data_dir() {
  auto env = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value ? value : "";
  };
  if (const auto dir = env("EARSHOT_DATA"); !dir.empty()) return dir;
  // The XDG base directory rule: a relative XDG_DATA_HOME is invalid and ignored.
  if (const auto xdg = env("XDG_DATA_HOME"); !xdg.empty() && xdg.front() == '/')
    return std::filesystem::path(xdg) / "earshot";
  if (const auto home = env("HOME"); !home.empty()) return std::filesystem::path(home) / ".local" / "share" / "earshot";
  return "data";
}

std::string usage() {
  return R"(Usage: earshot [options]
       earshot sessions [--data DIR]
       earshot export --session CODE --format json|csv|md|html [--anonymous] [--data DIR] [--out FILE]

Runs Earshot: the pages and the game server on one port. Phones join over the local network.
"earshot sessions" lists the stored sessions and "earshot export" writes one session's
transcript; both read the data directory, also while a server is running (see
"earshot export --help").

Options:
  --port N                 port to listen on (default 8080; 0 picks a free one)
  --bind ADDRESS           address to listen on (default 0.0.0.0: every network)
  --threads N              worker threads (default: one per core)
  --facilitator-key KEY    fix the facilitator key (default: random, printed at start;
                           also EARSHOT_FACILITATOR_KEY)
  --public-url URL         base of the join link, e.g. http://192.168.1.20:8080
                           (default: this machine's first network address)
  --data DIR               keep sessions and transcripts in DIR (default: $EARSHOT_DATA if
                           set, else $XDG_DATA_HOME/earshot, else ~/.local/share/earshot)
  --www DIR                serve the pages from DIR instead of the built-in copies
  --max-connections N      connections held at once, in all (default and most: what the
                           system's open-file limit allows, raised as far as it can be)
  --max-per-address N      connections from one device (IP address) at once (default 100;
                           0: no limit). Bots run from one machine count as one device
  --max-handshakes N       connections being set up at once (default 64; 0: no limit). More
                           wait their turn, so a crowd reconnecting at once does not slow
                           the rooms in play
  --handshake-hold MS      how long one connection being set up may keep its turn
                           (default 250 ms), so silent ones cannot keep others waiting
  --request-timeout S      seconds an HTTP request may take to arrive (default 15)
  --idle-timeout S         seconds of silence after which a phone's connection is dropped
                           (default 40; it is pinged after half of that)
  --quiet                  print only the "listening" line, no banner or QR code
  --version                print the version and exit
  --help                   this text
)";
}

std::optional<Options> parse_options(const std::vector<std::string>& args, std::string& error) {
  Options o;
  o.data_dir = default_data_dir();
  if (const char* key = std::getenv("EARSHOT_FACILITATOR_KEY"); key && *key) o.facilitator_key = key;

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        error = arg + " needs a value";
        return std::nullopt;
      }
      return args[++i];
    };
    auto number = [&](unsigned long max) -> std::optional<unsigned long> {
      auto v = value();
      if (!v) return std::nullopt;
      unsigned long n = 0;
      auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
      if (ec != std::errc() || end != v->data() + v->size() || n > max) {
        error = arg + " needs a number from 0 to " + std::to_string(max) + ", not \"" + *v + "\"";
        return std::nullopt;
      }
      return n;
    };

    if (arg == "--help" || arg == "-h") {
      o.help = true;
    } else if (arg == "--version") {
      o.version = true;
    } else if (arg == "--quiet") {
      o.quiet = true;
    } else if (arg == "--port") {
      auto n = number(65535);
      if (!n) return std::nullopt;
      o.port = static_cast<unsigned short>(*n);
    } else if (arg == "--max-connections" || arg == "--max-per-address") {
      auto n = number(1000000);
      if (!n) return std::nullopt;
      if (arg == "--max-connections") o.max_connections = *n;
      else o.max_per_address = *n;
    } else if (arg == "--max-handshakes") {
      auto n = number(1000000);
      if (!n) return std::nullopt;
      o.max_handshakes = *n;
    } else if (arg == "--handshake-hold") {
      auto n = number(60000);
      if (!n) return std::nullopt;
      if (*n < 1) {
        error = "--handshake-hold needs at least 1 millisecond";
        return std::nullopt;
      }
      o.handshake_hold_ms = static_cast<unsigned>(*n);
    } else if (arg == "--request-timeout" || arg == "--idle-timeout") {
      auto n = number(3600);
      if (!n) return std::nullopt;
      if (*n < 1 || (arg == "--idle-timeout" && *n < 2)) {
        error = arg + (arg == "--idle-timeout" ? " needs at least 2 seconds" : " needs at least 1 second");
        return std::nullopt;
      }
      if (arg == "--request-timeout") o.request_timeout_s = static_cast<unsigned>(*n);
      else o.idle_timeout_s = static_cast<unsigned>(*n);
    } else if (arg == "--threads") {
      auto n = number(256);
      if (!n) return std::nullopt;
      o.threads = static_cast<unsigned>(*n);
    } else if (arg == "--bind" || arg == "--www" || arg == "--facilitator-key" || arg == "--public-url" ||
               arg == "--data") {
      auto v = value();
      if (!v) return std::nullopt;
      if (v->empty()) {
        error = arg + " needs a non-empty value";
        return std::nullopt;
      }
      if (arg == "--bind") o.bind = *v;
      else if (arg == "--www") o.www_dir = *v;
      else if (arg == "--data") o.data_dir = *v;
      else if (arg == "--facilitator-key") o.facilitator_key = *v;
      else o.public_url = *v;
    } else {
      error = "unknown option \"" + arg + "\" (see --help)";
      return std::nullopt;
    }
  }
  while (!o.public_url.empty() && o.public_url.back() == '/') o.public_url.pop_back();
  if (!o.public_url.empty() && !o.public_url.starts_with("http://") && !o.public_url.starts_with("https://")) {
    error = "--public-url must start with http:// or https://";
    return std::nullopt;
  }
  if (o.facilitator_key.size() > 128) {
    error = "the facilitator key may be at most 128 characters";
    return std::nullopt;
  }
  return o;
}

}  // namespace earshot::server
