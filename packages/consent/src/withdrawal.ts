import { type InstantInput, toInstant } from '@aisle/core';
import { check } from './internal/check';
import { type Actor, type ConsentEvent, ConsentEventSchema } from './schemas';
import type { MarketingChannel, UnsubscribeClaims } from './unsubscribe';
import type { CONSENT_CHANNELS } from './vocabulary';

/** What every withdrawal records besides its purposes. */
export interface WithdrawalBase {
  /** The event id (e.g. from `defineId('ce').generate()`). */
  readonly id: string;
  readonly subjectId: string;
  readonly at: InstantInput;
  /** The notice in force (version and content hash). */
  readonly notice: { readonly version: number; readonly hash: string };
  readonly channel: (typeof CONSENT_CHANNELS)[number];
  /** Default `{ kind: 'self' }`. */
  readonly actor?: Actor;
  /** Default `zh-CN`. */
  readonly locale?: string;
  /** SHA-256 of the evidence (the SMS, the request), lowercase hex. */
  readonly evidenceHash?: string;
}

/**
 * A validated `withdrawn` event: one call, same as giving, effective as soon as it is appended
 * (PIPL Art. 15).
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT`.
 * @example
 * ```ts
 * import { withdrawalEvent } from '@aisle/consent';
 *
 * store.append(withdrawalEvent({ id, subjectId, purposes: ['marketing.sms'], at: clock.now(), notice, channel: 'app' }));
 * ```
 */
export function withdrawalEvent(input: WithdrawalBase & { readonly purposes: readonly string[] }): ConsentEvent {
  return check(
    ConsentEventSchema,
    {
      id: input.id,
      type: 'withdrawn',
      subjectId: input.subjectId,
      purposes: [...input.purposes],
      notice: input.notice,
      consentType: 'general',
      actor: input.actor ?? { kind: 'self' },
      channel: input.channel,
      ...(input.evidenceHash === undefined ? {} : { evidenceHash: input.evidenceHash }),
      locale: input.locale ?? 'zh-CN',
      at: toInstant(input.at).toISOString(),
    },
    'withdrawal',
  );
}

const KEYWORDS = /* @__PURE__ */ new Set(['T', 'TD', '退订', '退', 'STOP', 'UNSUBSCRIBE', '取消订阅']);

/**
 * Whether an SMS reply is an unsubscribe keyword: "T", "TD", "退订" (and "退", "取消订阅",
 * "STOP", "UNSUBSCRIBE"), case- and width-insensitive, ignoring spaces and punctuation. Only the
 * whole message counts ("T恤" is not a keyword).
 *
 * @example
 * ```ts
 * import { isSmsUnsubscribe } from '@aisle/consent';
 *
 * isSmsUnsubscribe(' ｔｄ。'); // true
 * ```
 */
export function isSmsUnsubscribe(text: string): boolean {
  if (typeof text !== 'string' || text.length > 64) return false;
  const normalised = text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .toUpperCase();
  return KEYWORDS.has(normalised);
}

/**
 * Parses an SMS reply into a withdrawal of the SMS purposes, or `undefined` when it is not an
 * unsubscribe keyword.
 *
 * @example
 * ```ts
 * import { smsReplyWithdrawal } from '@aisle/consent';
 *
 * const event = smsReplyWithdrawal({ text: '退订', purposes: ['marketing.sms'], id, subjectId, at: receivedAt, notice });
 * if (event) store.append(event);
 * ```
 */
export function smsReplyWithdrawal(
  input: Omit<WithdrawalBase, 'channel'> & { readonly text: string; readonly purposes: readonly string[] },
): ConsentEvent | undefined {
  if (!isSmsUnsubscribe(input.text)) return undefined;
  return withdrawalEvent({ ...input, channel: 'sms-reply' });
}

const VIA: Record<MarketingChannel, (typeof CONSENT_CHANNELS)[number]> = {
  email: 'email-link',
  sms: 'sms-reply',
  wechat: 'mini-program',
  'app-push': 'app',
  phone: 'service-desk',
};

/**
 * The withdrawal a verified unsubscribe token stands for (subject and purpose from its claims).
 *
 * @example
 * ```ts
 * import { unsubscribeEvent, verifyUnsubscribeToken } from '@aisle/consent';
 *
 * const claims = verifyUnsubscribeToken({ key, token, channel: 'email', subjectId, purposeId: 'marketing.email', at: clock.now() });
 * store.append(unsubscribeEvent({ claims, id, at: clock.now(), notice }));
 * ```
 */
export function unsubscribeEvent(
  input: Omit<WithdrawalBase, 'channel' | 'subjectId'> & { readonly claims: UnsubscribeClaims },
): ConsentEvent {
  const { claims, ...rest } = input;
  return withdrawalEvent({ ...rest, subjectId: claims.subjectId, purposes: [claims.purposeId], channel: VIA[claims.channel] });
}
