#pragma once
// Content codings of the page assets: which of the forms the build made (as written, gzip, br) a
// client gets, by its Accept-Encoding header (RFC 9110, 12.5.3), and whether its If-None-Match
// names the form it would get (13.1.2). Pure functions of header values, tested without sockets;
// the values come from the network and are bounded by the HTTP parser's header limit.

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace earshot::server {

enum class Coding { identity, gzip, br };
inline constexpr std::size_t coding_count = 3;

// "identity", "gzip", "br": the token of Accept-Encoding and Content-Encoding.
std::string_view coding_name(Coding c);

// How much a client wants each coding, as its q-value in thousandths: 0 not acceptable, 1000 the
// most wanted.
struct CodingWeights {
  std::array<int, coding_count> q{};
  int of(Coding c) const { return q[static_cast<std::size_t>(c)]; }
};

// The weights an Accept-Encoding value gives (several fields joined with commas). Codings are
// case-insensitive, "x-gzip" is gzip, "*" stands for every coding the value does not name, an
// element with a malformed q-value is ignored, and the first mention of a coding counts.
// identity is acceptable unless excluded ("identity;q=0", or "*;q=0" without naming identity);
// when the value does not name it, it comes after every coding the client accepts. An empty value
// (or none: a client that says nothing gets the file as it is, like curl without --compressed)
// accepts identity only.
CodingWeights parse_accept_encoding(std::string_view value);

// A form on offer: its coding and how many bytes it is.
struct CodingOffer {
  Coding coding = Coding::identity;
  std::size_t size = 0;
};

// The index in `offers` of the form to send: the one the client wants most, and of those the
// smallest. When the client accepts none of them (identity excluded too), the identity form, as if
// the header were not there (RFC 9110, 12.1), or the first offer if there is no identity form.
std::size_t choose_coding(const CodingWeights& weights, std::span<const CodingOffer> offers);

// Whether an If-None-Match value (several fields joined with commas) names `etag` (quoted, as in
// the ETag header) or is "*": then the client's copy is current. Compared weakly, as the RFC says
// for If-None-Match: W/"x" matches "x".
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace earshot::server
