// The debrief on the projector: after each reveal and at the end of each game the stage shows the
// results as steps, each fitting the window at 1920×1080 and at 1280×720 with nothing to scroll
// and nothing outside the window, its text readable from the back of the room; the stage's keys
// (what a presentation clicker sends) and the facilitator page's Back and Next reach every step
// and back, and both screens always say the same step. Four games at once, in parallel, each
// with eight participants (a crowd of WebSockets: lib/crowd.mjs); screenshots of every step.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, openPage, shot } from './lib/browser.mjs';
import { crowd } from './lib/crowd.mjs';
import { setUpRound, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

const NAMES = ['Ann', 'Ben', 'Bartholomew-Zoë Longname', 'Dee', 'Émile', 'Fay', 'Gus', '<b>Hal</b>'];
const BIG = { width: 1920, height: 1080 };
const SMALL = { width: 1280, height: 720 };

// What the window shows of the stage that does not fit: the page scrolls, an element lies outside
// the window or outside the step's room, or text is smaller than the back of the room can read
// (about 28 px at 1080p, in proportion on other screens; a word's author 24 px).
function misfits() {
  const W = innerWidth;
  const H = innerHeight;
  const out = [];
  const page = document.scrollingElement;
  if (page.scrollHeight > H) out.push(`the page is ${page.scrollHeight} px tall`);
  if (page.scrollWidth > W) out.push(`the page is ${page.scrollWidth} px wide`);
  const name = (e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 40)}"`;
  const shown = (e) => e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const room = document.querySelector('.deck-steps')?.getBoundingClientRect();
  // Every element but those in hidden subtrees (the steps not shown), closed dialogs, the
  // floating reactions, text for screen readers only.
  const elements = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (e) => (e.hidden || e.matches('#reactions-layer, dialog:not([open]), title, .visually-hidden') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let e = elements.nextNode(); e; e = elements.nextNode()) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (!shown(e)) continue;
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) out.push(`outside the window: ${name(e)} ${JSON.stringify(r)}`);
    if (room && e.closest('.step') && (r.top < room.top - 1 || r.bottom > room.bottom + 1 || r.left < room.left - 1 || r.right > room.right + 1)) {
      out.push(`outside its step: ${name(e)} ${Math.round(r.bottom)} > ${Math.round(room.bottom)}`);
    }
  }
  const u = Math.min(W / 100, H / 56.25);
  const walker = document.createTreeWalker(document.querySelector('#round-screen'), NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT, {
    acceptNode: (n) => (n.nodeType === Node.ELEMENT_NODE && (n.hidden || n.matches('title, .visually-hidden')) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType !== Node.TEXT_NODE) continue;
    const e = node.parentElement;
    if (!node.textContent.trim() || !shown(e)) continue;
    let size = parseFloat(getComputedStyle(e).fontSize);
    const svg = e.closest('svg');
    if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const need = (e.closest('.word .by') ? 24 : 28) * (u / 19.2) - 0.5;
    if (size < need) out.push(`small text (${size.toFixed(1)} px < ${need.toFixed(1)}): ${name(e)}`);
  }
  return out;
}

async function expectFits(stage, what) {
  const problems = await stage.evaluate(misfits);
  assert.deepEqual(problems, [], `${what}:\n${problems.join('\n')}`);
}

// The stage and the facilitator page show step `i` of `count`.
async function atStep(stage, host, i, count) {
  await stage.locator(`.deck[data-current="${i}"] .step[data-step="${i}"]:not([hidden])`).waitFor();
  await host.locator('#stage-steps-where', { hasText: new RegExp(`^Step ${i + 1} of ${count}:`) }).waitFor();
}

