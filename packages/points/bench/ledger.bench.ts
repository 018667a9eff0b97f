// The ledger on the in-memory stream store: earn + redeem operations per second with 1, 8 and 32
// concurrent clients over MEMBERS members, against a floor measured in the same run on the same
// kind of store: a minimal decide-and-retry that appends one journal entry with a one-number
// snapshot (a balance) for the same member, the shape of the smallest useful transaction. The
// ratio says what the ledger's own work (loading the member's snapshot, folding, deciding lots,
// writing the snapshot and timers) costs over the store's. Run at two member counts to see that
// the per-operation cost does not grow with the number of members (nothing is folded per programme).
//
//   pnpm --filter @aisle/points bench:ledger                 (MEMBERS=1000,100000 OPS=20000)
//   MEMBERS=1000 OPS=5000 pnpm --filter @aisle/points bench:ledger

import { createMemoryStreamStore, decideAndRetry, type StreamStore } from '@aisle/core';
import { type AccrualSource, createLedger } from '../src/index';

const SIZES = (process.env.MEMBERS ?? '1000,100000').split(',').map(Number);
const OPS = Number(process.env.OPS ?? 20_000);
const CLIENTS = [1, 8, 32];
const START = Date.parse('2026-11-18T10:00:00+08:00');

function accrual(transactionId: string, memberId: string): AccrualSource {
  return {
    rulesetId: 'bench',
    rulesetVersion: 1,
    transactionId,
    memberId,
    points: 120,
    qualifyingPoints: 120,
    eligibleFen: 12_000,
    receiptFen: 12_000,
    businessDate: '2026-11-18',
    contributions: [{ ruleId: 'base', ruleVersion: 1, kind: 'points', points: 120, multipliers: [] }],
  };
}

/** Runs `ops` operations spread over `clients` concurrent loops; returns operations per second. */
async function drive(clients: number, ops: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < ops; i = next++) await op(i);
    }),
  );
  return ops / ((performance.now() - t) / 1000);
}

async function floorOp(store: StreamStore, memberId: string, i: number, delta: number): Promise<void> {
  await decideAndRetry<{ delta: number }, number>({
    store,
    streamId: `floor:${memberId}`,
    decide: (loaded) => {
      const balance = (typeof loaded.snapshot === 'number' ? loaded.snapshot : 0) + delta;
      return { entries: [{ id: `op-${i}`, type: 'posted', data: { delta } }], result: balance, snapshot: balance };
    },
  });
}

console.log(`ledger bench: ${OPS} operations (earn, then redeem on even steps) per cell, Node ${process.version}`);
console.log('members   clients   ledger ops/s   floor ops/s   ledger/floor');
for (const members of SIZES) {
  for (const clients of CLIENTS) {
    const store = createMemoryStreamStore();
    const ledger = createLedger({ store, zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 12 } });
    const member = (i: number) => `m-${(i * 7919) % members}`;
    // Seed every member once so redemptions have points (not timed).
    for (let m = 0; m < Math.min(members, OPS); m++)
      await ledger.earn({ key: `seed-${m}`, at: START, evaluation: accrual(`S-${m}`, member(m)) });
    const mine = await drive(clients, OPS, (i) =>
      i % 2 === 0
        ? ledger.earn({ key: `e-${i}`, at: START + 1000, evaluation: accrual(`T-${i}`, member(i)) })
        : ledger.redeem({ key: `r-${i}`, memberId: member(i - 1), points: 10, at: START + 1000 }),
    );
    const floorStore = createMemoryStreamStore();
    for (let m = 0; m < Math.min(members, OPS); m++) await floorOp(floorStore, member(m), -1 - m, 120);
    const floor = await drive(clients, OPS, (i) => floorOp(floorStore, member(i % 2 === 0 ? i : i - 1), i, i % 2 === 0 ? 120 : -10));
    console.log(
      `${String(members).padStart(7)}   ${String(clients).padStart(7)}   ${mine.toFixed(0).padStart(12)}   ${floor.toFixed(0).padStart(11)}   ${(mine / floor).toFixed(2).padStart(12)}`,
    );
  }
}
