#include "games/config.hpp"

#include <set>

#include "games/event.hpp"
#include "games/text.hpp"

namespace earshot::games {

using nlohmann::json;

CleanLine clean_line(std::string_view raw, std::size_t max_chars) {
  // A cheap bound first, so that huge inputs are not walked: a character is at most 4 bytes, and
  // whitespace collapsing can shrink runs, so allow generous slack before the exact check.
  if (raw.size() > 8 * max_chars + 64) return {"", "answer_too_long"};
  if (!is_valid_utf8(raw)) return {"", "invalid_text"};
  std::string text = collapse_whitespace(raw);
  // Tabs and newlines are whitespace and collapse to spaces; any other control character is refused.
  if (has_control_chars(text)) return {"", "invalid_text"};
  if (text.empty()) return {"", "empty_answer"};
  if (utf8_length(text) > max_chars) return {"", "answer_too_long"};
  return {std::move(text), ""};
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > limits::max_id_chars || id == facilitator_actor || id == server_actor ||
      id == watcher_actor) {
    return false;
  }
  for (unsigned char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

// Validation stops at the first problem: thrown inside this file only, caught in parse_config.
struct Invalid {
  ConfigError error;
};

[[noreturn]] void fail(std::string code, std::string field, std::string message) {
  throw Invalid{{std::move(code), std::move(message), std::move(field)}};
}

// Reads the fields of one JSON object, remembering which were read, so that any field the game
// does not use can be refused at the end (typos must not pass silently).
class Fields {
 public:
  explicit Fields(const json& j) : j_(j) {}

  const json* find(const std::string& key) {
    read_.insert(key);
    const auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }

  bool flag(const std::string& key, bool fallback) {
    const json* v = find(key);
    if (!v) return fallback;
    if (!v->is_boolean()) fail("bad_field", key, key + " must be true or false.");
    return v->get<bool>();
  }

  // An integer in [min, max], or 0 when zero_means_none.
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max,
                       bool zero_means_none = false) {
    const json* v = find(key);
    if (!v) return fallback;
    const std::string range = std::to_string(min) + ".." + std::to_string(max);
    if (!v->is_number_integer()) fail("bad_field", key, key + " must be a whole number in " + range + ".");
    const bool too_big = v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max);
    const auto n = too_big ? max + 1 : v->get<std::int64_t>();
    if (zero_means_none && n == 0) return 0;
    if (n < min || n > max) fail("bad_field", key, key + " must be in " + range + (zero_means_none ? " (or 0)." : "."));
    return n;
  }

  std::string line(const std::string& key, std::size_t max_chars, bool required) {
    const json* v = find(key);
    if (!v) {
      if (required) fail("missing_field", key, key + " is required.");
      return "";
    }
    return line_value(*v, key, max_chars, required);
  }

  static std::string line_value(const json& v, const std::string& field, std::size_t max_chars, bool required) {
    if (!v.is_string()) fail("bad_field", field, field + " must be a string.");
    const auto& raw = v.get_ref<const std::string&>();
    auto clean = clean_line(raw, max_chars);
    if (clean.error == "empty_answer" && !required) return "";
    if (!clean.error.empty()) {
      fail("bad_field", field,
           field + " must be 1.." + std::to_string(max_chars) + " characters of text without control characters.");
    }
    return clean.text;
  }

  void refuse_unread(std::string_view game) const {
    for (const auto& [key, value] : j_.items()) {
      if (!read_.count(key)) fail("bad_field", key, key + " is not an option of " + std::string(game) + ".");
    }
  }

 private:
  const json& j_;
  std::set<std::string> read_;
};

