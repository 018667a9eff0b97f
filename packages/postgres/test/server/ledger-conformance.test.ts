import { describeLedgerStore } from '@aisle/points/testing';
import { describe, it } from 'vitest';
import { fixtureIn } from '../helpers';
import { describeServer, freshSchema, pool, url } from './server';

// The points ledger's conformance suite against a real PostgreSQL server (a fresh schema per test):
// here, unlike on PGlite, two ledgers really race on row locks and the budget counters.
if (url !== undefined) {
  const db = pool(20);
  describeLedgerStore({
    name: 'PostgreSQL server',
    test: { describe, it },
    create: async () => {
      const schema = freshSchema('ledg');
      const fixture = await fixtureIn(db, schema);
      return { ...fixture, close: async () => void (await db.query(`DROP SCHEMA "${schema}" CASCADE`)) };
    },
  });
} else {
  describeServer('Points ledger conformance: PostgreSQL server', () => {
    it('needs a server', () => {});
  });
}