// Every step of the deck on the stage: forward with the stage's keys at 1920×1080, back with them;
// forward with the facilitator's Next at 1280×720, back with Back. Each step fits at both sizes
// and is photographed (at 720p only the first: the stage is laid out in proportion to the
// screen). Returns the steps' kinds.
async function walkSteps(stage, host, name) {
  await stage.setViewportSize(BIG);
  const deck = stage.locator('.deck');
  await deck.waitFor();
  const count = Number(await deck.getAttribute('data-count'));
  const keys = ['ArrowRight', 'PageDown', 'Space', 'ArrowDown'];
  await atStep(stage, host, 0, count);
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      await stage.keyboard.press(keys[i % keys.length]);
      await atStep(stage, host, i, count);
    }
    await expectFits(stage, `${name}, step ${i + 1} of ${count} at 1920×1080`);
    await shot(stage, `debrief-${name}-1080-${i + 1}`);
  }
  for (let i = count - 2; i >= 0; i--) {
    await stage.keyboard.press(i % 2 ? 'ArrowLeft' : 'PageUp');
    await atStep(stage, host, i, count);
  }
  await stage.setViewportSize(SMALL);
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      await host.click('#step-next');
      await atStep(stage, host, i, count);
    }
    await expectFits(stage, `${name}, step ${i + 1} of ${count} at 1280×720`);
    if (i === 0) await shot(stage, `debrief-${name}-720-${i + 1}`);
  }
  assert.equal(await host.locator('#step-next').isDisabled(), true, 'Next stops at the last step');
  for (let i = count - 2; i >= 0; i--) {
    await host.click('#step-back');
    await atStep(stage, host, i, count);
  }
  await stage.setViewportSize(BIG);
  return stage.$$eval('.deck .step', (steps) => steps.map((s) => s.dataset.kind));
}

// A facilitator page and a stage in a new room of eight, split into `circles`.
async function room(browser, server, { circles = 1, script }) {
  const host = await newPage(browser, errors, { viewport: { width: 1280, height: 900 } });
  await host.goto(`${server.base}/host#key=${server.key}`);
  await host.click('#create-room');
  const item = host.locator('.room-item.newest');
  await item.waitFor();
  const code = await item.getAttribute('data-code');
  await item.getByRole('button', { name: /run games/i }).click();
  await host.locator('#room-screen').waitFor();
  const stage = await openPage(host.context(), errors);
  await stage.setViewportSize(BIG);
  await stage.goto(`${server.base}/stage?room=${code}`);
  await stage.locator('#lobby').waitFor();
  await crowd(host.context(), errors, server, code, NAMES, script);
  await host.waitForFunction((n) => document.querySelectorAll('#circles-list .person-row').length === n, NAMES.length);
  if (circles > 1) {
    await host.fill('#split-count', String(circles));
    await host.click('#split');
    await host.waitForFunction((n) => document.querySelectorAll('#circles-list .circle-block').length === n, circles);
  }
  return { host, stage };
}

async function reveal(host, stage) {
  await stagePhase(stage, 'closed');
  await host.click('#steer-reveal');
  await stagePhase(stage, 'revealed');
}

const CHAIN = ['beans', 'grinder', 'espresso', 'Italy', 'pizza', 'oven', 'bread', 'butter', 'cow', 'meadow', 'picnic', 'ants'];
const STORY = {
  c1: ['Once', 'upon', 'a', 'time', 'the', 'printer', 'jammed.', 'Nobody', 'knew', 'why!'],
  c2: ['The', 'key', 'was', 'under', 'the', 'doormat', 'all', 'along,', 'obviously', 'indeed.'],
};

async function chain(browser, server) {
  const { host, stage } = await room(browser, server, { circles: 2, script: { words: { c1: CHAIN, c2: [...CHAIN].reverse() } } });
  await setUpRound(host, 'chain', { fields: { 'opt-seed-word': 'coffee', 'opt-turn': 120, 'opt-max-turns': 10 } });
  await host.click('#setup-start');
  await stagePhase(stage, 'ended');
  const kinds = await walkSteps(stage, host, 'chain-results');
  assert.deepEqual(kinds, ['overview', 'words', 'words', 'balance', 'times', 'compare', 'highlights']);
  // The chain of each circle with its authors, the seed word first.
  const words = await stage.$$eval('.kind-words[data-circle="c1"] .word:not(.seed) .w', (ws) => ws.map((w) => w.textContent));
  assert.deepEqual(words, CHAIN.slice(0, 10));
  assert.equal(await stage.locator('.kind-words[data-circle="c1"] .word.seed .w').textContent(), 'coffee');
  await shot(host, 'debrief-chain-host', { top: true });
}

