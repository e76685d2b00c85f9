// The facilitator page's "Assistant's link" (in the people panel): a second key for this room
// only, for a co-facilitator or someone hosting one circle. It steers rounds and arranges people,
// and nothing else (docs/protocol.md, "assistant"). The facilitator makes it, shows it as a QR
// code for a phone or copies it, replaces it with a new one, or takes it back; whoever holds an
// old key is shown out at once.

import { t } from './catalog.js';
import { confirmButton } from './confirm.js';
import { clockTime } from './dates.js';
import { byId } from './dom.js';
import { showError } from './errors.js';
import { assistantAddress } from './room-code.js';
import { facilitatorKey } from './store.js';

// conn: the page's Connection. Returns {set(assistant), setRoom(code, joinUrl)}.
export function assistantPanel({ conn }) {
  const ui = {
    none: byId('assistant-none'),
    create: byId('assistant-create'),
    link: byId('assistant-link'),
    qr: byId('assistant-qr'),
    address: byId('assistant-address'),
    copy: byId('assistant-copy'),
    since: byId('assistant-since'),
    renew: byId('assistant-renew'),
    revoke: byId('assistant-revoke'),
    error: byId('assistant-error'),
    status: byId('assistant-status'),
  };
  let assistant = null;  // {key, createdMs} or null
  let room = { code: '', joinUrl: '' };

  const revoking = confirmButton(ui.revoke, () => t('host.assistant.revoke_armed'));

  function render() {
    const on = !!assistant?.key;
    ui.none.hidden = on;
    ui.link.hidden = !on;
    if (!on) {
      ui.qr.removeAttribute('src');
      ui.address.value = '';
      return;
    }
    const address = assistantAddress(room.joinUrl, room.code, assistant.key);
    ui.address.value = address;
    // The QR code comes from the server, for the facilitator key only (the key goes as ?key=, as
    // for the exports); a new key gives a new address, so the image is never a stale one.
    const src = `/qr/${encodeURIComponent(room.code)}/assistant.svg?key=${encodeURIComponent(facilitatorKey.get() ?? '')}&made=${assistant.createdMs}`;
    if (ui.qr.getAttribute('src') !== src) ui.qr.src = src;
    ui.since.textContent = Number.isInteger(assistant.createdMs) ? t('host.assistant.since', { time: clockTime(assistant.createdMs) }) : '';
  }

  async function send(action, busy) {
    showError(ui.error, null);
    ui.status.textContent = '';
    busy.disabled = true;
    try {
      await conn.request({ type: 'assistant', action });
      ui.status.textContent = action === 'revoke' ? t('host.assistant.revoked') : '';
    } catch (error) {
      showError(ui.error, error);
    } finally {
      busy.disabled = false;
    }
  }

  ui.create.addEventListener('click', () => send('create', ui.create));
  ui.renew.addEventListener('click', () => send('create', ui.renew));
  ui.revoke.addEventListener('click', () => {
    if (revoking.press()) send('revoke', ui.revoke);
  });
  ui.copy.addEventListener('click', async () => {
    ui.status.textContent = '';
    try {
      await navigator.clipboard.writeText(ui.address.value);
      ui.status.textContent = t('host.assistant.copied');
    } catch {
      // No clipboard (an address that is not localhost or https): the address is selected to copy by hand.
      ui.address.focus();
      ui.address.select();
      ui.status.textContent = t('host.assistant.copy_by_hand');
    }
  });
  ui.address.addEventListener('focus', () => ui.address.select());

  return {
    // The room's link, from the facilitator's welcome or an `assistant` message.
    set(next) {
      assistant = next && typeof next === 'object' && typeof next.key === 'string' ? next : null;
      revoking.reset();
      render();
    },
    setRoom(code, joinUrl) {
      room = { code, joinUrl: joinUrl ?? '' };
      showError(ui.error, null);
      ui.status.textContent = '';
      render();
    },
  };
}
