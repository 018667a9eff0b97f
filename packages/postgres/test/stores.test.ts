import { replayConsentEvents, subjectConsentToJson } from '@aisle/consent';
import { describeConsentStore } from '@aisle/consent/testing';
import { createCheckpoint } from '@aisle/core';
import { createIncident, transition } from '@aisle/incidents';
import { describeIncidentStore } from '@aisle/incidents/testing';
import { describeLedgerStore } from '@aisle/points/testing';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresConsentStore } from '../src/consent';
import { createPostgresIncidentStore } from '../src/incidents';
import { migrate } from '../src/index';
import { createPostgresLedger } from '../src/points';
import { pgliteFixtures } from './helpers';
import { accrual, catalogue, consentEvent, leak, PURPOSES } from './support/domain';

// Starting PGlite takes seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const fixtures = pgliteFixtures();
afterAll(() => fixtures.close());

let n = 0;
const fresh = async () => {
  const db = await fixtures.db();
  const schema = `s_${++n}`;
  await migrate(db, { schema });
  return { db, schema };
};

describeLedgerStore({ name: 'PGlite', test: { describe, it }, create: fixtures.create, timeout: 120_000 });
describeConsentStore({ name: 'PGlite', test: { describe, it }, create: fixtures.create, timeout: 120_000 });
describeIncidentStore({ name: 'PGlite', test: { describe, it }, create: fixtures.create, timeout: 120_000 });

describe('the domain stores on PGlite', () => {
  it('createPostgresConsentStore: appends in the schema given, subject() reads the snapshot, verify and the checkpoint hold', async () => {
    const { db, schema } = await fresh();
    const consents = createPostgresConsentStore(db, { schema, catalogue });
    await consents.append(consentEvent('ce-1', 'psn_a', { at: '2026-11-21T10:00:00+08:00' }));
    const last = await consents.append(consentEvent('ce-2', 'psn_a', { type: 'withdrawn', at: '2026-11-21T11:00:00+08:00' }));
    expect(last.subject.purposes.get('marketing.sms')?.status).toBe('withdrawn');
    expect((await consents.append(consentEvent('ce-2', 'psn_a', { type: 'withdrawn', at: '2026-11-21T11:00:00+08:00' }))).duplicate).toBe(
      true,
    );
    expect((await consents.subject('psn_a'))?.purposes.get('marketing.sms')?.status).toBe('withdrawn');
    const { rows } = await db.query(`SELECT version FROM "${schema}".streams WHERE stream_id = 'consent:psn_a'`);
    expect(rows).toEqual([{ version: 2 }]);
    const kept = await createCheckpoint(consents.streamStore);
    expect(await consents.verify({ checkpoint: kept })).toMatchObject({ ok: true, streams: 1, entries: 2 });
    expect(await consents.verifySubject('psn_a')).toMatchObject({ ok: true, length: 2 });
    // Edited behind the store's back: named.
    await db.query(`UPDATE "${schema}".entries SET body = replace(body, 'kiosk', 'sms') WHERE stream_id = 'consent:psn_a' AND seq = 0`);
    expect((await consents.verify({ checkpoint: kept })).problems.map((p) => p.kind)).toContain('hash');
  });

  it('createPostgresConsentStore: the materialised state equals a replay of the stream for every subject (property)', async () => {
    const { db, schema } = await fresh();
    const consents = createPostgresConsentStore(db, { schema, catalogue });
    let id = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ subject: fc.integer({ min: 0, max: 3 }), withdraw: fc.boolean(), purpose: fc.constantFrom(...PURPOSES) }), {
          minLength: 1,
          maxLength: 12,
        }),
        async (ops) => {
          const at = Date.parse('2026-11-21T02:00:00Z');
          const subjects = new Set<string>();
          for (const [i, op] of ops.entries()) {
            const subject = `psn_${id}_${op.subject}`;
            subjects.add(subject);
            await consents.append(
              consentEvent(`ce-${id}-${i}`, subject, {
                type: op.withdraw ? 'withdrawn' : 'given',
                purposes: [op.purpose],
                at: at + i * 60_000,
              }),
            );
          }
          for (const subject of subjects) {
            const stored = await consents.subject(subject);
            const replay = replayConsentEvents(
              (await consents.log(subject)).entries.map((e) => e.data),
              { catalogue },
            ).subject(subject);
            expect(stored && subjectConsentToJson(stored)).toEqual(replay && subjectConsentToJson(replay));
          }
          id += 1;
        },
      ),
      { numRuns: 15, seed: 12 },
    );
  });

  it('createPostgresLedger: earn, redeem, balance and reconcile in the schema given', async () => {
    const { db, schema } = await fresh();
    const ledger = createPostgresLedger(db, { schema, zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 12 } });
    const at = '2026-11-18T10:00:00+08:00';
    await ledger.earn({ key: 'earn:R-1', at, evaluation: accrual('R-1', 'm-1', 120) });
    await ledger.redeem({ key: 'park:1', memberId: 'm-1', points: 50, at });
    expect((await ledger.earn({ key: 'earn:R-1', at, evaluation: accrual('R-1', 'm-1', 120) })).replayed).toBe(true);
    expect((await ledger.balance('m-1')).available).toBe(70);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}".entries WHERE stream_id = 'points:member:m-1'`);
    expect(rows).toEqual([{ n: 2 }]);
    expect(await ledger.reconcile()).toMatchObject({ balanced: true, members: 1, issued: 120, redeemed: 50, outstanding: 70 });
    const kept = await ledger.checkpoint();
    expect((await ledger.verify({ checkpoint: kept })).ok).toBe(true);
    expect(() => createPostgresLedger(db, undefined as never)).toThrow(TypeError);
  });

  it('createPostgresIncidentStore: save, update and load, one stream per incident, verified', async () => {
    const { db, schema } = await fresh();
    const incidents = createPostgresIncidentStore(db, { schema });
    const by = (at: string) => ({ actor: 'S-014', at: `2026-04-03T${at}:00+08:00` });
    const incident = createIncident(leak(), by('23:40'));
    await incidents.save(incident);
    const updated = await incidents.update(incident.record.id, (current) => transition(current, 'triaged', by('23:45')));
    expect(updated).toMatchObject({ appended: 1, anchor: { length: 2 } });
    expect((await incidents.load(incident.record.id))?.record.status).toBe('triaged');
    expect(await incidents.ids()).toEqual([incident.record.id]);
    const { rows } = await db.query(`SELECT version FROM "${schema}".streams`);
    expect(rows).toEqual([{ version: 2 }]);
    expect((await incidents.verify({ checkpoint: await createCheckpoint(incidents.streamStore) })).ok).toBe(true);
  });
});
