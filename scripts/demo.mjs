// `pnpm demo`: installs only what examples/mall-day needs to run, then runs it.
//
// On a fresh clone that is the demo and the workspace packages it imports, with their runtime
// dependencies (zod, @noble/*, @date-fns/tz, PGlite) and tsx: `pnpm install --prod --filter
// @aisle-examples/mall-day... --filter aisle`. The test engines (DuckDB, chDB, MariaDB and PostgreSQL drivers,
// Chromium tooling, the build and lint tools) are devDependencies and stay out.
//
// The root project is selected too: its one dependency, PGlite, is the optional peer that
// @aisle/postgres imports when the demo opens its embedded database. The demo runs the packages from
// their sources (the `@aisle/source` condition, no build), and Node resolves packages/postgres/src's
// import from the workspace root's node_modules: @aisle/postgres's own copy is a devDependency.
//
// A checkout that already has the full development install keeps it: a production-only install
// there would make pnpm purge node_modules (the included dependency kinds changed). And the other
// way round, `pnpm install` after `pnpm demo` purges the demo's modules and installs everything
// without asking for a TTY, because pnpm-workspace.yaml sets `confirmModulesPurge: false`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const DEMO = '@aisle-examples/mall-day';
const ROOT = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;

/** True when node_modules holds a development install (devDependencies included). */
function hasDevelopmentInstall() {
  try {
    // pnpm writes node_modules/.modules.yaml as JSON (a subset of YAML).
    const modules = JSON.parse(readFileSync(join(root, 'node_modules', '.modules.yaml'), 'utf8'));
    return modules?.included?.devDependencies === true;
  } catch {
    return false;
  }
}

function pnpm(args) {
  const result = spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (hasDevelopmentInstall()) pnpm(['install', '--frozen-lockfile']);
else pnpm(['install', '--frozen-lockfile', '--prod', '--filter', `${DEMO}...`, '--filter', ROOT]);
// Arguments after `pnpm demo` go to the demo (`pnpm demo --reset`, `pnpm demo --memory`).
pnpm(['--filter', DEMO, 'run', 'start', ...process.argv.slice(2)]);
