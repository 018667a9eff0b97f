import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One vitest project per package and per example; workspace packages resolve to their
// sources through the `@aisle/source` export condition, so tests never need a build.
const dirs = (parent: string) =>
  readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(`${parent}/${d.name}/test`));

// `@aisle/consent/flow` → its source entry (the `@aisle/source` export), for the code blocks of the
// READMEs and guides, which run from outside the packages (scripts/docs/program.ts does the same for tsc).
const sourceAliases = dirs('packages').flatMap((d) => {
  const pkg = JSON.parse(readFileSync(`packages/${d.name}/package.json`, 'utf8')) as { name: string; exports: Record<string, unknown> };
  return Object.entries(pkg.exports).flatMap(([sub, target]) => {
    const source = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)['@aisle/source'] : undefined;
    if (typeof source !== 'string') return [];
    const name = sub === '.' ? pkg.name : `${pkg.name}${sub.slice(1)}`;
    return [
      {
        find: new RegExp(`^${name.replaceAll('/', '\\/')}$`),
        replacement: fileURLToPath(new URL(`./packages/${d.name}/${source}`, import.meta.url)),
      },
    ];
  });
});

// No explicit 'import' condition: vitest passes these to Node as --conditions, and with 'import'
// among them Node's require() picks the ESM build of dual packages (pg-pool), which breaks `pg`.
// Vite adds 'import' / 'require' per import itself.
export default defineConfig({
  resolve: { conditions: ['@aisle/source', 'module', 'node', 'default'] },
  ssr: { resolve: { conditions: ['@aisle/source', 'module', 'node', 'default'] } },
  test: {
    // After every test file: fail it if a built-in prototype or constructor changed (prototype pollution).
    setupFiles: [fileURLToPath(new URL('./scripts/vitest/prototype-guard.ts', import.meta.url))],
    projects: [
      ...dirs('packages').map((d) => ({
        extends: true as const,
        test: { name: d.name, root: `packages/${d.name}`, include: ['test/**/*.test.ts'] },
      })),
      // The repository's own test tooling (the prototype guard, the fuzz harness).
      { extends: true as const, test: { name: 'scripts', root: 'scripts', include: ['**/test/**/*.test.ts'], exclude: ['docs/**'] } },
      // Docs that run: the code blocks of every README and guide, `@aisle/*` imported from the sources.
      {
        extends: true as const,
        resolve: { alias: sourceAliases },
        test: { name: 'docs', root: 'scripts/docs', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
      },
      ...dirs('examples').map((d) => ({
        extends: true as const,
        test: { name: `example:${d.name}`, root: `examples/${d.name}`, include: ['test/**/*.test.ts'], testTimeout: 60_000 },
      })),
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 90, functions: 90, branches: 85, statements: 90 },
    },
  },
});