std::vector<CircleConfig> parse_circles(const json* v) {
  if (!v) fail("missing_field", "circles", "circles is required.");
  if (!v->is_array() || v->empty() || v->size() > limits::max_circles) {
    fail("bad_field", "circles", "circles must be a list of 1.." + std::to_string(limits::max_circles) + " circles.");
  }
  std::vector<CircleConfig> circles;
  std::set<std::string> circle_ids, players;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string at = "circles[" + std::to_string(i) + "]";
    const json& c = (*v)[i];
    if (!c.is_object()) fail("bad_field", at, at + " must be an object.");
    Fields f(c);
    CircleConfig circle;
    const json* id = f.find("id");
    if (!id || !id->is_string() || !valid_id(id->get<std::string>()) || !circle_ids.insert(id->get<std::string>()).second) {
      fail("bad_field", at + ".id", at + ".id must be a unique id of letters, digits, '_' or '-'.");
    }
    circle.id = id->get<std::string>();
    const json* members = f.find("members");
    if (!members || !members->is_array() || members->empty()) {
      fail("bad_field", at + ".members", at + ".members must be a non-empty list of participant ids.");
    }
    for (std::size_t k = 0; k < members->size(); ++k) {
      const json& m = (*members)[k];
      const std::string mat = at + ".members[" + std::to_string(k) + "]";
      if (!m.is_string() || !valid_id(m.get<std::string>())) fail("bad_field", mat, mat + " is not a participant id.");
      if (!players.insert(m.get<std::string>()).second) fail("bad_field", mat, mat + " is already in a circle.");
      if (players.size() > limits::max_players) {
        fail("bad_field", "circles", "A round has at most " + std::to_string(limits::max_players) + " players.");
      }
      circle.members.push_back(m.get<std::string>());
    }
    f.refuse_unread("a circle");
    circles.push_back(std::move(circle));
  }
  return circles;
}

GameKind parse_game(const json* v) {
  if (!v) fail("missing_field", "game", "game is required.");
  if (v->is_string()) {
    if (auto g = game_from_string(v->get_ref<const std::string&>())) return *g;
  }
  std::string names;
  for (auto g : game_kinds) names += (names.empty() ? "" : ", ") + std::string(to_string(g));
  fail("unknown_game", "game", "game must be one of " + names + ".");
}

void parse_turn_options(Fields& f, RoundConfig& c, const GameDefaults& d) {
  using namespace limits;
  c.turn_ms = f.integer("turnMs", d.turn_ms, min_timer_ms, max_timer_ms);
  c.listening = f.flag("listening", false);
  c.listening_stage = f.flag("listeningStage", false);
  if (c.listening_stage && !c.listening) fail("bad_field", "listeningStage", "listeningStage needs listening.");
  c.no_repeat = f.flag("noRepeat", false);
}

void parse_game_options(Fields& f, RoundConfig& c) {
  using namespace limits;
  const GameDefaults d = defaults(c.game);
  switch (c.game) {
    case GameKind::chain:
      parse_turn_options(f, c, d);
      c.seed_word = f.line("seedWord", max_prompt_chars, true);
      c.phrase_words = static_cast<int>(f.integer("phraseWords", d.phrase_words, 1, max_phrase_words));
      c.max_turns = static_cast<int>(f.integer("maxTurns", 0, 1, limits::max_turns, true));
      c.time_budget_ms = f.integer("timeBudgetMs", 0, min_timer_ms, max_budget_ms, true);
      break;
    case GameKind::burst: {
      const json* s = f.find("stimuli");
      if (!s) fail("missing_field", "stimuli", "stimuli is required.");
      if (!s->is_array() || s->empty() || s->size() > max_stimuli) {
        fail("bad_field", "stimuli", "stimuli must be a list of 1.." + std::to_string(max_stimuli) + " words.");
      }
      for (std::size_t i = 0; i < s->size(); ++i) {
        c.stimuli.push_back(Fields::line_value((*s)[i], "stimuli[" + std::to_string(i) + "]", max_prompt_chars, true));
      }
      c.answer_ms = f.integer("answerMs", d.answer_ms, min_timer_ms, max_timer_ms);
      c.answer_chars = static_cast<std::size_t>(f.integer("answerChars", static_cast<std::int64_t>(d.answer_chars), 1, max_answer_chars));
      c.anonymous = f.flag("anonymous", false);
      break;
    }
    case GameKind::waat:
      parse_turn_options(f, c, d);
      c.title = f.line("title", max_prompt_chars, false);
      c.word_limit = static_cast<int>(f.integer("wordLimit", 0, 1, max_story_words, true));
      c.one_two_three = f.flag("oneTwoThree", false);
      c.retell = f.flag("retell", false);
      c.retell_ms = f.integer("retellMs", d.retell_ms, min_timer_ms, max_timer_ms);
      c.title_vote = f.flag("titleVote", false);
      c.title_ms = f.integer("titleMs", d.title_ms, min_timer_ms, max_timer_ms);
      c.vote_ms = f.integer("voteMs", d.vote_ms, min_timer_ms, max_timer_ms);
      break;
    case GameKind::spiv: {
      c.prompt = f.line("prompt", max_prompt_chars, true);
      c.answer_ms = f.integer("answerMs", d.answer_ms, min_timer_ms, max_timer_ms);
      c.answer_chars = static_cast<std::size_t>(f.integer("answerChars", static_cast<std::int64_t>(d.answer_chars), 1, max_answer_chars));
      c.anonymous = f.flag("anonymous", false);
      if (const json* p = f.find("pick")) {
        if (!p->is_string()) fail("bad_field", "pick", "pick must be none, closest or surprising.");
        const auto name = p->get<std::string>();
        if (name == "closest") c.pick = PickKind::closest;
        else if (name == "surprising") c.pick = PickKind::surprising;
        else if (name != "none") fail("bad_field", "pick", "pick must be none, closest or surprising.");
      }
      c.pick_ms = f.integer("pickMs", d.pick_ms, min_timer_ms, max_timer_ms);
      c.predict = f.flag("predict", false);
      break;
    }
  }
}

}  // namespace

