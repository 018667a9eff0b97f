import type { MessageLocale } from '@aisle/core';

/**
 * Why {@link decide} decided as it did: a stable code next to the English `reason` of a
 * {@link Decision}. `bundled-consent`, `scope-changed` and `needs-guardian` go with the states
 * `needs-reconsent` / `needs-guardian`; `lapsed` is a consent past its `expiresAt`, `expired` one
 * ended by an `expired` event.
 *
 * @example
 * ```ts
 * import type { DecisionReasonCode } from '@aisle/consent';
 *
 * const code: DecisionReasonCode = 'needs-guardian';
 * ```
 */
export type DecisionReasonCode =
  | 'given'
  | 'never-asked'
  | 'not-required'
  | 'bundled-consent'
  | 'lapsed'
  | 'scope-changed'
  | 'needs-guardian'
  | 'refused'
  | 'withdrawn'
  | 'expired';

/**
 * Why {@link shouldAsk} advised as it did: the decision's code when the advice follows the
 * decision, or one of the advice's own codes.
 *
 * @example
 * ```ts
 * import type { AskReasonCode } from '@aisle/consent';
 *
 * const code: AskReasonCode = 'cool-down';
 * ```
 */
export type AskReasonCode =
  | DecisionReasonCode
  | 'extended-gates-basic'
  | 'consent-stands'
  | 'customer-started'
  | 'customer-initiated-only'
  | 'cool-down'
  | 'cool-down-passed';

/**
 * A reason to put into words: a code alone, or a decision or an advice (whose purpose, state and
 * gated purpose fill the text).
 *
 * @example
 * ```ts
 * import type { ReasonSource } from '@aisle/consent';
 *
 * const source: ReasonSource = { reasonCode: 'extended-gates-basic', purposeId: 'marketing.sms', gates: 'checkout' };
 * ```
 */
export type ReasonSource =
  | AskReasonCode
  | {
      readonly reasonCode: AskReasonCode;
      /** The purpose the reason is about. */
      readonly purposeId?: string | undefined;
      /** For `extended-gates-basic`: the basic purpose the ask would gate. */
      readonly gates?: string | undefined;
      /** The decision state, for the ask reasons about a refusal or a withdrawal. */
      readonly state?: string | undefined;
      /** An advice carries its decision, whose purpose and state are used. */
      readonly decision?: { readonly purposeId: string; readonly state: string } | undefined;
    };

/** The English texts of the decision reasons (what `Decision.reason` holds). @internal */
export const DECISION_REASONS_EN: Readonly<Record<DecisionReasonCode, string>> = {
  given: 'Consent given for this purpose (the event says when, how and by whom)',
  'never-asked': 'No consent has been recorded for this purpose',
  'not-required': 'The lawful basis of this purpose is not consent (PIPL Art. 13)',
  'bundled-consent': 'A bundled or general consent does not cover a sensitive purpose: ask separately (PIPL Art. 29)',
  lapsed: 'The consent lapsed at its expiry time',
  'scope-changed': "Consent was given under a notice older than the purpose's last scope change (PIPL Art. 14)",
  'needs-guardian': 'The subject is under 14: a parent or guardian must consent (PIPL Art. 31)',
  refused: 'Consent was refused',
  withdrawn: 'Consent was withdrawn (PIPL Art. 15: effective at once)',
  expired: 'Consent expired',
};

// Kept apart from the English texts so that an embed that never asks for Chinese does not bundle it.
const DECISION_REASONS_ZH: Readonly<Record<DecisionReasonCode, string>> = {
  given: '已就此目的取得同意（事件记录了时间、方式和作出同意的人）',
  'never-asked': '尚未就此目的记录任何同意',
  'not-required': '此目的的处理依据不是个人同意（《个人信息保护法》第十三条）',
  'bundled-consent': '概括或捆绑的同意不涵盖敏感个人信息的处理目的：须取得单独同意（《个人信息保护法》第二十九条）',
  lapsed: '同意已在其到期时间失效',
  'scope-changed': '同意所依据的告知早于此目的最近一次范围变更，须重新取得同意（《个人信息保护法》第十四条）',
  'needs-guardian': '个人未满十四周岁：须取得其父母或其他监护人的同意（《个人信息保护法》第三十一条）',
  refused: '同意被拒绝',
  withdrawn: '同意已撤回（《个人信息保护法》第十五条：撤回即时生效）',
  expired: '同意已过期',
};

