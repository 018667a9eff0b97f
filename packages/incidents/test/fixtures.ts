import type { HolidayCalendar, IncidentInput } from '../src/index';

/** A retailer's leak, Shanghai time: exactly 1,000,000 members, awareness Friday 3 April 2026 23:30, the eve of Qingming (4–6 April). */
export function leak(overrides: Partial<IncidentInput> = {}): IncidentInput {
  return {
    id: 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA',
    title: 'Member export left on a public bucket',
    summary: 'A CSV export of loyalty members was readable without authentication.',
    zone: 'Asia/Shanghai',
    operator: { name: 'Jing’an Mall Ltd', contact: 'privacy@jingan-mall.example, 400-000-0000', dpo: 'dpo@jingan-mall.example' },
    discovered: { by: 'SOC analyst S-014', at: '2026-04-03T23:10:00+08:00', where: 'oss://member-exports/2026-09' },
    occurredAt: '2026-04-01T08:00:00+08:00',
    awareness: { awareAt: '2026-04-03T23:30:00+08:00' },
    systems: [
      { name: 'CRM', impact: 'export job misconfigured', interconnected: [{ name: 'WeChat mini-program', impact: 'none observed' }] },
    ],
    personalInformation: { categories: ['name', 'mobile number'], people: 1_000_000, records: 1_200_000 },
    cause: { category: 'data-security', subcategory: 'misconfiguration', known: false },
    ...overrides,
  };
}

/**
 * Test data modelled on the CN 2026 holiday schedule (the package ships no calendar: callers pass
 * the State Council's notice as data). Qingming 4–6 April; Mid-Autumn 25–27 September; National
 * Day 1–7 October; Sunday 20 September and Saturday 10 October are adjusted working days.
 */
export const CN_2026: HolidayCalendar = {
  id: 'CN-2026',
  years: [2026],
  holidays: [
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workingDays: ['2026-09-20', '2026-10-10'],
};

/** US federal holidays 2026 (5 U.S.C. § 6103): Labor Day is Monday 7 September, Independence Day observed Friday 3 July. */
export const US_2026: HolidayCalendar = {
  id: 'US-federal-2026',
  years: [2026],
  holidays: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-10-12',
    '2026-11-11',
    '2026-11-26',
    '2026-12-25',
  ],
};

/** Germany (federal) 2026: Easter Monday 6 April, Good Friday 3 April. */
export const DE_2026: HolidayCalendar = {
  id: 'DE-2026',
  years: [2026],
  holidays: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26'],
};
