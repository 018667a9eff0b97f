import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDateShifter, DeidErrorCode, type GeneralizeRule, generalize, type MaskKind, mask } from '../src/index';

describe('mask', () => {
  it('masks the documented shapes', () => {
    expect(mask('mobile', '13812345678')).toBe('138****5678');
    expect(mask('resident-id', '11010519491231002X')).toBe('110105********002X');
    expect(mask('name', '张三')).toBe('张*');
    expect(mask('name', '欧阳娜娜')).toBe('欧阳**');
    expect(mask('name', '欧阳')).toBe('欧*');
    expect(mask('name', '王')).toBe('*');
    expect(mask('email', 'alice@example.com')).toBe('a***@example.com');
    expect(mask('email', 'not-an-email')).toBe('n***********');
    expect(mask('address', '上海市静安区南京西路1601号')).toBe('上海市静安区');
    expect(mask('address', '广东省深圳市南山区科技园南区')).toBe('广东省深圳市南山区');
    expect(mask('address', '新疆维吾尔自治区乌鲁木齐市天山区解放路')).toBe('新疆维吾尔自治区乌鲁木齐市天山区');
    expect(mask('address', '江苏省昆山市玉山镇', { suffix: '…' })).toBe('江苏省昆山市…');
    expect(mask('address', '南京西路1601号')).toBe('南京*******');
    expect(mask('plate', '粤B12348')).toBe('粤B****8');
    expect(mask('bank-card', '6222021234567894')).toBe('622202******7894');
    expect(mask('text', 'abc')).toBe('a*c');
  });

  it('masks text with and without astral characters as the code-point-array definition does (differential)', () => {
    // The definition: characters are code points (Array.from), both ends kept, the middle masked.
    const keepEnds = (chars: string[], start: number, end: number, char: string) =>
      start + end >= chars.length
        ? chars.length <= 1
          ? char
          : chars[0] + char.repeat(chars.length - 1)
        : chars.slice(0, start).join('') + char.repeat(chars.length - start - end) + chars.slice(chars.length - end).join('');
    const compound = new Set(['欧阳', '司马', '诸葛']);
    const piece = fc.constantFrom('欧', '阳', '司', '马', '诸', '葛', '张', 'a', '7', '𠀋', '😀', '𪚥', '-', 'é');
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join('')),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
        fc.constantFrom<MaskKind>('name', 'mobile', 'text', 'plate'),
        (value, keepStart, keepEnd, kind) => {
          const chars = Array.from(value);
          const defaults: Record<string, [number, number]> = { mobile: [3, 4], text: [1, 1], plate: [2, 1] };
          const [start, end] =
            kind === 'name'
              ? [compound.has(chars.slice(0, 2).join('')) && chars.length > 2 ? 2 : 1, 0]
              : (defaults[kind] as [number, number]);
          const options = { ...(keepStart === undefined ? {} : { keepStart }), ...(keepEnd === undefined ? {} : { keepEnd }) };
          expect(mask(kind, value, options)).toBe(keepEnds(chars, keepStart ?? start, keepEnd ?? end, '*'));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is configurable and never reveals more than asked (property)', () => {
    expect(mask('mobile', '13812345678', { keepStart: 0, keepEnd: 4, char: '#' })).toBe('#######5678');
    expect(mask('email', 'alice@example.com', { keepStart: 2 })).toBe('al***@example.com');
    const kept: Record<string, number> = { mobile: 7, 'resident-id': 10, 'bank-card': 10, plate: 3, text: 2 };
    fc.assert(
      fc.property(
        fc.constantFrom<MaskKind>('mobile', 'resident-id', 'bank-card', 'plate', 'text'),
        fc.string({ minLength: 1, maxLength: 40 }),
        (kind, value) => {
          fc.pre(value.trim() !== '' && value.normalize('NFKC').trim() === value);
          const chars = Array.from(value);
          const out = Array.from(mask(kind, value));
          expect(out).toHaveLength(chars.length);
          // Every shown character is the original one in place, and at most the kind's quota is shown.
          const shown = out.map((c, i) => (c === '*' ? -1 : i)).filter((i) => i >= 0);
          for (const i of shown) expect(out[i]).toBe(chars[i]);
          expect(shown.length).toBeLessThanOrEqual(Math.min(kept[kind] ?? 0, Math.max(chars.length - 1, 0)));
        },
      ),
      { numRuns: 200 },
    );
    expect(() => mask('mobile', '')).toThrow(expect.objectContaining({ code: DeidErrorCode.EMPTY_VALUE }));
  });
});

