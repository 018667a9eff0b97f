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
//   HISTORY=100,400 HISTORY_OPS=1000 pnpm --filter @aisle/points bench:ledger   (long histories; HISTORY=0 skips them)
//
// The second table gives a few members long histories (HISTORY earn + redeem pairs each, one pair
// every three days, each redeeming what the earn gave, so keys, accruals and spent lots pass the ledger's retention windows) and then
// times more operations on them: with a bounded snapshot the cost per operation does not grow
// with the member's history. It prints the stored snapshot's size per member beside it.

import { createMemoryStreamStore, decideAndRetry, type StreamStore } from '@aisle/core';
import { record } from '../../../bench/lib';
import { type AccrualSource, createLedger } from '../src/index';

const SIZES = (process.env.MEMBERS ?? '1000,100000').split(',').map(Number);
const OPS = Number(process.env.OPS ?? 20_000);
const CLIENTS = [1, 8, 32];
const HISTORY = (process.env.HISTORY ?? '100,400')
  .split(',')
  .map(Number)
  .filter((h) => h > 0);
const DAY = 86_400_000;
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
    record({
      bench: `points/ledger (memory store), ${clients} clients`,
      subject: 'ledger earn + redeem',
      baseline: 'floor: decide-and-retry appending one entry + balance snapshot',
      ratio: mine / floor,
      size: members,
      rate: `${mine.toFixed(0)} ops/s`,
    });
  }
}

if (HISTORY.length > 0) {
  const members = 16;
  const ops = Number(process.env.HISTORY_OPS ?? 1000);
  console.log(`\nlong histories: ${members} members, then ${ops} timed operations on them with 8 clients`);
  console.log('history   ledger ops/s   floor ops/s   ledger/floor   snapshot bytes/member');
  for (const history of HISTORY) {
    const store = createMemoryStreamStore();
    const ledger = createLedger({ store, zone: 'Asia/Shanghai', expiry: { type: 'rolling', months: 12 } });
    for (let h = 0; h < history; h++) {
      const at = START + h * 3 * DAY;
      await Promise.all(
        Array.from({ length: members }, async (_, m) => {
          await ledger.earn({ key: `h-e-${h}-${m}`, at, evaluation: accrual(`H-${h}-${m}`, `h-${m}`) });
          await ledger.redeem({ key: `h-r-${h}-${m}`, memberId: `h-${m}`, points: 120, at: at + 1000 });
        }),
      );
    }
    const end = START + history * 3 * DAY;
    for (let m = 0; m < members; m++) await ledger.earn({ key: `h-seed-${m}`, at: end, evaluation: accrual(`HS-${m}`, `h-${m}`) });
    const mine = await drive(8, ops, (i) =>
      i % 2 === 0
        ? ledger.earn({ key: `e-${i}`, at: end + 1000, evaluation: accrual(`T-${i}`, `h-${i % members}`) })
        : ledger.redeem({ key: `r-${i}`, memberId: `h-${(i - 1) % members}`, points: 10, at: end + 1000 }),
    );
    let bytes = 0;
    for (let m = 0; m < members; m++) bytes += JSON.stringify((await store.readSnapshot(`points:member:h-${m}`)).snapshot).length;
    const floorStore = createMemoryStreamStore();
    const floor = await drive(8, ops, (i) => floorOp(floorStore, `h-${i % members}`, i, i % 2 === 0 ? 120 : -10));
    console.log(
      `${String(history).padStart(7)}   ${mine.toFixed(0).padStart(12)}   ${floor.toFixed(0).padStart(11)}   ${(mine / floor).toFixed(2).padStart(12)}   ${String(Math.round(bytes / members)).padStart(21)}`,
    );
    record({
      bench: 'points/ledger long histories, 8 clients',
      subject: `ledger earn + redeem after ${history} earn/redeem pairs per member`,
      baseline: 'floor: decide-and-retry appending one entry + balance snapshot',
      ratio: mine / floor,
      size: history,
      rate: `${mine.toFixed(0)} ops/s`,
      memory: `snapshot ${Math.round(bytes / members)} B/member serialised (not heap)`,
    });
  }
}
