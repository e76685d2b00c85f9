// The pages over loopback as a browser gets them: every file of www/ compressed with gzip and
// brotli when the client takes it (opened here with zlib and brotli: the same bytes as the file),
// as written otherwise, with Vary, lengths, an ETag per coding, 304s per coding and HEAD; the
// pages' links to /v/VERSION/..., kept for good; and --www, which serves the files as they are.

#include <brotli/decode.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "client/http.hpp"
#include "harness.hpp"

using namespace earshot::test;
using earshot::client::http_get;
using earshot::client::http_request;
using earshot::client::HttpRequest;
using earshot::client::HttpResponse;
using earshot::client::ServerUrl;

namespace {

const std::string www_dir = EARSHOT_SOURCE_DIR "/www";
constexpr const char* browser_accepts = "gzip, deflate, br, zstd";
constexpr const char* for_good = "public, max-age=31536000, immutable";

// Every file of www/, as "/css/base.css" -> its bytes.
std::map<std::string, std::string> www_files() {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(www_dir)) {
    const auto relative = fs::relative(entry.path(), www_dir).generic_string();
    if (!entry.is_regular_file() || relative.starts_with(".") || relative.find("/.") != std::string::npos) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files["/" + relative] = ss.str();
  }
  return files;
}

std::string gunzip(const std::string& in) {
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);  // gzip only
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  CHECK(rc == Z_STREAM_END);
  CHECK(zs.avail_in == 0);
  return out;
}

std::string unbrotli(const std::string& in) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  REQUIRE(state);
  std::string out;
  std::size_t available_in = in.size();
  const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    std::uint8_t buf[16384];
    std::size_t available_out = sizeof buf;
    std::uint8_t* next_out = buf;
    rc = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
    out.append(reinterpret_cast<const char*>(buf), sizeof buf - available_out);
  }
  BrotliDecoderDestroyInstance(state);
  CHECK(rc == BROTLI_DECODER_RESULT_SUCCESS);
  CHECK(available_in == 0);
  return out;
}

HttpResponse get(const ServerUrl& url, const std::string& target, std::vector<std::pair<std::string, std::string>> headers,
                 const std::string& method = "GET") {
  HttpRequest req;
  req.method = method;
  req.target = target;
  req.headers = std::move(headers);
  return http_request(url, req);
}

// The bytes a response's body stands for, opened according to its Content-Encoding.
std::string decoded(const HttpResponse& res) {
  const auto coding = res.header("Content-Encoding");
  if (!coding) return res.body;
  if (*coding == "gzip") return gunzip(res.body);
  if (*coding == "br") return unbrotli(res.body);
  FAIL("unexpected Content-Encoding ", *coding);
  return {};
}

// The build's version, as the phone's page names its script by it.
std::string version_of(const std::string& page) {
  const std::string before = "src=\"/v/", after = "/js/phone.js\"";
  const auto start = page.find(before);
  REQUIRE(start != std::string::npos);
  const auto end = page.find(after, start + before.size());
  REQUIRE(end != std::string::npos);
  const std::string version = page.substr(start + before.size(), end - start - before.size());
  REQUIRE_FALSE(version.empty());
  CHECK(version.find_first_not_of("0123456789abcdef") == std::string::npos);
  return version;
}

// Every href="/..." and src="/..." of a page.
std::set<std::string> links_of(const std::string& html) {
  std::set<std::string> links;
  for (const std::string attr : {"href=\"/", "src=\"/"}) {
    for (auto at = html.find(attr); at != std::string::npos; at = html.find(attr, at + 1)) {
      const auto start = at + attr.size() - 1;  // at the '/'
      const auto end = html.find('"', start);
      if (end == std::string::npos) break;
      links.insert(html.substr(start, end - start));
    }
  }
  return links;
}

// A page as written in www/: its versioned links back to plain ones.
std::string unversioned(std::string page, const std::string& version) {
  const std::string prefix = "\"/v/" + version + "/";
  for (auto at = page.find(prefix); at != std::string::npos; at = page.find(prefix, at)) page.erase(at + 1, prefix.size() - 2);
  return page;
}

}  // namespace

