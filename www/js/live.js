// The live round, as the stage and the facilitator page show it: circles side by side with their
// chain or story growing (each word marked with its author's colour and name), whose turn it is
// with a countdown, who is next; or, for answers given all at once, the prompt, how many have
// answered and the countdown; after the reveal the answers grouped. Built fresh from each view.

import { t, tn } from './catalog.js';
import { el, phraseNodes } from './dom.js';
import { icon } from './icons.js';
import { allows, circleName, countdownNode, doneReason, passReason, setCountdown, setLabel, msLeft } from './game.js';

// Longest time seen for each turn, so a countdown ring can show the share left without knowing
// the config (the stage is not sent it).
const turnTotals = new Map();

function turnTotal(key, deadline) {
  if (!Number.isFinite(deadline)) return undefined;
  if (!turnTotals.has(key)) turnTotals.set(key, Math.ceil(Math.max(1000, msLeft(deadline)) / 1000) * 1000);
  return turnTotals.get(key);
}

// One word of a chain or story, with its author.
export function wordNode(entry, roster, { fresh = false } = {}) {
  const who = roster.name(entry.participant);
  if (entry.pass) {
    return el(
      'li',
      { className: 'word pass', attrs: { 'aria-label': t('live.pass.label', { name: who, reason: passReason(entry.pass) }) } },
      el('span', { className: 'w', text: '…' }),
      el('span', { className: 'by', text: t('live.pass.by', { name: who, reason: passReason(entry.pass) }) }),
    );
  }
  return el(
    'li',
    { className: `word hue-${roster.hue(entry.participant)}${fresh ? ' fresh' : ''}`, dataset: { author: entry.participant } },
    el('span', { className: 'w' }, el('span', { className: 'w-text', text: entry.text }), entry.end ? el('span', { className: 'w-end', text: entry.end }) : null),
    el('span', { className: 'by', text: who }),
  );
}

export function transcriptList(entries, roster, { seedWord, story, freshFrom = Infinity } = {}) {
  const list = el('ol', { className: story ? 'words story' : 'words chain', attrs: { 'aria-label': story ? t('live.transcript.story') : t('live.transcript.chain') } });
  if (seedWord) {
    list.append(el('li', { className: 'word seed' }, el('span', { className: 'w', text: seedWord }), el('span', { className: 'by', text: t('live.seed_word') })));
  }
  entries.forEach((e, i) => list.append(wordNode(e, roster, { fresh: i >= freshFrom })));
  return list;
}

// Remembers how long each circle's transcript was, so only new words animate in.
const seenLength = new Map();

