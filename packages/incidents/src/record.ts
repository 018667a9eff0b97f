import type { InstantInput } from '@aisle/core';
import type { CauseCategory } from './categories';

/**
 * The lifecycle states, in order: detected → triaged → contained → reported → notified → closed.
 *
 * @example
 * ```ts
 * import { INCIDENT_STATUSES } from '@aisle/incidents';
 *
 * INCIDENT_STATUSES.indexOf('reported') > INCIDENT_STATUSES.indexOf('contained'); // true
 * ```
 *
 * @public
 */
export const INCIDENT_STATUSES = ['detected', 'triaged', 'contained', 'reported', 'notified', 'closed'] as const;

/**
 * A lifecycle state (one of {@link INCIDENT_STATUSES}).
 *
 * @example
 * ```ts
 * import type { IncidentStatus } from '@aisle/incidents';
 *
 * const status: IncidentStatus = 'contained';
 * ```
 *
 * @public
 */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * The input to `createIncident`: what the operator knows. Instants are any `InstantInput` (ISO
 * 8601 with an offset, epoch milliseconds, `Date`) and are stored as UTC ISO strings; the fields
 * marked optional that have a default get it (see {@link IncidentDetails}).
 *
 * @example
 * ```ts
 * import type { IncidentInput } from '@aisle/incidents';
 *
 * const input: IncidentInput = {
 *   title: 'Member database exposed', summary: 'A misconfigured bucket exposed member records.',
 *   zone: 'Asia/Shanghai',
 *   operator: { name: 'Example Retail Ltd', contact: 'dpo@example.cn' },
 *   discovered: { by: 'security team', at: '2026-11-21T09:00:00+08:00', where: 'object storage' },
 *   awareness: { awareAt: '2026-11-21T09:30:00+08:00' },
 *   personalInformation: { people: 12_000, categories: ['name', 'phone'] },
 *   cause: { category: 'data-security', known: true },
 * };
 * ```
 *
 * @public
 */
export type IncidentInput = {
  /** The incident id (1 to 64 characters); `createIncident` makes one when absent. */
  id?: string | undefined;
  /** A short title (1 to 4,000 characters). */
  title: string;
  /** What happened (1 to 4,000 characters). */
  summary: string;
  /** The operator's IANA zone, used for day-based deadlines unless a regime says otherwise. */
  zone: string;
  /** The operator: its name, a contact and its personal-information protection officer (DPO). */
  operator: { name: string; contact: string; dpo?: string | undefined };
  /** Who discovered it, when and where. */
  discovered: { by: string; at: InstantInput; where: string };
  /** When it happened, if known. */
  occurredAt?: InstantInput | undefined;
  /**
   * Per-regime instants: awareness, determination and materiality are different instants.
   * `awareAt` is the default; `regimes['gdpr']` overrides it for one regime;
   * `materialityDeterminedAt` starts the SEC Item 1.05 clock.
   */
  awareness: {
    awareAt: InstantInput;
    regimes?: Record<string, InstantInput> | undefined;
    materialityDeterminedAt?: InstantInput | undefined;
  };
  /** The systems affected and how, with the interconnected systems (default none). */
  systems?: { name: string; impact: string; interconnected?: { name: string; impact: string }[] | undefined }[] | undefined;
  /**
   * Who was affected and how: counts of people and records (integers); `sensitivePeople` and
   * `minors` are subsets of `people` (PIPL Art. 28 and 31); affected people by jurisdiction
   * (`US-CA`, `US-NY`, `EU`, `CN`…) for per-state notice rules. Counts other than `people`
   * default to 0.
   */
  personalInformation: {
    categories?: string[] | undefined;
    people: number;
    records?: number | undefined;
    sensitivePeople?: number | undefined;
    minors?: number | undefined;
    byJurisdiction?: Record<string, number> | undefined;
  };
  /** Whether data left the country, and to where (default: not involved). */
  crossBorder?: { involved: boolean; countries?: string[] | undefined } | undefined;
  /** Reports to law enforcement. */
  lawEnforcement?: { at: InstantInput; whom: string; reference?: string | undefined }[] | undefined;
  /** Containment actions taken. */
  containment?: { at: InstantInput; action: string; by: string }[] | undefined;
  /**
   * The cause: a GB/T 20986-2023 category, a free-text subcategory, and whether it is known
   * (false while not yet determined: triggers supplementary reports, CN Art. 5, GDPR Art. 33(4)).
   */
  cause: { category: CauseCategory; subcategory?: string | undefined; known: boolean; description?: string | undefined };
  /** Direct economic loss in integer fen (grading input). */
  economicLossFen?: number | undefined;
  /** Other annex criteria the operator has judged met, each with its citation. */
  otherCriteria?:
    | { grade: 'especially-major' | 'major' | 'relatively-major' | 'general'; criterion: string; citation: string }[]
    | undefined;
  /**
   * The risk to individuals: `level` (GDPR Art. 33(1): `unlikely` means no authority
   * notification; default `risk`), whether measures effectively avoid harm (PIPL Art. 57 para. 2:
   * individuals need not be notified), whether the authority required notice to individuals
   * anyway, and the likely consequences.
   */
  risk?:
    | {
        level?: 'unlikely' | 'risk' | 'high' | undefined;
        harmEffectivelyAvoided?: boolean | undefined;
        authorityRequiredNotice?: boolean | undefined;
        likelyConsequences?: string | undefined;
      }
    | undefined;
  /** Measures taken or planned (PIPL Art. 57 (2), GDPR Art. 33(3)(d)). */
  remedies?: string[] | undefined;
  /** Support requested from the authority (CN Measures Art. 5 (5)). */
  supportRequested?: string | undefined;
  /** How the scene and evidence are preserved (CN Measures Art. 5 (6)). */
  evidencePreservation?: string | undefined;
  /** What individuals can do to reduce harm (PIPL Art. 57 (2)). */
  individualActions?: string[] | undefined;
  /** Reports and notices already made: the obligation id each satisfies (`cn.initial`, `gdpr.authority`…), when, and a reference. */
  submissions?: { obligation: string; at: InstantInput; reference?: string | undefined }[] | undefined;
  /** When handling ended (starts the CN 30-day summary clock). */
  handlingEndedAt?: InstantInput | undefined;
};

