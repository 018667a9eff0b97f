// `pnpm bench:report`: runs every package's bench scripts (`bench`, `bench:*`; a failing one is
// reported and the rest go on), collects the `BENCH_RESULT {json}` lines they print
// (bench/lib.ts), prints one table and writes it to bench/REPORT.md with the machine's load, Node
// version and date, and the machine reference (bench/reference.mjs, run before and after the
// benches: a fixed workload's CPU time, by which rates from different machines compare). Raw
// output goes to bench/REPORT.log.
//
// Three sizes per bench (issue 17, item 4): benches that read BENCH_SCALE themselves (through
// `sizes()` in bench/lib.ts) measure their three sizes in one run; for the others the plan below
// runs the script once per size through the size variable it already reads. Every run's wall
// time and peak RSS (GNU time, when installed) are in the second table, so a script without rows
// of its own still shows its curve. Scripts that need a PostgreSQL server run inside
// scripts/with-postgres.sh (a throwaway cluster, installed as root when missing, stopped and
// deleted when the script ends, pass or fail). A script another bench script runs
// (`pnpm run bench:scale` inside `bench`) is not run a second time.
//
// Options (environment):
//   BENCH_SCALE=1       sizes multiplier; 1 is the default. The sizes at 1 are chosen for the whole
//                       report to fit in about 20 minutes on an idle 2-core machine (an estimate,
//                       below; each script run is cut at BENCH_TIMEOUT_S). At 0.25 it took 7.7
//                       minutes on 2026-11-30 16:11 UTC (load 1.2–3.3). 0.05 checks that every
//                       script yields rows: on 2026-11-30 it took 34 minutes wall (5.6 minutes CPU)
//                       on the 2-core machine shared with other jobs, load 15–22.
//   BENCH_ONLY=points,segments   package folders to run (default: all)
//   BENCH_TIMEOUT_S=600 per script run; the rows printed until then are kept.
//
// At the end, a full report (no BENCH_ONLY) runs scripts/bench-readme.mjs (`pnpm bench:readme`),
// which copies the new rows into the READMEs' `<!-- bench:… -->` blocks.
//
// Time at BENCH_SCALE=1, estimated from the 0.25 run's wall / CPU seconds per script and from how
// each bench's work grows with its size (not measured at 1; the lead's quiet run will say):
//   consent bench            51 s (61 CPU) at 0.25: decide.ts and rebuild.ts have fixed sizes
//                            (about 35 s); competent.ts grows ×4 in events and a little faster in
//                            time (replay is cache-bound) → about 110 s
//   custody bench            8 s: bytes ×4 → about 30 s
//   deid bench               40 s: fixed sizes (200k, 20k, 100k–1M) → about 40 s
//   footfall bench           25 s: competent.ts 2.4M → 8.4M detections, the other two fixed → 60 s
//   footfall bench:warehouse 9 s per size, mostly engine start-up (CPU 10 s at 63–250 cameras)
//                            → 250, 500, 1,000 cameras: about 40 s in all
//   identity bench           8–9 s per size, presence.ts fixed (about 8 s), scale.ts linear in
//                            PERSONS (CPU 9 / 10 / 12 s) → 12.5k, 25k, 50k: about 45 s in all
//   incidents bench          21 s: every measure runs for a fixed time → about 25 s
//   points bench             56 s: engine.bench.ts fixed (1M tx, about 30 s), peers.ts ×4 →
//                            about 135 s (the longest single run)
//   points bench:ledger      14 s: operations and histories ×4 → about 60 s
//   postgres bench           14 s per size: BENCH_SECONDS=1 per cell, seeding small → 45 s in all
//   postgres bench:domain    32 / 36 / 52 s: seeding about 0.5 ms per member → 10k, 40k, 160k
//                            members: about 35 + 55 + 115 s
//   segments bench           10 s: members ×4 (250k–1M) → about 45 s
//   segments bench:memory    10 s: 250k, 1M, 4M members → about 45 s
//   segments bench:scale     14 s: 500k, 1M, 2M members per engine → about 60 s
// In all about 16 minutes, and no run near BENCH_TIMEOUT_S: nothing in these benches grows faster
// than its size, so no plan needed shrinking.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packages, root } from './lib.mjs';

const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? '600') * 1000;
const scaleText = process.env.BENCH_SCALE ?? '1';
const scale = Number(scaleText);
if (!(Number.isFinite(scale) && scale > 0)) {
  console.error(`bench:report: BENCH_SCALE must be a positive number, got ${JSON.stringify(scaleText)}`);
  process.exit(2);
}
/** The base sizes times BENCH_SCALE, each at least its floor (some benches need a minimum). */
const scaled = (base, floor = []) => base.map((n, i) => Math.max(floor[i] ?? 1, Math.round(n * scale)));

/**
 * How to run the scripts that do not take BENCH_SCALE themselves: `knob` is the environment
 * variable holding the size they already read, `sizes` the three sizes, `env` extra settings,
 * `server` a server to start around them.
 */
