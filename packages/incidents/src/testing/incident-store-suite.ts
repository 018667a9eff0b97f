// The testing entry imports the package by name (tsup keeps '@aisle/incidents' and '@aisle/core'
// external here), so the suite runs the main entry's code, not a bundled copy.
import { AisleError, createCheckpoint, type Json, type StreamStore } from '@aisle/core';
import { type ConformanceAssertions, conformanceAssertions, type StreamStoreFixture, type TestApi } from '@aisle/core/testing';
import { createIncident, createIncidentStore, type Incident, type IncidentInput, transition, updateIncident } from '@aisle/incidents';

const assertions = conformanceAssertions('Incident store conformance');
const check: ConformanceAssertions['check'] = assertions.check;
const { equal, rejects } = assertions;

/**
 * Options of {@link describeIncidentStore}.
 *
 * @public
 */
export interface DescribeIncidentStoreOptions {
  /** Names the suite, e.g. `'PGlite'`. */
  readonly name: string;
  /** Makes a fresh, empty stream store for each test, with raw access to its rows. */
  readonly create: () => Promise<StreamStoreFixture>;
  /** The `describe` and `it` of your test runner. */
  readonly test: TestApi;
  /** Per-test timeout in milliseconds (default 30 000). */
  readonly timeout?: number;
}

const ID = 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA';
const STREAM = `incident:${ID}`;
const by = (time: string, actor = 'S-014') => ({ actor, at: `2026-04-03T${time}:00+08:00` });
const INPUT: IncidentInput = {
  id: ID,
  title: 'Member export left on a public bucket',
  summary: 'A CSV export of members was readable without authentication.',
  zone: 'Asia/Shanghai',
  operator: { name: 'Jing’an Mall Ltd', contact: 'privacy@mall.example' },
  discovered: { by: 'SOC analyst', at: '2026-04-03T23:10:00+08:00', where: 'oss://exports' },
  awareness: { awareAt: '2026-04-03T23:30:00+08:00' },
  personalInformation: { categories: ['name', 'mobile number'], people: 1_000_000 },
  cause: { category: 'data-security', known: false },
};

/**
 * The conformance suite of the incident store over a stream-store adapter: every adapter that
 * backs `createIncidentStore` runs it (besides core's `describeStreamStore`). It covers one stream
 * per incident with each trail entry one stream entry, saves that must extend the stored trail,
 * retried saves, two handles racing to change one incident (a conflict, a reload, both changes
 * kept), and tampering through the raw hooks reported as `CORE_CHAIN_BROKEN` with context
 * `incidents`.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryStreamStoreHarness } from '@aisle/core';
 * import { describeIncidentStore } from '@aisle/incidents/testing';
 *
 * describeIncidentStore({ name: 'memory', test: { describe, it }, create: async () => createMemoryStreamStoreHarness() });
 * ```
 *
 * @public
 */
export function describeIncidentStore(options: DescribeIncidentStoreOptions): void {
  const { describe, it } = options.test;
  const test = (name: string, body: (fixture: StreamStoreFixture) => Promise<void>) =>
    it(
      name,
      async () => {
        const fixture = await options.create();
        try {
          await body(fixture);
        } finally {
          await fixture.close?.();
        }
      },
      options.timeout ?? 30_000,
    );
  const incidentsOver = (store: StreamStore) => createIncidentStore({ store, backoff: async () => {} });
  const created = () => createIncident(INPUT, by('23:40'));

  describe(`Incident store conformance: ${options.name}`, () => {
    test('one stream per incident, each trail entry one entry; loads back verified', async ({ store }) => {
      const incidents = incidentsOver(store);
      const incident = transition(created(), 'triaged', by('23:45'));
      const saved = await incidents.save(incident);
      equal([saved.appended, saved.anchor.length], [2, 2], 'two entries appended');
      const slice = await store.read(STREAM);
      equal(
        slice.entries.map((e) => [e.type, e.id]),
        incident.trail.map((t) => [`incident.${t.payload.action}`, t.hash]),
        'each trail entry is a stream entry named by its hash',
      );
      const loaded = await incidents.load(ID);
      equal(loaded?.record, incident.record, 'the record loads back');
      equal(await incidents.load('inc_none'), undefined, 'an unknown incident');
      equal(await incidents.ids(), [ID], 'ids');
      check((await incidents.verify()).ok, 'every incident stream verifies');
    });

    test('a save must extend the stored trail; saving it again writes nothing', async ({ store }) => {
      const incidents = incidentsOver(store);
      const incident = created();
      await incidents.save(transition(incident, 'triaged', by('23:45')));
      equal((await incidents.save(transition(incident, 'triaged', by('23:45')))).appended, 0, 'a retried save');
      await rejects(incidents.save(incident), 'CORE_STORE_VERSION_CONFLICT', 'an older copy');
      await rejects(incidents.save(transition(incident, 'triaged', by('23:46', 'other'))), 'CORE_STORE_VERSION_CONFLICT', 'a branch');
      equal((await store.read(STREAM)).version, 2, 'nothing written');
    });

    test('two handles racing to change one incident: one conflicts, reloads, re-applies; both changes kept', async ({ store }) => {
      let armed = false;
      let reads = 0;
      let release: () => void = () => {};
      const bothRead = new Promise<void>((resolve) => {
        release = resolve;
      });
      const gated: StreamStore = {
        ...store,
        read: async <T extends Json>(id: string, o?: Parameters<StreamStore['read']>[1]) => {
          const slice = await store.read<T>(id, o);
          if (armed && ++reads === 2) release();
          return slice;
        },
        append: async (id, entries, o) => {
          if (armed) await bothRead;
          return store.append(id, entries, o);
        },
      };
      const a = incidentsOver(gated);
      const b = incidentsOver(gated);
      await a.save(created());
      armed = true;
      const results = await Promise.all([
        a.update(ID, (current: Incident) => transition(current, 'triaged', by('23:50'))),
        b.update(ID, (current: Incident) => updateIncident(current, { title: 'Two buckets' }, by('23:50', 'DPO'))),
      ]);
      equal(results.map((r) => r.attempts).sort(), [1, 2], 'one writer retried');
      const loaded = await a.load(ID);
      equal([loaded?.trail.length, loaded?.record.status, loaded?.record.title], [3, 'triaged', 'Two buckets'], 'both changes kept');
    });

    test('tampering through the raw rows is CORE_CHAIN_BROKEN with context incidents, and verify names it', async ({ store, raw }) => {
      const incidents = incidentsOver(store);
      const incident = transition(transition(created(), 'triaged', by('23:45')), 'contained', by('23:55'));
      await incidents.save(incident);
      const checkpoint = await createCheckpoint(store);
      await raw.editData(STREAM, 1, { ...(incident.trail[1]?.payload as object), to: 'closed' } as Json);
      try {
        await incidents.load(ID);
        throw new Error('Incident store conformance: an edited entry loaded');
      } catch (error) {
        const details = AisleError.isInstance(error, 'CORE_CHAIN_BROKEN') ? error.details : undefined;
        equal([details?.context, details?.reason, details?.index], ['incidents', 'hash', 1], 'an edited entry');
      }
      const edited = (await incidents.verify({ checkpoint })).problems.map((p) => `${p.kind} ${p.streamId}`);
      equal(edited, [`hash ${STREAM}`], 'verify names the edit');
      await raw.deleteStream(STREAM);
      const gone = (await incidents.verify({ checkpoint })).problems.map((p) => `${p.kind} ${p.streamId}`);
      equal(gone, [`missing ${STREAM}`], 'verify names a deleted incident');
    });
  });
}
