// The facilitator page (/host#key=KEY): create rooms, open their stage, close them; and inside a
// room (/host?room=CODE): set up and start rounds, steer them, see the results, and arrange the
// room into circles. It works on a laptop and on a phone ("facilitator remote").
// The key arrives in the address fragment (never sent to the server in a URL), is kept in
// localStorage for the stage and later visits, and is removed from the address bar at once.
//
// This file wires the page's parts together: the key screen (host-key.js), the list of rooms
// (host-rooms.js), and inside a room the round panel (host-round.js) with its set-up form
// (host-setup.js) and the people panel (host-people.js).

import { t } from './catalog.js';
import { Connection } from './connection.js';
import { byId, el, setChildren, screenSwitcher } from './dom.js';
import { describeError } from './errors.js';
import { keyScreen } from './host-key.js';
import { peoplePanel } from './host-people.js';
import { phraseWith, roomList } from './host-rooms.js';
import { roundPanel } from './host-round.js';
import { setupForm } from './host-setup.js';
import { Roster } from './roster.js';
import { codeFromAddress, isCompleteCode, stageAddress } from './room-code.js';
import { statusBanner } from './status.js';
import { facilitatorKey, takeKeyFromAddress } from './store.js';
import { setVocabulary } from './game.js';

const REFRESH_MS = 5000;

const ui = {
  screens: {
    key: byId('key-screen'),
    rooms: byId('rooms-screen'),
    room: byId('room-screen'),
  },
  back: byId('back-to-rooms'),
  roomTitle: byId('room-title'),
  roomStage: byId('room-stage'),
};
const showScreen = screenSwitcher(ui.screens);

let current = codeFromAddress('room') || null;  // the room shown
const roster = new Roster();

const conn = new Connection({
  hello: () => (current ? { type: 'hello', key: facilitatorKey.get(), room: current } : { type: 'hello', key: facilitatorKey.get() }),
  onWelcome: (welcome) => {
    setVocabulary(welcome.vocabulary);
    setup.vocabularyArrived();
    if (welcome.content) setup.setContent(welcome.content);
    if (Array.isArray(welcome.rooms)) rooms.render(welcome.rooms);
    if (current && welcome.room?.code === current) {
      enterRoom(welcome);
    } else {
      showRooms();
      if (!Array.isArray(welcome.rooms)) rooms.refresh();
    }
  },
  onRejected: (error) => {
    if (error.code === 'room_not_found' && current) {
      // The room has gone (closed, or the server restarted): back to the list.
      leaveRoom();
      conn.join();
      return;
    }
    if (error.code === 'bad_key') facilitatorKey.clear();
    showKeyForm(describeError(error));
  },
  onMessage: received,
  onStatus: statusBanner(byId('status')),
});

const showKeyForm = keyScreen({ show: () => showScreen(ui.screens.key), join: () => conn.join() });
const rooms = roomList({
  conn,
  onContent: (content) => setup.setContent(content),
  onOpened: enterRoom,
  onClosed: (code) => {
    if (code === current) leaveRoom();
  },
});
const setup = setupForm({ conn });
const round = roundPanel({ conn, roster, setup });
const people = peoplePanel({ conn, roster });

function received(msg) {
  switch (msg.type) {
    case 'rooms':
      rooms.render(msg.rooms);
      return;
    case 'round':
      if (current) round.set(msg.round ?? null);
      return;
    case 'step':
      if (current) round.tellStep(msg);
      return;
    case 'circles':
      people.setCircles(msg.circles);
      people.render();
      return;
    case 'room_closed':
      if (current && msg.room === current) leaveRoom();
      rooms.refresh();
      return;
    default:
      if (msg.type === 'joined' || msg.type === 'left') people.seat(msg);
      if (roster.apply(msg)) {
        if (current) {
          people.render();
          round.render();
        }
        if (msg.type === 'joined' || msg.type === 'presence') rooms.refresh();
      }
  }
}

function showRooms() {
  showScreen(ui.screens.rooms);
  document.title = t('host.title');
}

function enterRoom(welcome) {
  current = welcome.room.code;
  history.replaceState(null, '', `/host?room=${encodeURIComponent(current)}`);
  roster.reset(welcome.room.participants);
  people.setCircles(welcome.room.circles);
  setChildren(ui.roomTitle, ...phraseWith(t('host.room.title'), { code: el('span', { id: 'room-code', className: 'code', text: current }) }));
  ui.roomStage.href = stageAddress(current);
  ui.roomStage.setAttribute('aria-label', t('host.stage.open_label', { code: current }));
  document.title = t('host.title_room', { code: current });
  people.render();
  round.tellStep(welcome.step);
  round.set(welcome.round ?? null);
  showScreen(ui.screens.room);
}

function leaveRoom() {
  current = null;
  round.clear();
  history.replaceState(null, '', '/host');
  showRooms();
  rooms.refresh();
}

function start() {
  takeKeyFromAddress();
  if (current && !isCompleteCode(current)) current = null;
  ui.back.addEventListener('click', leaveRoom);
  setInterval(() => {
    if (conn.status === 'connected' && document.visibilityState === 'visible' && !current) rooms.refresh();
  }, REFRESH_MS);
  if (facilitatorKey.get()) conn.join();
  else showKeyForm();
}

start();