/**
 * An incident's content once validated: defaults filled in and every instant a UTC ISO string.
 * The same fields as {@link IncidentInput} (see there for their meaning), without `id`.
 *
 * @example
 * ```ts
 * import type { IncidentDetails } from '@aisle/incidents';
 *
 * const people = (details: IncidentDetails): number => details.personalInformation.people;
 * ```
 *
 * @public
 */
export type IncidentDetails = {
  title: string;
  summary: string;
  zone: string;
  operator: { name: string; contact: string; dpo?: string | undefined };
  discovered: { by: string; at: string; where: string };
  occurredAt?: string | undefined;
  awareness: { awareAt: string; regimes: Record<string, string>; materialityDeterminedAt?: string | undefined };
  systems: { name: string; impact: string; interconnected: { name: string; impact: string }[] }[];
  personalInformation: {
    categories: string[];
    people: number;
    records: number;
    sensitivePeople: number;
    minors: number;
    byJurisdiction: Record<string, number>;
  };
  crossBorder: { involved: boolean; countries: string[] };
  lawEnforcement: { at: string; whom: string; reference?: string | undefined }[];
  containment: { at: string; action: string; by: string }[];
  cause: { category: CauseCategory; subcategory?: string | undefined; known: boolean; description?: string | undefined };
  economicLossFen?: number | undefined;
  otherCriteria: { grade: 'especially-major' | 'major' | 'relatively-major' | 'general'; criterion: string; citation: string }[];
  risk: {
    level: 'unlikely' | 'risk' | 'high';
    harmEffectivelyAvoided: boolean;
    authorityRequiredNotice: boolean;
    likelyConsequences?: string | undefined;
  };
  remedies: string[];
  supportRequested?: string | undefined;
  evidencePreservation?: string | undefined;
  individualActions: string[];
  submissions: { obligation: string; at: string; reference?: string | undefined }[];
  handlingEndedAt?: string | undefined;
};

/**
 * The stored record: the incident's content ({@link IncidentDetails}: every instant a UTC ISO
 * string, defaults filled in) plus its `id` and lifecycle `status`.
 *
 * @example
 * ```ts
 * import type { IncidentRecord } from '@aisle/incidents';
 *
 * const open = (record: IncidentRecord): boolean => record.status !== 'closed';
 * ```
 *
 * @public
 */
export type IncidentRecord = IncidentDetails & { readonly id: string; readonly status: IncidentStatus };

/**
 * A revision of an incident (`updateIncident`): any top-level field of {@link IncidentInput}
 * except `id` (and never `status`); objects replace the old value wholesale.
 *
 * @example
 * ```ts
 * import type { IncidentPatch } from '@aisle/incidents';
 *
 * const patch: IncidentPatch = { cause: { category: 'network-attack', known: true, description: 'Credential stuffing' } };
 * ```
 *
 * @public
 */
export type IncidentPatch = { [K in keyof Omit<IncidentInput, 'id'>]?: IncidentInput[K] | undefined };
