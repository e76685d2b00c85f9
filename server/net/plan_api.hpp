#pragma once
// The facilitator's workshop plans over HTTP: /api/plans and below (docs/protocol.md, "Plans").
// Like the decks' API: every request needs the facilitator key, answers are JSON (an export
// downloads as a file), changes are answered once they are on disk.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "games/vocabulary.hpp"
#include "server/net/http_handler.hpp"
#include "server/rooms/plans.hpp"

namespace earshot::server {

// Whether a request target is for the plans (/api/plans, /api/plans/...).
bool is_plan_request(std::string_view target);

// The largest body a plan request may send: a plan file to import, or a plan inside JSON.
inline constexpr std::size_t max_plan_request_bytes = 2 * games::limits::max_plan_bytes;

// Answers a plan request through `respond` (once, now or later, from any thread).
void handle_plan_request(const Request& req, PlanLibrary& plans, const std::string& facilitator_key,
                         std::function<void(Response)> respond);

// The answer to a plan request whose body is over max_plan_request_bytes (413, plan_too_big).
Response plan_request_too_big(unsigned version);

}  // namespace earshot::server
