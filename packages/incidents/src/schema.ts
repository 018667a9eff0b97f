import { type InstantInput, type Schema, toInstant } from '@aisle/core';
import * as z from 'zod/mini';
import { CAUSE_CATEGORIES, type CauseCategory } from './categories';
import type { AssertAll, Equals } from './internal/type-equals';
import type { IncidentDetails, IncidentInput, IncidentPatch } from './record';

/** An instant in any `InstantInput` (from `@aisle/core`) form, stored as a UTC ISO string. */
const Instant = z.pipe(
  z.union([z.string(), z.number(), z.date()]),
  z.transform((value) => toInstant(value as InstantInput).toISOString()),
);

const causeIds = Object.keys(CAUSE_CATEGORIES) as [CauseCategory, ...CauseCategory[]];

const Text = z.string().check(z.minLength(1), z.maxLength(4000));
const Short = (max: number) => z.string().check(z.maxLength(max));

const SystemImpact = z.object({
  name: Text,
  impact: Text,
  /** Interconnected systems and how they are affected. */
  interconnected: z._default(z.array(z.object({ name: Text, impact: Text })), []),
});

/**
 * Who was affected and how: counts are integers of people and records; `sensitivePeople` and
 * `minors` are subsets of `people` (PIPL Art. 28 and 31).
 */
const PersonalInformation = z.object({
  categories: z._default(z.array(Text), []),
  people: z.number(),
  records: z._default(z.number(), 0),
  sensitivePeople: z._default(z.number(), 0),
  minors: z._default(z.number(), 0),
  /** Affected people by jurisdiction (`US-CA`, `US-NY`, `EU`, `CN`…), for per-state notice rules. */
  byJurisdiction: z._default(z.record(z.string(), z.number()), {}),
});

/**
 * Per-regime instants: awareness, determination and materiality are different instants.
 * `awareAt` is the default; `regimes['gdpr']` overrides it for one regime; `materialityDeterminedAt`
 * starts the SEC Item 1.05 clock.
 */
const Awareness = z.object({
  awareAt: Instant,
  regimes: z._default(z.record(z.string(), Instant), {}),
  materialityDeterminedAt: z.optional(Instant),
});

const Submission = z.object({
  /** The obligation id it satisfies (`cn.initial`, `gdpr.authority`, `nis2.notification`…). */
  obligation: z.string().check(z.minLength(1)),
  at: Instant,
  reference: z.optional(Short(200)),
});

const incidentInput = z.object({
  id: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  title: Text,
  summary: Text,
  /** The operator's IANA zone, used for day-based deadlines unless a regime says otherwise. */
  zone: z.string().check(z.minLength(1)),
  operator: z.object({ name: Text, contact: Text, dpo: z.optional(Short(400)) }),
  discovered: z.object({ by: Text, at: Instant, where: Text }),
  occurredAt: z.optional(Instant),
  awareness: Awareness,
  systems: z._default(z.array(SystemImpact), []),
  personalInformation: PersonalInformation,
  crossBorder: z._default(z.object({ involved: z.boolean(), countries: z._default(z.array(z.string()), []) }), {
    involved: false,
    countries: [],
  }),
  lawEnforcement: z._default(z.array(z.object({ at: Instant, whom: Text, reference: z.optional(Short(200)) })), []),
  containment: z._default(z.array(z.object({ at: Instant, action: Text, by: Text })), []),
  cause: z.object({
    category: z.enum(causeIds),
    subcategory: z.optional(Short(200)),
    /** False while the cause is not yet determined: triggers supplementary reports (CN Art. 5, GDPR Art. 33(4)). */
    known: z.boolean(),
    description: z.optional(Short(4000)),
  }),
  /** Direct economic loss in integer fen (grading input). */
  economicLossFen: z.optional(z.number()),
  /** Other annex criteria the operator has judged met, each with its citation. */
  otherCriteria: z._default(
    z.array(z.object({ grade: z.enum(['especially-major', 'major', 'relatively-major', 'general']), criterion: Text, citation: Text })),
    [],
  ),
  risk: z._default(
    z.object({
      /** GDPR Art. 33(1): unlikely to result in a risk → no authority notification. */
      level: z._default(z.enum(['unlikely', 'risk', 'high']), 'risk'),
      /** PIPL Art. 57 para. 2: measures effectively avoid harm → individuals need not be notified. */
      harmEffectivelyAvoided: z._default(z.boolean(), false),
      /** PIPL Art. 57 para. 2: the authority required notice to individuals anyway. */
      authorityRequiredNotice: z._default(z.boolean(), false),
      likelyConsequences: z.optional(Short(4000)),
    }),
    { level: 'risk', harmEffectivelyAvoided: false, authorityRequiredNotice: false },
  ),
  /** Measures taken or planned (PIPL Art. 57 (2), GDPR Art. 33(3)(d)). */
  remedies: z._default(z.array(Text), []),
  /** Support requested from the authority (CN Measures Art. 5 (5)). */
  supportRequested: z.optional(Short(4000)),
  /** How the scene and evidence are preserved (CN Measures Art. 5 (6)). */
  evidencePreservation: z.optional(Short(4000)),
  /** What individuals can do to reduce harm (PIPL Art. 57 (2)). */
  individualActions: z._default(z.array(Text), []),
  submissions: z._default(z.array(Submission), []),
  /** When handling ended (starts the CN 30-day summary clock). */
  handlingEndedAt: z.optional(Instant),
});

const incidentPatch = z.partial(z.omit(incidentInput, { id: true }));

/**
 * Validates an {@link IncidentInput}; `createIncident` uses it. Parsing fills in the defaults and
 * turns every instant into a UTC ISO string.
 *
 * @example
 * ```ts
 * import { IncidentInputSchema } from '@aisle/incidents';
 *
 * const result = IncidentInputSchema['~standard'].validate({ title: 'Member database exposed' });
 * if (result instanceof Promise) throw new Error('Aisle schemas validate synchronously');
 * console.log(result.issues?.length); // summary, zone, operator… are missing
 * ```
 *
 * @public
 */
export const IncidentInputSchema: Schema<IncidentDetails & { id?: string | undefined }, IncidentInput> = incidentInput;

/**
 * Validates an {@link IncidentPatch}; `updateIncident` uses it. Like {@link IncidentInputSchema}
 * it fills in the defaults of the fields that have one, also when the patch leaves them out:
 * `updateIncident` applies only the fields the patch names.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { IncidentPatchSchema } from '@aisle/incidents';
 *
 * const patch = parse(IncidentPatchSchema, { handlingEndedAt: '2026-11-23T18:00:00+08:00' });
 * patch.handlingEndedAt; // '2026-11-23T10:00:00.000Z'
 * ```
 *
 * @public
 */
export const IncidentPatchSchema: Schema<{ [K in keyof IncidentDetails]?: IncidentDetails[K] | undefined }, IncidentPatch> = incidentPatch;

// The hand-written types are exactly what the schemas parse and accept (checked by tsc, erased at build).
type _SchemasMatchTypes = AssertAll<
  [
    Equals<IncidentInput, z.input<typeof incidentInput>>,
    Equals<IncidentDetails, Omit<z.output<typeof incidentInput>, 'id'>>,
    Equals<string | undefined, z.output<typeof incidentInput>['id']>,
    Equals<IncidentPatch, z.input<typeof incidentPatch>>,
    Equals<{ [K in keyof IncidentDetails]?: IncidentDetails[K] | undefined }, z.output<typeof incidentPatch>>,
  ]
>;
