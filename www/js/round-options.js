// The options of a round, in one place: per game, which inputs there are (timers, lengths, limits,
// the variants to tick), their words (catalog keys), their limits (the server's vocabulary,
// game.js getVocabulary()) and how their values become a round config's fields (docs/games.md)
// and back. The room's set-up form (host-setup.js) and the Plans screen's activity editor
// (host-plans.js) both build their option inputs here. What each game's main text is (seed word,
// stimuli, title, prompt) and the draw from a deck stay with each form: they pick it differently.
//
//   const options = roundOptions({ id: (key) => `opt-${key}` });
//   options.fields / options.checks   the nodes to put in the form (number and choice fields; ticks)
//   options.show('waat')              only that game's inputs are shown
//   options.fromConfig(config)        the inputs of a saved config; options.write(config) the reverse

import { t } from './catalog.js';
import { el } from './dom.js';
import { getVocabulary } from './game.js';

export const GAMES = ['chain', 'burst', 'waat', 'spiv'];

const TURN_GAMES = ['chain', 'waat'];
const ANSWER_GAMES = ['burst', 'spiv'];

// The limits of a number option, from the vocabulary (with the server's own as a fallback before
// the first welcome): seconds for timers, as typed.
function timerRange(l) {
  return { min: Math.round((l.minTimerMs ?? 1000) / 1000), max: Math.round((l.maxTimerMs ?? 600000) / 1000) };
}

// Every option. `key`: the input's id part; `field`: the config field; `kind`: seconds (a timer,
// typed in seconds, kept in ms), count, choice or check; `initial`: a new round's value unless the
// vocabulary's defaults of the game give one; `none`: the count that means "no limit" (the field
// is left out); `needs`: the tick without which the option means nothing (its input rests).
// Built on first use: the catalog is there by then (catalog.js).
let table = null;
function options() {
  table ??= [
    { key: 'turn', field: 'turnMs', kind: 'seconds', games: TURN_GAMES, initial: 5, label: t('host.setup.turn'), range: timerRange },
    { key: 'answer-time', field: 'answerMs', kind: 'seconds', games: ANSWER_GAMES, initial: 10, label: t('host.setup.answer_time'), range: timerRange },
    { key: 'answer-chars', field: 'answerChars', kind: 'count', games: ANSWER_GAMES, initial: 40, label: t('host.setup.answer_chars'),
      range: (l) => ({ min: 1, max: l.answerChars ?? 280 }) },
    { key: 'phrase-words', field: 'phraseWords', kind: 'count', games: ['chain'], initial: 1, label: t('host.setup.phrase_words'),
      range: (l) => ({ min: 1, max: l.phraseWords ?? 5 }) },
    { key: 'max-turns', field: 'maxTurns', kind: 'count', games: ['chain'], initial: 12, none: 0, label: t('host.setup.max_turns'),
      hint: t('host.setup.max_turns.hint'), range: (l) => ({ min: 0, max: l.turns ?? 1000 }) },
    { key: 'word-limit', field: 'wordLimit', kind: 'count', games: ['waat'], initial: 0, none: 0, label: t('host.setup.word_limit'),
      hint: t('host.setup.word_limit.hint'), range: (l) => ({ min: 0, max: l.storyWords ?? 2000 }) },
    { key: 'retell-time', field: 'retellMs', kind: 'seconds', games: ['waat'], initial: 60, needs: 'retell', label: t('host.setup.retell_time'), range: timerRange },
    { key: 'pick', field: 'pick', kind: 'choice', games: ['spiv'], initial: 'none', label: t('host.setup.pick'), choices: [
      ['none', t('host.setup.pick.none')], ['closest', t('host.setup.pick.closest')], ['surprising', t('host.setup.pick.surprising')]] },
    { key: 'no-repeat', field: 'noRepeat', kind: 'check', games: TURN_GAMES, initial: false, label: t('host.setup.no_repeat') },
    { key: 'one-two-three', field: 'oneTwoThree', kind: 'check', games: ['waat'], initial: false, label: t('host.setup.one_two_three') },
    { key: 'retell', field: 'retell', kind: 'check', games: ['waat'], initial: true, label: t('host.setup.retell') },
    { key: 'title-vote', field: 'titleVote', kind: 'check', games: ['waat'], initial: false, label: t('host.setup.title_vote') },
    { key: 'predict', field: 'predict', kind: 'check', games: ['spiv'], initial: false, label: t('host.setup.predict') },
    { key: 'anonymous', field: 'anonymous', kind: 'check', games: ANSWER_GAMES, initial: false, label: t('host.setup.anonymous') },
    { key: 'listening', field: 'listening', kind: 'check', games: TURN_GAMES, initial: false, label: t('host.setup.listening') },
    { key: 'listening-stage', field: 'listeningStage', kind: 'check', games: TURN_GAMES, initial: false, needs: 'listening',
      label: t('host.setup.listening_stage') },
    // Every game: the config's `order`, "shuffle" or (left out) as set.
    { key: 'shuffle', field: 'order', kind: 'check', games: GAMES, initial: false, on: 'shuffle', label: t('host.setup.shuffle') },
  ];
  return table;
}

// The option a config field belongs to ("wordLimit", "order"), or undefined: for wording a
// refusal of that field.
export function optionOf(field) {
  return options().find((o) => o.field === field);
}

// An option's limits now, as the form types them (seconds for timers): {min, max}.
export function rangeOf(option) {
  return option?.range ? option.range(getVocabulary().limits ?? {}) : null;
}

