// earshot-pack-assets DIR OUT: the build's packer of the pages, run by a custom command
// (server/CMakeLists.txt) whenever a file of www/ changes. It writes OUT, a C++ source that embeds
// every file of DIR in the binary (embedded_assets(), server/net/assets.hpp):
//
// - each file as written and, when that saves bytes, compressed with gzip (zlib, level 9) and with
//   brotli (quality 11): the server sends the smallest form a browser accepts and never compresses
//   anything while it runs;
// - the build's version, a hash of every file, and the pages' links to the other files (href="/..."
//   and src="/..." naming a file of DIR) pointed at /v/VERSION/..., where a browser may keep them
//   for good: a new build has a new version, so a phone never runs yesterday's scripts;
// - for each page that names the parts of the catalog it uses (<html data-page="index"
//   data-catalog-parts="common game phone ...">), a catalog of its own in every language,
//   /catalog/LANG.PAGE.json: only the keys whose first part it names, so a phone does not download
//   the facilitator's words (tests/catalog checks that a page's parts cover what its modules use);
// - scripts and style sheets without their comments (whole comment lines and blocks only, never
//   anything in a string or a template literal): the source explains itself at length, and a phone
//   on the venue's Wi-Fi need not download the explanations.
//
// www/ itself has no build step: the pages stay plain files, served as they are with --www.

#define ZLIB_CONST
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

// A compressed form is kept only when it saves more than the headers it adds (Content-Encoding,
// Vary and a longer ETag: about 50 bytes).
constexpr std::size_t min_saving = 64;

struct File {
  std::string path;  // "/js/phone.js"
  std::string data;
  std::string gzip;  // empty when not kept
  std::string br;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool is_page(std::string_view path) { return path.ends_with(".html"); }

bool is_text(std::string_view path) {
  for (std::string_view ext : {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".md", ".webmanifest"}) {
    if (path.ends_with(ext)) return true;
  }
  return false;
}

std::string gzip(std::string_view in) {
  z_stream zs{};
  // windowBits 15 + 16: a gzip wrapper (with no name and no time in it: the same input gives the
  // same bytes).
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2 failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
  zs.next_in = reinterpret_cast<const Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  return out;
}

std::string brotli(std::string_view in, bool text) {
  std::size_t size = BrotliEncoderMaxCompressedSize(in.size());
  if (size == 0) size = in.size() + 1024;
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, text ? BROTLI_MODE_TEXT : BROTLI_MODE_GENERIC,
                             in.size(), reinterpret_cast<const std::uint8_t*>(in.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data()))) {
    throw std::runtime_error("BrotliEncoderCompress failed");
  }
  out.resize(size);
  return out;
}

std::string hash_hex(const std::vector<File>& files) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, 64 bit, over every path and content
  auto mix = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;  // a separator no text ends with
    h *= 1099511628211ULL;
  };
  for (const auto& f : files) {
    mix(f.path);
    mix(f.data);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The page with every href="/X" and src="/X" that names a versioned file turned into
// "/v/VERSION/X". Other links (pages, "/", the QR codes) stay as they are.
std::string link_versions(std::string_view html, const std::set<std::string, std::less<>>& versioned,
                          std::string_view version) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t at = std::string_view::npos;
    for (std::string_view attr : {"href=\"/", "src=\"/"}) {
      const auto found = html.find(attr, pos);
      if (found != std::string_view::npos) at = std::min(at, found + attr.size() - 1);  // at the '/'
    }
    const std::size_t end = at == std::string_view::npos ? at : html.find('"', at);
    if (end == std::string_view::npos) break;
    const std::string_view target = html.substr(at, end - at);
    out.append(html.substr(pos, at - pos));
    if (versioned.contains(target)) {
      out += "/v/";
      out += version;
    }
    out.append(target);
    pos = end;
  }
  out.append(html.substr(pos));
  return out;
}

// The value of attribute `name` on the page's <html> tag, if it has it.
std::optional<std::string> html_attribute(std::string_view page, std::string_view name) {
  const auto tag = page.find("<html");
  if (tag == std::string_view::npos) return std::nullopt;
  const std::string_view html = page.substr(tag, page.find('>', tag) - tag);
  const std::string wanted = " " + std::string(name) + "=\"";
  const auto at = html.find(wanted);
  if (at == std::string_view::npos) return std::nullopt;
  const auto from = at + wanted.size();
  const auto to = html.find('"', from);
  if (to == std::string_view::npos) return std::nullopt;
  return std::string(html.substr(from, to - from));
}

