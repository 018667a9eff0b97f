import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateCampaigns,
  buildAudience,
  categoryPurchases,
  computeTraits,
  defineProfileSchema,
  estimateSize,
  lastVisit,
  lifecycleStage,
  type RfmInput,
  rfm,
  rfmSql,
  SegmentError,
  SegmentErrorCode,
  spendWithin,
  visitsWithin,
} from '../src/index';
import { mysqlUrl, openChdb, openDuckDb, openMariaDb, openPglite, type SqlEngine } from './engines';
import { AT, ZONE } from './fixtures';

describe('lifecycleStage', () => {
  const at = AT;
  const stage = (firstSeen: string, last: string | null, frequency: number, thresholds = {}) =>
    lifecycleStage({ firstSeen, lastVisit: last, frequency }, { at, zone: ZONE, thresholds });
  it('classifies by recency and frequency in local days', () => {
    expect(stage('2026-10-23T00:00:00+08:00', null, 0)).toBe('new');
    expect(stage('2026-10-21T00:00:00+08:00', null, 0)).toBe('churned');
    expect(stage('2025-01-01T00:00:00+08:00', '2026-11-20T09:00:00+08:00', 3)).toBe('active');
    expect(stage('2025-01-01T00:00:00+08:00', '2026-11-20T09:00:00+08:00', 0)).toBe('dormant');
    expect(stage('2025-01-01T00:00:00+08:00', '2026-06-01T09:00:00+08:00', 0)).toBe('dormant');
    expect(stage('2025-01-01T00:00:00+08:00', '2026-05-01T09:00:00+08:00', 9)).toBe('churned');
    expect(stage('2025-01-01T00:00:00+08:00', '2026-11-01T09:00:00+08:00', 3, { activeDays: 14, minFrequency: 2 })).toBe('dormant');
  });
  it('rejects bad thresholds', () => {
    expect(() => stage('2025-01-01T00:00:00Z', null, 0, { activeDays: -1 })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' }),
    );
    expect(() => stage('2025-01-01T00:00:00Z', null, 0, { activeDays: 200 })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' }),
    );
  });
});

