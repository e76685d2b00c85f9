// The participant's phone: join a room with a name, wait in the lobby, then play the rounds.
// The token from the welcome is kept per room, so a reload or a new visit rejoins as the same
// participant without asking for the name again (also mid-round: the welcome carries the round).

import { t, tn } from './catalog.js';
import { Connection } from './connection.js';
import { byId, phraseNodes, screenSwitcher, setChildren, showText } from './dom.js';
import { describeError } from './errors.js';
import { Round } from './phone-round.js';
import { Roster } from './roster.js';
import { codeFromAddress, isCompleteCode, tidyCode, tidyCodeInput } from './room-code.js';
import { statusBanner } from './status.js';
import { lastRoom, participantToken } from './store.js';

const ui = {
  screens: {
    join: byId('join'),
    rejoining: byId('rejoining'),
    lobby: byId('lobby'),
    play: byId('play'),
    closed: byId('closed'),
  },
  form: byId('join-form'),
  roomFixed: byId('room-fixed'),
  roomFixedText: byId('room-fixed-text'),
  roomFixedCode: byId('room-fixed-code'),
  roomChange: byId('room-change'),
  roomField: byId('room-field'),
  room: byId('room'),
  roomError: byId('room-error'),
  name: byId('name'),
  nameError: byId('name-error'),
  formError: byId('form-error'),
  joinButton: byId('join-button'),
  watchButton: byId('watch-button'),
  lobbyPill: byId('lobby-pill'),
  lobbyRoom: byId('lobby-room'),
  lobbyTitle: byId('lobby-title'),
  lobbyAvatar: byId('lobby-avatar'),
  lobbyCount: byId('lobby-count'),
  lobbyRound: byId('lobby-round'),
  closedLead: byId('closed-lead'),
  closedRoom: byId('closed-room'),
  closedTitle: byId('closed-title'),
};
const showScreen = screenSwitcher(ui.screens);

// Who this phone is: the room it is in (or joining), and once welcomed its token and id.
const me = { room: '', name: '', token: null, id: null };
const roster = new Roster();
const showStatus = statusBanner(byId('status'));

const conn = new Connection({
  hello: () =>
    me.token
      ? { type: 'hello', room: me.room, token: me.token }
      : { type: 'hello', room: me.room, name: me.name },
  onWelcome: welcomed,
  onRejected: rejected,
  onMessage: received,
  onStatus: (status) => {
    showStatus(status);
    joinSettled(status);
  },
});

// The round part of the page (phone-round.js): it decides when the lobby shows instead.
const round = new Round({
  conn,
  roster,
  me,
  showLobby: () => showLobby(),
  showPlay: () => showScreen(ui.screens.play),
});

function welcomed(welcome) {
  if (typeof welcome.token === 'string') me.token = welcome.token;
  if (typeof welcome.you?.id === 'string') {
    me.id = welcome.you.id;
    document.body.dataset.participant = me.id;
  }
  if (typeof welcome.you?.name === 'string') me.name = welcome.you.name;
  participantToken.set(me.room, me.token);
  lastRoom.set(me.room);
  // Keep the room in the address, so a reload or a shared tab lands in the same room.
  history.replaceState(null, '', `/?r=${encodeURIComponent(me.room)}`);
  roster.reset(welcome.room?.participants);
  round.setReactions(welcome.vocabulary?.reactions);
  round.set(welcome.round ?? null);
}

function rejected(error) {
  if (me.token) {
    // The stored token no longer works (room closed while we were away, server restarted...):
    // forget it and ask for the name again.
    participantToken.clear(me.room);
    me.token = null;
  }
  if (error.code === 'room_not_found') lastRoom.clear();
  showJoinForm();
  showJoinError(error);
}

function received(msg) {
  if (msg.type === 'room_closed' || msg.type === 'kicked') {
    conn.stop();
    round.stop();
    participantToken.clear(me.room);
    lastRoom.clear();
    ui.closedRoom.textContent = me.room;
    if (msg.type === 'kicked') ui.closedTitle.textContent = t('phone.closed.kicked');
    showScreen(ui.screens.closed);
    document.title = t('phone.title.closed');
    return;
  }
  if (msg.type === 'round') {
    round.set(msg.round ?? null);
    return;
  }
  if (msg.type === 'participant' && msg.participant?.id === me.id && typeof msg.participant.name === 'string') {
    me.name = msg.participant.name;  // the facilitator renamed us
  }
  if (roster.apply(msg)) {
    renderCount();
    round.rosterChanged();
    if (!ui.screens.lobby.hidden) showLobby();
  }
}

function showLobby() {
  ui.lobbyRoom.textContent = me.room;
  ui.lobbyTitle.textContent = t('phone.lobby.title', { name: me.name });
  ui.lobbyAvatar.textContent = [...me.name][0]?.toUpperCase() ?? '';
  if (me.id) ui.screens.lobby.dataset.participantId = me.id;
  renderCount();
  showText(ui.lobbyRound, round.lobbyNote());
  showScreen(ui.screens.lobby);
  document.title = t('phone.title.room', { room: me.room });
}

