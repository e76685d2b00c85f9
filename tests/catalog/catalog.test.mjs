// The message catalog is whole and nothing in it is dead: every key a page, a script or a report
// writer uses is in www/catalog/en.json, every key there is used, and every other language has
// exactly the same keys, plural forms and placeholders as English. A page that loads only its part
// of the catalog (data-catalog-parts on its <html>) names every part its modules use.
//
// How keys are found (the conventions catalog.js and catalog/catalog.hpp ask for):
//   JS:   t('key'), tn('key', n), and templates t(`game.${kind}.name`) (any key of that shape)
//   HTML: data-t="key", data-t-label, data-t-placeholder, data-t-title, data-t-alt
//   C++:  on a line that calls say(), say_n(), say_for() or say_known() (reports/wording.hpp), every
//         string literal shaped like a key ("report.round"; "game.*.name" with '*' for any one part)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const catalogDir = join(root, 'www', 'catalog');

function files(dir, pattern) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}

// Lines that are comments are not code: their examples are not uses.
function code(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .join('\n');
}

const KEY = '[a-z][a-z0-9_]*(?:\\.[a-zA-Z0-9_]+)+'; // later parts may be a vocabulary id (largestShare)
const catalogs = Object.fromEntries(
  readdirSync(catalogDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(catalogDir, f), 'utf8'))]),
);

// Adds uses found in `path` to `found`: { where, key } for a literal key, { where, source, pattern }
// for a key made from a template.
function recorder(path, found) {
  return {
    add: (key) => found.push({ where: relative(root, path), key }),
    addPattern: (source) => {
      const parts = source.split(/\$\{[^}]*\}|\*/).map((p) => p.replace(/[.]/g, '\\.'));
      found.push({ where: relative(root, path), source, pattern: new RegExp(`^${parts.join('[a-zA-Z0-9_]+')}$`) });
    },
  };
}

