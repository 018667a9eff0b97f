import { it } from 'vitest';
import { checkAgainstMemory } from '../differential-model';
import { describeServer, pool } from './server';

describeServer('the PostgreSQL server answers exactly like the in-memory reference store (property)', () => {
  const db = pool(2);
  it('same outcome for every append of random sequences, and the same observable state after', async () => {
    await checkAgainstMemory(db, `sdiff_${process.pid}`, 40);
  }, 300_000);
});
