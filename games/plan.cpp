#include "games/plan.hpp"

#include <algorithm>
#include <set>

#include "games/config.hpp"
#include "games/content.hpp"
#include "games/text.hpp"

namespace earshot::games {
namespace {

using nlohmann::json;

PlanRefusal refuse(std::string code, std::string field, std::string message) {
  return PlanRefusal{std::move(code), std::move(message), std::move(field)};
}
PlanRefusal bad(const std::string& field, const std::string& why) {
  return refuse("bad_field", field, "\"" + field + "\" " + why);
}
PlanRefusal missing(const std::string& field) {
  return refuse("missing_field", field, "The plan needs \"" + field + "\".");
}

// One line of text typed by the trainer (a title, a question): cleaned, 1..max characters.
std::variant<std::string, PlanRefusal> one_line(const json& j, const std::string& field, std::size_t max) {
  if (!j.is_string()) return bad(field, "must be a string.");
  const auto& raw = j.get_ref<const std::string&>();
  if (raw.size() > max * 4) return bad(field, "is too long (at most " + std::to_string(max) + " characters).");
  CleanLine line = clean_line(raw, max);
  if (line.error == "answer_too_long") return bad(field, "is too long (at most " + std::to_string(max) + " characters).");
  if (line.error == "empty_answer") return bad(field, "is empty.");
  if (!line.error.empty()) return bad(field, "must be text without control characters.");
  return std::move(line.text);
}

// The facilitator's notes: line breaks kept ("\r\n" and "\r" become "\n"), tabs become spaces,
// each line's trailing spaces and the blank lines at either end dropped; 0..max characters.
std::variant<std::string, PlanRefusal> notes_text(const json& j, const std::string& field, std::size_t max) {
  if (!j.is_string()) return bad(field, "must be a string.");
  const auto& raw = j.get_ref<const std::string&>();
  const std::string too_long = "is too long (at most " + std::to_string(max) + " characters).";
  if (raw.size() > max * 4) return bad(field, too_long);
  if (!is_valid_utf8(raw)) return bad(field, "must be UTF-8 text.");
  std::vector<std::string> lines(1);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      lines.emplace_back();
    } else {
      lines.back() += c == '\t' ? ' ' : c;
    }
  }
  std::string out;
  for (auto& line : lines) {
    if (has_control_chars(line)) return bad(field, "must be text without control characters.");
    while (!line.empty() && line.back() == ' ') line.pop_back();
  }
  auto first = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return !l.empty(); });
  auto last = std::find_if(lines.rbegin(), lines.rend(), [](const std::string& l) { return !l.empty(); }).base();
  for (auto it = first; it < last; ++it) {
    if (it != first) out += '\n';
    out += *it;
  }
  if (utf8_length(out) > max) return bad(field, too_long);
  return out;
}

bool known_member(const json& object, std::initializer_list<std::string_view> names, std::string& unknown) {
  for (const auto& [k, v] : object.items()) {
    if (std::find(names.begin(), names.end(), k) == names.end()) {
      unknown = k;
      return false;
    }
  }
  return true;
}

std::variant<Circles, PlanRefusal> parse_circles(const json* j, const std::string& field) {
  if (!j || j->is_null()) return Circles{};
  if (j->is_string()) {
    const auto& s = j->get_ref<const std::string&>();
    if (s == "keep") return Circles{};
    if (s == "one") return Circles{Circles::How::one, 1};
  } else if (j->is_object() && j->size() == 1 && j->contains("split")) {
    const json& n = (*j)["split"];
    if (!n.is_number_integer() || n.get<std::int64_t>() < 2 || n.get<std::int64_t>() > static_cast<std::int64_t>(limits::max_circles)) {
      return bad(field + ".split", "must be a number of circles from 2 to " + std::to_string(limits::max_circles) + ".");
    }
    return Circles{Circles::How::split, n.get<std::size_t>()};
  }
  return bad(field, "must be \"keep\", \"one\" or {\"split\": N}.");
}

