import { AisleError, createMemoryStreamStore, type StreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLedger, type Ledger, type LedgerOptions, PointsError, type RefundPolicy } from '../src/index';
import { accrual } from './fixtures';
import { checkLedger } from './ledger-invariants';

const MEMBERS = ['m-0', 'm-1', 'm-2', 'm-3', 'm-4'];
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T10:00:00+08:00');
const BUDGET = { ruleId: 'base', points: 2_000, shards: 3 };

const member = fc.integer({ min: 0, max: MEMBERS.length - 1 });
const operation = fc.oneof(
  fc.record({
    t: fc.constant('earn' as const),
    member,
    points: fc.integer({ min: 0, max: 500 }),
    fen: fc.integer({ min: 1, max: 50_000 }),
    hold: fc.boolean(),
  }),
  fc.record({ t: fc.constant('redeem' as const), member, points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ t: fc.constant('refund' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ t: fc.constant('unredeem' as const), pick: fc.nat(), fresh: fc.boolean() }),
  fc.record({ t: fc.constant('due' as const) }),
  fc.record({ t: fc.constant('retry' as const) }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;
/** A step: one operation, or several run at once through two ledgers over one store (two servers). */
const step = fc.array(operation, { minLength: 1, maxLength: 3 });
const policy = fc.oneof(
  fc.constant<RefundPolicy>({ whenSpent: 'negative-balance' }),
  fc.integer({ min: 0, max: 300 }).map((limit): RefundPolicy => ({ whenSpent: 'clawback', limit })),
);

const ledgerOptions = (store: StreamStore, refundPolicy: RefundPolicy): LedgerOptions => ({
  store,
  zone: 'Asia/Shanghai',
  expiry: { type: 'rolling', months: 2 },
  holdDays: 7,
  refundPolicy,
  caps: [{ ruleId: 'base', campaignBudget: BUDGET.points }],
  budgetShards: BUDGET.shards,
});

/** Outcomes a random sequence may legitimately meet (concurrent steps race for the same points). */
function expected(error: unknown, also: readonly string[] = []): void {
  const codes = ['POINTS_INSUFFICIENT_BALANCE', 'POINTS_UNKNOWN_MEMBER', 'POINTS_REFUND_EXCEEDS_ORIGINAL', ...also];
  if (!(error instanceof PointsError) || !codes.includes(error.code)) throw error;
}

interface Driver {
  readonly store: StreamStore;
  readonly ledgers: readonly [Ledger, Ledger];
  readonly policy: RefundPolicy;
  now: number;
  /** Runs one step `days` after the previous one (3 by default). */
  run(ops: readonly Operation[], days?: number): Promise<void>;
}

/** `also`: further error codes a run may meet (a redemption older than the retention window). */
function driver(refundPolicy: RefundPolicy, also: readonly string[] = []): Driver {
  const store = createMemoryStreamStore();
  const ledgers = [createLedger(ledgerOptions(store, refundPolicy)), createLedger(ledgerOptions(store, refundPolicy))] as const;
  const accruals: Array<{ id: string; memberId: string; left: number }> = [];
  const redemptions: Array<{ id: string; memberId: string }> = [];
  let seq = 0;
  let last: (() => Promise<{ replayed: boolean }>) | undefined;
  const one = async (op: Operation, ledger: Ledger, at: number): Promise<void> => {
    const key = `k${seq++}`;
    switch (op.t) {
      case 'earn': {
        const id = `T${seq}`;
        const memberId = MEMBERS[op.member] as string;
        const call = () => ledger.earn({ key, at, evaluation: accrual(id, op.points, op.fen, memberId), holdDays: op.hold ? 7 : 0 });
        await call();
        accruals.push({ id, memberId, left: op.fen });
        last = call;
        return;
      }
      case 'redeem': {
        const memberId = MEMBERS[op.member] as string;
        const call = () => ledger.redeem({ key, memberId, points: op.points, at });
        const { entry } = await call();
        redemptions.push({ id: entry.data.redemptionId, memberId });
        last = call;
        return;
      }
      case 'refund': {
        const open = accruals.filter((a) => a.left > 0);
        const target = open[op.pick % Math.max(1, open.length)];
        if (target === undefined) return;
        const refundFen = Math.max(1, Math.floor((target.left * op.share) / 100));
        target.left -= refundFen;
        const call = () => ledger.refund({ key, memberId: target.memberId, transactionId: target.id, refundFen, at });
        await call();
        last = call;
        return;
      }
      case 'unredeem': {
        const target = redemptions.splice(op.pick % Math.max(1, redemptions.length), 1)[0];
        if (target === undefined) return;
        const call = () =>
          ledger.refundRedemption({
            key,
            memberId: target.memberId,
            redemptionId: target.id,
            at,
            restore: op.fresh ? 'new-expiry' : 'original-expiry',
          });
        await call();
        last = call;
        return;
      }
      case 'due': {
        let report = await ledger.runDue({ at, limit: 3 });
        while (!report.done) report = await ledger.runDue({ at, limit: 3 });
        return;
      }
      default:
        // Replaying the last keyed request returns the original result and changes nothing.
        if (last !== undefined) expect(await last()).toMatchObject({ replayed: true });
    }
  };
  const d: Driver = {
    store,
    ledgers,
    policy: refundPolicy,
    now: START,
    async run(ops, days = 3) {
      d.now += days * DAY;
      const at = d.now;
      const settled = await Promise.allSettled(ops.map((op, i) => one(op, ledgers[i % 2] as Ledger, at)));
      for (const s of settled) if (s.status === 'rejected') expected(s.reason, also);
    },
  };
  return d;
}

const check = (d: Driver) => checkLedger({ store: d.store, ledger: d.ledgers[0], members: MEMBERS, policy: d.policy, budget: BUDGET });

async function balances(ledger: Ledger) {
  return Promise.all(MEMBERS.map((id) => ledger.balance(id)));
}

const runs = { numRuns: Number(process.env.LEDGER_RUNS ?? 30) };
/** Per-test timeout: scales with `LEDGER_RUNS` (more runs for a longer search). */
const timeout = 20_000 + runs.numRuns * 200;

describe('ledger invariants (property)', () => {
  it(
    'keeps lots, balances, keys, budgets and the liability consistent with two ledgers interleaving over one store',
    async () => {
      await fc.assert(
        fc.asyncProperty(policy, fc.array(step, { maxLength: 25 }), async (refundPolicy, steps) => {
          const d = driver(refundPolicy);
          for (const ops of steps) {
            await d.run(ops);
            await check(d);
          }
          // A fresh ledger over the same store sees the same members.
          const other = createLedger(ledgerOptions(d.store, refundPolicy));
          expect(await balances(other)).toEqual(await balances(d.ledgers[1]));
          expect((await other.verify()).ok).toBe(true);
        }),
        runs,
      );
    },
    timeout,
  );

  it(
    'holds the same invariants, replay equal to the snapshot, when steps are months apart (past every retention window)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          policy,
          fc.array(fc.tuple(step, fc.integer({ min: 1, max: 200 })), { maxLength: 20 }),
          async (refundPolicy, steps) => {
            const d = driver(refundPolicy, ['POINTS_UNKNOWN_REFERENCE']);
            for (const [ops, days] of steps) {
              await d.run(ops, days);
              await check(d);
            }
            const other = createLedger(ledgerOptions(d.store, refundPolicy));
            expect(await balances(other)).toEqual(await balances(d.ledgers[1]));
          },
        ),
        runs,
      );
    },
    timeout,
  );

  it(
    'earn then full refund restores the prior state',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          policy,
          fc.array(step, { maxLength: 15 }),
          member,
          fc.integer({ min: 0, max: 1000 }),
          fc.integer({ min: 1, max: 80_000 }),
          fc.boolean(),
          async (refundPolicy, steps, who, points, fen, hold) => {
            const d = driver(refundPolicy);
            for (const ops of steps) await d.run(ops);
            const ledger = d.ledgers[0];
            const memberId = MEMBERS[who] as string;
            const before = await ledger.balance(memberId);
            const at = d.now + DAY;
            // Outside the budget's rule, so the earn is granted in full however much budget is left.
            const evaluation = { ...accrual('PROBE', points, fen, memberId), contributions: [] };
            await ledger.earn({ key: 'probe', at, evaluation, holdDays: hold ? 7 : 0 });
            await ledger.refund({ key: 'probe-refund', memberId, transactionId: 'PROBE', refundFen: fen, at });
            const after = await ledger.balance(memberId);
            expect({ ...after, lots: after.lots.map((l) => [l.id, l.remaining, l.status]) }).toEqual({
              ...before,
              lots: before.lots.map((l) => [l.id, l.remaining, l.status]),
            });
          },
        ),
        runs,
      );
    },
    timeout,
  );

  it(
    'runs the due-timer job idempotently, also with two workers at once',
    async () => {
      await fc.assert(
        fc.asyncProperty(policy, fc.array(step, { maxLength: 15 }), fc.integer({ min: 0, max: 200 }), async (refundPolicy, steps, days) => {
          const d = driver(refundPolicy);
          for (const ops of steps) await d.run(ops);
          const at = d.now + days * DAY;
          const [a, b] = await Promise.all([d.ledgers[0].runDue({ at }), d.ledgers[1].runDue({ at, concurrency: 4 })]);
          expect(a.done && b.done).toBe(true);
          // Two workers racing: each lot is activated or expired by exactly one of them.
          const lots = [...a.expired, ...b.expired].map((l) => `${l.memberId}/${l.lotId}`);
          expect(new Set(lots).size).toBe(lots.length);
          const once = await balances(d.ledgers[0]);
          const length = (await d.store.heads()).heads.reduce((sum, h) => sum + h.length, 0);
          expect(await d.ledgers[0].runDue({ at })).toMatchObject({ activated: [], expired: [], done: true });
          expect(await balances(d.ledgers[0])).toEqual(once);
          expect((await d.store.heads()).heads.reduce((sum, h) => sum + h.length, 0)).toBe(length);
          expect(await d.store.dueTimers({ at: new Date(at).toISOString() })).toEqual([]);
          await check(d);
        }),
        runs,
      );
    },
    timeout,
  );
});

