#include "server/rooms/welcome.hpp"

#include "games/content.hpp"
#include "games/vocabulary.hpp"
#include "server/rooms/protocol.hpp"

namespace earshot::server {

using nlohmann::json;

namespace {

json decks_json() {
  json out = json::object();
  for (const char* name : {"seeds", "stimuli", "prompts", "titles"}) out[name] = games::builtin_deck(name);
  return out;
}

// The vocabulary each page needs, as JSON text (made once).
const std::string& vocabulary_text(const Seat& seat) {
  using games::VocabularyFor;
  auto dump = [](VocabularyFor who) { return games::vocabulary_json(who).dump(); };
  static const std::string phone = dump(VocabularyFor::phone), stage = dump(VocabularyFor::stage),
                           facilitator = dump(VocabularyFor::facilitator);
  if (seat.role == Role::participant) return phone;
  return runs_room(seat.role) && seat.view == "facilitator" ? facilitator : stage;
}

}  // namespace

std::string welcome_frame(const Welcome& w, const json& re) {
  json welcome = {{"type", "welcome"}, {"view", w.seat.view}, {"server", {{"version", EARSHOT_VERSION}}}};
  switch (w.seat.role) {
    case Role::participant:
      welcome["role"] = "participant";
      welcome["token"] = w.token;
      welcome["you"] = w.you;
      break;
    case Role::facilitator:
      welcome["role"] = "facilitator";
      welcome["rooms"] = w.rooms;
      welcome["content"] = decks_json();
      if (w.seat.view == "facilitator") {
        welcome["plan"] = w.plan;
        welcome["assistant"] = w.assistant;
      }
      break;
    case Role::assistant:  // (no rooms, and nothing of the facilitator key or the assistant's link)
      welcome["role"] = "assistant";
      welcome["content"] = decks_json();
      if (w.seat.view == "facilitator") welcome["plan"] = w.plan;
      break;
    default:
      welcome["role"] = "observer";
      break;
  }
  if (w.seat.role != Role::participant && !w.step.is_null()) welcome["step"] = w.step;
  std::string text = protocol::frame(std::move(welcome), re);
  // {"room":{...},"round":{...},"vocabulary":{...},"re":...,"type":"welcome",...}: all three are
  // JSON text already (a storm of phones coming back is welcomed without rebuilding them).
  std::string head = "\"room\":";
  head += w.room;
  if (!w.round.empty()) {
    head += ",\"round\":";
    head += w.round;
  }
  head += ",\"vocabulary\":";
  head += vocabulary_text(w.seat);
  head += ',';
  text.insert(1, head);
  return text;
}

}  // namespace earshot::server
