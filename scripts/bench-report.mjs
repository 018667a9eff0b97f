// `pnpm bench:report`: runs every package's bench scripts (`bench`, `bench:*`; a package without
// one is skipped, a failing one is reported and the rest go on), collects the `BENCH_RESULT {json}`
// lines they print (bench/lib.ts), prints one table and writes it to bench/REPORT.md with the
// machine's load, Node version and date. Raw output goes to bench/REPORT.log.
// Options: BENCH_ONLY=points,deid (package folders), BENCH_SCALE=0.25 (sizes), BENCH_TIMEOUT_S=900.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { packages, root } from './lib.mjs';

const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : undefined;
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? '900') * 1000;
const startedAt = new Date();
const loadBefore = loadavg();
const rows = [];
const runs = [];
let log = '';

for (const p of packages()) {
  if (only && !only.has(p.short)) continue;
  const scripts = Object.keys(p.pkg.scripts ?? {}).filter((s) => s === 'bench' || s.startsWith('bench:'));
  for (const script of scripts) {
    const t = Date.now();
    const load = loadavg()[0];
    process.stderr.write(`bench:report: ${p.short} ${script} (load ${load.toFixed(1)})…\n`);
    // GNU timeout runs the script in its own process group and ends the whole group (pnpm, tsx and
    // node) when time is up; the rows printed until then are kept.
    const out = spawnSync('timeout', ['-k', '10', String(timeoutMs / 1000), 'pnpm', 'run', '--silent', script], {
      cwd: p.dir,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const seconds = (Date.now() - t) / 1000;
    const stdout = out.stdout ?? '';
    log += `\n===== ${p.short} ${script} (exit ${out.status}, ${seconds.toFixed(0)} s, load ${load.toFixed(1)})\n${stdout}${out.stderr ?? ''}`;
    let found = 0;
    for (const line of stdout.split('\n')) {
      if (!line.startsWith('BENCH_RESULT ')) continue;
      try {
        rows.push({ pkg: p.short, script, ...JSON.parse(line.slice(13)) });
        found++;
      } catch {
        // A malformed line is reported through the run's status below.
      }
    }
    const status = out.error
      ? `error: ${out.error.code ?? out.error.message}`
      : out.status === 0
        ? 'ok'
        : out.status === 124 || out.status === 137
          ? `timed out after ${timeoutMs / 1000} s`
          : `exit ${out.status}`;
    runs.push({ pkg: p.short, script, status, seconds, load, found });
  }
}

const fmtRatio = (r) => (typeof r === 'number' && Number.isFinite(r) ? `${r >= 100 ? r.toFixed(0) : r.toFixed(2)}×` : '—');
const fmtSize = (n) =>
  typeof n !== 'number' ? String(n ?? '—') : n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(n);
const cell = (s) => String(s ?? '—').replaceAll('|', '\\|');
const date = startedAt.toISOString().slice(0, 16).replace('T', ' ');
const header = [
  `# Benchmark report`,
  '',
  `Date ${date} UTC · Node ${process.version} · ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}) · load average at start ${loadBefore
    .map((l) => l.toFixed(1))
    .join(' / ')}, at end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}${process.env.BENCH_SCALE ? ` · BENCH_SCALE=${process.env.BENCH_SCALE}` : ''}`,
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
  '| package | script | status | seconds | load at start | result rows |',
  '| --- | --- | --- | --- | --- | --- |',
  ...runs.map((r) => `| ${r.pkg} | ${r.script} | ${r.status} | ${r.seconds.toFixed(0)} | ${r.load.toFixed(1)} | ${r.found} |`),
  '',
  'Scripts with no result rows print free-form output only; see bench/REPORT.log.',
];
const report = [...header, ...body, ...runTable, ''].join('\n');
process.stdout.write(report);
writeFileSync(join(root, 'bench', 'REPORT.md'), report);
writeFileSync(join(root, 'bench', 'REPORT.log'), log);
// Lay the table out as the repository's formatter does (the file is checked in); best effort.
spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', join(root, 'bench', 'REPORT.md')], { stdio: 'ignore' });
// A failing or missing bench is a row in the table, not a failed report.
