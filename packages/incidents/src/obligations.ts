import { addLocal, type InstantInput, toInstant } from '@aisle/core';
import { businessDeadline, type HolidayCalendar, periodEnd } from './calendar';
import { IncidentError, IncidentsErrorCode } from './errors';
import { CN_GRADE_NAMES, type CnGrade, gradeAtLeast, gradeCN } from './grading';
import type { Incident } from './incident';
import { gradeTimeline } from './internal/timeline';
import type { IncidentRecord } from './record';
import { isRegime, type RegimeId } from './regime-ids';
import { US_STATE_RULES, type UsStateRule } from './us-states';

/**
 * What kind of CN operator reports (Measures Art. 4): critical-information-infrastructure
 * operators (1 hour), central and state organs and their units (2 hours), everyone else,
 * retailers included (4 hours).
 *
 * @public
 */
export type CnOperatorKind = 'cii' | 'central-state-organ' | 'other';

/**
 * How an obligation's deadline is expressed: a computed `instant`, `immediately` (PIPL 立即),
 * `without-undue-delay` (GDPR Art. 34, CN 及时补报), or `waiting` for its trigger.
 *
 * @public
 */
export type ObligationTiming = 'instant' | 'immediately' | 'without-undue-delay' | 'waiting';

/**
 * `pending` (instant not passed), `due-now` (immediately / without undue delay, not done),
 * `overdue`, `met`, `late` (done after the deadline), `waiting` (trigger not yet happened),
 * `not-required` (with the reason in `note`).
 *
 * @public
 */
export type ObligationStatus = 'pending' | 'due-now' | 'overdue' | 'met' | 'late' | 'waiting' | 'not-required';

/**
 * One thing owed to one recipient under one regime, with the article it rests on.
 *
 * @public
 */
export interface Obligation {
  /** Stable id, matched by `submissions[].obligation` (`cn.initial`, `gdpr.authority`…). */
  readonly id: string;
  readonly regime: RegimeId;
  readonly recipient: { readonly zh: string; readonly en: string };
  readonly action: { readonly zh: string; readonly en: string };
  readonly timing: ObligationTiming;
  /** When the clock started (UTC ISO), if it has. */
  readonly startsAt?: string;
  /** The deadline (UTC ISO) when `timing` is `instant`. */
  readonly dueAt?: string;
  /** The rule in words: `4 hours`, `72 hours`, `4 business days`, `30 calendar days`, `1 month`. */
  readonly rule: string;
  /** The article(s) it rests on. */
  readonly basis: string;
  readonly status: ObligationStatus;
  readonly metAt?: string;
  readonly note?: string;
}

/**
 * Options for {@link obligations}.
 *
 * @public
 */
export interface ObligationOptions {
  readonly regimes: readonly string[];
  readonly operator: { readonly kind: CnOperatorKind };
  /** Evaluate statuses at this instant (default: no `overdue`, only `pending`). */
  readonly now?: InstantInput;
  /** Holiday calendars: `cn` (30-day summary roll-over), `eu` (NIS2 month roll-over), `us` (SEC business days, required for `us-sec-8k`). */
  readonly calendars?: { readonly cn?: HolidayCalendar; readonly eu?: HolidayCalendar; readonly us?: HolidayCalendar };
  /** Zones: CN defaults to Asia/Shanghai, SEC to America/New_York, EU regimes to the record's zone. */
  readonly zones?: { readonly cn?: string; readonly eu?: string; readonly sec?: string };
  /** EDGAR's filing cut-off on the last business day (default `17:30`; `null` for end of day). */
  readonly secCutoff?: string | null;
  /** State rules (default {@link US_STATE_RULES}). */
  readonly usStates?: readonly UsStateRule[];
}

type Draft = Omit<Obligation, 'status' | 'metAt'> & { readonly notRequired?: boolean };

const CN_RECIPIENT: Readonly<Record<CnOperatorKind, { zh: string; en: string; hours: number; para: string }>> = {
  cii: {
    zh: '保护工作部门、公安机关',
    en: 'the protection work department and the public security organ',
    hours: 1,
    para: 'Art. 4 para. 2',
  },
  'central-state-organ': { zh: '本部门网信工作机构', en: 'the department’s cyberspace affairs body', hours: 2, para: 'Art. 4 para. 3' },
  other: { zh: '属地省级网信部门', en: 'the provincial cyberspace administration where it is located', hours: 4, para: 'Art. 4 para. 4' },
};
const MEASURES = 'CN 国家网络安全事件报告管理办法 (2025)';

