// The people in a room as a client sees them: built from the welcome snapshot, then kept up to
// date by `joined` and `presence` events. Shared by the phone and the stage.

function participant(raw) {
  if (!raw || typeof raw.id !== 'string' || typeof raw.name !== 'string') return null;
  return { id: raw.id, name: raw.name, online: raw.online !== false };
}

export class Roster {
  #people = new Map();  // id -> {id, name, online}, in the order they joined

  // Starts over from a room snapshot (a welcome's `room.participants`).
  reset(list) {
    this.#people.clear();
    for (const raw of Array.isArray(list) ? list : []) {
      const p = participant(raw);
      if (p) this.#people.set(p.id, p);
    }
  }

  // Applies a server event; returns true if the roster changed.
  apply(msg) {
    if (msg.type === 'joined') {
      const p = participant(msg.participant);
      if (!p) return false;
      this.#people.set(p.id, p);
      return true;
    }
    if (msg.type === 'presence') {
      const p = this.#people.get(msg.id);
      if (!p || typeof msg.online !== 'boolean' || p.online === msg.online) return false;
      p.online = msg.online;
      return true;
    }
    return false;
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
