import assert from 'node:assert/strict';
import { createTokenizer } from '@aisle/deid';

const vault = new Map([['k2', new Uint8Array(32).fill(3)]]);
const context = { kind: 'mobile', field: 'member.phone' };

// Wrong: tokenising under a key id the vault does not hold (a key retired, or a typo in configuration).
const retired = createTokenizer({ vault: { getKey: (id) => vault.get(id) }, keyId: 'k1', audit: () => {} });
await assert.rejects(retired.tokenize('13800138000', context), { code: 'DEID_KEY_NOT_FOUND' });

// Right: a key id the vault has.
const current = createTokenizer({ vault: { getKey: (id) => vault.get(id) }, keyId: 'k2', audit: () => {} });
assert.match(await current.tokenize('13800138000', context), /^tk_k2_/);
