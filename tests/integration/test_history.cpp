// The record over HTTP: the stored sessions and the exports of a session's transcript, for the
// facilitator only; and deleting a session for good.

#include "client/http.hpp"
#include "play.hpp"

using namespace earshot::test;
using earshot::client::HttpRequest;
using earshot::client::http_get;
using earshot::client::http_request;

namespace {

std::string with_key(const std::string& target) {
  return target + (target.find('?') == std::string::npos ? "?" : "&") + "key=" + ServerProcess::facilitator_key;
}

// Plays a short chain round in a fresh table: Ann, Ben and Cat say the words below.
void play_chain(Table& t) {
  const json first = t.start({{"game", "chain"}, {"seedWord", "coffee"}, {"maxTurns", 3}, {"turnMs", 60000}});
  const std::vector<std::string> words = {"bean", "roast", "aroma"};
  for (std::size_t k = 0; k < words.size(); ++k) {
    const json v = t.host.view_where([&](const json& v) { return v["circles"][0]["length"] == k; });
    t.by_id(turn_of(v)).ok({{"type", "play"}, {"action", "word"}, {"text", words[k]}});
  }
  t.host.view_in_phase("ended");
}

}  // namespace

TEST_CASE("the session list and the exports need the facilitator key") {
  Table t(3);
  play_chain(t);
  const auto url = t.h.server.url();
  CHECK(http_get(url, "/api/sessions").status == 403);
  CHECK(http_get(url, "/api/sessions?key=wrong").status == 403);
  CHECK(http_get(url, "/export/" + t.code + ".csv").status == 403);

  const auto list = http_get(url, with_key("/api/sessions"));
  REQUIRE(list.status == 200);
  const json sessions = json::parse(list.body);
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0]["code"] == t.code);
  CHECK(sessions[0]["participants"] == 3);
  CHECK(sessions[0]["rounds"][0]["game"] == "chain");
  CHECK(sessions[0]["rounds"][0]["endedAt"].is_number());

  // The key also works as a bearer token, for scripts.
  HttpRequest bearer;
  bearer.target = "/api/sessions";
  bearer.headers = {{"Authorization", std::string("Bearer ") + ServerProcess::facilitator_key}};
  CHECK(http_request(url, bearer).status == 200);
}

TEST_CASE("a played round exports as JSON, CSV, Markdown and a printable report") {
  Table t(3);
  play_chain(t);
  const auto url = t.h.server.url();

  const auto csv = http_get(url, with_key("/export/" + t.code + ".csv"));
  REQUIRE(csv.status == 200);
  CHECK(csv.header("Content-Type").value_or("").starts_with("text/csv"));
  CHECK(csv.header("Content-Disposition").value_or("").find("earshot-" + t.code + ".csv") != std::string::npos);
  for (const char* word : {"bean", "roast", "aroma"}) CHECK(csv.body.find(word) != std::string::npos);

  const auto j = http_get(url, with_key("/export/" + t.code.substr(0, 2) + "/../" + t.code + ".json"));
  CHECK(j.status == 404);  // nothing but a plain code
  const auto exported = http_get(url, with_key("/export/" + t.code + ".json"));
  REQUIRE(exported.status == 200);
  const json doc = json::parse(exported.body);
  CHECK(doc["session"]["code"] == t.code);
  REQUIRE(doc["rounds"].size() == 1);
  CHECK(doc["rounds"][0]["events"].size() > 3);
  CHECK(exported.body.find(t.people[0].token) == std::string::npos);  // tokens never leave the server

  const auto md = http_get(url, with_key("/export/" + t.code + ".md"));
  REQUIRE(md.status == 200);
  CHECK(md.body.find("coffee") != std::string::npos);

  const auto html = http_get(url, with_key("/export/" + t.code + ".html"));
  REQUIRE(html.status == 200);
  CHECK(html.header("Content-Type").value_or("").starts_with("text/html"));
  CHECK_FALSE(html.header("Content-Disposition"));  // opens in the browser, to print
  CHECK(html.body.find("/css/report.css") != std::string::npos);
  CHECK(html.body.find("<svg") != std::string::npos);
  const auto css = http_get(url, "/css/report.css");
  CHECK(css.status == 200);
  CHECK(css.body.find("@media print") != std::string::npos);

  const auto anonymous = http_get(url, with_key("/export/" + t.code + ".md") + "&anonymous=1");
  REQUIRE(anonymous.status == 200);
  CHECK(anonymous.body.find("Ann") == std::string::npos);
  CHECK(anonymous.body.find("Participant A") != std::string::npos);

  CHECK(http_get(url, with_key("/export/" + t.code + ".pdf")).status == 404);
  CHECK(http_get(url, with_key("/export/" + other_code(t.code) + ".csv")).status == 404);
}

TEST_CASE("deleting a session closes its room and removes its record") {
  Table t(2);
  play_chain(t);
  const auto url = t.h.server.url();
  t.people[0].refused({{"type", "delete_session"}, {"room", t.code}}, "forbidden");
  t.host.refused({{"type", "delete_session"}, {"room", other_code(t.code)}}, "room_not_found");
  const json reply = t.host.request({{"type", "delete_session"}, {"room", t.code}});
  CHECK(reply["type"] == "rooms");
  CHECK(reply["rooms"].empty());
  t.people[0].client.receive_until("room_closed", reply_limit);
  CHECK(http_get(url, with_key("/export/" + t.code + ".json")).status == 404);
  CHECK(json::parse(http_get(url, with_key("/api/sessions")).body).empty());
}
