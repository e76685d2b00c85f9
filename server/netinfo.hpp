#pragma once
// This machine's network addresses, to tell phones where to connect.

#include <string>
#include <vector>

namespace earshot::server {

// IPv4 addresses of interfaces that are up, loopback excluded, in the order the system lists them.
std::vector<std::string> lan_addresses();

}  // namespace earshot::server
