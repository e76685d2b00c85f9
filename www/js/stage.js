// The stage: the projector view of one room (/stage?room=CODE). In the lobby it shows how to
// join (code, QR, address) and who is here, live; during a round the circles side by side with
// the chain or story growing, or the prompt and how many have answered, then the answers and
// the results, one step at a time (steps.js plans them, debrief.js draws them; the room keeps
// which step is shown, so the facilitator page can move them on too). Reactions float up. With
// the facilitator key, or the room's assistant key (hello view "stage"), it can also steer from the keyboard and a
// presentation clicker (press ? for the keys), and start the next activity of the room's workshop
// plan with A; without it, it watches as an observer.

import { t, tn } from './catalog.js';
import { Connection } from './connection.js';
import { TwoStep } from './confirm.js';
import { byId, el, phraseNodes, setChildren, screenSwitcher, showText } from './dom.js';
import { describeError } from './errors.js';
import { acceptRound, activityWords, allows, gameBlurb, gameName, getVocabulary, phaseName, setVocabulary } from './game.js';
import { icon } from './icons.js';
import { deckView } from './debrief.js';
import { liveRound } from './live.js';
import { setReactionButtons } from './reactions.js';
import { Roster } from './roster.js';
import { codeFromAddress, isCompleteCode, stageAddress, tidyCode, tidyCodeInput } from './room-code.js';
import { StepPlace, stepsOf } from './steps.js';
import { statusBanner } from './status.js';
import { roomKey } from './store.js';

