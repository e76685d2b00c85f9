// Helpers for the end-to-end game tests: a facilitator page, a stage and phones in separate
// browser contexts, all driven through the real pages (clicks, typing, keys), never by sending
// protocol messages directly.

import assert from 'node:assert/strict';
import { newPage, openPage, PHONE, PROJECTOR } from './browser.mjs';

// Opens a phone for `name` in its own context and joins `room`. `contextOptions` go to the
// phone's browser context (the accessibility test lets axe in past the pages' CSP).
export async function joinPhone(browser, errors, server, room, name, contextOptions = {}) {
  // Reduced motion: screenshots show the settled your-turn colour, not a frame of its flash.
  const page = await newPage(browser, errors, { ...PHONE, reducedMotion: 'reduce', ...contextOptions });
  await page.goto(`${server.base}/?r=${room}`);
  await page.fill('#name', name);
  await page.click('#join-button');
  await page.locator('#lobby').waitFor();
  assert.equal(await page.textContent('#lobby-title'), `You're in, ${name}`);
  return { name, page };
}

// Brings a phone back after its page was closed: same browser context (same stored token).
export async function reopenPhone(phone, errors, server, room) {
  const page = await openPage(phone.page.context(), errors);
  await page.goto(`${server.base}/?r=${room}`);
  phone.page = page;
  return phone;
}

// The facilitator creates a room and goes into it; the stage opens in the same browser (it
// shares the stored key, so it says hello as the stage and may steer); phones join.
export async function setUpRoom(browser, errors, server, names, { hostViewport = { width: 1280, height: 900 }, contextOptions = {} } = {}) {
  const host = await newPage(browser, errors, { viewport: hostViewport, isMobile: hostViewport.width < 600, hasTouch: hostViewport.width < 600, ...contextOptions });
  await host.goto(`${server.base}/host#key=${server.key}`);
  await host.click('#create-room');
  const item = host.locator('.room-item.newest');
  await item.waitFor();
  const room = await item.getAttribute('data-code');
  await item.getByRole('button', { name: /run games/i }).click();
  await host.locator('#room-screen').waitFor();
  assert.equal(await host.textContent('#room-code'), room);
  assert.equal(new URL(host.url()).search, `?room=${room}`);

  const stage = await openPage(host.context(), errors);
  await stage.setViewportSize(PROJECTOR.viewport);
  await stage.goto(`${server.base}/stage?room=${room}`);
  await stage.locator('#lobby').waitFor();

  const phones = [];
  for (const name of names) phones.push(await joinPhone(browser, errors, server, room, name, contextOptions));
  await stage.waitForFunction((n) => document.querySelectorAll('#people .chip').length === n, names.length);
  await host.waitForFunction((n) => document.querySelectorAll('#circles-list .person-row').length === n, names.length);
  return { host, stage, phones, room, phone: (name) => phones.find((p) => p.name === name) };
}

// Picks a game on the facilitator's set-up form and fills in its options.
// `fields`: {'opt-seed-word': 'coffee', ...} for inputs, `checks`: {'opt-retell': true, ...}.
export async function setUpRound(host, game, { fields = {}, checks = {}, select = {} } = {}) {
  await host.locator('#setup-form').waitFor();
  await host.locator(`.game-option:has(input[value="${game}"])`).click();
  for (const [id, value] of Object.entries(fields)) await host.fill(`#${id}`, String(value));
  for (const [id, value] of Object.entries(select)) await host.selectOption(`#${id}`, value);
  for (const [id, on] of Object.entries(checks)) await host.setChecked(`#${id}`, on);
}

// Whose turn the stage shows in a circle (by the circle's panel).
export async function turnOnStage(stage, circle = 'c1') {
  const who = stage.locator(`.circle-panel[data-circle="${circle}"] [data-turn-name]`);
  await who.waitFor();
  return who.getAttribute('data-turn-name');
}

// The words (not passes) of a circle as the stage shows them live.
export async function stageWords(stage, circle = 'c1') {
  return stage.$$eval(`.circle-panel[data-circle="${circle}"] .word:not(.seed):not(.pass) .w`, (ws) => ws.map((w) => w.textContent));
}

// Plays one word on the phone whose turn it is, checks its your-turn state, and waits until the
// stage shows the word in that circle.
export async function playTurn(stage, phones, word, { circle = 'c1' } = {}) {
  const name = await turnOnStage(stage, circle);
  const phone = phones.find((p) => p.name === name);
  assert.ok(phone, `a phone for ${name}`);
  const before = (await stageWords(stage, circle)).length;
  await expectYourTurn(phone.page);
  await phone.page.fill('#word', word);
  await phone.page.click('#word-send');
  await stage.waitForFunction(
    ({ circle, n }) => document.querySelectorAll(`.circle-panel[data-circle="${circle}"] .word:not(.seed):not(.pass)`).length > n
      || document.querySelector('#round-screen')?.dataset.phase !== 'turns',
    { circle, n: before },
  );
  return phone;
}

// The phone shows its unmistakable your-turn state.
export async function expectYourTurn(page) {
  await page.locator('body.your-turn #word-form:not([hidden])').waitFor();
  assert.equal(await page.textContent('#play-title'), 'Your turn!');
  assert.equal(await page.textContent('#announce'), 'Your turn');
  assert.equal(await page.getAttribute('#word', 'aria-describedby'), 'word-hint word-error');
}

// Types an answer (burst, SPIV, retell) on a phone and waits until it is accepted.
export async function answer(page, text) {
  await page.locator('#answer-form:not([hidden])').waitFor();
  await page.fill('#answer', text);
  await page.click('#answer-send');
  await page.locator('#answer-form').waitFor({ state: 'hidden' });
}

export async function stagePhase(stage, phase) {
  await stage.locator(`#round-screen[data-phase="${phase}"]`).waitFor();
}

export async function phonePhase(page, phase) {
  await page.locator(`body[data-phase="${phase}"] #play`).waitFor();
}
