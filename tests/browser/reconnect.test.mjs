// A phone through a server outage: it shows that it is reconnecting, retries by itself, and
// once the server is back it learns that its room is gone (rooms live in memory for now) and
// offers the join form again instead of a dead lobby.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, PHONE, screenshot, watchForErrors } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a phone reconnects by itself after the server restarts', async () => {
  const errors = [];
  // While the server is down, Chromium logs each refused WebSocket attempt: expected here.
  const refused = /WebSocket connection to .* failed/;
  const host = watchForErrors(await (await browser.newContext()).newPage(), errors, refused);
  await host.goto(`${server.base}/host#key=${server.key}`);
  await host.click('#create-room');
  const room = await host.locator('.room-item.newest').getAttribute('data-code');

  const phone = watchForErrors(await (await browser.newContext(PHONE)).newPage(), errors, refused);
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
  console.log(`screenshot: ${await screenshot(phone, 'phone-reconnecting')}`);

  server = await startServer({ port: server.port });
  const roomError = phone.locator('#room-error');
  await roomError.waitFor({ timeout: 30000 });  // the next retry comes within the backoff cap
  assert.equal(await roomError.getAttribute('data-code'), 'room_not_found');
  assert.equal(await phone.evaluate((code) => localStorage.getItem(`earshot.token.${code}`), room), null);
  assert.deepEqual(errors, []);
});
