#include "server/rooms/ids.hpp"

#include <sys/random.h>

#include <cerrno>
#include <stdexcept>
#include <vector>

namespace earshot::server {
namespace {

void fill_random(unsigned char* out, std::size_t n) {
  while (n > 0) {
    const ssize_t got = ::getrandom(out, n, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("getrandom failed");
    }
    out += got;
    n -= static_cast<std::size_t>(got);
  }
}

}  // namespace

std::string random_room_code() {
  std::string code;
  const auto n = static_cast<unsigned>(room_code_alphabet.size());
  while (code.size() < room_code_length) {
    unsigned char b;
    fill_random(&b, 1);
    if (b >= 256 - 256 % n) continue;  // reject to keep every letter equally likely
    code.push_back(room_code_alphabet[b % n]);
  }
  return code;
}

std::optional<std::string> normalize_room_code(std::string_view typed) {
  if (typed.size() != room_code_length) return std::nullopt;
  std::string code;
  for (char c : typed) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (room_code_alphabet.find(c) == std::string_view::npos) return std::nullopt;
    code.push_back(c);
  }
  return code;
}

std::string random_secret(std::size_t bytes) {
  static constexpr char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<unsigned char> raw(bytes);
  fill_random(raw.data(), raw.size());
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (unsigned char b : raw) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(b64[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(b64[(acc << (6 - bits)) & 63]);
  return out;
}

}  // namespace earshot::server

namespace earshot::server {

bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::uint64_t random_seed() {
  std::uint64_t v = 0;
  fill_random(reinterpret_cast<unsigned char*>(&v), sizeof v);
  return v & ((std::uint64_t{1} << 53) - 1);
}

}  // namespace earshot::server