async function waat(browser, server) {
  const retellings = [
    'A printer jammed and nobody in the whole office could ever work out why it happened on that particular morning.',
    'Once upon a time a printer broke.',
    'The printer jammed, everyone panicked, and in the end it was only a paper clip stuck deep inside the tray.',
    'Nobody knew why.',
    'A key was under the doormat all along, as anyone could have guessed from the very first word of the story.',
    'The key was under the mat.',
    'Somebody lost a key and it turned out to be under the doormat, obviously, where keys always end up in stories.',
    'Keys and doormats.',
  ];
  const titles = ['The Jam', 'Paper Trouble', 'Why the Printer Jammed on a Monday Morning', 'Office Tales', 'Under the Mat', 'The Obvious Key', 'Where Keys Go', 'Doormat'];
  const { host, stage } = await room(browser, server, { circles: 2, script: { words: STORY, answers: { retell: [retellings], title: [titles] } } });
  await setUpRound(host, 'waat', {
    fields: { 'opt-title': 'The Lost Key', 'opt-turn': 120, 'opt-word-limit': 10, 'opt-retell-time': 300 },
    checks: { 'opt-retell': true, 'opt-title-vote': true },
  });
  await host.click('#setup-start');
  await reveal(host, stage);
  assert.deepEqual(await walkSteps(stage, host, 'waat-retellings'), ['side']);
  await host.click('#steer-next');
  await reveal(host, stage);
  assert.deepEqual(await walkSteps(stage, host, 'waat-titles'), ['side']);
  await host.click('#steer-next');
  await stagePhase(stage, 'ended');
  const kinds = await walkSteps(stage, host, 'waat-results');
  assert.deepEqual(kinds, ['overview', 'words', 'words', 'side', 'side', 'picks', 'balance', 'times', 'compare', 'highlights']);
  // The retellings side by side, a column for each circle.
  const cols = await stage.$$eval('.step[data-kind="side"]:first-of-type .side-col, .step[data-kind="side"] .side-col', (cs) => cs.length);
  assert.ok(cols >= 2);
}

async function burst(browser, server) {
  const answers = [
    ['cold', 'Cold!', 'snow', 'COLD', 'hot chocolate by the fire', 'snowmen', 'dark evenings and long nights', 'cold'],
    ['tickets', 'ticket', 'the phone', 'coffee', 'patience', 'Tickets!', 'waiting on hold forever', 'headsets'],
  ];
  const { host, stage } = await room(browser, server, { script: { answers: { stimulus: answers } } });
  await setUpRound(host, 'burst', { fields: { 'opt-stimuli': 'winter\nhelp desk', 'opt-answer-time': 300 } });
  await host.click('#setup-start');
  await reveal(host, stage);
  assert.deepEqual(await walkSteps(stage, host, 'burst-winter'), ['groups', 'alone']);
  assert.equal(await stage.locator('.kind-groups .cluster').first().locator('.cluster-label').textContent(), 'cold');
  // A clicker runs the round on: past the last step of the reveal, pressed twice, the next word;
  // once its answers are in, pressed twice, the reveal.
  await stage.keyboard.press('End');
  await atStep(stage, host, 1, 2);
  await stage.keyboard.press('PageDown');
  await stage.locator('#toast', { hasText: 'Press again: Next word' }).waitFor();
  await stage.keyboard.press('PageDown');
  await stagePhase(stage, 'closed');  // (the crowd answers at once)
  await stage.keyboard.press('PageDown');
  await stage.keyboard.press('PageDown');
  await stagePhase(stage, 'revealed');
  assert.deepEqual(await walkSteps(stage, host, 'burst-help-desk'), ['groups', 'alone']);
  await host.click('#steer-next');
  await stagePhase(stage, 'ended');
  const kinds = await walkSteps(stage, host, 'burst-results');
  assert.deepEqual(kinds, ['overview', 'groups', 'alone', 'groups', 'alone', 'table', 'distinct', 'times', 'highlights']);
  // The overview says how the round ended and lists the chapters, each with the step it starts at.
  assert.match(await stage.locator('.kind-overview .step-sub').textContent(), /played through to the end/);
  assert.deepEqual(await stage.$$eval('.step-tile .tile-number', (ns) => ns.map((n) => n.textContent)), ['2', '4', '6', '7', '8', '9']);
}

