import fc from 'fast-check';
import { hostileJson, hostileKey, hostileNumber, hostileString, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import {
  appendEntry,
  assertTimeZone,
  type ChainEntry,
  canonicalJson,
  defineId,
  type Json,
  localParts,
  toInstant,
  verifyChain,
} from '../src/index';

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

const MemberId = defineId('mem');

/** Instants as they arrive from outside: ISO-like strings with every part slightly wrong. */
const instantText = fc.oneof(
  hostileString(),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc
    .tuple(
      fc.integer({ min: -1, max: 10_000 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.constantFrom('Z', '+08:00', '-5:00', '+24:00', '', '+0800', '+14:01'),
    )
    .map(
      ([y, m, d, h, offset]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00${offset}`,
    ),
);

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
  fuzzTarget({
    name: 'to-instant',
    input: fc.oneof(instantText, hostileNumber()),
    run: (value) => toInstant(value),
    runs: 300,
  }),
  fuzzTarget({
    name: 'zones-and-local-parts',
    input: fc.tuple(
      fc.oneof(hostileString(), fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Etc/GMT+14', 'UTC')),
      fc.oneof(instantText, hostileNumber()),
    ),
    run: ([zone, at]) => localParts(at, assertTimeZone(zone)),
  }),
  fuzzTarget({
    name: 'parse-id',
    input: fc.oneof(
      hostileString(),
      fc.string({ maxLength: 40 }).map((s) => `mem_${s}`),
      hostileJson(1),
    ),
    run: (value) => MemberId.parse(value),
    runs: 300,
  }),
]);
