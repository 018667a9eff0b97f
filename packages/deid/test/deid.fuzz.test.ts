/**
 * Fuzz targets of @aisle/deid for the shared harness (`pnpm fuzz`; the fixed-seed run and the
 * committed corpus in `test/fuzz-corpus/` replay in `pnpm test`). Every public boundary that reads
 * text or records from outside: the PII detector and scrubber, the CSV and JSON Lines readers, the
 * de-identifier applying a policy to hostile records, policies themselves, canonicalisation,
 * resident ids, masking, generalisation, pseudonyms and format-preserving encryption.
 */
import fc from 'fast-check';
import { hostileJson, hostileKey, hostileString, mutated } from '../../../scripts/fuzz/arbitraries';
import { describeFuzz, fuzzTarget } from '../../../scripts/fuzz/harness';
import {
  canonicalize,
  classifyMobile,
  createDeidentifier,
  createFormatPreserver,
  createPiiDetector,
  createPseudonymizer,
  type DeidPolicy,
  detectPii,
  formatCsvLine,
  generalize,
  IDENTIFIER_KINDS,
  type MaskKind,
  mask,
  parseCsv,
  parseJsonLines,
  parseResidentId,
  scrub,
} from '../src/index';
import { GB2260_HISTORY } from '../src/regions/index';

/** Tokens that look like PII (or almost), so the recognisers' slow paths and boundaries are hit. */
const PII_PARTS = [
  '13800138000',
  '138 0013 8000',
  '138-0013-8000',
  '+86 138 0013 8000',
  '11010519491231002X',
  '110105 19491231 002X',
  '110105491231002',
  'a@b.cn',
  'li.lei@example.com.cn',
  '沪A12345',
  '粤B·D12345',
  '京A12345学',
  '6222021234567890128',
  '00:1A:2B:3C:4D:5E',
  '192.168.0.1',
  '::1',
  '张伟',
  '欧阳娜娜',
  '上海市浦东新区世纪大道100号',
  '北京市朝阳区',
  '先生',
  '电话',
  '身份证号',
  '１３８００１３８０００',
  '\u200b',
  '\u202e',
];

const piiText = fc.oneof(
  hostileString(),
  fc
    .array(fc.oneof(fc.constantFrom(...PII_PARTS), hostileString(), fc.constantFrom(' ', '', '，', ':', '\n', '1', 'x')), {
      maxLength: 24,
    })
    .map((parts) => parts.join('')),
  // Long dense runs: linear time is the claim (the detector documents its size cap).
  fc
    .tuple(fc.constantFrom('1', '13800138000 ', '1a', '张', '上海市', '@', '.'), fc.integer({ min: 100, max: 4000 }))
    .map(([part, n]) => part.repeat(n)),
);

/** Checks what `detectPii` promises: spans in bounds, ordered, non-overlapping, their text equal to the slice. */
function checkSpans(text: string, spans: ReadonlyArray<{ start: number; end: number; text: string }>): void {
  let last = 0;
  for (const span of spans) {
    if (!(span.start >= last && span.end > span.start && span.end <= text.length)) {
      throw new Error(`span [${span.start}, ${span.end}) out of order or bounds (text length ${text.length}, previous end ${last})`);
    }
    if (text.slice(span.start, span.end) !== span.text) throw new Error(`span text differs from the slice at ${span.start}`);
    last = span.end;
  }
}

