// The facilitator page's Plans screen (/host?plans): the built-in plans and the facilitator's own,
// asked for over HTTP with the key (docs/protocol.md, "Plans"). A plan is a workshop prepared
// ahead: activities in order, each a round set up in full (its game and main text, or a draw from
// a deck; its options, with round-options.js's inputs as in the room's set-up form; how the
// circles are arranged), with a title, the facilitator's notes and the debrief's questions. A
// built-in plan can be copied and downloaded; an own plan is started new, edited (activities
// added, duplicated, deleted, moved with buttons or Alt+↑/Alt+↓), deleted (a second press
// confirms), imported from a plan file (docs/plans.md) and downloaded as one. A refusal names its
// field (`activities[2].title`, `activities[0].config.wordLimit`): the editor shows it beside that
// field. Everything typed goes in as text. The agenda in a room (host-agenda.js) follows these plans.

import { t, tn } from './catalog.js';
import { dayTime } from './dates.js';
import { button, byId, el, setChildren, showText } from './dom.js';
import { gameName } from './game.js';
import { deckName, fetchDecks } from './host-decks.js';
import { call, confirmDelete, deleteButton, freeName, LibraryError, listActions, saveDownload } from './library.js';
import { GAMES, optionOf, outOfRangeWords, roundOptions } from './round-options.js';

// The config field each game's main text goes in, which a draw from a deck fills instead.
const MAIN_FIELD = { chain: 'seedWord', burst: 'stimuli', waat: 'title', spiv: 'prompt' };
// The codes the catalog has words for (error.CODE), beyond the decks' own.
const CODES = [
  'plan_not_found', 'plan_read_only', 'plan_name_taken', 'too_many_plans', 'plan_deck_missing', 'plan_too_big',
  'plan_not_json', 'plan_not_a_plan', 'plan_unsupported_version', 'deck_name_taken', 'not_saved',
];
const NAME_CHARS = 60;
const TITLE_CHARS = 80;
const NOTE_CHARS = 2000;
const QUESTIONS = 8;
const QUESTION_CHARS = 200;
const MAX_ACTIVITIES = 40;
const FILE_BYTES = 1024 * 1024;

const planPath = (id) => `/api/plans/${encodeURIComponent(id)}`;

// Every plan (built-in first, then the facilitator's own, oldest first), in short.
export async function fetchPlans() {
  const list = (await (await call('GET', '/api/plans')).json())?.plans;
  return Array.isArray(list) ? list.filter((p) => p && typeof p.id === 'string') : [];
}

export function planName(plan) {
  return String(plan?.name ?? plan?.id ?? '');
}

// "20 min · 4 activities"
export function planSize(plan) {
  const size = tn('plans.size', Number(plan.size ?? plan.activities?.length) || 0);
  return Number(plan.minutes) > 0 ? t('plans.minutes_size', { minutes: tn('plans.minutes', Number(plan.minutes)), size }) : size;
}

// Where a refusal's `field` is, in words: "activity 3, title", "deck 1, entries[4]".
export function fieldWords(field) {
  const path = String(field ?? '').replace(/^plan\./, '');
  const m = /^(activities|decks)\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (!m) return path;
  const kind = m[1] === 'activities' ? 'activity' : 'deck';
  const n = Number(m[2]) + 1;
  return m[3] ? t(`plans.field.${kind}_field`, { n, field: m[3] }) : t(`plans.field.${kind}`, { n });
}

export function describePlanError(error) {
  if (!(error instanceof LibraryError) || error.code === 'unreachable') return t('error.unreachable');
  if (CODES.includes(error.code)) return t(`error.${error.code}`, { nameChars: NAME_CHARS, plans: 100 });
  return error.message || t('plans.error.status', { status: error.status });
}

function lines(text) {
  return String(text).split(/\r\n|\r|\n/).map((s) => s.trim()).filter(Boolean);
}

