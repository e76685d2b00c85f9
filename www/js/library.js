// What the facilitator's Decks and Plans screens share (host-decks.js, host-plans.js): requests
// to their HTTP APIs with the key (docs/protocol.md, "Decks" and "Plans"), the refusals, names
// compared as the server compares them, a free name for a copy, saving a download, and the list's
// copy and two-step delete.

import { t } from './catalog.js';
import { TwoStep } from './confirm.js';
import { button, el, showText } from './dom.js';
import { facilitatorKey } from './store.js';

const CONFIRM_MS = 4000;

// A refusal of the decks' or the plans' API (or no answer at all: code "unreachable").
export class LibraryError extends Error {
  constructor(body, status) {
    super(typeof body?.message === 'string' ? body.message : '');
    this.code = typeof body?.code === 'string' ? body.code : `http_${status}`;
    this.field = typeof body?.field === 'string' ? body.field : '';
    this.line = Number.isInteger(body?.line) ? body.line : 0;
    this.sameAs = Number.isInteger(body?.sameAs) ? body.sameAs : 0;
    this.status = status;
  }
}

// A request with the facilitator key: the answer, or a LibraryError.
export async function call(method, path, { json, file } = {}) {
  const headers = { Authorization: `Bearer ${facilitatorKey.get() ?? ''}` };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (file) {
    headers['Content-Type'] = file.type || 'text/plain';
    body = file;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body, cache: 'no-store' });
  } catch {
    throw new LibraryError({ code: 'unreachable' }, 0);
  }
  if (res.ok) return res;
  let detail = null;
  try {
    detail = await res.json();
  } catch {
    // Not the server's JSON (a proxy's page, say): the status says it.
  }
  throw new LibraryError(detail, res.status);
}

// The same name for the server (games/deck.hpp: case, accents and surrounding punctuation do not count).
export function nameKey(name) {
  return String(name).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '').replace(/\s+/g, ' ');
}

// `wanted`, or "wanted (2)", "wanted (3)", ... (cut short to fit `maxChars`): a name none of the
// own `items` has. `untitled`: the name when `wanted` is empty.
export function freeName(items, wanted, maxChars, untitled) {
  const taken = new Set(items.filter((item) => !item.builtin).map((item) => nameKey(item.name)));
  const base = Array.from(String(wanted).trim()).slice(0, maxChars).join('') || untitled;
  if (!taken.has(nameKey(base))) return base;
  for (let n = 2; ; n += 1) {
    let cut = Array.from(base);
    let name = t('decks.name_n', { name: base, n });
    while (Array.from(name).length > maxChars && cut.length > 1) {
      cut = cut.slice(0, -1);
      name = t('decks.name_n', { name: cut.join('').trim(), n });
    }
    if (!taken.has(nameKey(name))) return name;
  }
}

// Saves a download answer as a file, under the name the server gave it (else `fallback`).
export async function saveDownload(res, fallback) {
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallback;
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// The second press a delete asks for: `node` says so meanwhile ("Press again to delete"), then
// goes back to `text` (and its `label`, when it has one). Returns the TwoStep: press() is true on
// the second press.
export function confirmDelete(node, { text, label }) {
  return new TwoStep(CONFIRM_MS, {
    onArm: () => {
      node.dataset.armed = 'true';
      node.textContent = t('decks.delete_armed');
      if (label) node.setAttribute('aria-label', t('decks.delete_armed'));
    },
    onDisarm: () => {
      delete node.dataset.armed;
      node.textContent = text;
      if (label) node.setAttribute('aria-label', label);
    },
  });
}

// A list's delete button, which deletes on the second press. Returns the button and its
// confirmation, to reset when the list is drawn again.
export function deleteButton({ className, text, label, onDelete }) {
  const node = button({ className, text, label });
  const confirm = confirmDelete(node, { text, label });
  node.addEventListener('click', () => {
    if (confirm.press()) onDelete();
  });
  return { node, confirm };
}

// Copying an item of the list into a new own one, and deleting an own one, for a screen with an
// error line (`errorLine`) and a report (`report(...nodes)`):
//   collection: '/api/decks'; itemPath(id); nameOf(item); deletedWords(name): the report's words;
//   copyName(item): the copy's name; fail(error); refresh(); copied(made): after a copy.
export function listActions({ errorLine, report, collection, itemPath, nameOf, deletedWords, copyName, fail, refresh, copied }) {
  return {
    async copy(item) {
      showText(errorLine, '');
      report();
      try {
        const res = await call('POST', collection, { json: { name: copyName(item), copyOf: item.id } });
        await copied(await res.json());
      } catch (error) {
        fail(error);
      }
    },
    async remove(item) {
      showText(errorLine, '');
      try {
        await call('DELETE', itemPath(item.id));
        report(el('p', { className: 'deck-report-title', text: deletedWords(nameOf(item)) }));
      } catch (error) {
        fail(error);
      }
      await refresh();
    },
  };
}
