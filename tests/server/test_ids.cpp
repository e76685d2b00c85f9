#include <doctest/doctest.h>

#include <set>

#include "server/rooms/ids.hpp"

using namespace earshot::server;

TEST_CASE("room codes are 4 letters from the look-alike-free alphabet") {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const auto code = random_room_code();
    REQUIRE(code.size() == room_code_length);
    for (char c : code) REQUIRE(room_code_alphabet.find(c) != std::string_view::npos);
    seen.insert(code);
  }
  CHECK(seen.size() > 1900);  // 83521 possible codes: repeats in 2000 draws are rare
  for (char c : std::string_view("BIOLSZUV0123456789")) CHECK(room_code_alphabet.find(c) == std::string_view::npos);
}

TEST_CASE("typed room codes are upper-cased and checked") {
  CHECK(normalize_room_code("kxqm") == std::nullopt);  // Q is a look-alike, never issued
  CHECK(normalize_room_code("kxcm") == "KXCM");
  CHECK(normalize_room_code("KXCM") == "KXCM");
  CHECK_FALSE(normalize_room_code("KXC"));
  CHECK_FALSE(normalize_room_code("KXCMA"));
  CHECK_FALSE(normalize_room_code("KX M"));
  CHECK_FALSE(normalize_room_code("KXC1"));
}

TEST_CASE("secrets are long, url-safe and unique") {
  const auto a = random_secret(token_bytes), b = random_secret(token_bytes);
  CHECK(a.size() == 32);
  CHECK(a != b);
  for (char c : a) CHECK((std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'));
  CHECK(random_secret(12).size() == 16);
}
