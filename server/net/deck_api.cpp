#include "server/net/deck_api.hpp"

#include <nlohmann/json.hpp>

#include "server/net/api_answers.hpp"

namespace earshot::server {

using nlohmann::json;
using api::error_response;
using api::json_response;
using api::missing;
using api::not_allowed;
using api::refuse;

namespace {

constexpr std::string_view prefix = "/api/decks";

}  // namespace

bool is_deck_request(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  return path == prefix || path.starts_with(std::string(prefix) + "/");
}

Response deck_request_too_big(unsigned version) {
  auto res = error_response(
      version, refuse("deck_too_big",
                      "The request is over " + std::to_string(max_deck_request_bytes) +
                          " bytes: a deck's file may be at most " + std::to_string(games::limits::max_deck_bytes) +
                          " bytes (1 MiB).",
                      "file"));
  res.keep_alive(false);
  return res;
}

void handle_deck_request(const Request& req, DeckLibrary& decks, const std::string& facilitator_key,
                         std::function<void(Response)> respond) {
  const api::Reply answer(req, std::move(respond));
  const unsigned version = answer.version();
  auto refused = [&](const DeckRefusal& r) { answer.refused(r); };
  auto later = [&](http::status ok) { return answer.later(ok); };

  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));

  if (!api::has_key(req, facilitator_key)) {
    return refused(refuse("bad_key", "The facilitator key is missing or wrong.", "key"));
  }

  const auto method = req.method();
  try {
    // /api/decks: the list, or a new deck.
    if (path == prefix) {
      if (method == http::verb::get) return answer(json_response(http::status::ok, version, decks.list()));
      if (method != http::verb::post) return answer(not_allowed(version, "GET, POST"));
      auto body = api::body_object(req);
      if (auto* r = std::get_if<DeckRefusal>(&body)) return refused(*r);
      const json& b = std::get<json>(body);
      auto name = api::string_field(b, "name");
      auto text = api::string_field(b, "text");
      auto from = api::string_field(b, "copyOf");
      for (auto* f : {&name, &text, &from}) {
        if (auto* r = std::get_if<DeckRefusal>(f)) return refused(*r);
      }
      auto& n = std::get<std::optional<std::string>>(name);
      auto& t = std::get<std::optional<std::string>>(text);
      auto& c = std::get<std::optional<std::string>>(from);
      if (!n) return refused(missing("name"));
      if (t && c) return refused(refuse("bad_field", "\"text\" and \"copyOf\" can't both be given.", "copyOf"));
      if (c) return decks.copy(std::move(*c), std::move(*n), later(http::status::created));
      if (!t) return refused(missing("text"));
      return decks.create(std::move(*n), std::move(*t), later(http::status::created));
    }

    std::string_view rest = path.substr(prefix.size() + 1);
    // /api/decks/import?name=NAME&file=FILE: the body is the file.
    if (rest == "import") {
      if (method != http::verb::post) return answer(not_allowed(version, "POST"));
      auto name = query_param(target, "name");
      auto file = query_param(target, "file");
      if (!name) return refused(missing("name"));
      if (!file) return refused(missing("file"));
      return decks.import(std::move(*name), std::move(*file), req.body(), later(http::status::created));
    }
    // /api/decks/ID.txt, /api/decks/ID.csv: the deck as a file.
    if (const auto dot = rest.rfind('.'); dot != std::string_view::npos) {
      if (method != http::verb::get) return answer(not_allowed(version, "GET"));
      auto file = decks.export_deck(rest.substr(0, dot), rest.substr(dot + 1));
      if (auto* r = std::get_if<DeckRefusal>(&file)) return refused(*r);
      auto& f = std::get<DeckFile>(file);
      return answer(api::attachment(version, f.media_type, std::move(f.file_name), std::move(f.body)));
    }
    // /api/decks/ID: read, change, delete.
    const std::string id(rest);
    if (method == http::verb::get) {
      auto deck = decks.get(id);
      if (auto* r = std::get_if<DeckRefusal>(&deck)) return refused(*r);
      return answer(json_response(http::status::ok, version, std::get<json>(deck)));
    }
    if (method == http::verb::delete_) return decks.remove(id, later(http::status::ok));
    if (method != http::verb::put) return answer(not_allowed(version, "GET, PUT, DELETE"));
    auto body = api::body_object(req);
    if (auto* r = std::get_if<DeckRefusal>(&body)) return refused(*r);
    const json& b = std::get<json>(body);
    auto name = api::string_field(b, "name");
    auto text = api::string_field(b, "text");
    for (auto* f : {&name, &text}) {
      if (auto* r = std::get_if<DeckRefusal>(f)) return refused(*r);
    }
    auto& n = std::get<std::optional<std::string>>(name);
    auto& t = std::get<std::optional<std::string>>(text);
    if (!n && !t) return refused(refuse("missing_field", "The request needs a \"name\" or a \"text\" field, or both.", "text"));
    return decks.update(id, std::move(n), std::move(t), later(http::status::ok));
  } catch (const store::StoreError& e) {
    return refused(refuse("store_error", std::string("The decks could not be read: ") + e.what()));
  }
}

}  // namespace earshot::server
