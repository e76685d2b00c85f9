#include "client/url.hpp"

#include <charconv>

namespace earshot::client {

namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// The value of parameter `name` in a query string "a=1&r=KXQM", or empty.
std::string query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::optional<ServerUrl> fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return std::nullopt;
}

}  // namespace

std::string ServerUrl::authority() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string ServerUrl::origin() const { return "http://" + authority(); }

std::optional<ServerUrl> parse_server_url(std::string_view text, std::string* error) {
  bool websocket_scheme = false;
  if (starts_with_ci(text, "ws://")) {
    websocket_scheme = true;
    text.remove_prefix(5);
  } else if (starts_with_ci(text, "http://")) {
    text.remove_prefix(7);
  } else if (starts_with_ci(text, "wss://") || starts_with_ci(text, "https://")) {
    return fail(error, "TLS (wss://, https://) is not supported: use ws:// or http://");
  } else if (text.find("://") != std::string_view::npos) {
    return fail(error, "unknown URL scheme: use ws:// or http://");
  }

  // Split "authority/path?query#fragment".
  if (const auto hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
  std::string_view query;
  if (const auto q = text.find('?'); q != std::string_view::npos) {
    query = text.substr(q + 1);
    text = text.substr(0, q);
  }
  const auto slash = text.find('/');
  const std::string_view authority = text.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? "" : text.substr(slash);

  ServerUrl url;
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return fail(error, "unterminated [IPv6] address");
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return fail(error, "unexpected text after ]");
      port_text = rest.substr(1);
      if (port_text.empty()) return fail(error, "empty port");
    }
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return fail(error, "empty port");
    }
  }
  if (url.host.empty()) return fail(error, "no host in URL");
  if (url.host.find('@') != std::string::npos) return fail(error, "user names in URLs are not supported");

  if (!port_text.empty()) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || value == 0 || value > 65535)
      return fail(error, "bad port \"" + std::string(port_text) + "\"");
    url.port = static_cast<std::uint16_t>(value);
  }

  // A ws:// URL names the WebSocket itself; any other URL is a page of the server, whose
  // WebSocket is at /ws.
  url.target = websocket_scheme && !path.empty() && path != "/" ? std::string(path) : "/ws";
  if (websocket_scheme && !query.empty()) url.target += "?" + std::string(query);
  if (!websocket_scheme) url.room = query_param(query, "r");
  return url;
}

}  // namespace earshot::client