function circlePanel(c, index, view, ctx) {
  const { roster } = ctx;
  const story = view.game === 'waat';
  const panel = el('section', { className: 'circle-panel', dataset: { circle: c.id }, attrs: { 'aria-label': circleName(c.id, index) } });
  const head = el('header', { className: 'circle-head' }, el('h2', { text: circleName(c.id, index) }));
  panel.append(head);

  if (c.done) {
    head.append(el('span', { className: 'badge done-badge', text: t('live.circle.done', { reason: doneReason(c.done) }) }));
  } else if (c.turn && view.phase === 'turns') {
    const at = c.order.indexOf(c.turn);
    const next = c.order.length > 1 ? c.order[(at + 1) % c.order.length] : null;
    const timer = countdownNode(el, 'ring');
    const total = c.turnMs ?? turnTotal(`${c.id}:${c.turn}:${c.length}`, c.turnDeadline);
    setCountdown(timer, { deadline: view.paused ? undefined : c.turnDeadline, remainingMs: c.turnRemainingMs, totalMs: total });
    const many = c.wordsLeftThisTurn > 1 ? el('span', { className: 'turn-many', text: ` · ${tn('live.turn.words', c.wordsLeftThisTurn)}` }) : null;
    const turn = el(
      'div',
      { className: 'turn-line', attrs: { 'aria-live': 'polite' } },
      timer,
      el(
        'p',
        { className: 'turn-who' },
        ...phraseNodes(
          t('live.turn.whose'),
          { name: el('span', { className: `who hue-${roster.hue(c.turn)}`, dataset: { turnName: roster.name(c.turn) }, text: roster.name(c.turn) }) },
          (text) => el('span', { className: 'turn-label', text }),
        ),
        many,
      ),
      next ? el('p', { className: 'turn-next' }, ...phraseNodes(t('live.turn.next'), { name: el('strong', { text: roster.name(next) }) })) : null,
    );
    panel.append(turn);
    if (ctx.onSkip && allows(view, 'skip')) {
      turn.append(el('button', {
        className: 'button small skip-button',
        type: 'button',
        text: t('live.turn.skip', { name: roster.name(c.turn) }),
        on: { click: () => ctx.onSkip(c.id) },
      }));
    }
  } else if (view.phase === 'lobby') {
    const names = c.order.flatMap((id, i) => [i ? ', ' : '', el('strong', { className: `who-text hue-${roster.hue(id)}`, text: roster.name(id) })]);
    panel.append(el('p', { className: 'turn-next' }, ...phraseNodes(t('live.circle.order'), { names })));
  }

  const seed = view.game === 'chain' ? view.seedWord : undefined;
  if (c.hidden) {
    panel.append(el(
      'div',
      { className: 'hidden-words' },
      el('p', { className: 'hidden-icon' }, icon('ear')),
      el('p', { className: 'hidden-title', text: t('live.hidden.title') }),
      el('p', { text: tn('live.hidden.count', c.length ?? 0) }),
    ));
  } else if (Array.isArray(c.transcript)) {
    const key = `${ctx.roundId}:${c.id}`;
    const seen = seenLength.get(key) ?? c.transcript.length;
    seenLength.set(key, c.transcript.length);
    const list = transcriptList(c.transcript, roster, { seedWord: seed, story, freshFrom: seen });
    if (c.transcript.length === 0 && !seed && view.phase !== 'lobby') list.append(el('li', { className: 'word placeholder', text: story ? t('live.story.start') : '…' }));
    panel.append(list);
  }
  return panel;
}

function answeredLine(set, ctx) {
  const frac = set.expected > 0 ? Math.min(1, set.answered / set.expected) : 0;
  const bar = el('div', { className: 'progress', attrs: { 'aria-hidden': 'true' } }, el('span', { className: 'progress-fill' }));
  bar.style.setProperty('--done', String(frac));
  const line = el(
    'div',
    { className: 'answered' },
    el('p', { className: 'answered-text' }, ...phraseNodes(t('live.answered.count', { count: set.expected }), { n: el('strong', { className: 'answered-count', text: String(set.answered) }) })),
    bar,
  );
  if (ctx.audience === 'host' && Array.isArray(set.answeredBy)) {
    const done = new Set(set.answeredBy);
    line.append(el(
      'ul',
      { className: 'mini-chips', attrs: { 'aria-label': t('live.answered.who') } },
      ...ctx.roster.people.map((p) => el('li', { className: done.has(p.id) ? 'mini-chip yes' : 'mini-chip', text: `${done.has(p.id) ? '✓ ' : ''}${p.name}` })),
    ));
  }
  return line;
}

// Answers grouped, biggest group first, with a bar for each group's share.
export function clusterList(set, ctx) {
  const clusters = Array.isArray(set.clusters) ? set.clusters : [];
  const total = clusters.reduce((n, c) => n + c.count, 0);
  const biggest = Math.max(1, ...clusters.map((c) => c.count));
  return el(
    'ol',
    { className: 'clusters', attrs: { 'aria-label': t('live.clusters.label') } },
    ...clusters.map((c) => {
      const alone = c.count === 1 && total > 1;
      const li = el(
        'li',
        { className: alone ? 'cluster alone' : 'cluster' },
        el('span', { className: 'cluster-count', text: String(c.count) }),
        el(
          'span',
          { className: 'cluster-body' },
          el('span', { className: 'cluster-label', text: c.label }),
          alone ? el('span', { className: 'badge alone-badge', text: t('live.clusters.alone') }) : null,
          c.spellings?.length > 1 ? el('span', { className: 'cluster-spellings', text: t('live.clusters.also', { spellings: c.spellings.filter((s) => s !== c.label).join(' · ') }) }) : null,
          Array.isArray(c.participants) ? el('span', { className: 'cluster-who', text: c.participants.map((p) => ctx.roster.name(p)).join(', ') }) : null,
        ),
      );
      li.style.setProperty('--share', String(c.count / biggest));
      return li;
    }),
  );
}

