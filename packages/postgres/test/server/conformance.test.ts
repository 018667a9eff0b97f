import { describeStreamStore } from '@aisle/core/testing';
import { describe, it } from 'vitest';
import { fixtureIn } from '../helpers';
import { freshSchema, pool, url } from './server';

// The contract's conformance suite against a real PostgreSQL server (a fresh schema per test).
if (url !== undefined) {
  const db = pool(20);
  describeStreamStore({
    name: 'PostgreSQL server',
    test: { describe, it },
    snapshotTail: true,
    create: async () => {
      const schema = freshSchema('conf');
      const fixture = await fixtureIn(db, schema);
      return { ...fixture, close: async () => void (await db.query(`DROP SCHEMA "${schema}" CASCADE`)) };
    },
  });
  // Again with named prepared statements (each connection plans a statement once and reuses it).
  describeStreamStore({
    name: 'PostgreSQL server, prepared statements',
    test: { describe, it },
    snapshotTail: true,
    create: async () => {
      const schema = freshSchema('confp');
      const fixture = await fixtureIn(db, schema, true);
      return { ...fixture, close: async () => void (await db.query(`DROP SCHEMA "${schema}" CASCADE`)) };
    },
  });
} else {
  describe.skip('StreamStore conformance: PostgreSQL server (AISLE_PG_URL not set)', () => {
    it('needs a server', async () => {});
  });
}
