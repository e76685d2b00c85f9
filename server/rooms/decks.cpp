#include "server/rooms/decks.hpp"

#include <algorithm>
#include <cctype>

#include "games/content.hpp"
#include "server/rooms/room.hpp"

namespace earshot::server {

using nlohmann::json;
using games::limits::max_decks;

namespace {

DeckRefusal refusal(std::string code, std::string message, std::string field = {}) {
  return {std::move(code), std::move(message), std::move(field), 0, 0};
}

DeckRefusal not_found(std::string_view id, const char* field = "deck") {
  return refusal("deck_not_found", "There is no deck \"" + std::string(id) + "\".", field);
}

DeckRefusal not_saved(const std::string& why) {
  return refusal("not_saved", "That could not be saved, and nothing changed: " + why);
}

bool is_builtin(std::string_view id) {
  return std::find(DeckLibrary::builtin_ids.begin(), DeckLibrary::builtin_ids.end(), id) != DeckLibrary::builtin_ids.end();
}

// "d12" -> 12; 0 for anything else.
std::int64_t own_number(std::string_view id) {
  if (id.size() < 2 || id.size() > 19 || id.front() != 'd' || id[1] == '0') return 0;
  std::int64_t n = 0;
  for (char c : id.substr(1)) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

json summary_json(const store::DeckSummary& d) {
  json sample = json::parse(d.sample, nullptr, false);
  return {{"id", DeckLibrary::own_id(d.id)}, {"name", d.name}, {"builtin", false}, {"size", d.size},
          {"sample", sample.is_array() ? sample : json::array()}, {"createdAt", d.created_ms}, {"updatedAt", d.updated_ms}};
}

json deck_json(const store::Deck& d, const std::vector<std::string>& entries) {
  return {{"id", DeckLibrary::own_id(d.id)}, {"name", d.name}, {"builtin", false}, {"size", entries.size()},
          {"entries", entries}, {"createdAt", d.created_ms}, {"updatedAt", d.updated_ms}};
}

std::vector<std::string> entries_of(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

json refused_json(const std::vector<DeckRefusal>& refused) {
  json out = json::array();
  for (const auto& r : refused) {
    json line = {{"line", r.line}, {"code", r.code}, {"message", r.message}};
    if (r.same_as) line["sameAs"] = r.same_as;
    out.push_back(std::move(line));
  }
  return out;
}


}  // namespace

std::string file_stem(std::string_view name, std::string_view fallback) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? std::string(fallback) : out;
}

DeckLibrary::DeckLibrary(net::io_context& ioc, store::EventStore* store) : strand_(net::make_strand(ioc)), store_(store) {
  if (store_) last_id_ = store_->last_deck_id();
}

// ---- Reads ---------------------------------------------------------------------------------------

std::optional<DeckLibrary::Loaded> DeckLibrary::load(std::string_view id) const {
  Loaded out;
  if (is_builtin(id)) {
    out.entries = games::builtin_deck(id);
    out.builtin = std::string(id);
    if (store_) out.place = static_cast<std::size_t>(store_->builtin_deck_place(out.builtin));
    return out;
  }
  const auto number = own_number(id);
  if (!number || !store_) return std::nullopt;
  auto deck = store_->deck(number);
  if (!deck) return std::nullopt;
  out.entries = entries_of(deck->entries);
  out.own = number;
  out.place = static_cast<std::size_t>(deck->place);
  return out;
}

json DeckLibrary::list() const {
  json decks = json::array();
  for (auto id : builtin_ids) {
    const auto entries = games::builtin_deck(id);
    const std::size_t shown = std::min<std::size_t>(entries.size(), 5);
    decks.push_back({{"id", id}, {"builtin", true}, {"size", entries.size()},
                     {"sample", std::vector<std::string>(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(shown))}});
  }
  if (store_) {
    for (const auto& d : store_->decks()) decks.push_back(summary_json(d));
  }
  return {{"decks", std::move(decks)}};
}

std::variant<json, DeckRefusal> DeckLibrary::get(std::string_view id) const {
  if (is_builtin(id)) {
    const auto entries = games::builtin_deck(id);
    return json{{"id", id}, {"builtin", true}, {"size", entries.size()}, {"entries", entries}};
  }
  const auto number = own_number(id);
  std::optional<store::Deck> deck = number && store_ ? store_->deck(number) : std::nullopt;
  if (!deck) return not_found(id);
  return deck_json(*deck, entries_of(deck->entries));
}

std::variant<DeckFile, DeckRefusal> DeckLibrary::export_deck(std::string_view id, std::string_view format) const {
  if (format != "txt" && format != "csv") return refusal("bad_field", "A deck is exported as txt or csv.", "format");
  std::vector<std::string> entries;
  std::string stem;
  if (is_builtin(id)) {
    entries = games::builtin_deck(id);
    stem = "earshot-" + std::string(id);
  } else {
    const auto number = own_number(id);
    std::optional<store::Deck> deck = number && store_ ? store_->deck(number) : std::nullopt;
    if (!deck) return not_found(id);
    entries = entries_of(deck->entries);
    stem = file_stem(deck->name, id);
  }
  if (format == "csv") return DeckFile{stem + ".csv", "text/csv; charset=utf-8", games::write_deck_csv(entries)};
  return DeckFile{stem + ".txt", "text/plain; charset=utf-8", games::write_deck_text(entries)};
}

// ---- Changes, one at a time ---------------------------------------------------------------------

void DeckLibrary::change(Done done, Change op) {
  net::post(strand_, [this, done = std::move(done), op = std::move(op)]() mutable {
    waiting_.push_back({std::move(done), std::move(op)});
    if (!busy_) next_change();
  });
}

void DeckLibrary::next_change() {
  if (waiting_.empty()) {
    busy_ = false;
    return;
  }
  busy_ = true;
  Waiting next = std::move(waiting_.front());
  waiting_.pop_front();
  // Whether the change has answered: a store read that throws before then answers it here.
  auto answered = std::make_shared<bool>(false);
  Done done = [answered, answer = std::move(next.done)](std::variant<json, DeckRefusal> result) {
    *answered = true;
    answer(std::move(result));
  };
  auto finished = [this] { net::post(strand_, [this] { next_change(); }); };
  try {
    next.op(done, finished);
  } catch (const store::StoreError& e) {
    if (*answered) return;
    done(not_saved(e.what()));
    finished();
  }
}

std::optional<DeckRefusal> DeckLibrary::name_taken(const std::string& key, std::int64_t except) const {
  for (const auto& d : store_->decks()) {
    if (d.id != except && games::deck_name_key(d.name) == key) {
      return refusal("deck_name_taken", "There is already a deck called \"" + d.name + "\": pick another name.", "name");
    }
  }
  return std::nullopt;
}

void DeckLibrary::save(store::Write write, json answer, Done done, std::function<void()> finished) {
  store_->append({std::move(write)}, [answer = std::move(answer), done = std::move(done),
                                      finished = std::move(finished)](const store::Outcome& outcome) {
    if (outcome.ok()) done(answer);
    else done(not_saved(outcome.error));
    finished();
  });
}

void DeckLibrary::add(std::string name, std::vector<std::string> entries, json extra, Done done,
                      std::function<void()> finished) {
  auto answer_now = [&](DeckRefusal r) {
    done(std::move(r));
    finished();
  };
  auto cleaned = games::clean_deck_name(name);
  if (auto* r = std::get_if<DeckRefusal>(&cleaned)) return answer_now(*r);
  const auto& clean = std::get<std::string>(cleaned);
  const auto key = games::deck_name_key(clean);
  if (auto r = name_taken(key, 0)) return answer_now(*r);
  if (store_->decks().size() >= max_decks) {
    return answer_now(refusal("too_many_decks",
                              "There are " + std::to_string(max_decks) + " decks already, as many as Earshot keeps: delete one first."));
  }
  const std::int64_t now = wall_clock_ms();
  const std::int64_t id = ++last_id_;
  store::Deck stored{id, clean, key, json(entries).dump(), 0, now, now};
  json deck = deck_json(stored, entries);
  json answer = deck;
  if (!extra.is_null()) {
    extra["deck"] = std::move(deck);
    answer = std::move(extra);
  }
  save(store::CreateDeck{id, clean, key, stored.entries, now}, std::move(answer), std::move(done), std::move(finished));
}

void DeckLibrary::create(std::string name, std::string text, Done done) {
  change(std::move(done), [this, name = std::move(name), text = std::move(text)](Done done, auto finished) mutable {
    if (!store_) {
      done(not_saved("this server keeps no data"));
      return finished();
    }
    auto parsed = games::parse_deck_text(text);
    if (auto* r = std::get_if<DeckRefusal>(&parsed)) {
      // The name is checked first: a form says what is wrong from the top down.
      auto cleaned = games::clean_deck_name(name);
      done(std::holds_alternative<DeckRefusal>(cleaned) ? std::get<DeckRefusal>(cleaned) : *r);
      return finished();
    }
    add(std::move(name), std::move(std::get<std::vector<std::string>>(parsed)), json(), std::move(done), std::move(finished));
  });
}

void DeckLibrary::copy(std::string from, std::string name, Done done) {
  change(std::move(done), [this, from = std::move(from), name = std::move(name)](Done done, auto finished) mutable {
    if (!store_) {
      done(not_saved("this server keeps no data"));
      return finished();
    }
    auto source = load(from);
    if (!source) {
      done(not_found(from, "from"));
      return finished();
    }
    add(std::move(name), std::move(source->entries), json(), std::move(done), std::move(finished));
  });
}

void DeckLibrary::update(std::string id, std::optional<std::string> name, std::optional<std::string> text, Done done) {
  change(std::move(done), [this, id = std::move(id), name = std::move(name), text = std::move(text)](Done done, auto finished) mutable {
    auto answer_now = [&](DeckRefusal r) {
      done(std::move(r));
      finished();
    };
    if (is_builtin(id)) return answer_now(refusal("deck_read_only", "A built-in deck cannot be changed: copy it, then change the copy.", "deck"));
    const auto number = own_number(id);
    std::optional<store::Deck> deck = number && store_ ? store_->deck(number) : std::nullopt;
    if (!deck) return answer_now(not_found(id));
    std::string clean = deck->name;
    if (name) {
      auto cleaned = games::clean_deck_name(*name);
      if (auto* r = std::get_if<DeckRefusal>(&cleaned)) return answer_now(*r);
      clean = std::get<std::string>(cleaned);
    }
    const auto key = games::deck_name_key(clean);
    if (auto r = name_taken(key, number)) return answer_now(*r);
    std::vector<std::string> entries = entries_of(deck->entries);
    if (text) {
      auto parsed = games::parse_deck_text(*text);
      if (auto* r = std::get_if<DeckRefusal>(&parsed)) return answer_now(*r);
      entries = std::move(std::get<std::vector<std::string>>(parsed));
    }
    const std::int64_t now = wall_clock_ms();
    store::Deck changed{number, clean, key, json(entries).dump(), deck->place, deck->created_ms, now};
    save(store::UpdateDeck{number, clean, key, changed.entries, now}, deck_json(changed, entries), std::move(done),
         std::move(finished));
  });
}

void DeckLibrary::remove(std::string id, Done done) {
  change(std::move(done), [this, id = std::move(id)](Done done, auto finished) mutable {
    if (is_builtin(id)) {
      done(refusal("deck_read_only", "A built-in deck cannot be deleted.", "deck"));
      return finished();
    }
    const auto number = own_number(id);
    if (!number || !store_ || !store_->deck(number)) {
      done(not_found(id));
      return finished();
    }
    {
      std::lock_guard lock(places_mutex_);
      places_.erase(id);
    }
    save(store::DeleteDeck{number}, json{{"deleted", id}}, std::move(done), std::move(finished));
  });
}

void DeckLibrary::import(std::string name, std::string file_name, std::string file, Done done) {
  change(std::move(done), [this, name = std::move(name), file_name = std::move(file_name),
                           file = std::move(file)](Done done, auto finished) mutable {
    auto answer_now = [&](DeckRefusal r) {
      done(std::move(r));
      finished();
    };
    if (!store_) return answer_now(not_saved("this server keeps no data"));
    if (auto cleaned = games::clean_deck_name(name); std::holds_alternative<DeckRefusal>(cleaned)) {
      return answer_now(std::get<DeckRefusal>(cleaned));
    }
    const auto format = games::deck_format_for(file_name);
    if (!format) {
      return answer_now(refusal("deck_file_type",
                                "\"" + file_name + "\" is not a plain text (.txt) or CSV (.csv) file.", "file"));
    }
    auto result = games::import_deck(file, *format);
    if (auto* r = std::get_if<DeckRefusal>(&result)) return answer_now(*r);
    auto& got = std::get<games::DeckImport>(result);
    json extra = {{"taken", got.entries.size()}, {"refused", refused_json(got.refused)}};
    add(std::move(name), std::move(got.entries), std::move(extra), std::move(done), std::move(finished));
  });
}

// ---- For the plans --------------------------------------------------------------------------------

bool DeckLibrary::exists(std::string_view id) const {
  if (is_builtin(id)) return true;
  const auto number = own_number(id);
  return number && store_ && store_->deck(number).has_value();
}

std::optional<DeckLibrary::Named> DeckLibrary::own_deck(std::string_view id) const {
  const auto number = own_number(id);
  std::optional<store::Deck> deck = number && store_ ? store_->deck(number) : std::nullopt;
  if (!deck) return std::nullopt;
  return Named{std::string(id), deck->name, entries_of(deck->entries)};
}

std::optional<DeckLibrary::Named> DeckLibrary::own_deck_by_key(const std::string& key) const {
  if (!store_) return std::nullopt;
  for (const auto& d : store_->decks()) {
    if (games::deck_name_key(d.name) == key) return own_deck(own_id(d.id));
  }
  return std::nullopt;
}

std::size_t DeckLibrary::own_count() const { return store_ ? store_->decks().size() : 0; }

// ---- Drawing for a round -----------------------------------------------------------------------

std::variant<std::optional<store::Write>, DeckRefusal> DeckLibrary::draw(const DeckDraw& draw, std::uint64_t seed,
                                                                           const Use& use) {
  auto deck = load(draw.deck);
  if (!deck || deck->entries.empty()) return not_found(draw.deck, "draw.deck");
  std::lock_guard lock(places_mutex_);
  // The place as the rounds of this run moved it, else as it was stored.
  auto known = places_.find(draw.deck);
  const std::size_t place = known != places_.end() ? known->second : deck->place;
  auto drawn = games::draw_entries(deck->entries, draw.mode, draw.count, place, seed);
  if (!use(std::move(drawn.entries)) || draw.mode != games::DrawMode::next) return std::optional<store::Write>{};
  places_[draw.deck] = drawn.next;
  return std::optional<store::Write>{
      store::MoveDeckPlace{deck->own, deck->builtin, static_cast<std::int64_t>(drawn.next)}};
}

}  // namespace earshot::server
