import { createMemoryStreamStore, type StreamStore } from '@aisle/core';
import { createMemoryKeyStore, createShredder } from '@aisle/deid';
import { createPostgresStreamStore, migrate } from '@aisle/postgres';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentityGraph, createTrajectoryStore, defaultIdentifierTypes, IdentityErrorCode, type TrajectorySealer } from '../src/index';
import { pseudonymise } from './fixtures';

const T0 = Date.parse('2026-03-02T02:00:00Z');
const DAY = 86_400_000;
const member = { type: 'member', value: 'M-1001' };

/** The same behaviour on every stream store: the memory store and `@aisle/postgres` on PGlite. */
function describeTrajectoryStore(name: string, makeStore: () => Promise<StreamStore>) {
  describe(`trajectories on ${name} (separate consent, through the identity graph)`, { timeout: 60_000 }, () => {
    async function setup() {
      const store = await makeStore();
      const granted = new Set(['u-1/presence.trajectory', 'u-3/presence.trajectory']);
      const consent = (s: string, p: string) => granted.has(`${s}/${p}`);
      const graph = createIdentityGraph({ types: defaultIdentifierTypes(), pseudonymise, store, consent });
      await graph.link({
        a: member,
        b: { type: 'phone', value: '13912340001' },
        evidence: {
          source: 'mini-program',
          eventId: 'signup-1',
          seenAt: '2026-03-01T10:00:00+08:00',
          verifiedAt: '2026-03-01T10:00:00+08:00',
          strength: 'sms-code',
          basis: { kind: 'contract' },
          purposes: ['loyalty'],
        },
        caller: { trusted: true, name: 'member-service' },
      });
      const keys = createMemoryKeyStore();
      const sealer: TrajectorySealer = createShredder({ kek: new Uint8Array(32).fill(9), store: keys });
      let now = T0;
      const clock = { now: () => new Date(now) };
      const trajectories = createTrajectoryStore({ graph, consent, store, sealer, clock });
      return { store, graph, granted, keys, sealer, trajectories, setNow: (ms: number) => (now = ms) };
    }

    it('records only for a linked member with the separate consent, and counts repeat visits', async () => {
      const { trajectories, setNow } = await setup();
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'atrium', at: T0 });
      setNow(T0 + DAY);
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'b1', at: T0 + DAY });
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'l2', at: T0 + DAY + 60_000 });
      expect(await trajectories.repeatVisits({ subjectId: 'u-1', at: '2026-03-03T12:00:00Z' })).toBe(2);
      expect(await trajectories.trajectory({ subjectId: 'u-1', at: '2026-03-03T12:00:00Z' })).toEqual([
        { site: 'sh-01', zone: 'atrium', at: T0 },
        { site: 'sh-01', zone: 'b1', at: T0 + DAY },
        { site: 'sh-01', zone: 'l2', at: T0 + DAY + 60_000 },
      ]);
      await expect(trajectories.record({ member, subjectId: 'u-2', site: 'sh-01', zone: 'atrium', at: T0 + DAY })).rejects.toMatchObject({
        code: IdentityErrorCode.CONSENT_REQUIRED,
      });
      await expect(
        trajectories.record({ member: { type: 'member', value: 'M-9999' }, subjectId: 'u-1', site: 'sh-01', zone: 'atrium', at: T0 + DAY }),
      ).rejects.toMatchObject({ code: IdentityErrorCode.CONSENT_REQUIRED });
      expect(await trajectories.members()).toBe(1);
    });

    it('refuses a point more than a day old: raw observations are kept at most a day, so none become a trajectory later', async () => {
      const { trajectories, setNow } = await setup();
      setNow(T0 + DAY + 1);
      await expect(trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'atrium', at: T0 })).rejects.toMatchObject({
        code: IdentityErrorCode.RETENTION_EXCEEDED,
      });
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'atrium', at: T0 + 1 });
      expect(await trajectories.trajectory({ subjectId: 'u-1', at: '2026-03-03T12:00:00Z' })).toHaveLength(1);
      await expect(trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: '', at: T0 + 1 })).rejects.toThrow(TypeError);
      await expect(trajectories.record({ member, subjectId: '', site: 'sh-01', zone: 'a', at: T0 + 1 })).rejects.toThrow(TypeError);
    });

    it('withdrawal deletes a member’s trajectories (its key destroyed, the stored points unreadable), and reads fail closed as soon as consent stops', async () => {
      const { trajectories, granted, store, sealer } = await setup();
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'atrium', at: T0 });
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'b1', at: T0 + 1000 });
      await trajectories.record({ member, subjectId: 'u-3', site: 'sh-01', zone: 'l3', at: T0 + 2000 });
      expect(await trajectories.trajectory({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).toHaveLength(2);
      // Nothing readable in the store: no subject id, no zone.
      const everything: string[] = [];
      for (let page = await store.feed(); page.entries.length > 0; page = await store.feed({ after: page.cursor }))
        for (const entry of page.entries) everything.push(JSON.stringify(entry));
      const text = everything.join('\n');
      expect(text).not.toContain('atrium');
      expect(text).not.toContain('u-1');
      const sealed = everything.map((e) => JSON.parse(e) as { type: string; data: { sealed?: string } }).find((e) => e.type === 'point');
      granted.delete('u-1/presence.trajectory');
      expect(await trajectories.trajectory({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).toEqual([]);
      expect(await trajectories.repeatVisits({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).toBe(0);
      expect(await trajectories.withdraw('u-1')).toBe(2);
      expect(await trajectories.members()).toBe(1); // u-3 keeps theirs
      await expect(sealer.openText('u-1', sealed?.data.sealed as string)).rejects.toThrow();
      granted.add('u-1/presence.trajectory');
      expect(await trajectories.trajectory({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).toEqual([]);
      // A new consent starts a new trajectory; the old one stays gone.
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'l1', at: T0 + 5000 });
      expect(await trajectories.trajectory({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).toEqual([
        { site: 'sh-01', zone: 'l1', at: T0 + 5000 },
      ]);
      expect(await trajectories.trajectory({ subjectId: 'u-3', at: '2026-03-02T12:00:00Z' })).toEqual([
        { site: 'sh-01', zone: 'l3', at: T0 + 2000 },
      ]);
      expect(await trajectories.withdraw('u-9')).toBe(0);
    });

    it('concurrent records for one subject all land, sealed under one key', async () => {
      const { trajectories } = await setup();
      await Promise.all([
        trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'a', at: T0 + 1 }),
        trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'b', at: T0 + 2 }),
        trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'c', at: T0 + 3 }),
      ]);
      expect((await trajectories.trajectory({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).map((p) => p.zone)).toEqual(['a', 'b', 'c']);
    });

    it('fails closed when the consent gate throws', async () => {
      const { store, sealer } = await setup();
      const trajectories = createTrajectoryStore({
        graph: { profileOf: () => 'prf_x' },
        consent: () => {
          throw new Error('consent service down');
        },
        store,
        sealer,
        clock: { now: () => new Date(T0) },
      });
      await expect(trajectories.record({ member, subjectId: 'u-1', site: 's', zone: 'z', at: T0 })).rejects.toMatchObject({
        code: IdentityErrorCode.CONSENT_REQUIRED,
      });
      expect(await trajectories.repeatVisits({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).toBe(0);
      expect(await trajectories.members()).toBe(0);
    });

    it('two writers (two processes) on one subject both land: a version conflict is retried, never taken for a retry of the other', async () => {
      const { trajectories, graph, store, sealer, granted } = await setup();
      await trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'first', at: T0 });
      const consent = (s: string, p: string) => granted.has(`${s}/${p}`);
      const other = createTrajectoryStore({ graph, consent, store, sealer, clock: { now: () => new Date(T0) } });
      await Promise.all([
        trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'a', at: T0 + 1 }),
        other.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'b', at: T0 + 2 }),
        trajectories.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'c', at: T0 + 3 }),
        other.record({ member, subjectId: 'u-1', site: 'sh-01', zone: 'd', at: T0 + 4 }),
      ]);
      expect((await other.trajectory({ subjectId: 'u-1', at: '2026-03-02T12:00:00Z' })).map((p) => p.zone)).toEqual([
        'first',
        'a',
        'b',
        'c',
        'd',
      ]);
    });
  });
}

describeTrajectoryStore('the memory store', async () => createMemoryStreamStore());

let db: PGlite | undefined;
let schemas = 0;
describeTrajectoryStore('@aisle/postgres on PGlite', async () => {
  db ??= new PGlite();
  await db.waitReady;
  const schema = `traj_${++schemas}`;
  await migrate(db, { schema });
  return createPostgresStreamStore(db, { schema });
});
afterAll(async () => {
  await db?.close();
});
