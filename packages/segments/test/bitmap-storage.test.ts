import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineProfileSchema, type Profile, parseSegment, SegmentError, toPredicate } from '../src/index';
import { createBitmapIndex } from '../src/node/index';
import { MemberIds } from '../src/node/member-ids';

// Issue 16 item 5: the compact storage behind the bitmap index (ids without an object per
// member, value columns sized to their type) must answer exactly as before. The six-engine
// conformance test runs the index on random segments; these pin the storage's own edges.

const ID_POOL = ['0', '7', '42', '4294967294', '4294967295', '007', '-1', '1e3', ' 1', 'M1', 'M10', '', '北京', '😀x', 'a\u0000b'];

describe('member ids', () => {
  it('map ids to slots and back like a Map, across the switch from integers to UTF-8 and rehashes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...ID_POOL), fc.nat({ max: 5000 }).map(String), fc.string({ unit: 'grapheme', maxLength: 6 })), {
          maxLength: 400,
        }),
        fc.integer({ min: 0, max: 400 }),
        (ids, trimAt) => {
          const dict = new MemberIds();
          const model = new Map<string, number>();
          ids.forEach((id, i) => {
            if (i === trimAt) dict.trim();
            const found = dict.slotOf(id);
            expect(found).toBe(model.get(id) ?? -1);
            if (found < 0) model.set(id, dict.add(id));
          });
          for (const [id, slot] of model) {
            expect(dict.slotOf(id)).toBe(slot);
            expect(dict.idOf(slot)).toBe(id);
          }
          expect(dict.size).toBe(model.size);
          // In bulk (query's path): all of them, and only the ASCII ones (decoded in one call).
          expect(dict.idsOf(Uint32Array.from(model.values()))).toEqual([...model.keys()]);
          const ascii = [...model].filter(([id]) => [...id].every((c) => c.charCodeAt(0) < 0x80));
          expect(dict.idsOf(Uint32Array.from(ascii, ([, slot]) => slot))).toEqual(ascii.map(([id]) => id));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps integer ids in 4 bytes while they are canonical integers, and tells 42 from 042', () => {
    const ints = new MemberIds();
    for (let i = 0; i < 10_000; i++) ints.add(String(i * 3));
    ints.trim();
    const intBytes = ints.memoryBytes();
    expect(intBytes).toBeLessThan(10_000 * (4 + 6) + 4096); // ids + table at 3/4, + scratch
    ints.add('042');
    expect(ints.slotOf('42')).toBe(14); // 42 = 14 × 3
    expect(ints.slotOf('042')).toBe(10_000);
    expect(ints.slotOf('3')).toBe(1);
    expect(ints.idOf(1)).toBe('3');
  });

  it('refuses an id with a lone surrogate (UTF-8 cannot hold it) and leaves the index unchanged', () => {
    const schema = defineProfileSchema({ n: { type: 'number' } });
    const index = createBitmapIndex({ schema, profiles: [{ id: 'A', attributes: { n: 1 } }] });
    for (const id of ['\ud800', 'x\udc00', '\ud83d']) {
      expect(() => index.upsert({ id, attributes: { n: 2 } })).toThrow(SegmentError);
      expect(index.has(id)).toBe(false);
    }
    expect(index.size).toBe(1);
    expect(index.query(parseSegment('n >= 0'), { at: 0, zone: 'UTC' })).toEqual(['A']);
    expect(index.has(42 as unknown as string)).toBe(false);
  });
});

describe('value columns sized to their type', () => {
  const schema = defineProfileSchema({
    n: { type: 'number' },
    m: { type: 'money' },
    e: { type: 'enum', values: ['a', 'b'] },
    s: { type: 'string' },
  });
  const when = { at: 0, zone: 'UTC' };
  const agree = (profiles: readonly Profile[], text: string, index = createBitmapIndex({ schema, profiles })) => {
    const ast = parseSegment(text, { schema });
    const expected = profiles.filter((p) => toPredicate(ast, { schema, ...when }).test(p)).map((p) => p.id);
    expect({ text, ids: index.query(ast, when) }).toEqual({ text, ids: expected });
  };

  it('widens a whole-number column when a fraction, a huge amount or the NULL marker value arrives', () => {
    const base: Profile[] = Array.from({ length: 3000 }, (_, i) => ({ id: `M${i}`, attributes: { n: i % 7, m: i } }));
    for (const extra of [{ n: 0.5 }, { n: 2 ** 31 }, { n: -(2 ** 31) }, { m: 2 ** 40 }, { m: -(2 ** 31) }, { n: null }]) {
      const profiles = [...base, { id: 'X', attributes: extra }, { id: 'Y', attributes: {} }];
      const bulk = createBitmapIndex({ schema, profiles });
      const incremental = createBitmapIndex({ schema, profiles: base });
      incremental.upsert(profiles[profiles.length - 2] as Profile);
      incremental.upsert(profiles[profiles.length - 1] as Profile);
      for (const index of [bulk, incremental]) {
        for (const text of [
          'n = 0.5',
          'n >= 2147483648',
          'n = -2147483648',
          'n < 0',
          'm >= 1099511627776',
          'm = -2147483648',
          'n IS NULL',
          'NOT n > 3',
          'm BETWEEN 10 AND 20',
        ])
          agree(profiles, text, index);
      }
    }
  });

  it('keeps string and enum values as dictionary codes, through upserts and removals', () => {
    const profiles: Profile[] = Array.from({ length: 500 }, (_, i) => ({
      id: String(i),
      attributes: { e: i % 3 === 0 ? 'a' : 'b', s: `v${i % 5}` },
    }));
    const index = createBitmapIndex({ schema, profiles });
    const final = profiles.map((p, i) => (i % 4 === 0 ? { id: p.id, attributes: { e: 'a', s: null } } : p));
    final.forEach((p, i) => {
      if (i % 4 === 0) index.upsert(p);
    });
    index.remove('1');
    const live = final.filter((p) => p.id !== '1');
    for (const text of ["e = 'a'", "e != 'a'", "s = 'v1'", 's IS NULL', "s IN ('v2', 'v3')"]) agree(live, text, index);
    expect(index.query(parseSegment("e = 'b'"), when).every((id) => /^\d+$/.test(id))).toBe(true);
  });

  it('reports memory by part, with integer ids taking less than string ids', () => {
    const make = (id: (i: number) => string) =>
      createBitmapIndex({
        schema,
        profiles: Array.from({ length: 20_000 }, (_, i) => ({ id: id(i), attributes: { n: i % 10, m: i } })),
      }).memory();
    const ints = make(String);
    const strings = make((i) => `member-${i}`);
    expect(ints.dictionary).toBeLessThan(strings.dictionary);
    expect(ints.values).toBeGreaterThanOrEqual(20_000 * 8); // two Int32Array columns
    expect(ints.values).toBeLessThan(20_000 * 12);
    expect(ints.total).toBe(ints.bitmaps + ints.values + ints.dictionary);
  });
});
