import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_GRADES, gradeCN } from '../src/index';

const grade = (people: number, economicLossFen?: number) =>
  gradeCN({ personalInformation: { people }, ...(economicLossFen === undefined ? {} : { economicLossFen }) });

describe('gradeCN', () => {
  it('"以上" includes the number itself at every threshold', () => {
    expect(grade(999_999).grade).toBe('general');
    expect(grade(1_000_000).grade).toBe('relatively-major');
    expect(grade(9_999_999).grade).toBe('relatively-major');
    expect(grade(10_000_000).grade).toBe('major');
    expect(grade(99_999_999).grade).toBe('major');
    expect(grade(100_000_000).grade).toBe('especially-major');
  });

  it('cites the annex section and says whether the Measures require a report', () => {
    const g = grade(1_000_000);
    expect(g).toMatchObject({ reportable: true, name: { zh: '较大', en: 'Relatively major' } });
    expect(g.reasons[0]?.citation).toContain('网络安全事件分级指南');
    expect(g.reasons[0]?.citation).toContain('三、较大网络安全事件');
    expect(grade(10).reportable).toBe(false);
    expect(grade(10).reasons[0]?.citation).toContain('四、一般网络安全事件');
  });

  it('takes direct economic loss (fen) and other criteria; the highest grade wins and all reasons are kept', () => {
    expect(grade(0, 500_000_000).grade).toBe('relatively-major'); // 500万元
    expect(grade(0, 499_999_999).grade).toBe('general');
    expect(grade(0, 2_000_000_000).grade).toBe('major'); // 2000万元
    expect(grade(0, 10_000_000_000).grade).toBe('especially-major'); // 1亿元
    const g = gradeCN({
      personalInformation: { people: 1_000_000 },
      otherCriteria: [{ grade: 'major', criterion: '关键信息基础设施主要功能中断运行', citation: '附件 二、重大网络安全事件' }],
    });
    expect(g.grade).toBe('major');
    expect(g.reasons.map((r) => r.grade)).toEqual(['major', 'relatively-major']);
  });

  it('is monotone in the number of people (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 300_000_000 }), fc.nat({ max: 300_000_000 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return CN_GRADES.indexOf(grade(lo).grade) <= CN_GRADES.indexOf(grade(hi).grade);
      }),
    );
  });
});
