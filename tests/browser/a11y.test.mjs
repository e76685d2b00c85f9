// Accessibility: axe-core (WCAG 2.1 A and AA, and its best practices) finds no violation on any
// page a workshop meets: the facilitator's rooms and set-up, the stage in its lobby, in a round
// and at its results, a phone in each state of a chain and a burst (joining, the lobby, its turn,
// waiting, answering, answered, revealed, ended), History (list, session, round) and the printable
// report. axe is let in past the pages' Content-Security-Policy (bypassCSP) only in this test.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axeViolations } from './lib/axe.mjs';
import { newPage, PHONE } from './lib/browser.mjs';
import { answer, phonePhase, playTurn, setUpRoom, setUpRound, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];
const OPEN = { bypassCSP: true };

// Checks `page` now, under `what`, and gathers what axe found.
async function check(found, what, page) {
  for (const v of await axeViolations(page)) found.push(`${what}: ${v.rule} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`);
}

test('no accessibility violations on the facilitator page, the stage, the phones, History and the report', async () => {
  const { server, browser } = env;
  const found = [];

  const joining = await newPage(browser, errors, { ...PHONE, ...OPEN });
  await joining.goto(`${server.base}/`);
  await joining.locator('#join-button').waitFor();
  await check(found, 'phone, join', joining);
  await joining.context().close();

  const { host, stage, phones, room } = await setUpRoom(browser, errors, server, ['Ann', 'Ben'], { contextOptions: OPEN });
  await check(found, 'stage, lobby', stage);
  await check(found, 'phone, lobby', phones[0].page);
  await check(found, 'facilitator, room', host);

  // A chain: a phone on its turn, the other waiting; the stage in play.
  await setUpRound(host, 'chain', { fields: { 'opt-seed-word': 'printer' } });
  await host.click('#setup-start');
  await stagePhase(stage, 'turns');
  const first = await playTurn(stage, phones, 'toner');
  const next = phones.find((p) => p !== first);
  await next.page.locator('body.your-turn #word-form:not([hidden])').waitFor();
  await check(found, 'phone, its turn', next.page);
  await check(found, 'phone, waiting', first.page);
  await check(found, 'stage, chain in play', stage);
  await check(found, 'facilitator, chain in play', host);
  await host.locator('#steer-end').click();
  await host.locator('#steer-end').click();
  await stagePhase(stage, 'ended');
  await check(found, 'stage, chain results', stage);

  // A burst: answering, answered, revealed, ended.
  await setUpRound(host, 'burst', { fields: { 'opt-stimuli': 'winter', 'opt-answer-time': 300 } });
  await host.click('#setup-start');
  await stagePhase(stage, 'answering');
  await phonePhase(phones[0].page, 'answering');
  await check(found, 'phone, answering', phones[0].page);
  await answer(phones[0].page, 'cold');
  await check(found, 'phone, answered', phones[0].page);
  await check(found, 'stage, answering', stage);
  await answer(phones[1].page, 'snow');
  await stagePhase(stage, 'closed');
  await stage.keyboard.press('r');
  await stagePhase(stage, 'revealed');
  await phonePhase(phones[0].page, 'revealed');
  await check(found, 'stage, revealed', stage);
  await check(found, 'phone, revealed', phones[0].page);
  await stage.keyboard.press('n');
  await stagePhase(stage, 'ended');
  await phonePhase(phones[0].page, 'ended');
  await check(found, 'stage, burst results', stage);
  await check(found, 'phone, ended', phones[0].page);
  await check(found, 'facilitator, results', host);

  // History and the report, with the facilitator's key.
  const history = await newPage(browser, errors, { viewport: { width: 1280, height: 900 }, ...OPEN });
  await history.goto(`${server.base}/history#key=${server.key}`);
  await history.locator('.session-item, #sessions-list li').first().waitFor();
  await check(found, 'history, list', history);
  await history.goto(`${server.base}/history?session=${room}#key=${server.key}`);
  await history.locator('#session-screen:not([hidden])').waitFor();
  await check(found, 'history, session', history);
  await history.goto(`${server.base}/history?session=${room}&round=r1#key=${server.key}`);
  await history.locator('#round-screen:not([hidden])').waitFor();
  await check(found, 'history, round', history);
  await history.goto(`${server.base}/export/${room}.html?key=${server.key}`);
  await history.locator('h1').waitFor();
  await check(found, 'report', history);

  assert.deepEqual(found, [], `accessibility violations:\n${found.join('\n')}`);
  assert.deepEqual(errors, []);
});