async function spiv(browser, server) {
  const answers = [
    'duct tape', 'a reboot', 'reboot', 'ignore it and hope that the problem goes away before anyone important notices it at all',
    'Duct tape!', 'a workaround that becomes permanent', 'turn it off and on again', 'a patch',
  ];
  const guesses = ['a reboot', 'reboot', 'something else entirely', 'duct tape', 'a patch', 'no idea', 'turn it off and on again', 'duct tape'];
  const { host, stage } = await room(browser, server, { script: { answers: { prompt: [answers] }, guesses } });
  await setUpRound(host, 'spiv', {
    fields: { 'opt-prompt': 'a quick fix', 'opt-answer-time': 300 },
    checks: { 'opt-predict': true },
    select: { 'opt-pick': 'closest' },
  });
  await host.click('#setup-start');
  await reveal(host, stage);
  assert.deepEqual(await walkSteps(stage, host, 'spiv-reveal'), ['groups', 'alone']);
  // Reloaded, the stage comes back to the step the room shows.
  await stage.keyboard.press('ArrowRight');
  await atStep(stage, host, 1, 2);
  await stage.reload();
  await atStep(stage, host, 1, 2);
  await host.click('#steer-next');  // picking: the crowd picks at once
  await stagePhase(stage, 'ended');
  const kinds = await walkSteps(stage, host, 'spiv-results');
  assert.deepEqual(kinds, ['overview', 'groups', 'alone', 'predict', 'picks', 'measures', 'times', 'highlights']);
  assert.equal(await stage.locator('.kind-predict .guess').count(), 8);
  // The stage's help lists the keys for the steps, and fits a small screen too.
  await stage.setViewportSize(SMALL);
  await stage.keyboard.press('?');
  await stage.locator('#help[open]').waitFor();
  assert.match(await stage.textContent('#help'), /Page Down.*next step of the results/s);
  await expectFits(stage, 'the stage\'s help at 1280×720');
  await shot(stage, 'debrief-stage-help-720');
  await stage.keyboard.press('Escape');
  await stage.setViewportSize(BIG);
  // Home and End: the first step and the last.
  await stage.keyboard.press('End');
  await atStep(stage, host, kinds.length - 1, kinds.length);
  await stage.keyboard.press('Home');
  await atStep(stage, host, 0, kinds.length);
}

test('every step of every game fits the projector at 1920×1080 and 1280×720, and both screens step together', async () => {
  const { server, browser } = env;
  await Promise.all([chain, waat, burst, spiv].map((game) => game(browser, server)));
  assert.deepEqual(errors, []);
});

// --- Forty people: long lists go on over more steps ------------------------------------------------