ConfigResult parse_config(const json& j) {
  try {
    if (!j.is_object()) fail("bad_field", "", "A round config must be a JSON object.");
    Fields f(j);
    const json* v = f.find("v");
    if (!v) fail("missing_field", "v", "v (the config version) is required.");
    if (!v->is_number_integer() || v->get<std::int64_t>() != config_version) {
      fail("unsupported_version", "v", "This server reads round configs of version 1.");
    }
    RoundConfig c;
    c.game = parse_game(f.find("game"));
    c.circles = parse_circles(f.find("circles"));
    if (const json* order = f.find("order")) {
      if (!order->is_string() || (*order != "set" && *order != "shuffle")) {
        fail("bad_field", "order", "order must be set or shuffle.");
      }
      c.shuffle = *order == "shuffle";
    }
    c.seed = static_cast<std::uint64_t>(f.integer("seed", 0, 0, static_cast<std::int64_t>(limits::max_seed)));
    parse_game_options(f, c);
    f.refuse_unread(to_string(c.game));
    return {std::move(c), std::nullopt};
  } catch (const Invalid& e) {
    return {std::nullopt, e.error};
  }
}

json to_json(const RoundConfig& c) {
  json circles = json::array();
  for (const auto& circle : c.circles) circles.push_back({{"id", circle.id}, {"members", circle.members}});
  json j = {{"v", config_version},
            {"game", to_string(c.game)},
            {"circles", std::move(circles)},
            {"order", c.shuffle ? "shuffle" : "set"},
            {"seed", c.seed}};
  if (c.turn_based()) {
    j["turnMs"] = c.turn_ms;
    j["listening"] = c.listening;
    j["listeningStage"] = c.listening_stage;
    j["noRepeat"] = c.no_repeat;
  }
  switch (c.game) {
    case GameKind::chain:
      j["seedWord"] = c.seed_word;
      j["phraseWords"] = c.phrase_words;
      j["maxTurns"] = c.max_turns;
      j["timeBudgetMs"] = c.time_budget_ms;
      break;
    case GameKind::burst:
      j["stimuli"] = c.stimuli;
      j["answerMs"] = c.answer_ms;
      j["answerChars"] = c.answer_chars;
      j["anonymous"] = c.anonymous;
      break;
    case GameKind::waat:
      j["title"] = c.title;
      j["wordLimit"] = c.word_limit;
      j["oneTwoThree"] = c.one_two_three;
      j["retell"] = c.retell;
      j["retellMs"] = c.retell_ms;
      j["titleVote"] = c.title_vote;
      j["titleMs"] = c.title_ms;
      j["voteMs"] = c.vote_ms;
      break;
    case GameKind::spiv:
      j["prompt"] = c.prompt;
      j["answerMs"] = c.answer_ms;
      j["answerChars"] = c.answer_chars;
      j["anonymous"] = c.anonymous;
      j["pick"] = to_string(c.pick);
      j["pickMs"] = c.pick_ms;
      j["predict"] = c.predict;
      break;
  }
  return j;
}

}  // namespace earshot::games
