// Seeds many streams fast: the real domain code writes them to core's in-memory stream store, in
// batches, and each batch is copied into the PostgreSQL tables with one INSERT per table (the same
// rows, bodies and hashes the adapter writes). Timers are not copied (the benches never run due jobs).
import { createConsentStore } from '@aisle/consent';
import { canonicalJson, createMemoryStreamStore, entryBody, type StreamStore } from '@aisle/core';
import { createLedger } from '@aisle/points';
import type pg from 'pg';
import { sortKeyHex } from '../src/internal/sort-key';
import { accrual, catalogue, consentEvent } from '../test/support/domain';

/** Runs `write(store, i)` for i in [0, count) on in-memory stores of `batch` streams each, copying every batch into `schema`. */
export async function seed(
  admin: pg.Pool,
  schema: string,
  count: number,
  write: (store: StreamStore, i: number) => Promise<unknown>,
  batch = 5_000,
): Promise<void> {
  for (let from = 0; from < count; from += batch) {
    const store = createMemoryStreamStore();
    for (let i = from; i < Math.min(count, from + batch); i++) await write(store, i);
    const streams = {
      id: [] as string[],
      key: [] as string[],
      version: [] as number[],
      head: [] as string[],
      snapshot: [] as (string | null)[],
      sv: [] as number[],
    };
    const entries = {
      id: [] as string[],
      seq: [] as number[],
      entry: [] as string[],
      type: [] as string[],
      hash: [] as string[],
      body: [] as string[],
    };
    let after: string | undefined;
    for (;;) {
      const ids = await store.streamIds({ after, limit: 1000 });
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      for (const id of ids) {
        const slice = await store.read(id);
        const snap = await store.readSnapshot(id);
        streams.id.push(id);
        streams.key.push(sortKeyHex(id));
        streams.version.push(slice.version);
        streams.head.push(slice.head);
        streams.snapshot.push(snap.snapshot === undefined ? null : canonicalJson(snap.snapshot));
        streams.sv.push(snap.snapshotVersion);
        for (const e of slice.entries) {
          entries.id.push(id);
          entries.seq.push(e.seq);
          entries.entry.push(e.id);
          entries.type.push(e.type);
          entries.hash.push(e.hash);
          entries.body.push(entryBody(id, e.seq, e.prev, { id: e.id, type: e.type, data: e.data }));
        }
      }
    }
    await admin.query(
      `INSERT INTO ${schema}.streams (stream_id, sort_key, version, head, snapshot, snapshot_version)
SELECT u.id, decode(u.k, 'hex'), u.v, u.h, u.s, u.sv FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::bigint[]) AS u(id, k, v, h, s, sv)`,
      [streams.id, streams.key, streams.version, streams.head, streams.snapshot, streams.sv],
    );
    await admin.query(
      // No jsonb query copy (data NULL), as the stores write by default (queryCopy: false).
      `INSERT INTO ${schema}.entries (stream_id, seq, entry_id, type, hash, body)
SELECT u.id, u.seq, u.e, u.t, u.h, u.b FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, seq, e, t, h, b)`,
      [entries.id, entries.seq, entries.entry, entries.type, entries.hash, entries.body],
    );
  }
}

/** The domain benches' start instant and ledger options (bench/domain.ts, bench/cpu.ts). */
export const T0 = Date.parse('2026-11-18T10:00:00+08:00');
export const ledgerOptions = { zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 24 } } as const;

/**
 * Seeds `members` ledger members (`member-0` …, one earn each) and as many consent subjects (one
 * consent each) in `schema`, then refreshes the planner's statistics of the two tables.
 */
export async function seedDomain(admin: pg.Pool, schema: string, members: number): Promise<void> {
  await seed(admin, schema, members, (store, i) =>
    createLedger({ store, ...ledgerOptions }).earn({ key: `seed:${i}`, at: T0, evaluation: accrual(`S-${i}`, `member-${i}`, 1_000) }),
  );
  await seed(admin, schema, members, (store, i) =>
    createConsentStore({ store, catalogue }).append(consentEvent(`seed-${i}`, `member-${i}`, { at: T0 })),
  );
  await admin.query(`VACUUM ANALYZE ${schema}.entries`);
  await admin.query(`VACUUM ANALYZE ${schema}.streams`);
}

/** xorshift32: a repeatable member choice per client. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}
