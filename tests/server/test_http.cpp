#include <doctest/doctest.h>

#include "server/net/assets.hpp"
#include "server/net/http_handler.hpp"
#include "server/options.hpp"
#include "server/net/qr.hpp"

using namespace earshot::server;

namespace {

// The compressed forms are stand-ins: the handler picks and sends them, it never opens them (the
// integration tests check real ones).
const std::vector<EmbeddedAsset> test_assets = {
    {.path = "/index.html", .data = "<!doctype html><title>phone</title>", .gzip = "(index, gzip)", .br = "(index, br)"},
    {.path = "/stage.html", .data = "<!doctype html><title>stage</title>"},
    {.path = "/js/app.js", .data = "export const x = 1;", .gzip = "(app, gzip)", .br = "(app, br)", .versioned = true},
    {.path = "/css/site.css", .data = "body{}", .versioned = true},
    {.path = "/css/big.css", .data = "body{color:red}body{color:red}body{color:red}", .gzip = "(big, gzip)", .versioned = true},
};

struct Fixture {
  std::unique_ptr<AssetSource> assets = make_embedded_assets(test_assets, "v123");
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
  // A GET (or HEAD) with these headers.
  Response get(std::string target, std::vector<std::pair<http::field, std::string>> headers,
               http::verb verb = http::verb::get) {
    Request req{verb, target, 11};
    for (const auto& [name, value] : headers) req.insert(name, value);
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
  // The policy is a document's: a script does not carry it again.
  CHECK(f.get("/js/app.js")["Content-Security-Policy"].empty());
  CHECK(f.get("/js/app.js")["X-Content-Type-Options"] == "nosniff");

  auto missing = f.get("/nope.js");
  CHECK(missing.result() == http::status::not_found);
  CHECK(missing["X-Content-Type-Options"] == "nosniff");
  CHECK(missing["Content-Security-Policy"].empty());  // plain text, never rendered as a page
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

TEST_CASE("assets go out in the coding the client takes, with Vary and an ETag per coding") {
  Fixture f;
  const auto plain = f.get("/js/app.js");
  CHECK(plain.body() == "export const x = 1;");
  CHECK(plain[http::field::content_encoding].empty());
  CHECK(plain[http::field::vary] == "Accept-Encoding");

  const auto br = f.get("/js/app.js", {{http::field::accept_encoding, "gzip, deflate, br, zstd"}});
  CHECK(br.result() == http::status::ok);
  CHECK(br.body() == "(app, br)");
  CHECK(br[http::field::content_encoding] == "br");
  CHECK(br[http::field::content_length] == "9");
  CHECK(br[http::field::content_type] == "text/javascript; charset=utf-8");
  CHECK(br[http::field::vary] == "Accept-Encoding");

  const auto gzip = f.get("/js/app.js", {{http::field::accept_encoding, "gzip"}});
  CHECK(gzip.body() == "(app, gzip)");
  CHECK(gzip[http::field::content_encoding] == "gzip");
  CHECK(f.get("/js/app.js", {{http::field::accept_encoding, "gzip;q=0, br;q=0"}}).body() == "export const x = 1;");
  // Several Accept-Encoding fields count together.
  CHECK(f.get("/js/app.js", {{http::field::accept_encoding, "deflate"}, {http::field::accept_encoding, "gzip"}}).body() ==
        "(app, gzip)");

  // Three forms, three ETags.
  const std::string e_plain(plain[http::field::etag]), e_gzip(gzip[http::field::etag]), e_br(br[http::field::etag]);
  CHECK(e_plain != e_gzip);
  CHECK(e_plain != e_br);
  CHECK(e_gzip != e_br);

  // A file the build did not compress: no Vary, no Content-Encoding, whatever the client takes.
  const auto css = f.get("/css/site.css", {{http::field::accept_encoding, "br, gzip"}});
  CHECK(css.body() == "body{}");
  CHECK(css[http::field::content_encoding].empty());
  CHECK(css[http::field::vary].empty());
  // One with gzip only: a client that takes br only gets it as written.
  CHECK(f.get("/css/big.css", {{http::field::accept_encoding, "br"}})[http::field::content_encoding].empty());
  CHECK(f.get("/css/big.css", {{http::field::accept_encoding, "br, gzip"}})[http::field::content_encoding] == "gzip");
}

TEST_CASE("304 is per coding, and HEAD gives each coding's length") {
  Fixture f;
  const std::string br_tag(f.get("/js/app.js", {{http::field::accept_encoding, "br"}})[http::field::etag]);
  const std::string plain_tag(f.get("/js/app.js")[http::field::etag]);

  const auto same = f.get("/js/app.js", {{http::field::accept_encoding, "br"}, {http::field::if_none_match, br_tag}});
  CHECK(same.result() == http::status::not_modified);
  CHECK(same.body().empty());
  CHECK(same[http::field::etag] == br_tag);
  CHECK(same[http::field::vary] == "Accept-Encoding");
  CHECK(same[http::field::cache_control] == "no-cache");
  CHECK(same.find(http::field::content_length) == same.end());  // a 304 says nothing of the content
  CHECK(same["X-Content-Type-Options"] == "nosniff");

  // The br copy is no good to a client that now takes gzip only, nor the plain one to one taking br.
  const auto other = f.get("/js/app.js", {{http::field::accept_encoding, "gzip"}, {http::field::if_none_match, br_tag}});
  CHECK(other.result() == http::status::ok);
  CHECK(other.body() == "(app, gzip)");
  CHECK(f.get("/js/app.js", {{http::field::accept_encoding, "br"}, {http::field::if_none_match, plain_tag}}).result() ==
        http::status::ok);
  // A list, a weak tag, "*".
  CHECK(f.get("/js/app.js", {{http::field::if_none_match, "\"x\", W/" + plain_tag}}).result() == http::status::not_modified);
  CHECK(f.get("/js/app.js", {{http::field::if_none_match, "*"}}).result() == http::status::not_modified);

  const auto head = f.get("/js/app.js", {{http::field::accept_encoding, "br"}}, http::verb::head);
  CHECK(head.result() == http::status::ok);
  CHECK(head.body().empty());
  CHECK(head[http::field::content_length] == "9");
  CHECK(head[http::field::content_encoding] == "br");
  const auto head_304 = f.get("/js/app.js", {{http::field::accept_encoding, "br"}, {http::field::if_none_match, br_tag}},
                              http::verb::head);
  CHECK(head_304.result() == http::status::not_modified);
  CHECK(head_304.find(http::field::content_length) == head_304.end());
}

TEST_CASE("files named by the build's version are kept for good, nothing else is") {
  Fixture f;
  const auto kept = f.get("/v/v123/js/app.js", {{http::field::accept_encoding, "br"}});
  CHECK(kept.result() == http::status::ok);
  CHECK(kept.body() == "(app, br)");
  CHECK(kept[http::field::cache_control] == "public, max-age=31536000, immutable");
  CHECK(kept[http::field::etag] == f.get("/js/app.js", {{http::field::accept_encoding, "br"}})[http::field::etag]);

  // The same file by its plain name, or by another build's version (a page loaded just before the
  // server was upgraded): the file, revalidated on every use.
  CHECK(f.get("/js/app.js")[http::field::cache_control] == "no-cache");
  const auto old = f.get("/v/v122/js/app.js");
  CHECK(old.result() == http::status::ok);
  CHECK(old.body() == "export const x = 1;");
  CHECK(old[http::field::cache_control] == "no-cache");
  // Pages are never kept: a new binary's pages show at once.
  CHECK(f.get("/")[http::field::cache_control] == "no-cache");
  CHECK(f.get("/v/v123/index.html")[http::field::cache_control] == "no-cache");
  CHECK(f.get("/v/v123/stage")[http::field::cache_control] == "no-cache");

  for (const char* missing : {"/v/v123/js/nope.js", "/v/v123", "/v/v123/", "/v/", "/v//js/app.js", "/v/../js/app.js"}) {
    CAPTURE(missing);
    CHECK(f.get(missing).result() == http::status::not_found);
  }
}

TEST_CASE("the versioned prefix splits off a build's version") {
  const auto v = split_version_prefix("/v/abc/js/app.js");
  REQUIRE(v);
  CHECK(v->version == "abc");
  CHECK(v->path == "/js/app.js");
  CHECK_FALSE(split_version_prefix("/js/app.js"));
  CHECK_FALSE(split_version_prefix("/v/abc"));
  CHECK_FALSE(split_version_prefix("/v/abc/"));
  CHECK_FALSE(split_version_prefix("/vx/abc/app.js"));
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
