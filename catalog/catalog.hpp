#pragma once
// The message catalog: every user-facing phrase, by key, for each language. The phrases live in
// www/catalog/LANG.json (the pages fetch those files as they are); this library embeds the same
// files at build time for the C++ side (the reports). One source of wording for both.
//
// A phrase may hold placeholders, "{name}", filled from the values given. A phrase that depends
// on a number is an object of plural forms ({"one": "{n} person", "other": "{n} people"}, and
// optionally "zero": "nobody" for exactly 0); count() picks the form by the language's rule and
// fills "{n}". Values are inserted as they are: escaping
// for HTML, Markdown or CSV is the writer's job.
//
// Keys are found by tests/catalog: every key the code uses must be in the catalog and every key in
// the catalog must be used. The reports call the catalog through reports/wording.hpp's say(),
// say_n() and say_for(), with keys written as literals on the line of the call (a key made from a
// vocabulary item as a pattern with one '*': say_for("game.*.name", "chain")).

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace earshot::catalog {

using Vars = std::initializer_list<std::pair<std::string_view, std::string_view>>;

class Catalog {
 public:
  // The catalog of `language` ("en", ...); English for a language it does not have.
  static const Catalog& of(std::string_view language = "en");
  // The languages there are catalogs for, in alphabetical order.
  static std::vector<std::string> languages();

  const std::string& language() const { return language_; }
  bool has(std::string_view key) const;
  // Whether `key` is a phrase of plural forms (count() it) rather than a plain one (text() it).
  bool is_plural(std::string_view key) const;
  // The phrase of `key` with its placeholders filled. A key the catalog lacks gives "[key]", so a
  // report never fails over a word (tests/catalog makes sure it does not happen).
  std::string text(std::string_view key, Vars vars = {}) const;
  // text() of `pattern` with its '*' replaced by `item`: "game.*.name" and "chain".
  std::string text_for(std::string_view pattern, std::string_view item, Vars vars = {}) const;
  // The plural form of `key` for `n`, with "{n}" and the other placeholders filled.
  std::string count(std::string_view key, long long n, Vars vars = {}) const;
  // Every key, sorted.
  std::vector<std::string> keys() const;

  struct Impl;
  explicit Catalog(std::string language, const Impl* impl) : language_(std::move(language)), impl_(impl) {}

 private:
  std::string language_;
  const Impl* impl_;
};

// Fills "{name}" placeholders in `phrase` (an unknown placeholder stays as it is).
std::string fill(std::string_view phrase, Vars vars);

}  // namespace earshot::catalog