const plans = {
  'footfall bench:warehouse': { knob: 'FOOTFALL_BENCH_CAMERAS', sizes: scaled([250, 500, 1000]) },
  // `bench` runs presence.ts (its own three sizes; repeated rows are dropped) and bench:scale.
  'identity bench': { knob: 'PERSONS', sizes: scaled([12_500, 25_000, 50_000], [500, 1000, 2000]) },
  // Fewer members than clients × a few make the append bench's conflict retries run out.
  'postgres bench': {
    server: 'postgres',
    knob: 'BENCH_MEMBERS',
    sizes: scaled([2_500, 10_000, 40_000], [2_000, 4_000, 8_000]),
    env: { BENCH_SECONDS: '1' },
  },
  'postgres bench:domain': {
    server: 'postgres',
    knob: 'BENCH_MEMBERS',
    sizes: scaled([10_000, 40_000, 160_000], [2_000, 4_000, 8_000]),
    env: { BENCH_SECONDS: '1' },
  },
  // The ledger bench takes its member counts and history lengths as lists: one run covers the three.
  'points bench:ledger': {
    env: {
      MEMBERS: scaled([1_000, 10_000, 100_000]).join(','),
      OPS: String(scaled([20_000], [200])[0]),
      HISTORY: scaled([100, 200, 400], [5, 10, 20]).join(','),
      HISTORY_OPS: String(scaled([1_000], [100])[0]),
    },
  },
};

const withServer = { postgres: join(root, 'scripts', 'with-postgres.sh') };
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const work = mkdtempSync(join(tmpdir(), 'aisle-bench-report-'));

const startedAt = new Date();
const loadBefore = loadavg();

/**
 * The machine reference (bench/reference.mjs): the CPU milliseconds of a fixed workload, so that
 * rates from reports made on different machines can be compared. Run at the start and at the end.
 */
function machineReference() {
  const run = spawnSync(process.execPath, [join(root, 'bench', 'reference.mjs')], { encoding: 'utf8', timeout: 120_000 });
  try {
    const { median } = JSON.parse(run.stdout.trim());
    if (Number.isFinite(median)) return String(median);
  } catch {}
  return `failed (${run.error?.message ?? `exit ${run.status}`})`;
}
const referenceBefore = machineReference();
const rows = [];
const seen = new Set();
const runs = [];
let log = '';

