#include "server/net/assets.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace earshot::server {
namespace {

std::string etag_hash(std::string_view data) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, 64 bit
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The ETag of a form: the hash of the file as written, and for a compressed form the coding after
// it ("…-gzip"), so a cache never takes one coding's bytes for another's.
std::string form_etag(std::string_view hash, Coding coding) {
  std::string tag = "\"";
  tag += hash;
  if (coding != Coding::identity) {
    tag += '-';
    tag += coding_name(coding);
  }
  tag += '"';
  return tag;
}

class EmbeddedAssets final : public AssetSource {
 public:
  EmbeddedAssets(const std::vector<EmbeddedAsset>& assets, std::string_view version) : version_(version) {
    for (const auto& a : assets) {
      auto asset = std::make_shared<Asset>();
      asset->mime = mime_type(a.path);
      asset->versioned = a.versioned;
      const std::string hash = etag_hash(a.data);
      asset->forms.push_back({Coding::identity, a.data, form_etag(hash, Coding::identity)});
      if (!a.gzip.empty()) asset->forms.push_back({Coding::gzip, a.gzip, form_etag(hash, Coding::gzip)});
      if (!a.br.empty()) asset->forms.push_back({Coding::br, a.br, form_etag(hash, Coding::br)});
      files_.emplace(std::string(a.path), std::move(asset));
    }
  }
  std::shared_ptr<const Asset> find(std::string_view path) const override {
    auto it = files_.find(std::string(path));
    if (it == files_.end()) return nullptr;
    return it->second;
  }
  std::string_view version() const override { return version_; }

 private:
  std::string version_;
  std::unordered_map<std::string, std::shared_ptr<const Asset>> files_;
};

class DirectoryAssets final : public AssetSource {
 public:
  explicit DirectoryAssets(std::string root) : root_(std::filesystem::weakly_canonical(root)) {}
  std::shared_ptr<const Asset> find(std::string_view path) const override {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path full = fs::weakly_canonical(root_ / fs::path(path).relative_path(), ec);
    if (ec) return nullptr;
    // The clean path has no "..", but a symlink could still point outside: check the real path.
    auto [root_end, _] = std::mismatch(root_.begin(), root_.end(), full.begin(), full.end());
    if (root_end != root_.end()) return nullptr;
    if (!fs::is_regular_file(full, ec)) {
      // A page's own catalog (/catalog/LANG.PAGE.json) is made by the build (pack_assets.cpp); from
      // a folder, the page gets the language's whole catalog under that name.
      const auto name = full.filename().string();
      const auto dot = name.find('.');
      if (full.parent_path().filename() == "catalog" && name.ends_with(".json") && dot != name.rfind('.')) {
        return find(std::string("/catalog/") + name.substr(0, dot) + ".json");
      }
      return nullptr;
    }
    std::ifstream in(full, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream ss;
    ss << in.rdbuf();
    auto asset = std::make_shared<Asset>();
    asset->owned = std::make_shared<const std::string>(ss.str());
    asset->mime = mime_type(path);
    asset->forms.push_back({Coding::identity, *asset->owned, form_etag(etag_hash(*asset->owned), Coding::identity)});
    return asset;
  }
  // The pages on disk name the files by their plain paths: nothing is cached for good.
  std::string_view version() const override { return {}; }

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

std::unique_ptr<AssetSource> make_embedded_assets(const std::vector<EmbeddedAsset>& assets,
                                                  std::string_view version) {
  return std::make_unique<EmbeddedAssets>(assets, version);
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

std::optional<VersionedPath> split_version_prefix(std::string_view clean_path) {
  constexpr std::string_view prefix = "/v/";
  if (!clean_path.starts_with(prefix)) return std::nullopt;
  const auto slash = clean_path.find('/', prefix.size());
  if (slash == std::string_view::npos || slash == prefix.size() || slash + 1 == clean_path.size()) return std::nullopt;
  return VersionedPath{clean_path.substr(prefix.size(), slash - prefix.size()), clean_path.substr(slash)};
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