const OPERATOR_KINDS: readonly CnOperatorKind[] = ['cii', 'central-state-organ', 'other'];

/** The operator's kind, checked (an own key of the table, so `__proto__` cannot reach a prototype). */
function cnOperatorKind(operator: { readonly kind: CnOperatorKind } | undefined): CnOperatorKind {
  const kind: unknown = typeof operator === 'object' && operator !== null ? operator.kind : undefined;
  if (typeof kind === 'string' && (OPERATOR_KINDS as readonly string[]).includes(kind)) return kind as CnOperatorKind;
  const received =
    typeof kind === 'string' ? JSON.stringify(kind.slice(0, 40)) : typeof operator === 'object' ? typeof kind : 'no operator';
  throw new IncidentError(
    IncidentsErrorCode.UNKNOWN_OPERATOR_KIND,
    `operator.kind: expected one of ${OPERATOR_KINDS.map((k) => `'${k}'`).join(' | ')}, received ${received}`,
    { details: { path: 'operator.kind' } },
  );
}

function awareFor(record: IncidentRecord, regime: RegimeId): string {
  return record.awareness.regimes[regime] ?? record.awareness.awareAt;
}

function cn(incident: Incident, options: ObligationOptions): Draft[] {
  const record = incident.record;
  const who = CN_RECIPIENT[cnOperatorKind(options.operator)];
  const zone = options.zones?.cn ?? 'Asia/Shanghai';
  const timeline = gradeTimeline(incident, awareFor(record, 'cn-measures-2025'));
  const reportable = timeline.find((step) => gradeAtLeast(step.grade, 'relatively-major'));
  const grade = gradeCN(record);
  const initial = `${MEASURES} ${who.para}; grading per the annex 网络安全事件分级指南`;
  if (reportable === undefined) {
    return [
      {
        id: 'cn.initial',
        regime: 'cn-measures-2025',
        recipient: who,
        action: { zh: '网络安全事件报告', en: 'Cybersecurity incident report' },
        timing: 'waiting',
        rule: `${who.hours} hours`,
        basis: initial,
        notRequired: true,
        note: `Grade ${grade.name.zh} (${grade.name.en}): only 较大 and above must be reported; re-evaluated whenever counts change`,
      },
    ];
  }
  const out: Draft[] = [
    {
      id: 'cn.initial',
      regime: 'cn-measures-2025',
      recipient: who,
      action: { zh: '网络安全事件报告', en: 'Cybersecurity incident report' },
      timing: 'instant',
      startsAt: reportable.at,
      dueAt: addLocal(reportable.at, { hours: who.hours }, zone).toISOString(),
      rule: `${who.hours} hours`,
      basis: initial,
      note: `Reportable (${CN_GRADE_NAMES[reportable.grade].zh}) since ${reportable.at}`,
    },
  ];
  const filed = record.submissions.find((s) => s.obligation === 'cn.initial');
  const upgraded =
    filed === undefined ? undefined : timeline.find((step) => step.at > filed.at && rank(step.grade) > rank(gradeAt(timeline, filed.at)));
  if (upgraded !== undefined) {
    out.push({
      id: 'cn.upgrade',
      regime: 'cn-measures-2025',
      recipient: who,
      action: { zh: '补报（事件级别上升等新的重要情况）', en: 'Supplementary report (grade raised: new important circumstances)' },
      timing: 'without-undue-delay',
      startsAt: upgraded.at,
      rule: '及时 (promptly)',
      basis: `${MEASURES} Art. 5 (新的重要情况及时补报)`,
      note: `Grade rose to ${upgraded.grade} at ${upgraded.at}, after the initial report of ${filed?.at}`,
    });
  }
  if (!record.cause.known) {
    out.push({
      id: 'cn.supplementary',
      regime: 'cn-measures-2025',
      recipient: who,
      action: { zh: '补报（原因、影响、发展趋势）', en: 'Supplementary report (cause, impact, trend)' },
      timing: 'without-undue-delay',
      startsAt: reportable.at,
      rule: '及时 (promptly, once known)',
      basis: `${MEASURES} Art. 5 (不能判定原因、影响或发展趋势的，可先报告已知情况，其他情况及时补报)`,
    });
  }
  const ended = record.handlingEndedAt;
  out.push({
    id: 'cn.summary',
    regime: 'cn-measures-2025',
    recipient: who,
    action: { zh: '事件处置总结报告', en: 'Post-incident summary report' },
    timing: ended === undefined ? 'waiting' : 'instant',
    ...(ended === undefined
      ? {}
      : { startsAt: ended, dueAt: periodEnd(ended, { days: 30, zone, ...calendarOf(options.calendars?.cn) }).toISOString() }),
    rule: '30 calendar days after handling ends',
    basis: `${MEASURES} Art. 6 (处置工作结束后30日内全面分析总结); day counting per 民法典 Art. 201, 203`,
    ...(ended === undefined ? { note: 'Starts when handlingEndedAt is recorded' } : {}),
  });
  return out;
}

