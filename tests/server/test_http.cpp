#include <doctest/doctest.h>

#include "server/net/assets.hpp"
#include "server/net/http_handler.hpp"
#include "server/options.hpp"
#include "server/net/qr.hpp"

using namespace earshot::server;

namespace {

const std::vector<EmbeddedAsset> test_assets = {
    {"/index.html", "<!doctype html><title>phone</title>"},
    {"/stage.html", "<!doctype html><title>stage</title>"},
    {"/js/app.js", "export const x = 1;"},
    {"/css/site.css", "body{}"},
};

struct Fixture {
  std::unique_ptr<AssetSource> assets = make_embedded_assets(test_assets);
  HttpEnv env;
  Fixture() {
    env.assets = assets.get();
    env.health = [] { return nlohmann::json{{"ok", true}}; };
    env.join_url = [](const std::string& code) -> std::optional<std::string> {
      if (code == "HTKM") return std::string("http://10.0.0.5:8080/?r=HTKM");
      return std::nullopt;
    };
  }
  Response get(std::string target, http::verb verb = http::verb::get) {
    Request req{verb, target, 11};
    return handle_http(req, env);
  }
};

}  // namespace

TEST_CASE("request paths are cleaned or refused") {
  CHECK(clean_request_path("/") == "/index.html");
  CHECK(clean_request_path("/stage?room=HTKM") == "/stage");
  CHECK(clean_request_path("/js/app.js#x") == "/js/app.js");
  CHECK(clean_request_path("/a%20b.txt") == "/a b.txt");
  CHECK_FALSE(clean_request_path(""));
  CHECK_FALSE(clean_request_path("stage"));
  CHECK_FALSE(clean_request_path("/../CMakeLists.txt"));
  CHECK_FALSE(clean_request_path("/js/../../etc/passwd"));
  CHECK_FALSE(clean_request_path("/%2e%2e/CMakeLists.txt"));
  CHECK_FALSE(clean_request_path("/%2E%2E%2Fetc%2Fpasswd"));
  CHECK_FALSE(clean_request_path("/js/./app.js"));
  CHECK_FALSE(clean_request_path("/js//app.js"));
  CHECK_FALSE(clean_request_path("/.git/config"));
  CHECK_FALSE(clean_request_path("/js\\..\\x"));
  CHECK_FALSE(clean_request_path("/a%00b"));
  CHECK_FALSE(clean_request_path("/a%zz"));
  CHECK_FALSE(clean_request_path("/a%2"));
}

TEST_CASE("extension-less paths may name an html page") {
  CHECK(asset_candidates("/stage") == std::vector<std::string>{"/stage", "/stage.html"});
  CHECK(asset_candidates("/js/app.js") == std::vector<std::string>{"/js/app.js"});
  CHECK(asset_candidates("/v1.2/page") == std::vector<std::string>{"/v1.2/page", "/v1.2/page.html"});
  CHECK(asset_candidates("/favicon.ico") == std::vector<std::string>{"/favicon.svg"});
}

TEST_CASE("MIME types by extension") {
  CHECK(mime_type("/index.html") == "text/html; charset=utf-8");
  CHECK(mime_type("/js/app.js") == "text/javascript; charset=utf-8");
  CHECK(mime_type("/css/site.css") == "text/css; charset=utf-8");
  CHECK(mime_type("/favicon.svg") == "image/svg+xml");
  CHECK(mime_type("/x.png") == "image/png");
  CHECK(mime_type("/x.unknown") == "application/octet-stream");
  CHECK(mime_type("/dir.v2/file") == "application/octet-stream");
}

TEST_CASE("pages, assets and 404s, each with the security headers") {
  Fixture f;
  auto home = f.get("/");
  CHECK(home.result() == http::status::ok);
  CHECK(home.body().find("phone") != std::string::npos);
  CHECK(home[http::field::content_type] == "text/html; charset=utf-8");
  CHECK(std::string(home["Content-Security-Policy"]).find("script-src 'self'") != std::string::npos);
  CHECK(home["X-Content-Type-Options"] == "nosniff");
  CHECK_FALSE(home[http::field::etag].empty());

  CHECK(f.get("/stage?room=HTKM").body().find("stage") != std::string::npos);
  CHECK(f.get("/js/app.js")[http::field::content_type] == "text/javascript; charset=utf-8");

  auto missing = f.get("/nope.js");
  CHECK(missing.result() == http::status::not_found);
  CHECK(missing["X-Content-Type-Options"] == "nosniff");
  CHECK_FALSE(missing["Content-Security-Policy"].empty());
  CHECK(f.get("/../index.html").result() == http::status::not_found);
}

