// Debian's Chromium, driven by playwright-core (which never downloads a browser of its own).

import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

// A phone-sized context (each participant gets its own, so storage is not shared).
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

// The projector.
export const PROJECTOR = { viewport: { width: 1920, height: 1080 } };

// Collects everything that went wrong inside a page into `errors`: uncaught exceptions and
// console errors (a Content-Security-Policy violation is one), except console errors that
// match `expected` (say, failed connections while a test has stopped the server).
export function watchForErrors(page, errors, expected = null) {
  const where = () => new URL(page.url()).pathname;
  page.on('pageerror', (error) => errors.push(`${where()}: uncaught ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected?.test(msg.text())) {
      errors.push(`${where()}: console error: ${msg.text()}`);
    }
  });
  page.setDefaultTimeout(15000);
  return page;
}

const ARTIFACTS = process.env.EARSHOT_ARTIFACTS ??
  join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

// Saves a screenshot as ARTIFACTS/NAME.png and returns its path.
export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
