import { describe, expect, it } from 'vitest';
import { defineProfileSchema, explain, type Profile, parseSegment, toPredicate } from '../src/index';
import { createBitmapIndex } from '../src/node/index';
import { AT, schema, ZONE } from './fixtures';

const truth = (text: string, attributes: Record<string, unknown>, opts: { at?: string; zone?: string } = {}) =>
  toPredicate(parseSegment(text, { schema }), { schema, at: opts.at ?? AT, zone: opts.zone ?? ZONE }).truth({ id: 'M', attributes });

describe('semantics', () => {
  it('uses three-valued logic: comparisons with NULL are UNKNOWN, and UNKNOWN is not membership', () => {
    expect(truth('n > 1', {})).toBeNull();
    expect(truth('NOT n > 1', {})).toBeNull();
    expect(truth('n > 1 OR n <= 1', {})).toBeNull();
    expect(truth("n > 1 OR s = 'x'", { s: 'x' })).toBe(true);
    expect(truth("n > 1 AND s = 'x'", { s: 'y' })).toBe(false);
    expect(truth('n IN (1, 2)', {})).toBeNull();
    expect(truth('n NOT IN (1, 2)', {})).toBeNull();
    expect(truth('m NOT BETWEEN 1 AND 2', {})).toBeNull();
    expect(truth('n IS NULL', {})).toBe(true);
    expect(truth('n IS NOT NULL', { n: 0 })).toBe(true);
    const p = toPredicate(parseSegment('NOT n > 1'), { schema, at: AT, zone: ZONE });
    expect(p.test({ id: 'M', attributes: {} })).toBe(false);
  });

  it('treats a missing field and an explicit null the same (NULL); an absent tag set is empty, never NULL', () => {
    expect(truth("s = 'x'", {})).toBe(truth("s = 'x'", { s: null }));
    expect(truth('s IS NULL', { s: undefined })).toBe(true);
    expect(truth("tags CONTAINS 't1'", {})).toBe(false);
    expect(truth("NOT tags CONTAINS 't1'", {})).toBe(true);
    expect(truth("tags CONTAINS ALL ('t1', 't2')", { tags: new Set(['t1', 't2']) })).toBe(true);
    expect(truth("tags CONTAINS ANY ('t3', 't2')", { tags: ['t1'] })).toBe(false);
  });

  it('is case-sensitive for strings, enums and tags, case-insensitive for keywords', () => {
    expect(truth("s = 'Z'", { s: 'z' })).toBe(false);
    expect(truth("tags contains 'T1'", { tags: ['t1'] })).toBe(false);
    expect(truth("s = 'Z' oR s = 'z'", { s: 'z' })).toBe(true);
  });

  it('compares dates by local calendar day in the zone', () => {
    // 2026-11-21 in Shanghai runs from 2026-11-20T16:00Z to 2026-11-21T16:00Z.
    expect(truth('d = today', { d: '2026-11-20T16:00:00Z' })).toBe(true);
    expect(truth('d = today', { d: '2026-11-20T15:59:59.999Z' })).toBe(false);
    expect(truth('d = -1d', { d: '2026-11-20T15:59:59.999Z' })).toBe(true);
    expect(truth('d = 2026-11-21', { d: '2026-11-21T15:59:59.999Z' })).toBe(true);
    expect(truth('d > 2026-11-21', { d: '2026-11-21T16:00:00Z' })).toBe(true);
    expect(truth('d <= 2026-11-20', { d: '2026-11-20T15:59:59Z' })).toBe(true);
    expect(truth('d >= -30d', { d: '2026-10-21T15:59:59.999Z' })).toBe(false);
    expect(truth('d >= -30d', { d: '2026-10-22T00:00:00+08:00' })).toBe(true);
    expect(truth('d >= -1m', { d: '2026-10-21T00:00:00+08:00' })).toBe(true);
    expect(truth('d >= -1m', { d: '2026-10-20T23:59:59+08:00' })).toBe(false);
    expect(truth('d >= -1w', { d: '2026-11-14T00:00:00+08:00' })).toBe(true);
    expect(truth('d >= -1y', { d: '2025-11-21T00:00:00+08:00' })).toBe(true);
    expect(truth('d != today', { d: '2026-11-21T09:00:00+08:00' })).toBe(false);
    // The same instant is "today" in Shanghai but "yesterday" in New York.
    expect(truth('d = today', { d: '2026-11-21T01:00:00+08:00' }, { zone: 'America/New_York' })).toBe(false);
  });

  it('handles days of 23 and 25 hours across DST', () => {
    const at = '2026-03-08T12:00:00-04:00'; // US spring forward on 2026-03-08
    const zone = 'America/New_York';
    expect(truth('d = today', { d: '2026-03-08T00:30:00-05:00' }, { at, zone })).toBe(true);
    expect(truth('d = today', { d: '2026-03-08T23:59:00-04:00' }, { at, zone })).toBe(true);
    expect(truth('d = -1d', { d: '2026-03-07T23:59:00-05:00' }, { at, zone })).toBe(true);
  });

  it('compares money exactly in integer fen', () => {
    expect(truth('m = 3', { m: 3 })).toBe(true);
    expect(truth('m BETWEEN 0 AND 2', { m: 3 })).toBe(false);
    expect(() => truth('m = 3', { m: 0.1 + 0.2 })).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' }));
  });

  it('counts purchases in a window of local days', () => {
    const purchases = [
      { category: 'baby', at: '2026-08-23T00:00:00+08:00' },
      { category: 'baby', at: '2026-08-22T23:59:59+08:00' },
      { category: 'food', at: '2026-11-21T10:00:00+08:00' },
    ];
    const p = (text: string) =>
      toPredicate(parseSegment(text), { schema, at: AT, zone: ZONE }).test({ id: 'M', attributes: {}, purchases });
    expect(p("purchased(category = 'baby', within = 90d) = 1")).toBe(true);
    expect(p("purchased(category = 'baby', within = 91d) = 2")).toBe(true);
    expect(p("purchased(category = 'baby') >= 2")).toBe(true);
    expect(p("purchased(category = 'toys') = 0")).toBe(true);
  });

  it('rejects profile values of the wrong type', () => {
    for (const [text, attributes] of [
      ["s = 'x'", { s: 1 }],
      ['n = 1', { n: '1' }],
      ['n = 1', { n: Number.NaN }],
      ['b = TRUE', { b: 'yes' }],
      ['d = today', { d: 'not a date' }],
      ['d = today', { d: { at: 1 } }],
      ["tags CONTAINS 'x'", { tags: 'x' }],
    ] as const) {
      expect(() => truth(text, attributes as Record<string, unknown>), text).toThrow(
        expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' }),
      );
    }
  });
});