interface AskFacts {
  readonly purposeId: string;
  readonly gates: string;
  readonly state: string;
}

/** The English text of an advice reason of {@link shouldAsk}'s own. @internal */
export function askReasonEn(code: Exclude<AskReasonCode, DecisionReasonCode>, facts: AskFacts): string {
  const ended = `Consent was ${facts.state}`;
  switch (code) {
    case 'extended-gates-basic':
      return `Extended purpose ${facts.purposeId} must not be a condition of basic function ${facts.gates}: ask on its own (PIPL Art. 16; GB/T 35273-2020 §5.3)`;
    case 'consent-stands':
      return 'Consent already stands';
    case 'customer-started':
      return 'The customer started it';
    case 'customer-initiated-only':
      return `${ended}: ask again only when the customer starts it`;
    case 'cool-down':
      return `${ended}; wait out the cool-down before asking again`;
    default:
      return `${ended}, and the cool-down has passed`;
  }
}

function askReasonZh(code: Exclude<AskReasonCode, DecisionReasonCode>, facts: AskFacts): string {
  const ended = `同意${facts.state === 'withdrawn' ? '已撤回' : facts.state === 'refused' ? '被拒绝' : `（${facts.state}）`}`;
  switch (code) {
    case 'extended-gates-basic':
      return `扩展业务功能的目的 ${facts.purposeId} 不得作为基本业务功能 ${facts.gates} 的前提：应单独征求同意（《个人信息保护法》第十六条；GB/T 35273-2020 第 5.3 条）`;
    case 'consent-stands':
      return '同意仍然有效';
    case 'customer-started':
      return '由顾客主动发起';
    case 'customer-initiated-only':
      return `${ended}：仅在顾客主动发起时再次征求`;
    case 'cool-down':
      return `${ended}：冷静期结束前不要再次征求`;
    default:
      return `${ended}，冷静期已过`;
  }
}

const ASK_CODES: ReadonlySet<string> = new Set([
  'extended-gates-basic',
  'consent-stands',
  'customer-started',
  'customer-initiated-only',
  'cool-down',
  'cool-down-passed',
]);

/**
 * The text of a reason in English or Simplified Chinese. {@link decide} and {@link shouldAsk}
 * return English `reason`s with a stable `reasonCode`; this puts the code into either language
 * (only an app that calls it bundles the Chinese texts, so the embed stays small).
 *
 * @param source - A reason code, a {@link Decision} or an {@link AskAdvice}.
 * @param locale - `'en'` (default) or `'zh-CN'`.
 * @throws `RangeError` for an unknown code or locale.
 *
 * @example
 * ```ts
 * import { describeReason } from '@aisle/consent';
 *
 * describeReason('needs-guardian', 'zh-CN'); // '个人未满十四周岁：须取得其父母或其他监护人的同意（《个人信息保护法》第三十一条）'
 * ```
 */
export function describeReason(source: ReasonSource, locale: MessageLocale = 'en'): string {
  if (locale !== 'en' && locale !== 'zh-CN')
    throw new RangeError(`locale: expected "en" or "zh-CN", received ${JSON.stringify(String(locale))}`);
  const zh = locale === 'zh-CN';
  const ref = typeof source === 'string' ? { reasonCode: source } : source;
  const code = ref.reasonCode;
  if (ASK_CODES.has(code)) {
    const facts: AskFacts = {
      purposeId: ref.purposeId ?? ref.decision?.purposeId ?? (zh ? '该目的' : 'this purpose'),
      gates: ref.gates ?? (zh ? '基本业务功能' : 'a basic function'),
      state: ref.state ?? ref.decision?.state ?? 'refused',
    };
    const askCode = code as Exclude<AskReasonCode, DecisionReasonCode>;
    return zh ? askReasonZh(askCode, facts) : askReasonEn(askCode, facts);
  }
  const table = zh ? DECISION_REASONS_ZH : DECISION_REASONS_EN;
  if (!Object.hasOwn(table, code)) throw new RangeError(`describeReason: unknown reason code ${JSON.stringify(String(code)).slice(0, 80)}`);
  return table[code as DecisionReasonCode];
}
