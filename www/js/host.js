// The facilitator page (/host#key=KEY): create rooms, open their stage, close them; and inside a
// room (/host?room=CODE): set up and start rounds, steer them, see the results, and arrange the
// room into circles. It works on a laptop and on a phone ("facilitator remote").
// The key arrives in the address fragment (never sent to the server in a URL), is kept in
// localStorage for the stage and later visits, and is removed from the address bar at once.
// Opened with a room's assistant key (/host?room=CODE#assistant=KEY, the facilitator's
// "Assistant's link"), it is that room's page for an assistant: rounds, steps, the plan's
// activities and the people, without what only the facilitator may do (marked
// data-facilitator-only in host.html).
//
// This file wires the page's parts together: the key screen (host-key.js), the list of rooms
// (host-rooms.js), the decks (host-decks.js, /host?decks), the workshop plans (host-plans.js,
// /host?plans), and inside a room the agenda of the plan it follows (host-agenda.js), the round
// panel (host-round.js) with its set-up form (host-setup.js) and the people panel (host-people.js)
// with who may join (host-doors.js) and the assistant's link (host-assistant.js).

import { t } from './catalog.js';
import { Connection } from './connection.js';
import { byId, el, setChildren, screenSwitcher } from './dom.js';
import { describeError } from './errors.js';
import { agendaPanel } from './host-agenda.js';
import { assistantPanel } from './host-assistant.js';
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
import { assistantKey, facilitatorKey, takeKeyFromAddress } from './store.js';
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
    assistant: byId('assistant-screen'),
  },
  assistantText: byId('assistant-screen-text'),
  brandRole: byId('brand-role'),
  agendaPanel: byId('agenda-panel'),
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
// This page is an assistant's (set in start(): the address brought a room's assistant key, or this
// browser has that and no facilitator key).
let asAssistant = false;

const conn = new Connection({
  hello: () => {
    if (asAssistant) return { type: 'hello', key: assistantKey.get(current), room: current };
    return current ? { type: 'hello', key: facilitatorKey.get(), room: current } : { type: 'hello', key: facilitatorKey.get() };
  },
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
    if (asAssistant) {
      // The link was taken back or replaced, or the room has closed: nothing more to do here.
      if (error.code === 'bad_key') assistantKey.clear(current);
      conn.stop();
      showGone(error.code === 'bad_key' ? t('host.assistant.gone_text') : t('host.assistant.closed_text', { code: current }));
      return;
    }
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
const assistant = assistantPanel({ conn });

function received(msg) {
  switch (msg.type) {
    case 'rooms':
      rooms.render(msg.rooms);
      return;
    case 'round':
      if (current) setRound(msg);
      return;
    case 'plan':
      if (current) setPlan(msg.plan ?? null);
      return;
    case 'assistant':
      if (current) assistant.set(msg.assistant ?? null);
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
      if (asAssistant) {
        conn.stop();
        showGone(t('host.assistant.closed_text', { code: current }));
        return;
      }
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

// The room's plan, to the agenda; an assistant's page shows the agenda only while there is one
// (choosing a plan is the facilitator's).
function setPlan(plan) {
  agenda.setPlan(plan);
  ui.agendaPanel.hidden = asAssistant && !plan;
}

// An assistant's page whose link no longer works, or whose room has closed.
function showGone(text) {
  ui.assistantText.textContent = text;
  showScreen(ui.screens.assistant);
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
  if (!asAssistant) {
    // The set-up form offers the decks as they are now, and the agenda the plans (the
    // facilitator's: an assistant plays with the built-in decks and the plan the room follows).
    fetchDecks().then((list) => setup.setDecks(list), () => {});
    fetchPlans().then((list) => agenda.setPlans(list), () => {});
  }
  setPlan(welcome.plan ?? null);
  assistant.setRoom(current, welcome.room.joinUrl);
  assistant.set(welcome.assistant ?? null);
  history.replaceState(null, '', `/host?room=${encodeURIComponent(current)}`);
  roster.reset(welcome.room.participants);
  people.setCircles(welcome.room.circles);
  doors.set(welcome.room.doors);
  doors.setCount(roster.size);
  setChildren(ui.roomTitle, ...phraseWith(t('host.room.title'), { code: el('span', { id: 'room-code', className: 'code', text: current }) }));
  ui.roomStage.href = stageAddress(current);
  ui.roomStage.setAttribute('aria-label', t('host.stage.open_label', { code: current }));
  document.title = asAssistant ? t('host.title_assistant', { code: current }) : t('host.title_room', { code: current });
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
  if (current && !isCompleteCode(current)) current = null;
  const assistantLink = takeKeyFromAddress(current ?? '');
  asAssistant = !!current && !!assistantKey.get(current) && (assistantLink || !facilitatorKey.get());
  if (asAssistant) {
    document.body.dataset.role = 'assistant';
    ui.brandRole.dataset.t = 'host.role_assistant';
    ui.brandRole.textContent = t('host.role_assistant');
    conn.join();
    return;
  }
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