const rank = (grade: CnGrade) => ['general', 'relatively-major', 'major', 'especially-major'].indexOf(grade);
const gradeAt = (timeline: ReturnType<typeof gradeTimeline>, at: string): CnGrade =>
  timeline.filter((step) => step.at <= at).at(-1)?.grade ?? 'general';
const calendarOf = (calendar: HolidayCalendar | undefined) => (calendar === undefined ? {} : { calendar });

function pipl(incident: Incident): Draft[] {
  const record = incident.record;
  if (record.personalInformation.people === 0) return [];
  const at = awareFor(record, 'pipl-57');
  const base = { regime: 'pipl-57' as const, timing: 'immediately' as const, startsAt: at, rule: '立即 (immediately)' };
  const skipIndividuals = record.risk.harmEffectivelyAvoided && !record.risk.authorityRequiredNotice;
  return [
    {
      ...base,
      id: 'pipl.remedy',
      recipient: { zh: '个人信息处理者（自身）', en: 'the personal information handler itself' },
      action: { zh: '立即采取补救措施', en: 'Take remedial measures' },
      basis: 'PIPL Art. 57 para. 1',
    },
    {
      ...base,
      id: 'pipl.authority',
      recipient: { zh: '履行个人信息保护职责的部门', en: 'the departments with personal information protection duties' },
      action: {
        zh: '通知（种类、原因、可能的危害；补救措施；联系方式）',
        en: 'Notify (categories, cause, possible harm; measures; contact)',
      },
      basis: 'PIPL Art. 57 para. 1 (1)–(3)',
    },
    {
      ...base,
      id: 'pipl.individuals',
      recipient: { zh: '个人', en: 'the individuals' },
      action: { zh: '通知个人', en: 'Notify individuals' },
      basis: 'PIPL Art. 57 paras. 1 and 2',
      ...(skipIndividuals
        ? {
            notRequired: true,
            note: 'Art. 57 para. 2: measures effectively avoid harm; the authority may still require notice (set risk.authorityRequiredNotice)',
          }
        : {}),
    },
  ];
}

function gdpr(incident: Incident): Draft[] {
  const record = incident.record;
  const at = awareFor(record, 'gdpr');
  const unlikely = record.risk.level === 'unlikely';
  const out: Draft[] = [
    {
      id: 'gdpr.authority',
      regime: 'gdpr',
      recipient: { zh: '主管监管机构', en: 'the competent supervisory authority' },
      action: { zh: '个人数据泄露通知', en: 'Personal data breach notification' },
      timing: 'instant',
      startsAt: at,
      // 72 continuous hours: exact elapsed time, so a DST change moves the wall-clock deadline.
      dueAt: addLocal(at, { hours: 72 }, 'UTC').toISOString(),
      rule: '72 hours',
      basis: 'GDPR Art. 33(1); contents Art. 33(3); reasons for any delay Art. 33(1)',
      ...(unlikely ? { notRequired: true, note: 'Art. 33(1): unlikely to result in a risk; document it under Art. 33(5)' } : {}),
    },
  ];
  if (!record.cause.known && !unlikely) {
    out.push({
      id: 'gdpr.phased',
      regime: 'gdpr',
      recipient: { zh: '主管监管机构', en: 'the competent supervisory authority' },
      action: { zh: '分阶段补充信息', en: 'Further information in phases' },
      timing: 'without-undue-delay',
      startsAt: at,
      rule: 'without undue further delay',
      basis: 'GDPR Art. 33(4)',
    });
  }
  out.push({
    id: 'gdpr.individuals',
    regime: 'gdpr',
    recipient: { zh: '数据主体', en: 'the data subjects' },
    action: { zh: '向数据主体传达泄露情况', en: 'Communicate the breach to data subjects' },
    timing: 'without-undue-delay',
    startsAt: at,
    rule: 'without undue delay',
    basis: 'GDPR Art. 34(1); contents Art. 34(2); exceptions Art. 34(3)',
    ...(record.risk.level === 'high'
      ? {}
      : { notRequired: true, note: 'Art. 34(1): only when the breach is likely to result in a high risk' }),
  });
  return out;
}

