// The History page (/history), for the facilitator only: the stored sessions with their rounds
// (GET /api/sessions), one session's rounds and downloads, and one round's transcript drawn with
// the same results pictures as the stage (rounds[i].results of GET /export/CODE.json, rendered
// by results.js). It also opens the printable debrief report and deletes a session (the
// `delete_session` message over a facilitator WebSocket).
//
// Addresses: /history, /history?session=CODE, /history?session=CODE&round=r2. The facilitator
// key comes from localStorage (the facilitator page stores it), or from #key=KEY like /host.
// Everything people typed goes in as text (dom.js), never as HTML.

import { Connection, ServerError } from './connection.js';
import { byId, el, setChildren, screenSwitcher } from './dom.js';
import { describeError } from './errors.js';
import { GAMES, gameName, plural } from './game.js';
import { resultsView } from './results.js';
import { Roster } from './roster.js';
import { isCompleteCode, tidyCode } from './room-code.js';
import { facilitatorKey } from './store.js';

const ui = {
  loading: byId('loading'),
  screens: {
    denied: byId('denied-screen'),
    list: byId('list-screen'),
    session: byId('session-screen'),
    round: byId('round-screen'),
  },
  deniedText: byId('denied-text'),
  error: byId('error'),
  reload: byId('reload'),
  sessions: byId('sessions'),
  noSessions: byId('no-sessions'),
  // One session
  sessionCode: byId('session-code'),
  sessionState: byId('session-state'),
  sessionMeta: byId('session-meta'),
  sessionPeople: byId('session-people'),
  reportLink: byId('report-link'),
  downloadError: byId('download-error'),
  rounds: byId('rounds'),
  noRounds: byId('no-rounds'),
  deleteButton: byId('delete'),
  // One round
  toSession: byId('to-session'),
  roundEyebrow: byId('round-eyebrow'),
  roundTitle: byId('round-title'),
  roundMeta: byId('round-meta'),
  roundError: byId('round-error'),
  roundNotes: byId('round-notes'),
  roundNotesList: byId('round-notes-list'),
  roundResults: byId('round-results'),
  prevRound: byId('prev-round'),
  nextRound: byId('next-round'),
  // Deleting
  dialog: byId('delete-dialog'),
  dialogCode: byId('delete-dialog-code'),
  dialogOpen: byId('delete-dialog-open'),
  dialogError: byId('delete-error'),
  dialogConfirm: byId('delete-confirm'),
  dialogCancel: byId('delete-cancel'),
};
const showScreen = screenSwitcher(ui.screens);

const sessionCache = new Map();  // code -> Promise of its JSON export (for this page's life)
let shown = null;                // the session on screen: its JSON export
let notice = '';                 // shown once above the list (after a deletion)

// --- Talking to the server ---------------------------------------------------------------------

class Denied extends Error {}
class NotFound extends Error {}

async function api(path) {
  let res;
  try {
    res = await fetch(path, { headers: { Authorization: `Bearer ${facilitatorKey.get() ?? ''}` }, cache: 'no-store' });
  } catch {
    throw new Error('Earshot could not be reached. Check that it is still running, then try again.');
  }
  if (res.status === 403) throw new Denied();
  if (res.status === 404) throw new NotFound();
  if (!res.ok) throw new Error(`Earshot answered ${res.status} ${res.statusText}.`);
  return res;
}

function loadSession(code) {
  if (!sessionCache.has(code)) {
    const p = api(`/export/${encodeURIComponent(code)}.json`).then((res) => res.json());
    p.catch(() => sessionCache.delete(code));
    sessionCache.set(code, p);
  }
  return sessionCache.get(code);
}

// A facilitator WebSocket for the one thing HTTP cannot do here: delete a session. It connects
// when needed and disconnects once the reply is in.
function facilitatorRequest(msg, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.stop();
      fn(value);
    };
    const conn = new Connection({
      hello: () => ({ type: 'hello', key: facilitatorKey.get() }),
      onWelcome: () => {
        if (done) return;
        conn.request(msg).then((reply) => finish(resolve, reply), (error) => {
          if (error instanceof ServerError) finish(reject, error);
          // A lost connection: the Connection tries again, and the next welcome asks again.
        });
      },
      onRejected: (error) => finish(reject, error),
    });
    const timer = setTimeout(() => finish(reject, new Error('timeout')), timeoutMs);
    conn.join();
  });
}

