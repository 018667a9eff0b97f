import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../src/internal/instant';

/**
 * An independent reading of the same format: a regular expression, explicit range checks and
 * `Date.UTC` (which, like parseInstant, maps years below 100 to 19xx).
 */
function reference(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(text);
  if (m === null) return Number.NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > (days[month - 1] as number) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const wellFormed = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    two(13),
    two(32),
    two(24),
    two(60),
    two(60),
    fc.option(fc.stringMatching(/^[0-9]{1,10}$/), { nil: undefined }),
    fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), two(24), two(60)).map(([sign, h, m]) => `${sign}${h}:${m}`),
    ),
  )
  .map(([y, mo, d, h, mi, s, fraction, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction === undefined ? '' : `.${fraction}`}${zone}`);
/** Well-formed texts with a few characters replaced, inserted or removed. */
const damaged = fc
  .tuple(
    wellFormed,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'remove'), fc.constantFrom(...'0123456789-T:.Z+ x9')), {
      maxLength: 3,
    }),
  )
  .map(([text, edits]) =>
    edits.reduce((t, [at, op, ch]) => {
      const i = at % (t.length + 1);
      return op === 'replace'
        ? t.slice(0, i) + ch + t.slice(i + 1)
        : op === 'insert'
          ? t.slice(0, i) + ch + t.slice(i)
          : t.slice(0, i) + t.slice(i + 1);
    }, text),
  );

/**
 * The form `toISOString` writes (`YYYY-MM-DDTHH:mm:ss.sssZ`), the one most ledgers hold: valid
 * ones from 1900 to 2200 (both sides of the epoch) and the same with one character replaced.
 */
const isoForm = fc
  .tuple(
    fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
    fc.option(fc.tuple(fc.nat({ max: 23 }), fc.constantFrom(...'0123456789-T:.Z+ x/٣')), { nil: undefined }),
  )
  .map(([ms, edit]) => {
    const text = new Date(ms).toISOString();
    return edit === undefined ? text : text.slice(0, edit[0]) + edit[1] + text.slice(edit[0] + 1);
  });
/** Out-of-range fields in the same form. */
const isoFormOutOfRange = fc
  .tuple(
    fc.integer({ min: 1960, max: 2100 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([y, mo, d, h, mi, s, ms]) => {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}.${p(ms, 3)}Z`;
  });

describe('parseInstant', () => {
  it('agrees with an independent reading on the toISOString form, valid, damaged and out of range', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(isoForm, isoFormOutOfRange), { minLength: 1, maxLength: 20 }), (texts) => {
        for (const text of texts) {
          expect(Object.is(parseInstant(text), reference(text)) || [text, parseInstant(text), reference(text)]).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads dates around leap days, the epoch and years below 100 in the toISOString form', () => {
    expect(parseInstant('2024-02-29T12:00:00.000Z')).toBe(Date.parse('2024-02-29T12:00:00.000Z'));
    expect(parseInstant('2025-02-29T12:00:00.000Z')).toBeNaN();
    expect(parseInstant('2024-02-29T12:00:00.001Z')).toBe(Date.parse('2024-02-29T12:00:00.001Z'));
    expect(parseInstant('2024-03-01T00:00:00.000Z')).toBe(Date.parse('2024-03-01T00:00:00.000Z'));
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(parseInstant('1970-01-01T00:00:00.000Z')).toBe(0);
    expect(parseInstant('1969-12-31T23:59:59.999Z')).toBe(-1);
    expect(parseInstant('0099-12-31T23:59:59.999Z')).toBe(Date.UTC(99, 11, 31, 23, 59, 59, 999));
    expect(parseInstant('2024-02-29T24:00:00.000Z')).toBeNaN();
  });

  it('agrees with an independent reading on well-formed and damaged texts', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed, damaged, fc.string({ maxLength: 40 })), (text) => {
        expect(Object.is(parseInstant(text), reference(text)) || [parseInstant(text), reference(text)]).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the forms the schemas accept, and refuses what Date.parse lets through', () => {
    expect(parseInstant('2026-11-21T10:00:00+08:00')).toBe(Date.parse('2026-11-21T02:00:00Z'));
    expect(parseInstant('2024-02-29T23:59:59.999999999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(parseInstant('1969-12-31T23:59:59.5-00:30')).toBe(1_800_000 - 500);
    expect(parseInstant('2025-02-29T00:00:00Z')).toBeNaN();
    expect(parseInstant('2025-01-01T24:00:00Z')).toBeNaN();
    expect(parseInstant('2025-01-01T00:00:00.Z')).toBeNaN();
    expect(parseInstant('2025-01-01T00:00:00.1234567890Z')).toBeNaN();
    expect(parseInstant('2025-01-01T00:00:00')).toBeNaN();
    expect(parseInstant('2025-01-01 00:00:00Z')).toBeNaN();
  });
});
