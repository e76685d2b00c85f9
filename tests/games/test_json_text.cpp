// The JSON writer the views are written with (games/json_text.hpp): its text must be what
// nlohmann::json would write for the same values, and pieces must join into valid JSON.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "games/json_text.hpp"

using earshot::games::JsonText;
using earshot::games::parse_members;
using nlohmann::json;

namespace {
std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
}  // namespace

TEST_CASE("json text: strings are written exactly as nlohmann::json writes them") {
  const std::vector<std::string> samples = {
      "",       "plain words", "say \"hi\"", "back\\slash", "tab\there", "new\nline", std::string("nul\0x", 5),
      "\x01\x1f\x7f", "café ünïcödé", "emoji 👂 ear", "bad \xff utf-8 \xc3", "cut \xe2\x82"};
  for (const auto& s : samples) {
    CAPTURE(s);
    std::string out;
    JsonText(out).str(s);
    CHECK(out == dumped(json(s)));
    CHECK(json::parse(out).is_string());  // invalid UTF-8 is replaced, so it always parses
  }
  std::string out;
  JsonText(out).key_text("a \"key\"").num(1);
  CHECK(out == R"("a \"key\"":1)");
}

TEST_CASE("json text: members, nesting and values join with commas where JSON needs them") {
  std::string out;
  JsonText w(out);
  w.key("id").str("c1");
  w.key("order").begin_array().str("p1").str("p2").end_array();
  w.key("empty").begin_array().end_array();
  w.key("nested").begin_object().key("n").num(-42).key("ok").boolean(true).key("none").null().end_object();
  w.key("list").begin_array().begin_object().key("a").num(1).end_object().begin_object().end_object().end_array();
  w.key("tree").value(json{{"x", {1, 2.5, "y"}}});
  w.key("raw").raw(R"({"pre":"made"})");
  w.members(R"("more":1,"andMore":false)");
  w.members("");
  CHECK(out ==
        R"("id":"c1","order":["p1","p2"],"empty":[],"nested":{"n":-42,"ok":true,"none":null},)"
        R"("list":[{"a":1},{}],"tree":{"x":[1,2.5,"y"]},"raw":{"pre":"made"},"more":1,"andMore":false)");
  const json parsed = parse_members(out);
  CHECK(parsed["order"] == json{"p1", "p2"});
  CHECK(parsed["nested"]["n"] == -42);
  CHECK(parsed["tree"]["x"][1] == 2.5);
  CHECK(parsed["andMore"] == false);
  CHECK(parse_members("") == json::object());
}

TEST_CASE("json text: integers at the edges of their range") {
  std::string out;
  JsonText(out).key("min").num(INT64_MIN).key("max").num(INT64_MAX).key("zero").num(0);
  const json parsed = parse_members(out);
  CHECK(parsed["min"] == INT64_MIN);
  CHECK(parsed["max"] == INT64_MAX);
  CHECK(out == R"("min":-9223372036854775808,"max":9223372036854775807,"zero":0)");
}