describe('explain', () => {
  const s = defineProfileSchema({
    tags: { type: 'tags' },
    visits30d: { type: 'number' },
    lastVisit: { type: 'date' },
    tier: { type: 'enum', values: ['gold', 'vip'] },
  });
  const ast = parseSegment(
    "tags CONTAINS 'vip' AND visits30d >= 2 AND (tier = 'gold' OR lastVisit >= -7d) AND purchased(category = 'baby') >= 1",
  );
  const profile: Profile = {
    id: 'M1',
    attributes: { tags: ['vip'], visits30d: 1, lastVisit: '2026-11-01T10:00:00+08:00' },
    purchases: [{ category: 'baby', at: AT }],
  };

  it('shows every clause with its values and outcome, and the nearest failing clause', () => {
    const why = explain(ast, profile, { schema: s, at: AT, zone: ZONE });
    expect(why.inSegment).toBe(false);
    expect(why.root.outcome).toBe('false');
    expect(why.root.children.map((c) => [c.clause, c.outcome, c.values])).toEqual([
      ["tags CONTAINS 'vip'", 'true', { tags: ['vip'] }],
      ['visits30d >= 2', 'false', { visits30d: 1 }],
      ["tier = 'gold' OR lastVisit >= -7d", 'unknown', {}],
      ["purchased(category = 'baby') >= 1", 'true', { 'purchased(baby)': 1 }],
    ]);
    expect(why.root.children[2]?.children.map((c) => [c.outcome, c.values])).toEqual([
      ['unknown', { tier: null }],
      ['false', { lastVisit: '2026-11-01T02:00:00.000Z' }],
    ]);
    expect(why.nearestFailing?.clause).toBe('visits30d >= 2');
  });

  it('picks the cheaper branch of an OR and returns null when the profile qualifies', () => {
    const why = explain(
      parseSegment("(tier = 'gold' AND visits30d > 5) OR lastVisit >= -30d"),
      { id: 'M', attributes: { lastVisit: '2026-01-01T00:00:00+08:00' } },
      { schema: s, at: AT, zone: ZONE },
    );
    expect(why.nearestFailing?.clause).toBe('lastVisit >= -30d');
    const ok = explain(parseSegment('NOT visits30d > 5'), { id: 'M', attributes: { visits30d: 1 } }, { schema: s, at: AT, zone: ZONE });
    expect(ok).toMatchObject({ inSegment: true, nearestFailing: null });
    const notFail = explain(
      parseSegment("NOT visits30d > 5 AND tags CONTAINS 'vip'"),
      { id: 'M', attributes: { visits30d: 9, tags: ['vip'] } },
      { schema: s, at: AT, zone: ZONE },
    );
    expect(notFail.nearestFailing?.clause).toBe('NOT visits30d > 5');
  });
});