const ui = {
  screens: {
    pick: byId('pick'),
    lobby: byId('lobby'),
    round: byId('round-screen'),
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
  roundGame: byId('round-game'),
  roundActivity: byId('round-activity'),
  roundTitle: byId('round-title'),
  roundPhase: byId('round-phase'),
  roundBody: byId('round-body'),
  paused: byId('paused'),
  corner: byId('corner'),
  cornerQr: byId('corner-qr'),
  cornerHost: byId('corner-host'),
  cornerCode: byId('corner-code'),
  reactions: byId('reactions-layer'),
  toast: byId('toast'),
  help: byId('help'),
  helpClose: byId('help-close'),
  helpObserver: byId('help-observer'),
  helpHost: byId('help-host'),
};
const showScreen = screenSwitcher(ui.screens);

const room = codeFromAddress('room');
const roster = new Roster();
const chips = new Map();  // participant id -> its <li>, so updates touch only what changed
// ?watch: someone just watching on their phone (the join page's "Just watch"): an observer who
// may react, whatever key this browser keeps.
const watching = new URLSearchParams(location.search).has('watch');
let asObserver = watching || !roomKey(room);
let round = null;         // the room's current round ({id, number, now, view}) or null
let cornerWanted = true;  // J hides and shows the join corner during a round
const place = new StepPlace();  // which step the room shows
let deck = null;          // the steps shown now: {plan: {key, steps}, view: deckView}

const conn = new Connection({
  hello: () =>
    asObserver
      ? { type: 'hello', room, view: 'observer' }
      : { type: 'hello', room, key: roomKey(room), view: 'stage' },
  onWelcome: welcomed,
  onRejected: rejected,
  onMessage: received,
  onStatus: statusBanner(byId('status')),
});

function welcomed(welcome) {
  setVocabulary(welcome.vocabulary);
  roster.reset(welcome.room?.participants);
  chips.clear();
  ui.people.replaceChildren();
  renderJoinInfo(welcome.room?.joinUrl);
  renderPeople(false);
  renderDoors(welcome.room?.doors);
  if (watching) {
    document.body.dataset.watch = 'true';
    setReactionButtons(byId('watch-reactions'), byId('watch-reaction-error'), conn, welcome.vocabulary?.reactions);
    byId('watch-bar').hidden = false;
  }
  document.body.dataset.role = welcome.role ?? (asObserver ? 'observer' : 'facilitator');
  place.tell(welcome.step);
  setRound(welcome.round ?? null);
}

function rejected(error) {
  if (error.code === 'bad_key' && !asObserver) {
    // A stale key (the server restarted with a new one): the stage can still show the room.
    asObserver = true;
    conn.join();
    return;
  }
  showMessage(t('stage.message.not_open', { room }), describeError(error));
}

function received(msg) {
  switch (msg.type) {
    case 'room_closed':
      conn.stop();
      setRound(null);
      showMessage(t('stage.message.closed'), t('stage.message.closed_text', { room }));
      return;
    case 'round':
      setRound(msg.round ?? null);
      return;
    case 'reaction':
      floatReaction(msg.reaction);
      return;
    case 'doors':
      renderDoors(msg.doors);
      return;
    case 'step':
      place.tell(msg);
      if (deck) deck.view.show(place.at(deck.plan));
      return;
    default:
      if (roster.apply(msg)) {
        renderPeople(msg.type === 'joined');
        if (round) renderRound();  // a rename shows in the transcript
      }
  }
}

function showMessage(title, text) {
  ui.corner.hidden = true;
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
  ui.cornerHost.textContent = host;
  ui.cornerCode.textContent = room;
}

// A locked or full room says so where the join code is, and hides its QR codes: nobody scans a
// code that will not let them in.
let doors = null;
function renderDoors(next) {
  if (next !== undefined) doors = next && typeof next === 'object' ? next : null;
  const full = Number.isInteger(doors?.cap) && roster.people.length >= doors.cap;
  const shut = doors?.locked ? 'locked' : full ? 'full' : '';
  document.body.dataset.doors = shut || 'open';
  showText(byId('join-shut'), shut ? t(`stage.join.${shut}`) : '');
}

function renderPeople(animateNew) {
  renderDoors();
  const present = new Set(roster.people.map((p) => p.id));
  for (const [id, chip] of chips) {
    if (!present.has(id)) {
      chip.remove();
      chips.delete(id);
    }
  }
  for (const person of roster.people) {
    let chip = chips.get(person.id);
    if (!chip) {
      chip = el(
        'li',
        { className: animateNew ? 'chip chip-new' : 'chip' },
        el('span', { className: 'chip-dot', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'chip-name' }),
        el('span', { className: 'chip-state' }),
      );
      chips.set(person.id, chip);
      ui.people.append(chip);
    }
    chip.querySelector('.chip-name').textContent = person.name;
    // Away is shown by shape and words as well as colour: a hollow dot and "away".
    chip.classList.toggle('away', !person.online);
    chip.querySelector('.chip-state').textContent = person.online ? '' : t('stage.people.away');
  }
  const total = roster.size;
  const away = total - roster.onlineCount;
  const here = tn('stage.people.here', total);
  ui.peopleCount.textContent = away > 0 ? t('stage.people.here_away', { here, away }) : here;
  ui.peopleEmpty.hidden = total > 0;
}

// --- The round ---------------------------------------------------------------------------------


function setRound(next) {
  round = acceptRound(next);
  renderRound();
}

function roundTitle(view) {
  if (view.phase === 'lobby') return t('stage.round.get_ready');
  if (view.game === 'chain' && view.seedWord) return t('common.from_seed', { word: view.seedWord });
  if (view.game === 'spiv' && view.phase === 'ended') {
    // Live, the prompt is the big text of the page; in the results it becomes the title.
    const prompt = view.results?.config?.prompt;
    if (prompt) return t('common.quoted', { text: prompt });
  }
  if (view.game === 'waat' && view.title) return view.title;
  if (view.phase === 'ended' && view.results?.config) {
    const c = view.results.config;
    if (c.title) return c.title;
    if (c.seedWord) return t('common.from_seed', { word: c.seedWord });
  }
  return gameName(view.game);
}

// The steps a round view shows (after a reveal, at the end), the same on every screen.
function planOf(r) {
  return stepsOf(r, { roster });
}

function renderRound() {
  deck = null;
  if (!round) {
    ui.corner.hidden = true;
    document.body.classList.remove('in-round', 'stepping');
    if (ui.screens.message.hidden) showScreen(ui.screens.lobby);
    return;
  }
  const view = round.view;
  document.body.classList.add('in-round');
  document.body.dataset.phase = view.phase;
  ui.roundGame.textContent = t('common.round_game', { n: round.number ?? '', game: gameName(view.game) });
  // A round started from the room's plan: "Activity 2 of 6: Retell the story" (never its notes).
  const activity = activityWords(round.activity);
  ui.roundActivity.textContent = activity;
  ui.roundActivity.hidden = !activity;
  ui.roundTitle.textContent = roundTitle(view);
  ui.roundPhase.textContent = phaseName(view);
  ui.roundPhase.dataset.phase = view.paused ? 'paused' : view.phase;
  ui.paused.hidden = !view.paused;
  ui.screens.round.dataset.phase = view.phase;
  ui.screens.round.dataset.game = view.game;

  const ctx = { roster, audience: 'stage', roundId: round.id };
  const plan = planOf(round);
  document.body.classList.toggle('stepping', Boolean(plan));
  let body;
  if (plan) {
    deck = { plan, view: deckView(plan, ctx, view) };
    deck.view.show(place.at(plan));
    body = deck.view.node;
  } else if (view.phase === 'lobby') {
    body = upNext(view);
  } else {
    body = liveRound(view, ctx);
  }
  setChildren(ui.roundBody, body);
  ui.corner.hidden = !cornerWanted;
  showScreen(ui.screens.round);
}

// Before the start: what is coming and who plays where.
function upNext(view) {
  const circles = Array.isArray(view.circles) ? view.circles : [];
  return el(
    'div',
    { className: 'up-next' },
    el('p', { className: 'up-next-game', text: gameName(view.game) }),
    el('p', { className: 'up-next-blurb', text: gameBlurb(view.game) }),
    circles.length > 1
      ? el('p', { className: 'up-next-hint', text: tn('stage.up_next.circles', circles.length) })
      : el('p', { className: 'up-next-hint', text: t('stage.up_next.phone') }),
    liveRound(view, { roster, audience: 'stage', roundId: round.id }),
  );
}

// --- Reactions ----------------------------------------------------------------------------------

function floatReaction(reaction) {
  if (!getVocabulary().reactions.includes(reaction)) return;
  // A crowd of 200 can send many at once; cap how many are on screen.
  if (ui.reactions.childElementCount > 40) return;
  const bubble = el('span', { className: `reaction reaction-${reaction}`, dataset: { reaction } }, icon(reaction));
  bubble.style.setProperty('--x', `${5 + Math.random() * 88}vw`);
  bubble.style.setProperty('--drift', `${Math.round((Math.random() - 0.5) * 12)}vw`);
  bubble.style.setProperty('--size', `${3 + Math.random() * 2.5}rem`);
  bubble.addEventListener('animationend', () => bubble.remove());
  ui.reactions.append(bubble);
  // Without animations (reduced motion) nothing ends them: take them away after a while.
  setTimeout(() => bubble.remove(), 6000);
}

// --- Steering from the keyboard ------------------------------------------------------------------

let toastTimer = 0;

function toast(text, kind = 'info') {
  ui.toast.textContent = text;
  ui.toast.dataset.kind = kind;
  ui.toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    ui.toast.hidden = true;
  }, 3500);
}

