// earshot: the facilitator runs this on the laptop; phones join over the local network.

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "server/net/assets.hpp"
#include "server/cli_tools.hpp"
#include "server/netinfo.hpp"
#include "server/options.hpp"
#include "server/net/qr.hpp"
#include "server/server.hpp"

using namespace earshot::server;

namespace {

void print_banner(const Server& server, const Options& options) {
  const std::string local = "http://localhost:" + std::to_string(server.port());
  std::cout << "\n  Earshot " << EARSHOT_VERSION << " is running.\n\n"
            << "  Phones join at    " << server.public_url() << "/\n";
  if (options.public_url.empty() && (options.bind == "0.0.0.0" || options.bind == "::")) {
    const auto lan = lan_addresses();
    for (std::size_t i = 1; i < lan.size(); ++i) {
      std::cout << "               or   http://" << lan[i] << ":" << server.port() << "/\n";
    }
    if (lan.empty()) std::cout << "  (No network found: only this computer can join. Connect to Wi-Fi and restart.)\n";
  }
  std::cout << "\n" << qr_terminal(server.public_url() + "/") << "\n"
            << "  Facilitator       " << local << "/host#key=" << server.facilitator_key() << "\n"
            << "  Facilitator key   " << server.facilitator_key() << "\n"
            << "  Transcripts       " << server.data_file();
  if (server.restored_rooms() > 0) std::cout << "  (" << server.restored_rooms() << " open room(s) brought back)";
  std::cout << "\n\n"
            << "  Open the facilitator link on this laptop, create a room and put its stage on the projector.\n"
            << "  Press Ctrl+C to stop.\n"
            << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  // `earshot sessions` and `earshot export`: tools on the data directory, no server.
  if (is_cli_tool(args)) return run_cli_tool(args, std::cout, std::cerr);

  std::string error;
  auto options = parse_options(args, error);
  if (!options) {
    std::cerr << "earshot: " << error << "\n";
    return 2;
  }
  if (options->help) {
    std::cout << usage();
    return 0;
  }
  if (options->version) {
    std::cout << "earshot " << EARSHOT_VERSION << "\n";
    return 0;
  }
  try {
    auto assets = options->www_dir.empty() ? make_embedded_assets(embedded_assets(), embedded_assets_version())
                                           : make_directory_assets(options->www_dir);
    Server server(*options, std::move(assets));
    // Scripts and tests read this first line to learn the port.
    std::cout << "earshot: listening on port " << server.port() << std::endl;
    if (!options->quiet) print_banner(server, *options);
    server.run();
    if (!options->quiet) std::cout << "earshot: stopped" << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "earshot: " << e.what() << "\n";
    return 1;
  }
}
