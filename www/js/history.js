// The History page (/history), for the facilitator only: the stored sessions with their rounds
// (GET /api/sessions), one session's rounds and downloads, and one round's transcript drawn with
// the same results pictures as the stage (rounds[i].results of GET /export/CODE.json, rendered
// by results.js). It also opens the printable debrief report and deletes a session (the
// `delete_session` message over a facilitator WebSocket).
//
// Addresses: /history, /history?session=CODE, /history?session=CODE&round=r2 (history-nav.js).
// The facilitator key comes from localStorage (the facilitator page stores it), or from
// #key=KEY like /host. This file routes between the screens (drawn by history-screens.js) and
// does the downloads and the deleting; history-api.js talks to the server.

import { t } from './catalog.js';
import { ServerError } from './connection.js';
import { byId, el, modal, phraseNodes, screenSwitcher, setChildren, showText } from './dom.js';
import { describeError } from './errors.js';
import { api, Denied, facilitatorRequest, forgetSessions, loadSession, NotFound } from './history-api.js';
import { go, navLink, setRoute, where } from './history-nav.js';
import { renderRound, renderSession, sessionItem } from './history-screens.js';
import { facilitatorKey, takeKeyFromAddress } from './store.js';

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
  noSessionsText: byId('no-sessions-text'),
  downloadError: byId('download-error'),
  deleteButton: byId('delete'),
  dialog: byId('delete-dialog'),
  dialogTitle: byId('delete-dialog-title'),
  dialogCode: byId('delete-dialog-code'),
  dialogOpen: byId('delete-dialog-open'),
  dialogError: byId('delete-error'),
  dialogConfirm: byId('delete-confirm'),
};
const showScreen = screenSwitcher(ui.screens);
const deleteDialog = modal(ui.dialog, byId('delete-cancel'));

let shown = null;  // the session on screen: its JSON export
let notice = '';   // shown once above the list (after a deletion)

// --- Screens -----------------------------------------------------------------------------------

function showDenied() {
  ui.loading.hidden = true;
  showText(ui.error, null);
  ui.deniedText.textContent = facilitatorKey.get() ? t('history.denied.bad_key') : t('history.denied.no_key');
  facilitatorKey.clear();
  document.title = t('history.title');
  showScreen(ui.screens.denied);
}

function failed(error) {
  if (error instanceof Denied) {
    showDenied();
    return;
  }
  ui.loading.hidden = true;
  showText(ui.error, error instanceof Error && error.message ? error.message : t('history.error.unknown'));
}

let routing = 0;  // the latest navigation; an older one that finishes late draws nothing

async function route() {
  const ticket = ++routing;
  const { session, round } = where();
  showText(ui.error, null);
  if (!facilitatorKey.get()) {
    showDenied();
    return;
  }
  if (!session) {
    await showList(ticket);
    return;
  }
  let record;
  ui.loading.textContent = t('history.loading.session', { code: session });
  ui.loading.hidden = false;
  try {
    record = await loadSession(session);
  } catch (error) {
    if (ticket !== routing) return;
    if (error instanceof NotFound) {
      notice = t('history.notice.missing', { code: session });
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
      renderRound(record, index);
      show(ui.screens.round);
      return;
    }
    renderSession(record);
    show(ui.screens.session);
    showText(ui.error, t('history.error.no_round', { code: session, round }));
    return;
  }
  renderSession(record);
  show(ui.screens.session);
}

// A session or round screen, from its top.
function show(screen) {
  showScreen(screen);
  window.scrollTo(0, 0);
}

async function showList(ticket) {
  forgetSessions();  // an open session may have new rounds by the time it is opened again
  ui.loading.textContent = t('history.loading.list');
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
  document.title = t('history.title');
  showScreen(ui.screens.list);
}

function showNotice() {
  document.getElementById('notice')?.remove();
  if (!notice) return;
  const node = el('p', { className: 'history-notice', id: 'notice', attrs: { role: 'status' }, text: notice });
  ui.screens.list.querySelector('.section-head').after(node);
  notice = '';
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
    const name = anonymous ? t('history.download.file_anonymous', { code }) : t('history.download.file', { code });
    const a = el('a', { href: url, download: `${name}.${EXTENSIONS[format]}`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (error) {
    if (error instanceof Denied) {
      showDenied();
      return;
    }
    showText(ui.downloadError, error instanceof NotFound
      ? t('history.download.gone', { code })
      : error.message || t('history.download.failed'));
  } finally {
    button.disabled = false;
  }
}

// --- Deleting ----------------------------------------------------------------------------------

function askToDelete() {
  const code = ui.deleteButton.dataset.code;
  if (!code) return;
  ui.dialogCode.textContent = code;
  setChildren(ui.dialogTitle, ...phraseNodes(t('history.delete.title'), { code: ui.dialogCode }));
  ui.dialogOpen.hidden = ui.deleteButton.dataset.open !== '1';
  ui.dialogError.hidden = true;
  ui.dialogConfirm.disabled = false;
  ui.dialog.dataset.code = code;
  deleteDialog.open();
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
      deleteDialog.close();
      showDenied();
      return;
    }
    showText(ui.dialogError, error instanceof ServerError && error.code === 'room_not_found'
      ? t('history.delete.gone', { code })
      : describeError(error));
    return;
  }
  deleteDialog.close();
  forgetSessions(code);
  shown = null;
  notice = t('history.notice.deleted', { code });
  go('/history');
}

// --- Start -------------------------------------------------------------------------------------

function start() {
  takeKeyFromAddress();
  setChildren(ui.noSessionsText, ...phraseNodes(t('history.list.empty_text'), {
    page: el('a', { href: '/host', text: t('history.list.empty_link') }),
  }));
  setRoute(route);
  for (const a of document.querySelectorAll('.crumbs a[href="/history"]')) {
    if (a.id !== 'to-session') navLink(a);
  }
  ui.reload.addEventListener('click', () => {
    forgetSessions();
    route();
  });
  for (const button of document.querySelectorAll('[data-format]')) {
    button.addEventListener('click', () => download(button));
  }
  ui.deleteButton.addEventListener('click', askToDelete);
  ui.dialogConfirm.addEventListener('click', confirmDelete);
  window.addEventListener('popstate', route);
  route();
}

start();
