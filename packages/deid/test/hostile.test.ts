import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeidentifier, createPiiDetector, DeidErrorCode, formatCsvLine, kAnonymity, mask, parseCsv } from '../src/index';

/** Names that reach a prototype when data becomes a property name on a plain object. */
const DANGEROUS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];
const dangerousName = fc.oneof(fc.constantFrom(...DANGEROUS), fc.string({ minLength: 1, maxLength: 12 }));

type Snapshot = Map<string, unknown>;
function snapshot(): Snapshot {
  const out: Snapshot = new Map();
  for (const [label, target] of [
    ['Object', Object],
    ['Object.prototype', Object.prototype],
    ['Array.prototype', Array.prototype],
    ['Function.prototype', Function.prototype],
  ] as const) {
    for (const key of Reflect.ownKeys(target)) {
      const d = Object.getOwnPropertyDescriptor(target, key);
      out.set(`${label}.${String(key)}`, d?.value ?? d?.get);
    }
    out.set(`${label} [[Prototype]]`, Object.getPrototypeOf(target));
  }
  return out;
}

let before: Snapshot;
beforeAll(() => {
  before = snapshot();
});
afterAll(() => {
  // Nothing in this file may have added, replaced or removed a built-in property.
  expect(snapshot()).toEqual(before);
});

async function rows(source: string[]) {
  const out: Record<string, string>[] = [];
  for await (const row of parseCsv(source)) out.push(row);
  return out;
}

describe('data used as property names', () => {
  it('CSV headers are plain keys on null-prototype records', async () => {
    const [row] = await rows(['__proto__,constructor,toString\n1,2,3\n']);
    expect(Object.getPrototypeOf(row)).toBeNull();
    expect(Object.keys(row ?? {})).toEqual(['__proto__', 'constructor', 'toString']);
    expect(row?.constructor).toBe('2');
    await expect(rows(['a,b,a\n1,2,3\n'])).rejects.toMatchObject({ code: DeidErrorCode.CSV_MALFORMED });
  });

  it('policy fields named like Object.prototype members are applied, counted and never dropped', () => {
    const policy = JSON.parse(
      '{"fields":{"__proto__":{"action":"keep"},"constructor":{"action":"mask","kind":"text"},"valueOf":{"action":"drop"}}}',
    );
    const deid = createDeidentifier({ policy });
    const out = deid.apply(JSON.parse('{"__proto__":"x","constructor":"secret","valueOf":"gone","toString":"other"}'));
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('x');
    expect(out.constructor).toBe('s****t');
    const stats = deid.stats();
    expect(Object.getOwnPropertyDescriptor(stats.fields, '__proto__')?.value).toEqual({ keep: 1 });
    expect(stats.fields.valueOf).toEqual({ drop: 1 });
    expect(stats.unknownDropped).toBe(1);
    // A bad action under `__proto__` is still validated.
    expect(() => createDeidentifier({ policy: JSON.parse('{"fields":{"__proto__":{"action":"nope"}}}') })).toThrow(
      expect.objectContaining({ code: 'CORE_VALIDATION' }),
    );
  });

  it('a subject field that is only inherited is missing, not Object.prototype.constructor', () => {
    const deid = createDeidentifier({
      policy: { fields: { note: { action: 'encrypt', subjectField: 'constructor' } } },
      shredder: { sealText: async () => 'sealed' } as never,
    });
    return expect(deid.applyAsync({ note: 'x' })).resolves.toEqual(Object.assign(Object.create(null), {}));
  });

  it('property: any field names, CSV headers, quasi-identifiers and kinds stay data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(dangerousName, { minLength: 1, maxLength: 5 }), async (names) => {
        const header = names.map((n) => (/[",\r\n]/.test(n) ? `"${n.replaceAll('"', '""')}"` : n)).join(',');
        const values = names.map((_, i) => `v${i}`).join(',');
        const parsed = await rows([`${header}\n${values}\n`]);
        const sorted = [...names].sort();
        // Integer-like keys come first in any object: compare as sets.
        expect(Object.keys(parsed[0] ?? {}).sort()).toEqual(sorted);
        const fields = Object.fromEntries(names.map((n) => [n, { action: 'keep' as const }]));
        const deid = createDeidentifier({ policy: { fields, unknownFields: 'error' } });
        const out = deid.apply(parsed[0] ?? {});
        expect(Object.keys(out).sort()).toEqual(sorted);
        expect(Object.keys(deid.stats().fields).sort()).toEqual(sorted);
        const risk = kAnonymity([parsed[0] ?? {}, parsed[0] ?? {}], { quasiIdentifiers: names, k: 2 });
        expect(risk.suppressed).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('quasi-identifiers read own properties only', () => {
    const report = kAnonymity([{ a: 1 }, { a: 1 }, { a: 2 }], { quasiIdentifiers: ['constructor'], k: 3 });
    expect(report.suppressed).toBe(0); // every row has no `constructor`: one class of three
  });

  it('mask kinds named like prototype members are refused; recogniser kinds so named stay data', () => {
    for (const kind of DANGEROUS) expect(() => mask(kind as never, 'abcdef')).toThrow(TypeError);
    expect(() => createPiiDetector({ recognisers: [{ kind: '__proto__', pattern: /x/ }] })).toThrow(TypeError);
    const piiDetector = createPiiDetector({
      recognisers: [
        { kind: 'constructor', pattern: /C\d{4}/ },
        { kind: 'toString', pattern: /T\d{4}/ },
      ],
    });
    const deid = createDeidentifier({ policy: { fields: { note: { action: 'scrub' } } }, piiDetector });
    expect(deid.apply({ note: 'C1234 T5678 C9999' }).note).toBe('[CONSTRUCTOR] [TOSTRING] [CONSTRUCTOR]');
    expect(deid.stats().scrubbed).toEqual({ constructor: 2, toString: 1 });
  });
});

describe('CSV export formula guarding', () => {
  it('is on by default, covers =, +, -, @, TAB and CR, and leaves numbers alone', () => {
    expect(formatCsvLine(['=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', 'plain', -5, 3.5])).toBe(
      `"'=HYPERLINK(""http://x"")",'+1,'-1,'@SUM(A1),'\t=1,"'\r=1",plain,-5,3.5\n`,
    );
    expect(formatCsvLine(['=1'], { guardFormulas: false })).toBe('=1\n');
    expect(() => formatCsvLine('x' as never)).toThrow(TypeError);
    expect(() => formatCsvLine(['x'], { guardFormulas: 'yes' as never })).toThrow(TypeError);
  });

  it('property: no guarded cell starts with a formula character', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }), (cells) => {
        const line = formatCsvLine(cells);
        for (const cell of cells) {
          const guarded = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
          expect(line).toContain(/[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded);
        }
      }),
      { numRuns: 200 },
    );
  });
});
