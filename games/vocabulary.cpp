#include "games/vocabulary.hpp"

#include <nlohmann/json.hpp>

#include "games/deck.hpp"

namespace earshot::games {

using nlohmann::json;

namespace {

json words(std::span<const std::string_view> list) {
  json out = json::array();
  for (auto w : list) out.push_back(w);
  return out;
}

// The options of each game a set-up form fills in by itself, under their config names.
json game_defaults(GameKind g) {
  const auto d = defaults(g);
  json out = json::object();
  if (d.turn_ms) out["turnMs"] = d.turn_ms;
  if (d.phrase_words) out["phraseWords"] = d.phrase_words;
  if (d.answer_ms) out["answerMs"] = d.answer_ms;
  if (d.answer_chars) out["answerChars"] = d.answer_chars;
  if (d.pick_ms) out["pickMs"] = d.pick_ms;
  if (d.retell_ms) out["retellMs"] = d.retell_ms;
  if (d.title_ms) out["titleMs"] = d.title_ms;
  if (d.vote_ms) out["voteMs"] = d.vote_ms;
  return out;
}

json make(VocabularyFor who) {
  using namespace limits;
  // What a phone types: its name, a chain answer, a story word, a retelling, a title.
  json limit_values = {{"nameChars", max_name_chars},        {"chainChars", max_chain_chars},
                       {"wordChars", max_word_chars},        {"retellChars", max_retell_chars},
                       {"titleChars", max_title_chars},      {"reactionBurst", reaction_burst},
                       {"reactionsPerSecond", reactions_per_second}};
  json v = {{"reactions", words(reactions)}};
  if (who != VocabularyFor::phone) v["steerActions"] = words(steer_actions);
  if (who == VocabularyFor::facilitator) {
    json games = json::array();
    json game_defaults_by_name = json::object();
    for (auto g : game_kinds) {
      games.push_back(to_string(g));
      game_defaults_by_name[std::string(to_string(g))] = game_defaults(g);
    }
    v["games"] = std::move(games);
    v["defaults"] = std::move(game_defaults_by_name);
    // ... and what a round config may hold.
    limit_values.update({{"noteChars", max_note_chars},
                         {"promptChars", max_prompt_chars},
                         {"stimuli", max_stimuli},
                         {"circles", max_circles},
                         {"players", max_players},
                         {"minTimerMs", min_timer_ms},
                         {"maxTimerMs", max_timer_ms},
                         {"maxBudgetMs", max_budget_ms},
                         {"phraseWords", max_phrase_words},
                         {"turns", max_turns},
                         {"storyWords", max_story_words},
                         {"answerChars", max_answer_chars},
                         // ... and what a deck may hold (games/deck.hpp).
                         {"deckNameChars", max_deck_name_chars},
                         {"deckEntryChars", max_deck_entry_chars},
                         {"deckEntries", max_deck_entries},
                         {"deckBytes", max_deck_bytes},
                         {"decks", max_decks}});
    v["drawModes"] = words(draw_modes);
  }
  v["limits"] = std::move(limit_values);
  return v;
}

}  // namespace

const json& vocabulary_json(VocabularyFor who) {
  static const json phone = make(VocabularyFor::phone), stage = make(VocabularyFor::stage),
                    facilitator = make(VocabularyFor::facilitator);
  switch (who) {
    case VocabularyFor::phone: return phone;
    case VocabularyFor::stage: return stage;
    case VocabularyFor::facilitator: return facilitator;
  }
  return phone;
}

}  // namespace earshot::games