// The circles of an activity, in words: "Everyone in one circle", "3 circles".
export function circlesWords(circles) {
  if (circles === 'one') return t('plans.circles.one');
  if (circles && typeof circles === 'object' && Number(circles.split) > 0) return tn('plans.circles.split_n', Number(circles.split));
  return t('plans.circles.keep');
}

let seq = 0;  // ids of the editor's inputs, never twice on the page

// One activity of the editor: its card (a list item) and what is typed in it.
// `activity`: a stored activity ({title, notes, questions, circles, config, draw}) or null;
// `decks`: the decks to draw from; `on`: {move(card, delta), duplicate(card), remove(card), titled()}.
function activityCard(activity, decks, on) {
  const n = ++seq;
  const id = (what) => `act${n}-${what}`;
  const a = activity ?? {};
  let base = a.config && typeof a.config === 'object' ? { ...a.config } : { v: 1, game: 'chain' };
  if (!GAMES.includes(base.game)) base.game = 'chain';
  const errors = {};

  // A labelled field with its error line; `extra` goes under the input (hints, counts).
  function field(key, label, input, { className = 'field', hint } = {}) {
    input.id ||= id(key);
    const error = el('p', { className: 'field-error', id: id(`${key}-error`), hidden: true, attrs: { role: 'alert' } });
    const hintNode = hint ? el('p', { className: 'hint', id: id(`${key}-hint`), text: hint }) : null;
    input.setAttribute('aria-describedby', [hintNode?.id, error.id].filter(Boolean).join(' '));
    errors[key] = { error, input };
    return el('div', { className }, el('label', { htmlFor: input.id, text: label }), input, hintNode, error);
  }

  const title = el('input', { type: 'text', maxLength: TITLE_CHARS, autocomplete: 'off', value: String(a.title ?? '') });
  const game = el('select', {}, ...GAMES.map((g) => el('option', { value: g, text: gameName(g) })));
  game.value = base.game;
  const circles = el('select', {},
    el('option', { value: 'keep', text: t('plans.circles.keep') }),
    el('option', { value: 'one', text: t('plans.circles.one') }),
    el('option', { value: 'split', text: t('plans.circles.split') }));
  const split = el('input', { type: 'number', inputMode: 'numeric', min: 2, max: 50, value: '2' });
  if (a.circles === 'one') circles.value = 'one';
  else if (a.circles && typeof a.circles === 'object') {
    circles.value = 'split';
    split.value = String(a.circles.split ?? 2);
  }

  // The main text of each game: one input per game, the chosen game's shown.
  const mains = {
    chain: el('input', { type: 'text', maxLength: 100, autocomplete: 'off' }),
    waat: el('input', { type: 'text', maxLength: 100, autocomplete: 'off' }),
    spiv: el('input', { type: 'text', maxLength: 100, autocomplete: 'off' }),
    burst: el('textarea', { rows: 3 }),
  };
  const mainValue = base[MAIN_FIELD[base.game]];
  if (Array.isArray(mainValue)) mains[base.game].value = mainValue.join('\n');
  else if (typeof mainValue === 'string') mains[base.game].value = mainValue;
  const mainLabels = {
    chain: t('host.setup.seed_word'),
    waat: t('plans.activity.story_title'),
    spiv: t('set.prompt'),
    burst: t('host.setup.stimuli'),
  };
  const mainFields = Object.fromEntries(GAMES.map((g) => {
    const node = field(`main-${g}`, mainLabels[g], mains[g], { className: 'field activity-main' });
    node.dataset.game = g;
    return [g, node];
  }));

  // The game's options (timers, limits, variants), as the room's set-up form has them.
  const options = roundOptions({ id: (key) => id(`opt-${key}`), errors: true });
  if (a.config && typeof a.config === 'object') options.fromConfig(base);
  else options.reset(base.game);

  // The draw: a deck (or none: what is typed), in order or at random, how many (burst).
  const deck = el('select');
  const mode = el('select', { className: 'deck-mode' },
    el('option', { value: 'random', text: t('decks.setup.mode.random') }),
    el('option', { value: 'next', text: t('decks.setup.mode.next') }));
  const count = el('input', { type: 'number', inputMode: 'numeric', min: 1, max: 50, value: '3' });
  const draw = a.draw && typeof a.draw === 'object' ? a.draw : null;
  function fillDecks(list) {
    const chosen = deck.value || draw?.deck || '';
    const option = (d) => el('option', { value: d.id, text: t('decks.setup.option', { name: deckName(d), size: tn('decks.size', Number(d.size) || 0) }) });
    const own = list.filter((d) => !d.builtin);
    const known = list.some((d) => d.id === chosen);
    setChildren(deck,
      el('option', { value: '', text: t('decks.setup.none') }),
      el('optgroup', { label: t('decks.builtin.title') }, ...list.filter((d) => d.builtin).map(option)),
      own.length ? el('optgroup', { label: t('decks.own.title') }, ...own.map(option)) : null,
      chosen && !known ? el('option', { value: chosen, text: t('plans.activity.deck_missing') }) : null);
    deck.value = chosen;
  }
  fillDecks(decks);
  if (draw) {
    mode.value = draw.mode === 'next' ? 'next' : 'random';
    count.value = String(draw.count ?? 1);
  }

  const notes = el('textarea', { rows: 3, maxLength: NOTE_CHARS, value: String(a.notes ?? '') });
  const questions = el('textarea', { rows: 3, value: Array.isArray(a.questions) ? a.questions.join('\n') : '' });

  const heading = el('h3', { className: 'activity-heading', id: id('heading') });
  const up = button({ className: 'button small', onClick: () => on.move(card, -1) }, el('span', { attrs: { 'aria-hidden': 'true' }, text: '↑ ' }), t('plans.activity.up'));
  const down = button({ className: 'button small', onClick: () => on.move(card, 1) }, el('span', { attrs: { 'aria-hidden': 'true' }, text: '↓ ' }), t('plans.activity.down'));
  const copy = button({ className: 'button small', text: t('plans.activity.duplicate'), onClick: () => on.duplicate(card) });
  const remove = button({ className: 'button small danger-quiet', text: t('plans.activity.delete'), onClick: () => on.remove(card) });
  const other = el('p', { className: 'field-error activity-error', hidden: true, attrs: { role: 'alert' } });
  errors.other = { error: other, input: null };  // about the activity as a whole: the card takes the focus

  const drawField = el('div', { className: 'field deck-draw' },
    el('label', { htmlFor: id('deck'), text: t('decks.setup.label') }),
    el('div', { className: 'deck-draw-row' },
      deck,
      el('label', { className: 'visually-hidden', htmlFor: id('mode'), text: t('decks.setup.mode_label') }),
      mode,
      el('label', { className: 'deck-draw-count', dataset: { game: 'burst' } }, el('span', { text: t('decks.setup.count') }), ' ', count)),
    el('p', { className: 'field-error', id: id('draw-error'), hidden: true, attrs: { role: 'alert' } }));
  deck.id = id('deck');
  mode.id = id('mode');
  count.id = id('count');
  deck.setAttribute('aria-describedby', id('draw-error'));
  errors.draw = { error: drawField.querySelector('.field-error'), input: deck };

  const node = el('li', { className: 'activity-card', tabIndex: 0, attrs: { 'aria-labelledby': heading.id } },
    el('div', { className: 'activity-head' },
      heading,
      el('div', { className: 'activity-tools', attrs: { role: 'group', 'aria-labelledby': heading.id } }, up, down, copy, remove)),
    el('div', { className: 'activity-grid' },
      field('title', t('plans.activity.title'), title, { className: 'field activity-title' }),
      field('game', t('host.setup.game'), game),
      el('div', { className: 'field activity-circles' },
        el('label', { htmlFor: id('circles'), text: t('plans.activity.circles') }),
        el('div', { className: 'activity-circles-row' },
          circles,
          el('label', { className: 'deck-draw-count activity-split' }, el('span', { text: t('plans.activity.split_count') }), ' ', split)),
        el('p', { className: 'field-error', id: id('circles-error'), hidden: true, attrs: { role: 'alert' } }))),
    el('div', { className: 'activity-main-row' }, ...GAMES.map((g) => mainFields[g])),
    drawField,
    el('div', { className: 'activity-options' },
      el('div', { className: 'options-grid' }, ...options.fields),
      el('fieldset', { className: 'checks activity-checks' },
        el('legend', { text: t('host.setup.options') }),
        ...options.checks),
      options.checksError),
    el('div', { className: 'activity-words' },
      field('notes', t('plans.activity.notes'), notes, { hint: t('plans.activity.notes_hint') }),
      field('questions', t('plans.activity.questions'), questions, { hint: t('plans.activity.questions_hint', { n: QUESTIONS }) })),
    other);
  circles.id = id('circles');
  circles.setAttribute('aria-describedby', id('circles-error'));
  errors.circles = { error: node.querySelector(`#${id('circles-error')}`), input: circles };
  split.id = id('split');

  function titleText() {
    return title.value.trim();
  }

  // The card's number, heading and the buttons' names ("Move Warm-up up"), after a move or a new title.
  function label(index, total) {
    const name = titleText() || t('plans.activity.untitled', { n: index + 1 });
    setChildren(heading, el('span', { className: 'activity-number', text: String(index + 1) }), ' ', name);
    up.setAttribute('aria-label', t('plans.activity.up_label', { name }));
    down.setAttribute('aria-label', t('plans.activity.down_label', { name }));
    copy.setAttribute('aria-label', t('plans.activity.duplicate_label', { name }));
    remove.setAttribute('aria-label', t('plans.activity.delete_label', { name }));
    // At the ends a move does nothing, but the button keeps its place (and the focus).
    up.setAttribute('aria-disabled', String(index === 0));
    down.setAttribute('aria-disabled', String(index === total - 1));
  }

  // The chosen game's fields; a deck chosen rests the typed text.
  function show() {
    const g = game.value;
    const drawing = deck.value !== '';
    for (const [kind, node] of Object.entries(mainFields)) {
      node.hidden = kind !== g;
      mains[kind].disabled = drawing;
    }
    options.show(g);
    mode.disabled = !drawing;
    count.disabled = !drawing;
    drawField.querySelector('[data-game="burst"]').hidden = g !== 'burst';
    split.closest('label').hidden = circles.value !== 'split';
  }

  game.addEventListener('change', () => {
    // Another game's options would be refused: the config starts again from the new game's (the
    // inputs shared by both games keep what is in them; the timers take the new game's defaults).
    base = { v: 1, game: game.value };
    options.applyDefaults(game.value);
    show();
  });
  deck.addEventListener('change', show);
  circles.addEventListener('change', show);
  title.addEventListener('input', () => on.titled());
  show();

  // The activity as the plan stores it.
  function read() {
    const g = game.value;
    const config = options.write({ ...base, v: 1, game: g });
    delete config.circles;
    const drawing = deck.value !== '';
    const mainKey = MAIN_FIELD[g];
    delete config[mainKey];
    if (!drawing) {
      if (g === 'burst') config.stimuli = lines(mains.burst.value);
      else if (mains[g].value.trim()) config[mainKey] = mains[g].value.trim();
    }
    const out = {
      title: title.value.trim(),
      notes: notes.value.replace(/\r\n?/g, '\n').trim(),
      questions: lines(questions.value),
      circles: circles.value === 'split' ? { split: Math.round(Number(split.value)) || 0 } : circles.value,
      config,
    };
    if (drawing) {
      out.draw = { deck: deck.value, mode: mode.value };
      if (g === 'burst') out.draw.count = Math.round(Number(count.value)) || 0;
    }
    return out;
  }

  // Which of the card's fields a refusal's path (after "activities[i].") is about.
  function keyOf(path) {
    const parts = String(path).split(/[.[\]]+/).filter((p) => p && !/^\d+$/.test(p));
    const first = parts[0];
    if (first === 'config') {
      const last = parts.at(-1);
      if (last === 'game' || last === 'v') return 'game';
      if (Object.values(MAIN_FIELD).includes(last)) return `main-${game.value}`;
      // An option: its input, and the error line under it (or under the ticks).
      if (optionOf(last)) {
        errors[`option-${last}`] ??= options.forField(last);
        return `option-${last}`;
      }
      return 'other';
    }
    if (first === 'draw') return 'draw';
    return first && errors[first] ? first : 'other';
  }

  const card = {
    node,
    label,
    read,
    title: titleText,
    setDecks: fillDecks,
    // A refusal about this activity: its words beside the field, which is marked and focused.
    setError(path, message) {
      const { error, input } = errors[keyOf(path)] ?? errors.other;
      showText(error, message);
      input?.setAttribute('aria-invalid', 'true');
      (input ?? node).focus();
    },
    clearErrors() {
      for (const { error, input } of Object.values(errors)) {
        showText(error, '');
        input?.setAttribute('aria-invalid', 'false');
      }
    },
    // Problems seen before asking the server: [path, message] or null.
    check() {
      if (!titleText()) return ['title', t('plans.error.no_title')];
      if (lines(questions.value).length > QUESTIONS) return ['questions', t('plans.error.too_many_questions', { n: QUESTIONS })];
      if (lines(questions.value).some((q) => Array.from(q).length > QUESTION_CHARS)) return ['questions', t('plans.error.question_too_long', { chars: QUESTION_CHARS })];
      return null;
    },
  };
  return card;
}

