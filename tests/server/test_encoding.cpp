// Content codings: Accept-Encoding parsed as RFC 9110 says (q-values, identity, "*"), the form a
// client gets, and If-None-Match against one form's ETag.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "server/net/encoding.hpp"

using namespace earshot::server;

namespace {

struct Weights {
  int identity, gzip, br;
};

Weights weights(std::string_view header) {
  const auto w = parse_accept_encoding(header);
  return {w.of(Coding::identity), w.of(Coding::gzip), w.of(Coding::br)};
}

// What a client sending `header` gets when the build kept all three forms (as written 1000 bytes,
// gzip 300, br 250), or only some of them.
std::string_view chosen(std::string_view header,
                        std::vector<CodingOffer> offers = {{Coding::identity, 1000}, {Coding::gzip, 300}, {Coding::br, 250}}) {
  return coding_name(offers[choose_coding(parse_accept_encoding(header), offers)].coding);
}

}  // namespace

TEST_CASE("Accept-Encoding: the q-values of each coding") {
  // What browsers send.
  auto w = weights("gzip, deflate, br, zstd");
  CHECK(w.gzip == 1000);
  CHECK(w.br == 1000);
  CHECK(w.identity == 1);  // not named: acceptable, after everything named

  w = weights("gzip;q=0.8, br;q=0.5, identity;q=0.1");
  CHECK(w.gzip == 800);
  CHECK(w.br == 500);
  CHECK(w.identity == 100);

  // Case, spaces and tabs, x-gzip, three decimals.
  w = weights("  GZIP ;\tQ=0.125 ,Br;q=1.000,x-gzip;q=0.3");
  CHECK(w.gzip == 125);  // the first mention counts
  CHECK(w.br == 1000);

  // Nothing said, or an empty value: as written only.
  w = weights("");
  CHECK(w.identity == 1000);
  CHECK(w.gzip == 0);
  CHECK(w.br == 0);
  w = weights(" , ,");
  CHECK(w.identity == 1000);
  CHECK(w.gzip == 0);

  // Codings the server does not have change nothing.
  w = weights("deflate, zstd, compress");
  CHECK(w.identity == 1000);
  CHECK(w.gzip == 0);
}

TEST_CASE("Accept-Encoding: q=0, identity and the wildcard") {
  auto w = weights("gzip;q=0, br");
  CHECK(w.gzip == 0);
  CHECK(w.br == 1000);

  w = weights("identity;q=0, gzip");
  CHECK(w.identity == 0);
  CHECK(w.gzip == 1000);

  // "*" stands for every coding not named, identity included.
  w = weights("*");
  CHECK(w.identity == 1000);
  CHECK(w.gzip == 1000);
  CHECK(w.br == 1000);
  w = weights("br;q=0.9, *;q=0.1");
  CHECK(w.br == 900);
  CHECK(w.gzip == 100);
  CHECK(w.identity == 100);
  w = weights("*;q=0, gzip");
  CHECK(w.identity == 0);
  CHECK(w.br == 0);
  CHECK(w.gzip == 1000);
  w = weights("*;q=0, identity");
  CHECK(w.identity == 1000);
  CHECK(w.gzip == 0);
}

TEST_CASE("Accept-Encoding: malformed elements are ignored, not guessed at") {
  for (const char* bad : {"gzip;q=2", "gzip;q=1.5", "gzip;q=0.1234", "gzip;q=-1", "gzip;q=", "gzip;q=abc",
                          "gzip;q=.5", "gzip;q=1.001", "gzip;q=0,5"}) {
    CAPTURE(bad);
    // "gzip;q=0,5" is gzip;q=0 and a coding named "5".
    CHECK(weights(bad).gzip == 0);
  }
  // Other parameters are ignored; the element still counts.
  CHECK(weights("gzip;level=9").gzip == 1000);
  CHECK(weights("gzip;level=9;q=0.5").gzip == 500);
  // A long run of junk is only junk.
  const std::string junk(6000, ';');
  CHECK(weights(junk + ",br").br == 1000);
  CHECK(weights(std::string(6000, ',')).identity == 1000);
}

