import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createIncident,
  type Incident,
  type IncidentInput,
  type Obligation,
  obligations,
  overdue,
  recordSubmission,
  updateIncident,
} from '../src/index';
import { CN_2026, DE_2026, leak, US_2026 } from './fixtures';

const by = (at: string) => ({ actor: 'S-014', at });
const create = (overrides: Partial<IncidentInput> = {}) => createIncident(leak(overrides), by('2026-04-03T23:40:00+08:00'));
const find = (list: Obligation[], id: string) => {
  const found = list.find((o) => o.id === id);
  if (found === undefined) throw new Error(`no obligation ${id} in ${list.map((o) => o.id).join(', ')}`);
  return found;
};
const cn = (incident: Incident, extra: Partial<Parameters<typeof obligations>[1]> = {}) =>
  obligations(incident, { regimes: ['cn-measures-2025'], operator: { kind: 'other' }, ...extra });

describe('CN Measures 2025', () => {
  // Awareness Friday 3 April 2026 23:30 Shanghai, the eve of Qingming: hours run through the holiday.
  it('exactly 1,000,000 people is 较大: a retailer reports within 4 hours (Saturday 03:30)', () => {
    const initial = find(cn(create()), 'cn.initial');
    expect(initial).toMatchObject({
      timing: 'instant',
      startsAt: '2026-04-03T15:30:00.000Z',
      dueAt: '2026-04-03T19:30:00.000Z',
      status: 'pending',
      rule: '4 hours',
    });
    expect(initial.basis).toContain('Art. 4 para. 4');
    expect(initial.recipient.zh).toBe('属地省级网信部门');
  });

  it('1 hour for critical information infrastructure, 2 hours for central and state organs', () => {
    expect(find(cn(create(), { operator: { kind: 'cii' } }), 'cn.initial').dueAt).toBe('2026-04-03T16:30:00.000Z');
    expect(find(cn(create(), { operator: { kind: 'central-state-organ' } }), 'cn.initial').dueAt).toBe('2026-04-03T17:30:00.000Z');
    expect(() => cn(create(), { operator: { kind: 'shop' as never } })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_OPERATOR_KIND' }),
    );
  });

  it('999,999 people is 一般: nothing to report, and the note says why', () => {
    const initial = find(cn(create({ personalInformation: { categories: ['name'], people: 999_999 } })), 'cn.initial');
    expect(initial.status).toBe('not-required');
    expect(initial.note).toContain('一般');
  });

  it('asks for a supplementary report while the cause is unknown, not once it is known', () => {
    expect(find(cn(create()), 'cn.supplementary')).toMatchObject({ timing: 'without-undue-delay', status: 'due-now' });
    const known = create({ cause: { category: 'data-security', known: true } });
    expect(cn(known).some((o) => o.id === 'cn.supplementary')).toBe(false);
  });

  it('overdue after the deadline, met or late once submitted', () => {
    const incident = create();
    expect(find(cn(incident, { now: '2026-04-04T03:29:00+08:00' }), 'cn.initial').status).toBe('pending');
    const late = cn(incident, { now: '2026-04-04T03:31:00+08:00' });
    expect(overdue(late).map((o) => o.id)).toEqual(['cn.initial']);
    const met = recordSubmission(
      incident,
      { obligation: 'cn.initial', at: '2026-04-04T03:00:00+08:00' },
      { actor: 'DPO', at: '2026-04-04T03:01:00+08:00' },
    );
    expect(find(cn(met, { now: '2026-04-05T00:00:00+08:00' }), 'cn.initial')).toMatchObject({
      status: 'met',
      metAt: '2026-04-03T19:00:00.000Z',
    });
    const tardy = recordSubmission(
      incident,
      { obligation: 'cn.initial', at: '2026-04-04T03:31:00+08:00' },
      { actor: 'DPO', at: '2026-04-04T03:32:00+08:00' },
    );
    expect(find(cn(tardy), 'cn.initial').status).toBe('late');
  });

  it('summary within 30 days after handling ends: 1 Oct is National Day, so with the CN calendar it moves to 8 Oct', () => {
    const incident = create();
    expect(find(cn(incident), 'cn.summary')).toMatchObject({ timing: 'waiting', status: 'waiting' });
    const ended = updateIncident(incident, { handlingEndedAt: '2026-09-01T18:00:00+08:00' }, by('2026-09-01T18:05:00+08:00'));
    // Day 1 is 2 Sept (民法典 Art. 201), day 30 is 1 Oct; its end is 24:00 Shanghai.
    expect(find(cn(ended), 'cn.summary').dueAt).toBe('2026-10-01T16:00:00.000Z');
    // 1–7 Oct are holidays (Art. 203): the period ends at 24:00 on Thursday 8 Oct.
    expect(find(cn(ended, { calendars: { cn: CN_2026 } }), 'cn.summary').dueAt).toBe('2026-10-08T16:00:00.000Z');
  });

  it('a count revised upward after the first report: the grade, the clock and a supplementary report follow', () => {
    let incident = create({ personalInformation: { categories: ['name'], people: 800_000 } });
    expect(find(cn(incident), 'cn.initial').status).toBe('not-required');
    // Learned at 09:00 on Monday 6 April that 1,500,000 people are affected: 较大 from then.
    incident = updateIncident(
      incident,
      { personalInformation: { categories: ['name'], people: 1_500_000 } },
      { actor: 'S-014', at: '2026-04-06T10:00:00+08:00', effectiveAt: '2026-04-06T09:00:00+08:00' },
    );
    expect(find(cn(incident), 'cn.initial')).toMatchObject({ startsAt: '2026-04-06T01:00:00.000Z', dueAt: '2026-04-06T05:00:00.000Z' });
    incident = recordSubmission(
      incident,
      { obligation: 'cn.initial', at: '2026-04-06T12:00:00+08:00' },
      { actor: 'DPO', at: '2026-04-06T12:00:00+08:00' },
    );
    expect(cn(incident).some((o) => o.id === 'cn.upgrade')).toBe(false);
    incident = updateIncident(
      incident,
      { personalInformation: { categories: ['name'], people: 12_000_000 } },
      by('2026-04-07T08:00:00+08:00'),
    );
    const upgrade = find(cn(incident), 'cn.upgrade');
    expect(upgrade).toMatchObject({ startsAt: '2026-04-07T00:00:00.000Z', status: 'due-now' });
    expect(upgrade.note).toContain('major');
    expect(find(cn(incident), 'cn.initial').status).toBe('met');
  });
});

