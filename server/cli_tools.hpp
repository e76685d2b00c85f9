#pragma once
// The command-line tools of `earshot` that work on the data directory without a running server:
//
//   earshot sessions [--data DIR]
//   earshot export --session CODE --format json|csv|md|html [--anonymous] [--data DIR] [--out FILE]
//
// Both open the event store read-only (store::Options::read_only), so they also work while an
// Earshot server is using the directory. docs/transcripts.md describes the formats.

#include <ostream>
#include <string>
#include <vector>

namespace earshot::server {

// Exit statuses of the tools.
inline constexpr int cli_ok = 0;
inline constexpr int cli_failed = 1;     // the data directory, the session or the output file
inline constexpr int cli_usage = 2;      // a mistake on the command line

// True if `args` (argv without argv[0]) starts with the name of a tool: "sessions" or "export".
bool is_cli_tool(const std::vector<std::string>& args);

// Runs the tool named by args[0]; what it produces goes to `out`, messages to `err`. Returns the
// exit status. Never throws.
int run_cli_tool(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace earshot::server
