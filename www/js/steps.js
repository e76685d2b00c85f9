// The results as steps: after a reveal and at the end of a round the stage shows them one view at
// a time, each made to fit a 16:9 screen without scrolling: the story or chain of each circle,
// the retellings side by side, the groups with their counts, what nobody else said, the
// predictions, the picks, the measures, circle against circle, an overview first. A long list is
// split over several steps (pages), never made smaller.
//
// This module only plans: which steps there are and what goes on each. It is pure (no DOM), and
// it decides from what every screen that shows or steers the stage sees alike (never from the
// names an anonymous round hides from the stage, never from the window's size, never from
// measuring fonts), so the stage and the facilitator page (or a phone used as a remote) count the
// same steps. Sizes are in u, the stage's unit in stepping mode (stage.css: a hundredth of the
// width of a 16:9 picture): text is estimated in em of its font size, conservatively, so a step
// that was planned to fit does fit. debrief.js draws the steps on the stage.

import { t, tn } from './catalog.js';
import { circleName, passReason, setLabel } from './game.js';
import { highlightItems } from './highlights.js';

// The room a step's body has on the stage (stage.css, "Stepping"), in u.
export const AREA = { width: 96, height: 36.5 };
const GAP = 2; // between columns

// --- Estimating text ---------------------------------------------------------------------------

