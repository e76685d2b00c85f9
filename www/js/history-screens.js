// The History page's pictures of the stored sessions: an entry of the list of sessions, one
// session (its facts, downloads and rounds) and one round (its transcript drawn with the same
// results pictures as the stage, by results.js). Everything people typed goes in as text.

import { clockTime, day, duration, finite, span } from './dates.js';
import { byId, el, setChildren } from './dom.js';
import { gameName, plural } from './game.js';
import { roundAmount, roundPeople, roundSubject } from './history-words.js';
import { address, navLink, where } from './history-nav.js';
import { resultsView } from './results.js';
import { Roster } from './roster.js';
import { facilitatorKey } from './store.js';

const ui = {
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
};
navLink(ui.toSession);
navLink(ui.prevRound);
navLink(ui.nextRound);

// A link to go on to: "›".
function goMark() {
  return el('span', { className: 'session-go', attrs: { 'aria-hidden': 'true' }, text: '›' });
}

// One entry of the list of sessions (an item of GET /api/sessions).
export function sessionItem(s) {
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
        el('span', { className: `game-chip game-${game || 'unknown'}`, text: n > 1 ? `${gameName(game)} ×${n}` : gameName(game) })))
      : null,
    goMark(),
  ));
  return el('li', { className: 'session-item', dataset: { code: s.code } }, link);
}

// The session screen for a session's JSON export.
export function renderSession(record) {
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
}

function roundItem(code, r, index) {
  const people = roundPeople(r);
  const facts = [
    finite(r.startedMs) ? clockTime(r.startedMs) : '',
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
    goMark(),
  )));
}

// The round screen for round `index` of a session's JSON export.
export function renderRound(record, index) {
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
    finite(r.startedMs) ? `${day(r.startedMs)}, ${clockTime(r.startedMs)}` : '',
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
}
