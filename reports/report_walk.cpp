// The one walk over a session's rounds that the Markdown and HTML reports share
// (reports/report_writer.hpp): what each report says, in which order.
#include <algorithm>
#include <map>
#include <set>

#include "reports/report_writer.hpp"
#include "reports/time_format.hpp"
#include "reports/wording.hpp"

namespace earshot::reports {

namespace {

class Walk {
 public:
  Walk(const PreparedSession& p, ReportWriter& w) : p_(p), w_(w), offset_(p.options.utc_offset_minutes) {}

  void session() {
    const auto& s = p_.record.session;
    SessionFacts facts{s.code, date_time(s.created_ms, offset_) + " " + zone(offset_), std::nullopt, p_.rounds.size(),
                       p_.record.participants.size(), {}, p_.options.anonymous, {}};
    if (s.closed_ms) facts.closed = date_time(*s.closed_ms, offset_) + " " + zone(offset_);
    for (const auto& person : p_.record.participants) facts.names.push_back(p_.names(person.id));
    for (const auto& r : p_.rounds) {
      facts.round_titles.push_back(r.round ? game_title(r.round->config().game)
                                           : say("report.round", {{"n", std::to_string(r.number)}}));
    }
    w_.begin_session(facts);
    for (const auto& r : p_.rounds) round(r);
    w_.end_session();
  }

 private:
  std::vector<std::string> names(const std::vector<std::string>& ids) const {
    std::vector<std::string> out;
    for (const auto& id : ids) out.push_back(p_.names(id));
    return out;
  }

  void round(const PreparedRound& r) {
    if (!r.round) {
      w_.begin_round(r.number, std::nullopt);
      w_.unreadable(r.error);
      w_.end_round();
      return;
    }
    const auto& config = r.round->config();
    const auto& state = r.round->state();
    const games::RoundResults& results = *r.results;
    w_.begin_round(r.number, game_title(config.game));

    RoundFacts facts{std::nullopt, round_subject(config), config.game == games::GameKind::burst, {}, option_list(config),
                     played(r, offset_), {}};
    if (r.activity) {
      facts.activity = say("common.activity_of", {{"n", std::to_string(r.activity->index + 1)},
                                               {"of", std::to_string(r.activity->of)},
                                               {"title", r.activity->title}});
    }
    for (const auto& [id, order] : circles_of(*r.round)) facts.circles.emplace_back(id, names(order));
    for (const auto& [reaction, count] : state.reactions) facts.reactions.emplace_back(reaction, count);
    w_.round_facts(facts);

    if (config.turn_based()) {
      w_.begin_circles();
      for (const auto& c : results.circles) circle(config, c);
      w_.end_circles();
    }
    const auto stimuli = static_cast<std::size_t>(
        std::count_if(results.sets.begin(), results.sets.end(), [](const auto& s) { return s.kind == "stimulus"; }));
    for (std::size_t i = 0; i < results.sets.size(); ++i) set(config, results.sets[i], set_heading(results.sets[i].kind, results.sets[i].prompt, i, stimuli));
    if (results.comparison) w_.comparison(*results.comparison);
    if (!results.highlights.empty()) {
      std::vector<std::string> sentences;
      for (const auto& h : results.highlights) sentences.push_back(highlight_sentence(h, results));
      w_.highlights(sentences);
    }
    if (!results.participants.empty()) {
      std::vector<ParticipantRow> rows;
      for (const auto& f : results.participants) {
        rows.push_back({p_.names(f.participant), f.contributions, f.distinct,
                        f.response.count > 0 ? std::optional<double>(f.response.median_ms) : std::nullopt});
      }
      w_.participants(config.turn_based(), rows);
    }
    if (!p_.options.anonymous && !state.notes.empty()) w_.notes(state.notes);
    w_.end_round();
  }

  // A highlight in words: the catalog's highlight.KIND with its circle, names, word, prompt and count.
  std::string highlight_sentence(const games::Highlight& h, const games::RoundResults& results) const {
    const std::string prompt = h.set && *h.set >= 0 && static_cast<std::size_t>(*h.set) < results.sets.size()
                                   ? results.sets[static_cast<std::size_t>(*h.set)].prompt
                                   : std::string();
    const std::string people = names_list(names(h.participants));
    const std::string count = std::to_string(h.count);
    const std::string circle = circle_name(h.circle);
    const catalog::Vars vars = {{"circle", circle}, {"names", people}, {"word", h.word}, {"prompt", prompt}, {"n", count}};
    const std::string key = "highlight." + h.kind;
    if (words().is_plural(key)) return words().count(key, static_cast<long long>(h.count), vars);
    return say_for("highlight.*", h.kind, vars);
  }

