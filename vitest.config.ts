import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One vitest project per package and per example; workspace packages resolve to their
// sources through the `@aisle/source` export condition, so tests never need a build.
const dirs = (parent: string) =>
  readdirSync(parent, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(`${parent}/${d.name}/test`));

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
      { extends: true as const, test: { name: 'scripts', root: 'scripts', include: ['**/test/**/*.test.ts'] } },
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
