import assert from 'node:assert/strict';
import { createTokenizer } from '@aisle/deid';

const key = new Uint8Array(32).fill(3);
const tokenizer = createTokenizer({ vault: { getKey: () => key }, keyId: 'k1', audit: () => {} });
const context = { kind: 'mobile', field: 'member.phone' };
const request = { ...context, actor: 'S-014', reason: 'customer asked for a callback' };

// Wrong: something that is not a token (a raw value, or a token cut short by a column limit).
await assert.rejects(tokenizer.detokenize('13800138000', request), { code: 'DEID_TOKEN_MALFORMED' });

// Right: the whole token as tokenize() returned it.
const token = await tokenizer.tokenize('13800138000', context);
assert.equal(await tokenizer.detokenize(token, request), '13800138000');
