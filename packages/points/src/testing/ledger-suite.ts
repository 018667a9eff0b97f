import { AisleError, type StreamStore } from '@aisle/core';
import { type ConformanceAssertions, conformanceAssertions, type StreamStoreFixture, type TestApi } from '@aisle/core/testing';
import type { AccrualSource, Ledger, LedgerOptions } from '../ledger/api';
import { budgetKey } from '../ledger/config';
import { createLedger } from '../ledger/ledger';
import { memberStreamId } from '../ledger/member-stream';

const assertions = conformanceAssertions('Ledger conformance');
const check: ConformanceAssertions['check'] = assertions.check;
const { equal, rejects: rejectsWith } = assertions;

/**
 * Options of {@link describeLedgerStore}.
 *
 * @example `{ name: 'PGlite', test: { describe, it }, create: async () => ({ store, raw, close }) }`
 *
 * @public
 */
export interface DescribeLedgerStoreOptions {
  /** Names the suite, e.g. `'PGlite'`. */
  readonly name: string;
  /** Makes a fresh, empty stream store for each test (the fixture of `describeStreamStore`). */
  readonly create: () => Promise<StreamStoreFixture>;
  /** The test runner's `describe` and `it`. */
  readonly test: TestApi;
  /** Per-test timeout in milliseconds (default 60 000). */
  readonly timeout?: number;
}

const AT = Date.parse('2026-11-18T10:00:00+08:00');
const DAY = 86_400_000;

function accrual(transactionId: string, memberId: string, points: number): AccrualSource {
  return {
    rulesetId: 'conformance',
    rulesetVersion: 1,
    transactionId,
    memberId,
    points,
    qualifyingPoints: points,
    eligibleFen: points * 100,
    receiptFen: points * 100,
    businessDate: '2026-11-18',
    contributions: [{ ruleId: 'base', ruleVersion: 1, kind: 'points', points, multipliers: [] }],
  };
}

function ledgerOn(store: StreamStore, extra: Partial<LedgerOptions> = {}): Ledger {
  return createLedger({ store, zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 1 }, ...extra });
}

/**
 * The ledger's conformance suite over a stream store: what must hold when ledgers in several
 * processes share one store. Two ledgers never exceed a sharded campaign budget together nor
 * double-spend a member; a key sent to two servers at once is applied once; two due-timer
 * workers expire and activate each lot once and leave no timer behind; an append whose response
 * was lost is written once when retried with the same key; the liability reconciles with every
 * snapshot equal to its replay; and `verify` names a deleted redemption and an edited accrual
 * against a checkpoint. `@aisle/postgres` runs it on PGlite and on the PostgreSQL server.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryStreamStoreHarness } from '@aisle/core';
 * import { describeLedgerStore } from '@aisle/points/testing';
 *
 * describeLedgerStore({ name: 'memory', test: { describe, it }, create: async () => createMemoryStreamStoreHarness() });
 * ```
 *
 * @public
 */
