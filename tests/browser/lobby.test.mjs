// End to end in headless Chromium: the facilitator creates a room, the stage shows it, phones
// join, a phone reloads and is still the same participant, a taken name is refused on the page,
// the facilitator locks the room and a new phone is told so, and closing the room reaches every
// screen; an assistant steers a round from a phone with its own link until it is taken back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, PHONE, PROJECTOR, shot, watchForErrors } from './lib/browser.mjs';
import { phonePhase, setUpRoom, setUpRound, stagePhase } from './lib/play.mjs';
import { serverAndBrowser } from './lib/suite.mjs';

const env = serverAndBrowser({ cleanExit: true });
const errors = [];  // from every page; must stay empty

// A device of its own (its own storage) whose errors go into `errors`.
function device(options) {
  return newPage(env.browser, errors, options);
}

// Opens the phone page (with ?r=CODE when `room` is given) in a fresh phone.
async function openPhone(room) {
  const phone = await device(PHONE);
  await phone.goto(room ? `${env.server.base}/?r=${room}` : `${env.server.base}/`);
  return phone;
}

async function join(phone, name) {
  await phone.fill('#name', name);
  await phone.click('#join-button');
}

async function expectLobby(phone, name) {
  await phone.locator('#lobby').waitFor();
  assert.equal(await phone.textContent('#lobby-title'), `You're in, ${name}`);
}

// Waits until the stage shows `count` participants, and returns their names and away flags.
async function stagePeople(stage, count) {
  await stage.waitForFunction((n) => document.querySelectorAll('#people .chip').length === n, count);
  return stage.$$eval('#people .chip', (chips) =>
    chips.map((chip) => ({
      name: chip.querySelector('.chip-name').textContent,
      away: chip.classList.contains('away'),
    })),
  );
}

async function storedToken(phone, room) {
  return phone.evaluate((code) => localStorage.getItem(`earshot.token.${code}`), room);
}

