// Same prompt, individual views, with predict and pick: everyone answers an ambiguous prompt
// privately and guesses their partner's answer, the stage reveals the answers grouped, everyone
// picks the answer closest to what they meant, and the results show how many guesses matched.
// Someone just watching from a phone sees the prompt and reacts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, PHONE, shot } from './lib/browser.mjs';
import { answer, phonePhase, setUpRoom, setUpRound, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

test('a SPIV round with predict and pick: answers, guesses, reveal, picks and match scores', async () => {
  const { server, browser } = env;
  const { host, stage, phones, phone, room } = await setUpRoom(browser, errors, server, ['Ann', 'Ben', 'Cy', 'Dee', 'Zed']);

  // Zed is removed by the facilitator (after confirming): his phone says so, the stage drops him.
  const zed = phones.pop();
  await host.locator('.person-row', { hasText: 'Zed' }).getByRole('button', { name: 'Remove Zed' }).click();
  await host.click('#kick-confirm');
  await zed.page.locator('#closed-title', { hasText: 'You were removed from this room' }).waitFor();
  await stage.waitForFunction(() => document.querySelectorAll('#people .chip').length === 4);
  await host.waitForFunction(() => document.querySelectorAll('#circles-list .person-row').length === 4);

  await setUpRound(host, 'spiv', {
    fields: { 'opt-prompt': 'a quick fix', 'opt-answer-time': 300 },
    checks: { 'opt-predict': true },
    select: { 'opt-pick': 'closest' },
  });
  await host.click('#setup-start');
  await stagePhase(stage, 'answering');
  assert.equal(await stage.textContent('.prompt-big'), 'a quick fix');

  // Someone just watches from their phone: no name, no answer slot, the prompt as the room sees
  // it, and a reaction that floats up on the stage.
  const watcher = await newPage(browser, errors, PHONE);
  await watcher.goto(`${server.base}/?r=${room}`);
  await watcher.getByRole('button', { name: 'Just watch' }).click();
  await watcher.locator('.prompt-big', { hasText: 'a quick fix' }).waitFor();
  assert.equal(await watcher.evaluate(() => document.body.dataset.role), 'observer');
  assert.ok(await watcher.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await shot(watcher, 'spiv-watcher-phone');
  await watcher.click('#watch-reactions .reaction-button[data-reaction="laugh"]');
  await stage.locator('#reactions-layer .reaction-laugh').first().waitFor();
  await watcher.context().close();

  const answers = { Ann: 'duct tape', Ben: 'a reboot', Cy: 'reboot', Dee: 'ignore it' };
  // Ann and Cy guess their partner's answer right (grouped the same way); Ben and Dee do not.
  const right = new Set(['Ann', 'Cy']);
  const partners = {};
  for (const p of phones) {
    await phonePhase(p.page, 'answering');
    assert.equal(await p.page.textContent('#play-title'), 'What does this mean to you?');
    assert.equal(await p.page.getAttribute('#answer', 'maxlength'), '140');
    await answer(p.page, answers[p.name]);
    // Then the guess of the partner's answer.
    await p.page.locator('#predict-form:not([hidden])').waitFor();
    const title = await p.page.textContent('#play-title');
    const partner = /^Now guess (.+)’s answer$/.exec(title)?.[1];
    assert.ok(partner && answers[partner], `a partner in "${title}"`);
    partners[p.name] = partner;
    if (p.name === 'Ann') await shot(p.page, 'spiv-phone-predict');
  }
  for (const p of phones) {
    const guess = right.has(p.name) ? answers[partners[p.name]].toUpperCase() : 'something else entirely';
    await p.page.fill('#predict', guess);
    await p.page.click('#predict-send');
    await p.page.locator('#predict-form').waitFor({ state: 'hidden' });
  }
  // Everyone is paired with someone else.
  assert.equal(new Set(Object.values(partners)).size, 4);

  await stagePhase(stage, 'closed');
  await host.click('#steer-reveal');
  await stagePhase(stage, 'revealed');
  const clusters = await stage.$$eval('.clusters .cluster', (cs) => cs.map((c) => [c.querySelector('.cluster-count').textContent, c.querySelector('.cluster-label').textContent]));
  assert.deepEqual(clusters[0], ['2', 'a reboot']);
  assert.equal(clusters.length, 3);
  await shot(stage, 'spiv-stage-revealed');

  // Next opens picking: each phone picks an answer of someone else.
  await host.locator('#steer-next', { hasText: 'Open picking' }).click();
  await stagePhase(stage, 'picking');
  for (const p of phones) {
    await p.page.locator('#pick-panel:not([hidden])').waitFor();
    assert.equal(await p.page.textContent('#play-title'), 'Which answer is closest to what you meant?');
    const options = await p.page.$$eval('.pick-option .pick-text', (ts) => ts.map((t) => t.textContent));
    assert.equal(options.length, 3);
    assert.ok(!options.includes(answers[p.name]), 'not their own answer');
    if (p.name === 'Ben') await shot(p.page, 'spiv-phone-pick');
    // Ann picks Ben's "a reboot", Ben and Dee pick Cy's "reboot" (the same group), Cy picks Dee's.
    const target = { Ann: answers.Ben, Ben: answers.Cy, Cy: answers.Dee, Dee: answers.Cy }[p.name];
    await p.page.locator('.pick-option').filter({ has: p.page.locator('.pick-text', { hasText: new RegExp(`^${target}$`) }) }).click();
    await p.page.locator('#pick-panel').waitFor({ state: 'hidden' });
  }

  // All picked: the round ends and the stage shows the results.
  await stagePhase(stage, 'ended');
  const predict = stage.locator('.step.kind-predict');
  assert.match(await predict.textContent(), /2 of 4guesses matched/);
  assert.match(await predict.textContent(), /50%/);
  const guesses = await predict.locator('.guess').evaluateAll((gs) => gs.map((g) => ({ who: g.dataset.guesser, match: g.classList.contains('match') })));
  assert.equal(guesses.length, 4);
  assert.equal(guesses.filter((g) => g.match).length, 2);
  const picks = stage.locator('.step.kind-picks');
  assert.equal(await picks.locator('.step-title').textContent(), 'Closest to what they meant');
  // One bar per group of the reveal ("a reboot" and "reboot" are one), saying whose answers it holds.
  const pickBars = await picks.locator('.pick-bar').evaluateAll((bs) => bs.map((b) => [...b.querySelectorAll('.cluster-label, .cluster-who, .cluster-count')].map((x) => x.textContent).join(' | ')));
  assert.deepEqual(pickBars, ['3 | “a reboot” | Ben, Cy', '1 | “ignore it” | Dee']);
  assert.deepEqual(await stage.$$eval('.step.kind-groups .cluster', (cs) => cs.map((c) => `${c.querySelector('.cluster-label').textContent}: ${c.querySelector('.cluster-count').textContent}`)),
    ['a reboot: 2', 'duct tape: 1', 'ignore it: 1']);
  await stage.keyboard.press('ArrowRight');
  await stage.locator('.step.kind-groups:not([hidden])').waitFor();
  await shot(stage, 'spiv-stage-results');

  // Each phone sees whether its own guess matched.
  await phonePhase(phone('Cy').page, 'ended');
  assert.match(await phone('Cy').page.textContent('#play-words'), /✓ You guessed/);
  assert.match(await phone('Ben').page.textContent('#play-words'), /✗ You guessed/);
  await shot(phone('Cy').page, 'spiv-phone-ended');

  assert.deepEqual(errors, []);
});
