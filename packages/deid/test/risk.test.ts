import { describe, expect, it } from 'vitest';
import { kAnonymity, lDiversity } from '../src/index';

const rows = [
  { age: '30-39', district: '静安区', category: 'baby' },
  { age: '30-39', district: '静安区', category: 'wine' },
  { age: '30-39', district: '静安区', category: 'baby' },
  { age: '40-49', district: '徐汇区', category: 'baby' },
  { age: '40-49', district: '徐汇区', category: 'baby' },
  { age: '80+', district: '黄浦区', category: 'health' },
];

describe('kAnonymity', () => {
  it('reports the smallest classes and suppresses classes smaller than k', () => {
    const report = kAnonymity(rows, { quasiIdentifiers: ['age', 'district'], k: 2 });
    expect(report.k).toBe(1);
    expect(report.satisfied).toBe(false);
    expect(report.classes).toBe(3);
    expect(report.smallest[0]).toEqual({ values: ['80+', '黄浦区'], size: 1 });
    expect(report.suppressed).toBe(1);
    expect(report.kept).toHaveLength(5);
    const after = kAnonymity(report.kept, { quasiIdentifiers: ['age', 'district'], k: 2 });
    expect(after).toMatchObject({ k: 2, satisfied: true, suppressed: 0 });
    expect(kAnonymity(rows, { quasiIdentifiers: ['age'], k: 3, report: 1 }).smallest).toHaveLength(1);
  });

  it('treats missing values as a value and handles empty input and bad options', () => {
    expect(kAnonymity([{ a: 1 }, { b: 2 }], { quasiIdentifiers: ['a'], k: 1 }).classes).toBe(2);
    expect(kAnonymity([], { quasiIdentifiers: ['a'] })).toMatchObject({ k: 0, satisfied: true, classes: 0 });
    expect(() => kAnonymity(rows, { quasiIdentifiers: [] })).toThrow(RangeError);
    expect(() => kAnonymity(rows, { quasiIdentifiers: ['age'], k: 0 })).toThrow(RangeError);
  });
});

describe('lDiversity', () => {
  it('counts distinct sensitive values per class', () => {
    const report = lDiversity(rows, { quasiIdentifiers: ['age', 'district'], sensitive: 'category', l: 2 });
    expect(report.l).toBe(1);
    expect(report.satisfied).toBe(false);
    expect(report.smallest[0]).toMatchObject({ values: ['80+', '黄浦区'], distinct: 1, size: 1 });
    expect(report.smallest.find((c) => c.values[0] === '30-39')?.distinct).toBe(2);
    expect(lDiversity(rows, { quasiIdentifiers: ['district'], sensitive: 'category', l: 1 }).satisfied).toBe(true);
    expect(lDiversity([], { quasiIdentifiers: ['a'], sensitive: 'b' })).toMatchObject({ l: 0, satisfied: true });
  });
});
