// The facilitator page (/host#key=KEY): create rooms, open their stage, close them; and inside a
// room (/host?room=CODE): set up and start rounds, steer them, see the results, and arrange the
// room into circles. It works on a laptop and on a phone ("facilitator remote").
// The key arrives in the address fragment (never sent to the server in a URL), is kept in
// localStorage for the stage and later visits, and is removed from the address bar at once.
//
// This file wires the page's parts together: the key screen (host-key.js), the list of rooms
// (host-rooms.js), the decks (host-decks.js, /host?decks), the workshop plans (host-plans.js,
// /host?plans), and inside a room the agenda of the plan it follows (host-agenda.js), the round
// panel (host-round.js) with its set-up form (host-setup.js) and the people panel (host-people.js).

import { t } from './catalog.js';
import { Connection } from './connection.js';
import { byId, el, setChildren, screenSwitcher } from './dom.js';
import { describeError } from './errors.js';
import { agendaPanel } from './host-agenda.js';
import { decksScreen, fetchDecks } from './host-decks.js';
import { keyScreen } from './host-key.js';
import { doorsPanel } from './host-doors.js';
import { peoplePanel } from './host-people.js';
import { fetchPlans, plansScreen } from './host-plans.js';
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
    decks: byId('decks-screen'),
    deck: byId('deck-screen'),
    plans: byId('plans-screen'),
    plan: byId('plan-screen'),
  },
  roomsLink: byId('rooms-link'),
  decksLink: byId('decks-link'),
  plansLink: byId('plans-link'),
  back: byId('back-to-rooms'),
  roomTitle: byId('room-title'),
  roomStage: byId('room-stage'),
};
const showScreen = screenSwitcher(ui.screens);

let current = codeFromAddress('room') || null;  // the room shown
// Which of the page's parts is shown outside a room: 'rooms', 'decks' or 'plans' (/host?decks, /host?plans).
const asked = new URLSearchParams(location.search);
let part = current ? 'rooms' : asked.has('decks') ? 'decks' : asked.has('plans') ? 'plans' : 'rooms';
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
    } else if (part === 'decks') {
      // (A welcome after a reconnect leaves the Decks screen, or a deck being edited, as it is.)
      if (ui.screens.decks.hidden && ui.screens.deck.hidden) showDecks();
    } else if (part === 'plans') {
      // (The same for the Plans screen and a plan being edited.)
      if (ui.screens.plans.hidden && ui.screens.plan.hidden) showPlans();
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
const decks = decksScreen({
  show: (screen) => showScreen(ui.screens[screen]),
  onChanged: (list) => setup.setDecks(list),
  onDenied: () => {
    facilitatorKey.clear();
    showKeyForm(t('error.bad_key'));
  },
});
const denied = () => {
  facilitatorKey.clear();
  showKeyForm(t('error.bad_key'));
};
const agenda = agendaPanel({ conn });
const plans = plansScreen({
  show: (screen) => showScreen(ui.screens[screen]),
  onChanged: (list) => agenda.setPlans(list),
  onDenied: denied,
});
const round = roundPanel({ conn, roster, setup });
const people = peoplePanel({ conn, roster });
const doors = doorsPanel({ conn });

function received(msg) {
  switch (msg.type) {
    case 'rooms':
      rooms.render(msg.rooms);
      return;
    case 'round':
      if (current) setRound(msg);
      return;
    case 'plan':
      if (current) agenda.setPlan(msg.plan ?? null);
      return;
    case 'step':
      if (current) round.tellStep(msg);
      return;
    case 'circles':
      people.setCircles(msg.circles);
      people.render();
      return;
    case 'doors':
      if (current) doors.set(msg.doors);
      return;
    case 'room_closed':
      if (current && msg.room === current) leaveRoom();
      rooms.refresh();
      return;
    default:
      if (msg.type === 'joined' || msg.type === 'left') people.seat(msg);
      if (roster.apply(msg)) {
        if (current) {
          doors.setCount(roster.size);
          people.render();
          round.render();
        }
        if (msg.type === 'joined' || msg.type === 'presence') rooms.refresh();
      }
  }
}

// A welcome's or a round message's round (a round started from the plan carries its `activity`),
// to the round panel and the agenda.
function setRound(message) {
  round.set(message?.round ?? null);
  agenda.setRound(message?.round ?? null);
}

// The top bar's links say which of the page's parts is shown (a room counts as Rooms).
function markNav() {
  for (const [link, here] of [[ui.roomsLink, part === 'rooms'], [ui.decksLink, part === 'decks'], [ui.plansLink, part === 'plans']]) {
    if (here) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showRooms() {
  part = 'rooms';
  markNav();
  showScreen(ui.screens.rooms);
  document.title = t('host.title');
}

function showDecks() {
  part = 'decks';
  markNav();
  history.replaceState(null, '', '/host?decks');
  document.title = t('decks.page_title');
  decks.open();
}

function showPlans() {
  part = 'plans';
  markNav();
  history.replaceState(null, '', '/host?plans');
  document.title = t('plans.page_title');
  plans.open();
}

function enterRoom(welcome) {
  current = welcome.room.code;
  part = 'rooms';
  markNav();
  // The set-up form offers the decks as they are now, and the agenda the plans.
  fetchDecks().then((list) => setup.setDecks(list), () => {});
  fetchPlans().then((list) => agenda.setPlans(list), () => {});
  agenda.setPlan(welcome.plan ?? null);
  history.replaceState(null, '', `/host?room=${encodeURIComponent(current)}`);
  roster.reset(welcome.room.participants);
  people.setCircles(welcome.room.circles);
  doors.set(welcome.room.doors);
  doors.setCount(roster.size);
  setChildren(ui.roomTitle, ...phraseWith(t('host.room.title'), { code: el('span', { id: 'room-code', className: 'code', text: current }) }));
  ui.roomStage.href = stageAddress(current);
  ui.roomStage.setAttribute('aria-label', t('host.stage.open_label', { code: current }));
  document.title = t('host.title_room', { code: current });
  people.render();
  round.tellStep(welcome.step);
  setRound(welcome);
  showScreen(ui.screens.room);
}

function leaveRoom() {
  current = null;
  round.clear();
  agenda.clear();
  history.replaceState(null, '', '/host');
  showRooms();
  rooms.refresh();
}

function start() {
  takeKeyFromAddress();
  if (current && !isCompleteCode(current)) current = null;
  ui.back.addEventListener('click', leaveRoom);
  // Rooms, Decks and Plans are parts of this page: the links switch between them without a reload.
  for (const [link, showPart] of [[ui.decksLink, showDecks], [ui.plansLink, showPlans]]) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      if (current) {
        current = null;
        round.clear();
        agenda.clear();
      }
      if (!facilitatorKey.get()) return;
      showPart();
    });
  }
  ui.roomsLink.addEventListener('click', (event) => {
    event.preventDefault();
    if (!facilitatorKey.get()) return;
    if (current) {
      leaveRoom();
      return;
    }
    history.replaceState(null, '', '/host');
    showRooms();
    rooms.refresh();
  });
  setInterval(() => {
    if (conn.status === 'connected' && document.visibilityState === 'visible' && !current && part === 'rooms') rooms.refresh();
  }, REFRESH_MS);
  markNav();
  if (facilitatorKey.get()) conn.join();
  else showKeyForm();
}

start();