TEST_CASE("every page file is served compressed when the browser takes it, and opens to the same bytes") {
  Harness h;
  const auto url = h.server.url();
  const auto files = www_files();
  REQUIRE(files.size() > 10);
  const std::string version = version_of(http_get(url, "/").body);

  std::size_t sent_as_written = 0, sent_gzip = 0, sent_br = 0, compressed_gzip = 0, compressed_br = 0;
  for (const auto& [path, content] : files) {
    CAPTURE(path);
    const bool page = path.ends_with(".html");
    // As written: what a client that says nothing gets. A page's links name the build's version;
    // scripts and style sheets come without their comments (checked below).
    const HttpResponse plain = http_get(url, path);
    REQUIRE(plain.status == 200);
    CHECK_FALSE(plain.header("Content-Encoding"));
    CHECK(plain.header("Content-Length") == std::to_string(plain.body.size()));
    const bool stripped = path.ends_with(".js") || path.ends_with(".css");
    if (!stripped) CHECK((page ? unversioned(plain.body, version) : plain.body) == content);
    sent_as_written += plain.body.size();

    std::set<std::string> etags{plain.header("ETag").value_or("")};
    for (const char* coding : {"gzip", "br"}) {
      CAPTURE(coding);
      const HttpResponse res = get(url, path, {{"Accept-Encoding", coding}});
      REQUIRE(res.status == 200);
      CHECK(res.header("Content-Length") == std::to_string(res.body.size()));
      CHECK(res.header("Content-Type") == plain.header("Content-Type"));
      const auto sent = res.header("Content-Encoding");
      if (sent) {
        CHECK(*sent == coding);
        CHECK(res.body.size() < plain.body.size());
        CHECK(res.header("Vary") == "Accept-Encoding");
        CHECK(plain.header("Vary") == "Accept-Encoding");  // the plain answer varies too
        CHECK(etags.insert(res.header("ETag").value_or("")).second);  // an ETag of its own
        (std::string_view(coding) == "gzip" ? compressed_gzip : compressed_br) += 1;
      } else {
        CHECK(res.body == plain.body);
        CHECK(res.header("ETag") == plain.header("ETag"));
      }
      CHECK(decoded(res) == plain.body);
      (std::string_view(coding) == "gzip" ? sent_gzip : sent_br) += res.body.size();
    }
  }
  // The big text files (the pages, scripts, style sheets, the catalog) all compress.
  CHECK(compressed_gzip > files.size() / 2);
  CHECK(compressed_br > files.size() / 2);
  CHECK(get(url, "/catalog/en.json", {{"Accept-Encoding", browser_accepts}}).header("Content-Encoding") == "br");
  MESSAGE("www/: ", files.size(), " files, ", sent_as_written, " bytes as written, ", sent_gzip, " with gzip, ", sent_br,
          " with br");
}