std::variant<PlanDraw, PlanRefusal> parse_draw(const json& j, const std::string& field) {
  if (!j.is_object()) return bad(field, "must be an object.");
  std::string unknown;
  if (!known_member(j, {"deck", "mode", "count"}, unknown)) return bad(field + "." + unknown, "is not a field of a draw.");
  PlanDraw d;
  auto deck = j.find("deck");
  if (deck == j.end()) return missing(field + ".deck");
  if (!deck->is_string() || deck->get_ref<const std::string&>().empty() ||
      deck->get_ref<const std::string&>().size() > limits::max_deck_name_chars * 4) {
    return bad(field + ".deck", "must name a deck.");
  }
  d.deck = deck->get<std::string>();
  if (auto m = j.find("mode"); m != j.end()) {
    const auto mode = m->is_string() ? draw_mode_from_string(m->get_ref<const std::string&>()) : std::nullopt;
    if (!mode) return bad(field + ".mode", "must be \"random\" or \"next\".");
    d.mode = *mode;
  }
  if (auto c = j.find("count"); c != j.end()) {
    if (!c->is_number_integer() || c->get<std::int64_t>() < 1 || c->get<std::int64_t>() > static_cast<std::int64_t>(limits::max_stimuli)) {
      return bad(field + ".count", "must be a number of entries from 1 to " + std::to_string(limits::max_stimuli) + ".");
    }
    d.count = c->get<std::size_t>();
  }
  return d;
}

// The round config of an activity, checked by the rules as the room would check it once the draw
// has filled the game's deck field (with stand-ins here: what is drawn is checked when it is).
std::optional<PlanRefusal> check_config(const json& config, const std::optional<PlanDraw>& draw, const std::string& field) {
  if (!config.is_object()) return bad(field, "must be an object.");
  if (config.contains("circles")) return bad(field + ".circles", "is arranged by the activity's \"circles\", not in its config.");
  json filled = config;
  filled["circles"] = json::array({{{"id", "c1"}, {"members", {"p1", "p2"}}}});  // the room's, on the day
  if (draw) {
    const auto game = config.contains("game") && config["game"].is_string()
                          ? game_from_string(config["game"].get_ref<const std::string&>())
                          : std::nullopt;
    if (game) {
      const std::string deck_field_name(deck_field(*game));
      if (config.contains(deck_field_name)) {
        return refuse("bad_field", field + "." + deck_field_name,
                      "\"" + field + "." + deck_field_name + "\" and the activity's \"draw\" can't both be given.");
      }
      if (draw->count > 1 && *game != GameKind::burst) {
        return bad(field.substr(0, field.rfind('.')) + ".draw.count", "is more than 1 only for a burst's stimuli.");
      }
      if (*game == GameKind::burst) {
        json stand_ins = json::array();
        for (std::size_t i = 0; i < draw->count; ++i) stand_ins.push_back("entry " + std::to_string(i + 1));
        filled[deck_field_name] = std::move(stand_ins);
      } else {
        filled[deck_field_name] = "entry";
      }
    }
  }
  const ConfigResult checked = parse_config(filled);
  if (checked.error) {
    const std::string where = checked.error->field.empty() ? field : field + "." + checked.error->field;
    return refuse(checked.error->code, where, checked.error->message);
  }
  return std::nullopt;
}

std::variant<Activity, PlanRefusal> parse_activity(const json& j, const std::string& field,
                                                   const std::function<bool(std::string_view)>& has_deck) {
  if (!j.is_object()) return bad(field, "must be an object.");
  std::string unknown;
  if (!known_member(j, {"title", "notes", "questions", "circles", "config", "draw"}, unknown)) {
    return bad(field + "." + unknown, "is not a field of an activity.");
  }
  Activity a;
  if (!j.contains("title")) return missing(field + ".title");
  auto title = one_line(j["title"], field + ".title", limits::max_activity_title_chars);
  if (auto* r = std::get_if<PlanRefusal>(&title)) return *r;
  a.title = std::get<std::string>(std::move(title));
  if (j.contains("notes") && !j["notes"].is_null()) {
    auto notes = notes_text(j["notes"], field + ".notes", limits::max_activity_notes_chars);
    if (auto* r = std::get_if<PlanRefusal>(&notes)) return *r;
    a.notes = std::get<std::string>(std::move(notes));
  }
  if (j.contains("questions") && !j["questions"].is_null()) {
    const json& qs = j["questions"];
    if (!qs.is_array()) return bad(field + ".questions", "must be a list of questions.");
    if (qs.size() > limits::max_questions) {
      return bad(field + ".questions", "has too many questions (at most " + std::to_string(limits::max_questions) + ").");
    }
    for (std::size_t i = 0; i < qs.size(); ++i) {
      auto q = one_line(qs[i], field + ".questions[" + std::to_string(i) + "]", limits::max_question_chars);
      if (auto* r = std::get_if<PlanRefusal>(&q)) return *r;
      a.questions.push_back(std::get<std::string>(std::move(q)));
    }
  }
  auto circles = parse_circles(j.contains("circles") ? &j["circles"] : nullptr, field + ".circles");
  if (auto* r = std::get_if<PlanRefusal>(&circles)) return *r;
  a.circles = std::get<Circles>(circles);
  if (j.contains("draw") && !j["draw"].is_null()) {
    auto draw = parse_draw(j["draw"], field + ".draw");
    if (auto* r = std::get_if<PlanRefusal>(&draw)) return *r;
    a.draw = std::get<PlanDraw>(std::move(draw));
    if (!is_builtin_deck(a.draw->deck) && !has_deck(a.draw->deck)) {
      return refuse("plan_deck_missing", field + ".draw.deck",
                    "The deck \"" + a.draw->deck + "\" is neither built in nor among the plan's decks.");
    }
  }
  if (!j.contains("config")) return missing(field + ".config");
  if (auto r = check_config(j["config"], a.draw, field + ".config")) return *r;
  a.config = j["config"];
  return a;
}

