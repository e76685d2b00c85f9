#pragma once
// The page assets the server hands out: either the copies embedded in the binary at build time,
// or (with --www DIR) the files of a directory on disk, for working on the pages without rebuilding.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace earshot::server {

struct EmbeddedAsset {
  std::string_view path;  // "/index.html", "/js/phone.js", ...
  std::string_view data;
};
// Defined in the generated assets_embedded.cpp (library earshot_assets).
const std::vector<EmbeddedAsset>& embedded_assets();

struct Asset {
  std::shared_ptr<const std::string> body;
  std::string_view mime;
  std::string etag;  // quoted, ready for the ETag header
};

class AssetSource {
 public:
  virtual ~AssetSource() = default;
  // `path` is a clean absolute path as produced by clean_request_path().
  virtual std::optional<Asset> find(std::string_view path) const = 0;
};

std::unique_ptr<AssetSource> make_embedded_assets(const std::vector<EmbeddedAsset>& assets);
std::unique_ptr<AssetSource> make_directory_assets(std::string root);

// The MIME type for a file name, by its extension ("application/octet-stream" if unknown).
std::string_view mime_type(std::string_view path);

// Turns a request target into the asset path it may name, or nullopt if it must be refused:
// drops the query and fragment, percent-decodes, and refuses "..", ".", empty segments,
// backslashes, NUL and control bytes, so nothing can reach outside the asset root.
// "/" becomes "/index.html".
std::optional<std::string> clean_request_path(std::string_view target);

// Candidate asset paths for a clean request path: the path itself, and for an extension-less
// last segment also path + ".html" ("/stage" -> "/stage.html"); "/favicon.ico" is the SVG icon.
std::vector<std::string> asset_candidates(std::string_view clean_path);

}  // namespace earshot::server
