import assert from 'node:assert/strict';
import { compileRules, evaluate } from '@aisle/points';

const rules = compileRules({
  id: 'mall',
  version: 1,
  rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }],
});
const transaction = {
  id: 'R-0107',
  kind: 'purchase' as const,
  storeId: 'sh-jingan-001',
  channel: 'pos' as const,
  totalFen: 96_500,
  lines: [{ id: '1', sku: 'LAN-50', category: 'beauty', quantity: 1, amountFen: 96_500 }],
};
const input = { transaction, member: { id: 'm-0001', tier: 'silver' }, at: '2026-11-21T14:05:00+08:00' };

// Wrong: a store without a valid IANA time zone (the business date depends on it).
assert.throws(() => evaluate(rules, { ...input, store: { id: 'sh-jingan-001', zone: 'UTC+8' } }), { code: 'POINTS_UNKNOWN_STORE' });

// Right: the store's IANA zone.
assert.equal(evaluate(rules, { ...input, store: { id: 'sh-jingan-001', zone: 'Asia/Shanghai' } }).points, 965);
