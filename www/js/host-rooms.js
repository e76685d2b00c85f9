// The facilitator page's list of open rooms: create a room, go into one, open its stage, close
// it (after a confirmation). The list is asked for again after every change this page sees and
// every few seconds while the page is visible (the server also pushes it).

import { t, tn } from './catalog.js';
import { button, byId, el, modal, setChildren } from './dom.js';
import { showError } from './errors.js';
import { clockTime } from './dates.js';
import { stageAddress } from './room-code.js';

// A phrase with nodes in place of some of its {placeholders} ("Close room {code}?" with the code
// in a span of its own): the list of strings and nodes to put in an element.
export function phraseWith(phrase, nodes) {
  const names = Object.keys(nodes);
  if (!names.length) return [phrase];
  const parts = phrase.split(new RegExp(`\\{(${names.join('|')})\\}`));
  return parts.map((part, i) => (i % 2 ? nodes[part] : part)).filter((part) => part !== '');
}

// conn: the page's Connection; onContent(content): a welcome brought the decks;
// onOpened(welcome): went into a room; onClosed(code): a room this page closed.
export function roomList({ conn, onContent, onOpened, onClosed }) {
  const ui = {
    create: byId('create-room'),
    error: byId('rooms-error'),
    rooms: byId('rooms'),
    none: byId('no-rooms'),
    dialog: byId('close-dialog'),
    dialogTitle: byId('close-dialog-title'),
    dialogConfirm: byId('close-dialog-confirm'),
  };
  const closeDialog = modal(ui.dialog, byId('close-dialog-cancel'));
  let newestRoom = null;  // the room this page just created, highlighted in the list

  function refresh() {
    conn.request({ type: 'list_rooms' }).then((msg) => render(msg.rooms), () => {});
  }

  async function createRoom() {
    showError(ui.error, null);
    ui.create.disabled = true;
    try {
      const welcome = await conn.request({ type: 'create_room' });
      newestRoom = typeof welcome.room?.code === 'string' ? welcome.room.code : null;
      if (welcome.content) onContent(welcome.content);
      refresh();
    } catch (error) {
      showError(ui.error, error);
    } finally {
      ui.create.disabled = false;
    }
  }

  async function openRoom(code) {
    showError(ui.error, null);
    try {
      const welcome = await conn.request({ type: 'open_room', room: code });
      if (welcome.content) onContent(welcome.content);
      onOpened(welcome);
    } catch (error) {
      showError(ui.error, error);
    }
  }

  async function closeRoom(code) {
    showError(ui.error, null);
    try {
      await conn.request({ type: 'close_room', room: code });
    } catch (error) {
      showError(ui.error, error);
    }
    onClosed(code);
    refresh();
  }

  function askToClose(code) {
    ui.dialog.dataset.code = code;
    setChildren(ui.dialogTitle, ...phraseWith(t('host.close.title'), { code: el('span', { className: 'code', text: code }) }));
    closeDialog.open();
  }

  function roomItem(room) {
    const people =
      room.participants === 0 ? t('host.rooms.nobody') : tn('host.rooms.people', room.participants, { online: room.online });
    return el(
      'li',
      { className: room.code === newestRoom ? 'room-item newest' : 'room-item', dataset: { code: room.code } },
      el(
        'div',
        { className: 'room-id' },
        el('span', { className: 'code room-item-code', text: room.code }),
        el('span', { className: 'meta', text: Number.isFinite(room.createdAt) ? t('host.rooms.opened', { time: clockTime(room.createdAt) }) : '' }),
      ),
      el('p', { className: 'room-people', text: people }),
      el(
        'div',
        { className: 'actions' },
        button({ className: 'button primary', text: t('host.rooms.run'), label: t('host.rooms.run_label', { code: room.code }), onClick: () => openRoom(room.code) }),
        el('a', {
          className: 'button',
          href: stageAddress(room.code),
          target: '_blank',
          rel: 'noopener',
          text: t('host.stage.open'),
          attrs: { 'aria-label': t('host.stage.open_label', { code: room.code }) },
        }),
        button({ className: 'button danger-quiet', text: t('host.rooms.close'), label: t('host.rooms.close_label', { code: room.code }), onClick: () => askToClose(room.code) }),
      ),
    );
  }

  function render(list) {
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
    ui.none.hidden = rooms.length > 0;
  }

  ui.create.addEventListener('click', createRoom);
  ui.dialogConfirm.addEventListener('click', () => {
    closeDialog.close();
    closeRoom(ui.dialog.dataset.code);
  });
  return { refresh, render };
}
