// The History page's addresses: /history, /history?session=CODE, /history?session=CODE&round=r2.
// Links inside the page move without a reload; the page draws itself from the address (route).

import { codeFromAddress, isCompleteCode } from './room-code.js';

let route = () => {};

// The function that draws the page for the address in the address bar.
export function setRoute(fn) {
  route = fn;
}

// The session and round in the address (null when absent or malformed).
export function where() {
  const session = codeFromAddress('session');
  const round = new URLSearchParams(location.search).get('round');
  return {
    session: isCompleteCode(session) ? session : null,
    round: round && /^r\d+$/.test(round) ? round : null,
  };
}

export function address(session, round) {
  if (!session) return '/history';
  const q = new URLSearchParams({ session });
  if (round) q.set('round', round);
  return `/history?${q}`;
}

export function go(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route();
}

// Makes a link move without a reload (a plain click only: a middle click or Ctrl+click still
// opens a new tab).
export function navLink(a) {
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(a.getAttribute('href'));
  });
  return a;
}
