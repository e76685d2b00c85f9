// The results on the stage, one step at a time (the steps are planned by steps.js): every step is
// drawn once, hidden but for the one shown, with a line at the bottom that says where the room is
// ("3 / 9") and a mark for every step. Text is sized for the back of the room (stage.css,
// "Stepping"): nothing is made smaller to fit, a long list goes on over more steps.

import { t, tn } from './catalog.js';
import { el, phraseNodes } from './dom.js';
import { barChart, meter, spreadChart } from './charts.js';
import { transcriptList } from './live.js';
import { circleName, countdownNode, doneReason, formatMs, percent, reactionLabel, setCountdown, setLabel } from './game.js';
import { icon } from './icons.js';
import { guessList } from './results.js';
import { NAMES_SHOWN, stepName } from './steps.js';

const END_REASONS = ['complete', 'facilitator', 'finished', 'timeout', 'time_budget', 'all_answered', 'all_picked', 'skipped'];

const FIGURE = {
  words: { label: () => t('results.figure.words'), format: (v) => String(Math.round(v)) },
  gini: { label: () => t('results.figure.gini'), format: (v) => v.toFixed(2), max: 1 },
  medianMs: { label: () => t('results.figure.median'), format: formatMs },
  entropy: { label: () => t('results.figure.diversity'), format: percent, max: 1 },
  largestShare: { label: () => t('results.figure.largest'), format: percent, max: 1 },
  matchRate: { label: () => t('results.figure.matched'), format: percent, max: 1 },
};

function head(step, ...extra) {
  return el('header', { className: 'step-head' },
    el('h2', { className: 'step-title', text: step.title ?? step.chapter }),
    step.pages > 1 ? el('span', { className: 'step-page', text: t('results.step.page_of', { page: step.page, pages: step.pages }) }) : null,
    ...extra);
}

// The head of a reveal's step: which answers ("Word 1 of 2") and their prompt, or the step's
// title ("Retellings"); beside it what the step shows ("8 answers in 5 groups"), and while picking, how many
// have picked and the countdown.
function revealHead(step, view) {
  const set = step.heading;
  const side = el('div', { className: 'reveal-side' });
  if (set.prompt) side.append(el('p', { className: 'step-sub', text: step.title }));
  if (step.pages > 1) side.append(el('span', { className: 'step-page', text: t('results.step.page_of', { page: step.page, pages: step.pages }) }));
  if (view?.phase === 'picking') {
    const timer = countdownNode(el, 'big');
    setCountdown(timer, { deadline: view.paused ? undefined : view.deadline, remainingMs: view.remainingMs });
    const what = set.pick === 'vote' ? t('live.picked.vote') : set.pick === 'surprising' ? t('live.picked.surprising') : t('live.picked.closest');
    side.append(el('p', { className: 'step-note' }, ...phraseNodes(what, { n: el('strong', { text: String(view.set.picked ?? 0) }) })), timer);
  }
  return el('header', { className: 'step-head reveal-head' },
    el('div', { className: 'reveal-text' },
      set.prompt ? el('p', { className: 'step-eyebrow', text: setLabel(set) }) : null,
      set.prompt ? el('h2', { className: 'step-prompt', text: set.prompt }) : el('h2', { className: 'step-title', text: step.title })),
    side);
}

// The head of a step: its title, or for a reveal's steps the answer set's.
function stepHead(step, view, ...extra) {
  return step.heading ? revealHead(step, view) : head(step, ...extra);
}

function columns(step, list, className, build) {
  return el('div', { className: `step-columns cols-${step.cols ?? Math.min(3, Math.max(1, list.length))} ${className}` }, ...list.map(build));
}

// --- The kinds of step ---------------------------------------------------------------------------

