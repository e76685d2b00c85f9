// Small SVG charts drawn by the page (no library): horizontal bars, a 0–1 meter, and response-time
// spreads (box plots). Every label goes in as text. The charts scale with their container (viewBox)
// and take their colours from CSS (classes, currentColor), so they suit the stage and the phone.

import { t, tn } from './catalog.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function clip(text, max) {
  const chars = [...String(text)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : String(text);
}

// How wide `text` is drawn in a label (.chart-label: 28px, weight 650, the page's font), in the
// charts' units (a chart's viewBox is in CSS pixels at that font size).
let measurer;
function labelWidth(text) {
  measurer ??= document.createElement('canvas').getContext('2d');
  measurer.font = `650 28px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return measurer.measureText(String(text)).width;
}

// A label that is never cut (names are at most 24 characters): shown whole, and squeezed into
// `width` when it is wider, so it cannot stick out of its card.
function label(text, attrs, width) {
  const fitted = labelWidth(text) > width ? { ...attrs, textLength: width, lengthAdjust: 'spacingAndGlyphs' } : attrs;
  return svg('text', { class: 'chart-label', ...fitted }, text);
}

// Whether every label fits in the column beside the bars; when one does not, labels go above.
function fitBeside(rows, width) {
  return rows.every((r) => labelWidth(r.label) <= width);
}

function chart(width, height, label, ...children) {
  return svg(
    'svg',
    { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'xMinYMin meet' },
    svg('title', {}, label),
    ...children,
  );
}

// Horizontal bars: rows [{label, value, text?, hue?, highlight?}]. Each row has its label above
// its bar (so long answers stay readable) and the value at the end of the bar; longest = max.
// With `inline`, short labels (names, circles) go to the left of the bars instead, if they all fit
// there (a long name puts them all above, whole).
// `beside` (true or false) decides where the labels go instead (the stage's steps decide it the
// same way on every screen, without measuring).
export function barChart(rows, { label: title = t('chart.bars'), max, labelChars = 40, valueText = (v) => String(v), inline = false, beside } = {}) {
  if (beside ?? (inline && fitBeside(rows, INLINE_LABEL_W - 12))) return inlineBars(rows, { label: title, max, valueText });
  const W = 600;
  const ROW = 76;
  const VALUE_W = 120;
  const top = Math.max(1e-9, max ?? Math.max(0, ...rows.map((r) => r.value)));
  const height = Math.max(ROW, rows.length * ROW);
  const barsW = W - VALUE_W;
  const items = rows.map((r, i) => {
    const y = i * ROW;
    const w = Math.max(r.value > 0 ? 8 : 0, (r.value / top) * barsW);
    const cls = ['bar', r.hue !== undefined ? `hue-${r.hue}` : '', r.highlight ? 'bar-highlight' : ''].join(' ').trim();
    return svg(
      'g',
      { class: r.hue !== undefined ? `bar-row hue-${r.hue}` : 'bar-row' },
      svg('title', {}, t('chart.value', { label: r.label, value: r.text ?? valueText(r.value) })),
      label(clip(r.label, labelChars), { x: 0, y: y + 26 }, W),
      svg('rect', { x: 0, y: y + 36, width: barsW, height: 28, rx: 8, class: 'bar-track' }),
      svg('rect', { x: 0, y: y + 36, width: w, height: 28, rx: 8, class: cls }),
      svg('text', { x: w + 10, y: y + 50, class: 'chart-value', 'dominant-baseline': 'central' }, r.text ?? valueText(r.value)),
    );
  });
  return chart(W, height, title, ...items);
}

const INLINE_LABEL_W = 150;

function inlineBars(rows, { label: title, max, valueText }) {
  const W = 600;
  const ROW = 46;
  const LABEL_W = INLINE_LABEL_W;
  const VALUE_W = 110;
  const top = Math.max(1e-9, max ?? Math.max(0, ...rows.map((r) => r.value)));
  const barsW = W - LABEL_W - VALUE_W;
  const items = rows.map((r, i) => {
    const y = i * ROW;
    const w = Math.max(r.value > 0 ? 8 : 0, (r.value / top) * barsW);
    const cls = ['bar', r.highlight ? 'bar-highlight' : ''].join(' ').trim();
    return svg(
      'g',
      { class: r.hue !== undefined ? `bar-row hue-${r.hue}` : 'bar-row' },
      svg('title', {}, t('chart.value', { label: r.label, value: r.text ?? valueText(r.value) })),
      label(r.label, { x: LABEL_W - 12, y: y + ROW / 2, 'text-anchor': 'end', 'dominant-baseline': 'central' }, LABEL_W - 12),
      svg('rect', { x: LABEL_W, y: y + 8, width: barsW, height: ROW - 16, rx: 8, class: 'bar-track' }),
      svg('rect', { x: LABEL_W, y: y + 8, width: w, height: ROW - 16, rx: 8, class: cls }),
      svg('text', { x: LABEL_W + w + 10, y: y + ROW / 2, class: 'chart-value', 'dominant-baseline': 'central' }, r.text ?? valueText(r.value)),
    );
  });
  return chart(W, Math.max(ROW, rows.length * ROW), title, ...items);
}

// A 0..1 figure as a meter with a caption: diversity, largest share, match rate.
export function meter(value, { label, low = '', high = '' }) {
  const W = 600;
  const v = Math.max(0, Math.min(1, Number(value) || 0));
  return chart(
    W, 84, t('chart.value', { label, value: `${Math.round(v * 100)}%` }),
    svg('rect', { x: 0, y: 8, width: W, height: 32, rx: 16, class: 'bar-track' }),
    svg('rect', { x: 0, y: 8, width: Math.max(v > 0 ? 32 : 0, v * W), height: 32, rx: 16, class: 'bar meter-fill' }),
    svg('text', { x: 0, y: 72, class: 'chart-note' }, low),
    svg('text', { x: W, y: 72, class: 'chart-note', 'text-anchor': 'end' }, high),
  );
}

// Response-time spreads: rows [{label, hue?, stats: {count, minMs, p25Ms, medianMs, p75Ms, maxMs}}].
// Whiskers from fastest to slowest, a box over the middle half, a line at the median.
// Names that do not all fit beside the boxes go above them, whole (or as `beside` says). `scaleMax`:
// the time at the right end of the axis (charts that go together share it).
export function spreadChart(rows, { label: title = t('chart.spread.label'), beside: labelsBeside, scaleMax: fixedMax } = {}) {
  const W = 600;
  const beside = labelsBeside ?? fitBeside(rows.filter((r) => r.stats && r.stats.count > 0), 150 - 16);
  const ROW = beside ? 52 : 88;
  const LABEL_W = beside ? 150 : 12;
  const AXIS = 40;
  const shown = rows.filter((r) => r.stats && r.stats.count > 0);
  const top = Math.max(1000, ...shown.map((r) => r.stats.maxMs));
  const scaleMax = fixedMax ?? Math.ceil(top / 1000) * 1000;
  const plotW = W - LABEL_W - 24;
  const x = (ms) => LABEL_W + (ms / scaleMax) * plotW;
  const height = shown.length * ROW + AXIS;
  const parts = shown.map((r, i) => {
    const s = r.stats;
    const y = beside ? i * ROW + ROW / 2 : i * ROW + 60;
    const hue = r.hue !== undefined ? `hue-${r.hue}` : '';
    const boxW = Math.max(6, x(s.p75Ms) - x(s.p25Ms));
    return svg(
      'g',
      { class: `spread-row ${hue}`.trim() },
      svg('title', {}, t('chart.spread.row', {
        label: r.label,
        median: (s.medianMs / 1000).toFixed(1),
        from: (s.p25Ms / 1000).toFixed(1),
        to: (s.p75Ms / 1000).toFixed(1),
        answers: tn('chart.spread.answers', s.count),
      })),
      beside
        ? label(r.label, { x: LABEL_W - 16, y, 'text-anchor': 'end', 'dominant-baseline': 'central' }, LABEL_W - 16)
        : label(r.label, { x: 0, y: i * ROW + 26 }, W),
      svg('line', { x1: x(s.minMs), x2: x(s.maxMs), y1: y, y2: y, class: 'whisker' }),
      svg('rect', { x: x(s.p25Ms), y: y - 14, width: boxW, height: 28, rx: 6, class: 'box' }),
      svg('line', { x1: x(s.medianMs), x2: x(s.medianMs), y1: y - 18, y2: y + 18, class: 'median' }),
    );
  });
  // Axis: a tick every second (or every few seconds for long spreads).
  const step = scaleMax <= 10000 ? 1000 : scaleMax <= 30000 ? 5000 : 10000;
  const ticks = [];
  for (let ms = 0; ms <= scaleMax; ms += step) {
    const tx = x(ms);
    ticks.push(svg('line', { x1: tx, x2: tx, y1: 0, y2: shown.length * ROW, class: 'grid' }));
    // (The first and last tick's labels stay within the chart.)
    const anchor = ms === 0 ? 'start' : ms + step > scaleMax ? 'end' : 'middle';
    ticks.push(svg('text', { x: tx, y: shown.length * ROW + 30, class: 'chart-note', 'text-anchor': anchor }, t('chart.spread.tick', { n: ms / 1000 })));
  }
  return chart(W, height, title, ...ticks, ...parts);
}