describe('PIPL Art. 57', () => {
  const pipl = (incident: Incident) => obligations(incident, { regimes: ['pipl-57'], operator: { kind: 'other' } });

  it('remedy, authority and individuals, all immediately', () => {
    const list = pipl(create());
    expect(list.map((o) => [o.id, o.timing, o.status])).toEqual([
      ['pipl.remedy', 'immediately', 'due-now'],
      ['pipl.authority', 'immediately', 'due-now'],
      ['pipl.individuals', 'immediately', 'due-now'],
    ]);
    expect(list[0]?.basis).toBe('PIPL Art. 57 para. 1');
  });

  it('individuals need not be notified when harm is effectively avoided, unless the authority requires it', () => {
    const avoided = create({ risk: { harmEffectivelyAvoided: true } });
    expect(find(pipl(avoided), 'pipl.individuals')).toMatchObject({ status: 'not-required' });
    const required = create({ risk: { harmEffectivelyAvoided: true, authorityRequiredNotice: true } });
    expect(find(pipl(required), 'pipl.individuals').status).toBe('due-now');
  });

  it('does not apply without personal information', () => {
    expect(pipl(create({ personalInformation: { people: 0 } }))).toEqual([]);
  });
});

describe('GDPR Art. 33/34 and NIS2 Art. 23 across the EU DST change', () => {
  // Aware Friday 27 March 2026 10:00 CET; clocks go forward on Sunday 29 March.
  const berlin = (overrides: Partial<IncidentInput> = {}) =>
    createIncident(
      leak({
        zone: 'Europe/Berlin',
        occurredAt: '2026-03-26T08:00:00+01:00',
        discovered: { by: 'SOC', at: '2026-03-27T09:00:00+01:00', where: 'eu-shop' },
        awareness: { awareAt: '2026-03-27T10:00:00+01:00' },
        ...overrides,
      }),
      by('2026-03-27T10:30:00+01:00'),
    );

  it('72 continuous hours: due 11:00 CEST on Monday, not 10:00', () => {
    const authority = find(obligations(berlin(), { regimes: ['gdpr'], operator: { kind: 'other' } }), 'gdpr.authority');
    expect(authority.dueAt).toBe('2026-03-30T09:00:00.000Z');
    expect(authority.basis).toContain('Art. 33(1)');
  });

  it('a late GDPR notification says reasons for the delay must accompany it', () => {
    const late = recordSubmission(
      berlin(),
      { obligation: 'gdpr.authority', at: '2026-03-30T12:00:00+02:00' },
      { actor: 'DPO', at: '2026-03-30T12:00:00+02:00' },
    );
    expect(find(obligations(late, { regimes: ['gdpr'], operator: { kind: 'other' } }), 'gdpr.authority')).toMatchObject({
      status: 'late',
      note: expect.stringContaining('reasons for the delay'),
    });
  });

  it('per-regime awareness overrides the default instant', () => {
    const incident = berlin({ awareness: { awareAt: '2026-03-27T10:00:00+01:00', regimes: { gdpr: '2026-03-28T12:00:00+01:00' } } });
    expect(find(obligations(incident, { regimes: ['gdpr'], operator: { kind: 'other' } }), 'gdpr.authority').dueAt).toBe(
      '2026-03-31T11:00:00.000Z',
    );
  });

  it('phases while the cause is unknown; individuals only on high risk; nothing when unlikely', () => {
    const list = obligations(berlin(), { regimes: ['gdpr'], operator: { kind: 'other' } });
    expect(find(list, 'gdpr.phased').basis).toBe('GDPR Art. 33(4)');
    expect(find(list, 'gdpr.individuals').status).toBe('not-required');
    const high = obligations(berlin({ risk: { level: 'high' } }), { regimes: ['gdpr'], operator: { kind: 'other' } });
    expect(find(high, 'gdpr.individuals')).toMatchObject({ status: 'due-now', timing: 'without-undue-delay' });
    const unlikely = obligations(berlin({ risk: { level: 'unlikely' } }), { regimes: ['gdpr'], operator: { kind: 'other' } });
    expect(find(unlikely, 'gdpr.authority').status).toBe('not-required');
    expect(unlikely.some((o) => o.id === 'gdpr.phased')).toBe(false);
  });

  it('NIS2: 24 h early warning, 72 h notification, final report one month after the notification', () => {
    let incident = berlin();
    const list = obligations(incident, { regimes: ['nis2'], operator: { kind: 'other' } });
    expect(find(list, 'nis2.early-warning').dueAt).toBe('2026-03-28T09:00:00.000Z');
    expect(find(list, 'nis2.notification').dueAt).toBe('2026-03-30T09:00:00.000Z');
    expect(find(list, 'nis2.final').status).toBe('waiting');
    incident = recordSubmission(
      incident,
      { obligation: 'nis2.notification', at: '2026-04-01T10:00:00+02:00' },
      { actor: 'DPO', at: '2026-04-01T10:00:00+02:00' },
    );
    // 1 May is the same date a month later: the period ends at its 24:00 (1182/71 Art. 3(2)(c)).
    expect(find(obligations(incident, { regimes: ['nis2'], operator: { kind: 'other' } }), 'nis2.final').dueAt).toBe(
      '2026-05-01T22:00:00.000Z',
    );
    // 1 May is a public holiday (Friday): with a calendar it moves to Monday 4 May (Art. 3(4)).
    const rolled = obligations(incident, { regimes: ['nis2'], operator: { kind: 'other' }, calendars: { eu: DE_2026 } });
    expect(find(rolled, 'nis2.final').dueAt).toBe('2026-05-04T22:00:00.000Z');
  });
});

