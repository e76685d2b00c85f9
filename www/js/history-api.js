// What the History page asks the server: the stored sessions and one session's JSON export over
// HTTP with the facilitator key, and the one thing HTTP cannot do here (deleting a session) over
// a facilitator WebSocket.

import { t } from './catalog.js';
import { Connection, ServerError } from './connection.js';
import { facilitatorKey } from './store.js';

// The server refused the key (403), or has no such thing (404).
export class Denied extends Error {}
export class NotFound extends Error {}

// GET `path` with the key; resolves with the response, or throws Denied, NotFound or an Error
// whose message is for people.
export async function api(path) {
  let res;
  try {
    res = await fetch(path, { headers: { Authorization: `Bearer ${facilitatorKey.get() ?? ''}` }, cache: 'no-store' });
  } catch {
    throw new Error(t('history.error.unreachable'));
  }
  if (res.status === 403) throw new Denied();
  if (res.status === 404) throw new NotFound();
  if (!res.ok) throw new Error(t('history.error.status', { status: `${res.status} ${res.statusText}`.trim() }));
  return res;
}

// Sessions' JSON exports, fetched once each for this page's life (until forgotten).
const sessionCache = new Map();  // code -> Promise of its JSON export

export function loadSession(code) {
  if (!sessionCache.has(code)) {
    const p = api(`/export/${encodeURIComponent(code)}.json`).then((res) => res.json());
    p.catch(() => sessionCache.delete(code));
    sessionCache.set(code, p);
  }
  return sessionCache.get(code);
}

// Forgets one session (deleted), or all of them (an open session may have new rounds since).
export function forgetSessions(code) {
  if (code) sessionCache.delete(code);
  else sessionCache.clear();
}

// Sends `msg` over a facilitator WebSocket that connects for it and disconnects once the reply
// is in. Rejects with the server's ServerError, or an Error on a timeout.
export function facilitatorRequest(msg, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.stop();
      fn(value);
    };
    const conn = new Connection({
      hello: () => ({ type: 'hello', key: facilitatorKey.get() }),
      onWelcome: () => {
        if (done) return;
        conn.request(msg).then((reply) => finish(resolve, reply), (error) => {
          if (error instanceof ServerError) finish(reject, error);
          // A lost connection: the Connection tries again, and the next welcome asks again.
        });
      },
      onRejected: (error) => finish(reject, error),
    });
    const timer = setTimeout(() => finish(reject, new Error('timeout')), timeoutMs);
    conn.join();
  });
}
