// The highlights of a round (games/highlights.hpp, docs/games.md "Highlights"): each rule finds
// what it should and nothing when it should not, results without names name nobody, and a
// round keeps at most four.
#include <doctest/doctest.h>

#include "games/highlights.hpp"
#include "games/results.hpp"

using namespace earshot::games;

namespace {

Entry word(std::string who, std::string text) { return Entry{std::move(who), std::move(text), "", "", 0, 1000}; }
Entry pass(std::string who) { return Entry{std::move(who), "", "", "timeout", 0, 5000}; }

CircleResults circle(std::string id, std::vector<std::string> order, std::vector<Entry> transcript, double gini = 0.3) {
  CircleResults c;
  c.id = std::move(id);
  c.order = std::move(order);
  c.transcript = std::move(transcript);
  for (const auto& p : c.order) c.balance.per_participant.push_back({p, 0});
  for (const auto& e : c.transcript) {
    if (!e.pass.empty()) {
      ++c.passes;
      continue;
    }
    ++c.balance.total_words;
    for (auto& p : c.balance.per_participant) {
      if (p.participant == e.participant) ++p.words;
    }
  }
  c.balance.gini = gini;
  return c;
}

RoundResults turn_round(GameKind game, std::vector<CircleResults> circles) {
  RoundResults r;
  r.config.game = game;
  r.circles = std::move(circles);
  return r;
}

std::vector<std::string> kinds(const std::vector<Highlight>& hs) {
  std::vector<std::string> out;
  for (const auto& h : hs) out.push_back(h.kind);
  return out;
}

const Highlight* find(const std::vector<Highlight>& hs, std::string_view kind) {
  for (const auto& h : hs) {
    if (h.kind == kind) return &h;
  }
  return nullptr;
}

SetResults answers(std::string kind, std::vector<std::pair<std::string, std::string>> given) {
  SetResults s;
  s.kind = std::move(kind);
  s.prompt = "winter";
  int n = 0;
  for (auto& [who, text] : given) s.answers.push_back(Answer{++n, who, "c1", text, 0, 900});
  return s;
}

}  // namespace

TEST_CASE("highlights: everyone added to the story, or not") {
  auto r = turn_round(GameKind::waat, {circle("c1", {"p1", "p2"}, {word("p1", "Once"), word("p2", "upon")}),
                                       circle("c2", {"p3", "p4"}, {word("p3", "A"), word("p4", "dog")})});
  const auto hs = highlights_of(r);
  REQUIRE(find(hs, "everyone_told"));
  CHECK(find(hs, "everyone_told")->count == 4);

  r.circles[1].transcript.pop_back();  // p4 said nothing
  r.circles[1] = circle("c2", {"p3", "p4"}, {word("p3", "A"), pass("p4")});
  CHECK_FALSE(find(highlights_of(r), "everyone_told"));

  auto chain = turn_round(GameKind::chain, {circle("c1", {"p1", "p2"}, {word("p1", "snow"), word("p2", "ice")})});
  CHECK(find(highlights_of(chain), "everyone_chained"));
}

TEST_CASE("highlights: a circle's retellings all kept a word of its story") {
  auto r = turn_round(GameKind::waat, {circle("c1", {"p1", "p2", "p3"},
                                              {word("p1", "Once"), word("p2", "upon"), word("p3", "a"), word("p1", "time"),
                                               word("p2", "a"), word("p3", "Kitten"), word("p1", "found"), word("p2", "a"),
                                               word("p3", "ticket")})});
  SetResults retell = answers("retell", {{"p1", "A kitten had a ticket."}, {"p2", "The KITTEN found something"}, {"p3", "kitten!"}});
  for (auto& a : retell.answers) a.circle = "c1";
  r.sets.push_back(retell);
  const auto found = highlights_of(r);
  const auto* kept = find(found, "kept_word");
  REQUIRE(kept);
  CHECK(kept->circle == "c1");
  CHECK(kept->word == "Kitten");  // as the story spelled it; "Once", "upon" and "time" are too common
  CHECK(kept->count == 3);

  r.sets[0].answers[2].text = "a cat with a ticket";  // one retelling lost the kitten, and no word is in all three
  CHECK_FALSE(find(highlights_of(r), "kept_word"));

  r.sets[0].answers.resize(1);  // a single retelling is not a pattern
  CHECK_FALSE(find(highlights_of(r), "kept_word"));
}

