// The Decks screen of the facilitator page, as a trainer uses it: a deck imported from a CSV file
// (the page says how many entries it took and which lines it left out, and why), edited (a
// refusal names its line; the fix is saved), renamed, used for burst rounds with two phones (the
// stimuli drawn from the deck in order, going on where the last round left off), downloaded as
// text and CSV, and deleted after a second press. Files that are not decks are refused with
// words. Screenshots of the screen at 1280x800 and at a phone's width.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { artifactPath, newPage, PHONE, shot } from './lib/browser.mjs';
import { answer, phonePhase, setUpRoom, setUpRound, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

// Plays one burst word through: both phones answer, the stage reveals (R) and goes on (N).
async function playWord(stage, phones, word) {
  await stage.locator('.prompt-big', { hasText: word }).waitFor();
  assert.equal(await stage.textContent('.prompt-big'), word);
  for (const p of phones) {
    await phonePhase(p.page, 'answering');
    await p.page.locator('#play-prompt', { hasText: word }).waitFor();
    await answer(p.page, `${p.name} on ${word}`);
  }
  await stagePhase(stage, 'closed');
  await stage.keyboard.press('r');
  await stagePhase(stage, 'revealed');
  await stage.keyboard.press('n');
}

async function openDecks(host) {
  await host.click('#decks-link');
  await host.locator('#decks-screen').waitFor();
  await host.locator('#builtin-decks .deck-item').nth(3).waitFor();
}

test('a deck from a file, edited, drawn from in burst rounds, downloaded and deleted', async () => {
  const { server, browser } = env;
  const { host, stage, phones, room } = await setUpRoom(browser, errors, server, ['Ann', 'Ben'],
    { hostViewport: { width: 1280, height: 800 } });

  // From the room to the Decks screen, one click in the top bar.
  await openDecks(host);
  assert.equal(new URL(host.url()).search, '?decks');
  assert.equal(await host.getAttribute('#decks-link', 'aria-current'), 'page');
  assert.equal(await host.getAttribute('#rooms-link', 'aria-current'), null);
  assert.deepEqual(await host.locator('#builtin-decks .deck-name').allTextContents(),
    ['Seed words', 'Burst stimuli', 'Story titles', 'SPIV prompts', 'Help-desk story titles', 'What the caller said',
      'Words with many readings']);
  assert.match(await host.locator('#builtin-decks .deck-item').first().textContent(), /\d+ entries · built in/);
  await host.locator('#no-own-decks').waitFor();
  await shot(host, 'decks-empty');

  // Files that are not decks are refused, and nothing is made.
  await host.setInputFiles('#deck-file', { name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04') });
  await host.locator('#decks-error', { hasText: 'Earshot imports plain text files (.txt) and CSV files (.csv).' }).waitFor();
  await host.setInputFiles('#deck-file', { name: 'photo.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]) });
  await host.locator('#decks-error', { hasText: 'Line 1 of that file is not text' }).waitFor();
  await host.setInputFiles('#deck-file', { name: 'huge.txt', mimeType: 'text/plain', buffer: Buffer.alloc(1024 * 1024 + 1, 'x') });
  await host.locator('#decks-error', { hasText: 'more than 1 MiB' }).waitFor();
  assert.equal(await host.locator('#own-decks .deck-item').count(), 0);

  // Import a CSV file: what it took, and which lines it left out and why.
  const csv = [
    'id,entry,note',
    '1,acknowledge,',
    '2,"mirror, then ask",quotes and a comma',
    '3,summarize,',
    '4,Acknowledge!,the same as line 2',
    `5,${'x'.repeat(101)},too long`,
    '6,<b>listen</b>,markup stays text',
  ].join('\r\n');
  await host.setInputFiles('#deck-file', { name: 'Listening skills.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const report = host.locator('#deck-report');
  await report.locator('.deck-report-title', { hasText: 'Imported “Listening skills”: 4 entries.' }).waitFor();
  assert.match(await report.textContent(), /2 lines were left out:/);
  assert.deepEqual(await report.locator('.deck-refused li').allTextContents(),
    ['Line 5: the same as line 2', 'Line 6: longer than 100 characters']);
  assert.equal(await host.isHidden('#decks-error'), true);
  const item = host.locator('#own-decks .deck-item.newest');
  await item.waitFor();
  const deckId = await item.getAttribute('data-id');
  assert.equal(await item.locator('.deck-name').textContent(), 'Listening skills');
  assert.match(await item.locator('.deck-meta').textContent(), /^4 entries · changed /);
  assert.equal(await item.locator('.deck-sample').textContent(), 'acknowledge · mirror, then ask · summarize · <b>listen</b>');
  assert.equal(await host.locator('#own-decks b').count(), 0, 'typed markup stays text');
  await shot(host, 'decks-list', { top: true });

  // Edit it: a duplicate line is refused, naming it, and nothing is saved; then the fix is.
  await item.getByRole('button', { name: 'Edit Listening skills' }).click();
  await host.locator('#deck-screen').waitFor();
  assert.equal(await host.textContent('#deck-editor-title'), 'Edit “Listening skills”');
  assert.equal(await host.inputValue('#deck-entries'), 'acknowledge\nmirror, then ask\nsummarize\n<b>listen</b>');
  assert.equal(await host.textContent('#deck-entries-count'), '4 entries (at most 2000, each up to 100 characters)');
  await host.fill('#deck-entries', 'acknowledge\nmirror, then ask\nsummarize\n<b>listen</b>\nSummarize');
  await host.click('#deck-save');
  await host.locator('#deck-entries-error', { hasText: 'Line 5 is the same as line 3.' }).waitFor();
  assert.equal(await host.getAttribute('#deck-entries', 'aria-invalid'), 'true');
  assert.equal(await host.evaluate(() => {
    const area = document.getElementById('deck-entries');
    return area.value.slice(area.selectionStart, area.selectionEnd);
  }), 'Summarize', 'the refused line is selected');
  await shot(host, 'decks-editor-refused');
  await host.fill('#deck-name', 'Listening');
  await host.fill('#deck-entries', 'acknowledge\nmirror, then ask\nsummarize\n<b>listen</b>\nask a good question');
  assert.equal(await host.textContent('#deck-entries-count'), '5 entries (at most 2000, each up to 100 characters)');
  await host.click('#deck-save');
  await host.locator('#decks-screen').waitFor();
  await report.locator('.deck-report-title', { hasText: 'Saved “Listening”: 5 entries.' }).waitFor();
  await host.locator(`#own-decks .deck-item[data-id="${deckId}"] .deck-name`, { hasText: 'Listening' }).waitFor();

  // Back to the room: a burst with two stimuli drawn from the deck, the next in order.
  await host.click('#rooms-link');
  await host.locator('#rooms-screen').waitFor();
  assert.equal(await host.getAttribute('#rooms-link', 'aria-current'), 'page');
  await host.locator(`.room-item[data-code="${room}"]`).getByRole('button', { name: /run games/i }).click();
  await host.locator('#room-screen').waitFor();
  await host.locator(`#opt-deck option[value="${deckId}"]`, { hasText: 'Listening (5 entries)' }).waitFor({ state: 'attached' });
  await setUpRound(host, 'burst', {
    fields: { 'opt-answer-time': 300 },
    select: { 'opt-deck': deckId, 'opt-deck-mode': 'next' },
  });
  await host.fill('#opt-deck-count', '2');
  assert.equal(await host.isDisabled('#opt-stimuli'), true, 'what is typed is not used');
  await shot(host, 'decks-setup');
  await host.click('#setup-start');
  await stagePhase(stage, 'answering');
  await playWord(stage, phones, 'acknowledge');
  await playWord(stage, phones, 'mirror, then ask');
  await stagePhase(stage, 'ended');

  // The next round goes on where this one left off.
  await host.locator('#setup-form:not([hidden])').waitFor();
  assert.equal(await host.inputValue('#opt-deck'), deckId, 'the deck stays chosen');
  await host.click('#setup-start');
  await stagePhase(stage, 'answering');
  await playWord(stage, phones, 'summarize');
  await playWord(stage, phones, '<b>listen</b>');
  await stagePhase(stage, 'ended');
  assert.equal(await stage.locator('#round-body b').count(), 0, 'an entry that looks like markup stays text on the stage');

  // Download it as text and as CSV: they read back to the deck.
  await openDecks(host);
  const own = host.locator(`#own-decks .deck-item[data-id="${deckId}"]`);
  const [txt] = await Promise.all([
    host.waitForEvent('download'),
    own.getByRole('button', { name: 'Download Listening as a text file' }).click(),
  ]);
  assert.equal(txt.suggestedFilename(), 'listening.txt');
  const text = await readFile(await txt.path(), 'utf8');
  assert.equal(text, 'acknowledge\nmirror, then ask\nsummarize\n<b>listen</b>\nask a good question\n');
  const [csvDownload] = await Promise.all([
    host.waitForEvent('download'),
    own.getByRole('button', { name: 'Download Listening as a CSV file' }).click(),
  ]);
  assert.equal(csvDownload.suggestedFilename(), 'listening.csv');
  const exported = await readFile(await csvDownload.path(), 'utf8');
  assert.equal(exported, 'entry\r\nacknowledge\r\n"mirror, then ask"\r\nsummarize\r\n<b>listen</b>\r\nask a good question\r\n');
  await writeFile(await artifactPath('decks-download.csv'), exported);

  // The downloaded file imports again as it was; the name it would take is taken, so it gets another.
  await host.setInputFiles('#deck-file', { name: 'listening.csv', mimeType: 'text/csv', buffer: Buffer.from(exported) });
  await report.locator('.deck-report-title', { hasText: 'Imported “listening (2)”: 5 entries.' }).waitFor();
  assert.equal(await host.locator('#own-decks .deck-item').count(), 2);

  // A built-in deck is copied into one of one's own, which opens in the editor.
  await host.locator('#builtin-decks .deck-item[data-id="titles"]').getByRole('button', { name: 'Copy Story titles into a deck of your own' }).click();
  await host.locator('#deck-screen').waitFor();
  assert.equal(await host.inputValue('#deck-name'), 'Story titles (copy)');
  assert.match(await host.inputValue('#deck-entries'), /^The Printer That Knew Too Much\n/);
  await host.click('#deck-back');
  await host.locator('#decks-screen').waitFor();
  assert.equal(await host.locator('#own-decks .deck-item').count(), 3);

  // On a phone's width: the same screen, no sideways scrolling.
  const mobile = await newPage(browser, errors, { ...PHONE });
  await mobile.goto(`${server.base}/host?decks#key=${server.key}`);
  await mobile.locator('#own-decks .deck-item').nth(2).waitFor();
  const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone (page is ${width}px wide)`);
  await shot(mobile, 'decks-phone');
  await mobile.locator(`#own-decks .deck-item[data-id="${deckId}"]`).getByRole('button', { name: 'Edit Listening' }).click();
  await mobile.locator('#deck-screen').waitFor();
  await shot(mobile, 'decks-phone-editor');
  await mobile.context().close();

  // Deleting asks for a second press.
  const remove = own.getByRole('button', { name: 'Delete Listening' });
  await remove.click();
  await own.getByRole('button', { name: 'Press again to delete' }).waitFor();
  await shot(host, 'decks-delete-armed');
  await own.getByRole('button', { name: 'Press again to delete' }).click();
  await report.locator('.deck-report-title', { hasText: 'The deck “Listening” is deleted.' }).waitFor();
  await own.waitFor({ state: 'detached' });
  const res = await fetch(`${server.base}/api/decks/${deckId}`, { headers: { Authorization: `Bearer ${server.key}` } });
  assert.equal(res.status, 404);

  // The refusals the server answered 400 show in the console as failed loads: two were expected
  // (the binary file, the duplicate line); nothing else may have gone wrong.
  const refusals = errors.filter((e) => /Failed to load resource: the server responded with a status of 400/.test(e));
  assert.equal(refusals.length, 2, errors.join('\n'));
  assert.deepEqual(errors.filter((e) => !refusals.includes(e)), []);
});
