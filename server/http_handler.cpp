#include "server/http_handler.hpp"

#include <algorithm>
#include <cctype>

#include "server/ids.hpp"
#include "server/qr.hpp"

namespace earshot::server {
namespace {

constexpr std::string_view csp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

Response make(http::status status, const Request& req, std::string_view type, std::string body) {
  Response res{status, req.version()};
  res.set(http::field::server, "earshot/" EARSHOT_VERSION);
  res.set(http::field::content_type, type);
  add_security_headers(res.base());
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace

void add_security_headers(http::fields& f) {
  f.set("Content-Security-Policy", csp);
  f.set("X-Content-Type-Options", "nosniff");
  f.set("X-Frame-Options", "DENY");
  f.set("Referrer-Policy", "no-referrer");
}

Response error_response(http::status status, std::string_view text, unsigned version, bool keep_alive) {
  Request req{http::verb::get, "/", version};
  req.keep_alive(keep_alive);
  return make(status, req, "text/plain; charset=utf-8", std::string(text) + "\n");
}

bool origin_allowed(std::string_view origin, std::string_view host) {
  if (origin.empty()) return true;
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  std::string_view origin_host = origin.substr(scheme_end + 3);
  if (origin_host.empty() || origin_host.find('/') != std::string_view::npos) return false;
  return iequals(origin_host, host);
}

Response handle_http(const Request& req, const HttpEnv& env) {
  const bool head = req.method() == http::verb::head;
  if (req.method() != http::verb::get && !head) {
    auto res = make(http::status::method_not_allowed, req, "text/plain; charset=utf-8", "Only GET and HEAD.\n");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  auto finish = [&](Response res) {
    if (head) {
      const auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
    return res;
  };

  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));

  if (path == "/healthz") {
    auto res = make(http::status::ok, req, "application/json", env.health().dump() + "\n");
    res.set(http::field::cache_control, "no-store");
    return finish(std::move(res));
  }

  // /qr/CODE.svg: the room's join URL as a QR code.
  if (path.starts_with("/qr/") && path.ends_with(".svg")) {
    const auto code = normalize_room_code(path.substr(4, path.size() - 8));
    std::optional<std::string> url = code ? env.join_url(*code) : std::nullopt;
    if (!url) return finish(make(http::status::not_found, req, "text/plain; charset=utf-8", "No such room.\n"));
    auto res = make(http::status::ok, req, "image/svg+xml", qr_svg(*url));
    res.set(http::field::cache_control, "no-cache");
    return finish(std::move(res));
  }

  if (auto clean = clean_request_path(target); clean && env.assets) {
    for (const auto& candidate : asset_candidates(*clean)) {
      auto asset = env.assets->find(candidate);
      if (!asset) continue;
      // Revalidate every time: cheap with the ETag, and a new binary's pages show at once.
      if (req[http::field::if_none_match] == asset->etag) {
        auto res = make(http::status::not_modified, req, asset->mime, "");
        res.set(http::field::etag, asset->etag);
        res.set(http::field::cache_control, "no-cache");
        return res;
      }
      auto res = make(http::status::ok, req, asset->mime, *asset->body);
      res.set(http::field::etag, asset->etag);
      res.set(http::field::cache_control, "no-cache");
      return finish(std::move(res));
    }
  }
  return finish(make(http::status::not_found, req, "text/plain; charset=utf-8", "Not found.\n"));
}

}  // namespace earshot::server
