// Debian's Chromium, driven by playwright-core (which never downloads a browser of its own):
// launching it, pages that fail a test on any error, and screenshots.

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

// Reports Content-Security-Policy violations as console errors, so watchForErrors fails a test
// on any blocked script, style or image.
async function reportCspViolations(page) {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

// A new page in `context` whose errors (and CSP violations) go into `errors` (see watchForErrors).
export async function openPage(context, errors, expected = null) {
  const page = await context.newPage();
  await reportCspViolations(page);
  return watchForErrors(page, errors, expected);
}

// A page in a context of its own (its own storage: another person's device) with `options`
// (PHONE, a viewport, ...).
export async function newPage(browser, errors, options, expected = null) {
  return openPage(await browser.newContext(options), errors, expected);
}

const ARTIFACTS = process.env.EARSHOT_ARTIFACTS ??
  join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

// Where a test keeps a file it made (a screenshot, a download): ARTIFACTS/NAME.
export async function artifactPath(name) {
  await mkdir(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

// Saves a screenshot as ARTIFACTS/NAME.png (the whole page with `fullPage`, scrolled to the top
// first with `top`) and logs its path (the lead reads the log). Waits for finite animations (a
// word popping in) to finish, so the picture is the settled page.
export async function shot(page, name, { top = false, fullPage = false } = {}) {
  if (top) await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => document.getAnimations().every((a) =>
    a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
  const path = await artifactPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  console.log(`screenshot: ${path}`);
}
