#pragma once
// Where an Earshot server is, parsed from what a person types: "ws://host:8080/ws",
// "http://host:8080", a join URL "http://host:8080/?r=KXQM", or just "host:8080".
// Pure string handling, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace earshot::client {

struct ServerUrl {
  std::string host;    // name or address; an IPv6 address without its brackets
  std::uint16_t port = 80;
  std::string target;  // the WebSocket path, "/ws" unless a ws:// URL names another
  std::string room;    // the room code from a join URL's "?r=CODE", else empty

  // "host:port" as sent in the Host header (IPv6 addresses in brackets).
  std::string authority() const;
  // The page origin of this server, "http://host:port": what a browser would send as Origin.
  std::string origin() const;
};

// Parses a server URL. Accepts the schemes ws:// and http:// (or none); an http URL, or a ws URL
// without a path, leads to the WebSocket at "/ws". Returns nullopt with `error` set when the text
// is not a usable URL (https/wss are refused: the server speaks plain HTTP on the LAN).
std::optional<ServerUrl> parse_server_url(std::string_view text, std::string* error = nullptr);

}  // namespace earshot::client