// Each page's own catalogs (see the top of this file), added to `files`.
void add_page_catalogs(std::vector<File>& files) {
  // The languages' whole catalogs, /catalog/LANG.json (one dot: not a page's own), read once.
  std::vector<std::pair<std::string, nlohmann::ordered_json>> catalogs;
  for (const auto& f : files) {
    const std::string_view path = f.path;
    if (path.starts_with("/catalog/") && path.ends_with(".json") && std::count(path.begin(), path.end(), '.') == 1) {
      catalogs.emplace_back(path.substr(9, path.size() - 9 - 5), nlohmann::ordered_json::parse(f.data));
    }
  }
  std::vector<File> made;
  for (const auto& page : files) {
    if (!is_page(page.path)) continue;
    const auto name = html_attribute(page.data, "data-page");
    const auto parts_text = html_attribute(page.data, "data-catalog-parts");
    if (!name || !parts_text) continue;
    std::set<std::string, std::less<>> parts;
    std::istringstream words(*parts_text);
    for (std::string part; words >> part;) parts.insert(part);
    for (const auto& [lang, all] : catalogs) {
      nlohmann::ordered_json mine = nlohmann::ordered_json::object();
      for (const auto& [key, phrase] : all.items()) {
        if (parts.contains(std::string_view(key).substr(0, key.find('.')))) mine[key] = phrase;
      }
      made.push_back({"/catalog/" + lang + "." + *name + ".json", mine.dump() + "\n", {}, {}});
    }
  }
  for (auto& f : made) files.push_back(std::move(f));
}

// A script or style sheet without its whole comments: in a script each line that is a `//` comment,
// and in both each /* ... */ that starts a line (with the rest of its last line when that is blank).
// Strings, template literals (with their ${...}) and regular expressions are followed so that
// nothing in them is taken for a comment; comments after code on a line stay. Lines keep their
// order, so an error's line number is off by the lines taken out before it, nothing else.
std::string strip_comments(std::string_view in, bool script) {
  std::string out;
  out.reserve(in.size());
  std::vector<int> templates;  // per template literal entered: the depth of braces in its ${ }
  bool in_template = false;    // in a template literal's text (not in one of its ${ })
  char last = '\n';            // the last character of code that is not a space, for regexes
  std::size_t i = 0;
  const std::size_t n = in.size();
  auto line_start = [&](std::size_t at) {
    for (std::size_t j = at; j > 0; --j) {
      const char c = in[j - 1];
      if (c == '\n') return true;
      if (c != ' ' && c != '\t') return false;
    }
    return true;
  };
  while (i < n) {
    const char c = in[i];
    if (in_template) {
      out += c;
      if (c == '\\' && i + 1 < n) {
        out += in[++i];
      } else if (c == '`') {
        in_template = false;
        last = '`';
      } else if (c == '$' && i + 1 < n && in[i + 1] == '{') {
        out += in[++i];
        templates.push_back(0);
        in_template = false;
        last = '{';
      }
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && (in[i + 1] == '*' || (script && in[i + 1] == '/')) && line_start(i)) {
      // A whole comment: left out, and so is the indentation before it already copied.
      std::size_t end = in[i + 1] == '/' ? in.find('\n', i) : in.find("*/", i + 2);
      if (end == std::string_view::npos) end = n;
      else if (in[i + 1] == '*') end += 2;
      std::size_t after = end;
      while (after < n && (in[after] == ' ' || in[after] == '\t')) ++after;
      if (after < n && in[after] != '\n') {
        out.append(in.substr(i, end - i));  // code follows the block on its line: keep it all
        i = end;
        continue;
      }
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      i = after < n ? after + 1 : n;  // (with its newline)
      continue;
    }
    if (c == '"' || c == '\'' || (script && c == '`')) {
      if (c == '`') {
        out += c;
        in_template = true;
        ++i;
        continue;
      }
      // A string, to its closing quote (or the end of the line, for a broken one).
      std::size_t j = i + 1;
      while (j < n && in[j] != c && in[j] != '\n') j += in[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, n);
      out.append(in.substr(i, j - i));
      i = j;
      last = c;
      continue;
    }
    if (c == '/' && i + 1 < n && (in[i + 1] == '/' || in[i + 1] == '*')) {
      // A comment after code: kept, as it is.
      std::size_t end = in[i + 1] == '/' ? in.find('\n', i) : in.find("*/", i + 2);
      end = end == std::string_view::npos ? n : in[i + 1] == '/' ? end : end + 2;
      out.append(in.substr(i, end - i));
      i = end;
      continue;
    }
    if (script && c == '/' && std::string_view("(,=:[!&|?{};+-*%<>~^\n").find(last) != std::string_view::npos) {
      // A regular expression, to its closing slash (a slash in a [class] does not close it).
      std::size_t j = i + 1;
      bool in_class = false;
      while (j < n && in[j] != '\n' && (in_class || in[j] != '/')) {
        if (in[j] == '\\') ++j;
        else if (in[j] == '[') in_class = true;
        else if (in[j] == ']') in_class = false;
        ++j;
      }
      j = std::min(j + 1, n);
      out.append(in.substr(i, j - i));
      i = j;
      last = '/';
      continue;
    }
    if (script && !templates.empty()) {
      if (c == '{') {
        ++templates.back();
      } else if (c == '}') {
        if (templates.back() == 0) {
          templates.pop_back();
          in_template = true;
        } else {
          --templates.back();
        }
      }
    }
    out += c;
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') last = c;
    ++i;
  }
  return out;
}

