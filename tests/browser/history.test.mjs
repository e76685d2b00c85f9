// The History page: two short rounds played through the real pages (a chain and a burst), then
// the facilitator looks back at them. The page refuses without the key and with a wrong one;
// lists the session; shows each round's transcript with the stage's results pictures (also from
// a deep link, also on a phone); downloads the CSV (named and anonymous); opens the debrief
// report, which prints to a PDF; and deletes the session after a confirmation.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { artifactPath, newPage, PHONE, shot } from './lib/browser.mjs';
import { answer, phonePhase, playTurn, setUpRoom, setUpRound, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

test('the facilitator-only page refuses without the key, and with a wrong one', async () => {
  const { server, browser } = env;
  // A 403 shows in the console as a failed resource: expected here, so these pages keep their own list.
  const expected = [];
  const page = await newPage(browser, expected, { viewport: { width: 1000, height: 700 } });
  await page.goto(`${server.base}/history`);
  await page.locator('#denied-screen').waitFor();
  assert.equal(await page.getAttribute('#denied-screen a.button', 'href'), '/host');
  assert.match(await page.textContent('#denied-text'), /does not have it/);
  await page.goto(`${server.base}/history?session=ABCD#key=not-the-key`);
  await page.locator('#denied-screen #denied-text', { hasText: 'did not accept' }).waitFor();
  assert.equal(new URL(page.url()).hash, '', 'the key is taken out of the address bar');
  assert.equal(await page.evaluate(() => localStorage.getItem('earshot.key')), null, 'a refused key is forgotten');
  await shot(page, 'history-denied');
  assert.ok(expected.every((e) => /403|Forbidden/.test(e)), expected.join('\n'));
  await page.context().close();
});

test('look back at a session: rounds, pictures, downloads, the report as PDF, deleting it', async () => {
  const { server, browser } = env;
  const { host, stage, phones, room, phone } = await setUpRoom(browser, errors, server, ['Ann', 'Ben', 'Cy']);

  // Round 1: a short chain, with a facilitator's note.
  await setUpRound(host, 'chain', { fields: { 'opt-seed-word': 'coffee', 'opt-turn': 120, 'opt-max-turns': 3 } });
  await host.click('#setup-start');
  await stagePhase(stage, 'turns');
  const said = ['beans', 'grinder', 'morning'];
  const authors = [];
  authors.push((await playTurn(stage, phones, said[0])).name);
  await host.fill('#note', 'Ask Ben about <grinder>');
  await host.click('#note-form button[type="submit"]');
  await host.locator('#notes li', { hasText: 'Ask Ben' }).waitFor();
  for (const w of said.slice(1)) authors.push((await playTurn(stage, phones, w)).name);
  await stagePhase(stage, 'ended');

  // Round 2: a burst with one word; one answer looks like markup and must stay text.
  await host.locator('#setup-form:not([hidden])').waitFor();
  await setUpRound(host, 'burst', { fields: { 'opt-stimuli': 'winter', 'opt-answer-time': 300 } });
  await host.click('#setup-start');
  await stagePhase(stage, 'answering');
  const answers = { Ann: 'cold', Ben: 'Cold!', Cy: '<b>snow</b>' };
  for (const p of phones) {
    await phonePhase(p.page, 'answering');
    await answer(p.page, answers[p.name]);
  }
  await stagePhase(stage, 'closed');
  await stage.keyboard.press('r');
  await stagePhase(stage, 'revealed');
  await stage.keyboard.press('n');
  await stagePhase(stage, 'ended');

  // From the facilitator page, History is one click away.
  const historyLink = host.locator('.topbar a', { hasText: 'History' });
  assert.equal(await historyLink.getAttribute('href'), '/history');
  await shot(host, 'history-host-link', { top: true });
  await historyLink.click();
  await host.waitForURL(`${server.base}/history`);
  const page = host;
  await page.locator('#list-screen').waitFor();
  const item = page.locator(`.session-item[data-code="${room}"]`);
  await item.waitFor();
  assert.match(await item.textContent(), /2 rounds/);
  assert.match(await item.textContent(), /3 people/);
  assert.match(await item.textContent(), /Open now/);
  assert.deepEqual(await item.locator('.game-chip').allTextContents(), ['Word association', 'Word burst']);
  await shot(page, 'history-list');

  // The session: its rounds, newest last.
  await item.locator('a').click();
  await page.locator('#session-screen').waitFor();
  assert.equal(new URL(page.url()).search, `?session=${room}`);
  assert.equal(await page.textContent('#session-code'), room);
  assert.match(await page.textContent('#session-people'), /Ann, Ben, Cy/);
  const rounds = page.locator('#rounds .history-round');
  assert.equal(await rounds.count(), 2);
  assert.equal(await rounds.nth(0).locator('.round-subject').textContent(), 'From “coffee”');
  assert.match(await rounds.nth(0).locator('.round-facts').textContent(), /3 people · 3 links/);
  assert.equal(await rounds.nth(1).locator('.round-subject').textContent(), '“winter”');
  assert.match(await rounds.nth(1).locator('.round-facts').textContent(), /3 answers/);
  await shot(page, 'history-session', { fullPage: true });

  // Round 1: the chain with its authors, the stage's charts and the note.
  await rounds.nth(0).locator('a').click();
  await page.locator('#round-screen').waitFor();
  assert.equal(new URL(page.url()).search, `?session=${room}&round=r1`);
  assert.equal(await page.textContent('#round-title'), 'From “coffee”');
  assert.match(await page.textContent('#round-eyebrow'), /Round 1 of 2 · Word association/);
  const chain = page.locator('.result-circle[data-circle="c1"]');
  await chain.waitFor();
  const shown = await chain.locator('.word:not(.seed):not(.pass)').evaluateAll((ws) => ws.map((w) => ({
    word: w.querySelector('.w').textContent,
    by: w.querySelector('.by').textContent,
  })));
  assert.deepEqual(shown, said.map((word, i) => ({ word, by: authors[i] })));
  assert.equal(await chain.locator('svg.chart[aria-label="Words per person"]').count(), 1);
  assert.equal(await page.locator('svg.chart[aria-label="Response times per person"]').count(), 1);
  assert.deepEqual(await page.locator('#round-notes-list li').allTextContents(), ['Ask Ben about <grinder>']);
  assert.equal(await page.locator('#prev-round').isHidden(), true);
  await shot(page, 'history-round', { fullPage: true });

  // Next round, through the pager: the burst's groups, with the markup-looking answer as text.
  await page.click('#next-round');
  await page.waitForURL(`${server.base}/history?session=${room}&round=r2`);
  const set = page.locator('#round-results .result-set');
  await set.first().waitFor();
  assert.equal(await set.locator('.result-prompt').textContent(), 'winter');
  const bars = await set.locator('svg.chart').first().locator('.bar-row title').evaluateAll((ts) => ts.map((t) => t.textContent));
  assert.deepEqual(bars, ['cold: 2 · 67%', '<b>snow</b>: 1 · 33%']);
  assert.deepEqual(await set.locator('.alone-item .alone-text').allTextContents(), ['<b>snow</b>']);
  assert.equal(await page.locator('#round-results b').count(), 0, 'typed markup stays text');
  await shot(page, 'history-round-burst', { fullPage: true });

  // Back and forward work like any site.
  await page.goBack();
  await page.locator('#round-screen #round-title', { hasText: 'From “coffee”' }).waitFor();
  await page.goForward();
  await page.locator('#round-screen #round-title', { hasText: '“winter”' }).waitFor();

  // The same round from a deep link, on a phone.
  const mobile = await newPage(browser, errors, { ...PHONE });
  await mobile.goto(`${server.base}/history?session=${room}&round=r1#key=${server.key}`);
  await mobile.locator('#round-screen .result-circle[data-circle="c1"]').waitFor();
  assert.equal(new URL(mobile.url()).hash, '');
  const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone (page is ${width}px wide)`);
  await shot(mobile, 'history-phone-round');
  await mobile.click('#to-session');
  await mobile.locator('#session-screen').waitFor();
  await shot(mobile, 'history-phone-session');
  await mobile.goto(`${server.base}/history`);
  await mobile.locator(`.session-item[data-code="${room}"]`).waitFor();
  await shot(mobile, 'history-phone-list');
  // An unknown round or session says so.
  await mobile.goto(`${server.base}/history?session=${room}&round=r9`);
  await mobile.locator('#error', { hasText: 'has no round r9' }).waitFor();
  await mobile.context().close();

  // Downloads: the CSV with names, and anonymous, each found by its own accessible name (six
  // buttons, six names: a screen reader or voice control can tell them apart).
  await page.click('#to-session');
  await page.locator('#session-screen').waitFor();
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV with names', exact: true }).click(),
  ]);
  assert.equal(csvDownload.suggestedFilename(), `earshot-${room}.csv`);
  const csv = await readFile(await csvDownload.path(), 'utf8');
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'round,game,circle,participant,name,kind,prompt,text,time_ms,response_ms');
  const chainRows = lines.filter((l) => l.startsWith('r1,chain,')).map((l) => l.split(','));
  assert.deepEqual(chainRows.map((r) => [r[4], r[5], r[6], r[7]]), said.map((w, i) => [authors[i], 'word', 'coffee', w]));
  const cyRow = lines.find((l) => l.includes(',Cy,answer,'))?.split(',');
  assert.deepEqual(cyRow?.slice(0, 3), ['r2', 'burst', 'c1']);
  assert.deepEqual(cyRow?.slice(4, 8), ['Cy', 'answer', 'winter', '<b>snow</b>']);
  assert.equal(csv.endsWith('\r\n'), true);
  await writeFile(await artifactPath('history-download.csv'), csv);

  const [anonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV, anonymous', exact: true }).click(),
  ]);
  assert.equal(anonDownload.suggestedFilename(), `earshot-${room}-anonymous.csv`);
  const anon = await readFile(await anonDownload.path(), 'utf8');
  assert.match(anon, /Participant A/);
  assert.doesNotMatch(anon, /,(Ann|Ben|Cy),/);

  const [mdDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Markdown with names', exact: true }).click(),
  ]);
  assert.equal(mdDownload.suggestedFilename(), `earshot-${room}.md`);
  assert.match(await readFile(await mdDownload.path(), 'utf8'), new RegExp(`^# Earshot session ${room}`));

  // The debrief report, in a new tab: its content, a screenshot, and a PDF.
  const reportLink = page.locator('#report-link');
  assert.equal(await reportLink.getAttribute('target'), '_blank');
  const [report] = await Promise.all([page.context().waitForEvent('page'), reportLink.click()]);
  await report.waitForLoadState('load');
  assert.equal(new URL(report.url()).pathname, `/export/${room}.html`);
  const reportText = await report.textContent('body');
  assert.match(await report.textContent('h1'), new RegExp(`Session ${room}`));
  for (const w of [...said, 'coffee', 'winter', 'Ann', 'Ben', 'Cy', '<b>snow</b>', 'Ask Ben about <grinder>']) {
    assert.ok(reportText.includes(w), `the report mentions ${w}`);
  }
  assert.equal(await report.locator('section.round').count(), 2);
  assert.ok(await report.evaluate(() => [...document.styleSheets].some((s) => s.href?.endsWith('/css/report.css') && s.cssRules.length > 0)),
    'the report has its style sheet');
  assert.ok(await report.locator('svg[role="img"]').count() >= 2, 'the report has charts');
  // The report names no icon, so a browser asks for /favicon.ico: it gets the icon, not a 404.
  const favicon = await fetch(`${server.base}/favicon.ico`);
  assert.equal(favicon.status, 200);
  assert.equal(favicon.headers.get('content-type'), 'image/svg+xml');
  await report.setViewportSize({ width: 1000, height: 1300 });
  await shot(report, 'history-report');
  const pdf = await report.pdf({ format: 'A4', printBackground: true });
  assert.ok(pdf.length > 2000, `a PDF of ${pdf.length} bytes`);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  await writeFile(await artifactPath('history-report.pdf'), pdf);
  await report.close();

  // Deleting: the dialog first (keep it), then for good. The room is still open, and the
  // dialog says that deleting closes it. The stage and phones are closed first, so that the
  // room closing under them is not what this test looks at.
  for (const p of phones) await p.page.context().close();
  await stage.close();
  await page.click('#delete');
  const dialog = page.locator('#delete-dialog');
  await dialog.waitFor();
  assert.equal(await page.textContent('#delete-dialog-code'), room);
  assert.equal(await page.locator('#delete-dialog-open').isVisible(), true);
  await shot(page, 'history-delete-dialog');
  await page.click('#delete-cancel');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.textContent('#session-code'), room, 'kept');

  await page.click('#delete');
  await page.click('#delete-confirm');
  await page.locator('#list-screen').waitFor();
  await page.locator('#notice', { hasText: `Session ${room} was deleted.` }).waitFor();
  assert.equal(await page.locator(`.session-item[data-code="${room}"]`).count(), 0);
  assert.equal(new URL(page.url()).search, '');
  await page.locator('#no-sessions').waitFor();
  await shot(page, 'history-after-delete');

  const res = await fetch(`${server.base}/api/sessions`, { headers: { Authorization: `Bearer ${server.key}` } });
  assert.equal(res.status, 200);
  assert.deepEqual((await res.json()).map((s) => s.code), []);
  assert.equal((await fetch(`${server.base}/export/${room}.json?key=${server.key}`)).status, 404);

  assert.deepEqual(errors, []);
});
