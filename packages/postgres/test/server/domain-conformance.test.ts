import { describeConsentStore } from '@aisle/consent/testing';
import { describeIncidentStore } from '@aisle/incidents/testing';
import { describeLedgerStore } from '@aisle/points/testing';
import { describe, it } from 'vitest';
import { fixtureIn } from '../helpers';
import { describeServer, freshSchema, pool, url } from './server';

// The conformance suites of the points ledger, the consent store and the incident store against a real PostgreSQL server (a fresh schema per test):
// here, unlike on PGlite, two ledgers really race on row locks and the budget counters.
if (url !== undefined) {
  const db = pool(20);
  const create = async () => {
    const schema = freshSchema('dom');
    const fixture = await fixtureIn(db, schema);
    return { ...fixture, close: async () => void (await db.query(`DROP SCHEMA "${schema}" CASCADE`)) };
  };
  describeLedgerStore({ name: 'PostgreSQL server', test: { describe, it }, create });
  describeConsentStore({ name: 'PostgreSQL server', test: { describe, it }, create });
  describeIncidentStore({ name: 'PostgreSQL server', test: { describe, it }, create });
  // The ledger again with named prepared statements.
  describeLedgerStore({
    name: 'PostgreSQL server, prepared statements',
    test: { describe, it },
    create: async () => {
      const schema = freshSchema('domp');
      const fixture = await fixtureIn(db, schema, true);
      return { ...fixture, close: async () => void (await db.query(`DROP SCHEMA "${schema}" CASCADE`)) };
    },
  });
} else {
  describeServer('Domain store conformance: PostgreSQL server', () => {
    it('needs a server', () => {});
  });
}
