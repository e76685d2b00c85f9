// The facilitator page's people panel: the room's circles with their members in order, and the
// arranging (split into circles, shuffle, move someone up or to another circle, rename, remove
// after a confirmation). Changes take effect at the next round.

import { t, tn } from './catalog.js';
import { button, byId, el, modal, setChildren } from './dom.js';
import { showError } from './errors.js';
import { circleName } from './game.js';

// conn: the page's Connection; roster: the room's Roster.
export function peoplePanel({ conn, roster }) {
  const ui = {
    total: byId('people-total'),
    splitCount: byId('split-count'),
    split: byId('split'),
    shuffle: byId('shuffle'),
    error: byId('arrange-error'),
    circles: byId('circles-list'),
    empty: byId('people-empty'),
    renameDialog: byId('rename-dialog'),
    renameForm: byId('rename-form'),
    renameTitle: byId('rename-title'),
    renameName: byId('rename-name'),
    renameError: byId('rename-error'),
    kickDialog: byId('kick-dialog'),
    kickTitle: byId('kick-title'),
    kickConfirm: byId('kick-confirm'),
  };
  const renameDialog = modal(ui.renameDialog, byId('rename-cancel'));
  const kickDialog = modal(ui.kickDialog, byId('kick-cancel'));
  let circles = [];  // the room's circles: [{id, members}]
  let renaming = null;
  let kicking = null;

  async function arrange(msg) {
    showError(ui.error, null);
    try {
      await conn.request(msg);
      return true;
    } catch (error) {
      showError(ui.error, error);
      return false;
    }
  }

  // The server seats a newcomer in the smallest circle (the first on a tie) and takes someone
  // who left out of theirs, without sending `circles`: the page does the same, so its list stays
  // right until the next `circles` message replaces it.
  function seat(msg) {
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

  function personRow(person, circle, index, all) {
    const move = el('select', { className: 'move-select', attrs: { 'aria-label': t('host.people.move_to', { name: person.name }) } },
      ...all.map((c, i) => el('option', { value: c.id, text: circleName(c.id, i), selected: c.id === circle.id })));
    move.addEventListener('change', () => arrange({ type: 'move', participant: person.id, circle: move.value }));
    return el(
      'li',
      { className: `person-row${person.online ? '' : ' away'}`, dataset: { id: person.id } },
      el('span', { className: `person-dot hue-${roster.hue(person.id)}`, attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'person-name' }, el('span', { className: 'person-name-text', text: person.name }), person.online ? null : el('span', { className: 'person-away', text: t('host.people.away') })),
      el('span', { className: 'person-actions' },
        index > 0 ? button({
          className: 'icon-button', text: '↑', label: t('host.people.move_up', { name: person.name }),
          onClick: () => arrange({ type: 'move', participant: person.id, circle: circle.id, position: index - 1 }),
        }) : el('span', { className: 'icon-spacer' }),
        all.length > 1 ? move : null,
        button({ className: 'icon-button', text: '✎', label: t('host.people.rename', { name: person.name }), onClick: () => askRename(person) }),
        button({ className: 'icon-button danger-text', text: '✕', label: t('host.people.remove', { name: person.name }), onClick: () => askKick(person) })),
    );
  }

  function render() {
    const people = roster.people;
    ui.total.textContent = people.length ? t('host.people.total', { n: people.length, online: roster.onlineCount }) : '';
    ui.empty.hidden = people.length > 0;
    const placed = new Set();
    const blocks = circles.map((c, i) => {
      const members = c.members.map((id) => roster.get(id)).filter(Boolean);
      members.forEach((p) => placed.add(p.id));
      return el(
        'section',
        { className: 'circle-block', dataset: { circle: c.id } },
        el('h3', { className: 'circle-block-title' }, circleName(c.id, i), el('span', { className: 'meta', text: ` · ${tn('host.people.count', members.length)}` })),
        el('ol', { className: 'person-list' }, ...members.map((p, k) => personRow(p, c, k, circles))),
      );
    });
    const loose = people.filter((p) => !placed.has(p.id));
    if (loose.length) {
      blocks.push(el('section', { className: 'circle-block' }, el('h3', { className: 'circle-block-title', text: t('host.people.loose') }),
        el('ol', { className: 'person-list' }, ...loose.map((p, k) => personRow(p, { id: '' }, k, circles)))));
    }
    setChildren(ui.circles, ...blocks);
    ui.splitCount.max = String(Math.max(1, Math.min(50, people.length)));
  }

  function askRename(person) {
    renaming = person;
    ui.renameTitle.textContent = t('host.rename.title', { name: person.name });
    ui.renameName.value = person.name;
    ui.renameError.hidden = true;
    renameDialog.open(ui.renameName);
    ui.renameName.select();
  }

  function askKick(person) {
    kicking = person;
    ui.kickTitle.textContent = t('host.kick.title', { name: person.name });
    kickDialog.open();
  }

  ui.split.addEventListener('click', () => {
    const count = Math.max(1, Math.min(50, Number(ui.splitCount.value) || 1));
    arrange({ type: 'split', count });
  });
  ui.shuffle.addEventListener('click', () => arrange({ type: 'shuffle' }));
  ui.renameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = ui.renameName.value.trim();
    if (!renaming || !name) return;
    try {
      await conn.request({ type: 'rename', participant: renaming.id, name });
      renameDialog.close();
    } catch (error) {
      showError(ui.renameError, error);
    }
  });
  ui.kickConfirm.addEventListener('click', () => {
    kickDialog.close();
    if (kicking) arrange({ type: 'kick', participant: kicking.id });
  });

  return {
    // A `circles` message, or a welcome's room.circles.
    setCircles(list) {
      circles = Array.isArray(list) ? list : [];
    },
    seat,
    render,
  };
}
