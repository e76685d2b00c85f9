#include "server/net/deck_api.hpp"

#include <nlohmann/json.hpp>

#include "server/rooms/ids.hpp"

namespace earshot::server {

using nlohmann::json;

namespace {

constexpr std::string_view prefix = "/api/decks";

Response make(http::status status, unsigned version, std::string_view type, std::string body) {
  Response res{status, version};
  res.set(http::field::server, "earshot/" EARSHOT_VERSION);
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  add_security_headers(res.base());
  res.keep_alive(true);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response json_response(http::status status, unsigned version, const json& body) {
  return make(status, version, "application/json", body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
}

// How each refusal is answered: its status.
http::status status_of(const std::string& code) {
  if (code == "bad_key" || code == "deck_read_only") return http::status::forbidden;
  if (code == "deck_not_found") return http::status::not_found;
  if (code == "deck_name_taken" || code == "too_many_decks") return http::status::conflict;
  if (code == "deck_too_big") return http::status::payload_too_large;
  if (code == "not_saved" || code == "store_error") return http::status::internal_server_error;
  if (code == "method_not_allowed") return http::status::method_not_allowed;
  return http::status::bad_request;
}

Response error_response(unsigned version, const DeckRefusal& r) {
  json body = {{"type", "error"}, {"code", r.code}, {"message", r.message}};
  if (!r.field.empty()) body["field"] = r.field;
  if (r.line) body["line"] = r.line;
  if (r.same_as) body["sameAs"] = r.same_as;
  return json_response(status_of(r.code), version, body);
}

DeckRefusal refuse(std::string code, std::string message, std::string field = {}) {
  return {std::move(code), std::move(message), std::move(field), 0, 0};
}

// The JSON object of a request body, or why not.
std::variant<json, DeckRefusal> body_object(const Request& req) {
  json body = json::parse(req.body(), nullptr, false);
  if (body.is_discarded()) return refuse("bad_json", "The request's body is not valid JSON.");
  if (!body.is_object()) return refuse("bad_message", "The request's body must be a JSON object.");
  return body;
}

// An optional string field of a body: nullopt when absent, a refusal when not a string.
std::variant<std::optional<std::string>, DeckRefusal> string_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return refuse("bad_field", "\"" + std::string(name) + "\" must be a string.", name);
  return std::optional<std::string>{it->get<std::string>()};
}

DeckRefusal missing(const char* name) {
  return refuse("missing_field", "The request needs a \"" + std::string(name) + "\" field.", name);
}

Response not_allowed(unsigned version, const char* methods) {
  auto res = error_response(version, refuse("method_not_allowed", std::string("This address takes ") + methods + "."));
  res.set(http::field::allow, methods);
  return res;
}

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
  const unsigned version = req.version();
  const bool keep_alive = req.keep_alive();
  auto answer = [&respond, keep_alive](Response res) {
    res.keep_alive(keep_alive && res.keep_alive());
    respond(std::move(res));
  };
  auto refused = [&](const DeckRefusal& r) { answer(error_response(version, r)); };
  // A change's answer comes once it is on disk, from the store's thread.
  auto later = [respond, version, keep_alive](http::status ok) {
    return [respond, version, keep_alive, ok](std::variant<json, DeckRefusal> result) {
      Response res = std::holds_alternative<DeckRefusal>(result) ? error_response(version, std::get<DeckRefusal>(result))
                                                                : json_response(ok, version, std::get<json>(result));
      res.keep_alive(keep_alive);
      respond(std::move(res));
    };
  };

  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));

  // The key: "Authorization: Bearer KEY", or ?key=KEY (a download's link).
  std::string key = query_param(target, "key").value_or("");
  if (const auto auth = req[http::field::authorization]; auth.starts_with("Bearer ")) key = std::string(auth.substr(7));
  if (facilitator_key.empty() || !same_secret(key, facilitator_key)) {
    return refused(refuse("bad_key", "The facilitator key is missing or wrong.", "key"));
  }

  const auto method = req.method();
  try {
    // /api/decks: the list, or a new deck.
    if (path == prefix) {
      if (method == http::verb::get) return answer(json_response(http::status::ok, version, decks.list()));
      if (method != http::verb::post) return answer(not_allowed(version, "GET, POST"));
      auto body = body_object(req);
      if (auto* r = std::get_if<DeckRefusal>(&body)) return refused(*r);
      const json& b = std::get<json>(body);
      auto name = string_field(b, "name");
      auto text = string_field(b, "text");
      auto from = string_field(b, "copyOf");
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
      auto res = make(http::status::ok, version, f.media_type, std::move(f.body));
      res.set(http::field::content_disposition, "attachment; filename=\"" + f.file_name + "\"");
      return answer(std::move(res));
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
    auto body = body_object(req);
    if (auto* r = std::get_if<DeckRefusal>(&body)) return refused(*r);
    const json& b = std::get<json>(body);
    auto name = string_field(b, "name");
    auto text = string_field(b, "text");
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
