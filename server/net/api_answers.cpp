#include "server/net/api_answers.hpp"

#include "server/rooms/ids.hpp"

namespace earshot::server::api {

using nlohmann::json;

namespace {

// How each refusal is answered: its status.
http::status status_of(const std::string& code) {
  if (code == "bad_key" || code == "deck_read_only" || code == "plan_read_only") return http::status::forbidden;
  if (code == "deck_not_found" || code == "plan_not_found") return http::status::not_found;
  if (code == "deck_name_taken" || code == "too_many_decks" || code == "plan_name_taken" || code == "too_many_plans") {
    return http::status::conflict;
  }
  if (code == "deck_too_big" || code == "plan_too_big") return http::status::payload_too_large;
  if (code == "not_saved" || code == "store_error") return http::status::internal_server_error;
  if (code == "method_not_allowed") return http::status::method_not_allowed;
  return http::status::bad_request;
}

}  // namespace

Refusal refuse(std::string code, std::string message, std::string field) {
  return {std::move(code), std::move(message), std::move(field), 0, 0};
}

Refusal missing(const char* name) {
  return refuse("missing_field", "The request needs a \"" + std::string(name) + "\" field.", name);
}

Response make(http::status status, unsigned version, std::string_view type, std::string body) {
  Response res{status, version};
  res.set(http::field::server, "earshot/" EARSHOT_VERSION);
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  add_security_headers(res.base(), type);
  res.keep_alive(true);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response json_response(http::status status, unsigned version, const json& body) {
  return make(status, version, "application/json", body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
}

Response error_response(unsigned version, const Refusal& r) {
  json body = {{"type", "error"}, {"code", r.code}, {"message", r.message}};
  if (!r.field.empty()) body["field"] = r.field;
  if (r.line) body["line"] = r.line;
  if (r.same_as) body["sameAs"] = r.same_as;
  return json_response(status_of(r.code), version, body);
}

Response not_allowed(unsigned version, const char* methods) {
  auto res = error_response(version, refuse("method_not_allowed", std::string("This address takes ") + methods + "."));
  res.set(http::field::allow, methods);
  return res;
}

Response attachment(unsigned version, std::string_view media_type, std::string file_name, std::string body) {
  auto res = make(http::status::ok, version, media_type, std::move(body));
  res.set(http::field::content_disposition, "attachment; filename=\"" + file_name + "\"");
  return res;
}

Reply::Reply(const Request& req, std::function<void(Response)> respond)
    : version_(req.version()), keep_alive_(req.keep_alive()), respond_(std::move(respond)) {}

void Reply::operator()(Response res) const {
  res.keep_alive(keep_alive_ && res.keep_alive());
  respond_(std::move(res));
}

void Reply::refused(const Refusal& r) const { (*this)(error_response(version_, r)); }

void Reply::ok(const json& body) const { (*this)(json_response(http::status::ok, version_, body)); }

std::function<void(std::variant<json, Refusal>)> Reply::later(http::status ok) const {
  return [version = version_, keep_alive = keep_alive_, respond = respond_, ok](std::variant<json, Refusal> result) {
    Response res = std::holds_alternative<Refusal>(result) ? error_response(version, std::get<Refusal>(result))
                                                           : json_response(ok, version, std::get<json>(result));
    res.keep_alive(keep_alive);
    respond(std::move(res));
  };
}

bool has_key(const Request& req, const std::string& facilitator_key) {
  std::string key = query_param(req.target(), "key").value_or("");
  if (const auto auth = req[http::field::authorization]; auth.starts_with("Bearer ")) key = std::string(auth.substr(7));
  return !facilitator_key.empty() && same_secret(key, facilitator_key);
}

std::variant<json, Refusal> body_object(const Request& req) {
  json body = json::parse(req.body(), nullptr, false);
  if (body.is_discarded()) return refuse("bad_json", "The request's body is not valid JSON.");
  if (!body.is_object()) return refuse("bad_message", "The request's body must be a JSON object.");
  return body;
}

std::variant<std::optional<std::string>, Refusal> string_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) return refuse("bad_field", "\"" + std::string(name) + "\" must be a string.", name);
  return std::optional<std::string>{it->get<std::string>()};
}

}  // namespace earshot::server::api
