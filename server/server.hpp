#pragma once
// The whole server: the shared context, the listener, the worker threads, and a clean shutdown
// on SIGINT/SIGTERM (WebSockets are closed with 1001, then the process ends).

#include <cstddef>
#include <memory>
#include <string>

#include "server/net/assets.hpp"
#include "server/options.hpp"

namespace earshot::server {

class Server {
 public:
  // Opens the data directory (throws store::StoreError if it can't: not writable, or held by
  // another Earshot), brings back the open rooms, and binds the port (throws std::runtime_error
  // with a readable message if it can't).
  Server(const Options& options, std::unique_ptr<AssetSource> assets);
  ~Server();

  unsigned short port() const;
  const std::string& facilitator_key() const;
  const std::string& public_url() const;
  std::size_t restored_rooms() const;  // rooms brought back from the data directory at start-up
  std::string data_file() const;       // the database

  // Serves until a SIGINT/SIGTERM (or stop()) and the shutdown that follows are done.
  void run();
  void stop();  // thread-safe

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace earshot::server