// --- Words and times ---------------------------------------------------------------------------

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

function day(ms) {
  return dayFormat.format(new Date(ms));
}

function time(ms) {
  return timeFormat.format(new Date(ms));
}

function sameDay(a, b) {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

// "11 s", "4 min 5 s", "1 h 20 min"
function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

const finite = (x) => typeof x === 'number' && Number.isFinite(x);

// "Tue, 14 Mar 2024, 09:00–09:20" (the end only when known).
function span(from, to) {
  if (!finite(from)) return '';
  if (!finite(to)) return `${day(from)}, ${time(from)}`;
  if (sameDay(from, to)) return `${day(from)}, ${time(from)}–${time(to)}`;
  return `${day(from)}, ${time(from)} – ${day(to)}, ${time(to)}`;
}

function quoted(text) {
  return `“${text}”`;
}

// What a round was about, from its config: the seed word, title, stimuli or prompt.
function roundSubject(round) {
  const c = round.config ?? {};
  switch (round.game) {
    case 'chain':
      return c.seedWord ? `From ${quoted(c.seedWord)}` : 'Word association';
    case 'waat':
      return c.title ? quoted(c.title) : 'A story without a title';
    case 'burst': {
      const words = Array.isArray(c.stimuli) ? c.stimuli.filter((w) => typeof w === 'string') : [];
      if (!words.length) return 'Word burst';
      const head = words.slice(0, 3).map(quoted).join(', ');
      return words.length > 3 ? `${head} and ${words.length - 3} more` : head;
    }
    case 'spiv':
      return c.prompt ? quoted(c.prompt) : 'Same prompt';
    default:
      return 'Round';
  }
}

// "12 words in 2 circles", "21 answers": how much was said in a round.
function roundAmount(round) {
  const r = round.results;
  if (!r) return '';
  if (Array.isArray(r.circles)) {
    const words = r.circles.reduce((n, c) => n + (c.balance?.totalWords
      ?? (c.transcript ?? []).filter((e) => !e.pass).length), 0);
    const unit = r.game === 'chain' ? 'link' : 'word';
    return r.circles.length > 1 ? `${plural(words, unit)} in ${r.circles.length} circles` : plural(words, unit);
  }
  const answers = (r.sets ?? []).reduce((n, s) => n + (s.answers?.length ?? 0), 0);
  return plural(answers, 'answer');
}

function roundPeople(round) {
  const members = new Set();
  for (const c of round.config?.circles ?? []) for (const id of c.members ?? []) members.add(id);
  return members.size;
}

function gameShort(game) {
  return GAMES[game]?.short ?? 'Round';
}

// --- Addresses ---------------------------------------------------------------------------------

function where() {
  const params = new URLSearchParams(location.search);
  const session = tidyCode(params.get('session'));
  const round = params.get('round');
  return {
    session: isCompleteCode(session) ? session : null,
    round: round && /^r\d+$/.test(round) ? round : null,
  };
}

function address(session, round) {
  if (!session) return '/history';
  const q = new URLSearchParams({ session });
  if (round) q.set('round', round);
  return `/history?${q}`;
}

function go(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

// Links inside the page move without a reload (a plain click only: a middle click or
// Ctrl+click still opens a new tab).
function navLink(a) {
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(a.getAttribute('href'));
  });
  return a;
}

// --- Screens -----------------------------------------------------------------------------------

function showError(text) {
  ui.error.textContent = text ?? '';
  ui.error.hidden = !text;
}

function showDenied() {
  ui.loading.hidden = true;
  showError(null);
  ui.deniedText.textContent = facilitatorKey.get()
    ? 'Earshot did not accept the facilitator key this browser remembers. It may have been started with a new key.'
    : 'The history of past sessions needs the facilitator key, and this browser does not have it yet.';
  facilitatorKey.clear();
  document.title = 'History · Earshot';
  showScreen(ui.screens.denied);
}

