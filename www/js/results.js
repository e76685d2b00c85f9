// A finished round's results (docs/games.md, "Measures of difference") as one page, read up close
// on the facilitator page and in History (the stage shows them one step at a time: steps.js and
// debrief.js): the whole chain or story per circle with its authors and the retellings beside it,
// answers grouped with the ones nobody else gave picked out, predictions against the real
// answers, picks, and the measures drawn as SVG charts.

import { has, t, tn } from './catalog.js';
import { el, phraseNodes } from './dom.js';
import { barChart, meter, spreadChart } from './charts.js';
import { answersByCircle, transcriptList } from './live.js';
import { circleName, doneReason, formatMs, gameName, percent, reactionLabel } from './game.js';
import { highlightSentences } from './highlights.js';
import { icon } from './icons.js';
import { pickBars, picksTitle } from './steps.js';


const FIGURES = {
  words: { label: t('results.figure.words'), format: (v) => String(Math.round(v)) },
  gini: { label: t('results.figure.gini'), format: (v) => v.toFixed(2), max: 1 },
  medianMs: { label: t('results.figure.median'), format: formatMs },
  entropy: { label: t('results.figure.diversity'), format: percent, max: 1 },
  largestShare: { label: t('results.figure.largest'), format: percent, max: 1 },
  matchRate: { label: t('results.figure.matched'), format: percent, max: 1 },
};

// "6 answers in 4 groups"
function groupsTitle(set) {
  return t('results.clusters.title', {
    answers: tn('results.clusters.answers', set.answers.length),
    groups: tn('results.clusters.groups', set.clusters.length),
  });
}

function card(title, ...children) {
  return el('section', { className: 'result-card' }, title ? el('h3', { className: 'result-title', text: title }) : null, ...children);
}

function figure(value, caption) {
  return el('div', { className: 'figure' }, el('span', { className: 'figure-value', text: value }), el('span', { className: 'figure-caption', text: caption }));
}

function storyCircle(c, index, results, ctx) {
  const story = results.game === 'waat';
  const seedWord = results.game === 'chain' ? results.config?.seedWord : undefined;
  const words = c.balance?.totalWords ?? c.transcript.filter((e) => !e.pass).length;
  const col = el(
    'section',
    { className: 'result-circle', dataset: { circle: c.id } },
    el('header', { className: 'circle-head' },
      el('h2', { text: circleName(c.id, index) }),
      c.done ? el('span', { className: 'badge done-badge', text: t('results.circle.done', { reason: doneReason(c.done) }) }) : null),
    el('div', { className: 'figures' },
      figure(String(words), story ? t('results.circle.words') : t('results.circle.links')),
      figure(String(c.passes ?? 0), t('results.circle.passes')),
      figure(formatMs(c.responseTimes?.medianMs), t('results.circle.median'))),
    el('div', { className: 'result-words' }, transcriptList(c.transcript ?? [], ctx.roster, { seedWord, story })),
  );
  // Retellings of this circle, right under its story: the difference is the lesson.
  const retell = (results.sets ?? []).find((s) => s.kind === 'retell');
  if (retell) {
    const mine = retell.answers.filter((a) => a.circle === c.id);
    col.append(card(t('results.circle.retold'), answersByCircle(mine, [c.id], ctx)));
  }
  const per = c.balance?.perParticipant ?? [];
  if (per.length) {
    col.append(card(
      t('results.circle.per_person'),
      el('p', { className: 'chart-caption', text: t('results.circle.imbalance', { gini: (c.balance.gini ?? 0).toFixed(2) }) }),
      barChart(per.map((p) => ({ label: ctx.roster.name(p.participant), value: p.words, hue: ctx.roster.hue(p.participant) })), { label: t('results.circle.per_person'), inline: true }),
    ));
  }
  return col;
}

function clusterChart(set, ctx) {
  const total = set.clusters.reduce((n, c) => n + c.count, 0);
  return barChart(
    set.clusters.map((c) => ({
      label: c.label,
      value: c.count,
      text: `${c.count} · ${percent(c.count / Math.max(1, total))}`,
      highlight: c.count === 1 && total > 1,
    })),
    { label: set.prompt ? t('results.clusters.label_prompt', { prompt: set.prompt }) : t('results.clusters.label'), max: Math.max(...set.clusters.map((c) => c.count), 1) },
  );
}

function aloneList(set, ctx) {
  const total = set.clusters.reduce((n, c) => n + c.count, 0);
  const alone = set.clusters.filter((c) => c.count === 1 && total > 1);
  if (!alone.length) return el('p', { className: 'result-note', text: t('results.alone.none') });
  return el(
    'div',
    { className: 'alone' },
    el('p', { className: 'result-note', text: t('results.alone.title') }),
    el('ul', { className: 'alone-list' }, ...alone.map((c) => el(
      'li',
      { className: 'alone-item' },
      el('span', { className: 'alone-text', text: c.label }),
      c.participants?.length ? el('span', { className: 'by', text: ctx.roster.name(c.participants[0]) }) : null,
    ))),
  );
}

