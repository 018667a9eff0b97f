/**
 * Vitest setup file (root `vitest.config.ts` `setupFiles`): fails any test file after which a
 * built-in prototype or constructor differs from how it was before the file ran — the symptom of
 * untrusted data reaching a prototype (`constructor`, `__proto__` used as a key). The state is
 * restored afterwards so the files that follow in the same worker start clean.
 */
import { afterAll } from 'vitest';
import { diffGlobals, restoreGlobals, snapshotGlobals } from './globals-snapshot';

// Taken when this setup file runs, which is before the test file is imported, so pollution at
// import time (a module's top level) is caught too.
const before = snapshotGlobals();

afterAll(() => {
  const problems = diffGlobals(before);
  if (problems.length === 0) return;
  restoreGlobals(before);
  throw new Error(`This test file polluted built-in objects (prototype pollution):\n  ${problems.join('\n  ')}`);
});