function failed(error) {
  if (error instanceof Denied) {
    showDenied();
    return true;
  }
  ui.loading.hidden = true;
  showError(error instanceof Error && error.message ? error.message : 'Something went wrong.');
  return false;
}

let routing = 0;  // the latest navigation; an older one that finishes late draws nothing

async function route() {
  const ticket = ++routing;
  const { session, round } = where();
  showError(null);
  if (!facilitatorKey.get()) {
    showDenied();
    return;
  }
  if (!session) {
    await showList(ticket);
    return;
  }
  let record;
  ui.loading.textContent = `Loading session ${session}…`;
  ui.loading.hidden = false;
  try {
    record = await loadSession(session);
  } catch (error) {
    if (ticket !== routing) return;
    if (error instanceof NotFound) {
      notice = `There is no session ${session}: it may have been deleted.`;
      go('/history', { replace: true });
      return;
    }
    failed(error);
    return;
  }
  if (ticket !== routing) return;
  ui.loading.hidden = true;
  shown = record;
  if (round) {
    const index = (record.rounds ?? []).findIndex((r) => r.id === round);
    if (index >= 0) {
      showRound(record, index);
      return;
    }
    showSession(record);
    showError(`Session ${session} has no round ${round}.`);
    return;
  }
  showSession(record);
}

// The list of sessions.

async function showList(ticket) {
  sessionCache.clear();  // an open session may have new rounds by the time it is opened again
  ui.loading.textContent = 'Loading the sessions…';
  ui.loading.hidden = false;
  let list;
  try {
    list = await (await api('/api/sessions')).json();
  } catch (error) {
    if (ticket === routing) failed(error);
    return;
  }
  if (ticket !== routing) return;
  ui.loading.hidden = true;
  const sessions = (Array.isArray(list) ? list : [])
    .filter((s) => s && typeof s.code === 'string')
    .sort((a, b) => (b.createdAt || 0) - (a.createdAt || 0));
  setChildren(ui.sessions, ...sessions.map(sessionItem));
  ui.noSessions.hidden = sessions.length > 0;
  showNotice();
  document.title = 'History · Earshot';
  showScreen(ui.screens.list);
}

function showNotice() {
  const old = document.getElementById('notice');
  old?.remove();
  if (!notice) return;
  const node = el('p', { className: 'history-notice', id: 'notice', attrs: { role: 'status' }, text: notice });
  ui.screens.list.querySelector('.section-head').after(node);
  notice = '';
}

function sessionItem(s) {
  const rounds = Array.isArray(s.rounds) ? s.rounds : [];
  const open = s.closedAt === null || s.closedAt === undefined;
  const games = new Map();
  for (const r of rounds) games.set(r.game, (games.get(r.game) ?? 0) + 1);
  const people = Number(s.participants) || 0;
  const link = navLink(el(
    'a',
    { className: 'session-link', href: address(s.code), attrs: { 'aria-label': `Session ${s.code}, ${plural(rounds.length, 'round')}` } },
    el('span', { className: 'session-line' },
      el('span', { className: 'code session-code', text: s.code }),
      open ? el('span', { className: 'badge open-badge', text: 'Open now' }) : null,
      el('span', { className: 'session-when', text: span(s.createdAt, open ? null : s.closedAt) })),
    el('span', { className: 'session-facts' },
      el('span', { text: plural(rounds.length, 'round') }),
      el('span', { text: plural(people, 'person', 'people') })),
    games.size
      ? el('span', { className: 'session-games' }, ...[...games].map(([game, n]) =>
        el('span', { className: `game-chip game-${game || 'unknown'}`, text: n > 1 ? `${gameShort(game)} ×${n}` : gameShort(game) })))
      : null,
    el('span', { className: 'session-go', attrs: { 'aria-hidden': 'true' }, text: '›' }),
  ));
  return el('li', { className: 'session-item', dataset: { code: s.code } }, link);
}

// One session.

