import fc from 'fast-check';
import { hostileJson, hostileNumber, hostileString, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import {
  categoryPurchases,
  compileSql,
  computeTraits,
  lastVisit,
  lifecycleStage,
  parseSegment,
  printSegment,
  rfm,
  segmentFromJson,
  spendWithin,
  toPredicate,
  visitsWithin,
} from '../src/index';
import { AT, mapping, profileArb, schema, segmentArb, ZONE } from './fixtures';

/** Segment text: printed valid segments, cut and spliced, plus the language's tokens in random order. */
const TOKENS = [
  'AND',
  'OR',
  'NOT',
  '(',
  ')',
  'IN',
  'BETWEEN',
  'CONTAINS',
  'ANY',
  'ALL',
  'IS',
  'NULL',
  'purchased(',
  'category',
  '=',
  '>=',
  "'x'",
  "'",
  '-30d',
  '2026-13-45',
  '1e309',
  'today',
  ',',
  's',
  'n',
  'tags',
  '\u0000',
  '--',
  '/*',
];
const segmentText = fc.oneof(
  segmentArb.map((ast) => printSegment(ast)),
  fc
    .tuple(
      segmentArb.map((ast) => printSegment(ast)),
      fc.nat(),
      fc.nat(),
      hostileString(),
    )
    .map(([text, a, b, splice]) => {
      const i = a % (text.length + 1);
      return text.slice(0, i) + splice + text.slice(i + (b % 5));
    }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((tokens) => tokens.join(' ')),
  fc.integer({ min: 50, max: 20_000 }).map((n) => `${'('.repeat(n)}n > 1${')'.repeat(n)}`),
  fc.integer({ min: 50, max: 20_000 }).map((n) => `${'NOT '.repeat(n)}n > 1`),
  fc.integer({ min: 1, max: 5000 }).map((n) => `s IN (${Array.from({ length: n }, () => "'x'").join(',')})`),
  hostileString(),
);

const deepJson = fc.integer({ min: 100, max: 20_000 }).map((n) => {
  let ast: unknown = { type: 'isNull', field: 'n', negated: false };
  for (let i = 0; i < n; i++) ast = { type: 'not', arg: ast };
  return ast;
});

const options = fc.record({ maxDepth: hostileNumber(), maxListLength: hostileNumber(), maxLength: hostileNumber() }, { requiredKeys: [] });

describeFuzz('segments', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
  fuzzTarget({
    name: 'parse-segment',
    input: segmentText,
    run: (text) => parseSegment(text, { schema }),
    runs: 400,
  }),
  fuzzTarget({
    name: 'parse-segment-options',
    input: fc.tuple(segmentText, options),
    run: ([text, opts]) => parseSegment(text, opts),
  }),
  fuzzTarget({
    name: 'segment-from-json',
    input: fc.oneof(segmentArb, mutated(segmentArb), hostileJson(), deepJson),
    run: (json) => segmentFromJson(json, { schema }),
    runs: 400,
  }),
  fuzzTarget({
    name: 'predicate-on-hostile-profiles',
    input: fc.tuple(segmentArb, fc.oneof(profileArb('p'), mutated(profileArb('p')))),
    run: ([ast, profile]) => toPredicate(ast, { schema, at: AT, zone: ZONE }).test(profile as never),
    runs: 300,
  }),
  fuzzTarget({
    name: 'compile-sql',
    input: fc.tuple(segmentArb, fc.constantFrom('postgres', 'duckdb', 'clickhouse', 'mysql', 'bigquery')),
    run: ([ast, dialect]) => compileSql(ast, { dialect, mapping, schema, at: AT, zone: ZONE } as never),
  }),
  fuzzTarget({
    name: 'compute-traits',
    // Member events come from purchase and visit feeds: any of them may be malformed.
    input: fc.array(
      fc.oneof(
        fc.record({ type: fc.constant('visit'), at: fc.oneof(fc.constant('2026-11-20T10:00:00+08:00'), hostileString(), hostileNumber()) }),
        fc.record({
          type: fc.constant('purchase'),
          at: fc.oneof(fc.constant('2026-11-20T10:00:00+08:00'), hostileNumber()),
          category: fc.oneof(fc.constant('baby'), hostileString()),
          amountFen: hostileNumber(),
        }),
        hostileJson(1),
      ),
      { maxLength: 6 },
    ),
    run: (events) =>
      computeTraits(
        events as never,
        { visits: visitsWithin(30, 'd'), spend: spendWithin(90, 'd'), baby: categoryPurchases('baby', 90, 'd'), last: lastVisit() },
        { at: AT, zone: ZONE },
      ),
    runs: 300,
  }),
  fuzzTarget({
    name: 'rfm-and-lifecycle',
    input: fc.array(
      fc.record({
        id: hostileString(),
        lastPurchase: fc.oneof(fc.constant(null), hostileString(), hostileNumber()),
        frequency: hostileNumber(),
        monetaryFen: hostileNumber(),
      }),
      { maxLength: 6 },
    ),
    run: (rows) => {
      rfm(rows);
      for (const r of rows)
        lifecycleStage(
          { firstSeen: r.lastPurchase as never, lastVisit: r.lastPurchase as never, frequency: r.frequency },
          { at: AT, zone: ZONE },
        );
    },
  }),
]);