TEST_CASE("the form sent: the most wanted, then the smallest") {
  CHECK(chosen("gzip, deflate, br, zstd") == "br");  // a browser: the smallest
  CHECK(chosen("gzip") == "gzip");
  CHECK(chosen("br") == "br");
  CHECK(chosen("") == "identity");
  CHECK(chosen("deflate") == "identity");
  CHECK(chosen("gzip;q=1, br;q=0.5") == "gzip");  // the client's preference first
  CHECK(chosen("br;q=0, gzip;q=0") == "identity");
  CHECK(chosen("identity;q=0, gzip") == "gzip");
  CHECK(chosen("identity") == "identity");
  CHECK(chosen("identity, gzip;q=0.5") == "identity");
  CHECK(chosen("*") == "br");
  // Nothing acceptable at all: the file as written, as if the client had said nothing.
  CHECK(chosen("identity;q=0") == "identity");
  CHECK(chosen("*;q=0") == "identity");

  // Only the forms the build kept are on offer.
  const std::vector<CodingOffer> plain_and_gzip = {{Coding::identity, 1000}, {Coding::gzip, 300}};
  CHECK(chosen("gzip, br", plain_and_gzip) == "gzip");
  CHECK(chosen("br", plain_and_gzip) == "identity");
  const std::vector<CodingOffer> plain = {{Coding::identity, 100}};
  CHECK(chosen("gzip, br", plain) == "identity");
  CHECK(chosen("identity;q=0, gzip", plain) == "identity");
}

TEST_CASE("If-None-Match names one form's ETag") {
  const std::string_view etag = "\"0123456789abcdef-br\"";
  CHECK(etag_matches("\"0123456789abcdef-br\"", etag));
  CHECK(etag_matches("W/\"0123456789abcdef-br\"", etag));  // compared weakly
  CHECK(etag_matches("\"other\", \"0123456789abcdef-br\"", etag));
  CHECK(etag_matches("\"other\",W/\"0123456789abcdef-br\" ", etag));
  CHECK(etag_matches("*", etag));
  CHECK(etag_matches(" * ", etag));
  CHECK_FALSE(etag_matches("", etag));
  CHECK_FALSE(etag_matches("\"0123456789abcdef\"", etag));       // the form as written
  CHECK_FALSE(etag_matches("\"0123456789abcdef-gzip\"", etag));  // another coding
  CHECK_FALSE(etag_matches("0123456789abcdef-br", etag));        // not quoted
  CHECK_FALSE(etag_matches("\"0123456789abcdef-br", etag));      // not closed
  CHECK_FALSE(etag_matches("\"x\", *", etag));                   // "*" only alone
  CHECK(etag_matches("junk, \"0123456789abcdef-br\"", etag));    // a bad element is skipped
}

TEST_CASE("any header value gives weights in range and a form on offer") {
  // Header values come from the network: whatever bytes they hold, the parsers answer within
  // bounds and never read past the value.
  std::uint64_t seed = 0x9e3779b97f4a7c15ULL;
  auto next = [&seed] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  const std::string_view alphabet = "gzipbrGZIPBRidentityx-*;q=0.1,, \t\"W/";
  const std::vector<CodingOffer> offers = {{Coding::identity, 10}, {Coding::gzip, 5}, {Coding::br, 4}};
  for (int i = 0; i < 2000; ++i) {
    std::string value(next() % 64, ' ');
    for (auto& c : value) c = (next() % 8 == 0) ? static_cast<char>(next() % 256) : alphabet[next() % alphabet.size()];
    CAPTURE(value);
    const auto w = parse_accept_encoding(value);
    for (int q : w.q) CHECK((q >= 0 && q <= 1000));
    CHECK(choose_coding(w, offers) < offers.size());
    (void)etag_matches(value, "\"abc\"");
  }
}
