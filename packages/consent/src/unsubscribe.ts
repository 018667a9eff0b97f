import { encodeUtf8, type InstantInput, toInstant } from '@aisle/core';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

import { ConsentError, ConsentErrorCode } from './errors';
import { equalBytes, fromBase64Url, toBase64Url } from './internal/bytes';
import { MARKETING_CHANNELS } from './vocabulary';

/** A marketing channel an unsubscribe token is bound to. */
export type MarketingChannel = (typeof MARKETING_CHANNELS)[number];

/** What an unsubscribe token carries (and is bound to). */
export interface UnsubscribeClaims {
  readonly channel: MarketingChannel;
  readonly subjectId: string;
  readonly purposeId: string;
  /** Expiry, ISO 8601 UTC (whole seconds). */
  readonly expiresAt: string;
}

/** Input of {@link createUnsubscribeToken}. */
export interface CreateUnsubscribeTokenInput {
  /** HMAC key: at least 32 random bytes, kept server-side; never logged. */
  readonly key: Uint8Array;
  readonly channel: MarketingChannel;
  readonly subjectId: string;
  readonly purposeId: string;
  readonly expiresAt: InstantInput;
}

const PREFIX = 'u1';
const CONTEXT = 'aisle/consent/unsubscribe/v1.';

/**
 * A signed, expiring one-click unsubscribe token bound to channel + subject + purpose + expiry:
 * `u1.<claims, base64url>.<HMAC-SHA256, base64url>`, URL-safe.
 *
 * @throws RangeError for a key shorter than 32 bytes or an unknown channel.
 * @example
 * ```ts
 * import { createUnsubscribeToken } from '@aisle/consent';
 *
 * const token = createUnsubscribeToken({ key, channel: 'email', subjectId: 'psn_4f2a', purposeId: 'marketing.email', expiresAt: '2027-01-01T00:00:00Z' });
 * const url = `https://shop.example/unsubscribe?t=${token}`;
 * ```
 */
export function createUnsubscribeToken(input: CreateUnsubscribeTokenInput): string {
  assertKey(input.key);
  if (!(MARKETING_CHANNELS as readonly string[]).includes(input.channel))
    throw new RangeError(`Unknown marketing channel: ${String(input.channel)}`);
  for (const field of ['subjectId', 'purposeId'] as const) {
    if (typeof input[field] !== 'string' || input[field] === '') throw new RangeError(`${field} must be a non-empty string`);
  }
  const exp = Math.floor(toInstant(input.expiresAt).getTime() / 1000);
  const json = JSON.stringify([input.channel, input.subjectId, input.purposeId, exp]).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const claims = toBase64Url(encodeUtf8(json));
  return `${PREFIX}.${claims}.${toBase64Url(sign(input.key, claims))}`;
}

/** Input of {@link verifyUnsubscribeToken}. */
export interface VerifyUnsubscribeTokenInput {
  readonly key: Uint8Array;
  readonly token: string;
  /** The channel the token arrived on (the link in an email: `email`). */
  readonly channel: MarketingChannel;
  /** The subject whose consent the caller is about to withdraw (from the request's account or link). */
  readonly subjectId: string;
  /** The purpose the caller is about to withdraw. */
  readonly purposeId: string;
  readonly at: InstantInput;
}

/**
 * Verifies a token in constant time, then that it was issued for the expected channel, subject
 * and purpose, then its expiry, and returns its claims. Feed them to `unsubscribeEvent` to record
 * the withdrawal (effective at once).
 *
 * @throws ConsentError `CONSENT_TOKEN_INVALID` (malformed, forged, other key), `CONSENT_TOKEN_WRONG_CHANNEL`, `CONSENT_TOKEN_MISMATCH` (another subject or purpose), `CONSENT_TOKEN_EXPIRED`; RangeError for a missing `subjectId` or `purposeId`.
 * @example
 * ```ts
 * import { verifyUnsubscribeToken } from '@aisle/consent';
 *
 * const claims = verifyUnsubscribeToken({ key, token, channel: 'email', subjectId: 'psn_4f2a', purposeId: 'marketing.email', at: clock.now() });
 * ```
 */
