// The plan format (games/plan.hpp): a plan file read, written and read back to the same plan, and
// every refusal with its code and the field it names.

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "games/content.hpp"
#include "games/plan.hpp"

using namespace earshot::games;
using nlohmann::json;

namespace {

json a_file() {
  return {
      {"format", "earshot-plan"},
      {"version", 1},
      {"plan",
       {{"name", "Listening warm-up"},
        {"minutes", 20},
        {"activities",
         json::array({
             {{"title", "Warm up the chain"},
              {"notes", "Say: just the first word you hear.\r\n\r\n\tNo wrong answers.  \n\n"},
              {"questions", {"Which word surprised you?", "Did you listen, or plan ahead?"}},
              {"circles", "one"},
              {"config", {{"v", 1}, {"game", "chain"}, {"seedWord", "ticket"}}}},
             {{"title", "Same caller, many readings"},
              {"circles", {{"split", 3}}},
              {"config", {{"v", 1}, {"game", "burst"}, {"answerMs", 30000}}},
              {"draw", {{"deck", "What the caller said"}, {"mode", "next"}, {"count", 2}}}},
             {{"title", "Retell the story"},
              {"config", {{"v", 1}, {"game", "waat"}, {"retell", true}}},
              {"draw", {{"deck", "titles"}}}},
         })}}},
      {"decks", json::array({{{"name", "What the caller said"}, {"entries", {"It just stopped working", "Nothing has changed", "It's slow"}}}})},
  };
}

PlanFile parsed(const std::string& text) {
  auto result = parse_plan_file(text);
  if (const auto* r = std::get_if<PlanRefusal>(&result)) FAIL("refused: " << r->code << " at " << r->field << ": " << r->message);
  return std::get<PlanFile>(result);
}

PlanRefusal refused(const std::string& text) {
  auto result = parse_plan_file(text);
  REQUIRE(std::holds_alternative<PlanRefusal>(result));
  return std::get<PlanRefusal>(result);
}

}  // namespace

TEST_CASE("a plan file is read, written and read back to the same plan") {
  const PlanFile file = parsed(a_file().dump());
  CHECK(file.plan.name == "Listening warm-up");
  CHECK(file.plan.minutes == 20);
  REQUIRE(file.plan.activities.size() == 3);
  const Activity& first = file.plan.activities[0];
  CHECK(first.title == "Warm up the chain");
  CHECK(first.notes == "Say: just the first word you hear.\n\n No wrong answers.");  // line breaks kept, ends tidied
  CHECK(first.questions == std::vector<std::string>{"Which word surprised you?", "Did you listen, or plan ahead?"});
  CHECK(first.circles == Circles{Circles::How::one, 1});
  CHECK_FALSE(first.draw);
  const Activity& second = file.plan.activities[1];
  CHECK(second.circles == Circles{Circles::How::split, 3});
  REQUIRE(second.draw);
  CHECK(*second.draw == PlanDraw{"What the caller said", DrawMode::next, 2});
  CHECK(file.plan.activities[2].circles == Circles{});
  CHECK(file.plan.activities[2].draw->deck == "titles");  // a built-in deck
  REQUIRE(file.decks.size() == 1);
  CHECK(file.decks[0].entries.size() == 3);

  const std::string written = write_plan_file(file);
  CHECK(parsed(written) == file);
  CHECK(write_plan_file(parsed(written)) == written);
}

TEST_CASE("a plan file that is not one is refused as a whole, naming what is wrong") {
  CHECK(refused(std::string(limits::max_plan_bytes + 1, ' ')).code == "plan_too_big");
  CHECK(refused("entry one\nentry two\n").code == "plan_not_json");
  CHECK(refused("{\"format\": \"earshot-plan\", \"version\": 1, \"plan\": ").code == "plan_not_json");
  CHECK(refused(std::string(200, '[') + std::string(200, ']')).code == "plan_not_json");  // nested too deep
  CHECK(refused("\"\xff\xfe\"").code == "plan_not_json");
  CHECK(refused("{\"format\": \"kahoot\"}").code == "plan_not_a_plan");
  CHECK(refused("[1, 2]").code == "plan_not_a_plan");

  json newer = a_file();
  newer["version"] = 2;
  const PlanRefusal r = refused(newer.dump());
  CHECK(r.code == "plan_unsupported_version");
  CHECK(r.field == "version");
}