// Guesses of a partner's answer (`guesses`, some or all of predict `p`'s), each marked as matched
// or not: the facilitator page's card and the stage's predictions step.
export function guessList(p, guesses, roster) {
  const matched = new Map((p.results ?? []).map((r) => [`${r.guesser}>${r.target}`, r.match]));
  return el('ul', { className: 'guesses' }, ...guesses.map((g) => {
    const ok = matched.get(`${g.guesser}>${g.target}`);
    return el(
      'li',
      { className: ok ? 'guess match' : 'guess', dataset: { guesser: g.guesser } },
      el('span', { className: 'guess-mark', attrs: { 'aria-label': ok ? t('results.predict.match') : t('results.predict.no_match') }, text: ok ? '✓' : '✗' }),
      el('span', { className: 'guess-who' }, ...phraseNodes(t('results.predict.guessed'), {
        guesser: el('strong', { text: roster.name(g.guesser) }),
        target: el('strong', { text: roster.name(g.target) }),
      })),
      el('span', { className: 'guess-pair' }, ...phraseNodes(t('results.predict.versus'), {
        guess: el('q', { text: g.guess }),
        actual: el('q', { text: g.actual }),
      }, (text) => el('span', { className: 'guess-vs', text }))),
    );
  }));
}

function predictCard(set, ctx) {
  const p = set.predict;
  const body = [el('div', { className: 'figures' },
    figure(t('results.predict.matches', { n: p.matches, count: p.pairs }), t('results.predict.matched')),
    figure(percent(p.matchRate), t('results.predict.rate')))];
  body.push(meter(p.matchRate, { label: t('results.figure.matched'), low: t('results.predict.low'), high: t('results.predict.high') }));
  if (Array.isArray(p.guesses)) body.push(guessList(p, p.guesses, ctx.roster));
  return card(t('results.predict.title'), ...body);
}

function picksCard(set, results, ctx) {
  const textOf = new Map(set.answers.map((a) => [a.n, a]));
  const title = picksTitle(set, results);
  const counts = pickBars(set, ctx.roster);
  if (!counts.length) return card(title, el('p', { className: 'result-note', text: t('results.picks.none') }));
  const parts = [barChart(counts, { label: title })];
  if (Array.isArray(set.picks)) {
    parts.push(el('ul', { className: 'pick-lines' }, ...set.picks.map((p) => {
      const a = textOf.get(p.answer);
      return el('li', {},
        el('strong', { text: ctx.roster.name(p.participant) }), ' → ',
        a?.participant ? el('strong', { className: `who-text hue-${ctx.roster.hue(a.participant)}`, text: ctx.roster.name(a.participant) }) : null,
        a ? el('q', { text: a.text }) : null);
    })));
  }
  return card(title, ...parts);
}

function setSection(set, index, results, ctx) {
  const sec = el('section', { className: `result-set kind-${set.kind}`, dataset: { set: String(index) } });
  const head = set.kind === 'stimulus' ? t('results.set.word', { n: index + 1 }) : set.kind === 'prompt' ? '' : set.kind === 'title' ? t('results.set.titles') : t('results.set.retellings');
  if (head) sec.append(el('p', { className: 'eyebrow', text: head }));
  if (set.prompt && set.kind !== 'prompt') sec.append(el('h2', { className: 'result-prompt', text: set.prompt }));
  else if (set.prompt && ctx.audience === 'host') sec.append(el('h2', { className: 'result-prompt', text: t('common.quoted', { text: set.prompt }) }));
  if (!set.answers.length) {
    sec.append(el('p', { className: 'result-note', text: t('results.set.none') }));
    return sec;
  }
  const grid = el('div', { className: 'result-grid' });
  sec.append(grid);
  if (set.kind === 'stimulus') {
    // Burst: one compact card per word, so several words fit side by side.
    grid.append(card(
      groupsTitle(set),
      clusterChart(set, ctx),
      aloneList(set, ctx),
      set.measures ? el('div', { className: 'figures' },
        figure(percent(set.measures.entropy), t('results.measures.diversity_caption')),
        figure(percent(set.measures.largestShare), t('results.measures.largest_caption'))) : null,
      set.measures ? meter(set.measures.entropy, { label: t('results.measures.diversity'), low: t('results.measures.diversity_low'), high: t('results.measures.diversity_high') }) : null,
    ));
    return sec;
  }
  if (set.clusters && set.kind !== 'title') {
    grid.append(card(groupsTitle(set), clusterChart(set, ctx), aloneList(set, ctx)));
  }
  if (set.measures) {
    grid.append(card(
      t('results.measures.title'),
      el('div', { className: 'figures' },
        figure(percent(set.measures.entropy), t('results.measures.diversity_caption')),
        figure(percent(set.measures.largestShare), t('results.measures.largest_caption'))),
      el('p', { className: 'chart-caption', text: t('results.measures.diversity') }),
      meter(set.measures.entropy, { label: t('results.measures.diversity'), low: t('results.measures.diversity_low'), high: t('results.measures.diversity_high') }),
      el('p', { className: 'chart-caption', text: t('results.figure.largest') }),
      meter(set.measures.largestShare, { label: t('results.figure.largest'), low: t('results.measures.largest_low'), high: t('results.measures.largest_high') }),
    ));
  }
  if (set.predict) grid.append(predictCard(set, ctx));
  if (set.kind === 'title') grid.append(card(t('results.set.titles'), answersByCircle(set.answers, (results.circles ?? []).map((c) => c.id), ctx, { quote: false })));
  if (set.pickCounts) grid.append(picksCard(set, results, ctx));
  if (set.kind === 'retell' && !results.circles) grid.append(card(t('results.set.retellings'), answersByCircle(set.answers, [], ctx)));
  return sec;
}

