// Workshop plans, as a trainer prepares and runs one: a deck imported from a file on the Decks
// screen; a three-activity plan built on the Plans screen that draws from it (a refusal shown
// beside its field, an activity moved with Alt+↑, each with notes and debrief questions, options
// beyond the main ones: listening mode, predict and pick);
// downloaded as a plan file, deleted after a second press, imported again from the file; then a
// room with four phones follows it, and each activity starts with one key on the stage (A) or one
// click on the agenda: the stage shows each one's game and prompt as planned, and never the notes.
// Screenshots of the Plans screen, the editor and the agenda at 1280x720.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { artifactPath, newPage, PHONE, shot } from './lib/browser.mjs';
import { phonePhase, setUpRoom, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser();
const errors = [];

const DECK = ['It just stopped working', 'Nothing has changed', 'As soon as possible', 'It worked yesterday'];
const NOTES = 'Say: the first word you hear, not the cleverest one.';
const QUESTION = 'Which word surprised you?';

// Ends the round from the stage (E, twice) and waits for its results.
async function endRound(stage) {
  await stage.keyboard.press('e');
  await stage.keyboard.press('e');
  await stagePhase(stage, 'ended');
}

test('a plan built on a deck, downloaded, imported again and run in a room, one key per activity', async () => {
  const { server, browser } = env;
  const { host, stage, phones, room } = await setUpRoom(browser, errors, server, ['Ann', 'Ben', 'Cy', 'Deb'],
    { hostViewport: { width: 1280, height: 720 } });

  // A deck from a text file, on the Decks screen.
  await host.click('#decks-link');
  await host.locator('#decks-screen').waitFor();
  await host.setInputFiles('#deck-file', { name: 'Caller phrases.txt', mimeType: 'text/plain', buffer: Buffer.from(DECK.join('\n')) });
  const deckItem = host.locator('#own-decks .deck-item.newest');
  await deckItem.waitFor();
  const deckId = await deckItem.getAttribute('data-id');

  // The Plans screen: one click in the top bar; the ready-made plans are there.
  await host.click('#plans-link');
  await host.locator('#plans-screen').waitFor();
  assert.equal(new URL(host.url()).search, '?plans');
  assert.equal(await host.getAttribute('#plans-link', 'aria-current'), 'page');
  await host.locator('#builtin-plans .plan-item').nth(1).waitFor();
  await host.locator('#no-own-plans').waitFor();

  // A new plan of three activities.
  await host.click('#plan-new');
  await host.locator('#plan-screen').waitFor();
  assert.equal(await host.textContent('#plan-editor-title'), 'New plan');
  await host.fill('#plan-name', 'Listening workshop');
  await host.fill('#plan-minutes', '30');
  const card = (i) => host.locator('#plan-activities > .activity-card').nth(i);
  const title = (i) => card(i).getByLabel('Title', { exact: true });

  await title(0).fill('Warm-up chain');
  await card(0).getByLabel('Seed word').fill('ticket');
  await card(0).getByLabel('Circles', { exact: true }).selectOption('one');
  await card(0).getByLabel('Seconds per turn').fill('0');
  await card(0).getByLabel('Listening mode: phones hide the words').check();
  await card(0).getByLabel('Your notes').fill(`${NOTES}\nKeep it quick.`);
  await card(0).getByLabel('Debrief questions').fill(`${QUESTION}\nDid you plan your word ahead?`);

  // The third activity is added second, and moved into place from the keyboard below.
  await host.click('#plan-add');
  await card(1).getByLabel('Game').selectOption('spiv');
  await card(1).getByLabel('Or draw it from a deck').selectOption(deckId);
  await card(1).getByLabel('Which entry').selectOption('next');
  assert.equal(await card(1).getByLabel('Prompt').isDisabled(), true, 'a draw rests the typed prompt');
  await card(1).getByLabel('Predict: guess your partner’s answer').check();
  await card(1).getByLabel('After the reveal').selectOption('closest');

  await host.click('#plan-add');
  await title(2).fill('Same words, many readings');
  await card(2).getByLabel('Game').selectOption('burst');
  await card(2).getByLabel('Circles', { exact: true }).selectOption('split');
  await card(2).getByLabel('How many circles').fill('2');
  await card(2).getByLabel('Or draw it from a deck').selectOption(deckId);
  await card(2).getByLabel('Which entry').selectOption('next');
  await card(2).getByLabel('How many', { exact: true }).fill('2');
  await card(2).getByLabel('Seconds to answer').fill('300');
  await card(2).getByLabel('Debrief questions').fill('How many meanings did “stopped” have?');

  // Alt+↑ on the focused activity moves it up, and the focus stays on it.
  await card(2).focus();
  await host.keyboard.press('Alt+ArrowUp');
  assert.deepEqual(await host.locator('#plan-activities .activity-heading').allTextContents(),
    ['1 Warm-up chain', '2 Same words, many readings', '3 Activity 3']);
  assert.equal(await host.evaluate(() => document.activeElement.querySelector('.activity-heading')?.textContent), '2 Same words, many readings');
  assert.equal(await card(1).getByRole('button', { name: 'Move Same words, many readings up' }).count(), 1);

  // An activity without a title is refused here; a timer of 0 seconds by the server, beside its field.
  await host.click('#plan-save');
  await card(2).locator('.activity-title .field-error', { hasText: 'Give the activity a title' }).waitFor();
  assert.equal(await title(2).getAttribute('aria-invalid'), 'true');
  await title(2).fill('Four views of one phrase');
  await host.click('#plan-save');
  await card(0).locator('.field-error', { hasText: 'Between 1 and 600 seconds' }).waitFor();
  assert.equal(await card(0).getByLabel('Seconds per turn').getAttribute('aria-invalid'), 'true');
  await shot(host, 'plans-editor');
  await card(0).getByLabel('Seconds per turn').fill('20');
  await host.click('#plan-save');

  // Saved: the list shows it with its activities and games.
  await host.locator('#plans-screen').waitFor();
  await host.locator('#plan-report', { hasText: 'Saved “Listening workshop”: 3 activities.' }).waitFor();
  const item = host.locator('#own-plans .plan-item.newest');
  await item.waitFor();
  assert.match(await item.locator('.deck-meta').textContent(), /^30 minutes · 3 activities · changed /);
  assert.deepEqual(await item.locator('.plan-outline li').allTextContents(),
    ['Warm-up chain · Word association', 'Same words, many readings · Word burst', 'Four views of one phrase · Same prompt, individual views']);
  await shot(host, 'plans-list', { top: true });

  // Downloaded as one file, carrying the deck it draws from.
  const [download] = await Promise.all([
    host.waitForEvent('download'),
    item.getByRole('button', { name: 'Download Listening workshop as a plan file' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.earshot-plan\.json$/);
  const fileText = await readFile(await download.path(), 'utf8');
  await writeFile(await artifactPath('plans-download.json'), fileText);
  const file = JSON.parse(fileText);
  assert.equal(file.format, 'earshot-plan');
  assert.equal(file.version, 1);
  assert.equal(file.plan.name, 'Listening workshop');
  assert.deepEqual(file.plan.activities.map((a) => a.config.game), ['chain', 'burst', 'spiv']);
  assert.equal(file.plan.activities[0].config.listening, true);
  assert.equal(file.plan.activities[2].config.predict, true);
  assert.equal(file.plan.activities[2].config.pick, 'closest');
  assert.equal(file.plan.activities[1].draw.deck, 'Caller phrases');
  assert.deepEqual(file.decks, [{ name: 'Caller phrases', entries: DECK }]);

  // Deleted after a second press.
  await item.getByRole('button', { name: 'Delete Listening workshop' }).click();
  await item.getByRole('button', { name: 'Press again to delete' }).click();
  await host.locator('#plan-report', { hasText: 'The plan “Listening workshop” is deleted.' }).waitFor();
  await host.locator('#no-own-plans').waitFor();

  // Imported again from the file: the deck it carries is the one already here.
  await host.setInputFiles('#plan-file', { name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(fileText) });
  await host.locator('#plan-report', { hasText: 'Imported “Listening workshop”: 3 activities.' }).waitFor();
  assert.match(await host.textContent('#plan-report'), /It uses a deck you already have: Caller phrases\./);
  const imported = host.locator('#own-plans .plan-item.newest');
  const planId = await imported.getAttribute('data-id');

  // Into the room: it follows the plan.
  await host.click('#rooms-link');
  await host.locator(`.room-item[data-code="${room}"]`).getByRole('button', { name: /run games/i }).click();
  await host.locator('#room-screen').waitFor();
  await host.locator(`#agenda-plan option[value="${planId}"]`).waitFor({ state: 'attached' });
  await host.selectOption('#agenda-plan', planId);
  await host.click('#agenda-follow-button');
  await host.locator('#agenda:not([hidden])').waitFor();
  assert.equal(await host.textContent('#agenda-title'), 'Plan: Listening workshop');
  const agendaItem = (i) => host.locator('#agenda-list > li').nth(i);
  assert.equal(await agendaItem(0).getAttribute('data-state'), 'next');
  assert.match(await agendaItem(0).locator('.agenda-notes').textContent(), /first word you hear/);
  assert.match(await host.textContent('#agenda-start'), /Start next activity: Warm-up chain/);
  await shot(host, 'plans-agenda');

  // Activity 1, with one key on the stage: a chain from "ticket", everyone in one circle.
  await stage.keyboard.press('a');
  await stagePhase(stage, 'turns');
  assert.equal(await stage.textContent('#round-title'), 'From “ticket”');
  assert.equal(await stage.textContent('#round-activity'), 'Activity 1 of 3: Warm-up chain');
  assert.equal(await stage.locator('.circle-panel').count(), 1);
  // ... in listening mode, as planned: the phones show no words.
  await Promise.any(phones.map((p) => p.page.locator('#play-words .listening-note').waitFor()));
  await host.locator('#round-activity', { hasText: 'Activity 1 of 3: Warm-up chain' }).waitFor();
  await host.locator('#agenda-list > li[data-state="now"]', { hasText: 'Warm-up chain' }).waitFor();
  await endRound(stage);
  await host.locator('#agenda-list > li:nth-child(1)[data-state="done"]').waitFor();

  // Activity 2, with one click on the agenda: a burst in two circles, the deck's first two entries.
  await host.locator('#agenda-start:not([disabled])', { hasText: 'Same words, many readings' }).click();
  await stagePhase(stage, 'answering');
  assert.equal(await stage.textContent('#round-activity'), 'Activity 2 of 3: Same words, many readings');
  assert.equal(await stage.getAttribute('#round-screen', 'data-game'), 'burst');
  await stage.locator('.prompt-big', { hasText: DECK[0] }).waitFor();
  await host.waitForFunction(() => document.querySelectorAll('#circles-list .circle-block').length === 2);
  await shot(host, 'plans-agenda-running');
  await endRound(stage);

  // Activity 3, with one key again: SPIV on the deck's next entry, on the stage and the phones.
  await stage.keyboard.press('a');
  await stagePhase(stage, 'answering');
  assert.equal(await stage.getAttribute('#round-screen', 'data-game'), 'spiv');
  assert.equal(await stage.textContent('#round-activity'), 'Activity 3 of 3: Four views of one phrase');
  await stage.locator('.prompt-big', { hasText: DECK[2] }).waitFor();
  await phonePhase(phones[0].page, 'answering');
  await phones[0].page.locator('#play-prompt', { hasText: DECK[2] }).waitFor();
  await endRound(stage);

  // The plan is done: the agenda says so, and A once more is refused in words.
  await host.locator('#agenda-done:not([hidden])').waitFor();
  await stage.keyboard.press('a');
  await stage.locator('#toast', { hasText: 'That was the plan’s last activity' }).waitFor();

  // The notes and the questions were the facilitator's only.
  const seen = await stage.evaluate(() => document.body.textContent);
  assert.ok(!seen.includes(NOTES) && !seen.includes(QUESTION), 'no notes or questions on the stage');

  // On a phone's width: the Plans screen and the editor without sideways scrolling.
  const mobile = await newPage(browser, errors, { ...PHONE });
  await mobile.goto(`${server.base}/host?plans#key=${server.key}`);
  await mobile.locator(`#own-plans .plan-item[data-id="${planId}"]`).getByRole('button', { name: 'Edit Listening workshop' }).click();
  await mobile.locator('#plan-activities > .activity-card').nth(2).waitFor();
  // The options come back from the saved plan into the editor's inputs.
  const mobileCard = (i) => mobile.locator('#plan-activities > .activity-card').nth(i);
  assert.equal(await mobileCard(0).getByLabel('Listening mode: phones hide the words').isChecked(), true);
  assert.equal(await mobileCard(2).getByLabel('Predict: guess your partner’s answer').isChecked(), true);
  assert.equal(await mobileCard(2).getByLabel('After the reveal').inputValue(), 'closest');
  const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone (page is ${width}px wide)`);
  await mobile.context().close();

  // The server refused one save (the timer of 0 seconds) and the last A; nothing else went wrong.
  const refusals = errors.filter((e) => /Failed to load resource: the server responded with a status of 400/.test(e));
  assert.equal(refusals.length, 1, errors.join('\n'));
  assert.deepEqual(errors.filter((e) => !refusals.includes(e)), []);
});
