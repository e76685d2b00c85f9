#pragma once
// Golden files for tests: a file in the source tree holds what a function should produce, and a
// test compares with it. With EARSHOT_UPDATE_GOLDEN=1 in the environment the test writes the file
// instead (review the diff before committing). JSON is compared as JSON, with numbers agreeing to
// 1e-9 (measures are floating point); other text byte for byte, naming the first line that differs.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace earshot::test {

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// JSON equality, except that numbers only need to agree to 1e-9.
inline bool same_json(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number()) return std::fabs(a.get<double>() - b.get<double>()) <= 1e-9 * (1 + std::fabs(a.get<double>()));
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key()) || !same_json(it.value(), b[it.key()])) return false;
    }
    return true;
  }
  if (a.is_array()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same_json(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

// The first line where two texts differ, for a readable failure.
inline std::string first_difference(const std::string& now, const std::string& golden) {
  std::istringstream x(now), y(golden);
  std::string lx, ly;
  for (int line = 1;; ++line) {
    const bool more_x = static_cast<bool>(std::getline(x, lx));
    const bool more_y = static_cast<bool>(std::getline(y, ly));
    if (!more_x && !more_y) return "no difference";
    if (lx != ly || more_x != more_y)
      return "line " + std::to_string(line) + ":\n  golden: " + (more_y ? ly : "(end)") + "\n  now:    " + (more_x ? lx : "(end)");
  }
}

// The golden file at `path`, after writing `text` to it when EARSHOT_UPDATE_GOLDEN is set. Fails
// the test (REQUIRE) when the file is missing.
inline std::string golden_text(const std::filesystem::path& path, const std::string& text) {
  if (std::getenv("EARSHOT_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    MESSAGE("wrote " << path.string());
  }
  REQUIRE_MESSAGE(std::filesystem::exists(path), "missing golden file " << path.string()
                                                 << " (run the test with EARSHOT_UPDATE_GOLDEN=1 to write it)");
  return read_file(path);
}

}  // namespace earshot::test