// Retellings (or any answers) side by side, one column per circle.
export function answersByCircle(answers, circles, ctx, { quote = true } = {}) {
  const ids = circles.length ? circles : [...new Set(answers.map((a) => a.circle))];
  return el(
    'div',
    { className: 'side-by-side' },
    ...ids.map((id, i) => el(
      'section',
      { className: 'side-col', attrs: { 'aria-label': circleName(id, i) } },
      ids.length > 1 ? el('h3', { text: circleName(id, i) }) : null,
      el(
        'ul',
        { className: 'retellings' },
        ...answers.filter((a) => a.circle === id).map((a) => el(
          'li',
          { className: a.participant ? `retelling hue-${ctx.roster.hue(a.participant)}` : 'retelling' },
          el('q', { className: quote ? 'retelling-text' : 'retelling-text plain', text: a.text }),
          a.participant ? el('span', { className: 'by', text: ctx.roster.name(a.participant) }) : null,
        )),
      ),
    )),
  );
}

function setPanel(view, ctx) {
  const set = view.set;
  const panel = el('section', { className: `set-panel kind-${set.kind} phase-${view.phase}` });
  const label = setLabel(set);
  const head = el('div', { className: 'set-head' }, el('p', { className: 'eyebrow', text: label }));
  panel.append(head);
  if (set.prompt) panel.append(el('h2', { className: 'prompt-big', text: set.prompt }));
  else if (set.kind === 'retell') panel.append(el('h2', { className: 'prompt-big small', text: t('live.set.retell') }));
  else if (set.kind === 'title') panel.append(el('h2', { className: 'prompt-big small', text: t('live.set.title') }));

  if (view.phase === 'answering') {
    const timer = countdownNode(el, 'big');
    setCountdown(timer, { deadline: view.paused ? undefined : view.deadline, remainingMs: view.remainingMs, totalMs: view.timerMs ?? turnTotal(`${ctx.roundId}:set${set.index}`, view.deadline) });
    head.append(timer);
    panel.append(answeredLine(set, ctx));
  } else if (view.phase === 'closed') {
    panel.append(el('p', { className: 'phase-note', text: tn('live.set.closed', set.answered) }));
  } else if (view.phase === 'revealed' || view.phase === 'picking') {
    if (view.phase === 'picking') {
      const timer = countdownNode(el, 'big');
      setCountdown(timer, { deadline: view.paused ? undefined : view.deadline, remainingMs: view.remainingMs });
      head.append(timer);
      const what = set.pick === 'vote' ? t('live.picked.vote') : set.pick === 'surprising' ? t('live.picked.surprising') : t('live.picked.closest');
      panel.append(el('p', { className: 'phase-note' }, ...phraseNodes(what, { n: el('strong', { text: String(set.picked ?? 0) }) })));
    }
    if (set.kind === 'retell' || set.kind === 'title') {
      panel.append(answersByCircle(set.answers ?? [], (view.circles ?? []).map((c) => c.id), ctx, { quote: set.kind === 'retell' }));
    } else {
      panel.append(clusterList(set, ctx));
    }
  }
  return panel;
}

// The whole live round. `ctx`: {roster, audience: 'stage' | 'host', roundId, onSkip?}.
export function liveRound(view, ctx) {
  const root = el('div', { className: `live game-${view.game} phase-${view.phase}` });
  if (view.set && view.phase !== 'turns') {
    root.append(setPanel(view, ctx));
    return root;
  }
  const circles = Array.isArray(view.circles) ? view.circles : [];
  const grid = el('div', { className: `circles count-${Math.min(circles.length, 4)}` });
  circles.forEach((c, i) => grid.append(circlePanel(c, i, view, ctx)));
  root.append(grid);
  return root;
}
