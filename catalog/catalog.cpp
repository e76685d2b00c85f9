#include "catalog/catalog.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "catalog/embedded.hpp"

namespace earshot::catalog {

// A language's phrases: plain ones, and plural ones by form ("one", "other").
struct Catalog::Impl {
  std::map<std::string, std::string, std::less<>> phrases;
  std::map<std::string, std::map<std::string, std::string>, std::less<>> plurals;
};

namespace {

Catalog::Impl parse(std::string_view language, std::string_view text) {
  const auto j = nlohmann::json::parse(text);
  if (!j.is_object()) throw std::runtime_error("catalog " + std::string(language) + ": not a JSON object");
  Catalog::Impl impl;
  for (const auto& [key, value] : j.items()) {
    if (value.is_string()) {
      impl.phrases.emplace(key, value.get<std::string>());
    } else if (value.is_object() && value.contains("other")) {
      for (const auto& [form, phrase] : value.items()) impl.plurals[key][form] = phrase.get<std::string>();
    } else {
      throw std::runtime_error("catalog " + std::string(language) + ": " + key + " is neither a phrase nor plural forms");
    }
  }
  return impl;
}

struct Loaded {
  std::map<std::string, Catalog::Impl, std::less<>> impls;
  std::map<std::string, std::unique_ptr<Catalog>, std::less<>> catalogs;
};

const Loaded& loaded() {
  static const Loaded all = [] {
    Loaded l;
    for (const auto& [language, text] : embedded_catalogs()) l.impls.emplace(std::string(language), parse(language, text));
    for (const auto& [language, impl] : l.impls) l.catalogs.emplace(language, std::make_unique<Catalog>(language, &impl));
    return l;
  }();
  return all;
}

// The plural form of `n`: CLDR's "one" and "other", which are all the forms the catalogs' languages
// need for whole numbers (French counts 0 as "one" too).
std::string_view plural_form(std::string_view language, long long n) {
  if (language == "fr") return (n == 0 || n == 1) ? "one" : "other";
  return n == 1 ? "one" : "other";
}

}  // namespace

const Catalog& Catalog::of(std::string_view language) {
  const auto& catalogs = loaded().catalogs;
  auto it = catalogs.find(language);
  if (it == catalogs.end()) it = catalogs.find(std::string_view("en"));
  if (it == catalogs.end()) throw std::logic_error("no English catalog was embedded");
  return *it->second;
}

std::vector<std::string> Catalog::languages() {
  std::vector<std::string> out;
  for (const auto& [language, _] : loaded().catalogs) out.push_back(language);
  return out;
}

bool Catalog::has(std::string_view key) const { return impl_->phrases.contains(key) || impl_->plurals.contains(key); }

bool Catalog::is_plural(std::string_view key) const { return impl_->plurals.contains(key); }

std::string Catalog::text(std::string_view key, Vars vars) const {
  const auto it = impl_->phrases.find(key);
  if (it == impl_->phrases.end()) return "[" + std::string(key) + "]";
  return fill(it->second, vars);
}

std::string Catalog::text_for(std::string_view pattern, std::string_view item, Vars vars) const {
  std::string key(pattern);
  if (const auto star = key.find('*'); star != std::string::npos) key.replace(star, 1, item);
  return text(key, vars);
}

std::string Catalog::count(std::string_view key, long long n, Vars vars) const {
  const auto it = impl_->plurals.find(key);
  if (it == impl_->plurals.end()) return "[" + std::string(key) + "]";
  const auto& forms = it->second;
  auto form = n == 0 ? forms.find("zero") : forms.end();  // an explicit form for none, if the phrase has one
  if (form == forms.end()) form = forms.find(std::string(plural_form(language_, n)));
  if (form == forms.end()) form = forms.find("other");
  const std::string number = std::to_string(n);
  std::string out = fill(form->second, {{"n", number}});
  return fill(out, vars);
}

std::vector<std::string> Catalog::keys() const {
  std::vector<std::string> out;
  for (const auto& [key, _] : impl_->phrases) out.push_back(key);
  for (const auto& [key, _] : impl_->plurals) out.push_back(key);
  std::sort(out.begin(), out.end());
  return out;
}

std::string fill(std::string_view phrase, Vars vars) {
  std::string out;
  out.reserve(phrase.size());
  std::size_t i = 0;
  while (i < phrase.size()) {
    const auto open = phrase.find('{', i);
    if (open == std::string_view::npos) break;
    const auto close = phrase.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(phrase.substr(i, open - i));
    const auto name = phrase.substr(open + 1, close - open - 1);
    bool found = false;
    for (const auto& [var, value] : vars) {
      if (var == name) {
        out.append(value);
        found = true;
        break;
      }
    }
    if (!found) out.append(phrase.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(phrase.substr(i));
  return out;
}

}  // namespace earshot::catalog
