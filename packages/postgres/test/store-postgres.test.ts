import { CoreErrorCode, verifyStore } from '@aisle/core';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStreamStore, migrate } from '../src/index';

// Starting PGlite takes seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const db = new PGlite();
afterAll(() => db.close());
let n = 0;
const fresh = async (options: { queryCopy?: boolean } = {}) => {
  const schema = `sp_${++n}`;
  await migrate(db, { schema });
  return { schema, store: createPostgresStreamStore(db, { schema, ...options }) };
};

describe('PostgreSQL specifics of the stream store (PGlite)', () => {
  it('stores the exact hashed text in body, and with queryCopy: true a jsonb copy of the data for queries', async () => {
    const { schema, store } = await fresh({ queryCopy: true });
    const result = await store.append('s', [{ id: 'e', type: 't', data: { b: 1, a: [true, null, 'x'] } }], {
      expectedVersion: 'no_stream',
    });
    const { rows } = await db.query<{ body: string; hash: string; data: unknown; tx: string }>(
      `SELECT body, hash, data, tx::text AS tx FROM ${schema}.entries`,
    );
    expect(rows[0]?.body).toBe(
      `{"data":{"a":[true,null,"x"],"b":1},"id":"e","prev":"${'0'.repeat(64)}","seq":0,"stream":"s","type":"t","v":1}`,
    );
    expect(rows[0]?.hash).toBe(result.head);
    expect(rows[0]?.data).toEqual({ a: [true, null, 'x'], b: 1 });
    expect(Number(rows[0]?.tx)).toBeGreaterThan(0);
    const byQuery = await db.query(`SELECT count(*)::int AS n FROM ${schema}.entries WHERE data->>'b' = '1'`);
    expect(byQuery.rows).toEqual([{ n: 1 }]);
  });

  it('keeps data jsonb cannot hold (U+0000, lone surrogates) exactly in body, with no query copy even when asked for one', async () => {
    const { schema, store } = await fresh({ queryCopy: true });
    const data = { nul: 'a\u0000b', lone: '\ud800x', pair: '😀' };
    await store.append('s', [{ id: 'e', type: 't', data }], { expectedVersion: 'no_stream' });
    expect((await store.read('s')).entries[0]?.data).toEqual(data);
    const { rows } = await db.query(`SELECT data FROM ${schema}.entries`);
    expect(rows).toEqual([{ data: null }]);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('writes no query copy by default (and with queryCopy: false), and reads, the feed, retries and verify do not need it', async () => {
    const { schema } = await fresh();
    const withCopy = createPostgresStreamStore(db, { schema, queryCopy: true });
    const without = createPostgresStreamStore(db, { schema });
    const explicit = createPostgresStreamStore(db, { schema, queryCopy: false });
    await withCopy.append('s', [{ id: 'a', type: 't', data: { n: 1 } }], { expectedVersion: 'no_stream' });
    // Every write path: the one-statement append (one entry and several, with a key), a new
    // stream, and the transaction of 'any' with a counter.
    const keyed = { expectedVersion: 1, idempotency: { key: 'k', fingerprint: 'f' } } as const;
    const first = await without.append('s', [{ id: 'b', type: 't', data: { n: 2 } }], keyed);
    await without.append(
      's',
      [
        { id: 'c', type: 't', data: { n: 3 } },
        { id: 'd', type: 't', data: { n: 4 } },
      ],
      { expectedVersion: 2 },
    );
    await explicit.append('u', [{ id: 'a', type: 't', data: { n: 5 } }], { expectedVersion: 'no_stream' });
    await explicit.append('u', [{ id: 'b', type: 't', data: { n: 6 } }], {
      expectedVersion: 'any',
      counters: [{ key: 'c', delta: 1, limit: 9 }],
    });
    const { rows } = await db.query<{ stream_id: string; seq: number; data: unknown }>(
      `SELECT stream_id, seq::int AS seq, data FROM ${schema}.entries ORDER BY stream_id, seq`,
    );
    expect(rows).toEqual([
      { stream_id: 's', seq: 0, data: { n: 1 } },
      { stream_id: 's', seq: 1, data: null },
      { stream_id: 's', seq: 2, data: null },
      { stream_id: 's', seq: 3, data: null },
      { stream_id: 'u', seq: 0, data: null },
      { stream_id: 'u', seq: 1, data: null },
    ]);
    // The body still holds the data, for a query that needs it.
    const byBody = await db.query(`SELECT count(*)::int AS n FROM ${schema}.entries WHERE (body::jsonb)->'data'->>'n' = '3'`);
    expect(byBody.rows).toEqual([{ n: 1 }]);
    expect((await without.read('s')).entries.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect((await withCopy.feed()).entries.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }, { n: 6 }]);
    // A retried request returns the original, from the body.
    const again = await without.append('s', [{ id: 'b', type: 't', data: { n: 2 } }], keyed);
    expect(again.duplicate).toBe(true);
    expect(again.entries).toEqual(first.entries);
    expect((await verifyStore(without)).ok).toBe(true);
    // An edited body is still caught without a copy to compare against.
    await db.query(`UPDATE ${schema}.entries SET body = replace(body, '"n":3', '"n":30') WHERE stream_id = 's' AND seq = 2`);
    const verified = await verifyStore(without);
    expect(verified.ok).toBe(false);
    expect(verified.problems).toContainEqual(expect.objectContaining({ streamId: 's', seq: 2, kind: 'hash' }));
  });

  it('refuses a queryCopy that is not a boolean', () => {
    expect(() => createPostgresStreamStore(db, { queryCopy: 'no' as unknown as boolean })).toThrow(TypeError);
  });

  it('refuses ids PostgreSQL would silently change (lone surrogates), with a coded error', async () => {
    const { store } = await fresh();
    await expect(store.append('s\ud800', [{ id: 'e', type: 't', data: 1 }], { expectedVersion: 'any' })).rejects.toMatchObject({
      code: CoreErrorCode.VALIDATION,
    });
    await expect(store.append('s', [{ id: '\udc00', type: 't', data: 1 }], { expectedVersion: 'any' })).rejects.toMatchObject({
      code: CoreErrorCode.VALIDATION,
    });
  });

  it('lists stream ids in JavaScript code-unit order, also where UTF-8 byte order differs', async () => {
    const { store } = await fresh();
    const ids = ['\uffff', '\u{10000}', 'a', 'B', '\ue000', 'é', 'a\u00a0'];
    for (const id of ids) await store.append(id, [{ id: 'e', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    const sorted = [...ids].sort();
    expect(await store.streamIds()).toEqual(sorted);
    expect(await store.streamIds({ after: sorted[2], limit: 2 })).toEqual(sorted.slice(3, 5));
    expect((await store.heads()).heads.map((h) => h.streamId)).toEqual(sorted);
  });

  it('keeps a jsonb copy (queryCopy: true) equal to the data in the stored body, for any data, id and type (property)', async () => {
    const { schema, store } = await fresh({ queryCopy: true });
    let i = 0;
    // Ids and types never hold control characters (the store refuses them): keep those out.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: excluding control characters is the point
    const text = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((t) => t.length > 0 && !/[\u0000-\u001f\u007f-\u009f]/.test(t));
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), text, text, async (value, id, type) => {
        const data = JSON.parse(JSON.stringify(value));
        const streamId = `j-${i++}"\\,"v":1}`;
        await store.append(
          streamId,
          [
            { id, type, data },
            { id: `${id}-2`, type, data: [data] },
          ],
          { expectedVersion: 'no_stream' },
        );
        const { rows } = await db.query<{ same: boolean; copy: unknown }>(
          `SELECT data IS NOT DISTINCT FROM (body::jsonb)->'data' AS same, data AS copy FROM ${schema}.entries WHERE stream_id = $1 ORDER BY seq`,
          [streamId],
        );
        expect(rows.map((r) => r.same)).toEqual([true, true]);
        expect(rows[0]?.copy).toEqual(data);
      }),
      { numRuns: 40 },
    );
  });

  it('round-trips any JSON data through append and read (property)', async () => {
    const { store } = await fresh();
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
        const data = JSON.parse(JSON.stringify(value));
        const streamId = `p-${i++}`;
        const appended = await store.append(streamId, [{ id: 'e', type: 't', data }], { expectedVersion: 'no_stream' });
        const read = await store.read(streamId);
        expect(read.entries[0]?.data).toEqual(appended.entries[0]?.data);
        expect(read.head).toBe(appended.head);
      }),
      { numRuns: 40 },
    );
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('gives feed cursors that are opaque text and refuses forged ones', async () => {
    const { store } = await fresh();
    await store.append('s', [{ id: 'e', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    const page = await store.feed();
    expect(page.cursor).toMatch(/^p1\.\d+\.\d+$/);
    expect((await store.feed({ after: page.cursor })).entries).toEqual([]);
    for (const bad of ['', '1', 'p1.1', 'p1.-1.2', "p1.1.2'; --", 'p1.99999999999999999999999.1', 'p1.01.1']) {
      await expect(store.feed({ after: bad })).rejects.toMatchObject({ code: CoreErrorCode.VALIDATION });
    }
  });

  it('reports no feed lag in a single-session database', async () => {
    const { store } = await fresh();
    await store.append('s', [{ id: 'e', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    expect(await store.feedLag()).toEqual({ heldBackEntries: 0, oldestOpenMs: 0 });
  });

  it('returns due timers with instants normalised to UTC milliseconds', async () => {
    const { store } = await fresh();
    await store.append('s', [{ id: 'e', type: 't', data: 1 }], {
      expectedVersion: 'no_stream',
      timers: { set: [{ key: 'expire:lot-1', dueAt: '2027-01-01T08:00:00+08:00' }] },
    });
    expect(await store.dueTimers({ at: '2027-01-01T00:00:00Z' })).toEqual([
      { streamId: 's', key: 'expire:lot-1', dueAt: '2027-01-01T00:00:00.000Z' },
    ]);
    expect(await store.dueTimers({ at: '2026-12-31T23:59:59.999Z' })).toEqual([]);
  });

  it('binds one entry or timer as scalars and several as arrays, with the same rows either way', async () => {
    const { schema, store } = await fresh({ queryCopy: true });
    const dueAt = (day: number) => `2027-01-0${day}T00:00:00.000Z`;
    // Several entries and timers in one append (arrays), then one of each (scalars), at a version.
    await store.append(
      's',
      [
        { id: 'e1', type: 't', data: { n: 1 } },
        { id: 'e2', type: 't', data: { n: 2 } },
      ],
      { expectedVersion: 'no_stream', timers: { set: [1, 2, 3].map((d) => ({ key: `k${d}`, dueAt: dueAt(d) })) } },
    );
    await store.append('s', [{ id: 'e3', type: 't', data: { n: 3 } }], {
      expectedVersion: 2,
      timers: { clear: ['k1'], set: [{ key: 'k4', dueAt: dueAt(4) }] },
    });
    await store.append('s', [{ id: 'e4', type: 't', data: { n: 4 } }], { expectedVersion: 3, timers: { clear: ['k2', 'k3'] } });
    const slice = await store.read('s');
    expect(slice.entries.map((e) => [e.seq, e.id, e.data])).toEqual([
      [0, 'e1', { n: 1 }],
      [1, 'e2', { n: 2 }],
      [2, 'e3', { n: 3 }],
      [3, 'e4', { n: 4 }],
    ]);
    const { rows } = await db.query<{ seq: number; data: unknown }>(`SELECT seq::int AS seq, data FROM ${schema}.entries ORDER BY seq`);
    expect(rows.map((r) => r.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect((await store.dueTimers({ at: dueAt(9) })).map((t) => [t.key, t.dueAt])).toEqual([['k4', dueAt(4)]]);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('rolls back everything when a counter refuses: no entries, no head move, no key, no timers', async () => {
    const { schema, store } = await fresh();
    await store.append('s', [{ id: 'e0', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    await expect(
      store.append('s', [{ id: 'e1', type: 't', data: 1 }], {
        expectedVersion: 1,
        idempotency: { key: 'k', fingerprint: 'f' },
        counters: [
          { key: 'a', delta: 1, limit: 10 },
          { key: 'b', delta: 11, limit: 10 },
        ],
        timers: { set: [{ key: 't', dueAt: '2027-01-01T00:00:00Z' }] },
        snapshot: { x: 1 },
      }),
    ).rejects.toMatchObject({ code: CoreErrorCode.STORE_LIMIT_EXCEEDED, details: { key: 'b', used: 0, delta: 11, limit: 10 } });
    const counts = await db.query(
      `SELECT (SELECT count(*) FROM ${schema}.entries)::int AS entries, (SELECT count(*) FROM ${schema}.idempotency)::int AS keys,
        (SELECT count(*) FROM ${schema}.timers)::int AS timers, (SELECT version FROM ${schema}.streams)::int AS version,
        (SELECT coalesce(sum(used), 0) FROM ${schema}.counters)::int AS used`,
    );
    expect(counts.rows).toEqual([{ entries: 1, keys: 0, timers: 0, version: 1, used: 0 }]);
    expect((await store.readSnapshot('s')).snapshot).toBeUndefined();
  });
});