function overviewStep(step, ctx) {
  const r = step.results;
  const reason = END_REASONS.includes(r.endReason) ? t(`end.${r.endReason}`) : '';
  const reactions = Object.entries(r.reactions ?? {}).filter(([, n]) => n > 0);
  return [
    head(step,
      reason ? el('p', { className: 'step-sub', text: reason }) : null,
      reactions.length ? el('p', { className: 'reaction-tally', attrs: { 'aria-label': t('results.reactions') } },
        ...reactions.map(([id, n]) => el('span', { className: 'reaction-count', dataset: { reaction: id } }, icon(id, { label: reactionLabel(id) }), ` ${n}`))) : null),
    el('ol', { className: 'step-tiles' }, ...step.tiles.map((c) => el(
      'li',
      { className: 'step-tile', dataset: { first: String(c.first) } },
      el('span', { className: 'tile-number', text: String(c.first + 1) }),
      el('span', { className: 'tile-title', text: c.title }),
      c.detail ? el('span', { className: 'tile-detail', text: c.detail }) : null,
      c.count > 1 ? el('span', { className: 'tile-count', text: tn('results.step.count', c.count) }) : null,
    ))),
  ];
}

function wordsStep(step, ctx) {
  const c = step.circle;
  const words = c.balance?.totalWords ?? (c.transcript ?? []).filter((e) => !e.pass).length;
  const facts = [
    step.story ? tn('results.step.words', words) : tn('results.step.links', words),
    tn('results.step.passes', c.passes ?? 0),
    t('results.step.median', { time: formatMs(c.responseTimes?.medianMs) }),
  ].join(' · ');
  return [
    head(step,
      c.done ? el('span', { className: 'badge done-badge', text: t('results.circle.done', { reason: doneReason(c.done) }) }) : null,
      el('p', { className: 'step-sub', text: facts })),
    el('div', { className: `step-body words-body size-${step.size ?? 2}` }, transcriptList(step.entries, ctx.roster, { seedWord: step.seed, story: step.story })),
  ];
}

function sideStep(step, ctx, view) {
  const body = columns(step, step.columns, 'side-by-side', (col, i) => el(
    'section',
    { className: 'side-col', dataset: { circle: col.circle } },
    step.named ? el('h3', { text: i > 0 && step.columns[i - 1].circle === col.circle ? t('results.step.continued', { circle: circleName(col.circle, col.index) }) : circleName(col.circle, col.index) }) : null,
    el('ul', { className: 'retellings' }, ...col.answers.map((a) => el(
      'li',
      { className: a.participant ? `retelling hue-${ctx.roster.hue(a.participant)}` : 'retelling' },
      el('q', { className: step.quote ? 'retelling-text' : 'retelling-text plain', text: a.text }),
      a.participant ? el('span', { className: 'by', text: ctx.roster.name(a.participant) }) : null,
    ))),
  ));
  return [stepHead(step, view), el('div', { className: 'step-body' }, body)];
}

function names(ids, roster) {
  const shown = ids.slice(0, NAMES_SHOWN).map((p) => roster.name(p)).join(', ');
  return ids.length > NAMES_SHOWN ? t('results.step.more_names', { names: shown, more: tn('results.step.more', ids.length - NAMES_SHOWN) }) : shown;
}

function groupsStep(step, ctx, view) {
  const biggest = Math.max(1, ...(step.set.clusters ?? []).map((c) => c.count));
  const body = columns(step, step.columns, 'groups', (col) => el('ol', { className: 'clusters' }, ...col.map((c) => {
    const alone = c.count === 1 && step.total > 1;
    const others = (c.spellings ?? []).filter((s) => s !== c.label);
    const li = el(
      'li',
      { className: alone ? 'cluster alone' : 'cluster' },
      el('span', { className: 'cluster-count', text: String(c.count) }),
      el('span', { className: 'cluster-body' },
        el('span', { className: 'cluster-label', text: c.label }),
        alone ? el('span', { className: 'badge alone-badge', text: t('live.clusters.alone') }) : null,
        others.length && c.spellings.length > 1 ? el('span', { className: 'cluster-spellings', text: t('live.clusters.also', { spellings: others.join(' · ') }) }) : null,
        Array.isArray(c.participants) && c.participants.length ? el('span', { className: 'cluster-who', text: names(c.participants, ctx.roster) }) : null),
    );
    li.style.setProperty('--share', String(c.count / biggest));
    return li;
  })));
  return [stepHead(step, view), el('div', { className: 'step-body' }, body)];
}