describe('bitmap index', () => {
  it('applies incremental updates and removals, and a bad profile leaves no trace', () => {
    const index = createBitmapIndex({ schema });
    const q = (text: string) => index.query(parseSegment(text), { at: AT, zone: ZONE });
    index.upsert({ id: 'A', attributes: { tags: ['t1'], n: 5, e: 'vip', d: AT }, purchases: [{ category: 'baby', at: AT }] });
    index.upsert({ id: 'B', attributes: { tags: ['t2'], n: 1 } });
    expect(q("tags CONTAINS 't1'")).toEqual(['A']);
    expect(q("e = 'vip' AND d = today AND purchased(category = 'baby') = 1")).toEqual(['A']);
    index.upsert({ id: 'A', attributes: { tags: ['t2'], n: 0 } });
    expect(q("tags CONTAINS 't1'")).toEqual([]);
    expect(q("tags CONTAINS 't2' AND n < 1")).toEqual(['A']);
    expect(q("purchased(category = 'baby') = 0")).toEqual(['A', 'B']);
    expect(() => index.upsert({ id: 'B', attributes: { n: 'x' } })).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' }));
    expect(q('n = 1')).toEqual(['B']);
    expect(index.remove('B')).toBe(true);
    expect(index.remove('B')).toBe(false);
    expect(index.remove('nobody')).toBe(false);
    expect(index.has('B')).toBe(false);
    expect(index.size).toBe(1);
    expect(q('n IS NULL')).toEqual([]);
    index.upsert({ id: 'B', attributes: {} });
    expect(q('n IS NULL')).toEqual(['B']);
    const m = index.memory();
    expect(m.total).toBe(m.bitmaps + m.values + m.dictionary);
    expect(m.total).toBeGreaterThan(0);
  });

  it('keeps range queries exact across rebalanced buckets', () => {
    const profiles = Array.from({ length: 20_000 }, (_, i) => ({
      id: `M${i}`,
      attributes: { n: (i * 7919) % 1000, m: i % 3 === 0 ? null : i },
    }));
    const index = createBitmapIndex({ schema, profiles });
    for (let i = 0; i < 6000; i++) index.upsert({ id: `M${i}`, attributes: { n: 2000 + (i % 50), m: i } });
    const at = { at: AT, zone: ZONE };
    const expectCount = (text: string, pred: (p: { n: number; m: number | null }) => boolean) => {
      const all = Array.from({ length: 20_000 }, (_, i) =>
        i < 6000 ? { n: 2000 + (i % 50), m: i } : { n: (i * 7919) % 1000, m: i % 3 === 0 ? null : i },
      );
      expect(index.count(parseSegment(text), at), text).toBe(all.filter(pred).length);
    };
    expectCount('n < 500', (p) => p.n < 500);
    expectCount('n <= 500', (p) => p.n <= 500);
    expectCount('n > 2010', (p) => p.n > 2010);
    expectCount('n >= 999.5', (p) => p.n >= 999.5);
    expectCount('n = 2020', (p) => p.n === 2020);
    expectCount('n != 2020', (p) => p.n !== 2020);
    expectCount('n IN (3, 2049, 4000)', (p) => [3, 2049, 4000].includes(p.n));
    expectCount('m BETWEEN 100 AND 15000', (p) => p.m !== null && p.m >= 100 && p.m <= 15000);
    expectCount('NOT m > 10000', (p) => p.m !== null && !(p.m > 10000));
  });
});