function nis2(incident: Incident, options: ObligationOptions): Draft[] {
  const record = incident.record;
  const at = awareFor(record, 'nis2');
  const csirt = { zh: 'CSIRT 或主管机构', en: 'the CSIRT or competent authority' };
  const notified = record.submissions.find((s) => s.obligation === 'nis2.notification');
  const zone = options.zones?.eu ?? record.zone;
  return [
    {
      id: 'nis2.early-warning',
      regime: 'nis2',
      recipient: csirt,
      action: { zh: '早期预警', en: 'Early warning' },
      timing: 'instant',
      startsAt: at,
      dueAt: addLocal(at, { hours: 24 }, 'UTC').toISOString(),
      rule: '24 hours',
      basis: 'NIS2 Directive (EU) 2022/2555 Art. 23(4)(a)',
    },
    {
      id: 'nis2.notification',
      regime: 'nis2',
      recipient: csirt,
      action: { zh: '事件通知', en: 'Incident notification' },
      timing: 'instant',
      startsAt: at,
      dueAt: addLocal(at, { hours: 72 }, 'UTC').toISOString(),
      rule: '72 hours',
      basis: 'NIS2 Art. 23(4)(b)',
    },
    {
      id: 'nis2.final',
      regime: 'nis2',
      recipient: csirt,
      action: { zh: '最终报告', en: 'Final report' },
      timing: notified === undefined ? 'waiting' : 'instant',
      ...(notified === undefined
        ? { note: 'Starts when nis2.notification is submitted' }
        : {
            startsAt: notified.at,
            dueAt: periodEnd(notified.at, { months: 1, zone, ...calendarOf(options.calendars?.eu) }).toISOString(),
          }),
      rule: '1 month after the incident notification',
      basis: 'NIS2 Art. 23(4)(d); month counting per Regulation (EEC, Euratom) No 1182/71 Art. 3',
    },
  ];
}

function sec(incident: Incident, options: ObligationOptions): Draft[] {
  const determined = incident.record.awareness.materialityDeterminedAt;
  const base = {
    id: 'sec.8k',
    regime: 'us-sec-8k' as const,
    recipient: { zh: '美国证券交易委员会（SEC）', en: 'the US Securities and Exchange Commission (Form 8-K)' },
    action: { zh: '提交 8-K 表第 1.05 项', en: 'File Form 8-K Item 1.05' },
    rule: '4 business days after the materiality determination',
    basis: 'SEC Form 8-K Item 1.05 and General Instruction B.1; filing cut-off Regulation S-T Rule 13(a)(2)',
  };
  if (determined === undefined) return [{ ...base, timing: 'waiting', note: 'Starts at awareness.materialityDeterminedAt' }];
  const calendar = options.calendars?.us;
  if (calendar === undefined) {
    throw new IncidentError(IncidentsErrorCode.CALENDAR_GAP, 'us-sec-8k counts business days: pass calendars.us (US federal holidays)');
  }
  const cutoff = options.secCutoff === undefined ? '17:30' : options.secCutoff;
  const zone = options.zones?.sec ?? 'America/New_York';
  const due = businessDeadline(determined, 4, { calendar, zone, ...(cutoff === null ? {} : { cutoff }) });
  return [{ ...base, timing: 'instant', startsAt: determined, dueAt: due.toISOString() }];
}

function usStates(incident: Incident, options: ObligationOptions): Draft[] {
  const record = incident.record;
  const at = awareFor(record, 'us-state');
  const out: Draft[] = [];
  for (const rule of options.usStates ?? US_STATE_RULES) {
    const residents = record.personalInformation.byJurisdiction[rule.jurisdiction] ?? 0;
    if (residents === 0) continue;
    const key = rule.jurisdiction.toLowerCase();
    out.push({
      id: `${key}.individuals`,
      regime: 'us-state',
      recipient: { zh: `${rule.name} 居民`, en: `${rule.name} residents` },
      action: { zh: '数据泄露通知', en: 'Breach notice' },
      timing: 'instant',
      startsAt: at,
      dueAt: periodEnd(at, { days: rule.individuals.days, zone: rule.zone }).toISOString(),
      rule: `${rule.individuals.days} calendar days`,
      basis: rule.individuals.citation,
    });
    const reg = rule.regulator;
    if (reg === undefined) continue;
    const over = reg.comparison === 'more-than' ? residents > reg.threshold : residents >= reg.threshold;
    if (!over) continue;
    const noticed = record.submissions.find((s) => s.obligation === `${key}.individuals`);
    const start = reg.after === 'discovery' ? at : noticed?.at;
    out.push({
      id: `${key}.regulator`,
      regime: 'us-state',
      recipient: { zh: reg.recipient, en: reg.recipient },
      action: { zh: '向监管机构通报', en: 'Notify the regulator' },
      timing: start === undefined ? 'waiting' : 'instant',
      ...(start === undefined
        ? { note: `Starts when ${key}.individuals is submitted` }
        : { startsAt: start, dueAt: periodEnd(start, { days: reg.days, zone: rule.zone }).toISOString() }),
      rule: `${reg.days} calendar days`,
      basis: reg.citation,
    });
  }
  return out;
}

