#include "server/rooms/plans.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "server/rooms/room.hpp"

namespace earshot::server {

using nlohmann::json;
using games::limits::max_decks;
using games::limits::max_plans;

namespace {

PlanRefusal refusal(std::string code, std::string message, std::string field = {}) {
  return {std::move(code), std::move(message), std::move(field), 0, 0};
}

PlanRefusal from_format(const games::PlanRefusal& r) { return refusal(r.code, r.message, r.field); }

PlanRefusal not_found(std::string_view id, const char* field = "plan") {
  return refusal("plan_not_found", "There is no plan \"" + std::string(id) + "\".", field);
}

PlanRefusal not_saved(const std::string& why) {
  return refusal("not_saved", "That could not be saved, and nothing changed: " + why);
}

// "p12" -> 12; 0 for anything else.
std::int64_t own_number(std::string_view id) {
  if (id.size() < 2 || id.size() > 19 || id.front() != 'p' || id[1] == '0') return 0;
  std::int64_t n = 0;
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

std::string own_id(std::int64_t number) { return "p" + std::to_string(number); }

// What a page may send back of a plan it was given, which is not part of the plan: left out
// before the plan is checked, so that a plan read and sent back as it is, is taken.
json without_read_only(json plan) {
  if (!plan.is_object()) return plan;
  for (const char* f : {"id", "builtin", "size", "createdAt", "updatedAt"}) plan.erase(f);
  if (auto a = plan.find("activities"); a != plan.end() && a->is_array()) {
    for (auto& activity : *a) {
      if (activity.is_object() && activity.contains("draw") && activity["draw"].is_object()) {
        activity["draw"].erase("missing");
      }
    }
  }
  return plan;
}

}  // namespace

PlanLibrary::PlanLibrary(DeckLibrary& decks, store::EventStore* store) : decks_(decks), store_(store) {
  if (store_) last_id_ = store_->last_plan_id();
}

// ---- Reads ---------------------------------------------------------------------------------------

std::optional<PlanLibrary::Loaded> PlanLibrary::load(std::string_view id) const {
  if (auto file = games::builtin_plan(id)) return Loaded{std::string(id), 0, games::to_json(file->plan), 0, 0};
  const auto number = own_number(id);
  std::optional<store::StoredPlan> stored = number && store_ ? store_->plan(number) : std::nullopt;
  if (!stored) return std::nullopt;
  return loaded(*stored);
}

PlanLibrary::Loaded PlanLibrary::loaded(const store::StoredPlan& stored) {
  json body = json::parse(stored.body, nullptr, false);
  if (!body.is_object()) body = json::object();
  return Loaded{own_id(stored.id), stored.id, std::move(body), stored.created_ms, stored.updated_ms};
}

json PlanLibrary::full_json(const Loaded& p) const {
  json out = p.body;
  out["id"] = p.id;
  out["builtin"] = p.own == 0;
  if (p.own) {
    out["createdAt"] = p.created_ms;
    out["updatedAt"] = p.updated_ms;
  }
  if (auto a = out.find("activities"); a != out.end() && a->is_array()) {
    for (auto& activity : *a) {
      if (!activity.contains("draw") || !activity["draw"].is_object()) continue;
      auto& draw = activity["draw"];
      const std::string deck = draw.value("deck", "");
      if (!decks_.exists(deck)) draw["missing"] = true;
    }
  }
  return out;
}

json PlanLibrary::list() const {
  json plans = json::array();
  auto add = [&plans](const Loaded& p) {
    json titles = json::array();
    json games = json::array();
    for (const auto& a : p.body.value("activities", json::array())) {
      titles.push_back(a.value("title", ""));
      games.push_back(a.contains("config") && a["config"].is_object() ? a["config"].value("game", "") : "");
    }
    json item = {{"id", p.id},         {"name", p.body.value("name", p.id)}, {"builtin", p.own == 0},
                 {"size", titles.size()}, {"titles", std::move(titles)},        {"games", std::move(games)}};
    if (p.body.contains("minutes")) item["minutes"] = p.body["minutes"];
    if (p.own) {
      item["createdAt"] = p.created_ms;
      item["updatedAt"] = p.updated_ms;
    }
    plans.push_back(std::move(item));
  };
  for (const auto& [id, text] : games::builtin_plan_files()) {
    (void)text;
    if (auto p = load(id)) add(*p);
  }
  if (store_) {
    for (const auto& stored : store_->plans()) add(loaded(stored));  // (the list has their bodies)
  }
  return {{"plans", std::move(plans)}};
}

std::variant<json, PlanRefusal> PlanLibrary::get(std::string_view id) const {
  auto p = load(id);
  if (!p) return not_found(id);
  return full_json(*p);
}

std::variant<PlanLibrary::Found, PlanRefusal> PlanLibrary::plan_to_run(std::string_view id) const {
  auto p = load(id);
  if (!p) return not_found(id);
  // Checked as stored; a deck deleted since is found when its activity runs.
  auto parsed = games::parse_plan(p->body, [](std::string_view) { return true; });
  if (auto* r = std::get_if<games::PlanRefusal>(&parsed)) return from_format(*r);
  return Found{p->id, std::get<games::Plan>(std::move(parsed))};
}

std::variant<DeckFile, PlanRefusal> PlanLibrary::export_plan(std::string_view id) const {
  auto found = plan_to_run(id);
  if (auto* r = std::get_if<PlanRefusal>(&found)) return *r;
  games::PlanFile file{std::move(std::get<Found>(found).plan), {}};
  std::map<std::string, std::string> names;  // own deck id -> its name in the file
  for (std::size_t i = 0; i < file.plan.activities.size(); ++i) {
    auto& draw = file.plan.activities[i].draw;
    if (!draw || games::is_builtin_deck(draw->deck)) continue;
    if (auto known = names.find(draw->deck); known != names.end()) {
      draw->deck = known->second;
      continue;
    }
    auto deck = decks_.own_deck(draw->deck);
    if (!deck) {
      return refusal("plan_deck_missing",
                     "Activity " + std::to_string(i + 1) + " draws from a deck that was deleted: choose another deck first.",
                     "activities[" + std::to_string(i) + "].draw.deck");
    }
    names[draw->deck] = deck->name;
    file.decks.push_back({deck->name, std::move(deck->entries)});
    draw->deck = deck->name;
  }
  return DeckFile{file_stem(file.plan.name, std::string(id)) + ".earshot-plan.json", "application/json; charset=utf-8",
                  games::write_plan_file(file)};
}

// ---- Changes, in the decks' line ----------------------------------------------------------------

std::optional<PlanRefusal> PlanLibrary::name_taken(const std::string& key, std::int64_t except) const {
  for (const auto& p : store_->plans()) {
    if (p.id != except && p.name_key == key) {
      return refusal("plan_name_taken", "There is already a plan called \"" + p.name + "\": pick another name.", "name");
    }
  }
  return std::nullopt;
}

void PlanLibrary::store_plan(const json& body, std::int64_t own, Done done, std::function<void()> finished) {
  auto answer_now = [&](PlanRefusal r) {
    done(std::move(r));
    finished();
  };
  auto parsed = games::parse_plan(without_read_only(body), [this](std::string_view deck) { return decks_.exists(deck); });
  if (auto* r = std::get_if<games::PlanRefusal>(&parsed)) return answer_now(from_format(*r));
  const auto& plan = std::get<games::Plan>(parsed);
  const std::string key = games::deck_name_key(plan.name);
  if (auto r = name_taken(key, own)) return answer_now(*r);
  std::optional<store::StoredPlan> before = own ? store_->plan(own) : std::nullopt;
  if (own && !before) return answer_now(not_found(own_id(own)));
  if (!own && store_->plans().size() >= max_plans) {
    return answer_now(refusal("too_many_plans", "There are " + std::to_string(max_plans) +
                                                    " plans already, as many as Earshot keeps: delete one first."));
  }
  const std::int64_t now = wall_clock_ms();
  const std::int64_t id = own ? own : ++last_id_;
  json stored = games::to_json(plan);
  Loaded loaded{own_id(id), id, stored, before ? before->created_ms : now, now};
  json answer = full_json(loaded);
  store::Write write = own ? store::Write{store::UpdatePlan{id, plan.name, key, stored.dump(), now}}
                           : store::Write{store::CreatePlan{id, plan.name, key, stored.dump(), now}};
  store_->append({std::move(write)}, [answer = std::move(answer), done = std::move(done),
                                      finished = std::move(finished)](const store::Outcome& outcome) {
    if (outcome.ok()) done(answer);
    else done(not_saved(outcome.error));
    finished();
  });
}

void PlanLibrary::create(json plan, Done done) {
  decks_.change(std::move(done), [this, plan = std::move(plan)](Done done, auto finished) mutable {
    if (!store_) {
      done(not_saved("this server keeps no data"));
      return finished();
    }
    store_plan(plan, 0, std::move(done), std::move(finished));
  });
}

void PlanLibrary::copy(std::string from, std::string name, Done done) {
  decks_.change(std::move(done), [this, from = std::move(from), name = std::move(name)](Done done, auto finished) mutable {
    if (!store_) {
      done(not_saved("this server keeps no data"));
      return finished();
    }
    auto source = load(from);
    if (!source) {
      done(not_found(from, "copyOf"));
      return finished();
    }
    json body = source->body;
    body["name"] = name;
    store_plan(body, 0, std::move(done), std::move(finished));
  });
}

void PlanLibrary::update(std::string id, json plan, Done done) {
  decks_.change(std::move(done), [this, id = std::move(id), plan = std::move(plan)](Done done, auto finished) mutable {
    if (games::builtin_plan(id)) {
      done(refusal("plan_read_only", "A built-in plan cannot be changed: copy it, then change the copy.", "plan"));
      return finished();
    }
    const auto number = own_number(id);
    if (!number || !store_ || !store_->plan(number)) {
      done(not_found(id));
      return finished();
    }
    store_plan(plan, number, std::move(done), std::move(finished));
  });
}

void PlanLibrary::remove(std::string id, Done done) {
  decks_.change(std::move(done), [this, id = std::move(id)](Done done, auto finished) mutable {
    if (games::builtin_plan(id)) {
      done(refusal("plan_read_only", "A built-in plan cannot be deleted.", "plan"));
      return finished();
    }
    const auto number = own_number(id);
    if (!number || !store_ || !store_->plan(number)) {
      done(not_found(id));
      return finished();
    }
    store_->append({store::DeletePlan{number}}, [id, done = std::move(done), finished = std::move(finished)](
                                                    const store::Outcome& outcome) {
      if (outcome.ok()) done(json{{"deleted", id}});
      else done(not_saved(outcome.error));
      finished();
    });
  });
}

void PlanLibrary::import(std::string file, Done done) {
  decks_.change(std::move(done), [this, file = std::move(file)](Done done, auto finished) mutable {
    auto answer_now = [&](PlanRefusal r) {
      done(std::move(r));
      finished();
    };
    if (!store_) return answer_now(not_saved("this server keeps no data"));
    auto parsed = games::parse_plan_file(file);
    if (auto* r = std::get_if<games::PlanRefusal>(&parsed)) return answer_now(from_format(*r));
    auto& got = std::get<games::PlanFile>(parsed);

    // The plan's name first: nothing of a refused import is written.
    const std::string plan_key = games::deck_name_key(got.plan.name);
    if (auto r = name_taken(plan_key, 0)) return answer_now(*r);
    if (store_->plans().size() >= max_plans) {
      return answer_now(refusal("too_many_plans", "There are " + std::to_string(max_plans) +
                                                      " plans already, as many as Earshot keeps: delete one first."));
    }
    // The file's decks: the same deck when an own deck has its name and entries, a refusal when
    // the name is taken by other entries, else a new deck.
    store::Batch batch;
    std::map<std::string, std::string> ids;  // the key of a file deck's name -> the deck's id here
    json added = json::array();
    json reused = json::array();
    std::size_t adding = 0;
    for (std::size_t i = 0; i < got.decks.size(); ++i) {
      const auto& deck = got.decks[i];
      const std::string key = games::deck_name_key(deck.name);
      if (auto own = decks_.own_deck_by_key(key)) {
        if (own->entries != deck.entries) {
          return answer_now(refusal("deck_name_taken",
                                    "There is already a deck called \"" + own->name +
                                        "\" with other entries: rename one of them, then import the plan again.",
                                    "decks[" + std::to_string(i) + "].name"));
        }
        ids[key] = own->id;
        reused.push_back(own->id);
        continue;
      }
      ++adding;
    }
    if (decks_.own_count() + adding > max_decks) {
      return answer_now(refusal("too_many_decks", "The plan brings " + std::to_string(adding) +
                                                      " new decks, more than Earshot can still keep: delete some decks first."));
    }
    const std::int64_t now = wall_clock_ms();
    for (const auto& deck : got.decks) {
      const std::string key = games::deck_name_key(deck.name);
      if (ids.contains(key)) continue;
      const std::int64_t number = decks_.take_id();
      ids[key] = DeckLibrary::own_id(number);
      added.push_back(ids[key]);
      batch.push_back(store::CreateDeck{number, deck.name, key, json(deck.entries).dump(), now});
    }
    for (auto& activity : got.plan.activities) {
      if (activity.draw && !games::is_builtin_deck(activity.draw->deck)) {
        activity.draw->deck = ids.at(games::deck_name_key(activity.draw->deck));
      }
    }
    const std::int64_t id = ++last_id_;
    json stored = games::to_json(got.plan);
    batch.push_back(store::CreatePlan{id, got.plan.name, plan_key, stored.dump(), now});
    json answer = {{"decksAdded", std::move(added)}, {"decksReused", std::move(reused)}};
    Loaded loaded{own_id(id), id, std::move(stored), now, now};
    store_->append(std::move(batch), [this, loaded = std::move(loaded), answer = std::move(answer), done = std::move(done),
                                      finished = std::move(finished)](const store::Outcome& outcome) mutable {
      if (outcome.ok()) {
        answer["plan"] = full_json(loaded);
        done(answer);
      } else {
        done(not_saved(outcome.error));
      }
      finished();
    });
  });
}

}  // namespace earshot::server
