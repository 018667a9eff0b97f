import fc from 'fast-check';
import { hostileJson, hostileKey, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import { appendEntry, type ChainEntry, canonicalJson, type Json, verifyChain } from '../src/index';

/** Arrays and objects nested `depth` levels, built without recursion. */
const deeplyNested = fc.tuple(fc.integer({ min: 900, max: 20_000 }), fc.boolean(), hostileKey()).map(([depth, arrays, key]) => {
  let value: unknown = key;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { [key === '__proto__' ? 'k' : key]: value };
  return value;
});

const chain = fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 1, maxLength: 5 }).map((payloads) => {
  const out: ChainEntry[] = [];
  for (const payload of payloads) out.push(appendEntry(out.at(-1), payload));
  return out.map((entry) => ({ ...entry }));
});

describeFuzz('core', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
  fuzzTarget({
    name: 'canonical-json',
    input: fc.oneof(
      hostileJson(),
      deeplyNested,
      fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true }),
    ),
    run: (value) => canonicalJson(value),
    runs: 300,
  }),
  fuzzTarget({
    name: 'append-entry',
    input: fc.oneof(hostileJson(), deeplyNested),
    run: (payload) => appendEntry(undefined, payload as Json),
  }),
  fuzzTarget({
    name: 'verify-chain',
    input: fc.oneof(mutated(chain), hostileJson(), chain),
    // verifyChain reports bad data; it never throws.
    run: (entries) => {
      const result = verifyChain(entries as never);
      if (result.ok && !Array.isArray(entries)) throw new Error('verifyChain accepted a non-array');
    },
    runs: 300,
  }),
]);
