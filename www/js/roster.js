// The people in a room as a client sees them: built from the welcome snapshot, then kept up to
// date by `joined`, `presence`, `participant` (renamed) and `left` events. Shared by every page.
// Each person also gets a stable colour number (in the order they joined) so the pages can mark
// who said what with a colour as well as the name.

import { t } from './catalog.js';

export const HUES = 10;  // CSS classes .hue-0 ... .hue-9

function participant(raw) {
  if (!raw || typeof raw.id !== 'string' || typeof raw.name !== 'string') return null;
  return { id: raw.id, name: raw.name, online: raw.online !== false };
}

export class Roster {
  #people = new Map();  // id -> {id, name, online}, in the order they joined
  #gone = new Map();    // id -> name of people who left (their words stay in transcripts)
  #hues = new Map();    // id -> colour number, never reused within a page's life

  // Starts over from a room snapshot (a welcome's `room.participants`).
  reset(list) {
    this.#people.clear();
    for (const raw of Array.isArray(list) ? list : []) {
      const p = participant(raw);
      if (p) this.#add(p);
    }
  }

  #add(p) {
    this.#people.set(p.id, p);
    if (!this.#hues.has(p.id)) {
      // Participant ids are p1, p2, ...: use the number when there is one, so every page
      // (stage, phones, facilitator) gives a person the same colour.
      const n = Number(/^p(\d+)$/.exec(p.id)?.[1]);
      this.#hues.set(p.id, Number.isFinite(n) ? (n - 1) % HUES : this.#hues.size % HUES);
    }
  }

  // Applies a server event; returns true if the roster changed.
  apply(msg) {
    if (msg.type === 'joined' || msg.type === 'participant') {
      const p = participant(msg.participant);
      if (!p) return false;
      this.#add(p);
      return true;
    }
    if (msg.type === 'presence') {
      const p = this.#people.get(msg.id);
      if (!p || typeof msg.online !== 'boolean' || p.online === msg.online) return false;
      p.online = msg.online;
      return true;
    }
    if (msg.type === 'left') {
      const p = this.#people.get(msg.id);
      if (!p) return false;
      this.#gone.set(p.id, p.name);
      this.#people.delete(p.id);
      return true;
    }
    return false;
  }

  get(id) {
    return this.#people.get(id) ?? null;
  }

  // A display name for any id seen in a round (also people who have left since).
  name(id) {
    return this.#people.get(id)?.name ?? this.#gone.get(id) ?? t('roster.someone');
  }

  hue(id) {
    const h = this.#hues.get(id);
    if (h !== undefined) return h;
    const n = Number(/^p(\d+)$/.exec(String(id))?.[1]);
    return Number.isFinite(n) ? (n - 1) % HUES : 0;
  }

  get people() {
    return [...this.#people.values()];
  }

  get size() {
    return this.#people.size;
  }

  get onlineCount() {
    return this.people.filter((p) => p.online).length;
  }
}
