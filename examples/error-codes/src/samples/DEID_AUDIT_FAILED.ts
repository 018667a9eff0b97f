import assert from 'node:assert/strict';
import { createTokenizer, type DetokenizeAuditEvent } from '@aisle/deid';

const key = new Uint8Array(32).fill(3);
const context = { kind: 'mobile', field: 'member.phone' };
const request = { ...context, actor: 'S-014', reason: 'callback' };

// Wrong: an audit hook that fails (its log is down): detokenisation is refused rather than done unaudited.
const unaudited = createTokenizer({
  vault: { getKey: () => key },
  keyId: 'k1',
  audit: () => {
    throw new Error('audit log unavailable');
  },
});
const token = await unaudited.tokenize('13800138000', context);
await assert.rejects(unaudited.detokenize(token, request), { code: 'DEID_AUDIT_FAILED' });

// Right: an audit hook that records (and retries or queues durably when its sink is briefly down).
const log: DetokenizeAuditEvent[] = [];
const audited = createTokenizer({ vault: { getKey: () => key }, keyId: 'k1', audit: (event) => void log.push(event) });
assert.equal(await audited.detokenize(token, request), '13800138000');
assert.equal(log[0]?.outcome, 'ok');
