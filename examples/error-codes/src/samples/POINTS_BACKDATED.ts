import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';
import { compileRules, createLedger, evaluate } from '@aisle/points';

const rules = compileRules({
  id: 'mall',
  version: 1,
  rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }],
});
const store = { id: 'sh-jingan-001', zone: 'Asia/Shanghai' };
const earned = (id: string, at: string) =>
  evaluate(rules, {
    transaction: { id, kind: 'purchase', storeId: store.id, channel: 'pos', totalFen: 10_000 },
    member: { id: 'm-0001', tier: 'silver' },
    store,
    at,
  });
const ledger = createLedger({
  store: createMemoryStreamStore(),
  zone: 'Asia/Shanghai',
  expiry: { type: 'never' },
  backdating: { accept: 'reject' },
});
await ledger.earn({ key: 'pos:R-2', at: '2026-11-21T14:00:00+08:00', evaluation: earned('R-2', '2026-11-21T14:00:00+08:00') });

// Wrong: an offline till uploads a receipt from the day before, under a policy that rejects backdating.
const yesterday = '2026-11-20T18:00:00+08:00';
await assert.rejects(ledger.earn({ key: 'pos:R-1', at: yesterday, evaluation: earned('R-1', yesterday) }), { code: 'POINTS_BACKDATED' });

// Right: accept late receipts within a window, marked as backdated (flagged for review).
const tolerant = createLedger({
  store: createMemoryStreamStore(),
  zone: 'Asia/Shanghai',
  expiry: { type: 'never' },
  backdating: { accept: 'flagged', windowDays: 7 },
});
await tolerant.earn({ key: 'pos:R-2', at: '2026-11-21T14:00:00+08:00', evaluation: earned('R-2', '2026-11-21T14:00:00+08:00') });
const late = await tolerant.earn({ key: 'pos:R-1', at: yesterday, evaluation: earned('R-1', yesterday), backdated: true });
assert.equal(late.replayed, false);
