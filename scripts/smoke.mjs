// Packed smoke test: what would be published is proven, not just the sources.
// Packs every package with `pnpm pack` (workspace: ranges become real versions), installs the
// tarballs into a throw-away project, then loads each package with `import` and with `require`
// on this Node (20) and on Node 22 and 24 from the registry's `node` package; then runs every
// package README's quickstart, as pasted into that project, as an .mjs file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packages, root } from './lib.mjs';

const NODES = (process.env.AISLE_SMOKE_NODES ?? '22,24').split(',').filter(Boolean);
const work = mkdtempSync(join(tmpdir(), 'aisle-smoke-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
mkdirSync(tarballs);
mkdirSync(project);
// pnpm exports its own npm_config_* settings, which the npm client warns about: drop them.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')));
// Quickstarts not run here, with the reason (each still runs from the sources in the docs test).
const QUICKSTART_SKIP = new Map([
  ['@aisle/segments', 'its bitmap engine needs roaring, a native addon whose binary is fetched from GitHub at install time'],
]);
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  const list = packages();
  const deps = {};
  for (const p of list) {
    const before = new Set(readdirSync(tarballs));
    sh('pnpm', ['pack', '--pack-destination', tarballs], p.dir);
    const file = readdirSync(tarballs).find((f) => !before.has(f));
    if (!file) throw new Error(`pnpm pack produced no tarball for ${p.name}`);
    deps[p.name] = `file:${join(tarballs, file)}`;
  }
  // The optional peer the @aisle/postgres README's install line names, at the version the workspace tests.
  const pglite = JSON.parse(
    readFileSync(join(root, 'packages', 'postgres', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'aisle-smoke',
        private: true,
        type: 'module',
        dependencies: { ...deps, '@electric-sql/pglite': pglite.version },
        overrides: deps,
      },
      null,
      2,
    ),
  );
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project);

  // Every public entry point: the package itself and each subpath in its exports map.
  const names = list.flatMap((p) =>
    Object.keys(p.pkg.exports ?? { '.': null })
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? p.name : `${p.name}/${key.slice(2)}`)),
  );
  // Load every package both ways, compare the export names, and prove the error brand works
  // across the ESM and CJS copies of core (the dual-package hazard).
  writeFileSync(
    join(project, 'check.mjs'),
    `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const names = ${JSON.stringify(names)};
for (const name of names) {
  const esm = await import(name);
  const cjs = require(name);
  const a = Object.keys(esm).filter((k) => k !== 'default' && k !== 'module.exports').sort();
  const b = Object.keys(cjs).filter((k) => k !== '__esModule').sort();
  if (a.length === 0) throw new Error(name + ': no exports through import');
  if (a.join() !== b.join()) throw new Error(name + ': import and require export different names:\\n' + a + '\\n' + b);
}
const esmCore = await import('@aisle/core');
const cjsCore = require('@aisle/core');
const error = new cjsCore.AisleError('SMOKE', 'from the CJS copy');
if (!esmCore.AisleError.isInstance(error, 'SMOKE')) throw new Error('AisleError brand does not cross the ESM/CJS boundary');
const log = esmCore.createHashChain();
log.append({ n: 1 });
log.append({ n: 2 });
if (!cjsCore.verifyChain(log.entries).ok) throw new Error('hash chain does not verify across copies');
if (esmCore.localDate('2026-11-20T16:30:00Z', 'Asia/Shanghai') !== '2026-11-21') throw new Error('time zones broken');
console.log('smoke ok on Node ' + process.version + ': ' + names.join(', '));
`,
  );
  // A plain CommonJS consumer, with no ESM anywhere in its own code.
  writeFileSync(
    join(project, 'check.cjs'),
    `const names = ${JSON.stringify(names)};
for (const name of names) { const m = require(name); if (Object.keys(m).length === 0) throw new Error(name + ': empty under require'); }
const { parse, ValidationError } = require('@aisle/core');
const schema = { '~standard': { version: 1, vendor: 'smoke', validate: (v) => (typeof v === 'string' ? { value: v } : { issues: [{ message: 'Expected string', path: ['x'] }] }) } };
try { parse(schema, 1); throw new Error('parse accepted bad input'); } catch (e) { if (!ValidationError.isInstance(e)) throw e; }
console.log('require ok on Node ' + process.version);
`,
  );
  // Each package README's first ```ts block (its quickstart: plain JavaScript, asserting what it
  // shows), written as it is into the project that installed the tarballs.
  const quickstarts = [];
  for (const p of list) {
    if (QUICKSTART_SKIP.has(p.name)) continue;
    const block = /^```ts\n([\s\S]*?)^```$/m.exec(readFileSync(join(p.dir, 'README.md'), 'utf8'));
    if (!block) throw new Error(`${p.name}: its README has no quickstart`);
    const file = `quickstart-${p.name.slice('@aisle/'.length)}.mjs`;
    writeFileSync(join(project, file), block[1]);
    quickstarts.push(file);
  }
  const runOn = (label, cmd, args) => {
    for (const file of ['check.mjs', 'check.cjs']) {
      process.stdout.write(`[${label}] ${sh(cmd, [...args, file], project)}`);
    }
    for (const file of quickstarts) sh(cmd, [...args, file], project);
    console.log(
      `[${label}] README quickstarts ok: ${quickstarts.length} (not run: ${[...QUICKSTART_SKIP].map(([n, why]) => `${n}, ${why}`).join('; ')})`,
    );
  };
  runOn('node 20', process.execPath, []);
  for (const major of NODES) runOn(`node ${major}`, 'npm', ['exec', '--yes', `--package=node@${major}`, '--', 'node']);
  console.log(
    `smoke: ${names.length} entry point(s) of ${list.length} package(s) loaded with import and require on Node ${[process.versions.node.split('.')[0], ...NODES].join(', ')}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
