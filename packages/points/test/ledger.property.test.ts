import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLedger, createMemoryLedgerStore, type Ledger, PointsError, type RefundPolicy } from '../src/index';
import { accrual } from './fixtures';

const MEMBERS = ['m-0', 'm-1', 'm-2'];
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T10:00:00+08:00');

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
  fc.record({ t: fc.constant('expire' as const) }),
  fc.record({ t: fc.constant('activate' as const) }),
  fc.record({ t: fc.constant('retry' as const) }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;
const policy = fc.oneof(
  fc.constant<RefundPolicy>({ whenSpent: 'negative-balance' }),
  fc.integer({ min: 0, max: 300 }).map((limit): RefundPolicy => ({ whenSpent: 'clawback', limit })),
);

interface Driver {
  readonly ledger: Ledger;
  readonly policy: RefundPolicy;
  now: number;
  step(op: Operation): Promise<void>;
}

function driver(refundPolicy: RefundPolicy): Driver {
  const ledger = createLedger({
    store: createMemoryLedgerStore(),
    zone: 'Asia/Shanghai',
    expiry: { type: 'rolling', months: 2 },
    holdDays: 7,
    refundPolicy,
  });
  const accruals: Array<{ id: string; left: number }> = [];
  const redemptions: string[] = [];
  let seq = 0;
  let last: (() => Promise<unknown>) | undefined;
  const expected = (error: unknown) => {
    if (!PointsError.isInstance(error, 'POINTS_INSUFFICIENT_BALANCE') && !PointsError.isInstance(error, 'POINTS_UNKNOWN_MEMBER'))
      throw error;
  };
  const d: Driver = {
    ledger,
    policy: refundPolicy,
    now: START,
    async step(op) {
      d.now += 3 * DAY;
      const at = d.now;
      const key = `k${seq++}`;
      switch (op.t) {
        case 'earn': {
          const id = `T${seq}`;
          const call = () =>
            ledger.earn({ key, at, evaluation: accrual(id, op.points, op.fen, MEMBERS[op.member]), holdDays: op.hold ? 7 : 0 });
          await call();
          accruals.push({ id, left: op.fen });
          last = call;
          break;
        }
        case 'redeem': {
          const call = () => ledger.redeem({ key, memberId: MEMBERS[op.member] as string, points: op.points, at });
          try {
            const { entry } = await call();
            redemptions.push(entry.payload.redemptionId);
            last = call;
          } catch (error) {
            expected(error);
          }
          break;
        }
        case 'refund': {
          const open = accruals.filter((a) => a.left > 0);
          const target = open[op.pick % Math.max(1, open.length)];
          if (target === undefined) break;
          const refundFen = Math.max(1, Math.floor((target.left * op.share) / 100));
          const call = () => ledger.refund({ key, transactionId: target.id, refundFen, at });
          await call();
          target.left -= refundFen;
          last = call;
          break;
        }
        case 'unredeem': {
          const id = redemptions.splice(op.pick % Math.max(1, redemptions.length), 1)[0];
          if (id === undefined) break;
          const call = () => ledger.refundRedemption({ key, redemptionId: id, at, restore: op.fresh ? 'new-expiry' : 'original-expiry' });
          await call();
          last = call;
          break;
        }
        case 'expire':
          await ledger.expire(at);
          break;
        case 'activate':
          await ledger.activatePending(at);
          break;
        default:
          // Replaying the last keyed request must return the original result and change nothing.
          if (last !== undefined) expect(await last()).toMatchObject({ replayed: true });
      }
    },
  };
  return d;
}

async function snapshot(ledger: Ledger) {
  return Promise.all(
    MEMBERS.map(async (id) => {
      const b = await ledger.balance(id);
      return { ...b, lots: b.lots.map((l) => ({ id: l.id, remaining: l.remaining, status: l.status })) };
    }),
  );
}

async function checkInvariants(d: Driver): Promise<void> {
  for (const b of await snapshot(d.ledger)) {
    let active = 0;
    let pending = 0;
    for (const lot of b.lots) {
      expect(lot.remaining).toBeGreaterThan(0);
      if (lot.status === 'active') active += lot.remaining;
      else pending += lot.remaining;
    }
    // The sum of lots equals the balance (net of a negative balance, which only the policy allows).
    expect(b.available).toBe(active - b.debt);
    expect(b.pending).toBe(pending);
    expect(b.debt).toBeGreaterThanOrEqual(0);
    if (d.policy.whenSpent === 'clawback') {
      expect(b.debt).toBe(0);
      expect(b.available).toBeGreaterThanOrEqual(0);
    }
    if (b.available < 0) expect(b.debt).toBeGreaterThan(0);
  }
  const liability = await d.ledger.liability();
  expect(liability.balanced).toBe(true);
  expect(liability.outstanding).toBe(liability.issued - liability.redeemed - liability.expired - liability.reversed);
}

const runs = { numRuns: 40 };

describe('ledger invariants (property)', () => {
  it('keeps balances, lots and the liability report consistent, and replays to the same state', async () => {
    await fc.assert(
      fc.asyncProperty(policy, fc.array(operation, { maxLength: 30 }), async (refundPolicy, ops) => {
        const d = driver(refundPolicy);
        for (const op of ops) {
          await d.step(op);
          await checkInvariants(d);
        }
        const entries = await d.ledger.entries();
        const replayed = createLedger({
          store: createMemoryLedgerStore({ entries }),
          zone: 'Asia/Shanghai',
          expiry: { type: 'rolling', months: 2 },
          holdDays: 7,
          refundPolicy,
        });
        expect(await snapshot(replayed)).toEqual(await snapshot(d.ledger));
        expect(await replayed.liability()).toEqual(await d.ledger.liability());
        expect((await d.ledger.verify()).ok).toBe(true);
      }),
      runs,
    );
  });

  it('earn then full refund restores the prior state', async () => {
    await fc.assert(
      fc.asyncProperty(
        policy,
        fc.array(operation, { maxLength: 20 }),
        member,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 80_000 }),
        fc.boolean(),
        async (refundPolicy, ops, who, points, fen, hold) => {
          const d = driver(refundPolicy);
          for (const op of ops) await d.step(op);
          const before = await snapshot(d.ledger);
          const at = d.now + DAY;
          await d.ledger.earn({ key: 'probe', at, evaluation: accrual('PROBE', points, fen, MEMBERS[who]), holdDays: hold ? 7 : 0 });
          await d.ledger.refund({ key: 'probe-refund', transactionId: 'PROBE', refundFen: fen, at });
          expect(await snapshot(d.ledger)).toEqual(before);
        },
      ),
      runs,
    );
  });

  it('runs expiry idempotently', async () => {
    await fc.assert(
      fc.asyncProperty(
        policy,
        fc.array(operation, { maxLength: 20 }),
        fc.integer({ min: 0, max: 200 }),
        async (refundPolicy, ops, days) => {
          const d = driver(refundPolicy);
          for (const op of ops) await d.step(op);
          const at = d.now + days * DAY;
          await d.ledger.expire(at);
          const once = await snapshot(d.ledger);
          const length = (await d.ledger.entries()).length;
          expect(await d.ledger.expire(at)).toBeUndefined();
          expect(await snapshot(d.ledger)).toEqual(once);
          expect((await d.ledger.entries()).length).toBe(length);
        },
      ),
      runs,
    );
  });
});