describe('rfm', () => {
  const rowArb = (i: number) =>
    fc.record({
      id: fc.constant(`m${String(i).padStart(3, '0')}${i % 7 === 0 ? '北' : ''}`),
      lastPurchase: fc.option(
        fc.integer({ min: 0, max: 5 }).map((d) => new Date(Date.parse(AT) - d * 86_400_000).toISOString()),
        { nil: null },
      ),
      frequency: fc.integer({ min: 0, max: 3 }),
      monetaryFen: fc.integer({ min: 0, max: 4 }),
    });

  it('gives NTILE quintiles with deterministic tie-breaking', () => {
    const rows: RfmInput[] = Array.from({ length: 7 }, (_, i) => ({ id: `M${i}`, lastPurchase: null, frequency: 1, monetaryFen: i }));
    expect(rfm(rows).map((s) => s.f)).toEqual([1, 1, 2, 2, 3, 4, 5]);
    expect(rfm(rows).map((s) => s.m)).toEqual([1, 1, 2, 2, 3, 4, 5]);
    expect(rfm(rows)[6]?.code).toBe('555');
    expect(rfm(rows, { buckets: 12 })[0]?.code).toBe('1-1-1');
    expect(() => rfm(rows, { buckets: 1 })).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' }));
    expect(() => rfm([{ id: 'x', lastPurchase: null, frequency: 1, monetaryFen: 0.5 }])).toThrow(
      expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' }),
    );
  });

  it('is identical in memory, in DuckDB, PostgreSQL, ClickHouse (chdb) and MariaDB', async () => {
    const engines: SqlEngine[] = [await openDuckDb(), await openPglite(), await openChdb()];
    if (mysqlUrl !== undefined) engines.push(await openMariaDb(mysqlUrl));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 23 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rowArb(i)))),
        async (rows) => {
          const expected = rfm(rows)
            .map((s) => `${s.id}:${s.code}`)
            .sort();
          for (const e of engines) {
            await e.load(
              rows.map((r) => ({ id: r.id, attributes: { d: r.lastPurchase, n: r.frequency, m: r.monetaryFen }, purchases: [] })),
            );
            const sql = rfmSql({ dialect: e.name, table: 'members', id: 'id', lastPurchase: 'd', frequency: 'n', monetary: 'm' });
            const got = await e.run({
              sql: `SELECT concat(x.id, ':', x.r, x.f, x.m) FROM (${sql}) AS x`,
              where: '',
              params: [],
            });
            expect(got.sort()).toEqual(expected);
          }
        },
      ),
      { numRuns: 10, seed: 7 },
    );
    for (const e of engines) await e.close();
  }, 60_000);

  it('writes NTILE SQL for ClickHouse, BigQuery and MySQL', () => {
    expect(rfmSql({ dialect: 'clickhouse', table: 't', id: 'id', lastPurchase: 'l', frequency: 'f', monetary: 'm', buckets: 4 })).toBe(
      'SELECT src.`id` AS id, ntile(4) OVER (ORDER BY src.`l` ASC NULLS FIRST, src.`id` ASC) AS r, ntile(4) OVER (ORDER BY src.`f` ASC, src.`id` ASC) AS f, ntile(4) OVER (ORDER BY src.`m` ASC, src.`id` ASC) AS m FROM `t` AS src',
    );
    expect(rfmSql({ dialect: 'bigquery', table: 't', id: 'id', lastPurchase: 'l', frequency: 'f', monetary: 'm' })).toContain(
      'NTILE(5) OVER (ORDER BY src.`l` ASC NULLS FIRST, CAST(src.`id` AS BYTES) ASC)',
    );
    expect(rfmSql({ dialect: 'mysql', table: 't', id: 'id', lastPurchase: 'l', frequency: 'f', monetary: 'm' })).toContain(
      'NTILE(5) OVER (ORDER BY src.`l` ASC, CAST(src.`id` AS BINARY) ASC)',
    );
  });
});

describe('buildAudience', () => {
  const at = AT;
  it('keeps only consented people, one per identity cluster, and counts exclusions', () => {
    const seen: unknown[] = [];
    const a = buildAudience(['M3', 'M1', 'M2', 'M4', 'M1'], {
      consent: (id, purpose, when) => {
        seen.push([id, purpose, when.toISOString()]);
        return id !== 'M4' && id !== 'M1';
      },
      purpose: 'marketing.sms',
      channel: 'sms',
      at,
      identities: [
        ['M1', 'phone:ab'],
        ['openid:o1', 'phone:ab', 'M2'],
      ],
    });
    expect(a.members).toEqual(['M2', 'M3']);
    expect(a.excludedNoConsent).toBe(1);
    expect(a.duplicatesMerged).toBe(1);
    expect(a.holdout).toEqual([]);
    expect(seen).toContainEqual(['M1', 'marketing.sms', '2026-11-21T12:30:00.000Z']);
    expect(a).toMatchObject({ purpose: 'marketing.sms', channel: 'sms' });
  });

  it('holds out a stable hashed fraction, never anyone without consent', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `M${i}`);
    const opts = {
      consent: (id: string) => !id.endsWith('7'),
      purpose: 'p',
      channel: 'wechat',
      at,
      holdout: { fraction: 0.1, salt: 's1' },
    };
    const a = buildAudience(ids, opts);
    const b = buildAudience([...ids].reverse(), opts);
    expect(a.holdout).toEqual(b.holdout);
    expect(a.members).toEqual(b.members);
    expect(a.excludedNoConsent).toBe(400);
    expect(a.holdout.length).toBeGreaterThan(280);
    expect(a.holdout.length).toBeLessThan(440);
    expect(a.holdout.some((id) => id.endsWith('7'))).toBe(false);
    expect(new Set([...a.members, ...a.holdout]).size).toBe(3600);
    const other = buildAudience(ids, { ...opts, holdout: { fraction: 0.1, salt: 's2' } });
    expect(other.holdout).not.toEqual(a.holdout);
    expect(() => buildAudience(ids, { ...opts, holdout: { fraction: 1, salt: 'x' } })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' }),
    );
  });

  it('allocates members to prioritised campaigns exclusively, with caps', () => {
    const plan = allocateCampaigns([
      { id: 'b', priority: 1, members: ['M1', 'M2', 'M3'] },
      { id: 'a', priority: 5, members: ['M3', 'M4', 'M5'], cap: 2 },
      { id: 'c', priority: 1, members: ['M2', 'M5'] },
    ]);
    expect(Object.fromEntries(plan)).toEqual({ a: ['M3', 'M4'], b: ['M1', 'M2'], c: ['M5'] });
    expect(() =>
      allocateCampaigns([
        { id: 'x', priority: 1, members: [] },
        { id: 'x', priority: 2, members: [] },
      ]),
    ).toThrow(SegmentError);
  });

  it('estimates size with a Wilson interval', () => {
    const e = estimateSize({ matched: 120, sampled: 10_000, population: 2_000_000 });
    expect(e.estimate).toBe(24_000);
    expect(e.low).toBeGreaterThan(19_000);
    expect(e.high).toBeLessThan(29_500);
    expect(estimateSize({ matched: 0, sampled: 10, population: 10 })).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(() => estimateSize({ matched: 5, sampled: 4, population: 10 })).toThrow(
      expect.objectContaining({ code: SegmentErrorCode.INVALID_OPTIONS }),
    );
  });
});