describe('AisleError codes of the store pass through', () => {
  it('a store that is down fails the operation with CORE_STORE_UNAVAILABLE, nothing written', async () => {
    const store = createMemoryStreamStore();
    const down: StreamStore = {
      ...store,
      append: async () => {
        throw new AisleError('CORE_STORE_UNAVAILABLE', 'down');
      },
    };
    const ledger = createLedger(ledgerOptions(down, { whenSpent: 'negative-balance' }));
    await expect(ledger.earn({ key: 'k', at: START, evaluation: accrual('T', 5) })).rejects.toThrow(
      expect.objectContaining({ code: 'CORE_STORE_UNAVAILABLE' }),
    );
    expect(await store.streamIds()).toEqual([]);
  });
});

describe('eight ledgers over one store (eight servers, in one process)', () => {
  it('mixed earn, redeem, refund and due-timer runs with overlapping keys: each key once, budgets kept, everything reconciles', async () => {
    const store = createMemoryStreamStore();
    const refundPolicy: RefundPolicy = { whenSpent: 'negative-balance' };
    const servers = Array.from({ length: 8 }, () => createLedger({ ...ledgerOptions(store, refundPolicy), maxAttempts: 50 }));
    const members = Array.from({ length: 60 }, (_, i) => `m-${i}`);
    const at = START + DAY;
    // Requests are a pure function of their number, so two servers given the same number send the
    // same request. Each group of four works on one member: an earn, a held earn, a redemption and
    // a refund of the first earn.
    const request = (n: number) => {
      const g = Math.floor(n / 4);
      const memberId = members[g % members.length] as string;
      switch (n % 4) {
        case 0:
        case 1:
          return (l: Ledger) =>
            l.earn({ key: `k${n}`, at, evaluation: accrual(`T${n}`, 40 + (n % 90), 10_000, memberId), holdDays: n % 4 === 0 ? 0 : 7 });
        case 2:
          return (l: Ledger) => l.redeem({ key: `k${n}`, memberId, points: 30, at });
        default:
          return (l: Ledger) => l.refund({ key: `k${n}`, memberId, transactionId: `T${4 * g}`, refundFen: 5_000, at });
      }
    };
    const sent = new Map<number, number>();
    const outcomes = new Map<string, number>();
    const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    await Promise.all(
      servers.map(async (server, s) => {
        for (let i = 0; i < 80; i++) {
          // Each server works through its own share and repeats some of its neighbour's (the overlapping keys).
          const n = i % 3 === 2 ? ((s + 1) % 8) * 80 + i - 1 : s * 80 + i;
          sent.set(n, (sent.get(n) ?? 0) + 1);
          try {
            const { replayed } = await request(n)(server);
            count(replayed ? 'replayed' : 'written');
          } catch (error) {
            // A neighbour's redemption or refund may arrive before that neighbour's earn.
            if (!(error instanceof PointsError) || error.code !== 'POINTS_UNKNOWN_REFERENCE') expected(error);
            count((error as PointsError).code);
          }
          if (i % 20 === 19) await server.runDue({ at: at + 8 * DAY, limit: 50 });
        }
      }),
    );
    for (
      let report = await (servers[5] as Ledger).runDue({ at: at + 100 * DAY });
      !report.done;
      report = await (servers[5] as Ledger).runDue({ at: at + 100 * DAY })
    );
    // The workload did what it is for: keys sent twice, some answered as replays, most written.
    expect([...sent.values()].some((n) => n > 1)).toBe(true);
    expect(outcomes.get('replayed')).toBeGreaterThan(0);
    expect(outcomes.get('written')).toBeGreaterThan(300);
    await checkLedger({ store, ledger: servers[0] as Ledger, members, policy: refundPolicy, budget: BUDGET });
    const report = await (servers[3] as Ledger).reconcile();
    expect(report).toMatchObject({ balanced: true, pending: 0, available: -report.debt });
    expect(report.expired).toBeGreaterThan(0);
  }, 60_000);
});
