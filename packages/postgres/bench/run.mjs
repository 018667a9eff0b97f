// Runs a bench of this folder compiled the way the published package is: one esbuild bundle of
// the TypeScript sources (the `@aisle/source` condition) without esbuild's `keepNames`, which
// tsup leaves off. tsx turns `keepNames` on, which wraps every named closure created at run time
// in `__name(fn, 'name')` (an `Object.defineProperty` per creation): the stores' write path
// creates several per operation, the floor none. On the shared 2-core machine (load 5-8) the
// difference in alternating bench/cpu.ts runs was between nothing measurable and about a fifth of
// earn's Node CPU (0.30-0.32 against 0.38-0.40 ms in one pair of pairs, none in another): either
// way a cost the published code does not have. `pg` and PGlite stay external; `import.meta.url` is the bench source's own URL,
// so paths relative to it keep working.
//   node bench/run.mjs bench/domain.ts [args…]
import { mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (entry === undefined) {
  console.error('usage: node bench/run.mjs <bench/file.ts> [args…]');
  process.exit(2);
}
const source = resolve(entry);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(packageDir, 'node_modules', '.cache', 'aisle-bench');
mkdirSync(outDir, { recursive: true });
const outfile = resolve(outDir, `${basename(source, '.ts')}.mjs`);
await build({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['@aisle/source'],
  external: ['pg', '@electric-sql/pglite'],
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(source).href) },
  keepNames: false,
  sourcemap: 'inline',
  logLevel: 'warning',
});
process.argv = [process.argv[0] ?? 'node', source, ...args];
await import(pathToFileURL(outfile).href);
