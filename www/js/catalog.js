// The message catalog: every phrase a page shows, by key, from catalog/LANG.json (the same files
// the server's reports use, catalog/catalog.hpp). This module loads the catalog before any module
// that imports it runs (a top-level await), so t() works everywhere, even at a module's top level.
//
//   t('key', {name: 'Ann'})  a phrase with its {placeholders} filled
//   tn('key', n, {...})      the plural form for n ({"one": "{n} word", "other": "{n} words"})
//
// Static text in the HTML names its key: data-t="key" (the element's text), data-t-label
// (aria-label), data-t-placeholder, data-t-title, data-t-alt; translate(root) fills them in, and runs once on
// the whole page as soon as the catalog is here. Until then the page is hidden (the
// `data-catalog` attribute on <html>, base.css), so nobody sees a label appear.
//
// Keys are checked by tests/catalog: write them as literals, t('pass.timeout'), or as a template
// with a vocabulary item in it, t(`game.${kind}.name`).

const ATTRIBUTES = { tLabel: 'aria-label', tPlaceholder: 'placeholder', tTitle: 'title', tAlt: 'alt' };

let language = 'en';
let phrases = {};

// The page's own part of the catalog: a page that names it (<html data-page="index">) loads
// /catalog/LANG.PAGE.json, which the server's build makes with only the keys the page uses; any
// other page, or a language without one, loads the whole /catalog/LANG.json.
const page = document.documentElement.dataset.page;

// A catalog file: its phrases, or null when the server has no such file.
async function fetchFile(name) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      // Beside this module: /catalog/ from www/, /v/VERSION/catalog/ from the binary (kept for good).
      const response = await fetch(new URL(`../catalog/${encodeURIComponent(name)}.json`, import.meta.url));
      if (response.ok) return await response.json();
      if (response.status === 404) return null;
    } catch {
      // The network blinked: try again below.
    }
    if (attempt === 2) throw new Error('catalog unavailable');
    await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
  }
}

async function fetchCatalog(lang) {
  return (page ? await fetchFile(`${lang}.${page}`) : null) ?? fetchFile(lang);
}

export function fill(phrase, vars = {}) {
  return phrase.replace(/\{([a-zA-Z0-9_]+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export function t(key, vars) {
  const phrase = phrases[key];
  return typeof phrase === 'string' ? fill(phrase, vars) : `[${key}]`;
}

// The same plural rule as the server's (catalog/catalog.cpp).
function pluralForm(n) {
  if (language === 'fr') return n === 0 || n === 1 ? 'one' : 'other';
  return n === 1 ? 'one' : 'other';
}

export function tn(key, n, vars = {}) {
  const forms = phrases[key];
  if (!forms || typeof forms !== 'object') return `[${key}]`;
  const form = n === 0 && forms.zero !== undefined ? 'zero' : pluralForm(n); // "zero": an optional form for none
  return fill(forms[form] ?? forms.other, { ...vars, n });
}

// Whether the catalog has words for `key`: a page asks before wording something the server named
// (a game, a reason, an error code), and shows the server's own word when it has none.
export function has(key) {
  return Object.hasOwn(phrases, key);
}

// Whether `key` has plural forms (say it with tn) rather than one phrase (t).
export function isPlural(key) {
  return has(key) && typeof phrases[key] === 'object';
}

export function catalogLanguage() {
  return language;
}

export function translate(root) {
  for (const node of root.querySelectorAll('[data-t]')) node.textContent = t(node.dataset.t);
  for (const [data, attribute] of Object.entries(ATTRIBUTES)) {
    const name = `data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    for (const node of root.querySelectorAll(`[${name}]`)) node.setAttribute(attribute, t(node.dataset[data]));
  }
}

async function load() {
  const wanted = document.documentElement.lang || 'en';
  let loaded = await fetchCatalog(wanted);
  language = wanted;
  if (!loaded && wanted !== 'en') {
    loaded = await fetchCatalog('en');
    language = 'en';
  }
  if (!loaded) throw new Error('catalog missing');
  phrases = loaded;
  translate(document);
  delete document.documentElement.dataset.catalog;
}

try {
  await load();
} catch {
  // Without its words the page cannot show anything; say so plainly (this is the one sentence
  // that cannot come from the catalog).
  delete document.documentElement.dataset.catalog;
  document.body.textContent = 'Earshot could not load this page. Check the network, then reload the page.';
  throw new Error('Earshot: the message catalog could not be loaded');
}