// The uses in one script or page.
function usesIn(path, found) {
  const { add, addPattern } = recorder(path, found);
  if (path.endsWith('.html')) {
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(new RegExp(`\\bdata-t(?:-label|-placeholder|-title|-alt)?="(${KEY})"`, 'g'))) add(m[1]);
    return;
  }
  const text = code(path);
  for (const m of text.matchAll(new RegExp(`\\btn?\\(\\s*(['"])(${KEY})\\1`, 'g'))) add(m[2]);
  for (const m of text.matchAll(/\btn?\(\s*`([^`]*)`/g)) addPattern(m[1]);
}

// Every use: { where, key } for a literal key, { where, pattern } for a key made from a template.
function uses() {
  const found = [];
  for (const path of files(join(root, 'www'), /\.(m?js|html)$/)) usesIn(path, found);
  for (const dir of ['reports', 'server', 'catalog']) {
    for (const path of files(join(root, dir), /\.(cpp|hpp)$/)) {
      const { add, addPattern } = recorder(path, found);
      for (const line of code(path).split('\n')) {
        if (!/\bsay(?:_n|_for|_known)?\(/.test(line)) continue;
        for (const m of line.matchAll(/"([a-z][a-z0-9_]*(?:\.[a-zA-Z0-9_*]+)+)"/g)) {
          if (m[1].includes('*')) addPattern(m[1]);
          else add(m[1]);
        }
      }
    }
  }
  return found;
}

// Words a page may write in its HTML as they are: the product's name, file formats, and an example
// room code. Everything else a person reads is a catalog phrase.
const NOT_PHRASES = new Set(['Earshot', 'JSON', 'CSV', 'Markdown', 'ABCD']);

// The phrases written into a page's HTML instead of the catalog: text between tags (but not the
// keys of a keyboard, <kbd>), and the attributes people read (aria-label, placeholder, title, alt)
// with letters in them.
function phrasesInHtml(html) {
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style|kbd)\b[\s\S]*?<\/\1>/g, '');
  const found = [];
  for (const m of body.matchAll(/>([^<]+)</g)) {
    const text = m[1].replace(/&[a-z]+;|&#\d+;/g, ' ').trim();
    if (/\p{L}/u.test(text) && !NOT_PHRASES.has(text)) found.push(text);
  }
  for (const m of body.matchAll(/\s(aria-label|placeholder|title|alt)="([^"]*)"/g)) {
    if (/\p{L}/u.test(m[2]) && !NOT_PHRASES.has(m[2])) found.push(`${m[1]}="${m[2]}"`);
  }
  return found;
}

function placeholders(phrase) {
  const texts = typeof phrase === 'string' ? [phrase] : Object.values(phrase);
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{([a-zA-Z0-9_]+)\}/g)].map((m) => m[1])))].sort();
}

test('catalog: there is an English catalog and every entry is a phrase or plural forms', () => {
  assert.ok(catalogs.en, 'www/catalog/en.json is missing');
  for (const [lang, phrases] of Object.entries(catalogs)) {
    for (const [key, value] of Object.entries(phrases)) {
      assert.match(key, new RegExp(`^${KEY}$`), `${lang}: "${key}" is not a key (words joined by dots, starting in lower case)`);
      const ok = typeof value === 'string' || (value && typeof value === 'object' && typeof value.other === 'string');
      assert.ok(ok, `${lang}: ${key} must be a string or {"one": ..., "other": ...}`);
    }
  }
});

test('catalog: every key the code uses is in the English catalog', () => {
  const en = catalogs.en;
  const missing = [];
  for (const use of uses()) {
    if (use.key !== undefined && !(use.key in en)) missing.push(`${use.where}: ${use.key}`);
    if (use.pattern && !Object.keys(en).some((k) => use.pattern.test(k))) missing.push(`${use.where}: ${use.source} (no key of that shape)`);
  }
  assert.deepEqual(missing, [], `keys used but not in www/catalog/en.json:\n${missing.join('\n')}`);
});

test('catalog: every key in the English catalog is used', () => {
  const all = uses();
  const unused = Object.keys(catalogs.en).filter((key) => !all.some((u) => u.key === key || (u.pattern && u.pattern.test(key))));
  assert.deepEqual(unused, [], `keys in www/catalog/en.json that nothing uses:\n${unused.join('\n')}`);
});

test('catalog: every language has the same keys, plural forms and placeholders as English', () => {
  const en = catalogs.en;
  for (const [lang, phrases] of Object.entries(catalogs)) {
    if (lang === 'en') continue;
    assert.deepEqual(Object.keys(phrases).sort(), Object.keys(en).sort(), `${lang}: not the same keys as en`);
    for (const key of Object.keys(en)) {
      assert.equal(typeof phrases[key], typeof en[key], `${lang}: ${key} is not the same kind of entry as in en`);
      assert.deepEqual(placeholders(phrases[key]), placeholders(en[key]), `${lang}: ${key} has other placeholders than en`);
    }
  }
});

// The page and every module it loads: its <script type="module"> and what they import, in turn.
function pageFiles(htmlPath) {
  const html = readFileSync(htmlPath, 'utf8');
  const seen = new Set([htmlPath]);
  const todo = [...html.matchAll(/<script type="module" src="\/js\/([^"]+)"/g)].map((m) => join(root, 'www', 'js', m[1]));
  while (todo.length) {
    const path = todo.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    for (const m of code(path).matchAll(/\b(?:import|export)\b[^;]*?\bfrom\s*['"]\.\/([^'"]+)['"]/g)) todo.push(join(root, 'www', 'js', m[1]));
  }
  return [...seen];
}

test('pages: a page that loads its own part of the catalog names every part its modules use', () => {
  const pages = files(join(root, 'www'), /\.html$/)
    .map((path) => ({ path, parts: /<html[^>]*\sdata-catalog-parts="([^"]*)"/.exec(readFileSync(path, 'utf8'))?.[1] }))
    .filter((p) => p.parts !== undefined);
  assert.ok(pages.some((p) => p.path.endsWith('index.html')), 'the phone page loads only its part of the catalog');
  const missing = [];
  for (const { path, parts } of pages) {
    const named = new Set(parts.split(/\s+/).filter(Boolean));
    const found = [];
    for (const file of pageFiles(path)) usesIn(file, found);
    for (const use of found) {
      const first = (use.key ?? use.source).split('.')[0];
      // A template whose first part is made at run time could be any key: the page needs them all.
      if (first.includes('${') || !named.has(first)) missing.push(`${relative(root, path)}: ${use.where} uses ${use.key ?? use.source}`);
    }
  }
  assert.deepEqual(missing, [], `keys a page uses outside the parts it names (data-catalog-parts):\n${missing.join('\n')}`);
});

test('pages: no phrase is written into the HTML, every one comes from the catalog', () => {
  const found = [];
  for (const path of files(join(root, 'www'), /\.html$/)) {
    for (const phrase of phrasesInHtml(readFileSync(path, 'utf8'))) found.push(`${relative(root, path)}: ${phrase}`);
  }
  assert.deepEqual(found, [], `phrases in the HTML (give them a data-t key instead):\n${found.join('\n')}`);
});