export function describeLedgerStore(options: DescribeLedgerStoreOptions): void {
  const { describe, it } = options.test;
  const timeout = options.timeout ?? 60_000;
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
      timeout,
    );

  describe(`Points ledger conformance: ${options.name}`, () => {
    test('two ledgers over one store never exceed a sharded campaign budget together', async ({ store }) => {
      const caps = [{ ruleId: 'base', campaignBudget: 1_000 }];
      const a = ledgerOn(store, { caps, budgetShards: 4, maxAttempts: 50 });
      const b = ledgerOn(store, { caps, budgetShards: 4, maxAttempts: 50 });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 === 0 ? a : b).earn({ key: `k${i}`, at: AT, evaluation: accrual(`T${i}`, `m-${i}`, 70) }),
        ),
      );
      let granted = 0;
      for (const r of results) granted += r.entry.data.points;
      equal(granted, 1_000, 'points granted under a budget of 1000 over 30 earns of 70');
      const counters = await store.counters([0, 1, 2, 3].map((i) => budgetKey('base', i, 4)));
      equal([...counters.values()], [250, 250, 250, 250], 'each shard filled to its share, none beyond');
    });

    test('concurrent redemptions never double-spend, and a key sent to two servers is applied once', async ({ store }) => {
      const a = ledgerOn(store, { maxAttempts: 50 });
      const b = ledgerOn(store, { maxAttempts: 50 });
      await a.earn({ key: 'e', at: AT, evaluation: accrual('T-1', 'm-1', 100) });
      const redeems = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? a : b).redeem({ key: `r${i}`, memberId: 'm-1', points: 40, at: AT + DAY })),
      );
      equal(redeems.filter((r) => r.status === 'fulfilled').length, 2, 'redemptions of 40 out of 100 that succeed');
      const same = await Promise.all([a, b, a, b].map((l) => l.redeem({ key: 'twice', memberId: 'm-1', points: 5, at: AT + DAY })));
      equal(same.filter((r) => !r.replayed).length, 1, 'requests with one key written');
      equal(new Set(same.map((r) => r.entry.id)).size, 1, 'every answer names the one entry');
      await rejectsWith(
        b.redeem({ key: 'twice', memberId: 'm-1', points: 6, at: AT + DAY }),
        'POINTS_IDEMPOTENCY_CONFLICT',
        'the same key with another request',
      );
      equal((await a.balance('m-1')).available, 15, 'balance after 80 + 5 redeemed');
    });

    test('ledgers with member caches: a stale copy is read again, and a refusal is never answered from one', async ({ store }) => {
      const a = ledgerOn(store, { memberCache: 10, maxAttempts: 50 });
      const b = ledgerOn(store, { memberCache: 10, maxAttempts: 50 });
      await a.earn({ key: 'e1', at: AT, evaluation: accrual('T-1', 'm-1', 100) });
      await a.redeem({ key: 'r1', memberId: 'm-1', points: 100, at: AT + 1000 }); // a's copy: nothing left
      await b.earn({ key: 'e2', at: AT + 2000, evaluation: accrual('T-2', 'm-1', 50) }); // the store: 50
      const allowed = await a.redeem({ key: 'r2', memberId: 'm-1', points: 30, at: AT + 3000 });
      equal([allowed.replayed, allowed.entry.seq], [false, 3], 'a redemption the stale copy would refuse: written at');
      await b.redeem({ key: 'r3', memberId: 'm-1', points: 20, at: AT + 4000 }); // the store: 0; a's copy: 20
      await rejectsWith(
        a.redeem({ key: 'r4', memberId: 'm-1', points: 10, at: AT + 5000 }),
        'POINTS_INSUFFICIENT_BALANCE',
        'a redemption the stale copy would allow',
      );
      const replay = await a.redeem({ key: 'r3', memberId: 'm-1', points: 20, at: AT + 4000 });
      equal([replay.replayed, replay.entry.seq], [true, 4], "the other ledger's key, replayed from the copy's ledger");
      // Both ledgers at once on three members: copies go stale all the time.
      const at = AT + 10_000;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).earn({ key: `c${i}`, at, evaluation: accrual(`C${i}`, `m-${i % 3}`, 10) }),
        ),
      );
      equal(
        await Promise.all(['m-0', 'm-1', 'm-2'].map(async (m) => (await b.balance(m)).available)),
        [70, 70, 60],
        'balances after 20 concurrent earns of 10',
      );
      const report = await a.reconcile();
      equal([report.problems, report.balanced], [[], true], 'every snapshot equals its replay; postings balance');
      check((await b.verify()).ok, 'the member streams verify');
    });

    test('two due-timer workers activate and expire each lot once and leave no due timer', async ({ store }) => {
      const ledger = ledgerOn(store, { holdDays: 2 });
      for (let i = 0; i < 12; i++) await ledger.earn({ key: `e${i}`, at: AT, evaluation: accrual(`T${i}`, `m-${i % 4}`, 10 + i) });
      const later = AT + 60 * DAY;
      const workers = await Promise.all([
        ledgerOn(store).runDue({ at: later, limit: 5 }),
        ledgerOn(store).runDue({ at: later, limit: 5, concurrency: 3 }),
      ]);
      for (let report = await ledger.runDue({ at: later }); !report.done; report = await ledger.runDue({ at: later }));
      const expired = workers.flatMap((w) => w.expired.map((l) => `${l.memberId}/${l.lotId}`));
      equal(new Set(expired).size, expired.length, 'lots expired by both workers');
      equal(await store.dueTimers({ at: new Date(later).toISOString() }), [], 'due timers left');
      const report = await ledger.reconcile();
      equal(
        [report.issued, report.expired, report.outstanding, report.balanced],
        [186, 186, 0, true],
        'issued, expired, outstanding, balanced',
      );
      for (let m = 0; m < 4; m++) {
        const ids = (await ledger.history(`m-${m}`)).map((e) => e.id);
        equal(ids.filter((id) => id.startsWith('expire:')).length, 3, `expiries of m-${m}`);
        equal(ids.filter((id) => id.startsWith('activate:')).length, 3, `activations of m-${m}`);
      }
    });

    test('an append whose response was lost is written once when retried with the same key', async ({ store }) => {
      let lose = true;
      // Every method delegated explicitly: an adapter may be a class whose methods a spread would lose.
      const lossy: StreamStore = {
        append: async (streamId, entries, appendOptions) => {
          const result = await store.append(streamId, entries, appendOptions);
          if (lose) {
            lose = false;
            throw new AisleError('CORE_STORE_UNAVAILABLE', 'the response was lost');
          }
          return result;
        },
        read: (streamId, readOptions) => store.read(streamId, readOptions),
        readSnapshot: (streamId) => store.readSnapshot(streamId),
        feed: (feedOptions) => store.feed(feedOptions),
        feedLag: () => store.feedLag(),
        streamIds: (idOptions) => store.streamIds(idOptions),
        heads: () => store.heads(),
        counters: (keys) => store.counters(keys),
        dueTimers: (dueOptions) => store.dueTimers(dueOptions),
        saveCheckpoint: (stored) => store.saveCheckpoint(stored),
        checkpoints: () => store.checkpoints(),
        loadCheckpoint: (sequence) => store.loadCheckpoint(sequence),
      };
      const ledger = ledgerOn(lossy, { caps: [{ ruleId: 'base', campaignBudget: 500 }] });
      const request = { key: 'e', at: AT, evaluation: accrual('T-1', 'm-1', 100) };
      await rejectsWith(ledger.earn(request), 'CORE_STORE_UNAVAILABLE', 'the first attempt');
      const retried = await ledger.earn(request);
      check(retried.replayed, 'the retry is recognised as the original write');
      equal((await store.read(memberStreamId('m-1'))).version, 1, 'entries in the member stream');
      equal((await ledger.balance('m-1')).available, 100, 'balance');
      const shards = await store.counters(Array.from({ length: 8 }, (_, i) => budgetKey('base', i, 8)));
      equal(
        [...shards.values()].reduce((sum, n) => sum + n, 0),
        100,
        'budget moved once',
      );
    });

    test('the liability reconciles and every snapshot equals the replay of its stream', async ({ store }) => {
      const ledger = ledgerOn(store, { holdDays: 1, refundPolicy: { whenSpent: 'clawback' } });
      for (let i = 0; i < 8; i++) await ledger.earn({ key: `e${i}`, at: AT + i * 1000, evaluation: accrual(`T${i}`, `m-${i % 3}`, 50) });
      await ledger.runDue({ at: AT + 2 * DAY });
      const redeemed = await ledger.redeem({ key: 'r', memberId: 'm-0', points: 60, at: AT + 3 * DAY });
      await ledger.refund({ key: 'f', memberId: 'm-0', transactionId: 'T0', receiptFen: 5_000, at: AT + 3 * DAY });
      await ledger.refundRedemption({ key: 'u', memberId: 'm-0', redemptionId: redeemed.entry.data.redemptionId, at: AT + 4 * DAY });
      const report = await ledger.reconcile();
      equal(report.problems, [], 'problems');
      equal(
        [report.members, report.issued, report.reversed, report.redeemed, report.outstanding, report.balanced],
        [3, 400, 50, 0, 350, true],
        'members, issued, reversed, redeemed, outstanding, balanced',
      );
    });

    test('verify names a deleted redemption and an edited accrual against a checkpoint', async ({ store, raw }) => {
      const ledger = ledgerOn(store);
      await ledger.earn({ key: 'e', at: AT, evaluation: accrual('T-1', 'm-1', 100) });
      await ledger.redeem({ key: 'r', memberId: 'm-1', points: 60, at: AT + DAY });
      await ledger.earn({ key: 'e', at: AT, evaluation: accrual('T-2', 'm-2', 10) });
      const checkpoint = await ledger.checkpoint();
      check((await ledger.verify({ checkpoint })).ok, 'a fresh checkpoint verifies');
      await raw.deleteNewest(memberStreamId('m-1'), 1, { rewriteHead: true });
      const edited = (await store.read(memberStreamId('m-2'))).entries[0];
      await raw.editData(memberStreamId('m-2'), 0, { ...(edited?.data as object), points: 1_000_000 });
      const report = await ledger.verify({ checkpoint });
      check(!report.ok, 'tampering is reported');
      const kinds = report.problems.map((p) => `${p.kind}:${p.streamId}`);
      check(kinds.includes(`truncated:${memberStreamId('m-1')}`), `the deleted redemption is named (${kinds.join(', ')})`);
      check(kinds.includes(`hash:${memberStreamId('m-2')}`), `the edited accrual is named (${kinds.join(', ')})`);
    });
  });
}
