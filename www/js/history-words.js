// What the History page says about a round in a line: what it was about, how much was said, and
// how many took part (from a round of a session's JSON export).

import { plural } from './game.js';

function quoted(text) {
  return `“${text}”`;
}

// What a round was about, from its config: the seed word, title, stimuli or prompt.
export function roundSubject(round) {
  const c = round.config ?? {};
  switch (round.game) {
    case 'chain':
      return c.seedWord ? `From ${quoted(c.seedWord)}` : 'Word association';
    case 'waat':
      return c.title ? quoted(c.title) : 'A story without a title';
    case 'burst': {
      const words = Array.isArray(c.stimuli) ? c.stimuli.filter((w) => typeof w === 'string') : [];
      if (!words.length) return 'Word burst';
      const head = words.slice(0, 3).map(quoted).join(', ');
      return words.length > 3 ? `${head} and ${words.length - 3} more` : head;
    }
    case 'spiv':
      return c.prompt ? quoted(c.prompt) : 'Same prompt';
    default:
      return 'Round';
  }
}

// "12 words in 2 circles", "21 answers": how much was said in a round.
export function roundAmount(round) {
  const r = round.results;
  if (!r) return '';
  if (Array.isArray(r.circles)) {
    const words = r.circles.reduce((n, c) => n + (c.balance?.totalWords
      ?? (c.transcript ?? []).filter((e) => !e.pass).length), 0);
    const unit = r.game === 'chain' ? 'link' : 'word';
    return r.circles.length > 1 ? `${plural(words, unit)} in ${r.circles.length} circles` : plural(words, unit);
  }
  const answers = (r.sets ?? []).reduce((n, s) => n + (s.answers?.length ?? 0), 0);
  return plural(answers, 'answer');
}

export function roundPeople(round) {
  const members = new Set();
  for (const c of round.config?.circles ?? []) for (const id of c.members ?? []) members.add(id);
  return members.size;
}