describe('SEC Form 8-K Item 1.05', () => {
  // Materiality determined Friday 4 September 2026 23:30 New York; Monday 7 September is Labor Day.
  const determined = (at?: string) =>
    create({
      occurredAt: '2026-08-30T08:00:00-04:00',
      discovered: { by: 'SOC', at: '2026-09-01T09:00:00-04:00', where: 'us-shop' },
      awareness: { awareAt: '2026-09-01T09:00:00-04:00', ...(at === undefined ? {} : { materialityDeterminedAt: at }) },
    });

  it('4 business days skipping the holiday: Friday 11 September, 17:30 EDGAR cut-off', () => {
    const list = obligations(determined('2026-09-04T23:30:00-04:00'), {
      regimes: ['us-sec-8k'],
      operator: { kind: 'other' },
      calendars: { us: US_2026 },
    });
    expect(find(list, 'sec.8k')).toMatchObject({ dueAt: '2026-09-11T21:30:00.000Z', startsAt: '2026-09-05T03:30:00.000Z' });
    const eod = obligations(determined('2026-09-04T23:30:00-04:00'), {
      regimes: ['us-sec-8k'],
      operator: { kind: 'other' },
      calendars: { us: US_2026 },
      secCutoff: null,
    });
    expect(find(eod, 'sec.8k').dueAt).toBe('2026-09-12T04:00:00.000Z');
  });

  it('waits for the materiality determination, and needs a calendar covering the year', () => {
    expect(find(obligations(determined(), { regimes: ['us-sec-8k'], operator: { kind: 'other' } }), 'sec.8k').status).toBe('waiting');
    expect(() => obligations(determined('2026-09-04T23:30:00-04:00'), { regimes: ['us-sec-8k'], operator: { kind: 'other' } })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_CALENDAR_GAP' }),
    );
    expect(() =>
      obligations(determined('2026-12-30T10:00:00-05:00'), {
        regimes: ['us-sec-8k'],
        operator: { kind: 'other' },
        calendars: { us: US_2026 },
      }),
    ).toThrow(expect.objectContaining({ code: 'INCIDENTS_CALENDAR_GAP' }));
  });
});

