#pragma once
// What every connection shares: the options, the rooms and their Desk, the page assets, and the
// list of live connections (so a shutdown can reach them all).

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/net/assets.hpp"
#include "server/net/limits.hpp"
#include "server/net/net.hpp"
#include "server/rooms/decks.hpp"
#include "server/rooms/plans.hpp"
#include "server/rooms/desk.hpp"
#include "server/rooms/registry.hpp"

namespace earshot::server {

class ConnectionSet {
 public:
  void add(const std::shared_ptr<Closable>& c) {
    std::lock_guard lock(mutex_);
    items_[c.get()] = c;
  }
  void remove(const Closable* c) {
    std::lock_guard lock(mutex_);
    items_.erase(c);
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }
  void shut_down_all() {
    for (auto& c : live()) c->shut_down();
  }
  void abort_all() {
    for (auto& c : live()) c->abort();
  }

 private:
  std::vector<std::shared_ptr<Closable>> live() const {
    std::vector<std::shared_ptr<Closable>> out;
    std::lock_guard lock(mutex_);
    for (auto& [_, w] : items_) {
      if (auto c = w.lock()) out.push_back(std::move(c));
    }
    return out;
  }

  mutable std::mutex mutex_;
  std::unordered_map<const Closable*, std::weak_ptr<Closable>> items_;
};

struct ServerContext {
  // `store`: where rooms record everything (nullptr: nothing is kept).
  ServerContext(net::io_context& io, std::string key, std::string base_url, std::unique_ptr<AssetSource> pages,
                store::EventStore* store = nullptr, Limits limits = {});

  net::io_context& ioc;
  const std::string facilitator_key;
  const std::string public_url;  // "http://192.168.1.20:8080", no trailing slash
  // The links phones open (docs/protocol.md, "HTTP beside the WebSocket"): to join a room, and
  // the assistant's link to steer one (the key after #, so it never reaches a server log).
  std::string join_url(const std::string& code) const { return public_url + "/?r=" + code; }
  std::string assistant_url(const std::string& code, const std::string& key) const {
    return public_url + "/host?room=" + code + "#assistant=" + key;
  }
  std::unique_ptr<AssetSource> assets;
  store::EventStore* const store;
  const Limits limits;
  const std::shared_ptr<ConnectionLimits> connections;  // shared: a connection's slot may outlive us
  const std::shared_ptr<HandshakeGate> handshakes;      // (likewise its ticket)
  DeckLibrary decks;  // the facilitator's decks (server/rooms/decks.hpp); rounds draw from them
  PlanLibrary plans;  // the facilitator's workshop plans (server/rooms/plans.hpp); rooms follow them
  Registry registry;
  Desk desk;  // what connections may do with their messages (server/rooms/desk.hpp)
  ConnectionSet http_connections;
  ConnectionSet ws_connections;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<bool> stopping{false};
};

}  // namespace earshot::server
