import { type InstantInput, toInstant } from '@aisle/core';
import { requirePurpose } from './catalogue';
import { type DecideInput, type Decision, decide } from './decide';
import { isUnder14 } from './internal/age';
import { type AskReasonCode, askReasonEn } from './reasons';

/** When a refused or withdrawn purpose may be asked about again. */
export interface AskPolicy {
  /**
   * Milliseconds to wait after a refusal or withdrawal before asking again (default 48 hours),
   * or `'customer-initiated'`: only when the customer starts it.
   */
  readonly coolDown?: number | 'customer-initiated';
}

/** Input of {@link shouldAsk}. */
export interface ShouldAskInput extends DecideInput {
  /** Who starts the conversation; a customer may always ask to opt in. Default `business`. */
  readonly initiatedBy?: 'customer' | 'business';
  /**
   * The purpose of a basic business function the ask would gate (the customer cannot go on
   * without answering). An extended purpose may never gate a basic one.
   */
  readonly gates?: string;
  readonly policy?: AskPolicy;
}

/** The advice of {@link shouldAsk}. */
export interface AskAdvice {
  readonly ask: boolean;
  /** Why, in one English sentence naming the clause; `describeReason(advice, 'zh-CN')` gives it in Chinese. */
  readonly reason: string;
  /** Why, as a stable code: the decision's `reasonCode`, or one of the advice's own. */
  readonly reasonCode: AskReasonCode;
  /** For `reasonCode: 'extended-gates-basic'`: the basic purpose the ask would have gated. */
  readonly gates: string | undefined;
  /** How to ask: `separate` for sensitive purposes, `guardian` for a child under 14. */
  readonly how: { readonly separate: boolean; readonly guardian: boolean };
  /** The earliest time asking becomes acceptable, when waiting out a cool-down. */
  readonly nextAskAt: string | undefined;
  /** The decision the advice is based on. */
  readonly decision: Decision;
}

/** The default cool-down after a refusal: 48 hours. */
export const DEFAULT_COOL_DOWN_MS = 48 * 60 * 60 * 1000;

/**
 * Whether to ask for a purpose now. Never when consent stands or is not needed; after a refusal
 * or withdrawal not within the cool-down (default 48 hours, or only when the customer starts
 * it); never as a condition of a basic function when the purpose is extended (PIPL Art. 16,
 * GB/T 35273-2020 §5.3).
 *
 * @throws ConsentError as `decide`, and `CONSENT_UNKNOWN_PURPOSE` for an unknown `gates` purpose.
 * @example
 * ```ts
 * import { shouldAsk } from '@aisle/consent';
 *
 * const advice = shouldAsk({ catalogue, purposeId: 'marketing.sms', at: clock.now(), consent: state.subject(id) });
 * if (advice.ask) showPrompt({ separate: advice.how.separate });
 * ```
 */
export function shouldAsk(input: ShouldAskInput): AskAdvice {
  const at = toMs(input.at);
  const decision = decide({ ...input, at });
  const purpose = requirePurpose(input.catalogue, input.purposeId);
  const how = {
    separate: purpose.sensitive,
    guardian: isUnder14(input.facts, at, input.zone ?? 'Asia/Shanghai') || purpose.childData,
  };
  const facts = { purposeId: purpose.id, gates: input.gates ?? '', state: decision.state };
  const follow = (ask: boolean): AskAdvice => ({
    ask,
    reason: decision.reason,
    reasonCode: decision.reasonCode,
    gates: undefined,
    how,
    nextAskAt: undefined,
    decision,
  });
  const advise = (ask: boolean, reasonCode: Exclude<AskReasonCode, Decision['reasonCode']>, nextAskAt?: string): AskAdvice => ({
    ask,
    reason: askReasonEn(reasonCode, facts),
    reasonCode,
    gates: reasonCode === 'extended-gates-basic' ? input.gates : undefined,
    how,
    nextAskAt,
    decision,
  });
  if (input.gates !== undefined) {
    const gated = requirePurpose(input.catalogue, input.gates);
    if (gated.function === 'basic' && purpose.function === 'extended') return advise(false, 'extended-gates-basic');
  }
  if (decision.state === 'not-required') return follow(false);
  if (decision.allowed) return advise(false, 'consent-stands');
  if (decision.state !== 'refused' && decision.state !== 'withdrawn') return follow(true);
  if (input.initiatedBy === 'customer') return advise(true, 'customer-started');
  const coolDown = input.policy?.coolDown ?? DEFAULT_COOL_DOWN_MS;
  if (coolDown === 'customer-initiated') return advise(false, 'customer-initiated-only');
  if (!Number.isFinite(coolDown) || coolDown < 0)
    throw new RangeError(`coolDown must be a non-negative number of milliseconds, got ${coolDown}`);
  const since = Date.parse((decision.event as { at: string }).at);
  if (at < since + coolDown) return advise(false, 'cool-down', new Date(since + coolDown).toISOString());
  return advise(true, 'cool-down-passed');
}

function toMs(at: InstantInput): number {
  // The fast path takes epoch milliseconds a Date can hold (±8.64e15); anything else goes through
  // toInstant, which rejects it with CORE_INVALID_INSTANT.
  return typeof at === 'number' && Math.abs(at) <= 8.64e15 ? at : toInstant(at).getTime();
}
