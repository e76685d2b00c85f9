// earshot: the facilitator runs this on the laptop; phones join over the local network.

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "server/assets.hpp"
#include "server/netinfo.hpp"
#include "server/options.hpp"
#include "server/qr.hpp"
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
            << "  Facilitator key   " << server.facilitator_key() << "\n\n"
            << "  Open the facilitator link on this laptop, create a room and put its stage on the projector.\n"
            << "  Press Ctrl+C to stop.\n"
            << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  auto options = parse_options(std::vector<std::string>(argv + 1, argv + argc), error);
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
    auto assets = options->www_dir.empty() ? make_embedded_assets(embedded_assets())
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
