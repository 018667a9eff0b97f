// 1M eight-field records through a de-identification policy: records/s and peak memory, and
// streaming memory staying flat as the record count grows (100k → 300k → 1M). The headline runs
// the Node deployment (HMAC from node:crypto through `hmac: nodeHmacSha256` for the two
// pseudonyms and the date shift; same output as the default, checked below); the default
// (noble) backends run once at 100k for comparison.
import { record } from '../../../bench/lib';
import { createDateShifter, createDeidentifier, createPseudonymizer, type Deidentifier, type DeidPolicy } from '../src/index';
import { nodeHmacSha256 } from '../src/node/index';

const policy: DeidPolicy = {
  fields: {
    memberId: { action: 'pseudonymize', kind: 'member-id' },
    phone: { action: 'pseudonymize', kind: 'mobile' },
    name: { action: 'mask', kind: 'name' },
    age: { action: 'generalize', rule: { kind: 'age-band' } },
    birthDate: { action: 'generalize', rule: { kind: 'birth-date', to: 'year-month' } },
    visitDate: { action: 'shift-date', subjectField: 'memberId' },
    spendFen: { action: 'generalize', rule: { kind: 'amount', edges: [0, 10_000, 50_000, 200_000] } },
    store: { action: 'keep' },
  },
};
const make = (node: boolean): Deidentifier =>
  createDeidentifier({
    policy,
    pseudonymizer: createPseudonymizer({
      key: new Uint8Array(32).fill(1),
      tenant: 'acme',
      purpose: 'analytics',
      ...(node ? { hmac: nodeHmacSha256 } : {}),
    }),
    dateShifter: createDateShifter({ key: new Uint8Array(32).fill(2), ...(node ? { hmac: nodeHmacSha256 } : {}) }),
  });
const deid = make(true);
const noble = make(false);

const surnames = ['王', '李', '张', '刘', '陈', '欧阳', '杨', '赵'];
function* records(n: number) {
  for (let i = 0; i < n; i++) {
    yield {
      memberId: `M${i}`,
      phone: `138${String((i * 7_919) % 100_000_000).padStart(8, '0')}`,
      name: `${surnames[i % surnames.length]}小${i % 10}`,
      age: 18 + (i % 70),
      birthDate: `19${60 + (i % 40)}-${String(1 + (i % 12)).padStart(2, '0')}-15`,
      visitDate: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`,
      spendFen: (i * 131) % 300_000,
      store: `sh-${i % 20}`,
    };
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

// Same output from both backends (the first 2,000 records).
{
  let i = 0;
  for (const r of records(2_000)) {
    if (JSON.stringify(deid.apply(r)) !== JSON.stringify(noble.apply(r))) throw new Error(`backends differ at record ${i}`);
    i++;
  }
}

async function run(n: number, subject: Deidentifier = deid, label = 'createDeidentifier().stream (8 fields, nodeHmacSha256)') {
  gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  let retained = 0;
  let count = 0;
  subject.resetStats();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for await (const out of subject.stream(records(n))) {
    count += out.phone === undefined ? 0 : 1;
    if (count % 10_000 === 0) {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }
    if (gc && count % 100_000 === 0) {
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed - base.heapUsed);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  // CPU time of this process (user + system, all its threads, GC included): on a shared machine
  // wall time also counts the time spent waiting for a core, CPU time only the work.
  const cpuSeconds = (used.user + used.system) / 1e6;
  const stats = subject.stats();
  console.log(
    `${label}\n${n.toLocaleString('en-US').padStart(9)} records: ${Math.round(n / seconds)
      .toLocaleString('en-US')
      .padStart(8)} records/s (${Math.round(n / cpuSeconds).toLocaleString('en-US')} per CPU-second), ` +
      `${seconds.toFixed(1)} s, peak heap ${mb(peakHeap)} (+${mb(peakHeap - base.heapUsed)} over start), peak RSS ${mb(peakRss)}, ` +
      `retained after GC ${mb(retained)}, counted ${stats.records.toLocaleString('en-US')}, phone ${JSON.stringify(stats.fields.phone)}`,
  );
  record({
    bench: 'deid/policy stream',
    subject: label,
    baseline: 'none (absolute rate)',
    ratio: Number.NaN,
    size: n,
    rate: `${Math.round(n / seconds).toLocaleString('en-US')} records/s (${Math.round(n / cpuSeconds).toLocaleString('en-US')} per CPU-second)`,
    memory: `retained after GC ${mb(retained)}, peak heap +${mb(peakHeap - base.heapUsed)} (measured in-process)`,
    ...(subject === deid ? { target: '≥ 150k records/s', met: n / seconds >= 150_000 } : {}),
  });
  return retained;
}

console.log(`Eight-field records through a policy, streamed (Node ${process.version}${gc ? ', --expose-gc' : ''})`);
const growth = [];
for (const n of [100_000, 300_000, 1_000_000]) growth.push(await run(n));
await run(100_000, noble, 'createDeidentifier().stream (8 fields, default noble HMAC)');
console.log(
  `streaming memory: heap retained after GC ${growth.map(mb).join(' → ')} for 100k → 300k → 1M records (flat = independent of record count)`,
);
