// The facilitator page's round set-up form: the game, its options (only those of the chosen game
// are shown), the decks of seed words, titles, prompts and words to pick from, and the checks the
// server would make anyway, said before asking it. Instead of what is typed, the seed word, title,
// stimuli or prompt can be drawn from a deck (built-in or the facilitator's own, host-decks.js):
// the server draws it when it sets the round up (`draw` of new_round, docs/protocol.md). The
// options' inputs (timers, limits, variants) are round-options.js's, as in the Plans screen's editor.

import { t, tn } from './catalog.js';
import { byId, el, setChildren, showText } from './dom.js';
import { describeError } from './errors.js';
import { getVocabulary } from './game.js';
import { deckName } from './host-decks.js';
import { outOfRangeWords, roundOptions } from './round-options.js';

// The inputs of a config's main fields and of the draw, for marking the one the server refused
// (those of the options: round-options.js).
const FIELD_INPUTS = {
  seedWord: 'seed-word', title: 'title', prompt: 'prompt', stimuli: 'stimuli',
  draw: 'deck', 'draw.deck': 'deck', 'draw.count': 'deck-count',
};

// What a deck fills in for each game, and the inputs that are then not used.
const DECK_FIELDS = {
  chain: ['seed-word'],
  waat: ['title'],
  spiv: ['prompt'],
  burst: ['stimuli', 'stimulus-pick', 'stimuli-random'],
};

function opt(id) {
  return byId(`opt-${id}`);
}

function number(id) {
  const v = Number(opt(id).value);
  return Number.isFinite(v) ? Math.round(v) : 0;
}

function randomFrom(list) {
  return list.length ? list[Math.floor(Math.random() * list.length)] : '';
}

