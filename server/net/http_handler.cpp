#include "server/net/http_handler.hpp"

#include <algorithm>
#include <cctype>

#include "server/rooms/ids.hpp"
#include "server/net/qr.hpp"

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
  add_security_headers(res.base(), type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// Every value of a header that may come as several fields, joined with commas.
std::string field_values(const Request& req, http::field name) {
  std::string out;
  for (auto [it, end] = req.equal_range(name); it != end; ++it) {
    if (!out.empty()) out += ", ";
    out += it->value();
  }
  return out;
}

// A page asset in the coding the client takes best. A file the pages name by this build's version
// never changes under that name, so it is kept for good; everything else is revalidated on every
// use (cheap with the ETag, and a new binary's pages show at once).
Response asset_response(const Request& req, const Asset& asset, bool for_good) {
  std::vector<CodingOffer> offers;
  for (const auto& form : asset.forms) offers.push_back({form.coding, form.body.size()});
  const auto& form = asset.forms[choose_coding(parse_accept_encoding(field_values(req, http::field::accept_encoding)), offers)];
  const bool varies = asset.forms.size() > 1;
  auto headers = [&](Response& res) {
    res.set(http::field::etag, form.etag);
    res.set(http::field::cache_control, for_good ? "public, max-age=31536000, immutable" : "no-cache");
    if (varies) res.set(http::field::vary, "Accept-Encoding");
  };
  if (etag_matches(field_values(req, http::field::if_none_match), form.etag)) {
    auto res = make(http::status::not_modified, req, asset.mime, "");
    // A 304 says nothing of the content: its length would be the 200's, and its type is known.
    res.erase(http::field::content_length);
    res.erase(http::field::content_type);
    headers(res);
    return res;
  }
  auto res = make(http::status::ok, req, asset.mime, std::string(form.body));
  if (form.coding != Coding::identity) res.set(http::field::content_encoding, coding_name(form.coding));
  headers(res);
  return res;
}

}  // namespace

void add_security_headers(http::fields& f, std::string_view content_type) {
  // The policy and the framing rule are for what a browser renders as a document (a page, an SVG
  // opened on its own); a script, a style sheet or JSON is never one (nosniff sees to that), so
  // the phone does not download the policy again with each of them.
  if (content_type.starts_with("text/html") || content_type.starts_with("image/svg+xml")) {
    f.set("Content-Security-Policy", csp);
    f.set("X-Frame-Options", "DENY");
  }
  f.set("X-Content-Type-Options", "nosniff");
  f.set("Referrer-Policy", "no-referrer");
}

Response error_response(http::status status, std::string_view text, unsigned version, bool keep_alive) {
  Request req{http::verb::get, "/", version};
  req.keep_alive(keep_alive);
  return make(status, req, "text/plain; charset=utf-8", std::string(text) + "\n");
}

std::optional<std::string> query_param(std::string_view target, std::string_view name) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = target.substr(q + 1);
  rest = rest.substr(0, rest.find('#'));
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    const std::string_view raw = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '+') {
        out.push_back(' ');
      } else if (raw[i] == '%' && i + 2 < raw.size() + 0 && std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
                 std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
        out.push_back(static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(raw[i]);
      }
    }
    return out;
  }
  return std::nullopt;
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
    if (head && res.result() != http::status::not_modified) {
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

  // The facilitator's endpoints: the key comes as ?key=... (links, downloads, images) or as
  // "Authorization: Bearer ..." (scripts).
  auto refused = [&]() -> std::optional<Response> {
    std::string key = query_param(target, "key").value_or("");
    if (const auto auth = req[http::field::authorization]; auth.starts_with("Bearer ")) key = std::string(auth.substr(7));
    if (!env.facilitator_key.empty() && same_secret(key, env.facilitator_key)) return std::nullopt;
    auto res = make(http::status::forbidden, req, "text/plain; charset=utf-8", "The facilitator key is missing or wrong.\n");
    res.set(http::field::cache_control, "no-store");
    return finish(std::move(res));
  };

  // /qr/CODE/assistant.svg?key=KEY: the room's assistant's link as a QR code, for the facilitator only.
  if (path.starts_with("/qr/") && path.ends_with("/assistant.svg")) {
    if (auto no = refused()) return std::move(*no);
    const auto code = normalize_room_code(path.substr(4, path.size() - 4 - std::string_view("/assistant.svg").size()));
    std::optional<std::string> url = code && env.assistant_url ? env.assistant_url(*code) : std::nullopt;
    if (!url) {
      auto res = make(http::status::not_found, req, "text/plain; charset=utf-8", "This room has no assistant's link.\n");
      res.set(http::field::cache_control, "no-store");
      return finish(std::move(res));
    }
    auto res = make(http::status::ok, req, "image/svg+xml", qr_svg(*url));
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

  if (path == "/css/report.css" && !env.report_css.empty()) {
    auto res = make(http::status::ok, req, "text/css; charset=utf-8", std::string(env.report_css));
    res.set(http::field::cache_control, "no-cache");
    return finish(std::move(res));
  }

  const bool api = path == "/api/sessions" || path.starts_with("/export/");
  if (api) {
    if (auto no = refused()) return std::move(*no);
    if (path == "/api/sessions") {
      auto res = make(http::status::ok, req, "application/json", env.sessions().dump() + "\n");
      res.set(http::field::cache_control, "no-store");
      return finish(std::move(res));
    }
    // /export/CODE.FORMAT
    const std::string_view file = path.substr(8);
    const auto dot = file.rfind('.');
    const auto code = dot == std::string_view::npos ? std::nullopt : normalize_room_code(file.substr(0, dot));
    const std::string format = dot == std::string_view::npos ? "" : std::string(file.substr(dot + 1));
    const bool known = format == "json" || format == "csv" || format == "md" || format == "html";
    const bool anonymous = query_param(target, "anonymous").value_or("0") == "1";
    auto made = code && known ? env.transcript(*code, format, anonymous) : std::nullopt;
    if (!made) return finish(make(http::status::not_found, req, "text/plain; charset=utf-8", "No such session or format.\n"));
    auto res = make(http::status::ok, req, made->media_type, std::move(made->body));
    res.set(http::field::cache_control, "no-store");
    if (format != "html") {  // the report opens in the browser, to read and print; the rest download
      res.set(http::field::content_disposition, "attachment; filename=\"earshot-" + *code + (anonymous ? "-anonymous" : "") +
                                                    "." + format + "\"");
    }
    return finish(std::move(res));
  }

  if (auto clean = clean_request_path(target); clean && env.assets) {
    // /v/VERSION/PATH is PATH, named by the pages of the build VERSION (see docs/operations.md).
    std::string_view wanted = *clean;
    bool this_version = false;
    if (const auto versioned = split_version_prefix(*clean)) {
      wanted = versioned->path;
      this_version = !env.assets->version().empty() && versioned->version == env.assets->version();
    }
    for (const auto& candidate : asset_candidates(wanted)) {
      if (const auto asset = env.assets->find(candidate)) {
        return finish(asset_response(req, *asset, this_version && asset->versioned));
      }
    }
  }
  return finish(make(http::status::not_found, req, "text/plain; charset=utf-8", "Not found.\n"));
}

}  // namespace earshot::server