json circles_json(const Circles& c) {
  switch (c.how) {
    case Circles::How::keep: return "keep";
    case Circles::How::one: return "one";
    case Circles::How::split: return json{{"split", c.count}};
  }
  return "keep";
}

}  // namespace

bool is_builtin_deck(std::string_view id) {
  for (const auto& [name, text] : builtin_deck_files()) {
    (void)text;
    if (name == id) return true;
  }
  return false;
}

std::variant<Plan, PlanRefusal> parse_plan(const json& j, const std::function<bool(std::string_view)>& has_deck) {
  if (!j.is_object()) return bad("plan", "must be an object.");
  std::string unknown;
  if (!known_member(j, {"name", "minutes", "activities"}, unknown)) return bad(unknown, "is not a field of a plan.");
  Plan plan;
  if (!j.contains("name")) return missing("name");
  if (!j["name"].is_string() || j["name"].get_ref<const std::string&>().size() > limits::max_deck_name_chars * 4) {
    return bad("name", "must be a name of at most " + std::to_string(limits::max_deck_name_chars) + " characters.");
  }
  auto name = clean_deck_name(j["name"].get_ref<const std::string&>());
  if (auto* r = std::get_if<DeckRefusal>(&name)) return refuse("bad_field", "name", r->message);
  plan.name = std::get<std::string>(std::move(name));
  if (j.contains("minutes") && !j["minutes"].is_null()) {
    const json& m = j["minutes"];
    if (!m.is_number_integer() || m.get<std::int64_t>() < 1 || m.get<std::int64_t>() > limits::max_plan_minutes) {
      return bad("minutes", "must be a number of minutes from 1 to " + std::to_string(limits::max_plan_minutes) + ".");
    }
    plan.minutes = m.get<int>();
  }
  if (!j.contains("activities")) return missing("activities");
  const json& list = j["activities"];
  if (!list.is_array()) return bad("activities", "must be a list of activities.");
  if (list.empty()) return bad("activities", "is empty: a plan has at least one activity.");
  if (list.size() > limits::max_activities) {
    return bad("activities", "has too many activities (at most " + std::to_string(limits::max_activities) + ").");
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto a = parse_activity(list[i], "activities[" + std::to_string(i) + "]", has_deck);
    if (auto* r = std::get_if<PlanRefusal>(&a)) return *r;
    plan.activities.push_back(std::get<Activity>(std::move(a)));
  }
  return plan;
}

