// The facilitator page's "who may join" controls (in the people panel): lock the room to new
// people, set a cap on how many may join, and hold latecomers for the next round instead of
// adding them to the round in play. Sent as a `doors` message (docs/protocol.md); the room keeps
// them with the session and tells every page (the stage shows a locked or full room).

import { t } from './catalog.js';
import { byId } from './dom.js';
import { PageError, showError } from './errors.js';

// conn: the page's Connection.
export function doorsPanel({ conn }) {
  const ui = {
    locked: byId('doors-locked'),
    hold: byId('doors-hold'),
    capOn: byId('doors-cap-on'),
    cap: byId('doors-cap'),
    error: byId('doors-error'),
    state: byId('doors-state'),
  };
  let doors = { locked: false, cap: null, hold: false };
  let count = 0;

  function render() {
    ui.locked.checked = !!doors.locked;
    ui.hold.checked = !!doors.hold;
    ui.capOn.checked = Number.isInteger(doors.cap);
    ui.cap.disabled = !ui.capOn.checked;
    if (Number.isInteger(doors.cap) && document.activeElement !== ui.cap) ui.cap.value = String(doors.cap);
    let state = t('host.doors.open');
    if (doors.locked) state = t('host.doors.state_locked');
    else if (Number.isInteger(doors.cap) && count >= doors.cap) state = t('host.doors.state_full', { cap: doors.cap });
    else if (Number.isInteger(doors.cap)) state = t('host.doors.state_cap', { count, cap: doors.cap });
    ui.state.textContent = state;
    ui.state.dataset.shut = String(doors.locked || (Number.isInteger(doors.cap) && count >= doors.cap));
  }

  async function send(change) {
    showError(ui.error, null);
    try {
      await conn.request({ type: 'doors', ...change });
    } catch (error) {
      showError(ui.error, error);
      render();  // back to what the room has
    }
  }

  function capValue() {
    const n = Number(ui.cap.value);
    return Number.isInteger(n) && n >= 1 ? n : null;
  }

  ui.locked.addEventListener('change', () => send({ locked: ui.locked.checked }));
  ui.hold.addEventListener('change', () => send({ hold: ui.hold.checked }));
  ui.capOn.addEventListener('change', () => {
    ui.cap.disabled = !ui.capOn.checked;
    if (!ui.capOn.checked) return send({ cap: null });
    if (!ui.cap.value) ui.cap.value = String(Math.max(count, 1));
    return send({ cap: capValue() ?? Math.max(count, 1) });
  });
  ui.cap.addEventListener('change', () => {
    const n = capValue();
    if (n === null) {
      showError(ui.error, new PageError('cap_invalid', t('host.doors.cap_invalid')));
      return;
    }
    send({ cap: n });
  });

  return {
    // The room's doors, from its snapshot (welcome) or a `doors` message.
    set(next) {
      if (next && typeof next === 'object') doors = { locked: !!next.locked, cap: Number.isInteger(next.cap) ? next.cap : null, hold: !!next.hold };
      render();
    },
    // How many people have joined (the cap's "12 of 20").
    setCount(n) {
      count = n;
      render();
    },
  };
}