describe('trait aggregators', () => {
  it('computes windowed traits over local days, money exact', () => {
    const events = [
      { type: 'visit' as const, at: '2026-10-22T00:00:00+08:00' },
      { type: 'visit' as const, at: '2026-10-21T23:59:59+08:00' },
      { type: 'visit' as const, at: '2026-11-22T10:00:00+08:00' },
      { type: 'purchase' as const, at: '2026-11-20T10:00:00+08:00', category: 'baby', amountFen: 10 },
      { type: 'purchase' as const, at: '2026-11-20T11:00:00+08:00', category: 'baby', amountFen: 20 },
      { type: 'purchase' as const, at: '2026-05-20T11:00:00+08:00', category: 'baby', amountFen: 5 },
    ];
    const traits = computeTraits(
      events,
      { visits30d: visitsWithin(30, 'd'), spend90d: spendWithin(90, 'd'), last: lastVisit(), baby: categoryPurchases('baby', 3, 'm') },
      { at: AT, zone: ZONE },
    );
    expect(traits).toEqual({ visits30d: 1, spend90d: 30, last: new Date('2026-10-22T00:00:00+08:00'), baby: 2 });
    expect(computeTraits([], { last: lastVisit() }, { at: AT, zone: ZONE })).toEqual({ last: null });
    expect(() => visitsWithin(-1, 'd')).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_OPTIONS' }));
    expect(() =>
      computeTraits([{ type: 'purchase', at: AT, category: 'x', amountFen: 0.5 }], { s: spendWithin(1, 'd') }, { at: AT, zone: ZONE }),
    ).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_PROFILE' }));
    expect(visitsWithin(30, 'd').spec).toEqual({ type: 'number' });
  });
});

describe('defineProfileSchema', () => {
  it('rejects bad schemas', () => {
    for (const bad of [
      { 'bad-name': { type: 'string' } },
      { and: { type: 'string' } },
      { x: { type: 'blob' } },
      { x: { type: 'enum', values: [] } },
    ]) {
      expect(() => defineProfileSchema(bad as never)).toThrow(expect.objectContaining({ code: 'SEGMENT_INVALID_SCHEMA' }));
    }
  });
});