// show(screen): makes 'plans' (the list) or 'plan' (the editor) the page's visible screen;
// onChanged(plans): the list as it is now (for the agenda); onDenied(): the key was refused.
// Returns {open(), refresh()}.
export function plansScreen({ show, onChanged = () => {}, onDenied = () => {} }) {
  const ui = {
    file: byId('plan-file'),
    create: byId('plan-new'),
    error: byId('plans-error'),
    report: byId('plan-report'),
    own: byId('own-plans'),
    noOwn: byId('no-own-plans'),
    builtin: byId('builtin-plans'),
    form: byId('plan-form'),
    title: byId('plan-editor-title'),
    name: byId('plan-name'),
    nameError: byId('plan-name-error'),
    minutes: byId('plan-minutes'),
    minutesError: byId('plan-minutes-error'),
    activities: byId('plan-activities'),
    add: byId('plan-add'),
    moved: byId('plan-moved'),
    formError: byId('plan-error'),
    save: byId('plan-save'),
    cancel: byId('plan-cancel'),
    remove: byId('plan-delete'),
    back: byId('plan-back'),
  };
  let plans = [];
  let decks = [];
  let newest = null;   // the plan just made, imported or saved: marked in the list
  let editing = null;  // the own plan in the editor, or null for a new one
  let cards = [];      // the editor's activities, in order
  let armed = [];      // the list's delete confirmations, reset when it is drawn again

  function fail(error, line = ui.error) {
    if (error instanceof LibraryError && error.code === 'bad_key') {
      onDenied();
      return;
    }
    showText(line, describePlanError(error));
  }

  function report(...children) {
    setChildren(ui.report, ...children);
    ui.report.hidden = children.length === 0;
  }

  let listFailed = false;
  async function refresh() {
    try {
      [plans, decks] = await Promise.all([fetchPlans(), fetchDecks()]);
      if (listFailed) showText(ui.error, '');
      listFailed = false;
    } catch (error) {
      fail(error);
      listFailed = true;
      return;
    }
    render();
    onChanged(plans);
  }

  const copyName = (wanted) => freeName(plans, wanted, NAME_CHARS, t('plans.untitled'));

  // ---- The list ----

  async function download(plan) {
    showText(ui.error, '');
    try {
      await saveDownload(await call('GET', `${planPath(plan.id)}.json`), `${plan.id}.earshot-plan.json`);
    } catch (error) {
      fail(error);
    }
  }

  const { copy, remove } = listActions({
    errorLine: ui.error,
    report,
    collection: '/api/plans',
    itemPath: planPath,
    nameOf: planName,
    deletedWords: (name) => t('plans.deleted', { name }),
    copyName: (plan) => copyName(t('decks.copy_name', { name: planName(plan) })),
    fail,
    refresh,
    copied: async (made) => {
      newest = made.id;
      await refresh();
      openEditor(made);
    },
  });

  function deletePlanButton(plan) {
    const { node, confirm } = deleteButton({
      className: 'button danger-quiet',
      text: t('plans.delete'),
      label: t('plans.delete_label', { name: planName(plan) }),
      onDelete: () => remove(plan),
    });
    armed.push(confirm);
    return node;
  }

  function planItem(plan) {
    const name = planName(plan);
    const size = planSize(plan);
    const meta = plan.builtin
      ? t('plans.builtin.meta', { size })
      : Number.isFinite(plan.updatedAt) ? t('decks.own.meta', { size, when: dayTime(plan.updatedAt) }) : size;
    const titles = Array.isArray(plan.titles) ? plan.titles : [];
    const games = Array.isArray(plan.games) ? plan.games : [];
    const actions = [];
    if (!plan.builtin) actions.push(button({ className: 'button primary', text: t('plans.edit'), label: t('plans.edit_label', { name }), onClick: () => openEditor(plan) }));
    actions.push(
      button({ className: plan.builtin ? 'button primary' : 'button', text: t('plans.copy'), label: t('plans.copy_label', { name }), onClick: () => copy(plan) }),
      button({ className: 'button', text: t('plans.download'), label: t('plans.download_label', { name }), onClick: () => download(plan) }),
    );
    if (!plan.builtin) actions.push(deletePlanButton(plan));
    return el(
      'li',
      { className: plan.id === newest ? 'deck-item plan-item newest' : 'deck-item plan-item', dataset: { id: plan.id } },
      el('div', { className: 'deck-head' },
        el('h3', { className: 'deck-name', text: name }),
        el('span', { className: 'meta deck-meta', text: meta })),
      titles.length
        ? el('ol', { className: 'plan-outline' }, ...titles.map((title, i) => el('li', {},
          el('span', { className: 'plan-outline-title', text: String(title) }),
          games[i] ? el('span', { className: 'meta plan-outline-game', text: t('plans.outline_game', { game: gameName(games[i]) }) }) : null)))
        : null,
      el('div', { className: 'actions' }, ...actions),
    );
  }

  function render() {
    for (const confirm of armed) confirm.reset();
    armed = [];
    const own = plans.filter((p) => !p.builtin);
    setChildren(ui.own, ...own.map(planItem));
    ui.noOwn.hidden = own.length > 0;
    setChildren(ui.builtin, ...plans.filter((p) => p.builtin).map(planItem));
  }

  // ---- Importing a file ----

  async function importFile(file) {
    showText(ui.error, '');
    report();
    if (file.size > FILE_BYTES) return fail(new LibraryError({ code: 'plan_too_big' }, 413));
    ui.create.disabled = true;
    try {
      const res = await call('POST', '/api/plans/import', { file: new Blob([file], { type: 'application/json' }) });
      const result = await res.json();
      const plan = result.plan ?? {};
      newest = plan.id ?? null;
      await refresh();
      const named = (ids) => (Array.isArray(ids) ? ids : []).map((d) => {
        const found = decks.find((x) => x.id === d);
        return found ? deckName(found) : String(d);
      });
      const added = named(result.decksAdded);
      const reused = named(result.decksReused);
      const separator = t('decks.sample_separator');
      report(
        el('p', { className: 'deck-report-title', text: tn('plans.imported', Number(plan.activities?.length ?? plan.size) || 0, { name: planName(plan) }) }),
        added.length ? el('p', { text: tn('plans.imported.decks_added', added.length, { names: added.join(separator) }) }) : null,
        reused.length ? el('p', { text: tn('plans.imported.decks_reused', reused.length, { names: reused.join(separator) }) }) : null,
      );
      ui.own.querySelector('.plan-item.newest')?.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      if (error instanceof LibraryError && error.code === 'bad_key') {
        onDenied();
      } else {
        // The refusal in words, and where in the file it is.
        report();
        const where = error instanceof LibraryError && error.field ? fieldWords(error.field) : '';
        showText(ui.error, where ? t('plans.refused.where', { why: describePlanError(error), where }) : describePlanError(error));
      }
    } finally {
      ui.create.disabled = false;
      ui.file.value = '';
    }
  }

  // ---- The editor ----

  const deleting = confirmDelete(ui.remove, { text: t('plans.delete') });

  function relabel() {
    cards.forEach((card, i) => card.label(i, cards.length));
    ui.add.disabled = cards.length >= MAX_ACTIVITIES;
  }

  function say(text) {
    ui.moved.textContent = '';
    // A new text node each time, so the same words are announced again.
    setTimeout(() => {
      ui.moved.textContent = text;
    }, 50);
  }

  const handlers = {
    move(card, delta) {
      const from = cards.indexOf(card);
      const to = from + delta;
      if (from < 0 || to < 0 || to >= cards.length) return;
      const focused = card.node.contains(document.activeElement) ? document.activeElement : card.node;
      cards.splice(from, 1);
      cards.splice(to, 0, card);
      if (delta < 0) ui.activities.insertBefore(card.node, cards[to + 1].node);
      else ui.activities.insertBefore(card.node, cards[to - 1].node.nextSibling);
      relabel();
      // A moved element loses the focus: it stays with what was focused.
      focused.focus();
      card.node.scrollIntoView({ block: 'nearest' });
      say(t('plans.activity.moved', { name: card.title() || t('plans.activity.untitled', { n: to + 1 }), n: to + 1, count: cards.length }));
    },
    duplicate(card) {
      if (cards.length >= MAX_ACTIVITIES) return;
      const at = cards.indexOf(card) + 1;
      const copy = activityCard(card.read(), decks, handlers);
      cards.splice(at, 0, copy);
      card.node.after(copy.node);
      relabel();
      copy.node.focus();
      say(t('plans.activity.duplicated', { name: card.title() || t('plans.activity.untitled', { n: at }), n: at + 1 }));
    },
    remove(card) {
      const at = cards.indexOf(card);
      if (at < 0) return;
      cards.splice(at, 1);
      card.node.remove();
      relabel();
      const next = cards[at] ?? cards[at - 1];
      if (next) next.node.focus();
      else ui.add.focus();
      say(t('plans.activity.deleted', { name: card.title() || t('plans.activity.untitled', { n: at + 1 }) }));
    },
    titled: relabel,
  };

  function addActivity(activity = null) {
    const card = activityCard(activity, decks, handlers);
    cards.push(card);
    ui.activities.append(card.node);
    relabel();
    return card;
  }

  function clearErrors() {
    showText(ui.nameError, '');
    showText(ui.minutesError, '');
    showText(ui.formError, '');
    ui.name.setAttribute('aria-invalid', 'false');
    ui.minutes.setAttribute('aria-invalid', 'false');
    for (const card of cards) card.clearErrors();
  }

  async function openEditor(plan) {
    showText(ui.error, '');
    deleting.reset();
    let full = null;
    if (plan) {
      try {
        full = await (await call('GET', planPath(plan.id))).json();
      } catch (error) {
        fail(error);
        return;
      }
    }
    editing = full;
    try {
      decks = await fetchDecks();
    } catch {
      // The decks offered are those of the list; a draw from a deck not among them says so.
    }
    cards = [];
    ui.activities.replaceChildren();
    clearErrors();
    ui.name.maxLength = NAME_CHARS;
    ui.title.textContent = editing ? t('plans.editor.edit', { name: planName(editing) }) : t('plans.editor.new');
    ui.name.value = editing ? planName(editing) : '';
    ui.minutes.value = editing && Number(editing.minutes) > 0 ? String(editing.minutes) : '';
    const activities = Array.isArray(editing?.activities) && editing.activities.length ? editing.activities : [null];
    for (const activity of activities) addActivity(activity);
    ui.remove.hidden = !editing;
    show('plan');
    window.scrollTo(0, 0);
    ui.name.focus();
  }

  function closeEditor() {
    deleting.reset();
    editing = null;
    cards = [];
    ui.activities.replaceChildren();
    show('plans');
  }

  function showFieldError(field, message) {
    const path = String(field ?? '').replace(/^plan\./, '');
    const m = /^activities\[(\d+)\]\.?(.*)$/.exec(path);
    if (m && cards[Number(m[1])]) {
      cards[Number(m[1])].setError(m[2], message);
      cards[Number(m[1])].node.scrollIntoView({ block: 'nearest' });
      return;
    }
    if (path === 'name') {
      showText(ui.nameError, message);
      ui.name.setAttribute('aria-invalid', 'true');
      ui.name.focus();
    } else if (path === 'minutes') {
      showText(ui.minutesError, message);
      ui.minutes.setAttribute('aria-invalid', 'true');
      ui.minutes.focus();
    } else {
      showText(ui.formError, message);
    }
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const name = ui.name.value.trim();
    if (!name) return showFieldError('name', t('plans.error.no_name', { nameChars: NAME_CHARS }));
    const minutes = ui.minutes.value.trim();
    if (minutes && !(Number(minutes) >= 1 && Number(minutes) <= 480)) return showFieldError('minutes', t('plans.error.minutes'));
    if (!cards.length) return showFieldError('', t('plans.error.no_activities'));
    for (const [i, card] of cards.entries()) {
      const problem = card.check();
      if (problem) return showFieldError(`activities[${i}].${problem[0]}`, problem[1]);
    }
    const body = { name, activities: cards.map((c) => c.read()) };
    if (minutes) body.minutes = Math.round(Number(minutes));
    ui.save.disabled = true;
    try {
      const res = editing
        ? await call('PUT', planPath(editing.id), { json: body })
        : await call('POST', '/api/plans', { json: body });
      const saved = await res.json();
      newest = saved.id;
      report(el('p', { className: 'deck-report-title', text: tn('plans.saved', Number(saved.activities?.length) || cards.length, { name: planName(saved) }) }));
      closeEditor();
      await refresh();
    } catch (error) {
      if (error instanceof LibraryError && error.code === 'bad_key') onDenied();
      else if (error instanceof LibraryError && error.field) {
        // A number out of range, said with the form's limits (timers in seconds, not milliseconds).
        const words = error.code === 'bad_field' ? outOfRangeWords(/\.config\.([A-Za-z]+)$/.exec(error.field)?.[1]) : null;
        showFieldError(error.field, words ?? describePlanError(error));
      }
      else fail(error, ui.formError);
    } finally {
      ui.save.disabled = false;
    }
  }

  async function removeEditing() {
    if (!editing || !deleting.press()) return;
    const plan = editing;
    closeEditor();
    await remove(plan);
  }

  // Alt+↑ and Alt+↓ move the focused activity (from the card itself or one of its buttons; in a
  // text field or a list they keep their own meaning).
  ui.activities.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    const target = event.target;
    if (!(target instanceof HTMLElement) || !(target.matches('.activity-card') || target instanceof HTMLButtonElement)) return;
    const card = cards.find((c) => c.node.contains(target));
    if (!card) return;
    event.preventDefault();
    handlers.move(card, event.key === 'ArrowUp' ? -1 : 1);
  });
  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0];
    if (file) importFile(file);
  });
  ui.create.addEventListener('click', () => {
    report();
    openEditor(null);
  });
  ui.add.addEventListener('click', () => {
    if (cards.length >= MAX_ACTIVITIES) return;
    const card = addActivity();
    card.node.scrollIntoView({ block: 'nearest' });
    card.node.querySelector('input')?.focus();
  });
  ui.form.addEventListener('submit', save);
  ui.cancel.addEventListener('click', closeEditor);
  ui.back.addEventListener('click', closeEditor);
  ui.remove.addEventListener('click', removeEditing);

  return {
    open() {
      show('plans');
      refresh();
    },
    refresh,
  };
}