// The bytes as a C++ string literal, in lines of about 100 characters (octal escapes for anything
// not printable, so no escape runs into the next character).
void write_literal(std::ostream& out, std::string_view bytes) {
  out << '"';
  std::size_t column = 0;
  for (unsigned char c : bytes) {
    if (column >= 100) {
      out << "\"\n    \"";
      column = 0;
    }
    if (c == '\\' || c == '"' || c == '?') {  // '?': no trigraph warnings
      out << '\\' << static_cast<char>(c);
      column += 2;
    } else if (c == '\n') {
      out << "\\n";
      column = 100;  // a new line of source for each line of text
    } else if (c >= 0x20 && c < 0x7f) {
      out << static_cast<char>(c);
      column += 1;
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03o", static_cast<unsigned>(c));
      out << buf;
      column += 4;
    }
  }
  out << '"';
}

void write_source(std::ostream& out, const std::string& dir_name, const std::vector<File>& files,
                  const std::string& version) {
  out << "// Generated by earshot-pack-assets (server/net/pack_assets.cpp) from " << dir_name
      << "/. Do not edit.\n#include \"server/net/assets.hpp\"\n\nnamespace earshot::server {\nnamespace {\n\n";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    out << "// " << f.path << ": " << f.data.size() << " bytes";
    if (!f.gzip.empty()) out << ", gzip " << f.gzip.size();
    if (!f.br.empty()) out << ", br " << f.br.size();
    out << "\nconst char f" << i << "[] = ";
    write_literal(out, f.data);
    out << ";\n";
    if (!f.gzip.empty()) {
      out << "const char f" << i << "_gzip[] = ";
      write_literal(out, f.gzip);
      out << ";\n";
    }
    if (!f.br.empty()) {
      out << "const char f" << i << "_br[] = ";
      write_literal(out, f.br);
      out << ";\n";
    }
    out << "\n";
  }
  out << "}  // namespace\n\nconst std::vector<EmbeddedAsset>& embedded_assets() {\n"
         "  static const std::vector<EmbeddedAsset> table = {\n";
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    out << "      {";
    write_literal(out, f.path);
    out << ", std::string_view(f" << i << ", " << f.data.size() << "), ";
    if (f.gzip.empty()) out << "{}, ";
    else out << "std::string_view(f" << i << "_gzip, " << f.gzip.size() << "), ";
    if (f.br.empty()) out << "{}, ";
    else out << "std::string_view(f" << i << "_br, " << f.br.size() << "), ";
    out << (is_page(f.path) ? "false" : "true") << "},\n";
  }
  out << "  };\n  return table;\n}\n\nstd::string_view embedded_assets_version() { return \"" << version
      << "\"; }\n\n}  // namespace earshot::server\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: earshot-pack-assets DIR OUT\n";
    return 2;
  }
  try {
    const fs::path dir = fs::canonical(argv[1]);
    std::vector<File> files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
      // Files whose name or folder starts with a dot are left out.
      if (it->path().filename().string().starts_with(".")) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      files.push_back({"/" + fs::relative(it->path(), dir).generic_string(), read_file(it->path()), {}, {}});
    }
    add_page_catalogs(files);
    std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.path < b.path; });

    const std::string version = hash_hex(files);
    std::set<std::string, std::less<>> versioned;
    for (const auto& f : files) {
      if (!is_page(f.path)) versioned.insert(f.path);
    }
    std::size_t total = 0, sent_gzip = 0, sent_br = 0;
    for (auto& f : files) {
      if (is_page(f.path)) f.data = link_versions(f.data, versioned, version);
      if (f.path.ends_with(".js") || f.path.ends_with(".mjs") || f.path.ends_with(".css")) {
        f.data = strip_comments(f.data, !f.path.ends_with(".css"));
      }
      // gzip when it saves; brotli when it saves more than that.
      std::string gz = gzip(f.data);
      if (gz.size() + min_saving <= f.data.size()) f.gzip = std::move(gz);
      std::string br = brotli(f.data, is_text(f.path));
      const std::size_t best = f.gzip.empty() ? f.data.size() : f.gzip.size();
      if (br.size() + (f.gzip.empty() ? min_saving : 1) <= best) f.br = std::move(br);
      total += f.data.size();
      sent_gzip += f.gzip.empty() ? f.data.size() : f.gzip.size();
      sent_br += !f.br.empty() ? f.br.size() : !f.gzip.empty() ? f.gzip.size() : f.data.size();
    }

    std::ostringstream source;
    write_source(source, dir.filename().string(), files, version);
    std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
    out << source.str();
    out.close();
    if (!out) throw std::runtime_error(std::string("cannot write ") + argv[2]);
    std::cout << "earshot-pack-assets: " << files.size() << " files, " << total << " bytes; gzip " << sent_gzip
              << ", br " << sent_br << "; version " << version << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "earshot-pack-assets: " << e.what() << "\n";
    return 1;
  }
}