// Results as the server writes them (games/results.cpp), made up for 40 people with long names and
// long answers, to see every list split over steps that each fit.
function forty() {
  let seed = 7;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const first = ['Ann', 'Bartholomew', 'Cy', 'Dee', 'Émile', 'Maximiliana', 'Jo', 'Konstantinos', 'Li', 'Oluwaseun'];
  const last = ['', ' Okonkwo-Díaz', ' Ng', ' Papadopoulos', ' Smith', ' Van der Berg'];
  const people = Array.from({ length: 40 }, (_, i) => ({ id: `p${i + 1}`, name: `${first[i % 10]}${last[(i * 7) % 6]}`.slice(0, 24) + (i >= 10 ? ` ${i}` : '') }))
    .map((p) => ({ ...p, name: p.name.slice(0, 24), online: true }));
  const ids = people.map((p) => p.id);
  const words = 'printer paper coffee help desk ticket keyboard monday meeting snow deadline manager customer refund password server backup weekend holiday spreadsheet'.split(' ');
  const sentence = (max) => {
    const out = [];
    while (out.join(' ').length < max - 12) out.push(words[rnd(words.length)]);
    return out.slice(0, Math.max(1, rnd(out.length) + 1)).join(' ');
  };
  const long = (max) => {
    const out = [];
    while (out.join(' ').length < max - 12) out.push(words[rnd(words.length)]);
    return out.join(' ');
  };
  const times = () => {
    const min = 400 + rnd(2000);
    return { count: 5, minMs: min, p25Ms: min + 300, medianMs: min + 900, p75Ms: min + 2000, maxMs: min + 3500 + rnd(6000) };
  };
  const participants = ids.map((id) => ({ participant: id, contributions: 5, distinct: 1 + rnd(5), response: times() }));
  const circles = (n) => Array.from({ length: n }, (_, c) => ({ id: `c${c + 1}`, members: ids.filter((_, i) => i % n === c) }));
  const turnCircle = ({ id, members }, length, story) => {
    const transcript = Array.from({ length }, (_, k) => {
      const participant = members[k % members.length];
      if (k % 17 === 16) return { participant, pass: 'timeout', responseMs: 10000 };
      const text = words[rnd(words.length)];
      return { participant, text: story && k % 9 === 8 ? `${text}.` : text, responseMs: 500 + rnd(5000) };
    });
    const per = members.map((p) => ({ participant: p, words: transcript.filter((e) => e.participant === p && !e.pass).length }));
    return {
      id, order: members, done: 'turn_limit', transcript, passes: transcript.filter((e) => e.pass).length,
      balance: { totalWords: per.reduce((n, p) => n + p.words, 0), perParticipant: per, gini: 0.12 }, responseTimes: times(),
    };
  };
  const comparison = (cs) => ({
    circles: cs.map((c) => c.id),
    rows: ['words', 'gini', 'medianMs', 'entropy', 'largestShare', 'matchRate'].map((figure) => ({ figure, values: cs.map(() => (figure === 'medianMs' ? 1500 + rnd(2000) : figure === 'words' ? 20 + rnd(30) : rnd(100) / 100)) })),
  });
  // An answer set: everyone's answer; groups of one mostly, one big group (more names than shown).
  const answerSet = (kind, prompt, text, cs) => {
    const answers = ids.map((p, i) => ({ n: i + 1, circle: cs.find((c) => c.members.includes(p)).id, text: i < 25 ? 'the usual' : text(i), participant: p, responseMs: 3000 }));
    const clusters = [
      { label: 'the usual', spellings: ['the usual', 'The usual!'], count: 25, answers: answers.slice(0, 25).map((a) => a.n), participants: ids.slice(0, 25) },
      ...answers.slice(25).map((a) => ({ label: a.text, spellings: [a.text], count: 1, answers: [a.n], participants: [a.participant] })),
    ];
    return { kind, prompt, answers, clusters, measures: { entropy: 0.42, largestShare: 0.625 } };
  };
  const base = (game, config, extra) => ({ game, config: { game, ...config }, endReason: 'complete', reactions: { applause: 12, laugh: 3 }, participants, ...extra });

  const two = circles(2);
  const chain = base('chain', { seedWord: 'coffee' }, { circles: two.map((c) => turnCircle(c, 120, false)), sets: [], comparison: comparison(two) });

  const four = circles(4);
  const retell = { kind: 'retell', answers: ids.map((p, i) => ({ n: i + 1, circle: four[i % 4].id, text: long(200), participant: p, responseMs: 9000 })) };
  const title = { kind: 'title', answers: ids.map((p, i) => ({ n: i + 1, circle: four[i % 4].id, text: long(60), participant: p, responseMs: 9000 })) };
  title.pickCounts = title.answers.filter((_, i) => i % 2).map((a) => ({ answer: a.n, count: 1 + rnd(3) }));
  const waat = base('waat', { title: 'The Lost Key', retell: true, titleVote: true }, {
    circles: four.map((c) => turnCircle(c, 90, true)), sets: [retell, title], comparison: comparison(four),
  });

  const one = circles(1);
  const burst = base('burst', { stimuli: ['winter', 'help desk', 'monday morning', 'a quick fix', 'the printer'] }, {
    sets: ['winter', 'help desk', 'monday morning', 'a quick fix', 'the printer'].map((w) => answerSet('stimulus', w, () => long(40), one)),
  });

  const spivSet = answerSet('prompt', 'a quick fix', () => long(140), one);
  const pairs = ids.map((p, i) => ({ guesser: p, target: ids[(i + 1) % 40], guess: long(140), actual: spivSet.answers[(i + 1) % 40].text }));
  spivSet.predict = { pairs: 40, matches: 9, matchRate: 0.225, guesses: pairs, results: pairs.map((g, i) => ({ guesser: g.guesser, target: g.target, match: i % 4 === 0 })) };
  spivSet.pickCounts = spivSet.answers.slice(20).map((a) => ({ answer: a.n, count: 1 + rnd(2) }));
  spivSet.picks = ids.map((p, i) => ({ participant: p, answer: 21 + (i % 20) }));
  const spiv = base('spiv', { prompt: 'a quick fix', predict: true, pick: 'closest' }, {
    sets: [spivSet],
    highlights: [{ kind: 'everyone_contributed' }, { kind: 'no_words_for_this_kind' }],
  });
  return { people, games: { chain, waat, burst, spiv } };
}

