#pragma once
// Writing JSON text straight into a string, for the views (games/view.cpp): a view goes out to
// every phone on every change, and building it as text costs a fraction of building a
// nlohmann::json tree and then dumping it. The text is what nlohmann::json would dump for the
// same values (strings escaped alike, invalid UTF-8 replaced by U+FFFD), though members come in
// the order they are written, not sorted.
//
//   std::string out;
//   JsonText w(out);
//   w.key("id").str("c1");                    // "id":"c1"
//   w.key("order").begin_array().str("p1").str("p2").end_array();
//
// Written at the top level, members come without braces: the pieces views are made of.

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace earshot::games {

class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  JsonText& key(std::string_view k) {  // k is a plain name: written as is
    comma();
    out_ += '"';
    out_ += k;
    out_ += "\":";
    need_comma_ = false;
    return *this;
  }
  JsonText& key_text(std::string_view k) {  // any text as a key: escaped like a string
    str(k);
    out_ += ':';
    need_comma_ = false;
    return *this;
  }
  JsonText& str(std::string_view s) {
    comma();
    if (plain(s)) {
      out_ += '"';
      out_ += s;
      out_ += '"';
    } else {  // escapes and non-ASCII text: exactly as nlohmann::json writes it
      out_ += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    need_comma_ = true;
    return *this;
  }
  JsonText& num(std::int64_t n) {
    comma();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    out_.append(buf, end);
    need_comma_ = true;
    return *this;
  }
  JsonText& boolean(bool b) {
    comma();
    out_ += b ? "true" : "false";
    need_comma_ = true;
    return *this;
  }
  JsonText& null() {
    comma();
    out_ += "null";
    need_comma_ = true;
    return *this;
  }
  // A value given as a tree (rare or small parts: results, config, clusters).
  JsonText& value(const nlohmann::json& j) {
    comma();
    out_ += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    need_comma_ = true;
    return *this;
  }
  // A value already written as JSON text.
  JsonText& raw(std::string_view text) {
    comma();
    out_ += text;
    need_comma_ = true;
    return *this;
  }
  // Members already written as text (another piece); "" adds nothing.
  JsonText& members(std::string_view text) {
    if (text.empty()) return *this;
    comma();
    out_ += text;
    need_comma_ = true;
    return *this;
  }
  JsonText& begin_object() { return open('{'); }
  JsonText& end_object() { return close('}'); }
  JsonText& begin_array() { return open('['); }
  JsonText& end_array() { return close(']'); }

  // True when s can be written between quotes as it is: printable ASCII but '"' and '\'.
  static bool plain(std::string_view s) {
    for (const unsigned char c : s) {
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
    }
    return true;
  }

 private:
  void comma() {
    if (need_comma_) out_ += ',';
  }
  JsonText& open(char c) {
    comma();
    out_ += c;
    need_comma_ = false;
    return *this;
  }
  JsonText& close(char c) {
    out_ += c;
    need_comma_ = true;
    return *this;
  }

  std::string& out_;
  bool need_comma_ = false;
};

// {"a":1} from the members "a":1 ("" gives {}).
inline nlohmann::json parse_members(std::string_view members) {
  std::string text;
  text.reserve(members.size() + 2);
  text += '{';
  text += members;
  text += '}';
  return nlohmann::json::parse(text);
}

}  // namespace earshot::games
