// A round's highlights in words (docs/games.md, "Highlights"): results.highlights carries each as
// data ({kind, circle, participants, word, set, count}); the catalog's highlight.KIND phrase says it,
// as the reports do (reports/report_walk.cpp).

import { has, isPlural, t, tn } from './catalog.js';
import { circleName } from './game.js';

// "Ann", "Ann and Ben", "Ann, Ben and Cy".
export function namesList(names) {
  if (names.length < 2) return names[0] ?? '';
  return t('common.and', { list: names.slice(0, -1).join(', '), last: names[names.length - 1] });
}

// The highlights of results.highlights that this page has words for, each {kind, text}; roster
// names participants.
export function highlightItems(results, roster) {
  const out = [];
  for (const h of Array.isArray(results?.highlights) ? results.highlights : []) {
    if (!has(`highlight.${h?.kind}`)) continue;
    const vars = {
      circle: h.circle ? circleName(h.circle, 0) : '',
      names: namesList((h.participants ?? []).map((id) => roster.name(id))),
      word: h.word ?? '',
      prompt: Number.isInteger(h.set) ? results.sets?.[h.set]?.prompt ?? '' : '',
      n: h.count ?? 0,
    };
    const text = isPlural(`highlight.${h.kind}`) ? tn(`highlight.${h.kind}`, vars.n, vars) : t(`highlight.${h.kind}`, vars);
    out.push({ kind: h.kind, text });
  }
  return out;
}

// The same as sentences only.
export function highlightSentences(results, roster) {
  return highlightItems(results, roster).map((h) => h.text);
}