describe('generalize', () => {
  it('throws a TypeError or RangeError that says what it expected for a malformed rule or value, never a crash inside', () => {
    expect(() => generalize(30, undefined as never)).toThrow(/rule must be a generalisation rule object, received undefined/);
    expect(() => generalize(new Date(Number.NaN), { kind: 'birth-date', to: 'year' })).toThrow(/expected a valid Date/);
    expect(() => generalize(Symbol('x') as never, { kind: 'region', level: 'city' })).toThrow(TypeError);
    expect(() => generalize(30, { kind: 'amount', edges: 'x' as never })).toThrow(/edges must be an array/);
    expect(() => generalize(30, { kind: 'birth-date', to: { toString: null } as never })).toThrow(
      /to must be 'year' or 'year-month', received object/,
    );
  });
  it('bands ages, coarsens dates, truncates timestamps in a zone, buckets amounts and regions', () => {
    expect(generalize(37, { kind: 'age-band' })).toBe('30-39');
    expect(generalize(37, { kind: 'age-band', width: 5 })).toBe('35-39');
    expect(generalize(85, { kind: 'age-band' })).toBe('80+');
    expect(generalize('1988-06-15', { kind: 'birth-date', to: 'year' })).toBe('1988');
    expect(generalize('19880615', { kind: 'birth-date', to: 'year-month' })).toBe('1988-06');
    expect(generalize(new Date('1988-06-15T00:00:00Z'), { kind: 'birth-date', to: 'year-month' })).toBe('1988-06');
    const at = '2026-11-21T23:30:00+08:00';
    expect(generalize(at, { kind: 'timestamp', to: 'hour', zone: 'Asia/Shanghai' })).toBe('2026-11-21T23');
    expect(generalize(at, { kind: 'timestamp', to: 'day', zone: 'Asia/Shanghai' })).toBe('2026-11-21');
    expect(generalize(at, { kind: 'timestamp', to: 'day', zone: 'UTC' })).toBe('2026-11-21');
    expect(generalize(at, { kind: 'timestamp', to: 'month', zone: 'Asia/Shanghai' })).toBe('2026-11');
    const edges = [0, 10_000, 50_000];
    expect(generalize(12_800, { kind: 'amount', edges })).toBe('10000-49999');
    expect(generalize(-5, { kind: 'amount', edges })).toBe('<0');
    expect(generalize(99_999, { kind: 'amount', edges })).toBe('50000+');
    expect(generalize('310106', { kind: 'region', level: 'city' })).toBe('310100');
    expect(generalize('310106', { kind: 'region', level: 'province' })).toBe('310000');
  });

  it('rejects bad input', () => {
    const bad: [unknown, GeneralizeRule][] = [
      [-1, { kind: 'age-band' }],
      [30, { kind: 'age-band', width: 0 }],
      ['June', { kind: 'birth-date', to: 'year' }],
      [Number.NaN, { kind: 'amount', edges: [0] }],
      [1, { kind: 'amount', edges: [] }],
      ['31', { kind: 'region', level: 'city' }],
    ];
    for (const [value, rule] of bad) expect(() => generalize(value as number, rule)).toThrow(RangeError);
    expect(() => generalize(1, { kind: 'nope' } as unknown as GeneralizeRule)).toThrow(TypeError);
  });
});

describe('createDateShifter', () => {
  const shifter = createDateShifter({ key: new Uint8Array(32).fill(9), maxDays: 15 });

  it('shifts every date of a subject by the same non-zero keyed offset', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 20_000 }), (subject, day) => {
        fc.pre(subject.trim() !== '');
        const offset = shifter.offsetDays(subject);
        expect(offset).not.toBe(0);
        expect(Math.abs(offset)).toBeLessThanOrEqual(15);
        const date = new Date(Date.UTC(1990, 0, 1) + day * 86_400_000);
        const shifted = shifter.shift(subject, date.toISOString().slice(0, 10));
        expect((Date.parse(shifted) - date.getTime()) / 86_400_000).toBe(offset);
        expect(shifter.shift(subject, date).getTime() - date.getTime()).toBe(offset * 86_400_000);
      }),
      { numRuns: 200 },
    );
    const offsets = new Set(Array.from({ length: 50 }, (_, i) => shifter.offsetDays(`m${i}`)));
    expect(offsets.size).toBeGreaterThan(10);
  });

  it('shifts YYYY-MM-DD text exactly as Date arithmetic does, for every year and any day text', () => {
    const wide = createDateShifter({ key: new Uint8Array(32).fill(4), maxDays: 3650 });
    const viaDate = (subject: string, text: string): string => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
      const check = new Date(t);
      if (!m || check.getUTCDate() !== Number(m[3]) || check.getUTCMonth() !== Number(m[2]) - 1) return 'RangeError';
      return new Date(t + wide.offsetDays(subject) * 86_400_000).toISOString().slice(0, 10);
    };
    const two = fc.integer({ min: 0, max: 39 }).map((n) => String(n).padStart(2, '0'));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
        fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1099, 1100, 1600, 1900, 2000, 2024, 9989, 9990)),
        two,
        two,
        (subject, year, month, day) => {
          const text = `${String(year).padStart(4, '0')}-${month}-${day}`;
          let got: string;
          try {
            got = wide.shift(subject, text);
          } catch (error) {
            got = error instanceof RangeError ? 'RangeError' : String(error);
          }
          expect(got).toBe(viaDate(subject, text));
        },
      ),
      { numRuns: 2000 },
    );
    expect(wide.shift('leap', '2024-02-29')).toBe(viaDate('leap', '2024-02-29'));
    expect(() => wide.shift('leap', '2023-02-29')).toThrow(RangeError);
    expect(() => wide.shift('m1', '2026-1-05')).toThrow(RangeError);
    expect(() => wide.shift('m1', '２０２６-01-05')).toThrow(RangeError);
  });

  it('validates its input', () => {
    expect(() => shifter.shift('m1', '2026-02-30')).toThrow(RangeError);
    expect(() => shifter.shift('m1', 'tomorrow')).toThrow(RangeError);
    expect(() => createDateShifter({ key: new Uint8Array(32), maxDays: 0 })).toThrow(RangeError);
    expect(() => createDateShifter({ key: new Uint8Array(8) })).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_KEY }));
    expect(createDateShifter({ key: new Uint8Array(64) }).offsetDays('x')).not.toBe(0);
  });
});
