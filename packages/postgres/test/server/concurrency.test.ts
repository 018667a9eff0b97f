import { AisleError, CoreErrorCode, decideAndRetry, verifyStore } from '@aisle/core';
import { expect, it } from 'vitest';
import { createPostgresStreamStore, migrate } from '../../src/index';
import { describeServer, freshSchema, pool } from './server';

const entry = (id: string) => ({ id, type: 't', data: { id } });

function codesOf(results: PromiseSettledResult<unknown>[]): Map<string, number> {
  const codes = new Map<string, number>();
  for (const r of results) {
    const code = r.status === 'fulfilled' ? 'ok' : AisleError.isInstance(r.reason) ? r.reason.code : String(r.reason);
    codes.set(code, (codes.get(code) ?? 0) + 1);
  }
  return codes;
}

describeServer('expected versions under real concurrency (PostgreSQL server)', () => {
  const db = pool(60);

  it('50 concurrent appends at one expected version: exactly 1 succeeds, 49 conflict, versions stay contiguous', async () => {
    const schema = freshSchema('race');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    await store.append('s', [entry('base-0'), entry('base-1')], { expectedVersion: 'no_stream' });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.append('s', [entry(`r-${i}`), entry(`r-${i}-b`)], { expectedVersion: 2 })),
    );
    expect(codesOf(results)).toEqual(
      new Map([
        ['ok', 1],
        [CoreErrorCode.STORE_VERSION_CONFLICT, 49],
      ]),
    );
    const slice = await store.read('s');
    expect(slice.version).toBe(4);
    expect(slice.entries.map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('50 racers creating one stream with no_stream: 1 winner', async () => {
    const schema = freshSchema('create');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => store.append('new', [entry(`c-${i}`)], { expectedVersion: 'no_stream' })),
    );
    expect(codesOf(results)).toEqual(
      new Map([
        ['ok', 1],
        [CoreErrorCode.STORE_VERSION_CONFLICT, 49],
      ]),
    );
    expect((await store.read('new')).version).toBe(1);
  });

  it("20 concurrent 'any' appends (the first ones creating the stream): all 20 stored, in one unbroken chain", async () => {
    const schema = freshSchema('any');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.append('any', [entry(`a-${i}`)], { expectedVersion: 'any' })),
    );
    expect(codesOf(results)).toEqual(new Map([['ok', 20]]));
    const slice = await store.read('any');
    expect(slice.version).toBe(20);
    expect(new Set(slice.entries.map((e) => e.id)).size).toBe(20);
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('a counter moved by 30 concurrent appends on 30 streams never passes its limit', async () => {
    const schema = freshSchema('budget');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        store.append(`m-${i}`, [entry(`spend-${i}`)], {
          expectedVersion: 'no_stream',
          counters: [{ key: 'budget', delta: 7, limit: 100 }],
        }),
      ),
    );
    expect(codesOf(results)).toEqual(
      new Map([
        ['ok', 14],
        [CoreErrorCode.STORE_LIMIT_EXCEEDED, 16],
      ]),
    );
    expect((await store.counters(['budget'])).get('budget')).toBe(98);
    // Nothing of a refused append was written.
    expect((await store.streamIds({ limit: 100 })).length).toBe(14);
  });

  it('the same idempotency key sent 10 times at once on 10 streams applies once', async () => {
    const schema = freshSchema('idem');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    const idempotency = { scope: 'earn', key: 'receipt-9', fingerprint: 'f1' };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.append(`k-${i}`, [entry(`e-${i}`)], { expectedVersion: 'any', idempotency })),
    );
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const winner = results.find((r) => !r.duplicate);
    for (const r of results) expect(r.entries.map((e) => e.id)).toEqual(winner?.entries.map((e) => e.id));
    expect(await store.streamIds()).toHaveLength(1);
  });

  it('decide-and-retry: 12 concurrent withdrawals against one balance of 10 never overdraw, and no update is lost', async () => {
    const schema = freshSchema('decide');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    await store.append('wallet', [entry('open')], { expectedVersion: 'no_stream', snapshot: { balance: 10 } });
    type Outcome = 'paid' | 'refused';
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        decideAndRetry<{ amount: number }, Outcome>({
          store,
          streamId: 'wallet',
          maxAttempts: 40,
          decide: (loaded) => {
            // The snapshot plus the entries appended after it (another process may have appended
            // between the two reads of the load).
            const balance = (loaded.snapshot as { balance: number }).balance - loaded.entries.filter((e) => e.type === 'withdraw').length;
            if (balance < 1) return { entries: [], result: 'refused' };
            return {
              entries: [{ id: `w-${i}`, type: 'withdraw', data: { amount: 1 } }],
              result: 'paid',
              snapshot: { balance: balance - 1 },
            };
          },
        }),
      ),
    );
    const paid = results.filter((r) => r.result === 'paid').length;
    expect(paid).toBe(10);
    expect(results.filter((r) => r.result === 'refused')).toHaveLength(2);
    expect(results.some((r) => r.attempts > 1)).toBe(true); // conflicts happened and were re-decided
    const slice = await store.read('wallet');
    expect(slice.version).toBe(11);
    expect((await store.readSnapshot('wallet')).snapshot).toEqual({ balance: 0 });
  }, 60_000);
});
