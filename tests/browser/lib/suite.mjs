// The set-up and tear-down every browser test file shares: before its tests, a server on a free
// port and a Chromium; after them, the browser closed and the server stopped.
//
//   const env = serverAndBrowser();
//   test('...', async () => { const { server, browser } = env; ... });
//
// A test may replace env.server (a restarted server); the one there at the end is stopped.

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { launchBrowser } from './browser.mjs';
import { startServer } from './server.mjs';

// `cleanExit`: also check that the server shut down cleanly (exit code 0, no signal).
export function serverAndBrowser({ cleanExit = false } = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    if (!env.server) return;
    const exit = await env.server.stop();
    if (cleanExit) assert.deepEqual(exit, { code: 0, signal: null }, `earshot did not shut down cleanly:\n${env.server.stderr()}`);
  });
  return env;
}