TEST_CASE("every field of a plan is checked, and a refusal names it") {
  struct Case {
    std::string path;  // a JSON pointer into the file
    json value;        // what is put there (null: removed)
    std::string code, field;
  };
  const std::vector<Case> cases = {
      {"/plan/name", "", "bad_field", "plan.name"},
      {"/plan/name", 7, "bad_field", "plan.name"},
      {"/plan/minutes", 0, "bad_field", "plan.minutes"},
      {"/plan/minutes", 10000, "bad_field", "plan.minutes"},
      {"/plan/activities", json::array(), "bad_field", "plan.activities"},
      {"/plan/activities/0/title", "", "bad_field", "plan.activities[0].title"},
      {"/plan/activities/0/title", std::string(81, 'x'), "bad_field", "plan.activities[0].title"},
      {"/plan/activities/0/title", "tab\x01", "bad_field", "plan.activities[0].title"},
      {"/plan/activities/0/notes", std::string(2001, 'n'), "bad_field", "plan.activities[0].notes"},
      {"/plan/activities/0/questions", json::array({"", "?"}), "bad_field", "plan.activities[0].questions[0]"},
      {"/plan/activities/0/questions", json(std::vector<std::string>(9, "Why?")), "bad_field", "plan.activities[0].questions"},
      {"/plan/activities/0/circles", "three", "bad_field", "plan.activities[0].circles"},
      {"/plan/activities/0/circles", {{"split", 1}}, "bad_field", "plan.activities[0].circles.split"},
      {"/plan/activities/0/circles", {{"split", 51}}, "bad_field", "plan.activities[0].circles.split"},
      {"/plan/activities/0/colour", "red", "bad_field", "plan.activities[0].colour"},
      {"/plan/activities/0/config/game", "charades", "unknown_game", "plan.activities[0].config.game"},
      {"/plan/activities/0/config/turnMs", 5, "bad_field", "plan.activities[0].config.turnMs"},
      {"/plan/activities/0/config/circles", json::array(), "bad_field", "plan.activities[0].config.circles"},
      {"/plan/activities/1/config/stimuli", json::array({"a"}), "bad_field", "plan.activities[1].config.stimuli"},
      {"/plan/activities/1/draw/mode", "shuffled", "bad_field", "plan.activities[1].draw.mode"},
      {"/plan/activities/1/draw/count", 0, "bad_field", "plan.activities[1].draw.count"},
      {"/plan/activities/1/draw/deck", "Jargon", "plan_deck_missing", "plan.activities[1].draw.deck"},
      {"/plan/activities/2/draw/count", 2, "bad_field", "plan.activities[2].draw.count"},
      {"/decks/0/name", "titles", "deck_name_taken", "decks[0].name"},
      {"/decks/0/entries", json::array({"fine", ""}), "deck_entry_invalid", "decks[0].entries[1]"},
      {"/decks/0/entries", json::array({"same", "Same!"}), "deck_entry_duplicate", "decks[0].entries[1]"},
      {"/decks/0/entries", json::array({std::string(101, 'e')}), "deck_entry_too_long", "decks[0].entries[0]"},
      {"/decks/0/entries", json(std::vector<std::string>(2001, "x")), "deck_too_many_entries", "decks[0].entries"},
      {"/plan/activities/0/config", nullptr, "missing_field", "plan.activities[0].config"},
      {"/plan/activities/0/title", nullptr, "missing_field", "plan.activities[0].title"},
      {"/plan", nullptr, "missing_field", "plan"},
  };
  for (const auto& c : cases) {
    json file = a_file();
    const json::json_pointer at(c.path);
    if (c.value.is_null()) {
      file[at.parent_pointer()].erase(at.back());
    } else {
      file[at] = c.value;
    }
    CAPTURE(c.path);
    CAPTURE(c.value.dump());
    const PlanRefusal r = refused(file.dump());
    CHECK(r.code == c.code);
    CHECK(r.field == c.field);
    CHECK_FALSE(r.message.empty());
  }

  json two = a_file();
  two["decks"].push_back({{"name", "what the caller said!"}, {"entries", {"x"}}});
  CHECK(refused(two.dump()).code == "deck_name_taken");
  json many = a_file();
  for (int i = 0; i < 40; ++i) many["plan"]["activities"].push_back(many["plan"]["activities"][0]);
  CHECK(refused(many.dump()).field == "plan.activities");
}

TEST_CASE("a plan alone is checked against the decks there are") {
  const json plan = a_file()["plan"];
  auto none = parse_plan(plan, [](std::string_view) { return false; });
  REQUIRE(std::holds_alternative<PlanRefusal>(none));
  CHECK(std::get<PlanRefusal>(none).code == "plan_deck_missing");
  CHECK(std::get<PlanRefusal>(none).field == "activities[1].draw.deck");
  auto some = parse_plan(plan, [](std::string_view name) { return name == "What the caller said"; });
  REQUIRE(std::holds_alternative<Plan>(some));
  CHECK(to_json(std::get<Plan>(some))["activities"][1]["draw"] == json{{"deck", "What the caller said"}, {"mode", "next"}, {"count", 2}});
}

TEST_CASE("the ready-made listening plans are built in, and are plans the format accepts") {
  std::vector<std::string> ids;
  for (const auto& [id, text] : builtin_plan_files()) {
    CAPTURE(id);
    ids.emplace_back(id);
    const PlanFile file = parsed(std::string(text));
    CHECK(file.decks.empty());  // what they draw from is built in too
    CHECK(file.plan.activities.size() >= 4);
    for (const auto& a : file.plan.activities) {  // each tells the facilitator what to say and ask
      CHECK_FALSE(a.notes.empty());
      CHECK(a.questions.size() >= 2);
      if (a.draw) CHECK(is_builtin_deck(a.draw->deck));
    }
    REQUIRE(builtin_plan(id).has_value());
    CHECK(*builtin_plan(id) == file);
  }
  CHECK(ids == std::vector<std::string>{"warm-up", "workshop"});
  CHECK_FALSE(builtin_plan("p1").has_value());
  // The help-desk decks the plans draw from are built-in decks like the others.
  for (const char* deck : {"tickets", "caller", "readings"}) {
    CAPTURE(deck);
    CHECK(is_builtin_deck(deck));
    CHECK(builtin_deck(deck).size() >= 8);
  }
}