function lines(text) {
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

// conn: the page's Connection. Returns {form, setContent(content), setDecks(decks), vocabularyArrived()}.
export function setupForm({ conn }) {
  const form = byId('setup-form');
  const errorLine = byId('setup-error');
  const content = { seeds: [], stimuli: [], prompts: [], titles: [] };
  const options = roundOptions({ id: (key) => `opt-${key}` });
  byId('setup-options').append(...options.fields);
  byId('setup-checks').append(...options.checks);

  function selectedGame() {
    return form.querySelector('input[name="game"]:checked')?.value ?? 'chain';
  }

  function showGameOptions() {
    const game = selectedGame();
    for (const node of form.querySelectorAll('[data-games]')) {
      node.hidden = !node.dataset.games.split(' ').includes(game);
    }
    options.show(game);
    // Each game's defaults are the server's (the welcome's vocabulary), in the form's seconds.
    options.applyDefaults(game);
    showDeckChoice();
    showSetupError(null);
  }

  // With a deck chosen, what would be typed for this game is drawn instead: its inputs rest.
  function showDeckChoice() {
    const drawing = opt('deck').value !== '';
    for (const [game, ids] of Object.entries(DECK_FIELDS)) {
      for (const id of ids) opt(id).disabled = drawing && game === selectedGame();
    }
    for (const b of form.querySelectorAll('[data-deck]')) {
      b.disabled = drawing && byId(b.dataset.target).disabled;
    }
    opt('deck-mode').disabled = !drawing;
    opt('deck-count').disabled = !drawing;
  }

  // The draw for new_round, or null when nothing is drawn.
  function readDraw() {
    const deck = opt('deck').value;
    if (!deck) return null;
    const draw = { deck, mode: opt('deck-mode').value };
    if (selectedGame() === 'burst') draw.count = number('deck-count');
    return draw;
  }

  // The config as docs/games.md names it, with only the options of the chosen game (the server
  // refuses options of another game).
  function readConfig() {
    const game = selectedGame();
    const config = options.write({ v: 1, game });
    const drawing = opt('deck').value !== '';
    if (game === 'chain') {
      if (!drawing) config.seedWord = opt('seed-word').value.trim() || randomFrom(content.seeds);
    } else if (game === 'waat') {
      const title = opt('title').value.trim();
      if (title && !drawing) config.title = title;
    } else if (game === 'burst') {
      if (!drawing) config.stimuli = lines(opt('stimuli').value);
    } else if (!drawing) {
      config.prompt = opt('prompt').value.trim();
    }
    return config;
  }

  // `error`: a ServerError, or {message} for a check made here; `field`: the config field it is
  // about, whose input is marked and focused.
  function showSetupError(error, field) {
    showText(errorLine, !error ? '' : error instanceof Error ? describeError(error) : error.message);
    for (const node of form.querySelectorAll('[aria-invalid="true"]')) node.setAttribute('aria-invalid', 'false');
    const name = field ? String(field).replace(/^config\./, '').replace(/\[\d+\]$/, '') : '';
    const input = FIELD_INPUTS[name] ? opt(FIELD_INPUTS[name]) : options.forField(name)?.input;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  async function submit(event) {
    event.preventDefault();
    const start = event.submitter?.value !== 'ready';
    const config = readConfig();
    const draw = readDraw();
    const problem = (message, field) => showSetupError({ code: 'bad_field', message }, field);
    const most = getVocabulary().limits?.stimuli;
    if (draw) {
      if (draw.count !== undefined && !(draw.count >= 1 && draw.count <= most)) {
        return problem(tn('host.setup.error.too_many_stimuli', most), 'draw.count');
      }
    } else {
      if (config.game === 'spiv' && !config.prompt) return problem(t('host.setup.error.prompt'), 'prompt');
      if (config.game === 'burst' && !config.stimuli.length) return problem(t('host.setup.error.no_stimuli'), 'stimuli');
      if (config.game === 'burst' && config.stimuli.length > most) return problem(tn('host.setup.error.too_many_stimuli', most), 'stimuli');
    }
    showSetupError(null);
    for (const b of form.querySelectorAll('button[type="submit"]')) b.disabled = true;
    try {
      await conn.request({ type: 'new_round', config, start, ...(draw ? { draw } : {}) });
    } catch (error) {
      // A number out of range, said with the form's limits (timers in seconds, not milliseconds).
      const words = error.code === 'bad_field' ? outOfRangeWords(String(error.field ?? '').replace(/^config\./, '')) : null;
      showSetupError(words ? { message: words } : error, error.field);
    } finally {
      for (const b of form.querySelectorAll('button[type="submit"]')) b.disabled = false;
    }
  }

  function addStimuli(words) {
    const area = opt('stimuli');
    const have = lines(area.value);
    area.value = [...have, ...words.filter((w) => !have.includes(w))].join('\n');
  }

  // The decks of a welcome (seed words, stimuli, prompts, titles) into the lists to pick from.
  function setContent(c) {
    for (const k of ['seeds', 'stimuli', 'prompts', 'titles']) {
      content[k] = Array.isArray(c?.[k]) ? c[k].filter((x) => typeof x === 'string') : [];
    }
    const fill = (id, list) => setChildren(byId(id), ...list.map((v) => el('option', { value: v })));
    fill('deck-seeds', content.seeds);
    fill('deck-titles', content.titles);
    fill('deck-prompts', content.prompts);
    setChildren(opt('stimulus-pick'), el('option', { value: '', text: t('host.setup.stimuli.pick') }), ...content.stimuli.map((v) => el('option', { value: v, text: v })));
  }

  // The decks to draw from (host-decks.js fetchDecks): built-in ones, then the facilitator's own.
  // The one chosen stays chosen while it is there.
  function setDecks(list) {
    const select = opt('deck');
    const chosen = select.value;
    const option = (d) => el('option', { value: d.id, text: t('decks.setup.option', { name: deckName(d), size: tn('decks.size', Number(d.size) || 0) }) });
    const own = list.filter((d) => !d.builtin);
    setChildren(
      select,
      el('option', { value: '', text: t('decks.setup.none') }),
      el('optgroup', { label: t('decks.builtin.title') }, ...list.filter((d) => d.builtin).map(option)),
      own.length ? el('optgroup', { label: t('decks.own.title') }, ...own.map(option)) : null,
    );
    select.value = list.some((d) => d.id === chosen) ? chosen : '';
    showDeckChoice();
  }

  for (const radio of form.querySelectorAll('input[name="game"]')) radio.addEventListener('change', showGameOptions);
  opt('deck').addEventListener('change', () => {
    showDeckChoice();
    showSetupError(null);
  });
  for (const deckButton of form.querySelectorAll('[data-deck]')) {
    deckButton.addEventListener('click', () => {
      const value = randomFrom(content[deckButton.dataset.deck]);
      if (value) byId(deckButton.dataset.target).value = value;
    });
  }
  opt('stimulus-pick').addEventListener('change', (event) => {
    if (event.target.value) addStimuli([event.target.value]);
    event.target.value = '';
  });
  opt('stimuli-random').addEventListener('click', () => {
    const pool = [...content.stimuli];
    const picked = [];
    while (pool.length && picked.length < 3) picked.push(pool.splice(Math.floor(Math.random() * pool.length), 1)[0]);
    addStimuli(picked);
  });
  form.addEventListener('submit', submit);
  showGameOptions();

  // The first welcome brings the games' defaults: the form starts from them. Later welcomes (after
  // a reconnect) leave what the facilitator has typed as it is.
  let defaultsShown = false;
  function vocabularyArrived() {
    options.applyLimits();
    if (defaultsShown || !Object.keys(getVocabulary().defaults ?? {}).length) return;
    defaultsShown = true;
    showGameOptions();
  }
  return { form, setContent, setDecks, vocabularyArrived };
}