std::variant<PlanFile, PlanRefusal> parse_plan_file(std::string_view text) {
  if (text.size() > limits::max_plan_bytes) {
    return refuse("plan_too_big", "", "The file is too big: a plan file is at most " + std::to_string(limits::max_plan_bytes / (1024 * 1024)) + " MiB.");
  }
  if (!is_valid_utf8(text) || json_nesting_depth(text) > limits::max_plan_depth) {
    return refuse("plan_not_json", "", "The file is not a plan: it is not JSON text.");
  }
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return refuse("plan_not_json", "", "The file is not a plan: it is not JSON text.");
  if (!j.is_object() || !j.contains("format") || j["format"] != plan_format) {
    return refuse("plan_not_a_plan", "format", "The file is not an Earshot plan (it has no \"format\": \"earshot-plan\").");
  }
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<std::int64_t>() < 1) {
    return bad("version", "must be the plan format's version, a whole number.");
  }
  if (j["version"].get<std::int64_t>() > plan_version) {
    return refuse("plan_unsupported_version", "version",
                  "The plan was written by a newer Earshot (format version " + std::to_string(j["version"].get<std::int64_t>()) +
                      "; this one reads version " + std::to_string(plan_version) + ").");
  }
  std::string unknown;
  if (!known_member(j, {"format", "version", "plan", "decks"}, unknown)) return bad(unknown, "is not a field of a plan file.");

  PlanFile file;
  std::set<std::string> keys;
  if (j.contains("decks") && !j["decks"].is_null()) {
    const json& decks = j["decks"];
    if (!decks.is_array()) return bad("decks", "must be a list of decks.");
    if (decks.size() > limits::max_plan_decks) {
      return bad("decks", "has too many decks (at most " + std::to_string(limits::max_plan_decks) + ").");
    }
    for (std::size_t i = 0; i < decks.size(); ++i) {
      const std::string field = "decks[" + std::to_string(i) + "]";
      const json& d = decks[i];
      if (!d.is_object()) return bad(field, "must be an object.");
      if (!known_member(d, {"name", "entries"}, unknown)) return bad(field + "." + unknown, "is not a field of a deck.");
      if (!d.contains("name")) return missing(field + ".name");
      if (!d.contains("entries")) return missing(field + ".entries");
      if (!d["name"].is_string()) return bad(field + ".name", "must be a string.");
      auto name = clean_deck_name(d["name"].get_ref<const std::string&>());
      if (auto* r = std::get_if<DeckRefusal>(&name)) return refuse(r->code, field + ".name", r->message);
      PlanDeck deck{std::get<std::string>(std::move(name)), {}};
      if (is_builtin_deck(deck.name) || !keys.insert(deck_name_key(deck.name)).second) {
        return refuse("deck_name_taken", field + ".name", "Another deck of the plan is called \"" + deck.name + "\".");
      }
      if (!d["entries"].is_array()) return bad(field + ".entries", "must be a list of entries.");
      if (d["entries"].size() > limits::max_deck_entries) {
        return refuse("deck_too_many_entries", field + ".entries",
                      "A deck has at most " + std::to_string(limits::max_deck_entries) + " entries.");
      }
      std::vector<std::string> raw;
      for (const auto& e : d["entries"]) {
        if (!e.is_string()) return bad(field + ".entries", "must be a list of strings.");
        raw.push_back(e.get<std::string>());
      }
      auto cleaned = clean_deck_entries(raw);
      if (auto* r = std::get_if<DeckRefusal>(&cleaned)) {
        const bool about_one = r->code != "deck_empty" && r->code != "deck_too_many_entries";
        return refuse(r->code, about_one ? field + ".entries[" + std::to_string(r->line - 1) + "]" : field + ".entries", r->message);
      }
      deck.entries = std::get<std::vector<std::string>>(std::move(cleaned));
      file.decks.push_back(std::move(deck));
    }
  }
  if (!j.contains("plan")) return missing("plan");
  auto plan = parse_plan(j["plan"], [&](std::string_view name) { return keys.count(deck_name_key(name)) > 0; });
  if (auto* r = std::get_if<PlanRefusal>(&plan)) {
    r->field = r->field.empty() ? "plan" : "plan." + r->field;
    return *r;
  }
  file.plan = std::get<Plan>(std::move(plan));
  return file;
}

json to_json(const Plan& plan) {
  json activities = json::array();
  for (const auto& a : plan.activities) {
    json out = {{"title", a.title}, {"circles", circles_json(a.circles)}, {"config", a.config}};
    if (!a.notes.empty()) out["notes"] = a.notes;
    if (!a.questions.empty()) out["questions"] = a.questions;
    if (a.draw) {
      out["draw"] = {{"deck", a.draw->deck}, {"mode", to_string(a.draw->mode)}};
      if (a.draw->count > 1) out["draw"]["count"] = a.draw->count;
    }
    activities.push_back(std::move(out));
  }
  json out = {{"name", plan.name}, {"activities", std::move(activities)}};
  if (plan.minutes) out["minutes"] = *plan.minutes;
  return out;
}

std::string write_plan_file(const PlanFile& file) {
  json decks = json::array();
  for (const auto& d : file.decks) decks.push_back({{"name", d.name}, {"entries", d.entries}});
  const json out = {{"format", plan_format}, {"version", plan_version}, {"plan", to_json(file.plan)}, {"decks", std::move(decks)}};
  return out.dump(2) + "\n";
}

std::optional<PlanFile> builtin_plan(std::string_view id) {
  for (const auto& [name, text] : builtin_plan_files()) {
    if (name != id) continue;
    auto parsed = parse_plan_file(text);
    if (auto* file = std::get_if<PlanFile>(&parsed)) return std::move(*file);
    return std::nullopt;  // the games tests check every built-in plan reads
  }
  return std::nullopt;
}

}  // namespace earshot::games
