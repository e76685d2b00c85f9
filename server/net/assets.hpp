#pragma once
// The page assets the server hands out: either the copies embedded in the binary at build time
// (each also compressed then, with gzip and brotli, when that saves bytes), or (with --www DIR)
// the files of a directory on disk, as they are, for working on the pages without rebuilding.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/net/encoding.hpp"

namespace earshot::server {

// One file of www/ as the build packed it (server/net/pack_assets.cpp).
struct EmbeddedAsset {
  std::string_view path;  // "/index.html", "/js/phone.js", ...
  std::string_view data;  // the bytes as served (a page's links to the other files versioned)
  std::string_view gzip = {};  // the same compressed, or empty when that saves nothing
  std::string_view br = {};
  bool versioned = false;  // may be cached for good under /v/VERSION/ (every file but the pages)
};
// Defined in the generated embedded_assets.cpp (library earshot_assets): the files, and the
// build's version, a hash of them all, which the pages name their style sheets, scripts and
// catalog by (/v/VERSION/js/phone.js).
const std::vector<EmbeddedAsset>& embedded_assets();
std::string_view embedded_assets_version();

// One form of an asset, as it goes on the wire.
struct Representation {
  Coding coding = Coding::identity;
  std::string_view body;
  std::string etag;  // quoted, ready for the ETag header; each coding has its own
};

struct Asset {
  std::string_view mime;
  std::vector<Representation> forms;  // identity first, then the compressed forms there are
  bool versioned = false;
  std::shared_ptr<const std::string> owned;  // the bytes the forms point at, for a file read from disk
};

class AssetSource {
 public:
  virtual ~AssetSource() = default;
  // `path` is a clean absolute path as produced by clean_request_path().
  virtual std::shared_ptr<const Asset> find(std::string_view path) const = 0;
  // The version the pages name the other files by ("" when they do not: files from disk).
  virtual std::string_view version() const = 0;
};

std::unique_ptr<AssetSource> make_embedded_assets(const std::vector<EmbeddedAsset>& assets,
                                                  std::string_view version = {});
std::unique_ptr<AssetSource> make_directory_assets(std::string root);

// The prefix of versioned paths: "/v/VERSION/js/phone.js" names "/js/phone.js" of that version.
struct VersionedPath {
  std::string_view version;
  std::string_view path;  // "/js/phone.js"
};
// Splits a clean path under the prefix; nullopt for any other path.
std::optional<VersionedPath> split_version_prefix(std::string_view clean_path);

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
