// 1M eight-field records through a de-identification policy: records/s and peak memory, and
// streaming memory staying flat as the record count grows (100k → 300k → 1M).
import { record } from '../../../bench/lib';
import { createDateShifter, createDeidentifier, createPseudonymizer, type DeidPolicy } from '../src/index';

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
const deid = createDeidentifier({
  policy,
  pseudonymizer: createPseudonymizer({ key: new Uint8Array(32).fill(1), tenant: 'acme', purpose: 'analytics' }),
  dateShifter: createDateShifter({ key: new Uint8Array(32).fill(2) }),
});

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

async function run(n: number) {
  gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  let retained = 0;
  let count = 0;
  deid.resetStats();
  const start = performance.now();
  for await (const out of deid.stream(records(n))) {
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
  const stats = deid.stats();
  console.log(
    `${n.toLocaleString('en-US').padStart(9)} records: ${Math.round(n / seconds)
      .toLocaleString('en-US')
      .padStart(8)} records/s, ` +
      `${seconds.toFixed(1)} s, peak heap ${mb(peakHeap)} (+${mb(peakHeap - base.heapUsed)} over start), peak RSS ${mb(peakRss)}, ` +
      `retained after GC ${mb(retained)}, counted ${stats.records.toLocaleString('en-US')}, phone ${JSON.stringify(stats.fields.phone)}`,
  );
  record({
    bench: 'deid/policy stream',
    subject: 'createDeidentifier().stream (8 fields)',
    baseline: 'none (absolute rate)',
    ratio: Number.NaN,
    size: n,
    rate: `${Math.round(n / seconds).toLocaleString('en-US')} records/s`,
    memory: `retained after GC ${mb(retained)}, peak heap +${mb(peakHeap - base.heapUsed)} (measured in-process)`,
    target: '≥ 150k records/s',
    met: n / seconds >= 150_000,
  });
  return retained;
}

console.log(`Eight-field records through a policy, streamed (Node ${process.version}${gc ? ', --expose-gc' : ''})`);
const growth = [];
for (const n of [100_000, 300_000, 1_000_000]) growth.push(await run(n));
console.log(
  `streaming memory: heap retained after GC ${growth.map(mb).join(' → ')} for 100k → 300k → 1M records (flat = independent of record count)`,
);
