import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeidErrorCode, detectPii, PII_KINDS, type PiiKind, scrub } from '../src/index';

interface Labelled {
  readonly text: string;
  readonly pii: readonly { kind: PiiKind; text: string }[];
}

const corpus: Labelled[] = readFileSync(new URL('./fixtures/pii-corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

/** Floors per recogniser; the printed table has the measured values. */
const FLOORS: Record<PiiKind, { precision: number; recall: number }> = {
  mobile: { precision: 0.9, recall: 0.95 },
  'resident-id': { precision: 0.95, recall: 0.95 },
  'bank-card': { precision: 0.9, recall: 0.95 },
  email: { precision: 0.95, recall: 0.95 },
  mac: { precision: 0.95, recall: 0.95 },
  plate: { precision: 0.9, recall: 0.9 },
  ipv4: { precision: 0.9, recall: 0.95 },
  ipv6: { precision: 0.9, recall: 0.9 },
};

describe('PII detection corpus', () => {
  it('has at least 200 labelled lines with decoys', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    expect(corpus.filter((line) => line.pii.length === 0).length).toBeGreaterThanOrEqual(60);
    for (const kind of PII_KINDS) expect(corpus.some((line) => line.pii.some((p) => p.kind === kind))).toBe(true);
  });

  it('meets precision and recall floors per recogniser (printed)', () => {
    const score = Object.fromEntries(PII_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<
      PiiKind,
      { tp: number; fp: number; fn: number }
    >;
    const misses: string[] = [];
    for (const line of corpus) {
      const found = detectPii(line.text);
      const expected = [...line.pii];
      for (const span of found) {
        const i = expected.findIndex((e) => e.kind === span.kind && e.text === span.text);
        if (i >= 0) {
          score[span.kind].tp++;
          expected.splice(i, 1);
        } else {
          score[span.kind].fp++;
          misses.push(`FP ${span.kind} "${span.text}" in: ${line.text}`);
        }
      }
      for (const e of expected) {
        score[e.kind].fn++;
        misses.push(`FN ${e.kind} "${e.text}" in: ${line.text}`);
      }
    }
    const rows = PII_KINDS.map((kind) => {
      const { tp, fp, fn } = score[kind];
      return { kind, tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
    });
    console.log(`PII corpus: ${corpus.length} lines`);
    console.table(rows.map((r) => ({ ...r, precision: r.precision.toFixed(3), recall: r.recall.toFixed(3) })));
    if (misses.length > 0) console.log(misses.join('\n'));
    for (const r of rows) {
      expect(r.precision, `${r.kind} precision`).toBeGreaterThanOrEqual(FLOORS[r.kind].precision);
      expect(r.recall, `${r.kind} recall`).toBeGreaterThanOrEqual(FLOORS[r.kind].recall);
    }
  });
});

describe('detectPii', () => {
  it('returns spans with offsets and confidence', () => {
    const text = '请致电 138 0013 8000，邮箱 li.lei@example.com';
    const spans = detectPii(text);
    expect(spans.map((s) => s.kind)).toEqual(['mobile', 'email']);
    for (const s of spans) {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      expect(s.confidence).toBeGreaterThan(0.5);
    }
  });

  it('rejects checksum failures and decoys', () => {
    expect(detectPii('110105194912310021')).toEqual([]); // bad GB 11643 check character
    expect(detectPii('11010519491231002X')[0]?.kind).toBe('resident-id');
    expect(detectPii('卡号 6222020000000000001')).toEqual([]); // fails Luhn
    expect(detectPii('订单号 13800138000')).toEqual([]);
    expect(detectPii('订单号 13800138000', { minConfidence: 0.1 })[0]?.confidence).toBeLessThan(0.5);
    expect(detectPii('version 1.2.3.4')).toEqual([]);
    expect(detectPii('12:30:45')).toEqual([]);
    expect(detectPii('aa:bb:cc:dd:ee:ff')[0]?.kind).toBe('mac');
    expect(detectPii('2001:db8::1')[0]?.kind).toBe('ipv6');
    expect(detectPii('1:2:3:4:5:6:7:8:9')).toEqual([]);
    expect(detectPii('1::2::3')).toEqual([]);
    expect(detectPii('')).toEqual([]);
    expect(detectPii('  \n ')).toEqual([]);
    expect(scrub(' ')).toBe(' ');
  });

  it('filters by kind and prefers the more confident overlapping span', () => {
    expect(detectPii('13800138000 li@example.com', { kinds: ['email'] }).map((s) => s.kind)).toEqual(['email']);
    expect(() => detectPii('x', { kinds: ['nope' as PiiKind] })).toThrow(TypeError);
    expect(() => detectPii(42 as unknown as string)).toThrow(TypeError);
    expect(() => detectPii('x'.repeat(1_000_001))).toThrow(expect.objectContaining({ code: DeidErrorCode.VALUE_TOO_LONG }));
  });

  it('scrubs with default labels or a custom replacement', () => {
    expect(scrub('Call 13800138000 or mail li.lei@example.com')).toBe('Call [MOBILE] or mail [EMAIL]');
    expect(scrub('车牌 沪A12345 停车', { replace: (s) => '*'.repeat(s.text.length) })).toBe('车牌 ******* 停车');
    expect(scrub('nothing here')).toBe('nothing here');
  });
});