// A refusal of an option's number as out of range, in the form's words ("Between 1 and 600
// seconds, please."), or null for a field that is not an option's number.
export function outOfRangeWords(field) {
  const option = optionOf(field);
  const range = rangeOf(option);
  if (!range) return null;
  return option.kind === 'seconds' ? t('host.setup.error.seconds', range) : t('host.setup.error.range', range);
}

// The inputs of every option, for one form. `id(key)`: the input's id; `errors`: with an error line
// (role=alert) under each number or choice field, and one under the ticks (`checksError`).
export function roundOptions({ id, errors = false }) {
  const inputs = {};
  const nodes = {};
  const errorLines = {};

  for (const o of options()) {
    let input;
    if (o.kind === 'check') {
      input = el('input', { type: 'checkbox', id: id(o.key) });
      nodes[o.key] = el('label', {}, input, ' ', el('span', { text: o.label }));
    } else {
      input = o.kind === 'choice'
        ? el('select', { id: id(o.key) }, ...o.choices.map(([value, text]) => el('option', { value, text })))
        : el('input', { type: 'number', inputMode: 'numeric', id: id(o.key) });
      const error = errors ? el('p', { className: 'field-error', id: id(`${o.key}-error`), hidden: true, attrs: { role: 'alert' } }) : null;
      if (error) {
        input.setAttribute('aria-describedby', error.id);
        errorLines[o.key] = error;
      }
      nodes[o.key] = el('div', { className: 'field' },
        el('label', { htmlFor: input.id },
          o.hint ? el('span', { text: o.label }) : o.label,
          o.hint ? ' ' : null,
          o.hint ? el('span', { className: 'optional', text: o.hint }) : null),
        input,
        error);
    }
    inputs[o.key] = input;
  }
  const checksError = errors ? el('p', { className: 'field-error', id: id('checks-error'), hidden: true, attrs: { role: 'alert' } }) : null;

  // An option whose tick is off rests (a tick is also unticked).
  function rest() {
    for (const o of options()) {
      if (!o.needs) continue;
      const off = !inputs[o.needs].checked;
      inputs[o.key].disabled = off;
      if (off && o.kind === 'check') inputs[o.key].checked = false;
    }
  }
  for (const o of options()) {
    if (o.needs) inputs[o.needs].addEventListener('change', rest);
  }

  function setValue(o, value) {
    if (o.kind === 'check') inputs[o.key].checked = Boolean(value);
    else inputs[o.key].value = String(value);
  }

  // The number inputs' min and max, from the vocabulary as it is now.
  function applyLimits() {
    for (const o of options()) {
      const r = rangeOf(o);
      if (!r) continue;
      inputs[o.key].min = String(r.min);
      inputs[o.key].max = String(r.max);
    }
  }

  // The game's defaults from the vocabulary (the timers, the longest answer, words per answer).
  function applyDefaults(game) {
    const d = getVocabulary().defaults?.[game] ?? {};
    for (const o of options()) {
      if (!o.games.includes(game) || !Number.isFinite(d[o.field])) continue;
      setValue(o, o.kind === 'seconds' ? Math.round(d[o.field] / 1000) : d[o.field]);
    }
  }

  // Every input as a new round has it, then the game's defaults.
  function reset(game) {
    for (const o of options()) setValue(o, o.initial);
    applyDefaults(game);
    rest();
  }

  // The inputs of a saved config: what it gives, and what leaving a field out means (off, no limit;
  // the game's default for timers and lengths).
  function fromConfig(config) {
    const game = GAMES.includes(config?.game) ? config.game : 'chain';
    reset(game);
    for (const o of options()) {
      if (!o.games.includes(game)) continue;
      const value = config[o.field];
      if (o.kind === 'check') setValue(o, o.on ? value === o.on : value === true);
      else if (o.kind === 'choice') setValue(o, o.choices.some(([v]) => v === value) ? value : o.initial);
      else if (Number.isFinite(value)) setValue(o, o.kind === 'seconds' ? Math.round(value / 1000) : value);
      else if (o.none !== undefined) setValue(o, o.none);
    }
    rest();
  }

  // The options of `game` into `config` (a round config), the fields of every other option taken
  // out: the server refuses options of another game. An empty number is left to the server's
  // default; a typed one goes as it is, for the server to judge.
  function write(config, game = config.game) {
    for (const o of options()) delete config[o.field];
    for (const o of options()) {
      if (!o.games.includes(game) || (o.needs && !inputs[o.needs].checked)) continue;
      const input = inputs[o.key];
      if (o.kind === 'check') {
        if (input.checked) config[o.field] = o.on ?? true;
      } else if (o.kind === 'choice') {
        if (input.value !== o.initial) config[o.field] = input.value;
      } else if (input.value.trim() !== '') {
        const n = Number(input.value);
        const value = Number.isFinite(n) ? Math.round(o.kind === 'seconds' ? n * 1000 : n) : 0;
        if (o.none === undefined || value !== o.none) config[o.field] = value;
      }
    }
    return config;
  }

  // Only the game's inputs are shown.
  function show(game) {
    for (const o of options()) nodes[o.key].hidden = !o.games.includes(game);
    rest();
  }

  applyLimits();
  reset('chain');
  return {
    // The number and choice fields, then the ticks, in the order a form shows them.
    fields: options().filter((o) => o.kind !== 'check').map((o) => nodes[o.key]),
    checks: options().filter((o) => o.kind === 'check').map((o) => nodes[o.key]),
    checksError,
    input: (key) => inputs[key],
    // The input of a config field and its error line (a tick's: the one under the ticks).
    forField(field) {
      const o = optionOf(field);
      return o ? { input: inputs[o.key], error: o.kind === 'check' ? checksError : errorLines[o.key] ?? null } : null;
    },
    applyLimits,
    applyDefaults,
    reset,
    fromConfig,
    write,
    show,
  };
}
