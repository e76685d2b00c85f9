#include "server/net/assets.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace earshot::server {
namespace {

std::string make_etag(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, 64 bit
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

class EmbeddedAssets final : public AssetSource {
 public:
  explicit EmbeddedAssets(const std::vector<EmbeddedAsset>& assets) {
    for (const auto& a : assets) {
      auto body = std::make_shared<const std::string>(a.data);
      files_.emplace(std::string(a.path), Asset{body, mime_type(a.path), make_etag(*body)});
    }
  }
  std::optional<Asset> find(std::string_view path) const override {
    auto it = files_.find(std::string(path));
    if (it == files_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::unordered_map<std::string, Asset> files_;
};

class DirectoryAssets final : public AssetSource {
 public:
  explicit DirectoryAssets(std::string root) : root_(std::filesystem::weakly_canonical(root)) {}
  std::optional<Asset> find(std::string_view path) const override {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path full = fs::weakly_canonical(root_ / fs::path(path).relative_path(), ec);
    if (ec) return std::nullopt;
    // The clean path has no "..", but a symlink could still point outside: check the real path.
    auto [root_end, _] = std::mismatch(root_.begin(), root_.end(), full.begin(), full.end());
    if (root_end != root_.end() || !fs::is_regular_file(full, ec)) return std::nullopt;
    std::ifstream in(full, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    auto body = std::make_shared<const std::string>(ss.str());
    return Asset{body, mime_type(path), make_etag(*body)};
  }

 private:
  std::filesystem::path root_;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::unique_ptr<AssetSource> make_embedded_assets(const std::vector<EmbeddedAsset>& assets) {
  return std::make_unique<EmbeddedAssets>(assets);
}

std::unique_ptr<AssetSource> make_directory_assets(std::string root) {
  return std::make_unique<DirectoryAssets>(std::move(root));
}

std::string_view mime_type(std::string_view path) {
  const auto dot = path.rfind('.');
  const auto slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  const std::string_view ext = path.substr(dot + 1);
  static const std::unordered_map<std::string_view, std::string_view> types = {
      {"html", "text/html; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"json", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"md", "text/markdown; charset=utf-8"},
      {"woff2", "font/woff2"},
  };
  auto it = types.find(ext);
  return it == types.end() ? std::string_view("application/octet-stream") : it->second;
}

std::optional<std::string> clean_request_path(std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  if (target.empty() || target.front() != '/') return std::nullopt;
  std::string decoded;
  decoded.reserve(target.size());
  for (std::size_t i = 0; i < target.size(); ++i) {
    char c = target[i];
    if (c == '%') {
      if (i + 2 >= target.size()) return std::nullopt;
      const int hi = hex_value(target[i + 1]), lo = hex_value(target[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\') return std::nullopt;
    decoded.push_back(c);
  }
  if (decoded == "/") return std::string("/index.html");
  // Every segment between slashes must be a plain name.
  std::size_t start = 1;
  while (start <= decoded.size()) {
    std::size_t end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    const std::string_view seg(decoded.data() + start, end - start);
    if (seg.empty() || seg == "." || seg == ".." || seg.front() == '.') return std::nullopt;
    start = end + 1;
  }
  return decoded;
}

std::vector<std::string> asset_candidates(std::string_view clean_path) {
  // Browsers ask for /favicon.ico on any page that names no icon (the report, an export opened
  // in a tab): they get the SVG icon, not a 404.
  if (clean_path == "/favicon.ico") return {"/favicon.svg"};
  std::vector<std::string> out{std::string(clean_path)};
  const auto slash = clean_path.rfind('/');
  if (clean_path.find('.', slash) == std::string_view::npos) out.push_back(std::string(clean_path) + ".html");
  return out;
}

}  // namespace earshot::server
