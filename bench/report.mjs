// Puts the load tool's results for both servers side by side: prints the table of bench/run.sh
// and writes the same figures as JSON.
//
//   node bench/report.mjs OUT.json RESULT.json...   (each RESULT is {"server","scenario","figures","info"})

import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

// Every figure the scenarios report, in table order. `better`: which way is better.
const FIGURES = [
  ['memory_per_client_1000', 'memory per idle client, N=1,000', 'KiB', '<= 6', 'lower'],
  ['memory_per_client_2000', 'memory per idle client, N=2,000', 'KiB', '<= 6', 'lower'],
  ['memory_per_client_10000', 'memory per idle client, N=10,000', 'KiB', '<= 6', 'lower'],
  ['fanout_p50', 'fan-out to 500: p50', 'ms', '', 'lower'],
  ['fanout_p99', 'fan-out to 500: p99', 'ms', '< 20', 'lower'],
  ['fanout_max', 'fan-out to 500: max', 'ms', '', 'lower'],
  ['throughput_deliveries_per_s', 'throughput: deliveries/s', '1/s', '>= 150000', 'higher'],
  ['throughput_p99', 'throughput: word -> receipt p99', 'ms', '', 'lower'],
  ['throughput_cpu_s_per_million', 'throughput: server CPU per 1M deliveries', 's', '', 'lower'],
  ['storm_p99', 'reconnect storm: playing rooms p99', 'ms', '< 50', 'lower'],
  ['storm_all_back', 'reconnect storm: all back after', 'ms', '', 'lower'],
  ['slow_memory_growth', 'slow consumer: server memory growth', 'MiB', '<= 1', 'lower'],
  ['slow_memory_growth_control', '  same play, no stalled client (control)', 'MiB', '', 'lower'],
  ['slow_others_p99', 'slow consumer: other clients p99', 'ms', '', 'lower'],
  ['slow_closed_after', 'slow consumer: stalled client closed after', 's', 'closed', 'lower'],
];

const [out, ...inputs] = process.argv.slice(2);
const results = { earshot: {}, reference: {} };
let machine = null; // the kernel alone, no server (scenario "machine")
for (const file of inputs) {
  let r;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    continue; // a scenario that failed left no result
  }
  if (r.scenario === 'machine') {
    machine = r;
    continue;
  }
  results[r.server] ??= {};
  results[r.server][r.scenario] = r;
}

function figure(server, name) {
  for (const r of Object.values(results[server] || {})) {
    if (r.figures && name in r.figures) return { value: r.figures[name], ran: true };
  }
  return { value: null, ran: false };
}

const rows = [];
for (const [name, label, unit, target, better] of FIGURES) {
  const e = figure('earshot', name);
  const ref = figure('reference', name);
  if (!e.ran && !ref.ran) continue;
  const ratio = typeof e.value === 'number' && typeof ref.value === 'number' && ref.value !== 0 ? e.value / ref.value : null;
  rows.push({ name, label, earshot: e.value, reference: ref.value, ratio, target, unit, better });
}

function show(v, name) {
  if (v === null || v === undefined) return name && name.startsWith('slow_closed') ? 'not closed' : '-';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

const header = ['figure', 'unit', 'Earshot', 'reference', 'Earshot/ref', 'target (Earshot)'];
const table = rows.map((r) => [
  r.label,
  r.unit,
  show(r.earshot, r.name),
  show(r.reference, r.name),
  r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
  r.target,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of table) console.log(line(row));

if (machine) {
  const { small, views } = machine.info;
  const rate = (v) => Math.round(v).toLocaleString('en-US');
  const cpu = (s) => `sender ${s.sender_us_per_message.toFixed(1)} µs, receiver ${s.receiver_us_per_message.toFixed(1)} µs of CPU each`;
  console.log('');
  console.log('the machine alone, no server (one process sending as fast as it can, one receiving; both on these cores):');
  console.log(`  ${small.bytes}-byte messages to ${small.connections} connections: ${rate(small.per_second)}/s (${cpu(small)});`);
  console.log(`    4 broadcasts in flight to ${small.connections} would take ${machine.figures.machine_fanout_mean_ms.toFixed(1)} ms on average at that rate`);
  console.log(`  ${views.bytes}-byte messages to ${views.connections} connections: ${rate(views.per_second)}/s (${cpu(views)})`);
}

// What the CPU per delivery would allow with the machine's cores all the server's (the load tool
// elsewhere, CPU the only limit): cores / CPU seconds per delivery. A projection, printed apart
// from the table: the measured row above is the figure, on cores the load tool shares.
const cores = cpus().length;
const projected = {};
for (const server of ['earshot', 'reference']) {
  const { value } = figure(server, 'throughput_cpu_s_per_million');
  if (typeof value === 'number' && value > 0) projected[server] = (cores * 1e6) / value;
}
if (Object.keys(projected).length) {
  const shown = Object.entries(projected).map(([server, v]) => `${server === 'earshot' ? 'Earshot' : 'reference'} ${Math.round(v).toLocaleString('en-US')}/s`);
  console.log('');
  console.log(`throughput if ${cores} cores were the server's alone (cores / server CPU per delivery, a projection): ${shown.join(', ')}`);
}

const details = {};
for (const [server, scenarios] of Object.entries(results)) {
  for (const [scenario, r] of Object.entries(scenarios)) (details[scenario] ??= {})[server] = r.info;
}
writeFileSync(
  out,
  JSON.stringify(
    { generatedAt: new Date().toISOString(), rows, machine: machine && { figures: machine.figures, ...machine.info }, projected: { cores, throughput_deliveries_per_s: projected }, details },
    null,
    2,
  ) + '\n',
);
