// The facilitator page's Decks screen (/host?decks): the built-in decks and the facilitator's own,
// asked for over HTTP with the key (docs/protocol.md, "Decks"). A built-in deck can be copied and
// downloaded; an own deck is started new, edited in a textarea (one entry per line), renamed,
// deleted (a second press confirms), imported from a text or CSV file (the page then says how many
// entries it took and which lines it left out, and why) and downloaded as a text or CSV file.
// Everything typed goes in as text. The set-up form (host-setup.js) draws from the same decks.

import { t, tn } from './catalog.js';
import { dayTime } from './dates.js';
import { button, byId, el, setChildren, showText } from './dom.js';
import { getVocabulary } from './game.js';
import { call, confirmDelete, deleteButton, freeName, LibraryError, listActions, saveDownload } from './library.js';

const BUILTIN = ['seeds', 'stimuli', 'titles', 'prompts', 'tickets', 'caller', 'readings'];

// The codes the catalog has words for (error.CODE); their {placeholders} are the refusal's line
// and the limits.
const CODES = [
  'bad_key', 'deck_name_invalid', 'deck_name_taken', 'deck_not_found', 'deck_read_only', 'too_many_decks', 'deck_empty',
  'deck_too_many_entries', 'deck_too_big', 'deck_entry_invalid', 'deck_entry_too_long', 'deck_entry_duplicate',
  'deck_file_not_text', 'deck_file_type', 'deck_csv_invalid', 'not_saved',
];
// Why an import left a line out, in a few words (decks.refused.CODE).
const LINE_CODES = ['deck_entry_invalid', 'deck_entry_too_long', 'deck_entry_duplicate'];
const REFUSED_SHOWN = 10;  // lines left out that an import's report lists; the rest are counted

const deckPath = (id) => `/api/decks/${encodeURIComponent(id)}`;

// Every deck (built-in first, then the facilitator's own, oldest first), without their entries.
export async function fetchDecks() {
  const list = (await (await call('GET', '/api/decks')).json())?.decks;
  return Array.isArray(list) ? list.filter((d) => d && typeof d.id === 'string') : [];
}

// A deck's name: the catalog's for a built-in deck, the facilitator's own otherwise.
export function deckName(deck) {
  if (deck.builtin) return BUILTIN.includes(deck.id) ? t(`decks.builtin.${deck.id}`) : deck.id;
  return String(deck.name ?? deck.id);
}

// The limits the server's vocabulary gives (games/vocabulary.hpp), as placeholders for phrases.
function limits() {
  const l = getVocabulary().limits ?? {};
  return {
    nameChars: l.deckNameChars ?? 60,
    chars: l.deckEntryChars ?? 100,
    max: l.deckEntries ?? 2000,
    bytes: l.deckBytes ?? 1048576,
    decks: l.decks ?? 200,
  };
}

export function describeDeckError(error) {
  if (!(error instanceof LibraryError) || error.code === 'unreachable') return t('error.unreachable');
  if (CODES.includes(error.code)) return t(`error.${error.code}`, { ...limits(), line: error.line, same: error.sameAs });
  return error.message || t('decks.error.status', { status: error.status });
}

// The first entries of a deck, to know it by ("urgent · a quick fix · …").
function sampleText(sample, more) {
  const entries = sample.join(t('decks.sample_separator'));
  return more ? t('decks.sample_more', { entries }) : t('decks.sample', { entries });
}

function lineCount(text) {
  return text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '').length;
}

