#include "server/net/encoding.hpp"

#include <algorithm>
#include <optional>

namespace earshot::server {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<int> parse_qvalue(std::string_view s) {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  const int whole = s[0] - '0';
  if (s.size() == 1) return whole * 1000;
  if (s[1] != '.' || s.size() > 5) return std::nullopt;
  int fraction = 0;
  int scale = 100;
  for (char c : s.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    fraction += (c - '0') * scale;
    scale /= 10;
  }
  if (whole == 1 && fraction != 0) return std::nullopt;
  return whole * 1000 + fraction;
}

// Which slot a coding token names: 0..2 a Coding, 3 "*", nullopt one the server does not have.
constexpr std::size_t star = coding_count;
std::optional<std::size_t> slot_of(std::string_view token) {
  if (iequals(token, "identity")) return static_cast<std::size_t>(Coding::identity);
  if (iequals(token, "gzip") || iequals(token, "x-gzip")) return static_cast<std::size_t>(Coding::gzip);
  if (iequals(token, "br")) return static_cast<std::size_t>(Coding::br);
  if (token == "*") return star;
  return std::nullopt;
}

}  // namespace

std::string_view coding_name(Coding c) {
  switch (c) {
    case Coding::gzip:
      return "gzip";
    case Coding::br:
      return "br";
    case Coding::identity:
      break;
  }
  return "identity";
}

CodingWeights parse_accept_encoding(std::string_view value) {
  std::array<std::optional<int>, coding_count + 1> named{};  // the codings, then "*"
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view element = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);

    // element = coding *( OWS ";" OWS parameter ); the only parameter meant here is q.
    const auto semi = element.find(';');
    const std::string_view token = trim(element.substr(0, semi));
    if (token.empty()) continue;
    std::string_view params = semi == std::string_view::npos ? std::string_view{} : element.substr(semi + 1);
    int q = 1000;
    bool valid = true;
    while (!params.empty()) {
      const auto next = params.find(';');
      const std::string_view param = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
      if (param.size() >= 2 && lower(param[0]) == 'q' && param[1] == '=') {
        const auto parsed = parse_qvalue(param.substr(2));
        if (!parsed) valid = false;
        else q = *parsed;
      }
    }
    if (!valid) continue;
    if (const auto slot = slot_of(token); slot && !named[*slot]) named[*slot] = q;
  }

  CodingWeights w;
  const bool said_anything = std::any_of(named.begin(), named.end(), [](const auto& n) { return n.has_value(); });
  for (std::size_t c = 0; c < coding_count; ++c) {
    if (named[c]) w.q[c] = *named[c];
    else if (named[star]) w.q[c] = *named[star];
  }
  // identity, unless the value excludes it, is acceptable: after anything the client named.
  const auto id = static_cast<std::size_t>(Coding::identity);
  if (!named[id] && !named[star]) w.q[id] = said_anything ? 1 : 1000;
  return w;
}

std::size_t choose_coding(const CodingWeights& weights, std::span<const CodingOffer> offers) {
  std::optional<std::size_t> best;
  std::optional<std::size_t> identity;
  for (std::size_t i = 0; i < offers.size(); ++i) {
    if (offers[i].coding == Coding::identity && !identity) identity = i;
    const int q = weights.of(offers[i].coding);
    if (q <= 0) continue;
    if (!best) {
      best = i;
      continue;
    }
    const int best_q = weights.of(offers[*best].coding);
    if (q > best_q || (q == best_q && offers[i].size < offers[*best].size)) best = i;
  }
  if (best) return *best;
  return identity.value_or(0);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  std::string_view rest = trim(if_none_match);
  if (rest == "*") return true;
  while (!rest.empty()) {
    while (!rest.empty() && (is_ows(rest.front()) || rest.front() == ',')) rest.remove_prefix(1);
    if (rest.starts_with("W/")) rest.remove_prefix(2);
    if (rest.empty()) break;
    if (rest.front() != '"') {  // not an entity-tag: skip to the next element
      const auto comma = rest.find(',');
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma);
      continue;
    }
    const auto close = rest.find('"', 1);
    if (close == std::string_view::npos) break;
    if (rest.substr(0, close + 1) == etag) return true;
    rest.remove_prefix(close + 1);
  }
  return false;
}

}  // namespace earshot::server
