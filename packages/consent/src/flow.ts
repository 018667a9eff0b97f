import type { MessageLocale, Schema } from '@aisle/core';
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
  /** In English; `describeFlowViolation(violation, 'zh-CN')` gives it in Chinese. */
  readonly message: string;
  /** The facts the message quotes: a sensitive purpose's categories, the steps to withdraw and to give consent. */
  readonly facts?: {
    readonly categories?: readonly string[] | undefined;
    readonly withdrawalSteps?: number | undefined;
    readonly consentSteps?: number | undefined;
  };
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
  const add = (code: FlowViolationCode, purposeId: string | undefined, clause: string, facts?: FlowViolation['facts']) => {
    const message = flowTextEn(code, purposeId ?? '', facts ?? {});
    out.push(facts === undefined ? { code, purposeId, clause, message } : { code, purposeId, clause, message, facts });
  };
  for (const item of flow.items) {
    const purpose = input.catalogue.get(item.purposeId);
    if (purpose === undefined) {
      add('unknown-purpose', item.purposeId, 'PIPL Art. 17');
      continue;
    }
    if (item.preTicked && purpose.legalBasis === 'consent') add('pre-ticked', item.purposeId, 'PIPL Art. 14; GB/T 35273-2020 §5.4');
    if (item.required && purpose.function === 'extended') add('extended-required', item.purposeId, 'PIPL Art. 16; GB/T 35273-2020 §5.3');
    if (purpose.sensitive && purpose.legalBasis === 'consent' && !item.separate) {
      add('sensitive-not-separate', item.purposeId, 'PIPL Art. 29; GB/T 35273-2020 §5.4 b)', { categories: purpose.sensitiveCategories });
    }
  }
  if (flow.withdrawal === undefined) {
    add('no-withdrawal-path', undefined, 'PIPL Art. 15; GB/T 35273-2020 §8.4');
  } else if (flow.withdrawal.steps !== undefined && flow.consentSteps !== undefined && flow.withdrawal.steps > flow.consentSteps) {
    add('withdrawal-harder', undefined, 'PIPL Art. 15; GB/T 35273-2020 §8.4', {
      withdrawalSteps: flow.withdrawal.steps,
      consentSteps: flow.consentSteps,
    });
  }
  return out;
}

/**
 * The message of a {@link FlowViolation} in English (its `message`) or Simplified Chinese, from its
 * stable `code`, `purposeId` and `facts`.
 *
 * @throws `RangeError` for an unknown code or locale.
 *
 * @example
 * ```ts
 * import { describeFlowViolation } from '@aisle/consent';
 *
 * describeFlowViolation({ code: 'no-withdrawal-path', purposeId: undefined, clause: 'PIPL Art. 15', message: '' }, 'zh-CN');
 * // '表单未说明如何撤回同意'
 * ```
 */
export function describeFlowViolation(violation: FlowViolation, locale: MessageLocale = 'en'): string {
  if (locale !== 'en' && locale !== 'zh-CN')
    throw new RangeError(`locale: expected "en" or "zh-CN", received ${JSON.stringify(String(locale))}`);
  if (!FLOW_CODES.has(violation.code))
    throw new RangeError(`describeFlowViolation: unknown code ${JSON.stringify(String(violation.code)).slice(0, 80)}`);
  return (locale === 'zh-CN' ? flowTextZh : flowTextEn)(violation.code, violation.purposeId ?? '', violation.facts ?? {});
}

const FLOW_CODES: ReadonlySet<string> = new Set([
  'pre-ticked',
  'extended-required',
  'sensitive-not-separate',
  'no-withdrawal-path',
  'withdrawal-harder',
  'unknown-purpose',
]);

type Facts = NonNullable<FlowViolation['facts']>;

function flowTextEn(code: FlowViolationCode, id: string, facts: Facts): string {
  switch (code) {
    case 'unknown-purpose':
      return `Purpose ${id} is not in the notice's catalogue: the customer cannot be told about it`;
    case 'pre-ticked':
      return `The box for ${id} is ticked in advance: consent must be an explicit act`;
    case 'extended-required':
      return `Extended purpose ${id} is required to use the basic service`;
    case 'sensitive-not-separate':
      return `Sensitive purpose ${id} (${(facts.categories ?? []).join(', ')}) must be consented separately`;
    case 'no-withdrawal-path':
      return 'The form does not say how to withdraw consent';
    default:
      return `Withdrawing takes ${facts.withdrawalSteps} steps, giving takes ${facts.consentSteps}: withdrawal must be as easy`;
  }
}

// Apart from the English texts, so that validateConsentFlow (in the flow embed) does not bundle it.
function flowTextZh(code: FlowViolationCode, id: string, facts: Facts): string {
  switch (code) {
    case 'unknown-purpose':
      return `目的 ${id} 不在告知所依据的目录中：无法向顾客告知该目的`;
    case 'pre-ticked':
      return `${id} 的勾选框被预先勾选：同意必须由个人主动作出`;
    case 'extended-required':
      return `扩展业务功能的目的 ${id} 被设为使用基本业务功能的必选项`;
    case 'sensitive-not-separate':
      return `敏感个人信息的处理目的 ${id}（${(facts.categories ?? []).join('、')}）须取得单独同意`;
    case 'no-withdrawal-path':
      return '表单未说明如何撤回同意';
    default:
      return `撤回同意需要 ${facts.withdrawalSteps} 步，作出同意只需 ${facts.consentSteps} 步：撤回应与作出同意同样便捷`;
  }
}
