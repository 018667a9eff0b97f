import assert from 'node:assert/strict';
import { assertChain, createHashChain } from '@aisle/core';

const chain = createHashChain<{ detail: string }>();
chain.append({ detail: 'Doors open' });
chain.append({ detail: 'Receipt R-0107: 1409 points' });
const anchor = chain.anchor(); // kept outside the store

// Wrong: an entry edited after the fact no longer matches its hash.
const edited = chain.entries.map((e, i) => (i === 1 ? { ...e, payload: { detail: 'Receipt R-0107: 9999 points' } } : e));
assert.throws(() => assertChain(edited, anchor), { code: 'CORE_CHAIN_BROKEN' });

// Right: a broken chain is evidence, not something to "fix": restore the entries from a verified
// copy (here, the untouched ones) and verify again against the anchor you kept.
assertChain(chain.entries, anchor);