// show(screen): makes 'decks' (the list) or 'deck' (the editor) the page's visible screen;
// onChanged(decks): the list as it is now (for the set-up form); onDenied(): the key was refused.
// Returns {open(), refresh()}.
export function decksScreen({ show, onChanged = () => {}, onDenied = () => {} }) {
  const ui = {
    file: byId('deck-file'),
    create: byId('deck-new'),
    error: byId('decks-error'),
    report: byId('deck-report'),
    own: byId('own-decks'),
    noOwn: byId('no-own-decks'),
    builtin: byId('builtin-decks'),
    form: byId('deck-form'),
    title: byId('deck-editor-title'),
    name: byId('deck-name'),
    nameError: byId('deck-name-error'),
    entries: byId('deck-entries'),
    count: byId('deck-entries-count'),
    entriesError: byId('deck-entries-error'),
    formError: byId('deck-error'),
    save: byId('deck-save'),
    cancel: byId('deck-cancel'),
    remove: byId('deck-delete'),
    back: byId('deck-back'),
  };
  let decks = [];
  let newest = null;   // the deck just made, imported or saved: marked in the list
  let editing = null;  // the own deck in the editor, or null for a new one
  let armed = [];      // the list's delete confirmations, reset when it is drawn again

  // A refusal: the key (back to the key screen), or words in `line`.
  function fail(error, line = ui.error) {
    if (error instanceof LibraryError && error.code === 'bad_key') {
      onDenied();
      return;
    }
    showText(line, describeDeckError(error));
  }

  function report(...children) {
    setChildren(ui.report, ...children);
    ui.report.hidden = children.length === 0;
  }

  // (A refusal shown meanwhile stays: only the words of a list that could not be loaded go.)
  let listFailed = false;
  async function refresh() {
    try {
      decks = await fetchDecks();
      if (listFailed) showText(ui.error, '');
      listFailed = false;
    } catch (error) {
      fail(error);
      listFailed = true;
      return;
    }
    render();
    onChanged(decks);
  }

  const copyName = (wanted) => freeName(decks, wanted, limits().nameChars, t('decks.untitled'));

  // ---- The list ----

  async function download(deck, format) {
    showText(ui.error, '');
    try {
      await saveDownload(await call('GET', `${deckPath(deck.id)}.${format}`), `${deck.id}.${format}`);
    } catch (error) {
      fail(error);
    }
  }

  const { copy, remove } = listActions({
    errorLine: ui.error,
    report,
    collection: '/api/decks',
    itemPath: deckPath,
    nameOf: deckName,
    deletedWords: (name) => t('decks.deleted', { name }),
    copyName: (deck) => copyName(t('decks.copy_name', { name: deckName(deck) })),
    fail,
    refresh,
    copied: async (made) => {
      newest = made.id;
      await refresh();
      openEditor(made);
    },
  });

  function deleteDeckButton(deck, className) {
    const { node, confirm } = deleteButton({
      className,
      text: t('decks.delete'),
      label: t('decks.delete_label', { name: deckName(deck) }),
      onDelete: () => remove(deck),
    });
    armed.push(confirm);
    return node;
  }

  function deckItem(deck) {
    const name = deckName(deck);
    const size = tn('decks.size', Number(deck.size) || 0);
    const meta = deck.builtin
      ? t('decks.builtin.meta', { size })
      : Number.isFinite(deck.updatedAt) ? t('decks.own.meta', { size, when: dayTime(deck.updatedAt) }) : size;
    const sample = Array.isArray(deck.sample) ? deck.sample.filter((s) => typeof s === 'string') : [];
    const more = sample.length < (Number(deck.size) || 0);
    const actions = deck.builtin
      ? [button({ className: 'button primary', text: t('decks.copy'), label: t('decks.copy_label', { name }), onClick: () => copy(deck) })]
      : [button({ className: 'button primary', text: t('decks.edit'), label: t('decks.edit_label', { name }), onClick: () => openEditor(deck) })];
    actions.push(
      button({ className: 'button', text: t('decks.export.txt'), label: t('decks.export.txt_label', { name }), onClick: () => download(deck, 'txt') }),
      button({ className: 'button', text: t('decks.export.csv'), label: t('decks.export.csv_label', { name }), onClick: () => download(deck, 'csv') }),
    );
    if (!deck.builtin) actions.push(deleteDeckButton(deck, 'button danger-quiet'));
    return el(
      'li',
      { className: deck.id === newest ? 'deck-item newest' : 'deck-item', dataset: { id: deck.id } },
      el('div', { className: 'deck-head' },
        el('h3', { className: 'deck-name', text: name }),
        el('span', { className: 'meta deck-meta', text: meta })),
      sample.length ? el('p', { className: 'deck-sample', text: sampleText(sample, more) }) : null,
      el('div', { className: 'actions' }, ...actions),
    );
  }

  function render() {
    for (const confirm of armed) confirm.reset();
    armed = [];
    const own = decks.filter((d) => !d.builtin);
    setChildren(ui.own, ...own.map(deckItem));
    ui.noOwn.hidden = own.length > 0;
    setChildren(ui.builtin, ...decks.filter((d) => d.builtin).map(deckItem));
  }

  // ---- Importing a file ----

  function importReport(result) {
    const refused = Array.isArray(result.refused) ? result.refused : [];
    const lines = refused.slice(0, REFUSED_SHOWN).map((r) => {
      const why = LINE_CODES.includes(r.code)
        ? t(`decks.refused.${r.code}`, { ...limits(), same: r.sameAs ?? '' })
        : String(r.message ?? r.code);
      return el('li', { text: t('decks.refused.line', { line: r.line, why }) });
    });
    report(
      el('p', { className: 'deck-report-title', text: tn('decks.imported', Number(result.taken) || 0, { name: deckName(result.deck) }) }),
      refused.length ? el('p', { text: tn('decks.refused.title', refused.length) }) : null,
      lines.length ? el('ul', { className: 'deck-refused' }, ...lines) : null,
      refused.length > REFUSED_SHOWN ? el('p', { className: 'meta', text: tn('decks.refused.more', refused.length - REFUSED_SHOWN) }) : null,
    );
  }

  async function importFile(file) {
    showText(ui.error, '');
    report();
    const { bytes } = limits();
    // What the server would refuse anyway, said before sending it.
    if (!/(\.(txt|text|csv)|^[^.]*)$/i.test(file.name)) return fail(new LibraryError({ code: 'deck_file_type' }, 400));
    if (file.size > bytes) return fail(new LibraryError({ code: 'deck_too_big' }, 413));
    const stem = file.name.replace(/\.[^.]*$/, '') || file.name;
    let name = copyName(stem);
    ui.create.disabled = true;
    try {
      for (let attempt = 0; ; attempt += 1) {
        try {
          const res = await call('POST', `/api/decks/import?name=${encodeURIComponent(name)}&file=${encodeURIComponent(file.name)}`, { file });
          const result = await res.json();
          newest = result.deck?.id ?? null;
          importReport(result);
          break;
        } catch (error) {
          // Someone else took the name meanwhile: the next free one.
          if (!(error instanceof LibraryError) || error.code !== 'deck_name_taken' || attempt > 3) throw error;
          await refresh();
          name = copyName(stem);
        }
      }
    } catch (error) {
      fail(error);
    } finally {
      ui.create.disabled = false;
      ui.file.value = '';
    }
    await refresh();
    ui.own.querySelector('.deck-item.newest')?.scrollIntoView({ block: 'nearest' });
  }

  // ---- The editor ----

  const deleting = confirmDelete(ui.remove, { text: t('decks.delete') });

  function clearErrors() {
    showText(ui.nameError, '');
    showText(ui.entriesError, '');
    showText(ui.formError, '');
    ui.name.setAttribute('aria-invalid', 'false');
    ui.entries.setAttribute('aria-invalid', 'false');
  }

  function countEntries() {
    const { max, chars } = limits();
    showText(ui.count, tn('decks.entries.count', lineCount(ui.entries.value), { max, chars }));
  }

  // Puts the caret on line `n` (from 1) of the textarea and shows it.
  function selectLine(n) {
    const lines = ui.entries.value.split('\n');
    const start = lines.slice(0, n - 1).reduce((sum, l) => sum + l.length + 1, 0);
    ui.entries.focus();
    ui.entries.setSelectionRange(start, start + (lines[n - 1]?.length ?? 0));
  }

  async function openEditor(deck) {
    showText(ui.error, '');
    deleting.reset();
    clearErrors();
    ui.name.maxLength = limits().nameChars;
    let entries = [];
    if (deck) {
      try {
        const full = await (await call('GET', deckPath(deck.id))).json();
        entries = Array.isArray(full.entries) ? full.entries : [];
        editing = full;
      } catch (error) {
        fail(error);
        return;
      }
    } else {
      editing = null;
    }
    ui.title.textContent = editing ? t('decks.editor.edit', { name: deckName(editing) }) : t('decks.editor.new');
    ui.name.value = editing ? deckName(editing) : '';
    ui.entries.value = entries.join('\n');
    ui.remove.hidden = !editing;
    countEntries();
    show('deck');
    (editing ? ui.entries : ui.name).focus();
  }

  function closeEditor() {
    deleting.reset();
    editing = null;
    show('decks');
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const name = ui.name.value;
    const text = ui.entries.value;
    if (!name.trim()) {
      showText(ui.nameError, t('error.deck_name_invalid', limits()));
      ui.name.setAttribute('aria-invalid', 'true');
      ui.name.focus();
      return;
    }
    ui.save.disabled = true;
    try {
      const res = editing
        ? await call('PUT', deckPath(editing.id), { json: { name, text } })
        : await call('POST', '/api/decks', { json: { name, text } });
      const saved = await res.json();
      newest = saved.id;
      report(el('p', { className: 'deck-report-title', text: tn('decks.saved', Number(saved.size) || 0, { name: deckName(saved) }) }));
      closeEditor();
      await refresh();
    } catch (error) {
      if (error instanceof LibraryError && error.field === 'name') {
        fail(error, ui.nameError);
        ui.name.setAttribute('aria-invalid', 'true');
        ui.name.focus();
      } else if (error instanceof LibraryError && error.field === 'text') {
        fail(error, ui.entriesError);
        ui.entries.setAttribute('aria-invalid', 'true');
        if (error.line) selectLine(error.line);
        else ui.entries.focus();
      } else {
        fail(error, ui.formError);
      }
    } finally {
      ui.save.disabled = false;
    }
  }

  async function removeEditing() {
    if (!editing || !deleting.press()) return;
    const deck = editing;
    closeEditor();
    await remove(deck);
  }

  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0];
    if (file) importFile(file);
  });
  ui.create.addEventListener('click', () => {
    report();
    openEditor(null);
  });
  ui.entries.addEventListener('input', countEntries);
  ui.form.addEventListener('submit', save);
  ui.cancel.addEventListener('click', closeEditor);
  ui.back.addEventListener('click', closeEditor);
  ui.remove.addEventListener('click', removeEditing);

  return {
    open() {
      show('decks');
      refresh();
    },
    refresh,
  };
}
