// Reaction and status icons as small inline SVGs built by the page, so they look the same on
// every phone and projector (no dependence on an emoji font, which old phones and some Linux
// machines lack). Colours are fixed: they are pictures, not text.

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

const FACE = '#ffc83d';
const INK = '#3b2a14';

const DRAW = {
  applause: () => [
    // Two palms meeting, with motion lines: clapping.
    s('rect', { x: 12, y: 18, width: 20, height: 38, rx: 10, fill: FACE, stroke: INK, 'stroke-width': 3, transform: 'rotate(-18 22 37)' }),
    s('rect', { x: 32, y: 18, width: 20, height: 38, rx: 10, fill: '#ffb627', stroke: INK, 'stroke-width': 3, transform: 'rotate(18 42 37)' }),
    s('path', { d: 'M25 26 v10 M30 24 v10 M39 24 v10 M44 26 v10', stroke: INK, 'stroke-width': 2, 'stroke-linecap': 'round', opacity: 0.5, fill: 'none' }),
    s('path', { d: 'M8 12 l5 5 M32 4 v7 M56 12 l-5 5', stroke: '#ff8a3d', 'stroke-width': 4, 'stroke-linecap': 'round', fill: 'none' }),
  ],
  laugh: () => [
    s('circle', { cx: 32, cy: 32, r: 28, fill: FACE, stroke: INK, 'stroke-width': 3 }),
    s('path', { d: 'M17 25 q5 -6 10 0 M37 25 q5 -6 10 0', stroke: INK, 'stroke-width': 3.5, 'stroke-linecap': 'round', fill: 'none' }),
    s('path', { d: 'M16 35 h32 a16 16 0 0 1 -32 0z', fill: INK }),
    s('path', { d: 'M22 44 a10 6 0 0 0 20 0z', fill: '#ff6b6b' }),
  ],
  wow: () => [
    s('circle', { cx: 32, cy: 32, r: 28, fill: FACE, stroke: INK, 'stroke-width': 3 }),
    s('circle', { cx: 23, cy: 25, r: 4, fill: INK }),
    s('circle', { cx: 41, cy: 25, r: 4, fill: INK }),
    s('ellipse', { cx: 32, cy: 44, rx: 7, ry: 9, fill: INK }),
  ],
  heart: () => [
    s('path', { d: 'M32 56 C8 40 4 26 12 16 a12 12 0 0 1 20 2 a12 12 0 0 1 20 -2 C60 26 56 40 32 56z', fill: '#ff3b5c', stroke: '#a3122e', 'stroke-width': 3, 'stroke-linejoin': 'round' }),
  ],
  ear: () => [
    s('path', { d: 'M20 26 a14 14 0 0 1 28 0 c0 10 -10 12 -10 22 a8 8 0 0 1 -14 4', fill: 'none', stroke: 'currentColor', 'stroke-width': 5, 'stroke-linecap': 'round' }),
    s('path', { d: 'M28 27 a6 6 0 0 1 12 0 c0 4 -5 5 -5 9', fill: 'none', stroke: 'currentColor', 'stroke-width': 4, 'stroke-linecap': 'round' }),
  ],
};

// An icon as an <svg>; decorative (aria-hidden) unless given a label.
export function icon(name, { className = 'icon', label } = {}) {
  const draw = DRAW[name];
  const svg = s('svg', { viewBox: '0 0 64 64', class: className, focusable: 'false' }, ...(draw ? draw() : []));
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  return svg;
}
