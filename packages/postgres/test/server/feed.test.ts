import type { FeedEntry, StreamStore } from '@aisle/core';
import { expect, it } from 'vitest';
import { createPostgresStreamStore, migrate } from '../../src/index';
import { describeServer, eventually, freshSchema, gated, pool } from './server';

const entry = (id: string) => ({ id, type: 't', data: { id } });

/** Reads the whole feed from a cursor, returning the entries and the new cursor. */
async function drain(store: StreamStore, after?: string): Promise<{ entries: FeedEntry[]; cursor: string | undefined }> {
  const entries: FeedEntry[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.feed({ after: cursor, limit: 500 });
    entries.push(...page.entries);
    if (page.entries.length === 0) return { entries, cursor };
    cursor = page.cursor;
  }
}

/** The control: pages by the identity position alone, as a naive reader would. */
async function naiveDrain(db: ReturnType<typeof pool>, schema: string, last: number): Promise<{ ids: string[]; last: number }> {
  const { rows } = await db.query(`SELECT entry_id, position FROM "${schema}".entries WHERE position > $1 ORDER BY position`, [last]);
  return { ids: rows.map((r) => String(r.entry_id)), last: rows.length === 0 ? last : Number(rows.at(-1)?.position) };
}

describeServer('the feed under concurrent transactions (PostgreSQL server, 2–3 connections)', () => {
  const db = pool(20);

  const setup = async () => {
    const schema = freshSchema('feed');
    await migrate(db, { schema });
    const slow = gated(db);
    return { schema, slow, store: createPostgresStreamStore(db, { schema }), slowStore: createPostgresStreamStore(slow, { schema }) };
  };

  it('holds back a committed entry while an older transaction is open, then returns both in order; the naive reader skips one', async () => {
    const { schema, slow, store, slowStore } = await setup();
    const before = await store.append('x', [entry('x0')], { expectedVersion: 'no_stream' });
    expect(before.version).toBe(1);
    let { cursor } = await drain(store);
    let naive = await naiveDrain(db, schema, 0);
    expect(naive.ids).toEqual(['x0']);

    const gate = slow.hold('COMMIT');
    // ('any' with an idempotency key is a multi-statement transaction that the gate can hold open;
    // an append at a known version is one statement.)
    const late = slowStore.append('a', [entry('a0')], { expectedVersion: 'any', idempotency: { key: 'a', fingerprint: 'f' } }); // lower position, commits last
    await gate.reached;
    await store.append('b', [entry('b0')], { expectedVersion: 'no_stream' }); // committed now

    // The naive reader sees b0 (position above a0's) and moves past a0, which is not visible yet.
    naive = await naiveDrain(db, schema, naive.last);
    expect(naive.ids).toEqual(['b0']);
    // The feed holds b0 back: a transaction older than b0's is still running.
    const held = await drain(store, cursor);
    expect(held.entries).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    const lag = await store.feedLag();
    expect(lag.heldBackEntries).toBeGreaterThanOrEqual(1);
    expect(lag.oldestOpenMs).toBeGreaterThanOrEqual(50);

    gate.release();
    await late;
    const after = await naiveDrain(db, schema, naive.last);
    expect(after.ids).toEqual([]); // a0 is lost to the naive reader for good

    const seen: string[] = [];
    await eventually(async () => {
      const page = await drain(store, cursor);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.cursor;
      return seen.length >= 2;
    }, 'the held entries');
    expect(seen).toEqual(['a0', 'b0']);
  });

  it('orders by transaction id, not position: a lower xid with a higher position comes first, each entry once', async () => {
    const { slow, store, slowStore } = await setup();
    // T1 takes its xid with its first write (the idempotency key), then stops before its entries.
    const gate = slow.hold('.entries');
    const t1 = slowStore.append('low-xid', [entry('l0'), entry('l1')], {
      expectedVersion: 'any',
      idempotency: { key: 'k', fingerprint: 'f' },
    });
    await gate.reached;
    await store.append('high-xid', [entry('h0')], { expectedVersion: 'no_stream' }); // T2: higher xid, lower position
    gate.release();
    await t1;
    let all: FeedEntry[] = [];
    await eventually(async () => {
      all = (await drain(store)).entries;
      return all.length === 3;
    }, 'three entries');
    expect(all.map((e) => e.id)).toEqual(['l0', 'l1', 'h0']);
  });

  it('skips a rolled-back transaction’s position gap and keeps paging', async () => {
    const { store } = await setup();
    await store.append('g', [entry('g0')], { expectedVersion: 'no_stream' });
    // Inserts its entries (taking positions), then fails on the counter and rolls back.
    await expect(
      store.append('g', [entry('gx'), entry('gy')], { expectedVersion: 1, counters: [{ key: 'cap', delta: 5, limit: 1 }] }),
    ).rejects.toMatchObject({ code: 'CORE_STORE_LIMIT_EXCEEDED' });
    await store.append('g', [entry('g1')], { expectedVersion: 1 });
    let ids: string[] = [];
    await eventually(async () => {
      ids = (await drain(store)).entries.map((e) => e.id);
      return ids.length === 2;
    }, 'two entries');
    expect(ids).toEqual(['g0', 'g1']);
  });

  it('pages through several entries of one transaction with cursors inside it', async () => {
    const { store } = await setup();
    await store.append('m', [entry('m0'), entry('m1'), entry('m2'), entry('m3'), entry('m4')], { expectedVersion: 'no_stream' });
    await store.append('n', [entry('n0')], { expectedVersion: 'no_stream' });
    const pages: string[][] = [];
    let cursor: string | undefined;
    await eventually(async () => (await store.feed({ limit: 10 })).entries.length === 6, 'six entries');
    for (;;) {
      const page = await store.feed({ after: cursor, limit: 2 });
      if (page.entries.length === 0) break;
      pages.push(page.entries.map((e) => e.id));
      cursor = page.cursor;
    }
    expect(pages).toEqual([
      ['m0', 'm1'],
      ['m2', 'm3'],
      ['m4', 'n0'],
    ]);
  });

  it('three connections: an old open transaction holds back two later ones, whatever order they commit in', async () => {
    const { schema, store } = await setup();
    const slowA = gated(db);
    const slowC = gated(db);
    const storeA = createPostgresStreamStore(slowA, { schema });
    const storeC = createPostgresStreamStore(slowC, { schema });
    const gateA = slowA.hold('COMMIT');
    const a = storeA.append('A', [entry('A0')], { expectedVersion: 'any', idempotency: { key: 'A', fingerprint: 'f' } });
    await gateA.reached;
    await store.append('B', [entry('B0')], { expectedVersion: 'no_stream' });
    const gateC = slowC.hold('COMMIT');
    const c = storeC.append('C', [entry('C0')], { expectedVersion: 'any', idempotency: { key: 'C', fingerprint: 'f' } });
    await gateC.reached;
    gateC.release();
    await c; // C committed before A
    expect((await drain(store)).entries).toEqual([]);
    const heads = await store.heads();
    expect(heads.heads).toEqual([]); // the stable cut is below A: nothing yet
    gateA.release();
    await a;
    let ids: string[] = [];
    await eventually(async () => {
      ids = (await drain(store)).entries.map((e) => e.id);
      return ids.length === 3;
    }, 'three entries');
    expect(ids).toEqual(['A0', 'B0', 'C0']);
  });

  it('stress: 8 writers with out-of-order commits for 3 s; the feed misses and repeats nothing, the naive reader misses entries', async () => {
    const { schema } = await setup();
    const writerPool = pool(10);
    // Every writer's transaction waits a random 0–8 ms before COMMIT, so commit order differs from position order.
    const base = gated(writerPool);
    const jittered = {
      query: base.query,
      transaction: <T>(fn: Parameters<typeof base.transaction>[0]) =>
        base.transaction(async (tx) => {
          const result = (await fn(tx)) as T;
          await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 8)));
          return result;
        }),
    };
    const writerStore = createPostgresStreamStore(jittered, { schema });
    const readerStore = createPostgresStreamStore(db, { schema });
    const written = new Set<string>();
    const deadline = Date.now() + 3000;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const batch = 1 + (i % 3);
        const ids = Array.from({ length: batch }, (_, k) => `w${w}-${i}-${k}`);
        await writerStore.append(`s-${w}-${i % 5}`, ids.map(entry), { expectedVersion: 'any' });
        for (const id of ids) written.add(id);
      }
    });
    const fed: string[] = [];
    const naive: string[] = [];
    let cursor: string | undefined;
    let last = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await drain(readerStore, cursor);
        fed.push(...page.entries.map((e) => e.id));
        cursor = page.cursor;
        const n = await naiveDrain(db, schema, last);
        naive.push(...n.ids);
        last = n.last;
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    await eventually(async () => {
      const page = await drain(readerStore, cursor);
      fed.push(...page.entries.map((e) => e.id));
      cursor = page.cursor;
      return fed.length >= written.size;
    }, 'the feed to catch up');
    naive.push(...(await naiveDrain(db, schema, last)).ids);

    const fedSet = new Set(fed);
    const missed = [...written].filter((id) => !fedSet.has(id));
    const duplicated = fed.length - fedSet.size;
    const naiveSet = new Set(naive);
    const naiveMissed = [...written].filter((id) => !naiveSet.has(id)).length;
    console.info(
      `feed stress: ${written.size} entries written by 8 writers; feed missed ${missed.length}, duplicated ${duplicated}; naive position paging missed ${naiveMissed}`,
    );
    expect(written.size).toBeGreaterThan(200);
    expect(missed).toEqual([]);
    expect(duplicated).toBe(0);
    expect(fed.length).toBe(written.size);
    expect(naiveMissed).toBeGreaterThan(0);
  }, 60_000);
});
