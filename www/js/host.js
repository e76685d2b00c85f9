// The facilitator page (/host#key=KEY): create rooms, open their stage, close them; and inside a
// room (/host?room=CODE): set up and start rounds, steer them, see the results, and arrange the
// room into circles. It works on a laptop and on a phone ("facilitator remote").
// The key arrives in the address fragment (never sent to the server in a URL), is kept in
// localStorage for the stage and later visits, and is removed from the address bar at once.

import { Connection } from './connection.js';
import { byId, el, setChildren, screenSwitcher } from './dom.js';
import { describeError } from './errors.js';
import { circleName, gameName, plural, syncClock } from './game.js';
import { liveRound } from './live.js';
import { resultsView } from './results.js';
import { Roster } from './roster.js';
import { isCompleteCode, tidyCode } from './room-code.js';
import { statusBanner } from './status.js';
import { facilitatorKey } from './store.js';

const REFRESH_MS = 5000;

const ui = {
  screens: {
    key: byId('key-screen'),
    rooms: byId('rooms-screen'),
    room: byId('room-screen'),
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
  // Inside a room
  back: byId('back-to-rooms'),
  roomCode: byId('room-code'),
  roomStage: byId('room-stage'),
  steer: byId('steer'),
  roundStatus: byId('round-status'),
  steerError: byId('steer-error'),
  hostLive: byId('host-live'),
  noteForm: byId('note-form'),
  note: byId('note'),
  notes: byId('notes'),
  setup: byId('setup-form'),
  setupError: byId('setup-error'),
  resultsBox: byId('host-results-box'),
  results: byId('host-results'),
  peopleTotal: byId('people-total'),
  splitCount: byId('split-count'),
  split: byId('split'),
  shuffle: byId('shuffle'),
  arrangeError: byId('arrange-error'),
  circles: byId('circles-list'),
  peopleEmpty: byId('people-empty'),
  renameDialog: byId('rename-dialog'),
  renameForm: byId('rename-form'),
  renameOld: byId('rename-old'),
  renameName: byId('rename-name'),
  renameError: byId('rename-error'),
  renameCancel: byId('rename-cancel'),
  kickDialog: byId('kick-dialog'),
  kickName: byId('kick-name'),
  kickConfirm: byId('kick-confirm'),
  kickCancel: byId('kick-cancel'),
};
const steerButtons = Object.fromEntries(
  ['start', 'pause', 'resume', 'skip', 'reveal', 'next', 'end'].map((a) => [a, byId(`steer-${a}`)]),
);
const showScreen = screenSwitcher(ui.screens);

let newestRoom = null;  // the room this page just created, highlighted in the list
let current = tidyCode(new URLSearchParams(location.search).get('room')) || null;  // room shown
const roster = new Roster();
let circles = [];       // the room's circles: [{id, members}]
let round = null;       // the room's round: {id, number, now, view}
let content = { seeds: [], stimuli: [], prompts: [], titles: [] };

const conn = new Connection({
  hello: () => (current ? { type: 'hello', key: facilitatorKey.get(), room: current } : { type: 'hello', key: facilitatorKey.get() }),
  onWelcome: (welcome) => {
    if (welcome.content) setContent(welcome.content);
    if (Array.isArray(welcome.rooms)) renderRooms(welcome.rooms);
    if (current && welcome.room?.code === current) {
      enterRoom(welcome);
    } else {
      showRooms();
      if (!Array.isArray(welcome.rooms)) refresh();
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

function received(msg) {
  switch (msg.type) {
    case 'rooms':
      renderRooms(msg.rooms);
      return;
    case 'round':
      if (current) setRound(msg.round ?? null);
      return;
    case 'circles':
      circles = Array.isArray(msg.circles) ? msg.circles : [];
      renderPeople();
      return;
    case 'room_closed':
      if (current && msg.room === current) leaveRoom();
      refresh();
      return;
    default:
      if (msg.type === 'joined' || msg.type === 'left') seatLocally(msg);
      if (roster.apply(msg)) {
        if (current) {
          renderPeople();
          if (round) renderRound();
        }
        if (msg.type === 'joined' || msg.type === 'presence') refresh();
      }
  }
}

// The server seats a newcomer in the smallest circle (the first on a tie) and takes someone who
// left out of theirs, without sending `circles`: the page does the same, so its list stays right
// until the next `circles` message replaces it.
function seatLocally(msg) {
  if (msg.type === 'left') {
    circles = circles.map((c) => ({ ...c, members: c.members.filter((id) => id !== msg.id) }));
    return;
  }
  // `joined` names the circle the server seated the newcomer in: at its end.
  const id = msg.participant?.id;
  if (typeof id !== 'string' || circles.some((c) => c.members.includes(id))) return;
  if (!circles.some((c) => c.id === msg.circle)) {
    circles = [...circles, { id: String(msg.circle || 'c1'), members: [] }];
  }
  circles = circles.map((c) => (c.id === msg.circle ? { ...c, members: [...c.members, id] } : c));
}

// --- Rooms -----------------------------------------------------------------------------------

// The list is asked for again after every change this page sees and every few seconds while
// the page is visible (the server also pushes it).
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
    if (welcome.content) setContent(welcome.content);
    refresh();
  } catch (error) {
    showRoomsError(error);
  } finally {
    ui.create.disabled = false;
  }
}

async function openRoom(code) {
  showRoomsError(null);
  try {
    const welcome = await conn.request({ type: 'open_room', room: code });
    if (welcome.content) setContent(welcome.content);
    current = code;
    enterRoom(welcome);
  } catch (error) {
    showRoomsError(error);
  }
}

async function closeRoom(code) {
  showRoomsError(null);
  try {
    await conn.request({ type: 'close_room', room: code });
  } catch (error) {
    showRoomsError(error);
  }
  if (code === current) leaveRoom();
  refresh();
}

function roomItem(room) {
  const created = new Date(room.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const people =
    room.participants === 0
      ? 'Nobody has joined yet'
      : `${plural(room.participants, 'person', 'people')} · ${room.online} online`;
  const runButton = el('button', {
    className: 'button primary',
    type: 'button',
    text: 'Run games',
    attrs: { 'aria-label': `Run games in room ${room.code}` },
    on: { click: () => openRoom(room.code) },
  });
  const stageLink = el('a', {
    className: 'button',
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
    el('div', { className: 'actions' }, runButton, stageLink, closeButton),
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

function showRooms() {
  showScreen(ui.screens.rooms);
  document.title = 'Facilitator · Earshot';
}

// --- Inside a room ---------------------------------------------------------------------------

function enterRoom(welcome) {
  current = welcome.room.code;
  history.replaceState(null, '', `/host?room=${encodeURIComponent(current)}`);
  roster.reset(welcome.room.participants);
  circles = Array.isArray(welcome.room.circles) ? welcome.room.circles : [];
  ui.roomCode.textContent = current;
  ui.roomStage.href = `/stage?room=${encodeURIComponent(current)}`;
  ui.roomStage.setAttribute('aria-label', `Open the stage of room ${current} in a new tab`);
  document.title = `${current} · Facilitator · Earshot`;
  renderPeople();
  setRound(welcome.round ?? null);
  showScreen(ui.screens.room);
}

function leaveRoom() {
  current = null;
  round = null;
  history.replaceState(null, '', '/host');
  showRooms();
  refresh();
}

function setContent(c) {
  for (const k of ['seeds', 'stimuli', 'prompts', 'titles']) {
    content[k] = Array.isArray(c?.[k]) ? c[k].filter((x) => typeof x === 'string') : [];
  }
  const fill = (id, list) => setChildren(byId(id), ...list.map((v) => el('option', { value: v })));
  fill('deck-seeds', content.seeds);
  fill('deck-titles', content.titles);
  fill('deck-prompts', content.prompts);
  const pick = byId('opt-stimulus-pick');
  setChildren(pick, el('option', { value: '', text: 'Add a word from the deck…' }), ...content.stimuli.map((v) => el('option', { value: v, text: v })));
}

// --- The round: set-up, steering, results --------------------------------------------------------

function setRound(next) {
  if (next && typeof next === 'object' && next.view && typeof next.view === 'object') {
    syncClock(next.now);
    round = next;
  } else {
    round = null;
  }
  renderRound();
}

function hasMoreSets(view) {
  return view.set && view.set.index + 1 < view.set.count;
}

function renderRound() {
  const view = round?.view;
  const running = view && view.phase !== 'ended';
  ui.setup.hidden = Boolean(running);
  ui.steer.hidden = !running;
  ui.resultsBox.hidden = !(view?.phase === 'ended' && view.results);
  if (view?.phase === 'ended' && view.results) {
    setChildren(ui.results, resultsView(view.results, { roster, audience: 'host' }));
  } else {
    ui.results.replaceChildren();
  }
  if (!running) {
    setChildren(ui.notes);
    return;
  }
  const phaseText = {
    lobby: 'Ready: start when everyone is looking',
    turns: 'Turns in play',
    answering: 'Answering',
    closed: 'All answers in: reveal them',
    revealed: 'Revealed',
    picking: 'Picking',
  }[view.phase] ?? view.phase;
  ui.roundStatus.textContent = `Round ${round.number ?? ''} · ${gameName(view.game)} · ${view.paused ? 'Paused' : phaseText}`;
  ui.roundStatus.dataset.phase = view.phase;

  const b = steerButtons;
  const live = view.phase !== 'lobby';
  b.start.hidden = view.phase !== 'lobby';
  b.pause.hidden = !live || view.paused;
  b.resume.hidden = !view.paused;
  b.skip.hidden = !(view.phase === 'answering' || view.phase === 'picking');
  b.skip.textContent = view.phase === 'picking' ? 'Close picking' : 'Close answers';
  b.reveal.hidden = !(view.phase === 'answering' || view.phase === 'closed');
  b.next.hidden = !(view.phase === 'turns' || view.phase === 'revealed');
  if (view.phase === 'turns') b.next.textContent = view.game === 'waat' ? 'Finish the stories' : 'Finish the chains';
  else if (view.set?.pick && view.phase === 'revealed') b.next.textContent = view.set.pick === 'vote' ? 'Open the vote' : 'Open picking';
  else b.next.textContent = hasMoreSets(view) ? 'Next word' : 'Show results';
  b.end.hidden = false;
  resetEnd();

  const ctx = {
    roster,
    audience: 'host',
    roundId: round.id,
    onSkip: (circle) => steer('skip', { circle }),
  };
  setChildren(ui.hostLive, liveRound(view, ctx));
  setChildren(ui.notes, ...(view.notes ?? []).map((n) => el('li', { text: n })));
}

function showSteerError(error) {
  ui.steerError.textContent = error ? describeError(error) : '';
  ui.steerError.hidden = !error;
}

async function steer(action, extra = {}) {
  showSteerError(null);
  try {
    await conn.request({ type: 'steer', action, ...extra });
    return true;
  } catch (error) {
    showSteerError(error);
    return false;
  }
}

// Ending is final: the button asks to be tapped a second time.
let endTimer = 0;
function resetEnd() {
  clearTimeout(endTimer);
  steerButtons.end.textContent = 'End round';
  delete steerButtons.end.dataset.armed;
}

function setUpSteering() {
  for (const [action, button] of Object.entries(steerButtons)) {
    button.addEventListener('click', () => {
      if (action === 'end') {
        if (!button.dataset.armed) {
          button.dataset.armed = 'true';
          button.textContent = 'Tap again to end';
          endTimer = setTimeout(resetEnd, 4000);
          return;
        }
        resetEnd();
      }
      steer(action);
    });
  }
  ui.noteForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = ui.note.value.trim();
    if (!text) return;
    if (await steer('note', { text })) ui.note.value = '';
  });
}

// --- The set-up form -------------------------------------------------------------------------

const DEFAULTS = {
  chain: { turn: 5, answerTime: 10, answerChars: 40 },
  waat: { turn: 10 },
  burst: { answerTime: 10, answerChars: 40 },
  spiv: { answerTime: 60, answerChars: 140 },
};

function opt(id) {
  return byId(`opt-${id}`);
}

function selectedGame() {
  return ui.setup.querySelector('input[name="game"]:checked')?.value ?? 'chain';
}

function showGameOptions() {
  const game = selectedGame();
  for (const node of ui.setup.querySelectorAll('[data-games]')) {
    node.hidden = !node.dataset.games.split(' ').includes(game);
  }
  const d = DEFAULTS[game];
  if (d.turn) opt('turn').value = String(d.turn);
  if (d.answerTime) opt('answer-time').value = String(d.answerTime);
  if (d.answerChars) opt('answer-chars').value = String(d.answerChars);
  opt('listening-stage').disabled = !opt('listening').checked;
  showSetupError(null);
}

function randomFrom(list) {
  return list.length ? list[Math.floor(Math.random() * list.length)] : '';
}

function number(id) {
  const v = Number(opt(id).value);
  return Number.isFinite(v) ? Math.round(v) : 0;
}

// The config as docs/games.md names it, with only the options of the chosen game (the server
// refuses options of another game).
function readConfig() {
  const game = selectedGame();
  const config = { v: 1, game };
  if (opt('shuffle').checked) config.order = 'shuffle';
  const turnBased = game === 'chain' || game === 'waat';
  if (turnBased) {
    config.turnMs = number('turn') * 1000;
    if (opt('no-repeat').checked) config.noRepeat = true;
    if (opt('listening').checked) {
      config.listening = true;
      if (opt('listening-stage').checked) config.listeningStage = true;
    }
  } else {
    config.answerMs = number('answer-time') * 1000;
    config.answerChars = number('answer-chars');
    if (opt('anonymous').checked) config.anonymous = true;
  }
  if (game === 'chain') {
    config.seedWord = opt('seed-word').value.trim() || randomFrom(content.seeds);
    config.phraseWords = number('phrase-words');
    if (number('max-turns') > 0) config.maxTurns = number('max-turns');
  } else if (game === 'waat') {
    const title = opt('title').value.trim();
    if (title) config.title = title;
    if (number('word-limit') > 0) config.wordLimit = number('word-limit');
    if (opt('one-two-three').checked) config.oneTwoThree = true;
    if (opt('retell').checked) {
      config.retell = true;
      config.retellMs = number('retell-time') * 1000;
    }
    if (opt('title-vote').checked) config.titleVote = true;
  } else if (game === 'burst') {
    config.stimuli = opt('stimuli').value.split('\n').map((s) => s.trim()).filter(Boolean);
  } else {
    config.prompt = opt('prompt').value.trim();
    if (opt('pick').value !== 'none') config.pick = opt('pick').value;
    if (opt('predict').checked) config.predict = true;
  }
  return config;
}

const FIELD_INPUTS = {
  seedWord: 'seed-word', title: 'title', prompt: 'prompt', stimuli: 'stimuli', turnMs: 'turn',
  answerMs: 'answer-time', answerChars: 'answer-chars', phraseWords: 'phrase-words', maxTurns: 'max-turns',
  wordLimit: 'word-limit', retellMs: 'retell-time',
};

function showSetupError(error, field) {
  ui.setupError.textContent = !error ? '' : error instanceof Error ? describeError(error) : error.message;
  ui.setupError.hidden = !error;
  for (const node of ui.setup.querySelectorAll('[aria-invalid="true"]')) node.setAttribute('aria-invalid', 'false');
  const name = field ? String(field).replace(/^config\./, '').replace(/\[\d+\]$/, '') : '';
  if (FIELD_INPUTS[name]) {
    const input = opt(FIELD_INPUTS[name]);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

async function submitSetup(event) {
  event.preventDefault();
  const start = event.submitter?.value !== 'ready';
  const config = readConfig();
  // The checks the server would make anyway, said before asking it.
  const problem = (message, field) => showSetupError({ code: 'bad_field', message }, field);
  if (config.game === 'spiv' && !config.prompt) return problem('Type a prompt, or roll the dice for one from the deck.', 'prompt');
  if (config.game === 'burst' && !config.stimuli.length) return problem('Add at least one word to show.', 'stimuli');
  if (config.game === 'burst' && config.stimuli.length > 50) return problem('At most 50 words, please.', 'stimuli');
  showSetupError(null);
  for (const b of ui.setup.querySelectorAll('button[type="submit"]')) b.disabled = true;
  try {
    await conn.request({ type: 'new_round', config, start });
  } catch (error) {
    showSetupError(error, error.field);
  } finally {
    for (const b of ui.setup.querySelectorAll('button[type="submit"]')) b.disabled = false;
  }
}

function setUpSetupForm() {
  for (const radio of ui.setup.querySelectorAll('input[name="game"]')) radio.addEventListener('change', showGameOptions);
  opt('listening').addEventListener('change', () => {
    opt('listening-stage').disabled = !opt('listening').checked;
    if (!opt('listening').checked) opt('listening-stage').checked = false;
  });
  for (const button of ui.setup.querySelectorAll('[data-deck]')) {
    button.addEventListener('click', () => {
      const value = randomFrom(content[button.dataset.deck]);
      if (value) byId(button.dataset.target).value = value;
    });
  }
  const addStimuli = (words) => {
    const area = opt('stimuli');
    const have = area.value.split('\n').map((s) => s.trim()).filter(Boolean);
    area.value = [...have, ...words.filter((w) => !have.includes(w))].join('\n');
  };
  opt('stimulus-pick').addEventListener('change', (event) => {
    if (event.target.value) addStimuli([event.target.value]);
    event.target.value = '';
  });
  opt('stimuli-random').addEventListener('click', () => {
    const pool = [...content.stimuli];
    const picked = [];
    while (pool.length && picked.length < 3) picked.push(pool.splice(Math.floor(Math.random() * pool.length), 1)[0]);
    addStimuli(picked);
  });
  ui.setup.addEventListener('submit', submitSetup);
  showGameOptions();
}

// --- Arranging the room --------------------------------------------------------------------------

function showArrangeError(error) {
  ui.arrangeError.textContent = error ? describeError(error) : '';
  ui.arrangeError.hidden = !error;
}

async function arrange(msg) {
  showArrangeError(null);
  try {
    await conn.request(msg);
    return true;
  } catch (error) {
    showArrangeError(error);
    return false;
  }
}

function personRow(person, circle, index, all) {
  const move = el('select', { className: 'move-select', attrs: { 'aria-label': `Move ${person.name} to` } },
    ...all.map((c, i) => el('option', { value: c.id, text: circleName(c.id, i), selected: c.id === circle.id })));
  move.addEventListener('change', () => arrange({ type: 'move', participant: person.id, circle: move.value }));
  return el(
    'li',
    { className: `person-row${person.online ? '' : ' away'}`, dataset: { id: person.id } },
    el('span', { className: `person-dot hue-${roster.hue(person.id)}`, attrs: { 'aria-hidden': 'true' } }),
    el('span', { className: 'person-name' }, el('span', { className: 'person-name-text', text: person.name }), person.online ? null : el('span', { className: 'person-away', text: 'away' })),
    el('span', { className: 'person-actions' },
      index > 0 ? el('button', {
        className: 'icon-button', type: 'button', text: '↑', attrs: { 'aria-label': `Move ${person.name} up` },
        on: { click: () => arrange({ type: 'move', participant: person.id, circle: circle.id, position: index - 1 }) },
      }) : el('span', { className: 'icon-spacer' }),
      all.length > 1 ? move : null,
      el('button', { className: 'icon-button', type: 'button', text: '✎', attrs: { 'aria-label': `Rename ${person.name}` }, on: { click: () => askRename(person) } }),
      el('button', { className: 'icon-button danger-text', type: 'button', text: '✕', attrs: { 'aria-label': `Remove ${person.name}` }, on: { click: () => askKick(person) } })),
  );
}

function renderPeople() {
  const people = roster.people;
  ui.peopleTotal.textContent = people.length ? `${people.length} · ${roster.onlineCount} online` : '';
  ui.peopleEmpty.hidden = people.length > 0;
  const placed = new Set();
  const blocks = circles.map((c, i) => {
    const members = c.members.map((id) => roster.get(id)).filter(Boolean);
    members.forEach((p) => placed.add(p.id));
    return el(
      'section',
      { className: 'circle-block', dataset: { circle: c.id } },
      el('h3', { className: 'circle-block-title' }, circleName(c.id, i), el('span', { className: 'meta', text: ` · ${plural(members.length, 'person', 'people')}` })),
      el('ol', { className: 'person-list' }, ...members.map((p, k) => personRow(p, c, k, circles))),
    );
  });
  const loose = people.filter((p) => !placed.has(p.id));
  if (loose.length) {
    blocks.push(el('section', { className: 'circle-block' }, el('h3', { className: 'circle-block-title', text: 'Not in a circle yet' }),
      el('ol', { className: 'person-list' }, ...loose.map((p, k) => personRow(p, { id: '' }, k, circles)))));
  }
  setChildren(ui.circles, ...blocks);
  ui.splitCount.max = String(Math.max(1, Math.min(50, people.length)));
}

let renaming = null;
function askRename(person) {
  renaming = person;
  ui.renameOld.textContent = person.name;
  ui.renameName.value = person.name;
  ui.renameError.hidden = true;
  ui.renameDialog.showModal();
  ui.renameName.select();
}

let kicking = null;
function askKick(person) {
  kicking = person;
  ui.kickName.textContent = person.name;
  ui.kickDialog.showModal();
  ui.kickCancel.focus();
}

function setUpArranging() {
  ui.split.addEventListener('click', () => {
    const count = Math.max(1, Math.min(50, Number(ui.splitCount.value) || 1));
    arrange({ type: 'split', count });
  });
  ui.shuffle.addEventListener('click', () => arrange({ type: 'shuffle' }));
  ui.renameCancel.addEventListener('click', () => ui.renameDialog.close());
  ui.renameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = ui.renameName.value.trim();
    if (!renaming || !name) return;
    try {
      await conn.request({ type: 'rename', participant: renaming.id, name });
      ui.renameDialog.close();
    } catch (error) {
      ui.renameError.textContent = describeError(error);
      ui.renameError.hidden = false;
    }
  });
  ui.kickCancel.addEventListener('click', () => ui.kickDialog.close());
  ui.kickConfirm.addEventListener('click', () => {
    ui.kickDialog.close();
    if (kicking) arrange({ type: 'kick', participant: kicking.id });
  });
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
  if (current && !isCompleteCode(current)) current = null;
  setUpKeyForm();
  setUpDialog();
  setUpSteering();
  setUpSetupForm();
  setUpArranging();
  ui.create.addEventListener('click', createRoom);
  ui.back.addEventListener('click', leaveRoom);
  setInterval(() => {
    if (conn.status === 'connected' && document.visibilityState === 'visible' && !current) refresh();
  }, REFRESH_MS);
  if (facilitatorKey.get()) conn.join();
  else showKeyForm();
}

start();