function aloneStep(step, ctx, view) {
  const body = columns(step, step.columns, 'alone', (col) => el('ul', { className: 'alone-list' }, ...col.map((c) => el(
    'li',
    { className: 'alone-item' },
    el('span', { className: 'alone-text', text: c.label }),
    c.participants?.length ? el('span', { className: 'by', text: ctx.roster.name(c.participants[0]) }) : null,
  ))));
  return [stepHead(step, view), el('div', { className: 'step-body' }, body)];
}

function figure(value, caption) {
  return el('div', { className: 'figure' }, el('span', { className: 'figure-value', text: value }), el('span', { className: 'figure-caption', text: caption }));
}

function predictStep(step, ctx) {
  const p = step.set.predict;
  const top = el('div', { className: 'step-figures' },
    el('div', { className: 'figures' },
      figure(t('results.predict.matches', { n: p.matches, count: p.pairs }), t('results.predict.matched')),
      figure(percent(p.matchRate), t('results.predict.rate'))),
    el('div', { className: 'step-meter' }, meter(p.matchRate, { label: t('results.figure.matched'), low: t('results.predict.low'), high: t('results.predict.high') })));
  const body = columns(step, step.columns.filter((c) => c.length), 'guesses-cols', (col) => guessList(p, col, ctx.roster));
  return [head(step), el('div', { className: 'step-body' }, top, step.columns.some((c) => c.length) ? body : null)];
}

function picksStep(step, ctx) {
  const cols = step.columns.filter((c) => c.length);
  if (!cols.length) return [head(step), el('p', { className: 'step-note', text: t('results.picks.none') })];
  const body = columns(step, cols, 'picks', (col) => el('ol', { className: 'clusters pick-bars', attrs: { 'aria-label': step.title } }, ...col.map((b) => {
    const li = el(
      'li',
      { className: b.hue !== undefined ? `cluster pick-bar hue-${b.hue}` : 'cluster pick-bar' },
      el('span', { className: 'cluster-count', text: String(b.value) }),
      el('span', { className: 'cluster-body' },
        el('span', { className: 'cluster-label', text: b.answer }),
        b.names ? el('span', { className: 'cluster-who', text: b.names }) : null),
    );
    li.style.setProperty('--share', String(b.value / step.max));
    return li;
  })));
  return [head(step), el('div', { className: 'step-body' }, body)];
}

function measuresStep(step) {
  const m = step.set.measures;
  const one = (value, caption, label, low, high) => el('section', { className: 'measure' },
    figure(percent(value), caption),
    meter(value, { label, low, high }));
  return [head(step), el('div', { className: 'step-body step-columns cols-2' },
    one(m.entropy, t('results.measures.diversity_caption'), t('results.measures.diversity'), t('results.measures.diversity_low'), t('results.measures.diversity_high')),
    one(m.largestShare, t('results.measures.largest_caption'), t('results.figure.largest'), t('results.measures.largest_low'), t('results.measures.largest_high')))];
}

function tableStep(step) {
  const th = (text) => el('th', { attrs: { scope: 'col' }, text });
  return [head(step), el('div', { className: 'step-body' }, el('table', { className: 'step-table' },
    el('thead', {}, el('tr', {}, th(t('results.step.table.word')), th(t('results.step.table.answers')), th(t('results.figure.diversity')), th(t('results.figure.largest')))),
    el('tbody', {}, ...step.rows.map(({ set, index }) => el('tr', {},
      el('th', { attrs: { scope: 'row' } }, el('span', { className: 'table-n', text: String(index + 1) }), ' ', set.prompt),
      el('td', { text: t('results.clusters.title', { answers: tn('results.clusters.answers', set.answers.length), groups: tn('results.clusters.groups', (set.clusters ?? []).length) }) }),
      el('td', { text: percent(set.measures.entropy) }),
      el('td', { text: percent(set.measures.largestShare) })))))),
  ];
}

