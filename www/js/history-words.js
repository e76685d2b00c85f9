// What the History page says about a round in a line: what it was about, how much was said, and
// how many took part (from a round of a session's JSON export).

import { t, tn } from './catalog.js';
import { gameName } from './game.js';

function quoted(text) {
  return t('common.quoted', { text });
}

// What a round was about, from its config: the seed word, title, stimuli or prompt.
export function roundSubject(round) {
  const c = round.config ?? {};
  switch (round.game) {
    case 'chain':
      return c.seedWord ? t('common.from_seed', { word: c.seedWord }) : gameName(round.game);
    case 'waat':
      return c.title ? quoted(c.title) : t('history.subject.untitled');
    case 'burst': {
      const words = Array.isArray(c.stimuli) ? c.stimuli.filter((w) => typeof w === 'string') : [];
      if (!words.length) return gameName(round.game);
      const head = words.slice(0, 3).map(quoted).join(', ');
      return words.length > 3 ? tn('history.subject.more', words.length - 3, { words: head }) : head;
    }
    case 'spiv':
      return c.prompt ? quoted(c.prompt) : gameName(round.game);
    default:
      return gameName(round.game);
  }
}

// "12 words in 2 circles", "21 answers": how much was said in a round.
export function roundAmount(round) {
  const r = round.results;
  if (!r) return '';
  if (Array.isArray(r.circles)) {
    const words = r.circles.reduce((n, c) => n + (c.balance?.totalWords
      ?? (c.transcript ?? []).filter((e) => !e.pass).length), 0);
    const amount = r.game === 'chain' ? tn('history.amount.links', words) : tn('history.amount.words', words);
    return r.circles.length > 1 ? tn('history.amount.circles', r.circles.length, { amount }) : amount;
  }
  const answers = (r.sets ?? []).reduce((n, s) => n + (s.answers?.length ?? 0), 0);
  return tn('history.amount.answers', answers);
}

export function roundPeople(round) {
  const members = new Set();
  for (const c of round.config?.circles ?? []) for (const id of c.members ?? []) members.add(id);
  return members.size;
}
