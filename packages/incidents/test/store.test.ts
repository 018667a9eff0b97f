import {
  AisleError,
  CoreErrorCode,
  createCheckpoint,
  createMemoryStreamStore,
  createMemoryStreamStoreHarness,
  type Json,
  type ReadOptions,
  type StreamStore,
} from '@aisle/core';
import { describe, expect, it } from 'vitest';
import {
  createIncident,
  createIncidentStore,
  createMemoryIncidentStore,
  type Incident,
  incidentStreamId,
  transition,
  updateIncident,
} from '../src/index';
import { leak } from './fixtures';

const by = (at: string, actor = 'S-014') => ({ actor, at: `2026-04-03T${at}:00+08:00` });
const first = () => createIncident(leak(), by('23:40'));
const triage = (incident: Incident, at = '23:45') => transition(incident, 'triaged', by(at));
const ID = 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA';
const STREAM = `incident:${ID}`;

async function failure(fn: () => Promise<unknown>): Promise<{ code: string; details: Record<string, unknown>; message: string }> {
  try {
    await fn();
  } catch (error) {
    return error as { code: string; details: Record<string, unknown>; message: string };
  }
  throw new Error('expected a rejection');
}

describe('incident store (one stream per incident on the stream-store contract)', () => {
  it("saves each trail entry as an entry of the incident's stream, and loads it back verified", async () => {
    const store = createMemoryIncidentStore();
    const incident = first();
    const created = await store.save(incident);
    expect(created).toMatchObject({ appended: 1, attempts: 1, anchor: { length: 1, head: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const triaged = await store.save(triage(incident));
    expect(triaged).toMatchObject({ appended: 1, anchor: { length: 2 } });
    const { entries } = await store.streamStore.read(STREAM);
    expect(entries.map((e) => [e.type, e.id])).toEqual([
      ['incident.create', incident.trail[0]?.hash],
      ['incident.transition', triaged.incident.trail[1]?.hash],
    ]);
    const loaded = await store.load(ID);
    expect(loaded?.record).toEqual(triaged.incident.record);
    expect(loaded?.trail).toEqual(triaged.incident.trail);
    expect(await store.load('inc_nope')).toBeUndefined();
    expect(await store.ids()).toEqual([ID]);
    expect(await store.ids({ after: ID })).toEqual([]);
    expect(await store.verify()).toMatchObject({ ok: true, streams: 1, entries: 2 });
    expect(incidentStreamId(ID)).toBe(STREAM);
  });

  it('a save that does not extend the stored trail is a version conflict; saving the stored trail again writes nothing', async () => {
    const store = createMemoryIncidentStore();
    const incident = first();
    await store.save(triage(incident));
    expect(await store.save(triage(incident))).toMatchObject({ appended: 0, anchor: { length: 2 } });
    // The shorter trail, or another branch from the same start, would rewrite history.
    expect((await failure(() => store.save(incident))).code).toBe('CORE_STORE_VERSION_CONFLICT');
    const branch = transition(incident, 'triaged', by('23:46', 'someone else'));
    const error = await failure(() => store.save(branch));
    expect(error).toMatchObject({ code: 'CORE_STORE_VERSION_CONFLICT', details: { streamId: STREAM } });
    expect(error.message).toMatch(/differ from entry 1/);
    expect((await store.streamStore.read(STREAM)).version).toBe(2);
  });

  it('refuses a forged incident (a record its trail does not produce)', async () => {
    const store = createMemoryIncidentStore();
    const incident = first();
    const forged = { ...incident, record: { ...incident.record, title: 'nothing happened' } };
    const error = await failure(() => store.save(forged));
    expect(error).toMatchObject({ code: 'CORE_CHAIN_BROKEN', details: { context: 'incidents', reason: 'replay' } });
    expect(await store.ids()).toEqual([]);
  });

  it('update loads, applies a pure change and appends at the loaded version', async () => {
    const store = createMemoryIncidentStore();
    await store.save(first());
    const result = await store.update(ID, (current) => triage(current));
    expect(result).toMatchObject({ appended: 1, attempts: 1, anchor: { length: 2 } });
    expect(result.incident.record.status).toBe('triaged');
    expect(await store.update(ID, (current) => current)).toMatchObject({ appended: 0, anchor: { length: 2 } });
    expect((await failure(() => store.update('inc_nope', (c) => c))).code).toBe('CORE_VALIDATION');
    expect((await failure(() => store.update(ID, () => first()))).code).toBe('CORE_VALIDATION');
    expect((await failure(() => store.update(ID, (c) => transition(c, 'closed', by('23:50'))))).code).toBe('INCIDENTS_INVALID_TRANSITION');
    await expect(store.update(ID, 'nope' as never)).rejects.toThrow(TypeError);
    expect((await failure(() => store.load('\u0000x'))).code).toBe('CORE_VALIDATION');
    expect((await failure(() => store.load('x'.repeat(65)))).code).toBe('CORE_VALIDATION');
    expect(() => createIncidentStore({} as never)).toThrow(TypeError);
  });

  it('a response lost after the write (CORE_STORE_UNAVAILABLE): saving again writes nothing twice', async () => {
    const streams = createMemoryStreamStore();
    let lose = true;
    const flaky: StreamStore = {
      ...streams,
      append: async (streamId, entries, options) => {
        const result = await streams.append(streamId, entries, options);
        if (lose) {
          lose = false;
          throw new AisleError(CoreErrorCode.STORE_UNAVAILABLE, 'connection reset after commit');
        }
        return result;
      },
    };
    const store = createIncidentStore({ store: flaky });
    const incident = triage(first());
    expect((await failure(() => store.save(incident))).code).toBe('CORE_STORE_UNAVAILABLE');
    expect(await store.save(incident)).toMatchObject({ appended: 0, anchor: { length: 2 } });
    expect((await streams.read(STREAM)).version).toBe(2);
  });

  it('two handles over one stream store: the later writer conflicts, reloads, re-applies its change and lands after the first', async () => {
    const streams = createMemoryStreamStore();
    // Once armed, appends wait until both handles have read the incident: both decide on version 1.
    let armed = false;
    let reads = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated: StreamStore = {
      ...streams,
      read: async <T extends Json>(streamId: string, options?: ReadOptions) => {
        const slice = await streams.read<T>(streamId, options);
        if (armed && ++reads === 2) release();
        return slice;
      },
      append: async (streamId, entries, options) => {
        if (armed) await bothRead;
        return streams.append(streamId, entries, options);
      },
    };
    const a = createIncidentStore({ store: gated, backoff: async () => {} });
    const b = createIncidentStore({ store: gated, backoff: async () => {} });
    await a.save(first());
    armed = true;
    const [fromA, fromB] = await Promise.all([
      a.update(ID, (current) => triage(current, '23:50')),
      b.update(ID, (current) => updateIncident(current, { title: 'Two buckets' }, by('23:50', 'DPO'))),
    ]);
    expect([fromA.attempts, fromB.attempts].sort()).toEqual([1, 2]);
    const loaded = await a.load(ID);
    expect(loaded?.trail).toHaveLength(3);
    expect(loaded?.record).toMatchObject({ status: 'triaged', title: 'Two buckets' });
  });
});

describe("incident streams tampered behind the store's back", () => {
  async function tamperable() {
    const { store: streams, raw } = createMemoryStreamStoreHarness();
    const store = createIncidentStore({ store: streams });
    let incident = first();
    incident = triage(incident);
    incident = transition(incident, 'contained', by('23:55'));
    const saved = await store.save(incident);
    return { streams, raw, store, saved };
  }

  it('an edited entry, reordered entries and deleted newest entries are CORE_CHAIN_BROKEN with context incidents', async () => {
    const edited = await tamperable();
    await edited.raw.editData(STREAM, 1, { ...(edited.saved.incident.trail[1]?.payload as object), to: 'closed' } as Json);
    const error = await failure(() => edited.store.load(ID));
    expect(error).toMatchObject({
      code: 'CORE_CHAIN_BROKEN',
      details: { context: 'incidents', streamId: STREAM, index: 1, reason: 'hash' },
    });
    expect((await edited.store.verify()).problems).toEqual([expect.objectContaining({ kind: 'hash', streamId: STREAM, seq: 1 })]);

    const swapped = await tamperable();
    await swapped.raw.swap(STREAM, 1, 2);
    expect((await failure(() => swapped.store.load(ID))).details).toMatchObject({ context: 'incidents', reason: 'sequence' });

    const headless = await tamperable();
    await headless.raw.deleteNewest(STREAM, 1, { rewriteHead: false });
    expect((await failure(() => headless.store.load(ID))).details).toMatchObject({ context: 'incidents', reason: 'truncated' });
  });

  it('deleted newest entries with the head rewritten, and a deleted incident, show against a checkpoint kept outside', async () => {
    const truncated = await tamperable();
    const checkpoint = await createCheckpoint(truncated.streams);
    await truncated.raw.deleteNewest(STREAM, 1, { rewriteHead: true });
    // The shorter stream is a consistent chain on its own…
    expect((await truncated.store.load(ID))?.record.status).toBe('triaged');
    // …but not against the checkpoint.
    expect((await truncated.store.verify({ checkpoint })).problems).toEqual([
      expect.objectContaining({ kind: 'truncated', streamId: STREAM }),
    ]);

    const gone = await tamperable();
    const kept = await createCheckpoint(gone.streams);
    await gone.raw.deleteStream(STREAM);
    expect((await gone.store.verify({ checkpoint: kept })).problems).toEqual([
      expect.objectContaining({ kind: 'missing', streamId: STREAM }),
    ]);
  });

  it('entries written around the store (well chained, but not the trail they claim) are refused', async () => {
    const streams = createMemoryStreamStore();
    const store = createIncidentStore({ store: streams });
    const incident = first();
    const payload = incident.trail[0]?.payload as Json;
    await streams.append(STREAM, [{ id: 'not-its-hash', type: 'incident.create', data: payload }], { expectedVersion: 'no_stream' });
    expect((await failure(() => store.load(ID))).details).toMatchObject({ context: 'incidents', reason: 'hash', index: 0 });
    await streams.append('incident:other', [{ id: 'x', type: 'incident.create', data: [1, 2] }], { expectedVersion: 'no_stream' });
    expect((await failure(() => store.load('other'))).code).toBe('CORE_CHAIN_BROKEN');
  });
});