function renderCount() {
  const others = roster.people.filter((p) => p.id !== me.id);
  const online = others.filter((p) => p.online).length;
  if (online > 0) {
    ui.lobbyCount.textContent = tn('phone.lobby.others_online', online);
  } else {
    ui.lobbyCount.textContent = others.length === 0 ? t('phone.lobby.first') : t('phone.lobby.nobody_online');
  }
}

// --- The join form -------------------------------------------------------------------------

function showJoinForm() {
  ui.joinButton.disabled = false;
  ui.joinButton.textContent = t('phone.join.submit');
  showScreen(ui.screens.join);
}

// A code that came with the link is shown as a fact, with a way to change it; otherwise the
// code is a field like the name.
function showRoomField(visible) {
  ui.roomField.hidden = !visible;
  ui.roomFixed.hidden = visible;
  ui.roomFixedCode.textContent = ui.room.value;
}

function setFieldError(input, message, node) {
  showText(node, message);
  input.setAttribute('aria-invalid', message ? 'true' : 'false');
}

function clearErrors() {
  setFieldError(ui.room, '', ui.roomError);
  setFieldError(ui.name, '', ui.nameError);
  ui.formError.hidden = true;
  delete ui.formError.dataset.code;
}

// Puts an error next to the field it is about, and moves the focus there.
function showJoinError(error) {
  const text = describeError(error);
  const code = error.code ?? 'network';
  if (code === 'name_taken' || code === 'name_invalid' || error.field === 'name') {
    setFieldError(ui.name, text, ui.nameError);
    ui.nameError.dataset.code = code;
    ui.name.focus();
  } else if (code === 'room_not_found' || error.field === 'room') {
    showRoomField(true);
    setFieldError(ui.room, text, ui.roomError);
    ui.roomError.dataset.code = code;
    ui.room.focus();
  } else {
    ui.formError.textContent = text;
    ui.formError.dataset.code = code;
    ui.formError.hidden = false;
  }
}

function submit(event) {
  event.preventDefault();
  clearErrors();
  const room = tidyCode(ui.room.value);
  const name = ui.name.value.trim().replace(/\s+/g, ' ');
  if (!isCompleteCode(room)) {
    showRoomField(true);
    setFieldError(ui.room, t('phone.join.room_incomplete'), ui.roomError);
    ui.room.focus();
    return;
  }
  if (!name) {
    setFieldError(ui.name, t('phone.join.name_empty'), ui.nameError);
    ui.name.focus();
    return;
  }
  Object.assign(me, { room, name, token: null, id: null });
  ui.joinButton.disabled = true;
  ui.joinButton.textContent = t('phone.join.joining');
  conn.join();
}

// "Just watch": the room as the stage shows it, with reactions, without a name or a turn (the
// stage page in its watching mode: stage.js).
function watch() {
  clearErrors();
  const room = tidyCode(ui.room.value);
  if (!isCompleteCode(room)) {
    showRoomField(true);
    setFieldError(ui.room, t('phone.join.room_incomplete'), ui.roomError);
    ui.room.focus();
    return;
  }
  location.assign(`/stage?room=${encodeURIComponent(room)}&watch`);
}

// Re-enable the button when a join attempt ends without an answer (network down): the status
// banner says why, and the user may try again.
function joinSettled(status) {
  if (status !== 'connecting' && status !== 'connected' && !ui.screens.join.hidden) {
    ui.joinButton.disabled = false;
    ui.joinButton.textContent = t('phone.join.submit');
  }
}

// --- Start-up --------------------------------------------------------------------------------

// The room code sits inside a sentence ("Room KXQM"), in its own element.
function placeRoomCodes() {
  setChildren(ui.roomFixedText, ...phraseNodes(t('phone.room'), { room: ui.roomFixedCode }));
  setChildren(ui.lobbyPill, ...phraseNodes(t('phone.room'), { room: ui.lobbyRoom }));
  setChildren(ui.closedLead, ...phraseNodes(t('phone.closed.lead'), { room: ui.closedRoom }));
}

function start() {
  placeRoomCodes();
  tidyCodeInput(ui.room);
  ui.form.addEventListener('submit', submit);
  ui.watchButton.addEventListener('click', watch);
  ui.roomChange.addEventListener('click', () => {
    showRoomField(true);
    ui.room.focus();
  });
  ui.name.addEventListener('input', () => setFieldError(ui.name, '', ui.nameError));
  ui.room.addEventListener('input', () => setFieldError(ui.room, '', ui.roomError));

  const fromLink = codeFromAddress('r');
  const room = isCompleteCode(fromLink) ? fromLink : tidyCode(lastRoom.get());
  ui.room.value = room;
  showRoomField(!isCompleteCode(room));

  const token = isCompleteCode(room) ? participantToken.get(room) : null;
  if (token) {
    // Been here before: rejoin straight away as the same participant.
    Object.assign(me, { room, token });
    showScreen(ui.screens.rejoining);
    conn.join();
  } else {
    showJoinForm();
  }
}

start();