async function steer(action, extra = {}) {
  if (asObserver) {
    toast(t('stage.toast.observer'), 'error');
    return;
  }
  try {
    await conn.request({ type: 'steer', action, ...extra });
  } catch (error) {
    toast(describeError(error), 'error');
  }
}

async function startActivity() {
  if (asObserver) {
    toast(t('stage.toast.observer'), 'error');
    return;
  }
  try {
    await conn.request({ type: 'activity' });
  } catch (error) {
    toast(describeError(error), 'error');
  }
}

// Ending is final: E asks to be pressed a second time.
const ending = new TwoStep(3000, { onArm: () => toast(t('stage.toast.end_again')) });

// Past the last step of a reveal, the next press of "next step" (a clicker's only button) moves
// the round on; it asks to be pressed a second time first.
let onward = null;
const going = new TwoStep(3000, { onArm: () => toast(t('stage.toast.step_onward', { action: onward.words })) });

// What the round does after its steps, for a clicker: reveal closed answers, or go on from a
// reveal (next word, picking, the vote, the results). Null when there is nothing to do.
function onwardOf(view) {
  if (view.phase === 'closed' && allows(view, 'reveal')) return { action: 'reveal', words: t('host.steer.reveal') };
  if (view.phase !== 'revealed' || !allows(view, 'next')) return null;
  if (view.set?.pick) return { action: 'next', words: view.set.pick === 'vote' ? t('host.steer.open_vote') : t('host.steer.open_picking') };
  const more = view.set && view.set.index + 1 < view.set.count;
  return { action: 'next', words: more ? t('host.steer.next_word') : t('host.steer.show_results') };
}

// Shows step `index` of the deck and tells the room (the facilitator page follows).
async function showStep(index) {
  const { plan, view: shown } = deck;
  const target = Math.max(0, Math.min(plan.steps.length - 1, index));
  place.tell({ steps: plan.key, step: target });
  shown.show(target);
  if (asObserver) return;  // it cannot move the room's steps: only its own screen
  try {
    await conn.request({ type: 'step', step: target, steps: plan.key });
  } catch (error) {
    if (error.code !== 'steps_changed') toast(describeError(error), 'error');
  }
}