TEST_CASE("HEAD gives the headers without the body, other methods get 405") {
  Fixture f;
  auto head = f.get("/js/app.js", http::verb::head);
  CHECK(head.result() == http::status::ok);
  CHECK(head.body().empty());
  CHECK(head[http::field::content_length] == std::to_string(std::string_view("export const x = 1;").size()));
  auto post = f.get("/", http::verb::post);
  CHECK(post.result() == http::status::method_not_allowed);
  CHECK(post[http::field::allow] == "GET, HEAD");
}

TEST_CASE("a matching ETag gets 304") {
  Fixture f;
  const std::string etag(f.get("/css/site.css")[http::field::etag]);
  Request req{http::verb::get, "/css/site.css", 11};
  req.set(http::field::if_none_match, etag);
  auto res = handle_http(req, f.env);
  CHECK(res.result() == http::status::not_modified);
  CHECK(res.body().empty());
}

TEST_CASE("healthz and QR codes") {
  Fixture f;
  auto health = f.get("/healthz");
  CHECK(health.result() == http::status::ok);
  CHECK(health[http::field::content_type] == "application/json");
  CHECK(nlohmann::json::parse(health.body())["ok"] == true);

  auto qr = f.get("/qr/htkm.svg");
  CHECK(qr.result() == http::status::ok);
  CHECK(qr[http::field::content_type] == "image/svg+xml");
  CHECK(qr.body().find("<svg") != std::string::npos);
  CHECK(f.get("/qr/ACDE.svg").result() == http::status::not_found);
  CHECK(f.get("/qr/nonsense.svg").result() == http::status::not_found);
}

TEST_CASE("QR codes encode their text in a square of modules") {
  const auto svg = qr_svg("http://10.0.0.5:8080/?r=HTKM");
  CHECK(svg.find("viewBox=\"0 0 ") != std::string::npos);
  CHECK(svg.find("<path d=\"M") != std::string::npos);
  const auto term = qr_terminal("http://10.0.0.5:8080/");
  CHECK(term.find("\u2588") != std::string::npos);
  CHECK(qr_svg("a") != qr_svg("b"));
}

TEST_CASE("WebSocket origins must match the host") {
  CHECK(origin_allowed("", "10.0.0.5:8080"));  // not a browser
  CHECK(origin_allowed("http://10.0.0.5:8080", "10.0.0.5:8080"));
  CHECK(origin_allowed("http://LOCALHOST:8080", "localhost:8080"));
  CHECK_FALSE(origin_allowed("http://evil.example", "10.0.0.5:8080"));
  CHECK_FALSE(origin_allowed("http://10.0.0.5:9999", "10.0.0.5:8080"));
  CHECK_FALSE(origin_allowed("http://10.0.0.5:8080/path", "10.0.0.5:8080"));
  CHECK_FALSE(origin_allowed("null", "10.0.0.5:8080"));
  CHECK_FALSE(origin_allowed("http://", ""));
}

TEST_CASE("command-line options") {
  std::string err;
  auto o = parse_options({"--port", "0", "--bind", "127.0.0.1", "--facilitator-key", "k", "--public-url", "http://x:1/"}, err);
  REQUIRE(o);
  CHECK(o->port == 0);
  CHECK(o->bind == "127.0.0.1");
  CHECK(o->facilitator_key == "k");
  CHECK(o->public_url == "http://x:1");
  CHECK_FALSE(parse_options({"--port", "70000"}, err));
  CHECK(err.find("--port") != std::string::npos);
  CHECK_FALSE(parse_options({"--port"}, err));
  CHECK_FALSE(parse_options({"--frobnicate"}, err));
  CHECK_FALSE(parse_options({"--public-url", "ftp://x"}, err));
  CHECK(parse_options({"--help"}, err)->help);
}