/** Runs one script once; returns its status line and rows. */
function runOnce(p, script, plan, size) {
  const env = { ...process.env, BENCH_SCALE: scaleText, ...(plan?.env ?? {}) };
  if (plan?.knob !== undefined && size !== undefined) env[plan.knob] = String(size);
  const timeFile = join(work, 'time');
  rmSync(timeFile, { force: true });
  // GNU timeout runs the script in its own process group and ends the whole group (pnpm, tsx,
  // node, with-postgres.sh, whose exit trap then stops the server) when time is up; the rows
  // printed until then are kept. GNU time reports the largest RSS of any process it waited for.
  const command = [
    'timeout',
    '-k',
    '20',
    String(timeoutMs / 1000),
    ...(gnuTime ? [gnuTime, '-q', '-f', '%M %U %S', '-o', timeFile] : []),
    ...(plan?.server ? ['bash', withServer[plan.server]] : []),
    'pnpm',
    'run',
    '--silent',
    script,
  ];
  const t = Date.now();
  const load = loadavg()[0];
  const label = `${p.short} ${script}${size === undefined ? '' : ` ${plan.knob}=${size}`}`;
  process.stderr.write(`bench:report: ${label} (load ${load.toFixed(1)})…\n`);
  const out = spawnSync(command[0], command.slice(1), { cwd: p.dir, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (Date.now() - t) / 1000;
  const stdout = out.stdout ?? '';
  let peakMiB;
  let cpuSeconds;
  if (gnuTime && existsSync(timeFile)) {
    const [kib, user, sys] = (readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (Number.isFinite(kib)) peakMiB = kib / 1024;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpuSeconds = user + sys;
  }
  log += `\n===== ${label} (exit ${out.status}, ${seconds.toFixed(0)} s, load ${load.toFixed(1)})\n${stdout}${out.stderr ?? ''}`;
  let found = 0;
  let malformed = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('BENCH_RESULT ')) continue;
    try {
      const row = { pkg: p.short, script, ...JSON.parse(line.slice(13)) };
      // A script run once per size may repeat rows measured at a fixed size: keep the first.
      const key = JSON.stringify([row.pkg, row.script, row.bench, row.subject, row.baseline, row.size]);
      if (!seen.has(key)) {
        seen.add(key);
        rows.push(row);
      }
      found++;
    } catch {
      malformed++;
    }
  }
  const status = out.error
    ? `error: ${out.error.code ?? out.error.message}`
    : out.status === 0
      ? 'ok'
      : out.status === 124 || out.status === 137
        ? `timed out after ${timeoutMs / 1000} s`
        : `exit ${out.status}`;
  runs.push({
    pkg: p.short,
    script,
    size:
      size === undefined
        ? plan?.env
          ? Object.entries(plan.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')
          : 'BENCH_SCALE'
        : `${plan.knob}=${size}`,
    status: malformed > 0 ? `${status}, ${malformed} malformed row(s)` : status,
    seconds,
    cpuSeconds,
    peakMiB,
    load,
    found,
  });
}

try {
  for (const p of packages()) {
    if (only && !only.has(p.short)) continue;
    const scripts = p.pkg.scripts ?? {};
    const names = Object.keys(scripts).filter((s) => s === 'bench' || s.startsWith('bench:'));
    // `pnpm run bench:scale` inside another bench script: that one already runs it.
    const nested = new Set(names.filter((s) => names.some((o) => o !== s && new RegExp(`\\brun\\s+${s}(\\s|$|&|;)`).test(scripts[o]))));
    for (const script of names) {
      if (nested.has(script)) continue;
      const plan = plans[`${p.short} ${script}`];
      if (plan?.knob !== undefined) for (const size of plan.sizes) runOnce(p, script, plan, size);
      else runOnce(p, script, plan, undefined);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const fmtRatio = (r) => (typeof r === 'number' && Number.isFinite(r) ? `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}×` : '—');
const fmtSize = (n) =>
  typeof n !== 'number' ? String(n ?? '—') : n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(n);
const cell = (s) =>
  String(s ?? '—')
    .replaceAll('|', '\\|')
    .replaceAll('\n', ' ');
const referenceAfter = machineReference();
const date = startedAt.toISOString().slice(0, 16).replace('T', ' ');
const minutes = (Date.now() - startedAt.getTime()) / 60_000;
const header = [
  `# Benchmark report`,
  '',
  `Date ${date} UTC · Node ${process.version} · ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}) · load average at start ${loadBefore
    .map((l) => l.toFixed(1))
    .join(' / ')}, at end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} · BENCH_SCALE=${scaleText} · ${minutes.toFixed(1)} minutes in all`,
  '',
  `Machine reference (\`node bench/reference.mjs\`: CPU milliseconds of one fixed workload, median of 3; lower is faster; compare rates across reports by it, ratios need no such help): ${referenceBefore} at the start, ${referenceAfter} at the end.`,
  '',
  `Command: \`BENCH_SCALE=${scaleText} pnpm bench:report\`${only ? ` with BENCH_ONLY=${[...only].join(',')}` : ''}.`,
  '',
  'Ratio = baseline time ÷ subject time, measured in the same run (above 1×: the subject is faster). Memory is measured',
  '(heap + array buffers, and RSS, deltas around the structure in a child process) unless the cell says "estimate".',
  'A load average above the core count means other processes shared the CPU: ratios are interleaved, rates are not.',
  '',
  '| benchmark | subject | baseline | ratio | size | rate | memory | target | load |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
const body = rows.map(
  (r) =>
    `| ${cell(r.bench)} | ${cell(r.subject)} | ${cell(r.baseline)} | ${fmtRatio(r.ratio)} | ${fmtSize(r.size)} | ${cell(r.rate)} | ${cell(r.memory)} | ${
      r.target ? `${cell(r.target)}: ${r.met === undefined ? '—' : r.met ? 'met' : 'missed'}` : '—'
    } | ${typeof r.load === 'number' ? r.load.toFixed(1) : '—'} |`,
);
const runTable = [
  '',
  '## Bench scripts run',
  '',
  'One line per run: the size it ran at (the variable set, or BENCH_SCALE for benches that measure three sizes',
  'themselves), wall time, CPU time (user + system of every process the run waited for; a server it started is not',
  'included) and the peak RSS of the largest process of the run (GNU time; tsx and Node included). CPU time varies',
  'less with the machine load than wall time does.',
  '',
  '| package | script | size | status | seconds | CPU seconds | peak RSS | load at start | result rows |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...runs.map(
    (r) =>
      `| ${r.pkg} | ${r.script} | ${cell(r.size)} | ${r.status} | ${r.seconds.toFixed(0)} | ${
        r.cpuSeconds === undefined ? '—' : r.cpuSeconds.toFixed(0)
      } | ${r.peakMiB === undefined ? '—' : `${r.peakMiB.toFixed(0)} MiB`} | ${r.load.toFixed(1)} | ${r.found} |`,
  ),
  '',
  'Scripts with no result rows print free-form output only; see bench/REPORT.log.',
];
const report = [...header, ...body, ...runTable, ''].join('\n');
process.stdout.write(report);
writeFileSync(join(root, 'bench', 'REPORT.md'), report);
writeFileSync(join(root, 'bench', 'REPORT.log'), log);
// Lay the table out as the repository's formatter does (the file is checked in); best effort.
spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', join(root, 'bench', 'REPORT.md')], { stdio: 'ignore' });
// Copy the new rows into the READMEs' bench blocks (scripts/bench-readme.mjs). A partial report
// (BENCH_ONLY) lacks the other packages' rows, so the READMEs are left alone then.
if (only) {
  process.stderr.write('bench:report: BENCH_ONLY is set, so the READMEs were not updated (pnpm bench:readme after a full report)\n');
} else {
  const readme = spawnSync(process.execPath, [join(root, 'scripts', 'bench-readme.mjs')], { stdio: 'inherit' });
  if (readme.status !== 0) process.exitCode = 1;
}
// A failing or missing bench is a row in the table, not a failed report.
