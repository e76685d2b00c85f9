#pragma once
// What the facilitator's HTTP APIs (/api/decks, /api/plans) have in common: the key check, the
// JSON answers, refusals and the status each refusal code is answered with (docs/protocol.md,
// "Decks" and "Plans"), and reading a JSON body.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "games/deck.hpp"
#include "server/net/http_handler.hpp"

namespace earshot::server::api {

// A refusal: its code, message, field and line (for decks).
using Refusal = games::DeckRefusal;

Refusal refuse(std::string code, std::string message, std::string field = {});
Refusal missing(const char* name);

// An answer with no-store caching and the security headers.
Response make(http::status status, unsigned version, std::string_view type, std::string body);
Response json_response(http::status status, unsigned version, const nlohmann::json& body);
// {"type":"error","code":...,"message":...,"field":...,"line":...,"sameAs":...} with its status.
Response error_response(unsigned version, const Refusal& r);
Response not_allowed(unsigned version, const char* methods);
// A download: `body` as `media_type`, saved as `file_name` (ASCII).
Response attachment(unsigned version, std::string_view media_type, std::string file_name, std::string body);

// How one request is answered: now, or later (from any thread) with what a change came to. Keeps
// the request's HTTP version and keep-alive.
class Reply {
 public:
  Reply(const Request& req, std::function<void(Response)> respond);
  void operator()(Response res) const;      // now
  void refused(const Refusal& r) const;     // now, the refusal
  void ok(const nlohmann::json& body) const;  // now, 200 with the body
  // For a change: answers `ok` with its JSON, or its refusal.
  std::function<void(std::variant<nlohmann::json, Refusal>)> later(http::status ok) const;
  unsigned version() const { return version_; }

 private:
  unsigned version_;
  bool keep_alive_;
  std::function<void(Response)> respond_;
};

// Whether the request carries the facilitator key ("Authorization: Bearer KEY", or ?key=KEY for
// a download's link).
bool has_key(const Request& req, const std::string& facilitator_key);

// The JSON object of a request body, or why not (bad_json, bad_message).
std::variant<nlohmann::json, Refusal> body_object(const Request& req);
// An optional string field of a body: nullopt when absent or null, a refusal when not a string.
std::variant<std::optional<std::string>, Refusal> string_field(const nlohmann::json& body, const char* name);

}  // namespace earshot::server::api