function settle(draft: Draft, record: IncidentRecord, now: string | undefined): Obligation {
  const { notRequired, ...rest } = draft;
  const met = record.submissions.find((s) => s.obligation === draft.id);
  let status: ObligationStatus;
  if (met !== undefined) status = draft.dueAt !== undefined && met.at > draft.dueAt ? 'late' : 'met';
  else if (notRequired === true) status = 'not-required';
  else if (draft.timing === 'waiting') status = 'waiting';
  else if (draft.timing !== 'instant') status = 'due-now';
  else status = now !== undefined && draft.dueAt !== undefined && now > draft.dueAt ? 'overdue' : 'pending';
  // GDPR Art. 33(1): a notification made after 72 hours must be accompanied by reasons for the delay.
  const lateNote =
    status === 'late' && draft.id === 'gdpr.authority'
      ? { note: 'Late: Art. 33(1) requires the reasons for the delay to accompany the notification' }
      : {};
  return Object.freeze({ ...rest, status, ...(met === undefined ? {} : { metAt: met.at }), ...lateNote });
}

/**
 * Every obligation the chosen regimes impose on this incident: recipient, deadline (an instant,
 * `immediately`, `without-undue-delay`, or `waiting` for its trigger), the article it rests on,
 * and its status against `submissions` and `now`. Recomputed from the record and its trail, so a
 * count revised upward moves the CN grade and its clock.
 *
 * @throws {@link IncidentError} `INCIDENTS_UNKNOWN_REGIME`; `INCIDENTS_CALENDAR_GAP` when a needed
 * calendar is missing or does not cover a year; `TypeError` when `options.regimes` is not an
 * array or `options.operator.kind` is not a CN operator kind.
 *
 * @example
 * ```ts
 * import { obligations } from '@aisle/incidents';
 *
 * const list = obligations(incident, { regimes: ['cn-measures-2025', 'pipl-57'], operator: { kind: 'other' }, now: '2026-11-21T15:00:00+08:00' });
 * list.find((o) => o.id === 'cn.initial')?.dueAt; // 4 hours after awareness
 * ```
 *
 * @public
 */
export function obligations(incident: Incident, options: ObligationOptions): Obligation[] {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.regimes)) {
    throw new TypeError('obligations(incident, options): options.regimes must be an array of regime ids');
  }
  const now = options.now === undefined ? undefined : toInstant(options.now).toISOString();
  const drafts: Draft[] = [];
  for (const regime of options.regimes) {
    if (!isRegime(regime))
      throw new IncidentError(IncidentsErrorCode.UNKNOWN_REGIME, `Unknown regime: ${JSON.stringify(regime)}`, { details: { regime } });
    if (regime === 'cn-measures-2025') drafts.push(...cn(incident, options));
    else if (regime === 'pipl-57') drafts.push(...pipl(incident));
    else if (regime === 'gdpr') drafts.push(...gdpr(incident));
    else if (regime === 'nis2') drafts.push(...nis2(incident, options));
    else if (regime === 'us-sec-8k') drafts.push(...sec(incident, options));
    else drafts.push(...usStates(incident, options));
  }
  return drafts.map((draft) => settle(draft, incident.record, now));
}

/**
 * The obligations whose deadline has passed without a submission.
 *
 * @example
 * ```ts
 * import { obligations, overdue } from '@aisle/incidents';
 *
 * overdue(obligations(incident, { regimes: ['gdpr'], operator: { kind: 'other' }, now: new Date() }));
 * ```
 *
 * @public
 */
export function overdue(list: readonly Obligation[]): Obligation[] {
  return list.filter((o) => o.status === 'overdue');
}