describe('US states as data', () => {
  const states = () =>
    create({
      occurredAt: '2026-08-30T08:00:00-04:00',
      discovered: { by: 'SOC', at: '2026-09-01T09:00:00-04:00', where: 'us-shop' },
      awareness: { awareAt: '2026-09-01T09:00:00-04:00', regimes: { 'us-state': '2026-09-04T23:30:00-04:00' } },
      personalInformation: { categories: ['name', 'email'], people: 710, byJurisdiction: { 'US-CA': 600, 'US-NY': 10, 'US-TX': 100 } },
    });

  it('California 30 calendar days, New York 30, Texas 60 (in their own zones, across the November DST change)', () => {
    const list = obligations(states(), { regimes: ['us-state'], operator: { kind: 'other' } });
    // 20:30 PDT on 4 Sept: day 30 is 4 Oct, ending 24:00 PDT.
    expect(find(list, 'us-ca.individuals').dueAt).toBe('2026-10-05T07:00:00.000Z');
    expect(find(list, 'us-ny.individuals').dueAt).toBe('2026-10-05T04:00:00.000Z');
    // Day 60 is 3 Nov; Chicago is on CST (UTC-6) by then.
    expect(find(list, 'us-tx.individuals').dueAt).toBe('2026-11-04T06:00:00.000Z');
    expect(list.some((o) => o.id === 'us-tx.regulator')).toBe(false);
  });

  it('California AG sample notice within 15 days of notifying more than 500 residents', () => {
    let incident = states();
    expect(find(obligations(incident, { regimes: ['us-state'], operator: { kind: 'other' } }), 'us-ca.regulator').status).toBe('waiting');
    incident = recordSubmission(
      incident,
      { obligation: 'us-ca.individuals', at: '2026-09-20T10:00:00-07:00' },
      { actor: 'DPO', at: '2026-09-20T10:00:00-07:00' },
    );
    expect(find(obligations(incident, { regimes: ['us-state'], operator: { kind: 'other' } }), 'us-ca.regulator').dueAt).toBe(
      '2026-10-06T07:00:00.000Z',
    );
  });

  it('takes caller-supplied rules', () => {
    const list = obligations(states(), {
      regimes: ['us-state'],
      operator: { kind: 'other' },
      usStates: [
        {
          jurisdiction: 'US-NY',
          name: 'New York',
          zone: 'America/New_York',
          individuals: { days: 10, citation: 'test' },
          regulator: { recipient: 'NY AG', threshold: 1, comparison: 'at-least', days: 5, after: 'discovery', citation: 'test' },
        },
      ],
    });
    expect(list.map((o) => o.id)).toEqual(['us-ny.individuals', 'us-ny.regulator']);
    expect(find(list, 'us-ny.regulator').dueAt).toBe('2026-09-10T04:00:00.000Z');
  });
});

describe('all regimes at once', () => {
  it('lists every regime’s obligations for one record, and rejects an unknown regime', () => {
    const list = obligations(
      create({ personalInformation: { categories: ['name'], people: 1_000_000, byJurisdiction: { 'US-CA': 10 } } }),
      {
        regimes: ['cn-measures-2025', 'pipl-57', 'gdpr', 'nis2', 'us-sec-8k', 'us-state'],
        operator: { kind: 'other' },
      },
    );
    expect(new Set(list.map((o) => o.regime))).toEqual(new Set(['cn-measures-2025', 'pipl-57', 'gdpr', 'nis2', 'us-sec-8k', 'us-state']));
    for (const o of list) expect(o.basis.length).toBeGreaterThan(5);
    expect(() => obligations(create(), { regimes: ['hipaa'], operator: { kind: 'other' } })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_REGIME' }),
    );
  });

  it('hour rules are exact elapsed time in any zone (property)', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const at = new Date(ms).toISOString();
        const incident = create({ zone, occurredAt: at, discovered: { by: 'x', at, where: 'y' }, awareness: { awareAt: at } });
        const list = obligations(incident, { regimes: ['cn-measures-2025', 'gdpr', 'nis2'], operator: { kind: 'other' } });
        const hours = (id: string) => (Date.parse(find(list, id).dueAt ?? '') - Date.parse(at)) / 3_600_000;
        return hours('cn.initial') === 4 && hours('gdpr.authority') === 72 && hours('nis2.early-warning') === 24;
      }),
      { numRuns: 60 },
    );
  });
});