function chartsStep(step, ctx) {
  const body = el('div', { className: 'step-body step-columns cols-2 step-charts' });
  for (const chart of step.charts) {
    if (step.kind === 'balance') {
      const name = circleName(chart.circle, chart.index);
      const imbalance = t('results.circle.imbalance', { gini: chart.gini.toFixed(2) });
      let caption = step.many ? `${name} · ${imbalance}` : imbalance;
      if (chart.cont) caption = step.many ? t('results.step.continued', { circle: name }) : '';
      body.append(el('section', { className: 'step-chart' },
        el('p', { className: 'chart-caption', text: caption || '\u00a0' }),
        barChart(chart.bars, { label: t('results.circle.per_person'), max: chart.max, beside: step.beside })));
    } else if (step.kind === 'times') {
      body.append(el('section', { className: 'step-chart' },
        spreadChart(chart, { label: t('results.times.per_person'), beside: step.beside, scaleMax: step.scaleMax })));
    } else {
      body.append(el('section', { className: 'step-chart' },
        barChart(chart, { label: t('results.distinct.label'), max: step.max, beside: step.beside })));
    }
  }
  return [step.kind === 'times' ? head(step, el('p', { className: 'step-sub', text: t('results.times.legend') })) : head(step), body];
}

function compareStep(step) {
  const body = columns(step, step.columns, 'step-charts', (col) => el('div', { className: 'step-chart' }, ...col.map((r) => {
    const f = FIGURE[r.figure];
    return el('section', { className: 'compare-item' },
      el('p', { className: 'chart-caption', text: f.label() }),
      barChart(step.circles.map((id, i) => ({
        label: circleName(id, i),
        value: r.values[i] ?? 0,
        text: r.values[i] === null || r.values[i] === undefined ? '–' : f.format(r.values[i]),
        hue: i * 3,
      })), { label: f.label(), max: f.max, beside: true }));
  })));
  return [head(step), el('div', { className: 'step-body' }, body)];
}

function highlightsStep(step) {
  return [head(step), el('ul', { className: 'step-body highlights' }, ...step.items.map(({ kind, text }) => el(
    'li',
    { className: 'highlight', dataset: { kind } },
    el('span', { className: 'highlight-mark', attrs: { 'aria-hidden': 'true' } }, icon('applause')),
    el('span', { text }),
  )))];
}

const KINDS = {
  overview: overviewStep,
  words: wordsStep,
  side: sideStep,
  groups: groupsStep,
  alone: aloneStep,
  predict: predictStep,
  picks: picksStep,
  measures: measuresStep,
  table: tableStep,
  balance: chartsStep,
  times: chartsStep,
  distinct: chartsStep,
  compare: compareStep,
  highlights: highlightsStep,
  empty: (step, ctx, view) => [stepHead(step, view)],
};

// A deck: every step of `plan` ({key, steps}), one shown at a time. ctx: {roster}; `view`: the
// round view (a reveal's countdown). Returns {node, show(index)}.
export function deckView(plan, ctx, view) {
  const sections = plan.steps.map((step, i) => el(
    'section',
    {
      className: `step kind-${step.kind}${step.big ? ' big' : ''}`,
      dataset: { step: String(i), kind: step.kind, ...(step.circle ? { circle: step.circle.id } : {}) },
      attrs: { 'aria-label': stepName(step) },
      hidden: true,
    },
    ...KINDS[step.kind](step, ctx, view).filter(Boolean),
  ));
  const count = el('span', { className: 'step-count' });
  const name = el('span', { className: 'step-name' });
  const marks = el('ol', { className: 'step-marks', attrs: { 'aria-hidden': 'true' } }, ...plan.steps.map(() => el('li')));
  const progress = el('footer', { className: 'step-progress', attrs: { 'aria-live': 'polite' } }, count, name, marks);
  const node = el('div', { className: 'deck', dataset: { steps: plan.key, count: String(plan.steps.length) } },
    el('div', { className: 'deck-steps' }, ...sections), plan.steps.length > 1 ? progress : null);
  let shown = -1;
  return {
    node,
    show(index) {
      if (index === shown) return;
      shown = index;
      sections.forEach((s, i) => {
        s.hidden = i !== index;
      });
      node.dataset.current = String(index);
      count.textContent = t('stage.steps.progress', { n: index + 1, count: plan.steps.length });
      name.textContent = plan.steps[index].chapter;
      [...marks.children].forEach((m, i) => {
        m.className = i === index ? 'here' : i < index ? 'seen' : '';
      });
    },
  };
}
