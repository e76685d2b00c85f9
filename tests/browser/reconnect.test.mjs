// A phone through a server outage: it shows that it is reconnecting, retries by itself, and
// once the server is back (on the same data directory) it is in its room again, in its own seat.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, PHONE, shot } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();

test('a phone reconnects by itself after the server restarts', async () => {
  const { server, browser } = env;
  const errors = [];
  // While the server is down, Chromium logs each refused WebSocket attempt: expected here.
  const refused = /WebSocket connection to .* failed/;
  const host = await newPage(browser, errors, {}, refused);
  await host.goto(`${server.base}/host#key=${server.key}`);
  await host.click('#create-room');
  const room = await host.locator('.room-item.newest').getAttribute('data-code');

  const phone = await newPage(browser, errors, PHONE, refused);
  await phone.goto(`${server.base}/?r=${room}`);
  await phone.fill('#name', 'Ann');
  await phone.click('#join-button');
  await phone.locator('#lobby').waitFor();
  assert.equal(await phone.getAttribute('#status', 'data-state'), 'connected');

  const exit = await server.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, `earshot did not shut down cleanly:\n${server.stderr()}`);
  const banner = phone.locator('#status[data-state="reconnecting"]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /Reconnecting/);
  await shot(phone, 'phone-reconnecting');

  // Up again on the same data directory: the room is back and the phone takes its seat again.
  const token = await phone.evaluate((code) => localStorage.getItem(`earshot.token.${code}`), room);
  assert.ok(token, 'the phone keeps its token while the server is away');
  env.server = await startServer({ port: server.port, dataDir: server.dataDir });
  await phone.locator('#status[data-state="connected"]').waitFor({ timeout: 30000 });  // within the backoff cap
  await phone.locator('#lobby').waitFor();
  assert.match(await phone.locator('#lobby').textContent(), /Ann/);
  assert.equal(await phone.evaluate((code) => localStorage.getItem(`earshot.token.${code}`), room), token);
  await shot(phone, 'phone-back-after-restart');
  assert.deepEqual(errors, []);
});