// Draws a round's results as the stage does, without a room: returns the steps' kinds.
function mount({ results, people, title }) {
  return (async () => {
    const { stepsOf } = await import('/js/steps.js');
    const { deckView } = await import('/js/debrief.js');
    const { Roster } = await import('/js/roster.js');
    const roster = new Roster();
    roster.reset(people);
    const round = { id: 'r1', number: 1, view: { phase: 'ended', game: results.game, results } };
    const plan = stepsOf(round, { roster });
    const deck = deckView(plan, { roster }, round.view);
    document.body.classList.add('in-round', 'stepping');
    for (const id of ['pick', 'lobby', 'message']) document.getElementById(id).hidden = true;
    document.getElementById('round-screen').hidden = false;
    document.getElementById('corner').hidden = false;
    document.getElementById('round-game').textContent = 'Round 1';
    document.getElementById('round-title').textContent = title;
    document.getElementById('round-phase').textContent = 'Results';
    document.getElementById('round-body').replaceChildren(deck.node);
    window.deck = deck;
    deck.show(0);
    return plan.steps.map((s) => s.kind);
  })();
}

test('forty people: long lists go on over more steps, each fitting the stage', async () => {
  const { server, browser } = env;
  const { people, games } = forty();
  await Promise.all(Object.entries(games).map(async ([game, results]) => {
    const stage = await newPage(browser, errors, { viewport: BIG });
    await stage.goto(`${server.base}/stage`);
    await stage.locator('#pick').waitFor();
    const kinds = await stage.evaluate(mount, { results, people, title: 'The Lost Key' });
    const seen = new Set();
    for (const size of [BIG, SMALL]) {
      await stage.setViewportSize(size);
      for (let i = 0; i < kinds.length; i++) {
        await stage.evaluate((n) => window.deck.show(n), i);
        await expectFits(stage, `${game} of forty, step ${i + 1} of ${kinds.length} (${kinds[i]}) at ${size.width}×${size.height}`);
        if (size === BIG && !seen.has(kinds[i])) {
          seen.add(kinds[i]);
          await shot(stage, `debrief-forty-${game}-${i + 1}-${kinds[i]}`);
        }
      }
    }
    if (game === 'spiv') {
      // In an anonymous round the facilitator page (which sees the names) counts the same steps
      // as the stage (which does not).
      const same = await stage.evaluate(async (named) => {
        const { stepsOf } = await import('/js/steps.js');
        const { Roster } = await import('/js/roster.js');
        const roster = new Roster();
        const strip = (r) => ({
          ...r,
          sets: r.sets.map((set) => ({
            ...set,
            answers: set.answers.map(({ participant, ...a }) => a),
            clusters: set.clusters.map(({ participants, ...c }) => c),
            predict: set.predict && { ...set.predict, guesses: undefined, results: undefined },
            picks: undefined,
          })),
        });
        const anonymous = { ...named, config: { ...named.config, anonymous: true } };
        const shape = (r) => stepsOf({ id: 'r1', view: { phase: 'ended', results: r } }, { roster }).steps.map((x) => `${x.kind} ${x.page}/${x.pages}`).join();
        return [shape(anonymous), shape(strip(anonymous))];
      }, results);
      assert.equal(same[0], same[1]);
      // Highlights worded by the catalog; a kind it has no words for is left out.
      assert.ok(kinds.includes('highlights'));
      assert.deepEqual(await stage.$$eval('.highlight', (hs) => hs.map((h) => h.dataset.kind)), ['everyone_contributed']);
      // A big group names its first twelve, and counts the rest.
      assert.match(await stage.locator('.kind-groups .cluster-who').first().textContent(), / and 13 more$/);
    }
    const count = (kind) => kinds.filter((k) => k === kind).length;
    if (game === 'waat') assert.ok(count('side') >= 4, `retellings and titles over several steps: ${kinds}`);
    if (game === 'chain') assert.ok(count('words') >= 4, `each long chain over several steps: ${kinds}`);
    if (game === 'spiv') assert.ok(count('alone') >= 2 && count('predict') >= 2, `answers and guesses over several steps: ${kinds}`);
    await stage.close();
  }));
  assert.deepEqual(errors, []);
});
