// The facilitator page (/host#key=KEY): create rooms, open their stage, close them.
// The key arrives in the address fragment (never sent to the server in a URL), is kept in
// localStorage for the stage and later visits, and is removed from the address bar at once.

import { Connection } from './connection.js';
import { byId, el, setChildren, screenSwitcher } from './dom.js';
import { describeError } from './errors.js';
import { statusBanner } from './status.js';
import { facilitatorKey } from './store.js';

const REFRESH_MS = 5000;

const ui = {
  screens: {
    key: byId('key-screen'),
    rooms: byId('rooms-screen'),
  },
  keyForm: byId('key-form'),
  keyInput: byId('key'),
  keyError: byId('key-error'),
  keyButton: byId('key-button'),
  create: byId('create-room'),
  roomsError: byId('rooms-error'),
  rooms: byId('rooms'),
  noRooms: byId('no-rooms'),
  dialog: byId('close-dialog'),
  dialogCode: byId('close-dialog-code'),
  dialogConfirm: byId('close-dialog-confirm'),
  dialogCancel: byId('close-dialog-cancel'),
};
const showScreen = screenSwitcher(ui.screens);

let newestRoom = null;  // the room this page just created, highlighted in the list

const conn = new Connection({
  hello: () => ({ type: 'hello', key: facilitatorKey.get() }),
  onWelcome: (welcome) => {
    showScreen(ui.screens.rooms);
    if (Array.isArray(welcome.rooms)) renderRooms(welcome.rooms);
    else refresh();
  },
  onRejected: (error) => {
    if (error.code === 'bad_key') facilitatorKey.clear();
    showKeyForm(describeError(error));
  },
  onMessage: (msg) => {
    if (msg.type === 'rooms') renderRooms(msg.rooms);
    else if (['joined', 'presence', 'room_closed'].includes(msg.type)) refresh();
  },
  onStatus: statusBanner(byId('status')),
});

// --- Rooms -----------------------------------------------------------------------------------

// The server does not push room counts to the facilitator, so the list is asked for again
// after every change this page sees and every few seconds while the page is visible.
function refresh() {
  conn.request({ type: 'list_rooms' }).then((msg) => renderRooms(msg.rooms), () => {});
}

function showRoomsError(error) {
  ui.roomsError.textContent = error ? describeError(error) : '';
  ui.roomsError.hidden = !error;
}

async function createRoom() {
  showRoomsError(null);
  ui.create.disabled = true;
  try {
    const welcome = await conn.request({ type: 'create_room' });
    newestRoom = typeof welcome.room?.code === 'string' ? welcome.room.code : null;
    refresh();
  } catch (error) {
    showRoomsError(error);
  } finally {
    ui.create.disabled = false;
  }
}

async function closeRoom(code) {
  showRoomsError(null);
  try {
    // close_room acts on the connection's current room, so step into it first.
    await conn.request({ type: 'open_room', room: code });
    await conn.request({ type: 'close_room' });
  } catch (error) {
    showRoomsError(error);
  }
  refresh();
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function roomItem(room) {
  const created = new Date(room.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const people =
    room.participants === 0
      ? 'Nobody has joined yet'
      : `${plural(room.participants, 'person', 'people')} · ${room.online} online`;
  const stageLink = el('a', {
    className: 'button primary',
    href: `/stage?room=${encodeURIComponent(room.code)}`,
    target: '_blank',
    rel: 'noopener',
    text: 'Open stage',
    attrs: { 'aria-label': `Open the stage of room ${room.code} in a new tab` },
  });
  const closeButton = el('button', {
    className: 'button danger-quiet',
    type: 'button',
    text: 'Close room',
    attrs: { 'aria-label': `Close room ${room.code}` },
    on: { click: () => askToClose(room.code) },
  });
  return el(
    'li',
    { className: room.code === newestRoom ? 'room-item newest' : 'room-item', dataset: { code: room.code } },
    el(
      'div',
      { className: 'room-id' },
      el('span', { className: 'code room-item-code', text: room.code }),
      el('span', { className: 'meta', text: Number.isFinite(room.createdAt) ? `Opened ${created}` : '' }),
    ),
    el('p', { className: 'room-people', text: people }),
    el('div', { className: 'actions' }, stageLink, closeButton),
  );
}

function renderRooms(list) {
  if (!Array.isArray(list)) return;
  const rooms = list
    .filter((r) => r && typeof r.code === 'string')
    .map((r) => ({
      code: r.code,
      participants: Number(r.participants) || 0,
      online: Number(r.online) || 0,
      createdAt: Number(r.createdAt),
    }))
    .sort((a, b) => (b.createdAt || 0) - (a.createdAt || 0));
  setChildren(ui.rooms, ...rooms.map(roomItem));
  ui.noRooms.hidden = rooms.length > 0;
}

// --- Closing, with a confirmation -------------------------------------------------------------

function askToClose(code) {
  ui.dialog.dataset.code = code;
  ui.dialogCode.textContent = code;
  ui.dialog.showModal();
  ui.dialogCancel.focus();
}

function setUpDialog() {
  ui.dialogCancel.addEventListener('click', () => ui.dialog.close());
  ui.dialogConfirm.addEventListener('click', () => {
    ui.dialog.close();
    closeRoom(ui.dialog.dataset.code);
  });
}

// --- The key ---------------------------------------------------------------------------------

// Moves a key from the address fragment into storage, and out of the address bar (and history).
function takeKeyFromFragment() {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (key) facilitatorKey.set(key);
}

function showKeyForm(errorText) {
  ui.keyError.textContent = errorText ?? '';
  ui.keyError.hidden = !errorText;
  ui.keyInput.setAttribute('aria-invalid', errorText ? 'true' : 'false');
  ui.keyButton.disabled = false;
  showScreen(ui.screens.key);
  ui.keyInput.focus();
}

function setUpKeyForm() {
  ui.keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = ui.keyInput.value.trim();
    if (!key) {
      showKeyForm('Paste the facilitator key that Earshot printed when it started.');
      return;
    }
    facilitatorKey.set(key);
    ui.keyInput.value = '';
    ui.keyButton.disabled = true;
    conn.join();
  });
}

function start() {
  takeKeyFromFragment();
  setUpKeyForm();
  setUpDialog();
  ui.create.addEventListener('click', createRoom);
  setInterval(() => {
    if (conn.status === 'connected' && document.visibilityState === 'visible') refresh();
  }, REFRESH_MS);
  if (facilitatorKey.get()) conn.join();
  else showKeyForm();
}

start();
