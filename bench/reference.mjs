// The machine reference of `pnpm bench:report`: one fixed, single-threaded workload whose CPU time
// says how fast this machine runs the kind of work the benches do, so that rates (not ratios) from
// reports made on different machines can be compared. The same code, on a machine where a report's
// benches ran about 3x slower than on another (the points evaluator at 2.5-2.8 µs a transaction
// against 0.81, on 2026-12-01), made rate targets flip between met and missed; ratios barely moved.
// The reference is that comparison made explicit: divide a rate by it, not by the date.
//
// The workload, never to be changed (a changed workload makes old reports' figures incomparable;
// add a second one instead): JSON text of a small receipt written and read 100,000 times, 200,000
// string keys set and then read in a Map, 20 million steps of integer arithmetic over a typed
// array, and the native SHA-256 of 64 MiB. Prints one JSON line: the CPU milliseconds (user +
// system) of each of 3 rounds after one unmeasured round, and their median.
//   node bench/reference.mjs
import { createHash } from 'node:crypto';

const receipt = {
  id: 'R-2026-000001',
  storeId: 'sh-001',
  channel: 'pos',
  totalFen: 12_800,
  lines: [
    { id: 'l1', sku: 'A-100', quantity: 2, amountFen: 6_400, tags: ['brand:nike', 'shoes'] },
    { id: 'l2', sku: 'B-200', quantity: 1, amountFen: 6_400, tags: ['apparel'] },
  ],
  tenders: [{ method: 'wechat-pay', amountFen: 12_800 }],
  at: '2026-11-18T14:00:00+08:00',
};
const block = new Uint8Array(1 << 20).fill(0x61);

function round() {
  let sink = 0;
  for (let i = 0; i < 100_000; i++) {
    receipt.totalFen = 12_800 + (i & 7);
    sink += JSON.parse(JSON.stringify(receipt)).totalFen;
  }
  const map = new Map();
  for (let i = 0; i < 200_000; i++) map.set(`member-${i}`, i);
  for (let i = 0; i < 200_000; i++) sink += map.get(`member-${(i * 7919) % 200_000}`) ?? 0;
  const xs = new Int32Array(1 << 16);
  for (let i = 0; i < 20_000_000; i++) {
    const j = Math.imul(i, 0x9e3779b1) >>> 16;
    xs[j] = (xs[j] + i) | 0;
  }
  sink += xs[123];
  const hash = createHash('sha256');
  for (let i = 0; i < 64; i++) hash.update(block);
  sink += hash.digest()[0];
  return sink;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
round();
const rounds = [];
for (let r = 0; r < 3; r++) {
  const start = cpuMs();
  round();
  rounds.push(Math.round(cpuMs() - start));
}
const median = [...rounds].sort((a, b) => a - b)[1];
console.log(JSON.stringify({ rounds, median }));