function comparisonCard(comparison) {
  const rows = comparison.rows.filter((r) => FIGURES[r.figure]);
  return card(
    t('results.compare.title'),
    el('div', { className: 'compare-grid' }, ...rows.map((r) => {
      const f = FIGURES[r.figure];
      const values = r.values.map((v) => (v === null || v === undefined ? 0 : v));
      return el('div', { className: 'compare-item' },
        el('p', { className: 'chart-caption', text: f.label }),
        barChart(comparison.circles.map((id, i) => ({
          label: circleName(id, i),
          value: values[i],
          text: r.values[i] === null || r.values[i] === undefined ? '–' : f.format(r.values[i]),
          hue: i * 3,
        })), { label: f.label, max: f.max, inline: true }));
    })),
  );
}

function peopleCard(results, ctx) {
  const rows = (results.participants ?? [])
    .filter((p) => p.response?.count > 0)
    .map((p) => ({ label: ctx.roster.name(p.participant), hue: ctx.roster.hue(p.participant), stats: p.response }));
  if (!rows.length) return null;
  const parts = [
    el('p', { className: 'chart-caption', text: t('results.times.legend') }),
    spreadChart(rows, { label: t('results.times.per_person') }),
  ];
  if (results.game === 'burst' && (results.sets ?? []).length > 1) {
    parts.push(el('p', { className: 'chart-caption', text: t('results.distinct.caption') }));
    parts.push(barChart(results.participants.map((p) => ({
      label: ctx.roster.name(p.participant),
      value: p.distinct,
      text: t('results.distinct.of', { n: p.distinct, count: p.contributions }),
      hue: ctx.roster.hue(p.participant),
    })), { label: t('results.distinct.label'), max: results.sets.length, inline: true }));
  }
  return card(t('results.times.title'), ...parts);
}

function reactionsLine(reactions) {
  const entries = Object.entries(reactions ?? {}).filter(([, n]) => n > 0);
  if (!entries.length) return null;
  return el('p', { className: 'reaction-tally', attrs: { 'aria-label': t('results.reactions') } },
    ...entries.map(([r, n]) => el('span', { className: 'reaction-count', dataset: { reaction: r } },
      icon(r, { label: reactionLabel(r) }), ` ${n}`)));
}

// ctx: {roster}
export function resultsView(results, ctx) {
  const root = el('div', { className: `results game-${results.game}` });
  // Why it ended (docs/games.md): end.REASON, the words the report uses too.
  const reason = has(`end.${results.endReason}`) ? t(`end.${results.endReason}`) : '';
  root.append(el('header', { className: 'results-head' },
    el('p', { className: 'eyebrow', text: reason ? t('results.title_reason', { reason }) : t('results.title') }),
    el('h1', { className: 'results-title', text: results.config?.title || gameName(results.game) }),
    reactionsLine(results.reactions)));

  const people = peopleCard(results, ctx);
  let peoplePlaced = false;
  if (Array.isArray(results.circles)) {
    const cols = results.circles.map((c, i) => storyCircle(c, i, results, ctx));
    // One circle: its response times go beside its words-per-person chart.
    if (cols.length === 1 && people) {
      cols[0].append(people);
      peoplePlaced = true;
    }
    root.append(el('div', { className: `result-circles count-${Math.min(results.circles.length, 4)}` }, ...cols));
  }
  const stimuli = el('div', { className: 'result-sets' });
  (results.sets ?? []).forEach((s, i) => {
    if (s.kind === 'retell' && results.circles) return;  // shown beside each story
    if (s.kind === 'stimulus') stimuli.append(setSection(s, i, results, ctx));
    else root.append(setSection(s, i, results, ctx));
  });
  if (stimuli.childElementCount) root.append(stimuli);
  const bottom = el('div', { className: 'result-grid' });
  const highlights = highlightSentences(results, ctx.roster);
  if (highlights.length) {
    bottom.append(card(t('results.highlights'), el('ul', { className: 'highlight-list' }, ...highlights.map((text) => el('li', { text })))));
  }
  if (results.comparison?.rows?.length) bottom.append(comparisonCard(results.comparison));
  if (people && !peoplePlaced) bottom.append(people);
  if (bottom.childElementCount) root.append(bottom);
  return root;
}
