import assert from 'node:assert/strict';
import { createTokenizer } from '@aisle/deid';

const key = new Uint8Array(32).fill(3);
const tokenizer = createTokenizer({ vault: { getKey: () => key }, keyId: 'k1', audit: () => {} });
const token = await tokenizer.tokenize('13800138000', { kind: 'mobile', field: 'member.phone' });

// Wrong: a token made for one field, detokenised as another (kind and field are bound into the token).
await assert.rejects(tokenizer.detokenize(token, { kind: 'mobile', field: 'courier.phone', actor: 'S-014', reason: 'delivery' }), {
  code: 'DEID_TOKEN_INVALID',
});

// Right: the same kind and field it was made for.
assert.equal(
  await tokenizer.detokenize(token, { kind: 'mobile', field: 'member.phone', actor: 'S-014', reason: 'callback' }),
  '13800138000',
);