test('a room from creation to phones in the lobby, a reload, a taken name and closing', async () => {
  const { server } = env;
  // The facilitator page takes the key from the fragment and removes it from the address bar.
  const host = await device({ viewport: { width: 1280, height: 800 } });
  await host.goto(`${server.base}/host#key=${server.key}`);
  await host.locator('#rooms-screen').waitFor();
  assert.equal(new URL(host.url()).hash, '', 'the key stays out of the address bar');
  assert.equal(await host.evaluate(() => localStorage.getItem('earshot.key')), server.key);

  await host.click('#create-room');
  const created = host.locator('.room-item.newest');
  await created.waitFor();
  const room = await created.getAttribute('data-code');
  assert.match(room, /^[A-Z]{4}$/);

  // "Open stage" opens the stage of that room in a new tab, which says hello with the stored key.
  // Its accessible name starts with the words it shows (so voice control finds it by them).
  const stageLink = created.getByRole('link', { name: `Open stage of room ${room}, in a new tab`, exact: true });
  assert.equal((await stageLink.textContent()).trim(), 'Open stage');
  const [stage] = await Promise.all([host.context().waitForEvent('page'), stageLink.click()]);
  watchForErrors(stage, errors);
  await stage.setViewportSize(PROJECTOR.viewport);
  await stage.locator('#lobby').waitFor();
  assert.equal(await stage.textContent('#room-code'), room);
  assert.equal(await stage.textContent('#join-host'), `127.0.0.1:${server.port}`);
  assert.equal(await stage.textContent('#join-code'), room);
  assert.ok(await stage.$eval('#qr', (img) => img.complete && img.naturalWidth > 0), 'the QR code loads');
  assert.deepEqual(await stagePeople(stage, 0), []);

  // Ann comes with the link (?r=CODE): the code is filled in and tucked away.
  const ann = await openPhone(room);
  await ann.locator('#join').waitFor();
  assert.equal(await ann.isVisible('#room-field'), false);
  assert.equal(await ann.textContent('#room-fixed-code'), room);
  await join(ann, 'Ann');
  await expectLobby(ann, 'Ann');

  // Ben types the code by hand, in lower case; the field upper-cases it.
  const ben = await openPhone(null);
  await ben.locator('#join').waitFor();
  await ben.fill('#room', room.toLowerCase());
  assert.equal(await ben.inputValue('#room'), room);
  await ben.fill('#name', 'Ben');
  await shot(ben, 'phone-join');
  await join(ben, '  Ben  ');
  await expectLobby(ben, 'Ben');

  assert.deepEqual(await stagePeople(stage, 2), [
    { name: 'Ann', away: false },
    { name: 'Ben', away: false },
  ]);
  await ann.locator('#lobby-count', { hasText: '1 other person is here' }).waitFor();
  await shot(stage, 'stage-lobby');
  await shot(ann, 'phone-lobby');

  // Ann reloads: she is rejoined with her stored token, as the same participant.
  const annToken = await storedToken(ann, room);
  const annId = await ann.getAttribute('#lobby', 'data-participant-id');
  assert.ok(annToken && annId);
  await ann.reload();
  await expectLobby(ann, 'Ann');
  assert.equal(await storedToken(ann, room), annToken);
  assert.equal(await ann.getAttribute('#lobby', 'data-participant-id'), annId);

  // Someone else asks for Ann's name (in another case): the page says it is taken.
  const cy = await openPhone(room);
  await join(cy, 'ann');
  const nameError = cy.locator('#name-error');
  await nameError.waitFor();
  assert.equal(await nameError.getAttribute('data-code'), 'name_taken');
  assert.match(await nameError.textContent(), /already has that name/);
  assert.equal(await cy.getAttribute('#name', 'aria-invalid'), 'true');
  await shot(cy, 'phone-name-taken');
  await join(cy, 'Cy');
  await expectLobby(cy, 'Cy');

  // Room events reach the stage in order, so once Cy is there, a duplicate Ann would be too:
  // the reload made no new participant.
  const people = await stagePeople(stage, 3);
  assert.deepEqual(people.map((p) => p.name), ['Ann', 'Ben', 'Cy']);

  // A stage opened without the facilitator key (another browser) watches as an observer.
  const observer = await device(PROJECTOR);
  await observer.goto(`${server.base}/stage?room=${room}`);
  assert.equal(await observer.evaluate(() => localStorage.getItem('earshot.key')), null);
  assert.deepEqual((await stagePeople(observer, 3)).map((p) => p.name), ['Ann', 'Ben', 'Cy']);

  // Ben's phone goes away: the stage marks him away (in words, not only colour).
  await ben.context().close();
  const benChip = stage.locator('#people .chip.away', { hasText: 'Ben' });
  await benChip.waitFor();
  assert.match(await benChip.textContent(), /away/);
  await stage.locator('#people-count', { hasText: '3 people here · 1 away' }).waitFor();
  await shot(stage, 'stage-lobby-away');
  await host.locator(`.room-item[data-code="${room}"]`, { hasText: '3 people · 2 online' }).waitFor();
  await shot(host, 'host-rooms');

  // The facilitator locks the room: the stage hides its QR code and says so, a new phone is told
  // the room is closed to new people, and Ann still comes back after a reload.
  await host.locator(`.room-item[data-code="${room}"]`).getByRole('button', { name: /run games/i }).click();
  await host.locator('#room-screen').waitFor();
  await host.getByLabel('Lock the room: nobody new can join').check();
  await host.locator('#doors-state', { hasText: 'Locked: nobody new can join' }).waitFor();
  await shot(host, 'host-room-locked');
  await stage.locator('#join-shut', { hasText: 'This room is closed to new people.' }).waitFor();
  assert.equal(await stage.evaluate(() => document.body.dataset.doors), 'locked');
  await shot(stage, 'stage-lobby-locked');
  const dee = await openPhone(room);
  await join(dee, 'Dee');
  const locked = dee.locator('#form-error[data-code="room_locked"]');
  await locked.waitFor();
  assert.match(await locked.textContent(), /closed to new people/);
  await ann.reload();
  await expectLobby(ann, 'Ann');
  await host.getByLabel('Lock the room: nobody new can join').uncheck();
  await stage.waitForFunction(() => document.body.dataset.doors === 'open');
  await join(dee, 'Dee');
  await expectLobby(dee, 'Dee');
  await host.click('#back-to-rooms');

  // The facilitator closes the room, after confirming.
  await host.locator(`.room-item[data-code="${room}"]`).getByRole('button', { name: /close room/i }).click();
  await host.locator('#close-dialog').waitFor();
  await host.click('#close-dialog-confirm');
  await ann.locator('#closed').waitFor();
  assert.equal(await ann.textContent('#closed-room'), room);
  assert.equal(await storedToken(ann, room), null, 'a closed room forgets its token');
  await stage.locator('#message-title', { hasText: 'This room has closed' }).waitFor();
  await host.locator('#no-rooms').waitFor();
  await shot(ann, 'phone-room-closed');

  assert.deepEqual(errors, []);
});

