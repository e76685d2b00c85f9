// What every page needs to show a round: names of games and phases, the reactions, and
// countdowns. Countdowns use the server's clock: a view's deadline minus the message's `now` is
// what is left when the message was made; from then on the page runs it down with its own
// monotonic clock, whatever the device's wall clock says.

import { has, t } from './catalog.js';

// A game's name, one for each game, everywhere (the catalog's game.KIND.name), and what it is.
export function gameName(game) {
  return has(`game.${game}.name`) ? t(`game.${game}.name`) : t('game.unknown');
}

export function gameBlurb(game) {
  return has(`game.${game}.blurb`) ? t(`game.${game}.blurb`) : '';
}

// The words a reaction is shown with. Which reactions there are is the server's to say: every
// welcome carries them (`vocabulary.reactions`, docs/protocol.md).
export function reactionLabel(id) {
  return has(`reaction.${id}`) ? t(`reaction.${id}`) : String(id);
}

// The game's vocabulary as the last welcome gave it: the reactions; for the stage and the
// facilitator the steer actions; for the facilitator the games and their defaults; and the limits.
let vocabulary = { reactions: [], steerActions: [], games: [], defaults: {}, limits: {} };

export function setVocabulary(v) {
  if (v && typeof v === 'object') vocabulary = { ...vocabulary, ...v };
  return vocabulary;
}

export function getVocabulary() {
  return vocabulary;
}

// Whether a round view lets the facilitator `action` now (the server lists them: `allowed`).
export function allows(view, action) {
  return Array.isArray(view?.allowed) && view.allowed.includes(action);
}

// A round view's phase in words (phase.PHASE; "Paused" while paused).
export function phaseName(view) {
  if (view?.paused) return t('phase.paused');
  return has(`phase.${view?.phase}`) ? t(`phase.${view.phase}`) : String(view?.phase ?? '');
}

// Why a turn passed ("ran out of time"), after a name.
export function passReason(pass) {
  return has(`pass.${pass}`) ? t(`pass.${pass}`) : t('pass.passed');
}

// How a circle's chain or story stopped ("reached the word limit").
export function doneReason(done) {
  return has(`done.${done}`) ? t(`done.${done}`) : String(done ?? '');
}

// What an answer set asks for: "Word 2 of 3", "Retell the story".
export function setLabel(set) {
  if (set?.kind === 'stimulus') return t('set.stimulus', { n: set.index + 1, count: set.count });
  return set?.kind !== 'stimulus' && has(`set.${set?.kind}`) ? t(`set.${set.kind}`) : '';
}

// "Activity 2 of 6: Retell the story", for a round started from a workshop plan (the round
// message's `activity`); '' for a round set up by hand.
export function activityWords(activity) {
  if (!activity || typeof activity !== 'object' || !Number.isInteger(activity.index)) return '';
  return t('common.activity_of', { n: activity.index + 1, of: activity.of ?? '?', title: String(activity.title ?? '') });
}

export function circleName(id, index) {
  const n = Number(/^c(\d+)$/.exec(String(id))?.[1]);
  return t('circle.name', { n: Number.isFinite(n) ? n : index + 1 });
}

// "1.2 s", "850 ms"
export function formatMs(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return t('unit.ms', { n: Math.round(ms) });
  return t('unit.s', { n: (ms / 1000).toFixed(ms < 10000 ? 1 : 0) });
}

export function percent(x) {
  return `${Math.round((Number(x) || 0) * 100)}%`;
}

// --- Countdowns ---------------------------------------------------------------------------------

// The time a round message was received, on the monotonic clock, and the server's `now` then.
let received = { local: performance.now(), server: 0 };

// A `round` from a welcome or a round message ({id, number, now, view}) if it is one, with the
// clock synced to its `now`; null when there is no round (or it is not a round at all). Every
// page takes its rounds through here.
export function acceptRound(round) {
  if (!round || typeof round !== 'object' || !round.view || typeof round.view !== 'object') return null;
  if (Number.isFinite(round.now)) received = { local: performance.now(), server: round.now };
  return round;
}

// Milliseconds left on a server deadline, now.
export function msLeft(deadline) {
  return deadline - received.server - (performance.now() - received.local);
}

// Makes `node` a countdown to a server deadline, or a stopped one showing `remainingMs` (paused).
// `totalMs` (optional) lets CSS draw how much is left as --left (1 → 0).
export function setCountdown(node, { deadline, remainingMs, totalMs } = {}) {
  delete node.dataset.deadline;
  node.classList.toggle('paused', remainingMs !== undefined);
  if (Number.isFinite(totalMs) && totalMs > 0) node.dataset.total = String(totalMs);
  else delete node.dataset.total;
  if (Number.isFinite(deadline)) {
    node.dataset.deadline = String(deadline);
    node.hidden = false;
    paint(node, msLeft(deadline));
  } else if (Number.isFinite(remainingMs)) {
    node.hidden = false;
    paint(node, remainingMs);
  } else {
    node.hidden = true;
  }
}

function paint(node, ms) {
  const left = Math.max(0, ms);
  const seconds = Math.ceil(left / 1000);
  const text = seconds >= 60 ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` : String(seconds);
  const out = node.querySelector('.countdown-value') ?? node;
  if (out.textContent !== text) out.textContent = text;
  node.classList.toggle('long', text.length > 2);
  node.classList.toggle('urgent', left > 0 && left <= 3000);
  node.classList.toggle('over', left <= 0);
  const total = Number(node.dataset.total);
  if (total > 0) node.style.setProperty('--left', String(Math.min(1, left / total)));
}

function tick() {
  for (const node of document.querySelectorAll('[data-deadline]')) paint(node, msLeft(Number(node.dataset.deadline)));
}
setInterval(tick, 200);

// A countdown element: <span class="countdown"><span class="countdown-value">7</span></span>
// with an accessible label (the value itself is not announced every second).
export function countdownNode(el, className = '') {
  return el(
    'span',
    { className: `countdown ${className}`.trim(), attrs: { role: 'timer', 'aria-label': t('countdown.label') } },
    el('span', { className: 'countdown-value' }),
  );
}
