#pragma once
// The facilitator's decks: the built-in ones (games/content/) and their own, kept in the store.
// Listing, reading, creating, copying, changing, renaming, deleting, importing and exporting them
// (docs/protocol.md, "Decks"), and drawing a round's seed word, title, stimuli or prompt from one.
// What a good name, entry, file or draw is, is the games library's (games/deck.hpp); this keeps
// the decks and puts the changes in order.
//
// Reads run on any thread. Changes run one at a time, in the order they were asked for, on the
// library's own strand: each is checked against the decks as they are then (is the name taken?),
// written to the store, and answered once it is on disk (or refused, and then nothing changed).
// So two changes can never both take one name. A draw runs on its room's strand.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "games/deck.hpp"
#include "server/rooms/asio.hpp"
#include "server/rooms/protocol.hpp"
#include "store/store.hpp"

namespace earshot::server {

// A refusal: its code, message, field and line (games/deck.hpp). Besides the deck format's codes:
// deck_not_found, deck_read_only (a built-in deck cannot be changed), deck_name_taken,
// too_many_decks, bad_field and not_saved (the store could not write it).
using DeckRefusal = games::DeckRefusal;

// A deck written out for a download.
struct DeckFile {
  std::string file_name;   // "help-desk-words.csv": the name in ASCII letters, digits and '-', else the id
  std::string media_type;  // "text/plain; charset=utf-8" or "text/csv; charset=utf-8"
  std::string body;
};

// Which deck a round draws from, how, and how many entries (a burst's stimuli; 1 otherwise).
using DeckDraw = protocol::DeckDraw;

// A file name from a deck's or plan's name: ASCII letters and digits, runs of anything else as one
// '-'; `fallback` when nothing is left.
std::string file_stem(std::string_view name, std::string_view fallback);

class DeckLibrary {
 public:
  // The built-in decks' ids, in the order they are listed.
  static constexpr std::array<std::string_view, 7> builtin_ids = {"seeds",   "stimuli", "titles",  "prompts",
                                                                    "tickets", "caller",  "readings"};

  // `store`: where the decks are kept (nullptr: only the built-in decks, and changes are refused
  // with not_saved).
  DeckLibrary(net::io_context& ioc, store::EventStore* store);

  // ---- Reads (any thread; throw store::StoreError when the store cannot be read) ----

  // {"decks":[...]}: the built-in decks, then the own ones, oldest first; each without entries.
  nlohmann::json list() const;
  // One deck with its entries, or deck_not_found.
  std::variant<nlohmann::json, DeckRefusal> get(std::string_view id) const;
  // A deck as a file: `format` "txt" or "csv" (else bad_field "format"), or deck_not_found.
  std::variant<DeckFile, DeckRefusal> export_deck(std::string_view id, std::string_view format) const;

  // ---- Changes: `done` is called once, on any thread, with the deck as get() gives it (for
  // import, {"deck":..., "taken":N, "refused":[...]}; for remove, {"deleted":ID}) or a refusal ----

  using Done = std::function<void(std::variant<nlohmann::json, DeckRefusal>)>;
  // A new deck from the editor's text (one entry per line).
  void create(std::string name, std::string text, Done done);
  // A new deck with the entries of deck `from` (built-in or own).
  void copy(std::string from, std::string name, Done done);
  // Changes an own deck's name, its entries (the editor's text), or both; at least one is given.
  void update(std::string id, std::optional<std::string> name, std::optional<std::string> text, Done done);
  void remove(std::string id, Done done);
  // A new deck from a file (`file_name` decides its format: games::deck_format_for).
  void import(std::string name, std::string file_name, std::string file, Done done);

  // ---- Rounds (a room's strand) ----

  // Draws `draw.count` entries of a deck for a round with the round's `seed`, and hands them to
  // `use`, which returns whether the round took them (its config was good). Only then does the
  // deck's place move on (mode next), and the store write that records it is returned, to be
  // recorded with the round. deck_not_found (field "draw.deck") if there is no such deck.
  using Use = std::function<bool(std::vector<std::string>)>;
  std::variant<std::optional<store::Write>, DeckRefusal> draw(const DeckDraw& draw, std::uint64_t seed, const Use& use);

  // ---- For the plans (server/rooms/plans.hpp), whose changes wait in the same line, so that a
  // plan and the decks it brings are checked and written as one ----

  // Runs `op` on the strand once every change asked for before it is done. `op` answers through
  // the Done it is given and then calls `finished` (from any thread). If reading the store throws
  // before it answered, the change is answered not_saved.
  using Change = std::function<void(Done done, std::function<void()> finished)>;
  void change(Done done, Change op);
  // Whether there is a deck with this id, built-in or own (any thread).
  bool exists(std::string_view id) const;
  // An own deck ("d3"): its name and entries (any thread); nullopt if there is none.
  struct Named {
    std::string id;
    std::string name;
    std::vector<std::string> entries;
  };
  std::optional<Named> own_deck(std::string_view id) const;
  // strand: the own deck whose name has this key (games::deck_name_key), if any.
  std::optional<Named> own_deck_by_key(const std::string& key) const;
  // strand: how many own decks there are, and a new own deck's number (never given before).
  std::size_t own_count() const;
  std::int64_t take_id() { return ++last_id_; }
  static std::string own_id(std::int64_t number) { return "d" + std::to_string(number); }

 private:
  // The entries of a deck (built-in or own) and its place; nullopt if there is no such deck.
  struct Loaded {
    std::vector<std::string> entries;
    std::int64_t own = 0;  // the own deck's number, 0 for a built-in deck
    std::string builtin;   // the built-in deck's name
    std::size_t place = 0;
  };
  std::optional<Loaded> load(std::string_view id) const;

  void next_change();  // strand

  // strand: refusals of a new or changed name (taken by another deck than `except`).
  std::optional<DeckRefusal> name_taken(const std::string& key, std::int64_t except) const;
  // strand: writes `write` and answers `done` with `answer`, or not_saved.
  void save(store::Write write, nlohmann::json answer, Done done, std::function<void()> finished);
  // strand: adds a new deck with these entries.
  void add(std::string name, std::vector<std::string> entries, nlohmann::json extra, Done done,
           std::function<void()> finished);

  Strand strand_;
  store::EventStore* const store_;
  std::int64_t last_id_ = 0;  // strand: the highest own deck number given
  bool busy_ = false;         // strand: a change is being written
  struct Waiting {
    Done done;
    Change op;
  };
  std::deque<Waiting> waiting_;

  // Where "the next entry" of each deck goes on from, by deck id, as the rounds have moved it.
  mutable std::mutex places_mutex_;
  std::unordered_map<std::string, std::size_t> places_;
};

}  // namespace earshot::server
