// A round's highlights (games/highlights.hpp; the rules are documented in docs/games.md,
// "Highlights", in the order they are tried here).
#include "games/highlights.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "games/results.hpp"
#include "games/text.hpp"

namespace earshot::games {

namespace {

using Highlights = std::vector<Highlight>;

// Short words every retelling repeats without having listened: not worth applauding.
const std::set<std::string, std::less<>> common_words = {
    "about", "after", "again", "also", "because", "been", "before", "came", "could", "didn", "does", "down",
    "each", "even", "ever", "from", "gave", "going", "have", "here", "into", "just", "know", "like",
    "made", "make", "many", "more", "much", "never", "once", "only", "other", "over", "said", "same",
    "some", "still", "such", "than", "that", "their", "them", "then", "there", "these", "they", "thing",
    "this", "those", "time", "upon", "very", "want", "went", "were", "what", "when", "where", "which",
    "while", "will", "with", "would", "your"};

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The words of a text, normalized (games/text.hpp): runs of letters and digits.
std::set<std::string> words_in(std::string_view text) {
  const std::string norm = normalize_answer(text);
  std::set<std::string> out;
  std::string word;
  for (const char c : norm + " ") {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80 || c == '\'') {
      word += c;
    } else if (!word.empty()) {
      out.insert(word);
      word.clear();
    }
  }
  return out;
}

// A story's circle whose retellings (at least two) all kept one of its words: the first word of
// the story, of four letters or more and not a common one, that every retelling repeats.
void kept_word(const RoundResults& r, Highlights& out) {
  const auto retell = std::find_if(r.sets.begin(), r.sets.end(), [](const SetResults& s) { return s.kind == "retell"; });
  if (retell == r.sets.end()) return;
  for (const auto& c : r.circles) {
    std::vector<std::set<std::string>> told;
    for (const auto& a : retell->answers) {
      if (a.circle == c.id) told.push_back(words_in(a.text));
    }
    if (told.size() < 2) continue;
    for (const auto& e : c.transcript) {
      if (!e.pass.empty()) continue;
      const auto norm = words_in(e.text);
      if (norm.size() != 1) continue;
      const std::string& w = *norm.begin();
      if (code_points(w) < 4 || common_words.contains(w)) continue;
      if (std::all_of(told.begin(), told.end(), [&](const auto& words) { return words.contains(w); })) {
        out.push_back({"kept_word", c.id, {}, e.text, std::nullopt, told.size()});
        return;
      }
    }
  }
}

// SPIV predict: two people who guessed each other's answers; else everyone whose guess matched.
void guesses(const RoundResults& r, Highlights& out) {
  for (std::size_t si = 0; si < r.sets.size(); ++si) {
    const auto& s = r.sets[si];
    if (!s.predict || s.predict->guesses.empty()) continue;
    const auto& g = s.predict->guesses;
    const auto& res = s.predict->measures.results;
    const auto matched = [&](const std::string& guesser, const std::string& target) {
      for (std::size_t i = 0; i < g.size() && i < res.size(); ++i) {
        if (g[i].guesser == guesser && g[i].target == target) return res[i].match;
      }
      return false;
    };
    std::vector<std::string> right;
    for (std::size_t i = 0; i < g.size() && i < res.size(); ++i) {
      if (!res[i].match) continue;
      if (g[i].guesser < g[i].target && matched(g[i].target, g[i].guesser)) {
        out.push_back({"mutual_guess", "", {g[i].guesser, g[i].target}, "", static_cast<int>(si), 2});
        return;
      }
      right.push_back(g[i].guesser);
    }
    if (!right.empty()) {
      const std::size_t n = right.size();
      out.push_back({"guessed", "", std::move(right), "", static_cast<int>(si), n});
      return;
    }
  }
}

// A story that found its own ending ("The End").
void the_end(const RoundResults& r, Highlights& out) {
  for (const auto& c : r.circles) {
    if (c.done == "the_end") {
      out.push_back({"the_end", c.id, {}, "", std::nullopt, 0});
      return;
    }
  }
}

// Everyone in every circle added at least one word (two people or more).
void everyone(const RoundResults& r, Highlights& out) {
  std::size_t people = 0;
  for (const auto& c : r.circles) {
    for (const auto& p : c.balance.per_participant) {
      if (std::find(c.order.begin(), c.order.end(), p.participant) == c.order.end()) continue;  // left the round
      if (p.words == 0) return;
      ++people;
    }
  }
  if (people >= 2) out.push_back({r.config.game == GameKind::waat ? "everyone_told" : "everyone_chained", "", {}, "", std::nullopt, people});
}

// Burst and SPIV: the biggest group of two or more people who heard the same thing.
void in_tune(const RoundResults& r, Highlights& out) {
  const ClusterResult* best = nullptr;
  int best_set = 0;
  for (std::size_t si = 0; si < r.sets.size(); ++si) {
    const auto& s = r.sets[si];
    if ((s.kind != "stimulus" && s.kind != "prompt") || !s.clusters) continue;
    for (const auto& c : *s.clusters) {
      if (c.count >= 2 && !c.participants.empty() && (!best || c.count > best->count)) {
        best = &c;
        best_set = static_cast<int>(si);
      }
    }
  }
  if (best) out.push_back({"in_tune", "", best->participants, best->label, best_set, best->count});
}

// Burst and SPIV: a stimulus or prompt to which three or more answers were all different.
void all_different(const RoundResults& r, Highlights& out) {
  for (std::size_t si = 0; si < r.sets.size(); ++si) {
    const auto& s = r.sets[si];
    if ((s.kind != "stimulus" && s.kind != "prompt") || !s.clusters) continue;
    if (s.answers.size() >= 3 && s.clusters->size() == s.answers.size()) {
      out.push_back({"all_different", "", {}, "", static_cast<int>(si), s.answers.size()});
      return;
    }
  }
}

// A circle of three or more that shared its turns evenly (Gini at most 0.1, two words each or more).
void even_turns(const RoundResults& r, Highlights& out) {
  for (const auto& c : r.circles) {
    if (c.order.size() >= 3 && c.balance.total_words >= 2 * c.order.size() && c.balance.gini <= 0.1) {
      out.push_back({"even_turns", c.id, {}, "", std::nullopt, c.order.size()});
      return;
    }
  }
}

// Nobody passed, in a round of six words or more.
void no_passes(const RoundResults& r, Highlights& out) {
  std::size_t words = 0, passes = 0;
  for (const auto& c : r.circles) {
    words += c.balance.total_words;
    passes += c.passes;
  }
  if (words >= 6 && passes == 0) out.push_back({"no_passes", "", {}, "", std::nullopt, words});
}

}  // namespace

std::vector<Highlight> highlights_of(const RoundResults& r) {
  Highlights out;
  if (r.config.turn_based()) {
    kept_word(r, out);
    the_end(r, out);
    everyone(r, out);
    even_turns(r, out);
    no_passes(r, out);
  } else {
    if (r.named) guesses(r, out);
    if (r.named) in_tune(r, out);
    all_different(r, out);
  }
  if (out.size() > max_highlights) out.resize(max_highlights);
  return out;
}

void to_json(nlohmann::json& j, const Highlight& h) {
  j = {{"kind", h.kind}};
  if (!h.circle.empty()) j["circle"] = h.circle;
  if (!h.participants.empty()) j["participants"] = h.participants;
  if (!h.word.empty()) j["word"] = h.word;
  if (h.set) j["set"] = *h.set;
  if (h.count) j["count"] = h.count;
}

}  // namespace earshot::games
