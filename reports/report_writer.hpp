#pragma once
// The reports people read (Markdown notes, the HTML debrief) share one walk over a session's
// rounds: write_report decides what is said, in which order, with which words (reports/wording.hpp)
// and which names; a ReportWriter only sets each piece in its format. Every text handed to a
// writer is plain (unescaped): names, words and answers as people typed them. Each writer
// escapes what it writes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "games/measures.hpp"
#include "games/results.hpp"
#include "reports/session.hpp"

namespace earshot::reports {

struct SessionFacts {
  std::string code;
  std::string created;                // "2024-03-14 09:00 UTC"
  std::optional<std::string> closed;  // likewise; nullopt while the session is open
  std::size_t rounds = 0, participants = 0;
  std::vector<std::string> names;  // of the participants, in order of joining
  bool anonymous = false;
  std::vector<std::string> round_titles;  // one per round: its game, or "Round N" when unreadable
};

struct RoundFacts {
  std::optional<std::string> activity;  // "Activity 3 of 6: Retell the story" (a round of a plan)
  std::vector<std::pair<std::string, std::string>> subject;  // label, text (wording.hpp, round_subject)
  bool subject_quoted = false;                               // the text already holds quoted parts (stimuli)
  std::vector<std::pair<std::string, std::vector<std::string>>> circles;  // id, names in turn order
  std::vector<std::string> options;
  std::string played;
  std::vector<std::pair<std::string, int>> reactions;
};

// One turn of a chain or story: a word (with its punctuation), or a pass and why.
struct Turn {
  std::string by, word, pass;
  std::int64_t response_ms = 0;
};

struct CircleFigureFacts {
  std::string circle;
  bool story = false;
  std::vector<std::pair<std::string, std::size_t>> words;  // name, words given
  double gini = 0;
  std::optional<double> median_ms;  // of the words; nullopt without words
  std::size_t passes = 0;
  std::string done;  // wording.hpp, circle_done
};

struct Group {
  std::string label;
  std::vector<std::string> spellings;  // only when there was more than one
  std::size_t count = 0;
  std::vector<std::string> names;
  bool unique = false;  // the only answer of its kind, among several answers
};

struct GroupFacts {
  std::string heading;  // the set's heading, for the chart's title
  games::AnswerSetMeasures measures;
  std::vector<Group> groups;
};

struct Guess {
  std::string guesser, target, guess, actual;
  bool match = false;
};

struct PickedAnswer {
  std::string text, by;
  std::vector<std::string> pickers;
};

struct ParticipantRow {
  std::string name;
  std::size_t contributions = 0, distinct = 0;
  std::optional<double> median_ms;
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;

  virtual void begin_session(const SessionFacts& facts) = 0;
  virtual void end_session() = 0;

  // title: the game's; nullopt when the round's record cannot be read (then `unreadable` follows).
  virtual void begin_round(std::size_t number, const std::optional<std::string>& title) = 0;
  virtual void unreadable(const std::string& error) = 0;
  virtual void round_facts(const RoundFacts& facts) = 0;
  virtual void notes(const std::vector<std::string>& notes) = 0;
  virtual void end_round() = 0;

  // Chains and stories: the circles, each with its words and figures.
  virtual void begin_circles() = 0;
  virtual void begin_circle(const std::string& id, const std::vector<std::string>& names) = 0;
  virtual void story(const std::vector<Turn>& turns) = 0;
  virtual void chain(const std::string& seed, const std::vector<Turn>& turns) = 0;
  virtual void circle_figures(const CircleFigureFacts& facts) = 0;
  virtual void end_circle() = 0;
  virtual void end_circles() = 0;

  // Answer sets.
  virtual void begin_set(const std::string& heading) = 0;
  virtual void no_answers() = 0;
  // circle -> who retold what, in the order the retellings came in.
  virtual void retellings(const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>& by_circle) = 0;
  // title, author, votes (nullopt without a title vote).
  virtual void titles(const std::vector<std::tuple<std::string, std::string, std::optional<std::size_t>>>& titles) = 0;
  virtual void groups(const GroupFacts& facts) = 0;
  virtual void circle_measures(const std::vector<games::CircleMeasures>& circles) = 0;
  virtual void predictions(const games::PredictMeasures& measures, const std::vector<Guess>& guesses) = 0;
  virtual void picks(const std::string& title, const std::vector<PickedAnswer>& answers) = 0;
  virtual void end_set() = 0;

  virtual void comparison(const games::CircleComparison& comparison) = 0;
  // What the group did well (games/highlights.hpp), each as a sentence.
  virtual void highlights(const std::vector<std::string>& sentences) = 0;
  virtual void participants(bool words, const std::vector<ParticipantRow>& rows) = 0;
};

// Walks the session's rounds and tells `writer` what to write.
void write_report(const PreparedSession& session, ReportWriter& writer);

}  // namespace earshot::reports