test('a wrong facilitator key brings up the key form, and the right one gets in', async () => {
  const { server } = env;
  const host = await device({ viewport: { width: 390, height: 844 } });
  await host.goto(`${server.base}/host#key=not-the-key`);
  const keyError = host.locator('#key-error');
  await keyError.waitFor();
  assert.match(await keyError.textContent(), /not right/);
  assert.equal(await host.evaluate(() => localStorage.getItem('earshot.key')), null);
  await host.fill('#key', server.key);
  await host.click('#key-button');
  await host.locator('#rooms-screen').waitFor();
  assert.deepEqual(errors, []);
});

test('a phone with an unknown room code gets room_not_found on the code field', async () => {
  const phone = await openPhone('ZZZZ');
  await join(phone, 'Dee');
  const roomError = phone.locator('#room-error');
  await roomError.waitFor();
  assert.equal(await roomError.getAttribute('data-code'), 'room_not_found');
  assert.equal(await phone.isVisible('#room-field'), true, 'the code field is shown to fix the code');
  assert.deepEqual(errors, []);
});

test('an assistant runs a round from a phone with its own link, and the facilitator takes the link back', async () => {
  const { server } = env;
  const { host, stage, phones, room } = await setUpRoom(env.browser, errors, server, ['Ann', 'Ben']);

  // The facilitator makes the link: a QR code for a phone, and the address to copy.
  await host.getByRole('button', { name: "Make an assistant's link" }).click();
  await host.locator('#assistant-link:not([hidden])').waitFor();
  await host.waitForFunction(() => document.querySelector('#assistant-qr').complete && document.querySelector('#assistant-qr').naturalWidth > 0);
  const address = await host.inputValue('#assistant-address');
  assert.match(address, new RegExp(`^${server.base}/host\\?room=${room}#assistant=[A-Za-z0-9_-]{32}$`));
  assert.equal(await host.isVisible('.assistant-you'), false);
  await host.locator('#assistant-link').scrollIntoViewIfNeeded();
  await shot(host, 'host-assistant-link');

  // The assistant opens it on a phone: the room's page, without what only the facilitator may do.
  const helper = await device({ ...PHONE, reducedMotion: 'reduce' });
  await helper.goto(address);
  await helper.locator('#room-screen').waitFor();
  assert.equal(new URL(helper.url()).hash, '', 'the key stays out of the address bar');
  assert.equal(await helper.evaluate(() => localStorage.getItem('earshot.key')), null);
  assert.equal(await helper.textContent('#brand-role'), 'Assistant');
  assert.match(await helper.textContent('.assistant-you'), /You are the facilitator's assistant in this room/);
  for (const hidden of ['.topbar-nav', '#back-to-rooms', 'fieldset.doors', 'fieldset.assistant', '#agenda-panel', '.deck-draw']) {
    assert.equal(await helper.isVisible(hidden), false, `${hidden} is the facilitator's`);
  }
  await helper.waitForFunction(() => document.querySelectorAll('#circles-list .person-row').length === 2);
  await shot(helper, 'assistant-phone-room', { top: true });

  // It sets up and starts a round: the phones and the stage play it; it ends it.
  await setUpRound(helper, 'spiv', { fields: { 'opt-prompt': 'a printer that jams' } });
  await helper.click('#setup-start');
  await stagePhase(stage, 'answering');
  for (const p of phones) await phonePhase(p.page, 'answering');
  await host.locator('#steer:not([hidden])').waitFor();
  await shot(helper, 'assistant-phone-round');
  await helper.click('#steer-end');
  await helper.click('#steer-end');
  await stagePhase(stage, 'ended');

  // Taken back: the assistant's page says the link no longer works.
  await host.click('#assistant-revoke');
  await host.click('#assistant-revoke');
  await host.locator('#assistant-none:not([hidden])').waitFor();
  await helper.locator('#assistant-screen:not([hidden])').waitFor();
  assert.match(await helper.textContent('#assistant-screen-text'), /took this assistant's link back/);
  await shot(helper, 'assistant-phone-revoked');
  assert.deepEqual(errors, []);
});
