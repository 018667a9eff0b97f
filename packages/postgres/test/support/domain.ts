// Small domain fixtures shared by the PGlite and server tests of the stores built on the stream
// store (a catalogue and consent events, an incident, an accrual), in the shapes of the packages' own tests.
import { type ConsentEvent, defineCatalogue } from '@aisle/consent';
import type { IncidentInput } from '@aisle/incidents';
import type { AccrualSource } from '@aisle/points';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const catalogue = defineCatalogue({
  version: 1,
  purposes: [
    {
      id: 'marketing.sms',
      name: text('短信营销', 'SMS marketing'),
      description: text('向您发送优惠信息', 'Offers by SMS'),
      legalBasis: 'consent',
      categories: ['contact', 'preferences'],
      function: 'extended',
      retention: 'P2Y',
      channels: ['sms'],
    },
    {
      id: 'analytics',
      name: text('统计分析', 'Analytics'),
      description: text('改进服务', 'Improve the service'),
      legalBasis: 'consent',
      categories: ['browsing', 'device'],
      function: 'extended',
      retention: 'P1Y',
    },
  ],
});

export const PURPOSES = ['marketing.sms', 'analytics'] as const;

/** A consent event (given unless `type` says otherwise). */
export function consentEvent(
  id: string,
  subjectId: string,
  options: { type?: 'given' | 'withdrawn'; purposes?: string[]; at: string | number },
): ConsentEvent {
  return {
    id,
    type: options.type ?? 'given',
    subjectId,
    purposes: options.purposes ?? ['marketing.sms'],
    notice: { version: 1, hash: 'a'.repeat(64) },
    consentType: 'general',
    actor: { kind: 'self' },
    channel: 'kiosk',
    locale: 'zh-CN',
    at: typeof options.at === 'number' ? new Date(options.at).toISOString() : options.at,
  } as ConsentEvent;
}

/** A personal-information incident, as the incidents package's tests define one. */
export function leak(id = 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA'): IncidentInput {
  return {
    id,
    title: 'Member export left on a public bucket',
    summary: 'A CSV export of loyalty members was readable without authentication.',
    zone: 'Asia/Shanghai',
    operator: { name: 'Jing’an Mall Ltd', contact: 'privacy@jingan-mall.example, 400-000-0000', dpo: 'dpo@jingan-mall.example' },
    discovered: { by: 'SOC analyst S-014', at: '2026-04-03T23:10:00+08:00', where: 'oss://member-exports/2026-09' },
    occurredAt: '2026-04-01T08:00:00+08:00',
    awareness: { awareAt: '2026-04-03T23:30:00+08:00' },
    systems: [{ name: 'CRM', impact: 'export job misconfigured', interconnected: [] }],
    personalInformation: { categories: ['name', 'mobile number'], people: 1_000, records: 1_200 },
    cause: { category: 'data-security', subcategory: 'misconfiguration', known: false },
  };
}

/** What `evaluate` would record for a receipt earning `points` (one base rule). */
export function accrual(transactionId: string, memberId: string, points: number, ruleId = 'base'): AccrualSource {
  return {
    rulesetId: 'pg-tests',
    rulesetVersion: 1,
    transactionId,
    memberId,
    points,
    qualifyingPoints: points,
    eligibleFen: points * 100,
    receiptFen: points * 100,
    businessDate: '2026-11-18',
    contributions: [{ ruleId, ruleVersion: 1, kind: 'points', points, multipliers: [] }],
  };
}
