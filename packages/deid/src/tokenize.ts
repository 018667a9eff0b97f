import { type Clock, systemClock } from '@aisle/core';
import { aessiv } from '@noble/ciphers/aes.js';
import { DeidError, DeidErrorCode } from './errors';
import { assertKey, fromBase64Url, fromUtf8, toBase64Url, utf8 } from './internal/bytes';
import { assertValue } from './internal/values';

/**
 * Where tokenisation keys live, apart from the tokenised data (a KMS, an HSM, a separate
 * database). Return `undefined` for an unknown id. Keys are 32, 48 or 64 bytes (AES-SIV with
 * AES-128/192/256).
 *
 * @public
 */
export interface KeyVault {
  getKey(keyId: string): Uint8Array | undefined | Promise<Uint8Array | undefined>;
}

/**
 * One detokenisation attempt, as given to the audit hook. Never contains the value or the key.
 *
 * @public
 */
export interface DetokenizeAuditEvent {
  readonly at: Date;
  readonly keyId: string;
  readonly kind: string;
  readonly field: string;
  readonly actor: string;
  readonly reason: string;
  readonly outcome: 'ok' | 'key-not-found' | 'invalid-token';
}

/** @public */
export interface TokenContext {
  /** What the value is (`'mobile'`); bound into the token as associated data. */
  readonly kind: string;
  /** Which field it came from (`'customer.phone'`); bound into the token as associated data. */
  readonly field: string;
}

/** @public */
export interface DetokenizeRequest extends TokenContext {
  /** Who asks (staff id, service name); recorded by the audit hook. */
  readonly actor: string;
  /** Why (ticket number, legal basis); recorded by the audit hook. */
  readonly reason: string;
}

/** @public */
export interface TokenizerOptions {
  readonly vault: KeyVault;
  /** The vault key to tokenise with (letters, digits, `-`; at most 32 characters). */
  readonly keyId: string;
  /** Called for every detokenisation, successful or not, before the value is returned. Throwing refuses it. */
  readonly audit: (event: DetokenizeAuditEvent) => void | Promise<void>;
  readonly clock?: Clock;
}

/** @public */
export interface Tokenizer {
  /** A deterministic, reversible token `tk_<keyId>_<base64url>`: equal inputs give equal tokens. */
  tokenize(value: string, context: TokenContext): Promise<string>;
  /** The original value; the key is fetched from the vault for every call and the call is audited. */
  detokenize(token: string, request: DetokenizeRequest): Promise<string>;
}

const KEY_ID = /^[A-Za-z0-9-]{1,32}$/;
const TOKEN = /^tk_([A-Za-z0-9-]{1,32})_([A-Za-z0-9_-]{22,})$/;
const KEY_LENGTHS = [32, 48, 64];

async function fetchKey(vault: KeyVault, keyId: string): Promise<Uint8Array | undefined> {
  const key = await vault.getKey(keyId);
  return key === undefined ? undefined : assertKey(key, KEY_LENGTHS, `vault key "${keyId}"`);
}

/**
 * Deterministic, reversible tokenisation with AES-SIV (RFC 5297, from `@noble/ciphers`), with the
 * kind and field as separate associated-data components: a token moved to another field does not
 * decrypt. Keys come from a {@link KeyVault} port so re-identification data lives apart from the
 * data, and every detokenisation passes through the `audit` hook (fail closed).
 *
 * @example
 * ```ts
 * import { createTokenizer } from '@aisle/deid';
 *
 * const keys = new Map([['k1', new Uint8Array(64).fill(1)]]);
 * const tokenizer = createTokenizer({ vault: { getKey: (id) => keys.get(id) }, keyId: 'k1', audit: (e) => console.log(e.actor, e.outcome) });
 * const token = await tokenizer.tokenize('13800138000', { kind: 'mobile', field: 'phone' });
 * await tokenizer.detokenize(token, { kind: 'mobile', field: 'phone', actor: 'S-014', reason: 'ticket 42' }); // '13800138000'
 * ```
 *
 * @public
 */
export function createTokenizer(options: TokenizerOptions): Tokenizer {
  const { vault, keyId, audit } = options;
  if (!KEY_ID.test(keyId)) throw new RangeError('keyId must be 1-32 letters, digits or "-"');
  if (typeof audit !== 'function') throw new TypeError('audit must be a function');
  const clock = options.clock ?? systemClock;
  const ad = (context: TokenContext) => [utf8(assertValue(context.kind, 'kind')), utf8(assertValue(context.field, 'field'))] as const;

  return {
    async tokenize(value, context) {
      const plaintext = utf8(assertValue(value, 'value', 4096));
      const key = await fetchKey(vault, keyId);
      if (key === undefined) throw new DeidError(DeidErrorCode.KEY_NOT_FOUND, `No key "${keyId}" in the vault`, { details: { keyId } });
      const sealed = aessiv(key, ...ad(context)).encrypt(plaintext);
      return `tk_${keyId}_${toBase64Url(sealed)}`;
    },

    async detokenize(token, request) {
      const match = typeof token === 'string' ? TOKEN.exec(token) : null;
      const sealed = match ? fromBase64Url(match[2] as string) : undefined;
      if (!match || sealed === undefined || sealed.length < 16) {
        throw new DeidError(DeidErrorCode.TOKEN_MALFORMED, 'Not a token (expected tk_<keyId>_<base64url>)');
      }
      const tokenKeyId = match[1] as string;
      const [kind, field] = ad(request);
      const base = {
        at: clock.now(),
        keyId: tokenKeyId,
        kind: request.kind,
        field: request.field,
        actor: assertValue(request.actor, 'actor'),
        reason: assertValue(request.reason, 'reason'),
      };
      const report = async (outcome: DetokenizeAuditEvent['outcome']) => {
        try {
          await audit({ ...base, outcome });
        } catch (cause) {
          throw new DeidError(DeidErrorCode.AUDIT_FAILED, 'The audit hook failed; detokenisation refused', { cause });
        }
      };
      const key = await fetchKey(vault, tokenKeyId);
      if (key === undefined) {
        await report('key-not-found');
        throw new DeidError(DeidErrorCode.KEY_NOT_FOUND, `No key "${tokenKeyId}" in the vault`, { details: { keyId: tokenKeyId } });
      }
      let plaintext: Uint8Array;
      try {
        plaintext = aessiv(key, kind, field).decrypt(sealed);
      } catch {
        await report('invalid-token');
        throw new DeidError(DeidErrorCode.TOKEN_INVALID, 'Token failed authentication (tampered, wrong key, or wrong kind/field)');
      }
      await report('ok');
      return fromUtf8(plaintext);
    },
  };
}
