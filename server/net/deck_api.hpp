#pragma once
// The facilitator's decks over HTTP: /api/decks and below (docs/protocol.md, "Decks"). Every
// request needs the facilitator key. The answers are JSON (an export downloads as a file); a
// refusal is {"type":"error","code":...,"message":...} with the field and line it is about.
// Changes are answered once they are on disk, so the answer may come later, from another thread.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "games/vocabulary.hpp"
#include "server/net/http_handler.hpp"
#include "server/rooms/decks.hpp"

namespace earshot::server {

// Whether a request target is for the decks (/api/decks, /api/decks/...).
bool is_deck_request(std::string_view target);

// The largest body a deck request may send: a file to import, or a deck's text inside JSON (its
// escapes may make it longer). Bigger bodies are refused before they are read (deck_too_big).
inline constexpr std::size_t max_deck_request_bytes = 2 * games::limits::max_deck_bytes;

// Answers a deck request through `respond` (once, now or later, from any thread).
void handle_deck_request(const Request& req, DeckLibrary& decks, const std::string& facilitator_key,
                         std::function<void(Response)> respond);

// The answer to a deck request whose body is over max_deck_request_bytes (413, deck_too_big).
Response deck_request_too_big(unsigned version);

}  // namespace earshot::server
