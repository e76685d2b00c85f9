#!/usr/bin/env node
// Reads a trace written by `earshot-load --trace FILE` (bench/run.sh --trace DIR) and prints, for
// each slice of the last measuring window, how many latency samples fell in it (by send time),
// their mean and max, and, for a storm, how many clients dropped and came back in it:
//
//   node bench/trace.mjs DIR/earshot-storm.trace [--slice MS] [--tag storm]
//
// A stall shows as one slice whose max stands out; the drops and returns beside it say where in
// the storm it fell. Times in the file are CLOCK_MONOTONIC milliseconds, so they can be matched
// against `perf record -k CLOCK_MONOTONIC` or `perf sched timehist` (seconds there).
import fs from "node:fs";

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === "--help") {
  console.log("usage: node bench/trace.mjs FILE [--slice MS] [--tag TAG]");
  process.exit(args.length === 0 ? 2 : 0);
}
const file = args[0];
let slice = 100;
let tag = null;
for (let i = 1; i < args.length; i += 2) {
  if (args[i] === "--slice") slice = Number(args[i + 1]);
  else if (args[i] === "--tag") tag = args[i + 1];
  else {
    console.error(`bench/trace.mjs: unknown option ${args[i]}`);
    process.exit(2);
  }
}
if (!(slice > 0)) {
  console.error("bench/trace.mjs: --slice needs a number of milliseconds");
  process.exit(2);
}

const rows = (path) =>
  fs.existsSync(path)
    ? fs
        .readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.split(" "))
    : [];
const main = rows(file);
const clients = rows(file + ".clients");
const starts = main.filter((r) => r[0] === "window_start").map((r) => Number(r[1]));
const ends = main.filter((r) => r[0] === "window_end").map((r) => Number(r[1]));
if (starts.length === 0) {
  console.error(`bench/trace.mjs: no measuring window in ${file}`);
  process.exit(1);
}
const t0 = starts[starts.length - 1];
const t1 = ends.length ? ends[ends.length - 1] : Infinity;
const lastTag = tag ?? main.filter((r) => r[0] === "sample" && Number(r[1]) >= t0).map((r) => r[3])[0];

const bins = new Map();
const bin = (t) => {
  const k = Math.floor((t - t0) / slice);
  if (!bins.has(k)) bins.set(k, { n: 0, sum: 0, max: 0, drops: 0, backs: 0 });
  return bins.get(k);
};
const all = [];
for (const r of main) {
  if (r[0] !== "sample" || r[3] !== lastTag) continue;
  const t = Number(r[1]);
  if (t < t0 || t > t1) continue;
  const ms = Number(r[2]);
  const b = bin(t);
  b.n += 1;
  b.sum += ms;
  b.max = Math.max(b.max, ms);
  all.push(ms);
}
for (const r of clients) {
  const t = Number(r[1]);
  if (t < t0) continue;
  if (r[0] === "drop") bin(t).drops += 1;
  else if (r[0] === "back") bin(t).backs += 1;
}

all.sort((a, b) => a - b);
const pct = (p) => (all.length ? all[Math.min(all.length - 1, Math.ceil((p / 100) * all.length) - 1)] : NaN);
console.log(
  `window of ${Number.isFinite(t1) ? (t1 - t0).toFixed(0) : "?"} ms, samples "${lastTag}": ${all.length}, ` +
    `p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${(all.at(-1) ?? NaN).toFixed(1)} ms`,
);
console.log("from ms  samples  mean ms  max ms  drops  back");
for (const k of [...bins.keys()].sort((a, b) => a - b)) {
  const b = bins.get(k);
  console.log(
    `${String(k * slice).padStart(7)}  ${String(b.n).padStart(7)}  ${(b.n ? b.sum / b.n : 0).toFixed(1).padStart(7)}  ` +
      `${b.max.toFixed(1).padStart(6)}  ${String(b.drops).padStart(5)}  ${String(b.backs).padStart(4)}`,
  );
}
