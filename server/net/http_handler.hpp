#pragma once
// Plain HTTP: the page assets, /healthz, the room QR codes and the facilitator's downloads. A pure function of the request and
// what it may look up, so it is tested without sockets.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/net/assets.hpp"
#include "server/net/net.hpp"

namespace earshot::server {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A file made for a download: its media type and content.
struct Download {
  std::string media_type;
  std::string body;
};

struct HttpEnv {
  const AssetSource* assets = nullptr;
  std::function<nlohmann::json()> health;                                    // body of /healthz
  std::function<std::optional<std::string>(const std::string&)> join_url;  // room code -> URL
  // room code -> its assistant's link (nullopt: no such room, or it has no assistant's link)
  std::function<std::optional<std::string>(const std::string&)> assistant_url;
  // The facilitator's own endpoints (/api/sessions, /export/...) need this key.
  std::string facilitator_key;
  std::function<nlohmann::json()> sessions;  // the stored sessions, for /api/sessions
  // A session's transcript as "json", "csv", "md" or "html"; nullopt for an unknown session.
  std::function<std::optional<Download>(const std::string& code, const std::string& format, bool anonymous)> transcript;
  // The debrief report's style sheet, served at /css/report.css (reports/report.css, compiled into the reports library).
  std::string_view report_css;
};

Response handle_http(const Request& req, const HttpEnv& env);

// The security headers: every response says nosniff and no-referrer; documents (HTML, SVG) also
// carry the Content-Security-Policy and X-Frame-Options.
void add_security_headers(http::fields& f, std::string_view content_type);

// Whether a WebSocket upgrade with this Origin header may be accepted by a server reached as
// `host` (the Host header). No Origin (not a browser) is allowed; otherwise the origin's
// host[:port] must equal the Host header's, case-insensitively.
bool origin_allowed(std::string_view origin, std::string_view host);

// The value of query parameter `name` in a request target, percent-decoded; nullopt if absent.
std::optional<std::string> query_param(std::string_view target, std::string_view name);

Response error_response(http::status status, std::string_view text, unsigned version, bool keep_alive);

}  // namespace earshot::server