export function verifyUnsubscribeToken(input: VerifyUnsubscribeTokenInput): UnsubscribeClaims {
  assertKey(input.key);
  for (const field of ['subjectId', 'purposeId'] as const) {
    if (typeof input[field] !== 'string' || input[field] === '')
      throw new RangeError(
        `verifyUnsubscribeToken: ${field} (the expected ${field === 'subjectId' ? 'subject' : 'purpose'}) must be a non-empty string`,
      );
  }
  const at = toInstant(input.at).getTime();
  const parts = typeof input.token === 'string' && input.token.length <= 2048 ? input.token.split('.') : [];
  const [prefix, claims, mac] = parts;
  const macBytes = mac === undefined ? undefined : fromBase64Url(mac);
  if (
    parts.length !== 3 ||
    prefix !== PREFIX ||
    claims === undefined ||
    macBytes === undefined ||
    !equalBytes(macBytes, sign(input.key, claims))
  ) {
    throw new ConsentError(ConsentErrorCode.TOKEN_INVALID, 'The unsubscribe token is malformed or its signature does not verify');
  }
  const decoded = decodeClaims(claims);
  if (decoded === undefined) throw new ConsentError(ConsentErrorCode.TOKEN_INVALID, 'The unsubscribe token carries malformed claims');
  const [channel, subjectId, purposeId, exp] = decoded;
  if (channel !== input.channel) {
    throw new ConsentError(ConsentErrorCode.TOKEN_WRONG_CHANNEL, `The token was issued for ${channel}, not ${input.channel}`, {
      details: { issuedFor: channel, presentedOn: input.channel },
    });
  }
  if (subjectId !== input.subjectId || purposeId !== input.purposeId) {
    throw new ConsentError(
      ConsentErrorCode.TOKEN_MISMATCH,
      'The unsubscribe token was issued for another subject or purpose than expected',
      {
        details: { field: subjectId !== input.subjectId ? 'subjectId' : 'purposeId' },
      },
    );
  }
  const expiresAt = new Date(exp * 1000).toISOString();
  if (at >= exp * 1000)
    throw new ConsentError(ConsentErrorCode.TOKEN_EXPIRED, `The unsubscribe token expired at ${expiresAt}`, { details: { expiresAt } });
  return { channel, subjectId, purposeId, expiresAt };
}

function decodeClaims(text: string): [MarketingChannel, string, string, number] | undefined {
  try {
    const bytes = fromBase64Url(text);
    // Claims are ASCII JSON (non-ASCII is \u-escaped), so no TextDecoder is needed (mini-programs may lack it).
    if (bytes === undefined || bytes.some((b) => b > 0x7e)) return undefined;
    const value: unknown = JSON.parse(String.fromCharCode(...bytes));
    if (!Array.isArray(value) || value.length !== 4) return undefined;
    const [channel, subjectId, purposeId, exp] = value as unknown[];
    if (!(MARKETING_CHANNELS as readonly unknown[]).includes(channel)) return undefined;
    if (typeof subjectId !== 'string' || typeof purposeId !== 'string' || !Number.isSafeInteger(exp)) return undefined;
    return [channel as MarketingChannel, subjectId, purposeId, exp as number];
  } catch {
    return undefined;
  }
}

function sign(key: Uint8Array, claims: string): Uint8Array {
  return hmac(sha256, key, encodeUtf8(CONTEXT + claims));
}

function assertKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length < 32)
    throw new RangeError('The unsubscribe key must be a Uint8Array of at least 32 bytes');
}

/**
 * RFC 8058 one-click unsubscribe headers for a marketing email: `List-Unsubscribe` with the HTTPS
 * URL (and an optional mailto) and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. The mail
 * must also carry a valid DKIM signature covering both headers.
 *
 * @throws RangeError when `url` is not an https URL.
 * @example
 * ```ts
 * import { listUnsubscribeHeaders } from '@aisle/consent';
 *
 * listUnsubscribeHeaders({ url: `https://shop.example/u?t=${token}` });
 * // { 'List-Unsubscribe': '<https://shop.example/u?t=…>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
 * ```
 */
export function listUnsubscribeHeaders(input: {
  readonly url: string;
  readonly mailto?: string;
}): Record<'List-Unsubscribe' | 'List-Unsubscribe-Post', string> {
  if (!/^https:\/\/[^\s<>,]+$/.test(input.url))
    throw new RangeError('RFC 8058 needs an https URL without spaces, commas or angle brackets');
  if (input.mailto !== undefined && !/^mailto:[^\s<>,]+$/.test(input.mailto)) throw new RangeError('mailto must be a mailto: URI');
  const uris = input.mailto === undefined ? `<${input.url}>` : `<${input.url}>, <${input.mailto}>`;
  return { 'List-Unsubscribe': uris, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Whether a POST body (application/x-www-form-urlencoded or multipart text) is an RFC 8058
 * one-click unsubscribe request: it must contain `List-Unsubscribe=One-Click`.
 *
 * @example
 * ```ts
 * import { isOneClickUnsubscribe } from '@aisle/consent';
 *
 * isOneClickUnsubscribe('List-Unsubscribe=One-Click'); // true
 * ```
 */
export function isOneClickUnsubscribe(body: string): boolean {
  if (typeof body !== 'string') return false;
  return body.split(/[&\r\n]+/).some((pair) => pair.trim() === 'List-Unsubscribe=One-Click');
}
