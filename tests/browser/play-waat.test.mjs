// A story told one word at a time, in two circles at once, in listening mode, with a retelling
// afterwards, steered from a facilitator page on a phone ("facilitator remote"): the room is split
// into two circles, both stories grow side by side on the stage while the phones show no words,
// everyone retells their circle's story, the facilitator reveals the retellings and shows the
// results: each story with its authors and its retellings beside it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shot } from './lib/browser.mjs';
import { answer, phonePhase, playTurn, setUpRoom, setUpRound, stagePhase, turnOnStage } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

test('a WAAT story in two circles with listening mode and a retell, steered from a phone', async () => {
  const { server, browser } = env;
  const remote = { width: 390, height: 844 };
  const { host, stage, phones } = await setUpRoom(browser, errors, server, ['Ann', 'Ben', 'Cy', 'Dee'], { hostViewport: remote });

  // Two circles of two.
  await host.fill('#split-count', '2');
  await host.click('#split');
  await host.waitForFunction(() => [...document.querySelectorAll('#circles-list .circle-block')]
    .map((b) => `${b.dataset.circle}:${b.querySelectorAll('.person-row').length}`).join(' ') === 'c1:2 c2:2');
  const members = await host.$$eval('#circles-list .circle-block', (blocks) => blocks.map((b) => ({
    circle: b.dataset.circle,
    names: [...b.querySelectorAll('.person-name-text')].map((n) => n.textContent),
  })));
  assert.deepEqual(members.map((m) => m.names.length), [2, 2]);

  await setUpRound(host, 'waat', {
    fields: { 'opt-title': 'The Lost Key', 'opt-turn': 120, 'opt-word-limit': 6, 'opt-retell-time': 300 },
    checks: { 'opt-retell': true, 'opt-listening': true },
  });
  await shot(host, 'waat-host-setup-phone', { top: true });
  await host.click('#setup-start');
  await stagePhase(stage, 'turns');
  assert.equal(await stage.textContent('#round-title'), 'The Lost Key');
  assert.equal(await stage.locator('.circle-panel').count(), 2);

  // Both circles play side by side; turns alternate between the circles.
  const stories = {
    c1: ['Once', 'upon', 'a', 'time', 'the', 'printer.'],
    c2: ['The', 'key', 'was', 'under', 'the', 'mat!'],
  };
  const authors = { c1: [], c2: [] };
  for (let i = 0; i < 6; i++) {
    for (const circle of ['c1', 'c2']) {
      authors[circle].push((await playTurn(stage, phones, stories[circle][i], { circle })).name);
    }
    if (i === 2) {
      // Listening mode: a waiting phone shows whose turn it is and no words at all.
      const name = await turnOnStage(stage, 'c1');
      const other = phones.find((p) => p.name !== name && members.find((m) => m.circle === 'c1').names.includes(p.name));
      await other.page.locator('#play-words .listening-note').waitFor();
      assert.equal(await other.page.locator('#play-words .word').count(), 0);
      assert.doesNotMatch(await other.page.textContent('#play'), /upon/);
      await shot(other.page, 'waat-phone-listening');
      await shot(host, 'waat-host-steer-phone', { top: true });
    }
    if (i === 4) await shot(stage, 'waat-stage-live');
  }
  // The stage showed every word with its author while the stories grew.
  // After the word limit both circles are done and everyone retells.
  await stagePhase(stage, 'answering');
  await stage.locator('.set-panel.kind-retell').waitFor();
  const retellings = {
    Ann: 'Someone lost a key and found a printer.',
    Ben: 'A fairy tale about a printer.',
    Cy: 'The key was under the mat all along!',
    Dee: 'A key, a mat, and a happy ending.',
  };
  for (const p of phones) {
    await phonePhase(p.page, 'answering');
    assert.equal(await p.page.textContent('#play-title'), 'Retell the story');
    assert.equal(await p.page.getAttribute('#answer', 'maxlength'), '200');
    if (p.name === 'Ann') await shot(p.page, 'waat-phone-retell');
    await answer(p.page, retellings[p.name]);
  }
  await stagePhase(stage, 'closed');

  // The facilitator reveals from the phone: retellings side by side, per circle.
  await host.click('#steer-reveal');
  await stagePhase(stage, 'revealed');
  const columns = await stage.$$eval('.side-by-side .side-col', (cols) => cols.map((c) => [...c.querySelectorAll('.retelling-text')].map((q) => q.textContent)));
  assert.equal(columns.length, 2);
  for (const m of members) {
    const col = columns[m.circle === 'c1' ? 0 : 1];
    assert.deepEqual([...col].sort(), m.names.map((n) => retellings[n]).sort());
  }
  await shot(stage, 'waat-stage-retellings');

  await host.locator('#steer-next', { hasText: 'Show results' }).click();
  await stagePhase(stage, 'ended');

  // Results, step by step: each story in full with its authors, the retellings side by side,
  // words per person in each circle, circle against circle.
  for (const circle of ['c1', 'c2']) {
    const step = stage.locator(`.step.kind-words[data-circle="${circle}"]`);
    const words = await step.locator('.word:not(.pass)').evaluateAll((ws) => ws.map((w) => ({ w: w.querySelector('.w').textContent, by: w.querySelector('.by').textContent })));
    assert.deepEqual(words.map((x) => x.w), stories[circle]);
    assert.deepEqual(words.map((x) => x.by), authors[circle]);
    const told = await stage.locator(`.step.kind-side .side-col[data-circle="${circle}"] .retelling-text`).evaluateAll((qs) => qs.map((q) => q.textContent));
    const names = members.find((m) => m.circle === circle).names;
    assert.deepEqual(told.sort(), names.map((n) => retellings[n]).sort());
  }
  assert.equal(await stage.locator('.step.kind-balance svg.chart[aria-label="Words per person"]').count(), 2);
  assert.equal(await stage.locator('.step.kind-compare .compare-item').count() > 0, true, 'circle against circle');
  // The facilitator's phone moves the stage on: to the first story.
  await host.click('#step-next');
  await stage.locator('.step.kind-words[data-circle="c1"]:not([hidden])').waitFor();
  await shot(stage, 'waat-stage-results');

  // Now the phones see their story too (listening mode ends with the round).
  const ann = phones.find((p) => p.name === 'Ann');
  await phonePhase(ann.page, 'ended');
  const annCircle = members.find((m) => m.names.includes('Ann')).circle;
  assert.deepEqual(await ann.page.$$eval('#play-words .word .w', (ws) => ws.map((w) => w.textContent)), stories[annCircle]);
  await shot(ann.page, 'waat-phone-ended');
  await host.locator('#host-results-box:not([hidden])').waitFor();
  await shot(host, 'waat-host-results-phone', { top: true });

  assert.deepEqual(errors, []);
});
