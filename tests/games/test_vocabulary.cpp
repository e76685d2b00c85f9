// The vocabulary (games/vocabulary.hpp): names read back, defaults are what a config gets, and the
// steer actions a view calls allowed are exactly those the rules accept in that state.
#include <doctest/doctest.h>

#include <algorithm>

#include "games/rng.hpp"
#include "games/vocabulary.hpp"
#include "test_rules_support.hpp"

using namespace earshot::games;
using namespace earshot::games::testing;

TEST_CASE("vocabulary: names read back, and a config without options gets the defaults") {
  for (auto g : game_kinds) CHECK(game_from_string(to_string(g)) == g);
  for (auto p : phases) CHECK(phase_from_string(to_string(p)) == p);
  CHECK_FALSE(game_from_string("charades"));
  for (auto a : steer_actions) CHECK_FALSE(is_play_action(a));
  CHECK(is_reaction("applause"));
  CHECK_FALSE(is_reaction("boo"));

  const auto chain = config_of(make_config("chain", {{"p1"}}, {{"seedWord", "cold"}}));
  CHECK(chain.turn_ms == defaults(GameKind::chain).turn_ms);
  CHECK(chain.phrase_words == defaults(GameKind::chain).phrase_words);
  const auto spiv = config_of(make_config("spiv", {{"p1"}}, {{"prompt", "a dog"}}));
  CHECK(spiv.answer_ms == defaults(GameKind::spiv).answer_ms);
  CHECK(spiv.answer_chars == defaults(GameKind::spiv).answer_chars);
  CHECK(spiv.pick_ms == defaults(GameKind::spiv).pick_ms);
  const auto waat = config_of(make_config("waat", {{"p1"}}));
  CHECK(waat.turn_ms == defaults(GameKind::waat).turn_ms);
  CHECK(waat.retell_ms == defaults(GameKind::waat).retell_ms);
  CHECK(waat.title_ms == defaults(GameKind::waat).title_ms);
  CHECK(waat.vote_ms == defaults(GameKind::waat).vote_ms);
}

TEST_CASE("vocabulary: what a welcome carries, by audience") {
  const auto& phone = vocabulary_json(VocabularyFor::phone);
  CHECK(phone["reactions"] == json::array({"applause", "laugh", "wow", "heart"}));
  CHECK_FALSE(phone.contains("steerActions"));
  CHECK_FALSE(phone.contains("games"));
  CHECK(phone["limits"]["nameChars"] == 24);
  const auto& stage = vocabulary_json(VocabularyFor::stage);
  CHECK(stage["steerActions"].size() == steer_actions.size());
  const auto& host = vocabulary_json(VocabularyFor::facilitator);
  CHECK(host["games"] == json::array({"chain", "burst", "waat", "spiv"}));
  CHECK(host["defaults"]["chain"] == json({{"turnMs", 5000}, {"phraseWords", 1}}));
  CHECK(host["defaults"]["spiv"]["answerChars"] == 140);
  CHECK(host["limits"]["noteChars"] == 500);
  CHECK(host["limits"]["deckNameChars"] == 60);
  CHECK(host["limits"]["deckEntryChars"] == 100);
  CHECK(host["limits"]["deckEntries"] == 2000);
  CHECK(host["limits"]["deckBytes"] == 1048576);
  CHECK(host["limits"]["decks"] == 200);
  CHECK(host["drawModes"] == json::array({"random", "next"}));
  CHECK_FALSE(stage.contains("drawModes"));
}

namespace {

// The refusals that mean "not in this phase" rather than "not with these fields".
bool phase_refusal(const std::string& code) {
  return code == "wrong_phase" || code == "already_paused" || code == "not_paused";
}

// Every steer action tried on a copy of the round: accepted (or refused only for its fields)
// exactly when allowed_steer_actions lists it, and the views of the facilitator and the stage say so.
void check_allowed(const Round& round, std::int64_t now) {
  const auto allowed = allowed_steer_actions(round.state());
  json listed = json::array();
  for (auto a : allowed) listed.push_back(a);
  CHECK(round.view(Audience::facilitator())["allowed"] == listed);
  CHECK(round.view(Audience::stage())["allowed"] == listed);
  for (const auto action : steer_actions) {
    json data = json::object();
    if (action == "note") data["text"] = "a note";
    if (action == "skip") {
      for (const auto& c : round.state().circles) {
        if (c.done.empty()) {
          data["circle"] = c.id;
          break;
        }
      }
    }
    Round copy = round;
    const auto outcome = copy.handle({std::string(action), "facilitator", data}, now);
    const bool accepted = !outcome.rejection;
    const bool listed_here = std::find(allowed.begin(), allowed.end(), action) != allowed.end();
    INFO("action ", action, " in phase ", to_string(round.state().phase), " paused ", round.state().paused);
    if (listed_here) CHECK(accepted);
    else CHECK((!accepted && phase_refusal(outcome.rejection->code)));
  }
}

}  // namespace

TEST_CASE("vocabulary: allowed steer actions agree with the rules in every phase of every game") {
  SplitMix64 rng(7);
  const json configs[] = {
      make_config("chain", {{"p1", "p2"}, {"p3"}}, {{"seedWord", "cold"}}),
      make_config("burst", {{"p1", "p2"}}, {{"stimuli", {"winter", "tea"}}}),
      make_config("waat", {{"p1", "p2"}}, {{"retell", true}, {"titleVote", true}, {"wordLimit", 4}}),
      make_config("spiv", {{"p1", "p2", "p3"}}, {{"prompt", "a dog"}, {"pick", "closest"}}),
  };
  for (const auto& config : configs) {
    Table t(config);
    check_allowed(t.round, t.now);
    for (int step = 0; step < 80 && t.phase() != Phase::ended; ++step) {
      const auto allowed = allowed_steer_actions(t.round.state());
      const std::string who = "p" + std::to_string(1 + rng.next() % 3);
      switch (rng.next() % 5) {
        case 0: {  // a steer the view offers
          const auto action = std::string(allowed[rng.next() % allowed.size()]);
          if (action == "end" && step < 60) break;
          json data = action == "note" ? json{{"text", "n"}} : json::object();
          if (action == "skip") data["circle"] = t.round.state().circles.front().id;
          t.facilitator(action, data);
          break;
        }
        case 1: t.word(who, "w" + std::to_string(step)); break;
        case 2: t.answer(who, "a" + std::to_string(step)); break;
        case 3: t.send(who, "pick", {{"answer", 1 + static_cast<int>(rng.next() % 3)}}); break;
        default: t.advance(static_cast<std::int64_t>(rng.next() % 20000)); break;
      }
      check_allowed(t.round, t.now);
    }
  }
}
