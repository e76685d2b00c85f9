// What the pages remember between visits, in localStorage. Storage can be unavailable
// (private browsing, storage disabled): then nothing is remembered and nothing breaks.

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Not remembered; the page still works for this visit.
  }
}

const KEY = 'earshot.key';
const LAST_ROOM = 'earshot.lastRoom';
const tokenKey = (room) => `earshot.token.${room}`;
const assistantKeyName = (room) => `earshot.assistant.${room}`;

// The facilitator key (shared by the facilitator page and the stage).
export const facilitatorKey = {
  get: () => read(KEY),
  set: (key) => write(KEY, key),
  clear: () => write(KEY, null),
};

// An assistant's key, one per room code: the facilitator's link for a co-facilitator
// (/host?room=CODE#assistant=KEY) opens the facilitator page as that room's assistant.
export const assistantKey = {
  get: (room) => read(assistantKeyName(room)),
  set: (room, key) => write(assistantKeyName(room), key),
  clear: (room) => write(assistantKeyName(room), null),
};

// The key this browser steers room `room` with: the facilitator's, or else the room's assistant key.
export function roomKey(room) {
  return facilitatorKey.get() ?? (room ? assistantKey.get(room) : null);
}

// The facilitator page and the History page may be opened with the key in the address fragment
// (/host#key=KEY, or /host?room=CODE#assistant=KEY for an assistant; never sent to the server in
// a URL): keep it, and take it out of the address bar (and the history) at once. Returns true
// when an assistant's key for `room` came with the address.
export function takeKeyFromAddress(room = '') {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const key = fragment.get('key');
  const assistant = fragment.get('assistant');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  if (key) facilitatorKey.set(key);
  if (assistant && room) {
    assistantKey.set(room, assistant);
    return true;
  }
  return false;
}

// A participant's token, one per room code, so the phone rejoins as the same person.
export const participantToken = {
  get: (room) => read(tokenKey(room)),
  set: (room, token) => write(tokenKey(room), token),
  clear: (room) => write(tokenKey(room), null),
};

// The room this phone joined last, for a visit without ?r=CODE.
export const lastRoom = {
  get: () => read(LAST_ROOM),
  set: (room) => write(LAST_ROOM, room),
  clear: () => write(LAST_ROOM, null),
};
