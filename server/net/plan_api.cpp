#include "server/net/plan_api.hpp"

#include <nlohmann/json.hpp>

#include "server/net/api_answers.hpp"

namespace earshot::server {

using nlohmann::json;
using api::error_response;
using api::json_response;
using api::not_allowed;
using api::refuse;

namespace {
constexpr std::string_view prefix = "/api/plans";
}  // namespace

bool is_plan_request(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  return path == prefix || path.starts_with(std::string(prefix) + "/");
}

Response plan_request_too_big(unsigned version) {
  auto res = error_response(version, refuse("plan_too_big",
                                            "The request is over " + std::to_string(max_plan_request_bytes) +
                                                " bytes: a plan's file may be at most " +
                                                std::to_string(games::limits::max_plan_bytes) + " bytes (1 MiB).",
                                            "file"));
  res.keep_alive(false);
  return res;
}

void handle_plan_request(const Request& req, PlanLibrary& plans, const std::string& facilitator_key,
                         std::function<void(Response)> respond) {
  const api::Reply answer(req, std::move(respond));
  const unsigned version = answer.version();
  auto refused = [&](const PlanRefusal& r) { answer.refused(r); };
  auto later = [&](http::status ok) { return answer.later(ok); };

  const std::string_view target = req.target();
  const std::string_view path = target.substr(0, target.find('?'));
  if (!api::has_key(req, facilitator_key)) return refused(refuse("bad_key", "The facilitator key is missing or wrong.", "key"));

  const auto method = req.method();
  try {
    // /api/plans: the list, a new plan or a copy.
    if (path == prefix) {
      if (method == http::verb::get) return answer(json_response(http::status::ok, version, plans.list()));
      if (method != http::verb::post) return answer(not_allowed(version, "GET, POST"));
      auto body = api::body_object(req);
      if (auto* r = std::get_if<PlanRefusal>(&body)) return refused(*r);
      json& b = std::get<json>(body);
      if (b.contains("copyOf")) {
        auto from = api::string_field(b, "copyOf");
        auto name = api::string_field(b, "name");
        for (auto* f : {&from, &name}) {
          if (auto* r = std::get_if<PlanRefusal>(f)) return refused(*r);
        }
        auto& c = std::get<std::optional<std::string>>(from);
        auto& n = std::get<std::optional<std::string>>(name);
        if (b.contains("activities")) {
          return refused(refuse("bad_field", "\"activities\" and \"copyOf\" can't both be given.", "copyOf"));
        }
        if (!c) return refused(api::missing("copyOf"));
        if (!n) return refused(api::missing("name"));
        return plans.copy(std::move(*c), std::move(*n), later(http::status::created));
      }
      return plans.create(std::move(b), later(http::status::created));
    }

    std::string_view rest = path.substr(prefix.size() + 1);
    // /api/plans/import: the body is the plan file.
    if (rest == "import") {
      if (method != http::verb::post) return answer(not_allowed(version, "POST"));
      return plans.import(req.body(), later(http::status::created));
    }
    // /api/plans/ID.json: the plan as a file.
    if (rest.ends_with(".json")) {
      if (method != http::verb::get) return answer(not_allowed(version, "GET"));
      auto file = plans.export_plan(rest.substr(0, rest.size() - 5));
      if (auto* r = std::get_if<PlanRefusal>(&file)) return refused(*r);
      auto& f = std::get<DeckFile>(file);
      return answer(api::attachment(version, f.media_type, std::move(f.file_name), std::move(f.body)));
    }
    // /api/plans/ID: read, change, delete.
    const std::string id(rest);
    if (method == http::verb::get) {
      auto plan = plans.get(id);
      if (auto* r = std::get_if<PlanRefusal>(&plan)) return refused(*r);
      return answer(json_response(http::status::ok, version, std::get<json>(plan)));
    }
    if (method == http::verb::delete_) return plans.remove(id, later(http::status::ok));
    if (method != http::verb::put) return answer(not_allowed(version, "GET, PUT, DELETE"));
    auto body = api::body_object(req);
    if (auto* r = std::get_if<PlanRefusal>(&body)) return refused(*r);
    return plans.update(id, std::move(std::get<json>(body)), later(http::status::ok));
  } catch (const store::StoreError& e) {
    return refused(refuse("store_error", std::string("The plans could not be read: ") + e.what()));
  }
}

}  // namespace earshot::server