// How wide a character is drawn, in em, at worst (bold, in a wide sans-serif such as DejaVu Sans).
function charEm(ch) {
  const c = ch.codePointAt(0);
  if (c >= 0x1100) return 1.15; // CJK, emoji and other wide signs
  if (ch === ' ') return 0.36;
  if (/[il.,;:'!|`]/.test(ch)) return 0.4;
  if (/[fjrt()[\]{}"\-/]/.test(ch)) return 0.52;
  if (/[mwMW@]/.test(ch)) return 1.05;
  if (/[A-Z]/.test(ch)) return 0.82;
  if (/[0-9]/.test(ch)) return 0.72;
  return 0.7;
}

export function textEm(text) {
  let w = 0;
  for (const ch of String(text ?? '')) w += charEm(ch);
  return w;
}

// Lines `text` takes at `font` u in a column `width` u wide: wrapped at spaces, a word longer
// than the line broken anywhere (the stage's overflow-wrap).
export function lineCount(text, font, width) {
  const words = String(text ?? '').split(/\s+/).filter(Boolean);
  if (!words.length) return 1;
  const room = width / font; // in em
  const space = charEm(' ');
  let lines = 1;
  let used = 0;
  for (const word of words) {
    const w = textEm(word);
    if (used > 0 && used + space + w <= room) {
      used += space + w;
      continue;
    }
    if (used > 0) lines += 1;
    if (w <= room) {
      used = w;
    } else {
      lines += Math.ceil(w / room) - 1;
      used = w % room;
    }
  }
  return lines;
}

// --- Packing -----------------------------------------------------------------------------------

// Lays out items [{h, ...}] down `cols` columns of `height` u, then on the next page. `fresh(item,
// prev)` says an item must start a column of its own (another circle). Returns pages, each a list
// of columns, each a list of items.
function packColumns(items, { cols, height, gap = 0.8, fresh = () => false }) {
  const pages = [];
  let page = [];
  let col = [];
  let used = 0;
  const closeColumn = () => {
    if (col.length) page.push(col);
    col = [];
    used = 0;
    if (page.length === cols) {
      pages.push(page);
      page = [];
    }
  };
  items.forEach((item, i) => {
    const need = (col.length ? gap : 0) + item.h;
    if (col.length && (used + need > height || fresh(item, items[i - 1]))) closeColumn();
    col.push(item);
    used += (col.length > 1 ? gap : 0) + item.h;
  });
  closeColumn();
  if (page.length) pages.push(page);
  return pages;
}

// The same items of one page spread over its columns evenly (in order: down the first column,
// then the next), rather than filling the first before the next.
function evenly(page, { cols, gap = 0.8 }) {
  const items = page.flat();
  const split = (limit) => {
    const out = [[]];
    let used = 0;
    for (const item of items) {
      const need = (out.at(-1).length ? gap : 0) + item.h;
      if (out.at(-1).length && used + need > limit) {
        out.push([]);
        used = 0;
      }
      used += (out.at(-1).length ? gap : 0) + item.h;
      out.at(-1).push(item);
    }
    return out;
  };
  let low = Math.max(...items.map((i) => i.h));
  let high = items.reduce((n, i) => n + i.h + gap, 0);
  for (let k = 0; k < 30 && high - low > 0.05; k++) {
    const mid = (low + high) / 2;
    if (split(mid).length <= cols) high = mid;
    else low = mid;
  }
  return split(high);
}

// Lays out items [{w, ...}] in rows `width` u wide, `rows` rows to a page.
function packRows(items, { width, rows, gap }) {
  const pages = [];
  let page = [];
  let row = 0;
  let used = 0;
  for (const item of items) {
    if (used > 0 && used + gap + item.w > width) {
      row += 1;
      used = 0;
      if (row === rows) {
        pages.push(page);
        page = [];
        row = 0;
      }
    }
    used += (used > 0 ? gap : 0) + item.w;
    page.push(item);
  }
  if (page.length) pages.push(page);
  return pages;
}

// Splits a list into pages of at most `n`.
function chunks(list, n) {
  const out = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out.length ? out : [[]];
}

// --- What the stage sees -----------------------------------------------------------------------

// In an anonymous round the stage is sent the answers without their authors. Every screen plans
// from that, so that the facilitator page (which sees the names) counts the same steps.
function withoutNames(set) {
  return {
    ...set,
    answers: (set.answers ?? []).map(({ participant, ...a }) => a),
    clusters: set.clusters?.map(({ participants, ...c }) => c),
    guesses: undefined,
    picks: undefined,
    predict: set.predict ? { ...set.predict, guesses: undefined, results: undefined } : set.predict,
  };
}

function stageSets(sets, anonymous) {
  return (sets ?? []).map((s) => (anonymous ? withoutNames(s) : s));
}

// --- The steps ---------------------------------------------------------------------------------

// A step: {kind, chapter, title, page, pages, ...what it shows}. `chapter` groups the pages of
// one thing (the overview lists chapters).
function paged(list, base) {
  return list.map((part, i) => ({ ...base, ...part, page: i + 1, pages: list.length }));
}

// Heights and widths of the things steps show (debrief.css), in u. A chain or story is shown as
// big as it fits on one step (WORD_SIZES, in u), else at the smallest, over several steps.
const WORD_SIZES = [4, 3.2, 2.4];
const LIST = { font: 1.6, small: 1.5, line: 1.3, pad: 1.2 };

// A chain's or story's words at `font` u, page by page (debrief.css: .words, .word .by at 1.3u).
// The first page starts with the seed word.
function wordPages(c, { story, seedWord, roster, font }) {
  const by = 1.3;
  const gap = 0.45 * font;
  const arrow = story ? 0 : 1.05 * font;
  // A word's line and its underline, the author's line, the gap to the next row.
  const row = font * 1.1 + 0.24 * font + 0.25 * by + by * 1.2 + 0.5 * font;
  const items = [];
  if (seedWord) items.push({ seed: seedWord, w: Math.max(textEm(seedWord) * font, textEm(t('live.seed_word')) * by * 1.25) });
  for (const e of c.transcript ?? []) {
    const word = e.pass ? '…' : `${e.text}${e.end ?? ''}`;
    const author = e.pass ? t('live.pass.by', { name: roster.name(e.participant), reason: passReason(e.pass) }) : roster.name(e.participant);
    const w = Math.max(textEm(word) * font, textEm(author) * by + 0.4);
    items.push({ e, w: w + (items.length ? arrow : 0) });
  }
  const rows = Math.max(1, Math.floor((AREA.height + 0.5 * font) / row));
  return packRows(items, { width: AREA.width - 0.5, rows, gap });
}

function circleSteps(results, ctx) {
  const story = results.game === 'waat';
  const many = results.circles.length > 1;
  const seedWord = results.game === 'chain' ? results.config?.seedWord : undefined;
  return results.circles.flatMap((c, i) => {
    const name = circleName(c.id, i);
    let chapter;
    if (many) chapter = story ? t('results.step.circle_story', { circle: name }) : t('results.step.circle_chain', { circle: name });
    else chapter = story ? t('results.step.story') : t('results.step.chain');
    // As big as fits on one step; a long one at the smallest size over several.
    let size = WORD_SIZES.length - 1;
    let pages = null;
    for (const [k, font] of WORD_SIZES.entries()) {
      pages = wordPages(c, { story, seedWord, roster: ctx.roster, font });
      size = k;
      if (pages.length === 1) break;
    }
    return paged(pages.map((items) => ({
      seed: items.find((x) => x.seed)?.seed,
      entries: items.filter((x) => x.e).map((x) => x.e),
    })), { kind: 'words', chapter, circle: c, index: i, story, size });
  });
}

// Answers side by side, one column per circle (retellings, titles).
function sideBySideSteps(answers, circleIds, { chapter, quote, height = AREA.height, k = 1 }) {
  const ids = circleIds.length ? circleIds : [...new Set(answers.map((a) => a.circle))];
  const cols = Math.min(3, Math.max(2, ids.length));  // one circle's answers go on in a second column
  const width = (AREA.width - GAP * (cols - 1)) / cols;
  const items = [];
  ids.forEach((id, i) => {
    answers.filter((a) => a.circle === id).forEach((a) => {
      const h = lineCount(quote ? `“${a.text}”` : a.text, LIST.font * k, width - 3.6 * k) * LIST.font * k * LIST.line
        + (a.participant ? LIST.small * k * 1.4 : 0) + 1.4 * k;
      items.push({ a, circle: id, index: i, h });
    });
  });
  const head = ids.length > 1 ? 2.6 * k : 0; // a circle's name over its column
  const gap = 0.8 * k;
  let pages;
  if (ids.length > 1 && ids.length <= cols) {
    // A column for each circle on every step: the circles go on side by side.
    const perCircle = ids.map((id) => packColumns(items.filter((x) => x.circle === id), { cols: 1, height: height - head, gap }).map((page) => page[0]));
    const count = Math.max(...perCircle.map((p) => p.length));
    pages = Array.from({ length: count }, (_, k) => ids.map((id, i) => ({ circle: id, index: i, answers: (perCircle[i][k] ?? []).map((x) => x.a) })));
  } else {
    pages = packColumns(items, { cols, height: height - head, gap, fresh: (item, prev) => prev && prev.circle !== item.circle })
      .map((columns) => columns.map((col) => ({ circle: col[0].circle, index: col[0].index, answers: col.map((x) => x.a) })));
  }
  return paged(pages.map((columns) => ({ columns, named: ids.length > 1 })), { kind: 'side', chapter, quote, cols, big: k > 1 });
}

function groupsTotal(set) {
  return (set.clusters ?? []).reduce((n, c) => n + c.count, 0);
}

// At most this many names under a group on the stage; the rest are counted ("and 12 more").
export const NAMES_SHOWN = 12;

// Groups with their counts, biggest first, in two columns.
function groupSteps(set, { chapter, roster, titleLines = 0, k = 1 }) {
  const width = (AREA.width - GAP) / 2 - 8 * k; // beside the count
  const total = groupsTotal(set);
  const label = 1.8 * k;
  const small = LIST.small * k;
  const items = (set.clusters ?? []).map((c) => {
    const alone = c.count === 1 && total > 1;
    // (The badge beside a group of one is drawn smaller, with room around it.)
    let h = lineCount(`${c.label}${alone ? ` ${t('live.clusters.alone')}xx` : ''}`, label, width) * label * 1.2;
    const others = (c.spellings ?? []).filter((s) => s !== c.label);
    if (others.length > 1 || (others.length === 1 && c.spellings.length > 1)) h += lineCount(t('live.clusters.also', { spellings: others.join(' · ') }), small, width) * small * LIST.line;
    if (Array.isArray(c.participants) && c.participants.length) {
      const names = c.participants.slice(0, NAMES_SHOWN).map((p) => roster.name(p)).join(', ');
      h += lineCount(`${names} +${c.participants.length}`, small, width) * small * LIST.line;
    }
    return { c, h: Math.max(3 * k, h) + LIST.pad * k };
  });
  const gap = 0.8 * k;
  const pages = packColumns(items, { cols: 2, height: AREA.height - titleLines * 3.4, gap });
  return paged(pages.map((page) => ({ columns: evenly(page, { cols: 2, gap }).map((col) => col.map((x) => x.c)) })), {
    kind: 'groups', cols: 2, big: k > 1, chapter, title: t('results.clusters.title', {
      answers: tn('results.clusters.answers', set.answers?.length ?? total),
      groups: tn('results.clusters.groups', (set.clusters ?? []).length),
    }), set, total,
  });
}

// What nobody else said: the groups of one (when more than one answered).
function aloneSteps(set, { chapter, titleLines = 0, k = 1 }) {
  const total = groupsTotal(set);
  const alone = total > 1 ? (set.clusters ?? []).filter((c) => c.count === 1) : [];
  if (!alone.length) return [];
  const width = (AREA.width - GAP) / 2 - 3 * k;
  const items = alone.map((c) => ({
    c,
    h: lineCount(c.label, 1.8 * k, width) * 1.8 * k * 1.2 + (c.participants?.length ? LIST.small * k * 1.4 : 0) + LIST.pad * k,
  }));
  const gap = 0.8 * k;
  const pages = packColumns(items, { cols: 2, height: AREA.height - titleLines * 3.4, gap });
  return paged(pages.map((page) => ({ columns: evenly(page, { cols: 2, gap }).map((col) => col.map((x) => x.c)) })), {
    kind: 'alone', cols: 2, big: k > 1, chapter, title: t('results.step.alone'), set,
  });
}

// Predict: the match rate, and each guess beside the real answer (two columns, under the figures).
function predictSteps(set, { chapter, roster }) {
  const p = set.predict;
  const guesses = Array.isArray(p.guesses) ? p.guesses : [];
  const width = (AREA.width - GAP) / 2 - 3;
  const items = guesses.map((g) => ({
    g,
    h: (lineCount(t('results.predict.guessed', { guesser: roster.name(g.guesser), target: roster.name(g.target) }), LIST.small, width)
      + lineCount(t('results.predict.versus', { guess: `“${g.guess}”`, actual: `“${g.actual}”` }), LIST.small, width)) * LIST.small * LIST.line + 0.6,
  }));
  const head = 8; // the figures and the meter
  const pages = items.length ? packColumns(items, { cols: 2, height: AREA.height - head }).map((page) => evenly(page, { cols: 2 })) : [[]];
  return paged(pages.map((columns) => ({ columns: columns.map((col) => col.map((x) => x.g)) })), {
    kind: 'predict', cols: 2, chapter, title: t('results.predict.title'), set,
  });
}

// The bars of a picks chart, most picked first: one per group of the reveal, each saying whose
// answers it holds ("“5 minutes” · Ann, Ben"). Without groups (titles), one bar per answer.
export function pickBars(set, roster) {
  const textOf = new Map((set.answers ?? []).map((a) => [a.n, a]));
  const groupOf = new Map();
  (set.clusters ?? []).forEach((c, i) => (c.answers ?? []).forEach((n) => groupOf.set(n, i)));
  const bars = new Map();
  for (const c of set.pickCounts ?? []) {
    const a = textOf.get(c.answer);
    const key = groupOf.has(c.answer) ? `g${groupOf.get(c.answer)}` : `a${c.answer}`;
    const text = groupOf.has(c.answer) ? set.clusters[groupOf.get(c.answer)].label : a?.text ?? `#${c.answer}`;
    const bar = bars.get(key) ?? { text, value: 0, authors: [], hue: a?.participant ? roster.hue(a.participant) : undefined };
    bar.value += c.count;
    if (a?.participant && !bar.authors.includes(a.participant)) bar.authors.push(a.participant);
    bars.set(key, bar);
  }
  return [...bars.values()]
    .sort((x, y) => y.value - x.value)
    .map((bar) => ({
      answer: t('common.quoted', { text: bar.text }),
      names: bar.authors.map((id) => roster.name(id)).join(', '),
      label: bar.authors.length
        ? t('results.picks.bar', { answer: t('common.quoted', { text: bar.text }), names: bar.authors.map((id) => roster.name(id)).join(', ') })
        : t('common.quoted', { text: bar.text }),
      value: bar.value,
      hue: bar.authors.length === 1 ? bar.hue : undefined,
    }));
}

export function picksTitle(set, results) {
  const pick = results.config?.pick;
  return set.kind === 'title' ? t('results.picks.votes') : pick === 'surprising' ? t('results.picks.surprising') : t('results.picks.closest');
}

function pickSteps(set, results, { roster, k = 1 }) {
  const title = picksTitle(set, results);
  const bars = pickBars(set, roster);
  const width = (AREA.width - GAP) / 2 - 8 * k;
  const items = bars.map((b) => ({
    b,
    h: lineCount(b.answer, 1.8 * k, width) * 1.8 * k * 1.2 + (b.names ? lineCount(b.names, LIST.small * k, width) * LIST.small * k * LIST.line : 0) + LIST.pad * k,
  }));
  const gap = 0.8 * k;
  const pages = items.length ? packColumns(items, { cols: 2, height: AREA.height, gap }).map((page) => evenly(page, { cols: 2, gap })) : [[]];
  const max = Math.max(1, ...bars.map((b) => b.value));
  return paged(pages.map((columns) => ({ columns: columns.map((col) => col.map((x) => x.b)) })), {
    kind: 'picks', cols: 2, big: k > 1, chapter: title, title, max,
  });
}

// A list in bigger type when it all fits on one step that way (few answers read better big),
// else at the usual size over as many steps as it takes.
const BIG = 1.4;

function biggest(make) {
  const big = make(BIG);
  return big.length === 1 ? big : make(1);
}

// Charts on the stage: two side by side, each 47 u wide (charts.js draws them 600 units wide, so
// one unit is 47/600 u). Rows are counted as if every label went above its bar.
const CHART_W = (AREA.width - GAP) / 2;
const UNIT = CHART_W / 600;
const CAPTION = 2.6;

// Labels go beside the bars when every one is short (names up to this long), else above: decided
// here, the same on every screen (not by measuring the font).
export const SHORT_LABEL = 10;

function allShort(labels) {
  return labels.every((l) => [...String(l)].length <= SHORT_LABEL);
}

// Rows per chart on one step: bars (76 units a row with labels above, 46 beside) or response-time
// spreads (88 or 52 a row, and the axis).
function rowsPerChart(kind, beside) {
  const room = (AREA.height - CAPTION) / UNIT;
  if (kind === 'spread') return Math.max(1, Math.floor((room - 40) / (beside ? 52 : 88)));
  return Math.max(1, Math.floor(room / (beside ? 46 : 76)));
}

// Per circle, words per person (chains and stories): one chart per circle, a long circle over
// several columns.
function balanceSteps(results, ctx) {
  const charts = [];
  const beside = allShort((results.participants ?? []).map((p) => ctx.roster.name(p.participant)));
  const rows = rowsPerChart('bars', beside);
  results.circles.forEach((c, i) => {
    const per = c.balance?.perParticipant ?? [];
    if (!per.length) return;
    const bars = per.map((p) => ({ label: ctx.roster.name(p.participant), value: p.words, hue: ctx.roster.hue(p.participant) }));
    chunks(bars, rows).forEach((part, k) => charts.push({
      circle: c.id, index: i, cont: k > 0, gini: c.balance.gini ?? 0, bars: part, max: Math.max(1, ...bars.map((b) => b.value)),
    }));
  });
  if (!charts.length) return [];
  const title = t('results.circle.per_person');
  return paged(chunks(charts, 2).map((part) => ({ charts: part })), {
    kind: 'balance', chapter: title, title, many: results.circles.length > 1, beside,
  });
}

function timeSteps(results, ctx) {
  const rows = (results.participants ?? [])
    .filter((p) => p.response?.count > 0)
    .map((p) => ({ label: ctx.roster.name(p.participant), hue: ctx.roster.hue(p.participant), stats: p.response }));
  if (!rows.length) return [];
  const scaleMax = Math.ceil(Math.max(1000, ...rows.map((r) => r.stats.maxMs)) / 1000) * 1000;
  const beside = allShort(rows.map((r) => r.label));
  const per = rowsPerChart('spread', beside);
  const title = t('results.times.title');
  return paged(chunks(chunks(rows, per), 2).map((charts) => ({ charts })), { kind: 'times', chapter: title, title, scaleMax, beside });
}

function distinctSteps(results, ctx) {
  if (results.game !== 'burst' || (results.sets ?? []).length < 2) return [];
  const bars = (results.participants ?? []).map((p) => ({
    label: ctx.roster.name(p.participant),
    value: p.distinct,
    text: t('results.distinct.of', { n: p.distinct, count: p.contributions }),
    hue: ctx.roster.hue(p.participant),
  }));
  if (!bars.length) return [];
  const title = t('results.distinct.label');
  const beside = allShort(bars.map((b) => b.label));
  return paged(chunks(chunks(bars, rowsPerChart('bars', beside)), 2).map((charts) => ({ charts })), {
    kind: 'distinct', chapter: title, title, max: results.sets.length, beside,
  });
}

// The figures circle against circle compare, and how each is written.
const FIGURES = ['words', 'gini', 'medianMs', 'entropy', 'largestShare', 'matchRate'];

function compareSteps(results) {
  const c = results.comparison;
  if (!c?.rows?.length) return [];
  const rows = c.rows.filter((r) => FIGURES.includes(r.figure));
  if (!rows.length) return [];
  // Each figure a small chart with a bar per circle (names beside: "Circle 12" is short).
  const h = (n) => CAPTION + n * 46 * UNIT + 0.8;
  const items = rows.map((r) => ({ r, h: h(c.circles.length) }));
  const pages = packColumns(items, { cols: 2, height: AREA.height });
  const title = t('results.compare.title');
  return paged(pages.map((columns) => ({ columns: columns.map((col) => col.map((x) => x.r)) })), {
    kind: 'compare', cols: 2, chapter: title, title, circles: c.circles,
  });
}

// The measures of one prompt (SPIV): diversity and the largest group.
function measureSteps(set) {
  if (!set.measures) return [];
  const title = t('results.measures.title');
  return [{ kind: 'measures', chapter: title, title, set, page: 1, pages: 1 }];
}

// Burst: a line per word with its answers, groups, diversity and largest group.
function tableSteps(sets) {
  const measured = sets.map((s, i) => ({ s, i })).filter((x) => x.s.measures);
  if (!measured.length) return [];
  const rows = Math.floor((AREA.height - 3.2) / 3.4);
  const title = t('results.measures.title');
  const lines = measured.map((x) => ({ ...x, h: lineCount(x.s.prompt, LIST.font, 30) }));
  const pages = [];
  let page = [];
  let used = 0;
  for (const line of lines) {
    if (page.length && used + line.h > rows) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(line);
    used += line.h;
  }
  if (page.length) pages.push(page);
  return paged(pages.map((p) => ({ rows: p.map((x) => ({ set: x.s, index: x.i })) })), { kind: 'table', chapter: title, title });
}

// Highlights (results.highlights, worded by highlights.js as the results page words them); those
// of a kind this page has no words for are left out.
function highlightSteps(results, roster) {
  const list = highlightItems(results, roster);
  if (!list.length) return [];
  const title = t('results.step.highlights');
  const items = list.map((highlight) => ({ highlight, h: lineCount(highlight.text, 2, AREA.width - 4) * 2 * 1.3 }));
  const pages = packColumns(items, { cols: 1, height: AREA.height, gap: 1 });
  return paged(pages.map((columns) => ({ items: columns[0].map((x) => x.highlight) })), { kind: 'highlights', chapter: title, title });
}

// The overview: the chapters, as tiles (four across, three down a page).
const TILES = 12;

// What a chapter's tile says under its name: how long the story is, how the answers group, how
// many guesses matched.
function detail(step) {
  if (step.kind === 'words') {
    const n = (step.circle.transcript ?? []).filter((e) => !e.pass).length;
    return step.story ? tn('results.step.words', n) : tn('results.step.links', n);
  }
  if (step.kind === 'groups') return step.title;
  if (step.kind === 'predict') return `${t('results.predict.matches', { n: step.set.predict.matches, count: step.set.predict.pairs })} ${t('results.predict.matched')}`;
  return '';
}

function withOverview(steps, results) {
  const chapters = [];
  for (const s of steps) {
    const last = chapters.at(-1);
    if (last && last.title === s.chapter) last.count += 1;
    else chapters.push({ title: s.chapter, count: 1, detail: detail(s) });
  }
  const title = t('results.step.overview');
  const parts = chunks(chapters, TILES);
  const overview = paged(parts.map((tiles) => ({ tiles })), { kind: 'overview', chapter: title, title, results });
  // Tiles say which step each chapter starts at.
  let at = overview.length;
  for (const c of chapters) {
    c.first = at;
    at += c.count;
  }
  return [...overview, ...steps];
}

// The steps of a finished round's results.
function resultSteps(results, ctx) {
  const anonymous = Boolean(results.config?.anonymous);
  const sets = stageSets(results.sets, anonymous);
  const steps = [];
  const circles = Array.isArray(results.circles) ? results.circles : [];
  if (circles.length) steps.push(...circleSteps({ ...results, circles }, ctx));
  const circleIds = circles.map((c) => c.id);
  const stimuli = sets.filter((s) => s.kind === 'stimulus');
  sets.forEach((s, i) => {
    if (s.kind === 'retell') {
      steps.push(...biggest((k) => sideBySideSteps(s.answers ?? [], circleIds, { chapter: t('results.set.retellings'), quote: true, k })));
    } else if (s.kind === 'title') {
      steps.push(...biggest((k) => sideBySideSteps(s.answers ?? [], circleIds, { chapter: t('results.set.titles'), quote: false, k })));
      if (s.pickCounts) steps.push(...biggest((k) => pickSteps(s, results, { ...ctx, k })));
    } else {
      const chapter = s.kind === 'stimulus' ? t('results.step.word', { n: i + 1, prompt: s.prompt }) : t('results.step.answers');
      // A word of a burst heads its steps as in its reveal: "Word 1 of 2", the word.
      const heading = s.kind === 'stimulus' ? { kind: s.kind, index: i, count: sets.length, prompt: s.prompt } : undefined;
      const titleLines = heading ? lineCount(s.prompt, 2.8, AREA.width) : 0;
      if (!(s.answers ?? []).length) {
        steps.push({ kind: 'empty', chapter, title: t('results.set.none'), page: 1, pages: 1, heading });
        return;
      }
      const more = { chapter, roster: ctx.roster, titleLines, heading };
      steps.push(...biggest((k) => groupSteps(s, { ...more, k })).map((step) => ({ ...step, heading })));
      steps.push(...biggest((k) => aloneSteps(s, { ...more, k })).map((step) => ({ ...step, heading })));
      if (s.predict) steps.push(...predictSteps(s, { chapter: t('results.predict.title'), roster: ctx.roster }));
      if (s.pickCounts) steps.push(...biggest((k) => pickSteps(s, results, { ...ctx, k })));
      if (s.kind === 'prompt') steps.push(...measureSteps(s));
    }
  });
  if (stimuli.length) steps.push(...tableSteps(sets));
  if (circles.length) steps.push(...balanceSteps({ ...results, circles }, ctx));
  steps.push(...distinctSteps(results, ctx));
  steps.push(...timeSteps(results, ctx));
  steps.push(...compareSteps(results));
  steps.push(...highlightSteps(results, ctx.roster));
  return withOverview(steps, results);
}

// The steps of a revealed answer set (also while picking from it).
function revealSteps(view, ctx) {
  // (Only the facilitator's view has the config: the stage's comes without the names already.)
  const set = view.config?.anonymous ? withoutNames(view.set) : view.set;
  const answers = set.answers ?? [];
  const chapter = setLabel(set);
  if (set.kind === 'retell' || set.kind === 'title') {
    const ids = (view.circles ?? []).map((c) => c.id);
    const title = set.kind === 'retell' ? t('results.set.retellings') : t('results.set.titles');
    return biggest((k) => sideBySideSteps(answers, ids, { chapter, quote: set.kind === 'retell', k }))
      .map((s) => ({ ...s, title, heading: set }));
  }
  const titleLines = set.prompt ? lineCount(set.prompt, 2.8, AREA.width) : 1;
  if (!answers.length) return [{ kind: 'empty', chapter, title: t('results.set.none'), page: 1, pages: 1, heading: set }];
  return [
    ...biggest((k) => groupSteps(set, { chapter, roster: ctx.roster, titleLines, k })),
    ...biggest((k) => aloneSteps(set, { chapter, titleLines, k })),
  ].map((s) => ({ ...s, heading: set }));
}

// The steps a round view shows, or null when it shows none: {key, steps}. `key` names them as the
// room does (docs/protocol.md, "step"): "r2:set0" while answer set 0 is revealed or picked from,
// "r2:results" once the round has ended. ctx: {roster}.
export function stepsOf(round, ctx) {
  const view = round?.view;
  if (!view) return null;
  if (view.phase === 'ended' && view.results) {
    return { key: `${round.id}:results`, steps: resultSteps(view.results, ctx) };
  }
  if ((view.phase === 'revealed' || view.phase === 'picking') && view.set && Number.isInteger(view.set.index)) {
    return { key: `${round.id}:set${view.set.index}`, steps: revealSteps(view, ctx) };
  }
  return null;
}

// The step a screen shows: the one the room last said (a `step` message or the welcome's `step`)
// if it is for these steps, else the first; never past the last.
export class StepPlace {
  #told = { steps: '', step: 0 };

  // From a `step` message or a welcome's `step` ({steps, step}).
  tell(message) {
    if (message && typeof message.steps === 'string' && Number.isInteger(message.step)) {
      this.#told = { steps: message.steps, step: message.step };
    }
  }

  at(plan) {
    if (!plan || !plan.steps.length) return 0;
    const step = this.#told.steps === plan.key ? this.#told.step : 0;
    return Math.max(0, Math.min(plan.steps.length - 1, step));
  }
}

// A step's name for the progress line and the facilitator: "Retellings (2 of 3)".
export function stepName(step) {
  const title = step.title ?? step.chapter;
  return step.pages > 1 ? t('results.step.page', { title, page: step.page, pages: step.pages }) : title;
}
