import type { Schema } from '@aisle/core';
import * as z from 'zod/mini';
import type { Catalogue } from './catalogue';
import { check } from './internal/check';
import type { AssertAll, Equals } from './internal/type-equals';

const consentFlow = /* @__PURE__ */ (() =>
  z.object({
    service: z.optional(z.string()),
    items: z.array(
      z.object({
        purposeId: z.string().check(z.minLength(1)),
        preTicked: z.boolean(),
        required: z.boolean(),
        separate: z.boolean(),
      }),
    ),
    withdrawal: z.optional(z.object({ path: z.string().check(z.minLength(1)), steps: z.optional(z.int().check(z.minimum(0))) })),
    consentSteps: z.optional(z.int().check(z.minimum(0))),
  }))();

/**
 * A consent form as presented: each purpose shown with its box, whether it stands alone on its
 * own screen or box (not bundled), and how the customer can withdraw later.
 *
 * @example
 * ```ts
 * import type { ConsentFlow } from '@aisle/consent';
 *
 * const form: ConsentFlow = {
 *   items: [{ purposeId: 'marketing.sms', preTicked: false, required: false, separate: true }],
 *   withdrawal: { path: 'Me > Privacy', steps: 2 },
 *   consentSteps: 2,
 * };
 * ```
 */
export type ConsentFlow = {
  /** The basic business function the form unlocks (e.g. membership sign-up). */
  service?: string | undefined;
  /** Each purpose shown, with its box. */
  items: {
    /** The purpose the box is for. */
    purposeId: string;
    /** The box is ticked before the customer acts. */
    preTicked: boolean;
    /** The customer cannot continue without ticking it. */
    required: boolean;
    /** Presented on its own, with its own box and explanation (not bundled with others). */
    separate: boolean;
  }[];
  /** Where the customer withdraws (as easy as giving: same channel, no more steps). */
  withdrawal?:
    | {
        /** Where to find it, e.g. `Me > Privacy`. */
        path: string;
        /** Steps it takes to withdraw. */
        steps?: number | undefined;
      }
    | undefined;
  /** Steps it takes to give consent, to compare with withdrawal. */
  consentSteps?: number | undefined;
};

/**
 * Validates a {@link ConsentFlow}; `validateConsentFlow` uses it.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { ConsentFlowSchema } from '@aisle/consent';
 *
 * parse(ConsentFlowSchema, { items: [{ purposeId: 'marketing.sms', preTicked: false, required: false, separate: true }], withdrawal: { path: 'Me > Privacy' } });
 * ```
 */
export const ConsentFlowSchema: Schema<ConsentFlow, ConsentFlow> = consentFlow;

// The hand-written type is exactly what the schema parses and accepts (checked by tsc, erased at build).
type _SchemaMatchesType = AssertAll<[Equals<ConsentFlow, z.input<typeof consentFlow>>, Equals<ConsentFlow, z.output<typeof consentFlow>>]>;

/** A rule a consent form breaks. */
export type FlowViolationCode =
  | 'pre-ticked'
  | 'extended-required'
  | 'sensitive-not-separate'
  | 'no-withdrawal-path'
  | 'withdrawal-harder'
  | 'unknown-purpose';

/** One violation of {@link validateConsentFlow}, with the clause it breaks. */
export interface FlowViolation {
  readonly code: FlowViolationCode;
  readonly purposeId: string | undefined;
  readonly clause: string;
  readonly message: string;
}

/**
 * Checks a consent form against PIPL and GB/T 35273-2020: no pre-ticked boxes (consent must be
 * an explicit act), no extended purpose required for a basic service, sensitive purposes
 * presented separately, a withdrawal path no harder than giving. An empty list means compliant.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` for a malformed form.
 * @example
 * ```ts
 * import { validateConsentFlow } from '@aisle/consent';
 *
 * const violations = validateConsentFlow({ catalogue, flow: { items: [{ purposeId: 'marketing.sms', preTicked: true, required: false, separate: true }] } });
 * violations.map((v) => v.code); // ['pre-ticked', 'no-withdrawal-path']
 * ```
 */
export function validateConsentFlow(input: { readonly catalogue: Catalogue; readonly flow: ConsentFlow }): FlowViolation[] {
  const flow = check(ConsentFlowSchema, input.flow, 'consent flow');
  const out: FlowViolation[] = [];
  const add = (code: FlowViolationCode, purposeId: string | undefined, clause: string, message: string) =>
    out.push({ code, purposeId, clause, message });
  for (const item of flow.items) {
    const purpose = input.catalogue.get(item.purposeId);
    if (purpose === undefined) {
      add(
        'unknown-purpose',
        item.purposeId,
        'PIPL Art. 17',
        `Purpose ${item.purposeId} is not in the notice's catalogue: the customer cannot be told about it`,
      );
      continue;
    }
    if (item.preTicked && purpose.legalBasis === 'consent') {
      add(
        'pre-ticked',
        item.purposeId,
        'PIPL Art. 14; GB/T 35273-2020 §5.4',
        `The box for ${item.purposeId} is ticked in advance: consent must be an explicit act`,
      );
    }
    if (item.required && purpose.function === 'extended') {
      add(
        'extended-required',
        item.purposeId,
        'PIPL Art. 16; GB/T 35273-2020 §5.3',
        `Extended purpose ${item.purposeId} is required to use the basic service`,
      );
    }
    if (purpose.sensitive && purpose.legalBasis === 'consent' && !item.separate) {
      add(
        'sensitive-not-separate',
        item.purposeId,
        'PIPL Art. 29; GB/T 35273-2020 §5.4 b)',
        `Sensitive purpose ${item.purposeId} (${purpose.sensitiveCategories.join(', ')}) must be consented separately`,
      );
    }
  }
  if (flow.withdrawal === undefined) {
    add('no-withdrawal-path', undefined, 'PIPL Art. 15; GB/T 35273-2020 §8.4', 'The form does not say how to withdraw consent');
  } else if (flow.withdrawal.steps !== undefined && flow.consentSteps !== undefined && flow.withdrawal.steps > flow.consentSteps) {
    add(
      'withdrawal-harder',
      undefined,
      'PIPL Art. 15; GB/T 35273-2020 §8.4',
      `Withdrawing takes ${flow.withdrawal.steps} steps, giving takes ${flow.consentSteps}: withdrawal must be as easy`,
    );
  }
  return out;
}
