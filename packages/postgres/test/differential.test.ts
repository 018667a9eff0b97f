import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, it, vi } from 'vitest';
import { checkAgainstMemory } from './differential-model';

// Starting PGlite takes seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });

const db = new PGlite();
afterAll(() => db.close());

describe('the PostgreSQL store answers exactly like the in-memory reference store (PGlite, property)', () => {
  it('same outcome (result or error code) for every append of random sequences, and the same observable state after', async () => {
    await checkAgainstMemory(db, 'diff', 40);
  });
});
