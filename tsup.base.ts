import { defineConfig, type Options } from 'tsup';

/**
 * The one build every Aisle package uses: ESM + CJS, bundled `.d.ts`/`.d.cts`, sourcemaps,
 * no minification (consumers minify), dependencies left external.
 */
export function aislePackage(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: true,
    target: 'es2022',
    platform: 'neutral',
    outDir: 'dist',
    ...overrides,
  });
}