  void circle(const games::RoundConfig& config, const games::CircleResults& c) {
    const bool story = config.game == games::GameKind::waat;
    w_.begin_circle(c.id, names(c.order));
    std::vector<Turn> turns;
    for (const auto& e : c.transcript) {
      // A word of a story reads with any punctuation after it.
      turns.push_back({p_.names(e.participant), story ? e.text + e.end : e.text, e.pass, e.response_ms});
    }
    if (story) w_.story(turns);
    else w_.chain(config.seed_word, turns);
    CircleFigureFacts figures{c.id, story, {}, c.balance.gini, std::nullopt, c.passes, circle_done(c.done)};
    for (const auto& w : c.balance.per_participant) figures.words.emplace_back(p_.names(w.participant), w.words);
    if (c.response_times.count > 0) figures.median_ms = c.response_times.median_ms;
    w_.circle_figures(figures);
    w_.end_circle();
  }

  void set(const games::RoundConfig& config, const games::SetResults& s, const std::string& heading) {
    w_.begin_set(heading);
    if (s.answers.empty()) {
      w_.no_answers();
    } else if (s.kind == "retell") {
      std::set<std::string> circles;
      for (const auto& a : s.answers) circles.insert(a.circle);
      std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> by_circle;
      for (const auto& circle : circles) {
        auto& told = by_circle.emplace_back(circle, std::vector<std::pair<std::string, std::string>>{}).second;
        for (const auto& a : s.answers) {
          if (a.circle == circle) told.emplace_back(p_.names(a.participant), a.text);
        }
      }
      w_.retellings(by_circle);
    } else if (s.kind == "title") {
      std::map<int, int> votes;
      if (s.picks) {
        for (const auto& v : s.picks->counts) votes[v.answer] = v.count;
      }
      std::vector<std::tuple<std::string, std::string, std::optional<std::size_t>>> titles;
      for (const auto& a : s.answers) {
        titles.emplace_back(a.text, p_.names(a.participant),
                            config.title_vote ? std::optional<std::size_t>(static_cast<std::size_t>(votes[a.n])) : std::nullopt);
      }
      w_.titles(titles);
      picks(s, say("report.votes"));
    } else {
      if (s.measures && s.clusters) {
        GroupFacts facts{heading, *s.measures, {}};
        for (const auto& cl : *s.clusters) {
          facts.groups.push_back({cl.label, cl.spellings.size() > 1 ? cl.spellings : std::vector<std::string>{}, cl.count,
                                  names(cl.participants), cl.count == 1 && s.measures->answers > 1});
        }
        w_.groups(facts);
      }
      if (!s.circles.empty()) w_.circle_measures(s.circles);
      if (s.predict) {
        std::vector<Guess> guesses;
        const auto& results = s.predict->measures.results;
        for (std::size_t i = 0; i < s.predict->guesses.size(); ++i) {
          const auto& g = s.predict->guesses[i];
          guesses.push_back({p_.names(g.guesser), p_.names(g.target), g.guess, g.actual, i < results.size() && results[i].match});
        }
        w_.predictions(s.predict->measures, guesses);
      }
      if (s.picks) picks(s, picks_title(config.pick));
    }
    w_.end_set();
  }

  // Who picked which answer, the most picked first.
  void picks(const games::SetResults& s, const std::string& title) {
    if (!s.picks || s.picks->picks.empty()) return;
    std::map<int, std::vector<std::string>> by_answer;
    for (const auto& pk : s.picks->picks) by_answer[pk.answer].push_back(p_.names(pk.participant));
    std::vector<std::pair<int, std::vector<std::string>>> sorted(by_answer.begin(), by_answer.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
    std::vector<PickedAnswer> answers;
    for (auto& [n, pickers] : sorted) {
      const auto a = std::find_if(s.answers.begin(), s.answers.end(), [n = n](const games::Answer& x) { return x.n == n; });
      if (a != s.answers.end()) answers.push_back({a->text, p_.names(a->participant), std::move(pickers)});
    }
    w_.picks(title, answers);
  }

  const PreparedSession& p_;
  ReportWriter& w_;
  const int offset_;
};

}  // namespace

void write_report(const PreparedSession& session, ReportWriter& writer) { Walk(session, writer).session(); }

}  // namespace earshot::reports
