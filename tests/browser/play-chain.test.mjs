// A word-association chain played end to end through the real pages: the facilitator sets it up,
// the stage starts it from the keyboard, four phones take turns (each sees an unmistakable "your
// turn"), one repeats a word and is told why, the stage pauses and resumes, a reaction floats up,
// one phone goes offline mid-round and is passed, comes back to the same seat, and the stage
// shows the whole chain with its authors and the charts at the end.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shot } from './lib/browser.mjs';
import { expectYourTurn, phonePhase, playTurn, reopenPhone, setUpRoom, setUpRound, stagePhase, turnOnStage } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

test('a chain round with four phones, a repeat refused, pause, a reaction and a phone that drops out', async () => {
  const { server, browser } = env;
  const { host, stage, phones, room, phone } = await setUpRoom(browser, errors, server, ['Ann', 'Ben', 'Cy', 'Deb']);

  // The facilitator fixes a name: every screen shows the new one.
  await host.locator('.person-row', { hasText: 'Deb' }).getByRole('button', { name: 'Rename Deb' }).click();
  await host.fill('#rename-name', 'Dee');
  await host.click('#rename-form button[type="submit"]');
  await stage.locator('#people .chip-name', { hasText: /^Dee$/ }).waitFor();
  await phone('Deb').page.locator('#lobby-title', { hasText: 'You\'re in, Dee' }).waitFor();
  await host.locator('.person-row .person-name-text', { hasText: /^Dee$/ }).waitFor();
  phone('Deb').name = 'Dee';

  // Set up but do not start: the stage shows what is coming; Space on the stage starts it.
  await setUpRound(host, 'chain', {
    fields: { 'opt-seed-word': 'coffee', 'opt-turn': 120, 'opt-max-turns': 9 },
    checks: { 'opt-no-repeat': true },
  });
  await host.click('#setup-ready');
  await stagePhase(stage, 'lobby');
  assert.match(await stage.textContent('.up-next-game'), /Word association/);
  await phonePhase(phones[0].page, 'lobby');
  assert.equal(await phones[0].page.textContent('#play-title'), 'Get ready');
  await shot(stage, 'chain-stage-up-next');
  await stage.keyboard.press('Space');
  await stagePhase(stage, 'turns');
  assert.equal(await stage.textContent('#round-title'), 'From “coffee”');

  // Turn 1: whoever's turn it is sees it; everyone else sees whose turn it is.
  const first = await turnOnStage(stage);
  const firstPhone = phones.find((p) => p.name === first);
  await expectYourTurn(firstPhone.page);
  assert.match(await firstPhone.page.textContent('#play-sub'), /What does “coffee” bring to mind\?/);
  assert.equal(await firstPhone.page.getAttribute('#word', 'maxlength'), '60');
  const waiting = phones.find((p) => p.name !== first);
  await waiting.page.locator('#play-title', { hasText: `${first}’s turn` }).waitFor();
  assert.equal(await waiting.page.locator('body.your-turn').count(), 0);
  await shot(firstPhone.page, 'chain-phone-your-turn');
  await shot(waiting.page, 'chain-phone-waiting');

  // An empty word is refused by the phone itself, in its own words (not as a network problem).
  await firstPhone.page.click('#word-send');
  const wordError = firstPhone.page.locator('#word-error');
  await wordError.waitFor();
  assert.equal(await wordError.getAttribute('data-code'), 'empty_answer');
  assert.equal(await wordError.textContent(), 'Type a word first.');

  // A repeat of the seed word is refused by the server, and the phone says why, keeping the word.
  await firstPhone.page.fill('#word', 'Coffee!');
  await firstPhone.page.click('#word-send');
  await wordError.locator('xpath=self::*[@data-code="repeated_word"]').waitFor();
  assert.equal(await wordError.getAttribute('data-code'), 'repeated_word');
  assert.match(await wordError.textContent(), /already said/);
  assert.equal(await firstPhone.page.inputValue('#word'), 'Coffee!');
  await shot(firstPhone.page, 'chain-phone-refused');

  const words = ['beans', 'grinder'];
  const authors = [];
  authors.push((await playTurn(stage, phones, words[0])).name);
  authors.push((await playTurn(stage, phones, words[1])).name);
  await shot(stage, 'chain-stage-live');

  // Pause from the stage keyboard: the phone whose turn it is cannot type, everyone sees it.
  await stage.keyboard.press('p');
  await stage.locator('#paused:not([hidden])').waitFor();
  await waiting.page.locator('#play-paused:not([hidden])').waitFor();
  await shot(stage, 'chain-stage-paused');
  await stage.keyboard.press('p');
  await stage.locator('#paused').waitFor({ state: 'hidden' });

  // A reaction from a phone floats up on the stage.
  await waiting.page.click('.reaction-button[data-reaction="applause"]');
  await stage.locator('#reactions-layer .reaction-applause').first().waitFor();

  // The person two turns ahead ("2nd in line" on their phone) drops out: their page closes.
  // When their turn comes they are passed as away, and the chain goes on.
  const names = phones.map((p) => p.name);
  const dropper = await Promise.any(phones.map((p) =>
    p.page.locator('#play-sub', { hasText: '2nd in line' }).waitFor().then(() => p)));
  const dropperId = await dropper.page.getAttribute('body', 'data-participant');
  const token = await dropper.page.evaluate((code) => localStorage.getItem(`earshot.token.${code}`), room);
  await dropper.page.close();
  authors.push((await playTurn(stage, phones, 'espresso')).name);
  authors.push((await playTurn(stage, phones, 'Italy')).name);
  const awayPass = stage.locator('.circle-panel .word.pass', { hasText: `${dropper.name} · was away` });
  await awayPass.waitFor();

  // They come back (same browser, same stored token) and are in the round, in the same seat.
  await reopenPhone(dropper, errors, server, room);
  await dropper.page.locator('#play').waitFor();
  assert.equal(await dropper.page.getAttribute('body', 'data-participant'), dropperId);
  assert.equal(await dropper.page.evaluate((code) => localStorage.getItem(`earshot.token.${code}`), room), token);
  await shot(dropper.page, 'chain-phone-back');

  // The rest of the chain: 9 turns in all (the pass counts as one), so the one who came back
  // has the last turn.
  const more = ['pizza', 'oven', 'bread', 'butter'];
  for (const w of more) authors.push((await playTurn(stage, phones, w)).name);
  const said = ['beans', 'grinder', 'espresso', 'Italy', ...more];
  assert.equal(authors.at(-1), dropper.name, 'the returning phone played again');
  assert.ok(names.every((n) => authors.includes(n)), 'everyone took a turn');

  // The end: the results step by step, from an overview: the whole chain with authors and
  // passes, then the charts.
  await stagePhase(stage, 'ended');
  await stage.locator('.step.kind-overview:not([hidden])').waitFor();
  assert.equal(await stage.locator('.reaction-count[data-reaction="applause"]').textContent(), ' 1');
  await stage.keyboard.press('ArrowRight');
  const chain = stage.locator('.step.kind-words[data-circle="c1"]');
  await chain.waitFor();
  const shown = await chain.locator('.word:not(.seed):not(.pass)').evaluateAll((ws) => ws.map((w) => ({
    word: w.querySelector('.w').textContent,
    by: w.querySelector('.by').textContent,
  })));
  assert.deepEqual(shown.map((w) => w.word), said);
  assert.deepEqual(shown.map((w) => w.by), authors);
  assert.equal(await chain.locator('.word.seed .w').textContent(), 'coffee');
  assert.equal(await chain.locator('.word.pass', { hasText: `${dropper.name} · was away` }).count(), 1);
  await shot(stage, 'chain-stage-results');
  assert.ok(await stage.locator('.step.kind-balance svg.chart[aria-label="Words per person"]').count() === 1, 'words-per-person chart');
  assert.ok(await stage.locator('.step.kind-times svg.chart[aria-label="Response times per person"]').count() === 1, 'response-time chart');

  // Phones show the end and their chain; the facilitator sees the results too.
  await phonePhase(phones[0].page, 'ended');
  assert.equal(await phones[0].page.textContent('#play-title'), 'That’s the round!');
  assert.deepEqual(await phones[0].page.$$eval('#play-words .word:not(.seed):not(.pass) .w', (ws) => ws.map((w) => w.textContent)), said);
  await shot(phones[0].page, 'chain-phone-ended');
  await host.locator('#host-results-box:not([hidden]) .result-circle').waitFor();
  await host.locator('#setup-form:not([hidden])').waitFor();
  await shot(host, 'chain-host-results');

  assert.deepEqual(errors, []);
});
