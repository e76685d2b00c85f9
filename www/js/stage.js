// The stage: the projector view of one room (/stage?room=CODE). In the lobby it shows how to
// join (code, QR, address) and who is here, live. It says hello with the facilitator key when
// this browser has one (the stage may steer in later versions), and as an observer otherwise.

import { Connection } from './connection.js';
import { byId, el, setChildren, screenSwitcher } from './dom.js';
import { describeError } from './errors.js';
import { Roster } from './roster.js';
import { isCompleteCode, tidyCode, tidyCodeInput } from './room-code.js';
import { statusBanner } from './status.js';
import { facilitatorKey } from './store.js';

const ui = {
  screens: {
    pick: byId('pick'),
    lobby: byId('lobby'),
    message: byId('message'),
  },
  pickForm: byId('pick-form'),
  pickCode: byId('pick-code'),
  roomCode: byId('room-code'),
  qr: byId('qr'),
  joinHost: byId('join-host'),
  joinCode: byId('join-code'),
  people: byId('people'),
  peopleCount: byId('people-count'),
  peopleEmpty: byId('people-empty'),
  messageTitle: byId('message-title'),
  messageText: byId('message-text'),
  fullscreen: byId('fullscreen'),
};
const showScreen = screenSwitcher(ui.screens);

const room = tidyCode(new URLSearchParams(location.search).get('room'));
const roster = new Roster();
const chips = new Map();  // participant id -> its <li>, so updates touch only what changed
let asObserver = !facilitatorKey.get();

const conn = new Connection({
  hello: () =>
    asObserver
      ? { type: 'hello', room, view: 'observer' }
      : { type: 'hello', room, key: facilitatorKey.get(), view: 'stage' },
  onWelcome: welcomed,
  onRejected: rejected,
  onMessage: received,
  onStatus: statusBanner(byId('status')),
});

function welcomed(welcome) {
  roster.reset(welcome.room?.participants);
  chips.clear();
  ui.people.replaceChildren();
  renderJoinInfo(welcome.room?.joinUrl);
  renderPeople(false);
  showScreen(ui.screens.lobby);
}

function rejected(error) {
  if (error.code === 'bad_key' && !asObserver) {
    // A stale key (the server restarted with a new one): the stage can still show the room.
    asObserver = true;
    conn.join();
    return;
  }
  showMessage(`Room ${room} is not open`, describeError(error));
}

function received(msg) {
  if (msg.type === 'room_closed') {
    conn.stop();
    showMessage('This room has closed', `Thanks for playing! Room ${room} is over.`);
    return;
  }
  if (roster.apply(msg)) renderPeople(msg.type === 'joined');
}

function showMessage(title, text) {
  ui.messageTitle.textContent = title;
  ui.messageText.textContent = text;
  showScreen(ui.screens.message);
}

// "192.168.1.20:8080 · code KXQM": the short form people can type if they cannot scan.
function renderJoinInfo(joinUrl) {
  let host = location.host;
  try {
    host = new URL(joinUrl).host;
  } catch {
    // No usable join URL in the snapshot: this page's own address is the next best thing.
  }
  ui.joinHost.textContent = host;
  ui.joinCode.textContent = room;
}

function renderPeople(animateNew) {
  for (const person of roster.people) {
    let chip = chips.get(person.id);
    if (!chip) {
      chip = el(
        'li',
        { className: animateNew ? 'chip chip-new' : 'chip' },
        el('span', { className: 'chip-dot', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'chip-name', text: person.name }),
        el('span', { className: 'chip-state' }),
      );
      chips.set(person.id, chip);
      ui.people.append(chip);
    }
    // Away is shown by shape and words as well as colour: a hollow dot and "away".
    chip.classList.toggle('away', !person.online);
    chip.querySelector('.chip-state').textContent = person.online ? '' : 'away';
  }
  const total = roster.size;
  const away = total - roster.onlineCount;
  ui.peopleCount.textContent =
    `${total} ${total === 1 ? 'person' : 'people'} here` + (away > 0 ? ` · ${away} away` : '');
  ui.peopleEmpty.hidden = total > 0;
}

function renderRoomCode() {
  // One tile per letter: easier to read from the back of the room than a word.
  setChildren(ui.roomCode, ...[...room].map((letter) => el('span', { className: 'tile', text: letter })));
  ui.roomCode.setAttribute('aria-label', `Room code ${[...room].join(' ')}`);
  ui.qr.src = `/qr/${encodeURIComponent(room)}.svg`;
  ui.qr.alt = `QR code to join room ${room}`;
  document.title = `${room} · Earshot stage`;
}

function setUpFullscreen() {
  if (!document.fullscreenEnabled) return;
  const update = () => {
    ui.fullscreen.hidden = document.fullscreenElement !== null;
  };
  ui.fullscreen.addEventListener('click', () => document.documentElement.requestFullscreen().catch(() => {}));
  document.addEventListener('fullscreenchange', update);
  update();
}

function start() {
  setUpFullscreen();
  if (!isCompleteCode(room)) {
    tidyCodeInput(ui.pickCode);
    ui.pickForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = tidyCode(ui.pickCode.value);
      if (isCompleteCode(code)) location.assign(`/stage?room=${encodeURIComponent(code)}`);
    });
    showScreen(ui.screens.pick);
    ui.pickCode.focus();
    return;
  }
  renderRoomCode();
  conn.join();
}

start();