// Next (+1) or back (-1) a step; past the last, the round's next move (pressed twice).
function stepBy(delta) {
  const at = deck ? place.at(deck.plan) : 0;
  const last = deck ? deck.plan.steps.length - 1 : 0;
  if (deck && at + delta >= 0 && at + delta <= last) {
    going.reset();
    showStep(at + delta);
    return;
  }
  if (delta < 0) return;
  onward = round?.view ? onwardOf(round.view) : null;
  if (!onward) return;
  if (going.press()) steer(onward.action);
}

const NEXT_KEYS = ['arrowright', 'arrowdown', 'pagedown'];
const BACK_KEYS = ['arrowleft', 'arrowup', 'pageup'];

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
  const key = event.key.toLowerCase();
  if (key === '?' || key === 'h') {
    event.preventDefault();
    if (ui.help.open) ui.help.close();
    else ui.help.showModal();
    return;
  }
  if (key === 'f') {
    document.documentElement.requestFullscreen?.().catch(() => {});
    return;
  }
  if (key === 'j') {
    cornerWanted = !cornerWanted;
    ui.corner.hidden = !(cornerWanted && round);
    return;
  }
  if (key === 'a') {
    // The next activity of the room's plan, set up and started as planned (the server refuses it
    // while a round runs, without a plan, or after the last activity).
    startActivity();
    return;
  }
  const view = round?.view;
  if (!view) return;
  // What the round takes now is the server's to say (the view's `allowed`); a key for anything
  // else does nothing.
  const may = (action) => allows(view, action);
  if (NEXT_KEYS.includes(key) || BACK_KEYS.includes(key)) {
    event.preventDefault();
    stepBy(NEXT_KEYS.includes(key) ? 1 : -1);
  } else if ((key === 'home' || key === 'end') && deck) {
    event.preventDefault();
    showStep(key === 'home' ? 0 : deck.plan.steps.length - 1);
  } else if (key === ' ' || key === 's') {
    event.preventDefault();
    if (may('start')) steer('start');
    else if (may('resume')) steer('resume');
    else if (key === ' ') stepBy(1);
  } else if (key === 'p') {
    if (may('pause')) steer('pause');
    else if (may('resume')) steer('resume');
  } else if (key === 'k') {
    if (!may('skip')) return;
    if (view.phase === 'turns') {
      for (const c of view.circles ?? []) if (!c.done && c.turn) steer('skip', { circle: c.id });
    } else {
      steer('skip');
    }
  } else if (/^[1-9]$/.test(key) && view.phase === 'turns') {
    const c = (view.circles ?? [])[Number(key) - 1];
    if (c && !c.done && may('skip')) steer('skip', { circle: c.id });
  } else if (key === 'r') {
    if (may('reveal')) steer('reveal');
  } else if (key === 'n') {
    if (may('next')) steer('next');
  } else if (key === 'e') {
    if ((ending.armed || may('end')) && ending.press()) steer('end');
  }
}

// --- Start-up ------------------------------------------------------------------------------------

function renderRoomCode() {
  // One tile per letter: easier to read from the back of the room than a word.
  setChildren(ui.roomCode, ...[...room].map((letter) => el('span', { className: 'tile', text: letter })));
  ui.roomCode.setAttribute('aria-label', t('stage.room_code_label', { code: [...room].join(' ') }));
  ui.qr.src = `/qr/${encodeURIComponent(room)}.svg`;
  ui.qr.alt = t('stage.qr_alt', { room });
  ui.cornerQr.src = ui.qr.src;
  ui.cornerQr.alt = ui.qr.alt;
  document.title = t('stage.document_title', { room });
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
  ui.helpClose.addEventListener('click', () => ui.help.close());
  ui.helpObserver.hidden = !asObserver;
  setChildren(ui.helpHost, ...phraseNodes(t('stage.help.host'), { page: el('span', { className: 'code', text: '/host' }) }));
  document.addEventListener('keydown', onKey);
  if (!isCompleteCode(room)) {
    tidyCodeInput(ui.pickCode);
    ui.pickForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const code = tidyCode(ui.pickCode.value);
      if (isCompleteCode(code)) location.assign(stageAddress(code));
    });
    showScreen(ui.screens.pick);
    ui.pickCode.focus();
    return;
  }
  renderRoomCode();
  conn.join();
}

start();
