// Times and durations in words, in the browser's own language and time zone: the facilitator's
// room list ("Opened 09:05") and the History page.

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
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

// "Tue, 14 Mar 2024, 09:00–09:20" (the end only when known).
export function span(from, to) {
  if (!finite(from)) return '';
  if (!finite(to)) return `${day(from)}, ${clockTime(from)}`;
  if (sameDay(from, to)) return `${day(from)}, ${clockTime(from)}–${clockTime(to)}`;
  return `${day(from)}, ${clockTime(from)} – ${day(to)}, ${clockTime(to)}`;
}