TEST_CASE("a browser's Accept-Encoding picks br, q-values and identity are respected, HEAD and 304 per coding") {
  Harness h;
  const auto url = h.server.url();
  const std::string path = "/js/phone-round.js";

  const HttpResponse br = get(url, path, {{"Accept-Encoding", browser_accepts}});
  CHECK(br.header("Content-Encoding") == "br");
  const HttpResponse gzip = get(url, path, {{"Accept-Encoding", "gzip;q=1, br;q=0.5"}});
  CHECK(gzip.header("Content-Encoding") == "gzip");
  const HttpResponse plain = get(url, path, {{"Accept-Encoding", "gzip;q=0, br;q=0, identity"}});
  CHECK_FALSE(plain.header("Content-Encoding"));
  CHECK(get(url, path, {{"Accept-Encoding", "identity;q=0, gzip"}}).header("Content-Encoding") == "gzip");
  CHECK(get(url, path, {{"Accept-Encoding", "*"}}).header("Content-Encoding") == "br");
  CHECK_FALSE(get(url, path, {{"Accept-Encoding", "deflate, zstd"}}).header("Content-Encoding"));
  CHECK_FALSE(get(url, path, {{"Accept-Encoding", ""}}).header("Content-Encoding"));
  CHECK(decoded(br) == plain.body);
  CHECK(decoded(gzip) == plain.body);

  // HEAD: the length of the form a GET would send, and no body.
  for (const auto* form : {&br, &gzip, &plain}) {
    const std::string coding = form->header("Content-Encoding").value_or("identity");
    CAPTURE(coding);
    const HttpResponse head = get(url, path, {{"Accept-Encoding", coding}}, "HEAD");
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(head.header("Content-Length") == std::to_string(form->body.size()));
    CHECK(head.header("ETag") == form->header("ETag"));
    CHECK(head.header("Content-Encoding") == form->header("Content-Encoding"));
  }

  // 304 for the form the client holds; another form's ETag gets the new form in full.
  for (const auto* form : {&br, &gzip, &plain}) {
    const std::string coding = form->header("Content-Encoding").value_or("identity");
    CAPTURE(coding);
    const std::string etag = form->header("ETag").value_or("");
    const HttpResponse again = get(url, path, {{"Accept-Encoding", coding}, {"If-None-Match", etag}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("ETag") == etag);
    CHECK(again.header("Vary") == "Accept-Encoding");
    CHECK_FALSE(again.header("Content-Length"));
  }
  const HttpResponse switched =
      get(url, path, {{"Accept-Encoding", "gzip"}, {"If-None-Match", br.header("ETag").value_or("")}});
  CHECK(switched.status == 200);
  CHECK(switched.header("Content-Encoding") == "gzip");
  CHECK(decoded(switched) == plain.body);
}

TEST_CASE("the pages name their files by the build's version, which browsers keep for good") {
  Harness h;
  const auto url = h.server.url();
  for (const char* page : {"/", "/stage", "/host", "/history"}) {
    CAPTURE(page);
    const HttpResponse res = get(url, page, {{"Accept-Encoding", browser_accepts}});
    REQUIRE(res.status == 200);
    CHECK(res.header("Cache-Control") == "no-cache");  // a new binary's pages show at once
    const std::string html = decoded(res);
    const std::string version = version_of(http_get(url, "/").body);
    // Every style sheet, script, icon and the catalog: under /v/VERSION/, kept for good.
    const std::set<std::string> links = links_of(html);
    std::size_t versioned = 0;
    for (const auto& target : links) {
      CAPTURE(target);
      const bool is_file = target.find('.') != std::string::npos;
      if (!is_file) continue;  // links to pages: "/", "/host", "/history", "/stage"
      REQUIRE(target.starts_with("/v/" + version + "/"));
      const HttpResponse file = get(url, target, {{"Accept-Encoding", browser_accepts}});
      CHECK(file.status == 200);
      CHECK(file.header("Cache-Control") == for_good);
      // The same bytes as by the plain name, which is revalidated on every use.
      const HttpResponse by_name = get(url, target.substr(target.find('/', 3)), {{"Accept-Encoding", browser_accepts}});
      CHECK(by_name.body == file.body);
      CHECK(by_name.header("ETag") == file.header("ETag"));
      CHECK(by_name.header("Cache-Control") == "no-cache");
      ++versioned;
    }
    CHECK(versioned >= 5);  // icon, catalog, style sheets, the script
  }
  // A module's imports are relative, so they land under the same version: kept for good too.
  const std::string version = version_of(http_get(url, "/").body);
  CHECK(http_get(url, "/v/" + version + "/js/dom.js").header("Cache-Control") == for_good);
  // Another build's version (a page loaded just before the server was upgraded) still gets the
  // file, but only to revalidate.
  const HttpResponse stale = http_get(url, "/v/0000000000000000/js/dom.js");
  CHECK(stale.status == 200);
  CHECK(stale.header("Cache-Control") == "no-cache");
  CHECK(http_get(url, "/v/" + version + "/js/nope.js").status == 404);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("scripts and style sheets reach the browser without their comments, and nothing else changes") {
  Harness h;
  const auto url = h.server.url();
  std::size_t written = 0, served = 0, files = 0;
  for (const auto& [path, source] : www_files()) {
    const bool script = path.ends_with(".js"), sheet = path.ends_with(".css");
    if (!script && !sheet) continue;
    CAPTURE(path);
    const HttpResponse res = get(url, path, {});
    REQUIRE(res.status == 200);
    // The served lines are the file's own, in order; each line left out is part of a whole comment.
    const auto mine = lines_of(source), sent = lines_of(res.body);
    std::size_t next = 0;
    bool in_block = false;
    for (const auto& line : mine) {
      const auto first = line.find_first_not_of(" \t");
      const std::string_view text = first == std::string::npos ? std::string_view() : std::string_view(line).substr(first);
      if (!in_block && next < sent.size() && sent[next] == line) {
        ++next;
        continue;
      }
      INFO("left out: ", line);
      if (in_block) {
        in_block = text.find("*/") == std::string_view::npos;
        continue;
      }
      const bool line_comment = script && text.starts_with("//");
      const bool block = text.starts_with("/*");
      CHECK((line_comment || block));
      if (block) in_block = text.find("*/") == std::string_view::npos;
    }
    CHECK(next == sent.size());
    written += source.size();
    served += res.body.size();
    ++files;
  }
  CHECK(files > 30);
  CHECK(served < written);
  MESSAGE(files, " scripts and style sheets: ", written, " bytes as written, ", served, " without their comments");
}

TEST_CASE("each page downloads only its part of the catalog, in the catalog's own words") {
  Harness h;
  const auto url = h.server.url();
  const auto files = www_files();
  const json all = json::parse(files.at("/catalog/en.json"));
  const std::string version = version_of(http_get(url, "/").body);
  std::map<std::string, std::size_t> sizes;
  for (const auto& [address, page] : std::map<std::string, std::string>{
           {"/", "index"}, {"/stage", "stage"}, {"/host", "host"}, {"/history", "history"}}) {
    CAPTURE(page);
    const std::string html = decoded(get(url, address, {{"Accept-Encoding", browser_accepts}}));
    const std::string own = "/v/" + version + "/catalog/en." + page + ".json";
    CHECK(links_of(html).contains(own));  // (the preload)
    // The parts the page names, as its <html> tag names them.
    const std::string source = files.at("/" + page + ".html");
    const auto from = source.find("data-catalog-parts=\"") + 20;
    std::set<std::string> parts;
    std::istringstream words(source.substr(from, source.find('"', from) - from));
    for (std::string part; words >> part;) parts.insert(part);
    REQUIRE_FALSE(parts.empty());

    const HttpResponse res = get(url, own, {{"Accept-Encoding", browser_accepts}});
    REQUIRE(res.status == 200);
    CHECK(res.header("Cache-Control") == for_good);
    sizes[page] = res.body.size();
    const json mine = json::parse(decoded(res));
    // Every key of those parts, word for word, and nothing else.
    std::size_t expected = 0;
    for (const auto& [key, phrase] : all.items()) {
      if (!parts.contains(key.substr(0, key.find('.')))) continue;
      ++expected;
      CHECK(mine.value(key, json()) == phrase);
    }
    CHECK(mine.size() == expected);
  }
  const json phone = json::parse(decoded(get(url, "/catalog/en.index.json", {})));
  CHECK(phone.contains("phone.join.title"));
  CHECK_FALSE(phone.contains("host.title"));
  const std::size_t whole = get(url, "/catalog/en.json", {{"Accept-Encoding", browser_accepts}}).body.size();
  CHECK(sizes["index"] * 2 < whole);
  MESSAGE("catalog on the wire (br): whole ", whole, " bytes; the phone's ", sizes["index"], ", the stage's ",
          sizes["stage"], ", the facilitator's ", sizes["host"], ", the history's ", sizes["history"]);

  // From a folder (--www) a page gets the whole catalog under its own name.
  Harness folder({"--www", www_dir});
  const HttpResponse from_folder = http_get(folder.server.url(), "/catalog/en.index.json");
  CHECK(from_folder.status == 200);
  CHECK(from_folder.body == files.at("/catalog/en.json"));
  CHECK(http_get(folder.server.url(), "/catalog/xx.index.json").status == 404);
}

TEST_CASE("--www serves the files as they are: plain links, no compression, revalidated") {
  Harness h({"--www", www_dir});
  const auto url = h.server.url();
  const auto files = www_files();
  const HttpResponse page = get(url, "/", {{"Accept-Encoding", browser_accepts}});
  CHECK(page.status == 200);
  CHECK(page.body == files.at("/index.html"));
  CHECK_FALSE(page.header("Content-Encoding"));
  for (const char* path : {"/js/phone.js", "/catalog/en.json", "/css/base.css"}) {
    CAPTURE(path);
    const HttpResponse res = get(url, path, {{"Accept-Encoding", browser_accepts}});
    CHECK(res.body == files.at(path));
    CHECK_FALSE(res.header("Content-Encoding"));
    CHECK_FALSE(res.header("Vary"));
    CHECK(res.header("Cache-Control") == "no-cache");
    CHECK(get(url, path, {{"If-None-Match", res.header("ETag").value_or("")}}).status == 304);
  }
  // Any version prefix names the file, never kept for good.
  const HttpResponse versioned = http_get(url, "/v/0123456789abcdef/js/phone.js");
  CHECK(versioned.body == files.at("/js/phone.js"));
  CHECK(versioned.header("Cache-Control") == "no-cache");
}
