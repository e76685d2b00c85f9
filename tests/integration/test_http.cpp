// HTTP beside the WebSocket over loopback: health, assets, 404s, path escapes, security headers,
// QR codes, and the Origin check on WebSocket upgrades.

#include "client/http.hpp"
#include "harness.hpp"

using namespace earshot::test;
using earshot::client::http_get;
using earshot::client::http_request;
using earshot::client::HttpRequest;
using earshot::client::HttpResponse;

namespace {

// Every response says nosniff and no-referrer; a document (a page, an SVG) carries the policy and
// refuses to be framed, and nothing else repeats them.
void check_security_headers(const HttpResponse& res, bool document = false) {
  CHECK(res.header("X-Content-Type-Options") == "nosniff");
  CHECK(res.header("Referrer-Policy") == "no-referrer");
  const auto csp = res.header("Content-Security-Policy");
  if (!document) {
    CHECK_FALSE(csp);
    CHECK_FALSE(res.header("X-Frame-Options"));
    return;
  }
  REQUIRE(csp);
  CHECK(csp->find("default-src 'self'") != std::string::npos);
  CHECK(csp->find("script-src 'self'") != std::string::npos);
  CHECK(csp->find("object-src 'none'") != std::string::npos);
  CHECK(csp->find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp->find("unsafe-inline") == std::string::npos);
  CHECK(res.header("X-Content-Type-Options") == "nosniff");
  CHECK(res.header("X-Frame-Options") == "DENY");
  CHECK(res.header("Referrer-Policy") == "no-referrer");
}

// The server's pages from disk, as `--www` serves them while developing.
const std::string www_dir = EARSHOT_SOURCE_DIR "/www";

}  // namespace

TEST_CASE("GET /healthz answers 200 with JSON") {
  Harness h;
  Client f = h.facilitator();
  Harness::create_room(f);
  const HttpResponse res = http_get(h.server.url(), "/healthz");
  CHECK(res.status == 200);
  CHECK(res.header("Content-Type").value_or("").starts_with("application/json"));
  check_security_headers(res);
  json health = json::parse(res.body);
  CHECK(health["ok"] == true);
  CHECK(health["version"].is_string());
  CHECK(health["rooms"] == 1);
  CHECK(health["connections"] == 1);
  CHECK(health["settingUp"] == 0);  // the facilitator is in; this request does not count itself
  CHECK(health["maxSettingUp"] == 64);
  CHECK(health["uptimeSeconds"].is_number());
}

TEST_CASE("the pages are served with their MIME types, HEAD works, unknown paths are 404") {
  Harness h;
  const auto url = h.server.url();
  const HttpResponse phone = http_get(url, "/");
  CHECK(phone.status == 200);
  CHECK(phone.header("Content-Type").value_or("").starts_with("text/html"));
  check_security_headers(phone, true);
  CHECK(phone.body.find("<html") != std::string::npos);
  check_security_headers(http_get(url, "/js/phone.js"));

  // Extension-less paths serve P.html; query strings are ignored.
  for (const char* page : {"/stage", "/host", "/?r=ACDE"}) {
    CAPTURE(page);
    const HttpResponse res = http_get(url, page);
    CHECK(res.status == 200);
    CHECK(res.header("Content-Type").value_or("").starts_with("text/html"));
  }

  HttpRequest head;
  head.method = "HEAD";
  head.target = "/";
  const HttpResponse head_res = http_request(url, head);
  CHECK(head_res.status == 200);
  CHECK(head_res.body.empty());
  CHECK(head_res.header("Content-Length") == std::to_string(phone.body.size()));
  check_security_headers(head_res, true);

  // An unchanged page is not sent again.
  if (const auto etag = phone.header("ETag")) {
    HttpRequest again;
    again.target = "/";
    again.headers = {{"If-None-Match", *etag}};
    CHECK(http_request(url, again).status == 304);
  }

  for (const char* missing : {"/nope", "/nope.html", "/js/nope.js", "/index.htm"}) {
    CAPTURE(missing);
    const HttpResponse res = http_get(url, missing);
    CHECK(res.status == 404);
    check_security_headers(res);
  }

  HttpRequest post;
  post.method = "POST";
  post.target = "/";
  post.body = "x";
  const HttpResponse refused = http_request(url, post);
  CHECK(refused.status == 405);
  check_security_headers(refused);
}

TEST_CASE("paths that try to leave the asset root get 404, from the binary and from --www") {
  const char* escapes[] = {"/../CMakeLists.txt",   "/%2e%2e/CMakeLists.txt", "/%2E%2E/%2E%2E/etc/passwd",
                           "/js/../../etc/passwd", "/..%2fCMakeLists.txt",   "/....//CMakeLists.txt",
                           "//etc/passwd",         "/css/%2e%2e/%2e%2e/CMakeLists.txt",
                           "/%00index.html",        "/index.html%00.svg",     "/..\\CMakeLists.txt"};
  for (bool from_disk : {false, true}) {
    CAPTURE(from_disk);
    Harness h(from_disk ? std::vector<std::string>{"--www", www_dir} : std::vector<std::string>{});
    for (const char* target : escapes) {
      CAPTURE(target);
      const HttpResponse res = http_get(h.server.url(), target);
      CHECK(res.status == 404);
      CHECK(res.body.find("cmake_minimum_required") == std::string::npos);
      CHECK(res.body.find("root:") == std::string::npos);
    }
    CHECK(http_get(h.server.url(), "/").status == 200);  // the root itself is still served
  }
}

TEST_CASE("/qr/CODE.svg is the room's QR code, and 404 for other codes") {
  Harness h;
  Client f = h.facilitator();
  const std::string code = Harness::create_room(f);
  const HttpResponse svg = http_get(h.server.url(), "/qr/" + code + ".svg");
  CHECK(svg.status == 200);
  CHECK(svg.header("Content-Type").value_or("").starts_with("image/svg+xml"));
  CHECK(svg.body.find("<svg") != std::string::npos);
  check_security_headers(svg, true);

  CHECK(http_get(h.server.url(), "/qr/" + other_code(code) + ".svg").status == 404);
  CHECK(http_get(h.server.url(), "/qr/nope.svg").status == 404);
  CHECK(http_get(h.server.url(), "/qr/.svg").status == 404);
}

TEST_CASE("a WebSocket upgrade from a foreign Origin is refused with 403") {
  Harness h;
  const auto url = h.server.url();
  for (const char* foreign : {"http://evil.example", "http://127.0.0.1:1", "http://127.0.0.1", "null",
                              "http://127.0.0.1.evil.example"}) {
    CAPTURE(foreign);
    earshot::client::ConnectOptions options;
    options.origin = foreign;
    try {
      Client::connect(url, options);
      FAIL("the upgrade was accepted");
    } catch (const earshot::client::ConnectionClosed& e) {
      CHECK(e.info.http_status == 403);
      CHECK_FALSE(e.info.opened);
    }
  }
  // The server's own origin is fine, and so is none at all (the C++ client's default).
  earshot::client::ConnectOptions same;
  same.origin = url.origin();
  Client c = Client::connect(url, same);
  expect_alive(c);
  Client no_origin = Client::connect(url);
  expect_alive(no_origin);

  // The 403 carries the security headers too.
  HttpRequest upgrade;
  upgrade.target = "/ws";
  upgrade.headers = {{"Connection", "Upgrade"},
                     {"Upgrade", "websocket"},
                     {"Sec-WebSocket-Version", "13"},
                     {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                     {"Origin", "http://evil.example"}};
  const HttpResponse refused = http_request(url, upgrade);
  CHECK(refused.status == 403);
  check_security_headers(refused);
}