function showSession(record) {
  const code = record.session?.code ?? where().session;
  const closed = record.session?.closedMs;
  const open = !finite(closed);
  const rounds = record.rounds ?? [];
  const people = record.participants ?? [];
  ui.sessionCode.textContent = code;
  ui.sessionState.textContent = open ? 'Open now' : 'Closed';
  ui.sessionState.classList.toggle('open-badge', open);
  ui.sessionMeta.textContent = [
    span(record.session?.createdMs, closed),
    plural(rounds.length, 'round'),
    plural(people.length, 'person', 'people'),
  ].filter(Boolean).join(' · ');
  setChildren(ui.sessionPeople, ...(people.length
    ? [el('span', { className: 'people-label', text: 'Who was there: ' }), people.map((p) => p.name).join(', ')]
    : []));
  ui.sessionPeople.hidden = !people.length;
  const key = encodeURIComponent(facilitatorKey.get() ?? '');
  ui.reportLink.href = `/export/${encodeURIComponent(code)}.html?key=${key}`;
  ui.reportLink.setAttribute('aria-label', `Open the debrief report of session ${code} in a new tab`);
  ui.downloadError.hidden = true;
  ui.deleteButton.dataset.code = code;
  ui.deleteButton.dataset.open = open ? '1' : '0';

  setChildren(ui.rounds, ...rounds.map((r, i) => roundItem(code, r, i)));
  ui.noRounds.hidden = rounds.length > 0;
  document.title = `${code} · History · Earshot`;
  showScreen(ui.screens.session);
  window.scrollTo(0, 0);
}

function roundItem(code, r, index) {
  const people = roundPeople(r);
  const facts = [
    finite(r.startedMs) ? time(r.startedMs) : '',
    finite(r.startedMs) && finite(r.endedMs) ? duration(r.endedMs - r.startedMs) : 'not finished',
    people ? plural(people, 'person', 'people') : '',
    roundAmount(r),
  ].filter(Boolean);
  return el('li', { className: 'history-round', dataset: { round: r.id } }, navLink(el(
    'a',
    { className: 'history-round-link', href: address(code, r.id) },
    el('span', { className: 'round-number', attrs: { 'aria-hidden': 'true' }, text: String(r.number ?? index + 1) }),
    el('span', { className: 'round-text' },
      el('span', { className: 'round-game', text: `Round ${r.number ?? index + 1} · ${gameName(r.game)}` }),
      el('span', { className: 'round-subject', text: roundSubject(r) }),
      el('span', { className: 'round-facts', text: r.error ? 'Could not be read' : facts.join(' · ') })),
    el('span', { className: 'session-go', attrs: { 'aria-hidden': 'true' }, text: '›' }),
  )));
}

// One round: its transcript with the stage's results pictures.

function showRound(record, index) {
  const code = record.session?.code ?? where().session;
  const rounds = record.rounds ?? [];
  const r = rounds[index];
  const number = r.number ?? index + 1;
  ui.toSession.href = address(code);
  ui.toSession.textContent = `Session ${code}`;
  ui.roundEyebrow.textContent = `Round ${number} of ${rounds.length} · ${gameName(r.game)}`;
  ui.roundTitle.textContent = roundSubject(r);
  const people = roundPeople(r);
  ui.roundMeta.textContent = [
    finite(r.startedMs) ? `${day(r.startedMs)}, ${time(r.startedMs)}` : '',
    finite(r.startedMs) && finite(r.endedMs) ? duration(r.endedMs - r.startedMs) : 'not finished',
    people ? plural(people, 'person', 'people') : '',
  ].filter(Boolean).join(' · ');

  const notes = (r.events ?? []).filter((e) => e.kind === 'note' && typeof e.data?.text === 'string');
  setChildren(ui.roundNotesList, ...notes.map((e) => el('li', { text: e.data.text })));
  ui.roundNotes.hidden = !notes.length;

  ui.roundError.hidden = true;
  if (r.results) {
    const roster = new Roster();
    roster.reset(record.participants);
    setChildren(ui.roundResults, resultsView(r.results, { roster, audience: 'host', roundId: r.id }));
  } else {
    setChildren(ui.roundResults);
    ui.roundError.textContent = r.error
      ? `This round's record could not be read: ${r.error}`
      : 'This round has no results yet.';
    ui.roundError.hidden = false;
  }

  const pager = (a, target, label) => {
    a.hidden = !target;
    if (target) {
      a.href = address(code, target.id);
      a.setAttribute('aria-label', `${label}: round ${target.number ?? ''}`.trim());
    }
  };
  pager(ui.prevRound, rounds[index - 1], 'Previous round');
  pager(ui.nextRound, rounds[index + 1], 'Next round');

  document.title = `Round ${number} · ${code} · History · Earshot`;
  showScreen(ui.screens.round);
  window.scrollTo(0, 0);
}

