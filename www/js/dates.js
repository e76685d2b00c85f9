// Times and durations in words, in the browser's own language and time zone: the facilitator's
// room list ("Opened 09:05") and the History page. The words around the numbers are the catalog's.

import { t } from './catalog.js';

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export const finite = (x) => typeof x === 'number' && Number.isFinite(x);

// "Tue, 14 Mar 2024"
export function day(ms) {
  return dayFormat.format(new Date(ms));
}

// "09:05"
export function clockTime(ms) {
  return timeFormat.format(new Date(ms));
}

function sameDay(a, b) {
  return new Date(a).toDateString() === new Date(b).toDateString();
}

// "11 s", "4 min 5 s", "1 h 20 min"
export function duration(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('unit.s', { n: s });
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? t('date.min_s', { m, s: s % 60 }) : t('date.min', { m });
  return t('date.h_min', { h: Math.floor(m / 60), m: m % 60 });
}

// "Tue, 14 Mar 2024, 09:00"
export function dayTime(ms) {
  return t('date.day_time', { day: day(ms), time: clockTime(ms) });
}

// "Tue, 14 Mar 2024, 09:00–09:20" (the end only when known).
export function span(from, to) {
  if (!finite(from)) return '';
  if (!finite(to)) return dayTime(from);
  if (sameDay(from, to)) return t('date.same_day', { day: day(from), from: clockTime(from), to: clockTime(to) });
  return t('date.range', { from: dayTime(from), to: dayTime(to) });
}
