import assert from 'node:assert/strict';
import { createTokenizer } from '@aisle/deid';

const key = new Uint8Array(32).fill(3);
const tokenizer = createTokenizer({ vault: { getKey: () => key }, keyId: 'k1', audit: () => {} });
const context = { kind: 'address', field: 'member.address' };

// Wrong: a whole document where one value is expected (tokens cover values up to 4,096 characters).
await assert.rejects(tokenizer.tokenize('上'.repeat(5000), context), { code: 'DEID_VALUE_TOO_LONG' });

// Right: tokenise the field's value itself.
assert.match(await tokenizer.tokenize('上海市静安区南京西路1601号', context), /^tk_k1_/);
