import assert from 'node:assert/strict';
import { createMemoryStreamStore } from '@aisle/core';
import { compileRules, createLedger, evaluate } from '@aisle/points';

const rules = compileRules({
  id: 'mall',
  version: 1,
  rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }],
});
const store = { id: 'sh-jingan-001', zone: 'Asia/Shanghai' };
const receipt = (id: string, totalFen: number) => ({
  id,
  kind: 'purchase' as const,
  storeId: store.id,
  channel: 'pos' as const,
  totalFen,
  lines: [{ id: '1', sku: 'SKU-1', category: 'beauty', quantity: 1, amountFen: totalFen }],
});
const at = '2026-11-21T14:05:00+08:00';
const earned = (id: string, totalFen: number) =>
  evaluate(rules, { transaction: receipt(id, totalFen), member: { id: 'm-0001', tier: 'silver' }, store, at });
const ledger = createLedger({ store: createMemoryStreamStore(), zone: 'Asia/Shanghai', expiry: { type: 'never' } });

const evaluation = earned('R-0107', 96_500);
await ledger.earn({ key: 'pos:R-0107', at, evaluation });

// Wrong: the same receipt earned again under a new request key (scanned twice at two tills).
await assert.rejects(ledger.earn({ key: 'pos:R-0107-again', at, evaluation }), { code: 'POINTS_DUPLICATE_TRANSACTION' });

// Right: retry with the original key (a harmless duplicate), never a new one.
await ledger.earn({ key: 'pos:R-0107', at, evaluation });
assert.equal((await ledger.balance('m-0001')).available, 965);
