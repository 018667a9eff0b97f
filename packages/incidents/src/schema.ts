import { type InstantInput, toInstant } from '@aisle/core';
import { z } from 'zod';
import { CAUSE_CATEGORIES, type CauseCategory } from './categories';

/** An instant in any {@link @aisle/core#InstantInput} form, stored as a UTC ISO string. */
const Instant = z.union([z.string(), z.number(), z.date()]).transform((value) => toInstant(value as InstantInput).toISOString());

const causeIds = Object.keys(CAUSE_CATEGORIES) as [CauseCategory, ...CauseCategory[]];

/**
 * The lifecycle states, in order: detected → triaged → contained → reported → notified → closed.
 *
 * @public
 */
export const INCIDENT_STATUSES = ['detected', 'triaged', 'contained', 'reported', 'notified', 'closed'] as const;

/** @public */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

const Text = z.string().min(1).max(4000);

const SystemImpact = z.object({
  name: Text,
  impact: Text,
  /** Interconnected systems and how they are affected. */
  interconnected: z.array(z.object({ name: Text, impact: Text })).default([]),
});

/**
 * Who was affected and how: counts are integers of people and records; `sensitivePeople` and
 * `minors` are subsets of `people` (PIPL Art. 28 and 31).
 */
const PersonalInformation = z.object({
  categories: z.array(Text).default([]),
  people: z.number(),
  records: z.number().default(0),
  sensitivePeople: z.number().default(0),
  minors: z.number().default(0),
  /** Affected people by jurisdiction (`US-CA`, `US-NY`, `EU`, `CN`…), for per-state notice rules. */
  byJurisdiction: z.record(z.string(), z.number()).default({}),
});

/**
 * Per-regime instants: awareness, determination and materiality are different instants.
 * `awareAt` is the default; `regimes['gdpr']` overrides it for one regime; `materialityDeterminedAt`
 * starts the SEC Item 1.05 clock.
 */
const Awareness = z.object({
  awareAt: Instant,
  regimes: z.record(z.string(), Instant).default({}),
  materialityDeterminedAt: Instant.optional(),
});

const Submission = z.object({
  /** The obligation id it satisfies (`cn.initial`, `gdpr.authority`, `nis2.notification`…). */
  obligation: z.string().min(1),
  at: Instant,
  reference: z.string().max(200).optional(),
});

/**
 * The input to {@link createIncident}. Instants are any `InstantInput` (ISO with offset, epoch
 * ms, `Date`) and are stored as UTC ISO strings.
 *
 * @public
 */
export const IncidentInputSchema = z.object({
  id: z.string().min(1).max(64).optional(),
  title: Text,
  summary: Text,
  /** The operator's IANA zone, used for day-based deadlines unless a regime says otherwise. */
  zone: z.string().min(1),
  operator: z.object({ name: Text, contact: Text, dpo: z.string().max(400).optional() }),
  discovered: z.object({ by: Text, at: Instant, where: Text }),
  occurredAt: Instant.optional(),
  awareness: Awareness,
  systems: z.array(SystemImpact).default([]),
  personalInformation: PersonalInformation,
  crossBorder: z.object({ involved: z.boolean(), countries: z.array(z.string()).default([]) }).default({ involved: false, countries: [] }),
  lawEnforcement: z.array(z.object({ at: Instant, whom: Text, reference: z.string().max(200).optional() })).default([]),
  containment: z.array(z.object({ at: Instant, action: Text, by: Text })).default([]),
  cause: z.object({
    category: z.enum(causeIds),
    subcategory: z.string().max(200).optional(),
    /** False while the cause is not yet determined: triggers supplementary reports (CN Art. 5, GDPR Art. 33(4)). */
    known: z.boolean(),
    description: z.string().max(4000).optional(),
  }),
  /** Direct economic loss in integer fen (grading input). */
  economicLossFen: z.number().optional(),
  /** Other annex criteria the operator has judged met, each with its citation. */
  otherCriteria: z
    .array(z.object({ grade: z.enum(['especially-major', 'major', 'relatively-major', 'general']), criterion: Text, citation: Text }))
    .default([]),
  risk: z
    .object({
      /** GDPR Art. 33(1): unlikely to result in a risk → no authority notification. */
      level: z.enum(['unlikely', 'risk', 'high']).default('risk'),
      /** PIPL Art. 57 para. 2: measures effectively avoid harm → individuals need not be notified. */
      harmEffectivelyAvoided: z.boolean().default(false),
      /** PIPL Art. 57 para. 2: the authority required notice to individuals anyway. */
      authorityRequiredNotice: z.boolean().default(false),
      likelyConsequences: z.string().max(4000).optional(),
    })
    .default({ level: 'risk', harmEffectivelyAvoided: false, authorityRequiredNotice: false }),
  /** Measures taken or planned (PIPL Art. 57 (2), GDPR Art. 33(3)(d)). */
  remedies: z.array(Text).default([]),
  /** Support requested from the authority (CN Measures Art. 5 (5)). */
  supportRequested: z.string().max(4000).optional(),
  /** How the scene and evidence are preserved (CN Measures Art. 5 (6)). */
  evidencePreservation: z.string().max(4000).optional(),
  /** What individuals can do to reduce harm (PIPL Art. 57 (2)). */
  individualActions: z.array(Text).default([]),
  submissions: z.array(Submission).default([]),
  /** When handling ended (starts the CN 30-day summary clock). */
  handlingEndedAt: Instant.optional(),
});

/** @public */
export type IncidentInput = z.input<typeof IncidentInputSchema>;

/**
 * The stored record: every instant a UTC ISO string, defaults filled in, plus `id` and `status`.
 *
 * @public
 */
export type IncidentRecord = Omit<z.output<typeof IncidentInputSchema>, 'id'> & { readonly id: string; readonly status: IncidentStatus };

/**
 * A revision of an incident ({@link updateIncident}): any top-level field except `id` and
 * `status`; objects replace the old value wholesale.
 *
 * @public
 */
export const IncidentPatchSchema = IncidentInputSchema.omit({ id: true }).partial();

/** @public */
export type IncidentPatch = z.input<typeof IncidentPatchSchema>;
