// The History page's pictures of the stored sessions: an entry of the list of sessions, one
// session (its facts, downloads and rounds) and one round (its transcript drawn with the same
// results pictures as the stage, by results.js). Everything people typed goes in as text.

import { t, tn } from './catalog.js';
import { clockTime, dayTime, duration, finite, span } from './dates.js';
import { byId, el, phraseNodes, setChildren } from './dom.js';
import { activityWords, gameName } from './game.js';
import { roundAmount, roundPeople, roundSubject } from './history-words.js';
import { address, navLink, where } from './history-nav.js';
import { resultsView } from './results.js';
import { Roster } from './roster.js';
import { facilitatorKey } from './store.js';

const ui = {
  // One session
  sessionTitle: byId('session-title'),
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
  roundActivity: byId('round-activity'),
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
    { className: 'session-link', href: address(s.code), attrs: { 'aria-label': t('history.session.label', { code: s.code, rounds: tn('count.rounds', rounds.length) }) } },
    el('span', { className: 'session-line' },
      el('span', { className: 'code session-code', text: s.code }),
      open ? el('span', { className: 'badge open-badge', text: t('history.session.open') }) : null,
      el('span', { className: 'session-when', text: span(s.createdAt, open ? null : s.closedAt) })),
    el('span', { className: 'session-facts' },
      el('span', { text: tn('count.rounds', rounds.length) }),
      el('span', { text: tn('history.people', people) })),
    games.size
      ? el('span', { className: 'session-games' }, ...[...games].map(([game, n]) =>
        el('span', { className: `game-chip game-${game || 'unknown'}`, text: n > 1 ? t('history.session.game_times', { game: gameName(game), n }) : gameName(game) })))
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
  setChildren(ui.sessionTitle, ...phraseNodes(t('history.session.title'), { code: ui.sessionCode }));
  ui.sessionState.textContent = open ? t('history.session.open') : t('history.session.closed');
  ui.sessionState.classList.toggle('open-badge', open);
  ui.sessionMeta.textContent = [
    span(record.session?.createdMs, closed),
    tn('count.rounds', rounds.length),
    tn('history.people', people.length),
  ].filter(Boolean).join(' · ');
  setChildren(ui.sessionPeople, ...(people.length
    ? phraseNodes(t('history.session.people'), { names: people.map((p) => p.name).join(', ') }, (text) => el('span', { className: 'people-label', text }))
    : []));
  ui.sessionPeople.hidden = !people.length;
  const key = encodeURIComponent(facilitatorKey.get() ?? '');
  ui.reportLink.href = `/export/${encodeURIComponent(code)}.html?key=${key}`;
  ui.reportLink.setAttribute('aria-label', t('history.export.report_label', { code }));
  ui.downloadError.hidden = true;
  ui.deleteButton.dataset.code = code;
  ui.deleteButton.dataset.open = open ? '1' : '0';

  setChildren(ui.rounds, ...rounds.map((r, i) => roundItem(code, r, i)));
  ui.noRounds.hidden = rounds.length > 0;
  document.title = t('history.title.session', { code });
}

function roundItem(code, r, index) {
  const people = roundPeople(r);
  const facts = [
    finite(r.startedMs) ? clockTime(r.startedMs) : '',
    finite(r.startedMs) && finite(r.endedMs) ? duration(r.endedMs - r.startedMs) : t('history.round.unfinished'),
    people ? tn('history.people', people) : '',
    roundAmount(r),
  ].filter(Boolean);
  return el('li', { className: 'history-round', dataset: { round: r.id } }, navLink(el(
    'a',
    { className: 'history-round-link', href: address(code, r.id) },
    el('span', { className: 'round-number', attrs: { 'aria-hidden': 'true' }, text: String(r.number ?? index + 1) }),
    el('span', { className: 'round-text' },
      el('span', { className: 'round-game', text: t('common.round_game', { n: r.number ?? index + 1, game: gameName(r.game) }) }),
      r.activity ? el('span', { className: 'round-activity', text: activityWords(r.activity) }) : null,
      el('span', { className: 'round-subject', text: roundSubject(r) }),
      el('span', { className: 'round-facts', text: r.error ? t('history.round.unreadable') : facts.join(' · ') })),
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
  ui.toSession.textContent = t('history.session.title', { code });
  ui.roundEyebrow.textContent = t('history.round.eyebrow', { n: number, count: rounds.length, game: gameName(r.game) });
  ui.roundTitle.textContent = roundSubject(r);
  ui.roundActivity.textContent = activityWords(r.activity);
  ui.roundActivity.hidden = !r.activity;
  const people = roundPeople(r);
  ui.roundMeta.textContent = [
    finite(r.startedMs) ? dayTime(r.startedMs) : '',
    finite(r.startedMs) && finite(r.endedMs) ? duration(r.endedMs - r.startedMs) : t('history.round.unfinished'),
    people ? tn('history.people', people) : '',
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
      ? t('history.round.error', { error: r.error })
      : t('history.round.no_results');
    ui.roundError.hidden = false;
  }

  const pager = (a, target, label) => {
    a.hidden = !target;
    if (target) {
      a.href = address(code, target.id);
      a.setAttribute('aria-label', label(target.number ?? rounds.indexOf(target) + 1));
    }
  };
  pager(ui.prevRound, rounds[index - 1], (n) => t('history.pager.previous_label', { n }));
  pager(ui.nextRound, rounds[index + 1], (n) => t('history.pager.next_label', { n }));

  document.title = t('history.title.round', { n: number, code });
}