/** CSV-like text: quotes, separators, CR/LF, BOM, formula starts and hostile column names. */
const csvText = fc
  .array(
    fc.oneof(
      fc.constantFrom('"', '""', ',', '\n', '\r\n', '\r', '\ufeff', 'name', 'phone', '13800138000', '=1+1', '\t', ';', ' '),
      hostileKey(),
      hostileString(),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

/** JSON Lines-like text: valid objects with hostile keys, broken lines, arrays, scalars, blank lines. */
const jsonLinesText = fc
  .array(
    fc.oneof(
      hostileJson(3).map((value) => {
        try {
          return JSON.stringify(value) ?? 'undefined';
        } catch {
          return '{}';
        }
      }),
      fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '{', '}', '[]', 'null', '', ' ', '\r'),
      hostileString(),
    ),
    { maxLength: 12 },
  )
  .map((lines) => lines.join('\n'));

/** Splits text into chunks at the given cut points, some as UTF-8 bytes (cuts may fall inside a character). */
function chunks(text: string, cuts: readonly number[], bytes: boolean): Array<string | Uint8Array> {
  const data = bytes ? new TextEncoder().encode(text) : text;
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const out: Array<string | Uint8Array> = [];
  let at = 0;
  for (const point of [...points, data.length]) {
    out.push(data.slice(at, point));
    at = point;
  }
  return out;
}

async function drain(rows: AsyncIterable<Record<string, unknown>>): Promise<number> {
  let n = 0;
  for await (const row of rows) {
    // Records from untrusted text have no prototype: a column named `__proto__` is a plain key.
    if (Object.getPrototypeOf(row) !== null) throw new Error('a parsed record has a prototype');
    n++;
  }
  return n;
}

const key32 = new Uint8Array(32).fill(7);
const pseudonymizer = createPseudonymizer({ key: key32, tenant: 'mall', purpose: 'analytics' });
const formatPreserver = createFormatPreserver({ key: new Uint8Array(16).fill(3) });
const detector = createPiiDetector({ disable: ['email'] });

const policy: DeidPolicy = {
  fields: {
    phone: { action: 'pseudonymize', kind: 'mobile' },
    card: { action: 'fpe', profile: 'bank-card', keepLast4: true },
    name: { action: 'mask', kind: 'name' },
    age: { action: 'generalize', rule: { kind: 'age-band', width: 10, top: 80 } },
    notes: { action: 'scrub' },
    store: { action: 'keep' },
  },
  unknownFields: 'drop',
  onInvalid: 'drop',
};
const deidentifier = createDeidentifier({ policy, pseudonymizer, formatPreserver });

const MASK_KINDS: MaskKind[] = ['mobile', 'resident-id', 'bank-card', 'name', 'email', 'address', 'plate', 'text'];
const hostileRecord = fc.oneof(
  mutated(fc.constant({ phone: '13800138000', card: '6222021234567890128', name: '张伟', age: 34, notes: '电话13800138000', store: 'S1' })),
  hostileJson(),
  fc.record({ phone: piiText, card: piiText, name: piiText, age: fc.oneof(piiText, fc.double()), notes: piiText }),
);

describeFuzz('deid', { corpus: new URL('./fuzz-corpus/', import.meta.url) }, [
  fuzzTarget({
    name: 'detect-pii',
    input: piiText,
    run: (text) => {
      checkSpans(text, detectPii(text));
      checkSpans(text, detector.detect(text));
    },
    runs: 300,
  }),
  fuzzTarget({
    name: 'scrub',
    input: piiText,
    run: (text) => {
      const spans = detectPii(text);
      let expected = '';
      let at = 0;
      for (const span of spans) {
        expected += `${text.slice(at, span.start)}[${span.kind.toUpperCase()}]`;
        at = span.end;
      }
      if (scrub(text) !== expected + text.slice(at)) throw new Error('scrub replaced something other than the detected spans');
    },
    runs: 200,
  }),
  fuzzTarget({
    name: 'detect-pii-arguments',
    // Typed boundary: a non-string is a documented TypeError, never a crash inside.
    input: hostileJson(2),
    run: (value) => {
      try {
        detectPii(value as string);
      } finally {
        scrub(value as string);
      }
    },
    allow: ['TypeError', 'RangeError'],
  }),
  fuzzTarget({
    name: 'parse-csv',
    input: fc.tuple(csvText, fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), fc.constantFrom(',', ';', '\t')),
    run: ([text, cuts, bytes, delimiter]) => drain(parseCsv(chunks(text, cuts, bytes), { delimiter })),
    runs: 300,
  }),
  fuzzTarget({
    name: 'parse-json-lines',
    input: fc.tuple(jsonLinesText, fc.array(fc.nat(), { maxLength: 4 }), fc.boolean()),
    run: ([text, cuts, bytes]) => drain(parseJsonLines(chunks(text, cuts, bytes))),
    runs: 300,
  }),
  fuzzTarget({
    name: 'format-csv-line',
    input: fc.array(fc.oneof(hostileString(), hostileJson(1)), { maxLength: 6 }),
    run: (values) => {
      const line = formatCsvLine(values);
      if (!line.endsWith('\n')) throw new Error('a CSV line without its line end');
    },
    allow: ['TypeError'],
  }),
  fuzzTarget({
    name: 'deidentify-record',
    input: hostileRecord,
    run: (record) => {
      const out = deidentifier.apply(record as Record<string, unknown>);
      // Unknown fields are dropped: nothing outside the policy may come through.
      for (const key of Object.keys(out)) if (!Object.hasOwn(policy.fields, key)) throw new Error(`unknown field "${key}" kept`);
    },
    allow: ['TypeError'],
    runs: 300,
  }),
  fuzzTarget({
    name: 'deidentify-stream',
    input: fc.tuple(jsonLinesText, fc.array(fc.nat(), { maxLength: 3 })),
    run: async ([text, cuts]) => {
      for await (const _ of deidentifier.stream(parseJsonLines(chunks(text, cuts, false)))) {
        // drained: the stream must end or fail with a coded error
      }
    },
    runs: 150,
  }),
  fuzzTarget({
    name: 'create-deidentifier',
    input: fc.oneof(mutated(fc.constant(policy)), hostileJson()),
    run: (candidate) => createDeidentifier({ policy: candidate as DeidPolicy, pseudonymizer, formatPreserver }),
    runs: 300,
  }),
  fuzzTarget({
    name: 'canonicalize',
    input: fc.tuple(fc.oneof(fc.constantFrom(...IDENTIFIER_KINDS), hostileString()), piiText),
    run: ([kind, value]) => canonicalize(kind as never, value),
    allow: ['TypeError', 'RangeError'],
    runs: 300,
  }),
  fuzzTarget({
    name: 'resident-id',
    input: fc.tuple(fc.oneof(piiText, fc.stringMatching(/^[0-9]{15,18}[Xx]?$/)), fc.constantFrom('issued', 'birth-year'), fc.boolean()),
    run: ([value, regionCheck, withRegions]) => {
      const info = parseResidentId(value, withRegions ? { regions: GB2260_HISTORY, regionCheck } : {});
      if (info.valid && info.birthDate === undefined) throw new Error('a valid resident id without a birth date');
    },
    runs: 300,
  }),
  fuzzTarget({
    name: 'mask-and-classify',
    input: fc.tuple(fc.oneof(fc.constantFrom(...MASK_KINDS), hostileString()), piiText),
    run: ([kind, value]) => {
      classifyMobile(value);
      return mask(kind as MaskKind, value);
    },
    allow: ['TypeError', 'RangeError'],
    runs: 300,
  }),
  fuzzTarget({
    name: 'generalize',
    input: fc.tuple(fc.oneof(piiText, fc.double(), fc.date({ noInvalidDate: false })), hostileJson(2)),
    run: ([value, rule]) => generalize(value, rule as never),
    allow: ['TypeError', 'RangeError'],
  }),
  fuzzTarget({
    name: 'pseudonymize-and-fpe',
    input: fc.tuple(fc.constantFrom('mobile', 'resident-id', 'bank-card', 'mac', 'email', 'phone'), piiText),
    run: ([profile, value]) => {
      try {
        pseudonymizer.pseudonymize(profile as never, value);
      } finally {
        formatPreserver.encrypt(profile as never, value);
      }
    },
    allow: ['TypeError', 'RangeError'],
    runs: 200,
  }),
]);
