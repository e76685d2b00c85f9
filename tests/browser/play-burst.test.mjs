// A word burst played end to end: two stimuli, four phones answer privately (nobody sees an
// answer before the reveal, not even the stage), the stage reveals from the keyboard with the
// answers grouped and the ones nobody else gave picked out, and the results chart the groups,
// the diversity and everyone's response times.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shot } from './lib/browser.mjs';
import { answer, phonePhase, setUpRoom, setUpRound, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

const LONG = 'Bartholomew <b>Zoë</b>'; // 22 characters, and looks like HTML

test('a burst round: private answers, grouped reveal, results with clusters and measures', async () => {
  const { server, browser } = env;
  const { host, stage, phones, phone } = await setUpRoom(browser, errors, server, ['Ann', 'Ben', 'Cy', LONG]);

  await setUpRound(host, 'burst', { fields: { 'opt-stimuli': 'winter\nhelp desk', 'opt-answer-time': 300 } });
  await host.click('#setup-start');
  await stagePhase(stage, 'answering');
  assert.equal(await stage.textContent('.prompt-big'), 'winter');
  assert.equal(await stage.textContent('.answered-count'), '0');

  const round1 = { Ann: 'cold', Ben: 'Cold!', Cy: 'snow', [LONG]: 'COLD' };
  for (const p of phones) {
    await phonePhase(p.page, 'answering');
    assert.equal(await p.page.textContent('#play-prompt'), '“winter”');
    assert.equal(await p.page.getAttribute('#answer', 'maxlength'), '40');
  }
  await shot(phone('Ann').page, 'burst-phone-answer');
  await answer(phone('Ann').page, round1.Ann);
  await answer(phone('Ben').page, round1.Ben);
  // Two in: the stage counts them but shows no answer; the facilitator sees who has answered.
  await stage.locator('.answered-count', { hasText: '2' }).waitFor();
  assert.doesNotMatch(await stage.textContent('#round-body'), /cold/i);
  await host.locator('#host-live .mini-chip.yes', { hasText: 'Ben' }).waitFor();
  assert.equal(await host.locator('#host-live .mini-chip.yes').count(), 2);
  assert.match(await phone('Ann').page.textContent('#play-words'), /You said “cold”/);
  await shot(stage, 'burst-stage-answering');
  await shot(phone('Ann').page, 'burst-phone-sent');
  await answer(phone('Cy').page, round1.Cy);
  await answer(phone(LONG).page, round1[LONG]);

  // Everyone answered: closed; R on the stage reveals the groups.
  await stagePhase(stage, 'closed');
  await stage.keyboard.press('r');
  await stagePhase(stage, 'revealed');
  const clusters = await stage.$$eval('.clusters .cluster', (cs) => cs.map((c) => ({
    count: c.querySelector('.cluster-count').textContent,
    label: c.querySelector('.cluster-label').textContent,
    alone: c.classList.contains('alone'),
  })));
  assert.deepEqual(clusters, [
    { count: '3', label: 'cold', alone: false },
    { count: '1', label: 'snow', alone: true },
  ]);
  await phone('Cy').page.locator('#play-words .cluster.alone', { hasText: 'snow' }).waitFor();
  await shot(stage, 'burst-stage-revealed');
  await shot(phone('Cy').page, 'burst-phone-revealed');

  // N: the next word.
  await stage.keyboard.press('n');
  await stage.locator('.prompt-big', { hasText: 'help desk' }).waitFor();
  const round2 = { Ann: 'tickets', Ben: 'ticket', Cy: 'the phone', [LONG]: 'coffee' };
  for (const p of phones) {
    await p.page.locator('#play-prompt', { hasText: 'help desk' }).waitFor();
    await answer(p.page, round2[p.name]);
  }
  await stagePhase(stage, 'closed');
  await stage.keyboard.press('r');
  await stagePhase(stage, 'revealed');
  await stage.keyboard.press('n');
  await stagePhase(stage, 'ended');

  // Results: how the round really ended (moved on from its last word: played through, not
  // stopped by the facilitator), each word's groups as a chart, with the answers nobody else
  // gave, and the measures.
  assert.equal(await stage.locator('.step.kind-overview .step-sub').textContent(), 'played through to the end');
  const groups = stage.locator('.step.kind-groups');
  assert.equal(await groups.count(), 2);
  assert.equal(await groups.nth(0).locator('.step-prompt').textContent(), 'winter');
  const bars = await groups.nth(0).locator('.cluster').evaluateAll((cs) => cs.map((c) => `${c.querySelector('.cluster-label').textContent}: ${c.querySelector('.cluster-count').textContent}`));
  assert.deepEqual(bars, ['cold: 3', 'snow: 1']);
  const alone = stage.locator('.step.kind-alone');
  assert.deepEqual(await alone.nth(0).locator('.alone-item').evaluateAll((items) => items.map((i) => i.textContent)), ['snowCy']);
  assert.deepEqual(await alone.nth(1).locator('.alone-item .alone-text').evaluateAll((items) => items.map((i) => i.textContent)).then((x) => x.sort()), ['coffee', 'the phone']);
  assert.match(await stage.locator('.step.kind-table').textContent(), /Diversity/);
  // What went well: Ann, Ben and the long name all heard "winter" as cold.
  assert.deepEqual(await stage.locator('.step.kind-highlights .highlight').allTextContents(),
    [`Ann, Ben and ${LONG} heard “winter” the same way: “cold”.`]);
  assert.equal(await stage.locator('svg.chart[aria-label="Distinct answers per person"]').count(), 1);
  assert.equal(await stage.locator('svg.chart[aria-label="Response times per person"]').count(), 1);
  // A long name (that looks like HTML, too) is shown whole in the charts, and stays in its card.
  for (const title of ['Distinct answers per person', 'Response times per person']) {
    const chart = stage.locator(`svg.chart[aria-label="${title}"]`);
    const labels = await chart.locator('.chart-label').evaluateAll((ts) => ts.map((x) => x.textContent));
    assert.ok(labels.includes(LONG), `${title}: ${JSON.stringify(labels)}`);
    const inside = await chart.evaluate((svgNode) => {
      const card = svgNode.closest('.result-card, .card, section, article') ?? svgNode.parentElement;
      const box = card.getBoundingClientRect();
      return [...svgNode.querySelectorAll('.chart-label')].every((x) => {
        const r = x.getBoundingClientRect();
        return r.left >= box.left - 1 && r.right <= box.right + 1;
      });
    });
    assert.ok(inside, `${title}: every label stays inside its card`);
  }
  await stage.keyboard.press('ArrowRight');
  await groups.nth(0).waitFor();
  await shot(stage, 'burst-stage-results');

  // A phone's summary: what they said and how many agreed.
  await phonePhase(phone('Cy').page, 'ended');
  assert.match(await phone('Cy').page.textContent('#play-words'), /“winter”: you said “snow” \(nobody else did\)/);
  assert.match(await phone('Ann').page.textContent('#play-words'), /you said “cold” like 2 others/);
  await shot(phone('Cy').page, 'burst-phone-ended');

  assert.deepEqual(errors, []);
});