// --- Downloads ---------------------------------------------------------------------------------

const EXTENSIONS = { json: 'json', csv: 'csv', md: 'md' };

async function download(button) {
  const code = shown?.session?.code;
  const format = button.dataset.format;
  if (!code || !EXTENSIONS[format]) return;
  const anonymous = button.dataset.anonymous === '1';
  ui.downloadError.hidden = true;
  button.disabled = true;
  try {
    const res = await api(`/export/${encodeURIComponent(code)}.${format}${anonymous ? '?anonymous=1' : ''}`);
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `earshot-${code}${anonymous ? '-anonymous' : ''}.${EXTENSIONS[format]}`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    if (error instanceof Denied) {
      showDenied();
      return;
    }
    ui.downloadError.textContent = error instanceof NotFound
      ? `Session ${code} is no longer stored.`
      : error.message || 'The download did not work.';
    ui.downloadError.hidden = false;
  } finally {
    button.disabled = false;
  }
}

// --- Deleting ----------------------------------------------------------------------------------

function askToDelete() {
  const code = ui.deleteButton.dataset.code;
  if (!code) return;
  ui.dialogCode.textContent = code;
  ui.dialogOpen.hidden = ui.deleteButton.dataset.open !== '1';
  ui.dialogError.hidden = true;
  ui.dialogConfirm.disabled = false;
  ui.dialog.dataset.code = code;
  ui.dialog.showModal();
  ui.dialogCancel.focus();
}

async function confirmDelete() {
  const code = ui.dialog.dataset.code;
  ui.dialogConfirm.disabled = true;
  ui.dialogError.hidden = true;
  try {
    await facilitatorRequest({ type: 'delete_session', room: code });
  } catch (error) {
    ui.dialogConfirm.disabled = false;
    if (error instanceof ServerError && error.code === 'bad_key') {
      ui.dialog.close();
      showDenied();
      return;
    }
    ui.dialogError.textContent = error instanceof ServerError && error.code === 'room_not_found'
      ? `Session ${code} is already gone.`
      : describeError(error);
    ui.dialogError.hidden = false;
    return;
  }
  ui.dialog.close();
  sessionCache.delete(code);
  shown = null;
  notice = `Session ${code} was deleted.`;
  go('/history');
}

// --- Start -------------------------------------------------------------------------------------

// Like the facilitator page, the key may come in the address fragment: keep it, and take it
// out of the address bar.
function takeKeyFromFragment() {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (key) facilitatorKey.set(key);
}

function start() {
  takeKeyFromFragment();
  navLink(byId('to-list'));
  navLink(ui.toSession);
  navLink(ui.prevRound);
  navLink(ui.nextRound);
  for (const a of document.querySelectorAll('.crumbs a[href="/history"]')) if (a.id !== 'to-list') navLink(a);
  ui.reload.addEventListener('click', () => {
    sessionCache.clear();
    route();
  });
  for (const button of document.querySelectorAll('[data-format]')) {
    button.addEventListener('click', () => download(button));
  }
  ui.deleteButton.addEventListener('click', askToDelete);
  ui.dialogCancel.addEventListener('click', () => ui.dialog.close());
  ui.dialogConfirm.addEventListener('click', confirmDelete);
  window.addEventListener('popstate', route);
  route();
}

start();