TEST_CASE("highlights: a story that found its ending, even turns, no passes") {
  std::vector<Entry> six;
  for (const char* who : {"p1", "p2", "p3", "p1", "p2", "p3"}) six.push_back(word(who, "word"));
  auto r = turn_round(GameKind::waat, {circle("c1", {"p1", "p2", "p3"}, six, 0.0)});
  r.circles[0].done = "the_end";
  auto hs = highlights_of(r);
  CHECK(kinds(hs) == std::vector<std::string>{"the_end", "everyone_told", "even_turns", "no_passes"});
  CHECK(find(hs, "the_end")->circle == "c1");

  r.circles[0].done = "word_limit";
  r.circles[0].balance.gini = 0.4;
  r.circles[0].transcript.push_back(pass("p1"));
  r.circles[0].passes = 1;
  hs = highlights_of(r);
  CHECK_FALSE(find(hs, "the_end"));
  CHECK_FALSE(find(hs, "even_turns"));
  CHECK_FALSE(find(hs, "no_passes"));
}

TEST_CASE("highlights: two people who guessed each other's answers, else whoever guessed right") {
  RoundResults r;
  r.config.game = GameKind::spiv;
  SetResults s = answers("prompt", {{"p1", "a reboot"}, {"p2", "duct tape"}, {"p3", "coffee"}});
  s.predict = PredictResults{};
  s.predict->guesses = {{"p1", "p2", "duct tape", "duct tape"}, {"p2", "p1", "reboot", "a reboot"}, {"p3", "p1", "tea", "a reboot"}};
  s.predict->measures = measure_predict(s.predict->guesses);
  r.sets.push_back(s);
  const auto first = highlights_of(r);
  const auto* mutual = find(first, "mutual_guess");
  REQUIRE(mutual);
  CHECK(mutual->participants == std::vector<std::string>{"p1", "p2"});

  r.sets[0].predict->guesses[1].guess = "tea";
  r.sets[0].predict->measures = measure_predict(r.sets[0].predict->guesses);
  CHECK_FALSE(find(highlights_of(r), "mutual_guess"));
  const auto second = highlights_of(r);
  const auto* guessed = find(second, "guessed");
  REQUIRE(guessed);
  CHECK(guessed->participants == std::vector<std::string>{"p1"});
}

TEST_CASE("highlights: people in tune, and answers all different, and without names nobody is named") {
  RoundResults r;
  r.config.game = GameKind::burst;
  SetResults a = answers("stimulus", {{"p1", "cold"}, {"p2", "Cold!"}, {"p3", "snow"}});
  a.clusters = std::vector<ClusterResult>{{"cold", {"cold", "Cold!"}, 2, {1, 2}, {"p1", "p2"}}, {"snow", {"snow"}, 1, {3}, {"p3"}}};
  SetResults b = answers("stimulus", {{"p1", "tickets"}, {"p2", "phone"}, {"p3", "coffee"}});
  b.clusters = std::vector<ClusterResult>{{"tickets", {}, 1, {1}, {"p1"}}, {"phone", {}, 1, {2}, {"p2"}}, {"coffee", {}, 1, {3}, {"p3"}}};
  r.sets = {a, b};
  auto hs = highlights_of(r);
  REQUIRE(find(hs, "in_tune"));
  CHECK(find(hs, "in_tune")->participants == std::vector<std::string>{"p1", "p2"});
  CHECK(find(hs, "in_tune")->word == "cold");
  REQUIRE(find(hs, "all_different"));
  CHECK(find(hs, "all_different")->set == 1);
  CHECK(find(hs, "all_different")->count == 3);

  r.named = false;
  for (auto& s : r.sets) {
    for (auto& c : *s.clusters) c.participants.clear();
  }
  hs = highlights_of(r);
  CHECK(kinds(hs) == std::vector<std::string>{"all_different"});
  for (const auto& h : hs) CHECK(h.participants.empty());
}

TEST_CASE("highlights: at most four, and in the JSON only the fields a highlight has") {
  std::vector<Entry> six;
  for (const char* who : {"p1", "p2", "p3", "p1", "p2", "p3"}) six.push_back(word(who, "Kitten"));
  auto r = turn_round(GameKind::waat, {circle("c1", {"p1", "p2", "p3"}, six, 0.0)});
  r.circles[0].done = "the_end";
  SetResults retell = answers("retell", {{"p1", "a kitten"}, {"p2", "kittens? no: kitten"}});
  r.sets.push_back(retell);
  const auto hs = highlights_of(r);
  CHECK(hs.size() == max_highlights);
  CHECK(hs.front().kind == "kept_word");
  const nlohmann::json j = hs.front();
  CHECK(j == nlohmann::json{{"kind", "kept_word"}, {"circle", "c1"}, {"word", "Kitten"}, {"count", 2}});
}
