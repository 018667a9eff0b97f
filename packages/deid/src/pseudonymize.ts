import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Canonical, canonicalize, IDENTIFIER_KINDS, type IdentifierKind } from './canonicalize';
import { DeidError, DeidErrorCode } from './errors';
import { assertKey, encodeLabels, toBase64Url, utf8 } from './internal/bytes';
import { checkedHmacFactory, createKeyedHmac, type KeyedHmac } from './internal/keyed-hmac';
import { assertValue } from './internal/values';

/**
 * Makes the HMAC-SHA256 a pseudonymiser or date shifter runs on: given a key, returns a function
 * that writes the 32-byte HMAC-SHA256 of `message`'s UTF-8 bytes into `out` and returns `out`
 * (which the caller reads before the next call). The default is `@noble/hashes` (runs
 * everywhere); `@aisle/deid/node` provides `node:crypto`'s as `nodeHmacSha256`. A factory is
 * checked once against RFC 4231 test vectors when first passed (`TypeError` if it disagrees),
 * so every backend gives the same pseudonyms. The factory owns the key it receives.
 *
 * @example
 * ```ts
 * import { createHmac } from 'node:crypto';
 * import { createPseudonymizer, type HmacSha256Factory } from '@aisle/deid';
 *
 * // Any correct HMAC-SHA256 works (this one is slower than nodeHmacSha256 from @aisle/deid/node).
 * const viaCreateHmac: HmacSha256Factory = (key) => (message, out) => {
 *   out.set(createHmac('sha256', key).update(message, 'utf8').digest());
 *   return out;
 * };
 * createPseudonymizer({ key: new Uint8Array(32).fill(7), tenant: 'acme', purpose: 'analytics', hmac: viaCreateHmac });
 * ```
 *
 * @public
 */
export type HmacSha256Factory = (key: Uint8Array) => (message: string, out: Uint8Array) => Uint8Array;

/** @public */
export interface PseudonymizerOptions {
  /** The master key (32 or 64 random bytes). Subkeys are derived per tenant, kind, purpose and version. */
  readonly key: Uint8Array;
  /** The tenant (retailer, brand) the pseudonyms belong to. Different tenants are unlinkable. */
  readonly tenant: string;
  /** What the pseudonyms are for (`analytics`, `marketing`). Different purposes are unlinkable. */
  readonly purpose: string;
  /** The master key's version, carried in every pseudonym as `p<version>_` (default 1). */
  readonly keyVersion?: number;
  /** Output bytes before base64url: 16 (default, 128 bits) to 32. */
  readonly bytes?: number;
  /**
   * What to do with an identifier that canonicalises as invalid (bad checksum, unknown prefix):
   * `'throw'` (default) throws `DEID_INVALID_IDENTIFIER`; `'accept'` pseudonymises the
   * normalised text anyway.
   */
  readonly onInvalid?: 'throw' | 'accept';
  /**
   * The HMAC-SHA256 implementation: by default `@noble/hashes` (browsers, mini-programs, Node);
   * in Node pass `nodeHmacSha256` from `@aisle/deid/node` (OpenSSL, same pseudonyms, faster).
   */
  readonly hmac?: HmacSha256Factory;
}

/** @public */
export interface Pseudonymizer {
  readonly keyVersion: number;
  /**
   * The pseudonym of an identifier: canonicalised first for the known kinds (so `+86 138…` and
   * `138…` match); any other kind (`'member-id'`) is NFKC-normalised and trimmed.
   */
  pseudonymize(kind: IdentifierKind | (string & {}), value: string): string;
  /** The pseudonym of an already canonical value (no normalisation; fastest path). */
  pseudonymizeCanonical(kind: IdentifierKind | (string & {}), canonical: string): string;
}

const KNOWN = /* @__PURE__ */ new Set<string>(IDENTIFIER_KINDS);
const SALT = /* @__PURE__ */ utf8('aisle/deid/pseudonym/v1');

/**
 * The version a pseudonym was made with (`p3_…` → 3), or `undefined` if it is not a pseudonym.
 *
 * @example
 * ```ts
 * import { pseudonymVersion } from '@aisle/deid';
 *
 * pseudonymVersion('p2_3q2-7wAAAAAAAAAAAAAAAA'); // 2
 * ```
 *
 * @public
 */
export function pseudonymVersion(pseudonym: string): number | undefined {
  const match = /^p(\d{1,6})_[A-Za-z0-9_-]+$/.exec(pseudonym);
  return match ? Number(match[1]) : undefined;
}

/**
 * Keyed, deterministic, one-way pseudonyms: HMAC-SHA256 of the canonical value under
 * HKDF(master key, tenant | kind | purpose | version). Same tenant and purpose → the same
 * pseudonym (linkable); a different tenant or purpose → unrelated pseudonyms. The keyed HMAC
 * state is derived once per kind and reused, so a pseudonym costs two SHA-256 compressions.
 *
 * @example
 * ```ts
 * import { createPseudonymizer } from '@aisle/deid';
 *
 * const p = createPseudonymizer({ key: new Uint8Array(32).fill(7), tenant: 'acme', purpose: 'analytics' });
 * p.pseudonymize('mobile', '+86 138 0013 8000') === p.pseudonymize('mobile', '13800138000'); // true
 * p.pseudonymize('mobile', '13800138000').startsWith('p1_'); // true
 * ```
 *
 * @public
 */
export function createPseudonymizer(options: PseudonymizerOptions): Pseudonymizer {
  const master = assertKey(options.key, [32, 64], 'pseudonymizer key');
  const tenant = assertValue(options.tenant, 'tenant');
  const purpose = assertValue(options.purpose, 'purpose');
  const keyVersion = options.keyVersion ?? 1;
  if (!Number.isSafeInteger(keyVersion) || keyVersion < 0 || keyVersion > 999_999) {
    throw new RangeError('keyVersion must be an integer from 0 to 999999');
  }
  const bytes = options.bytes ?? 16;
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 32) throw new RangeError('bytes must be an integer from 16 to 32');
  const onInvalid = options.onInvalid ?? 'throw';
  const prefix = `p${keyVersion}_`;
  const backend = options.hmac === undefined ? undefined : checkedHmacFactory(options.hmac, 'hmac');
  const keyed = new Map<string, KeyedHmac>();
  const out = new Uint8Array(32);

  const macFor = (kind: string) => {
    let mac = keyed.get(kind);
    if (mac === undefined) {
      const subkey = hkdf(sha256, master, SALT, encodeLabels([tenant, kind, purpose, String(keyVersion)]), 32);
      if (backend === undefined) {
        mac = createKeyedHmac(subkey);
        subkey.fill(0);
      } else mac = backend(subkey); // the backend owns this copy of the subkey

      keyed.set(kind, mac);
    }
    return mac;
  };

  const pseudonymizeCanonical = (kind: string, canonical: string): string => prefix + toBase64Url(macFor(kind)(canonical, out), bytes);

  const normalise = (kind: string, value: string): string => {
    if (!KNOWN.has(kind)) return assertValue(value, kind).normalize('NFKC').trim();
    const canonical: Canonical = canonicalize(kind as IdentifierKind, value);
    if (!canonical.valid && onInvalid === 'throw') {
      throw new DeidError(DeidErrorCode.INVALID_IDENTIFIER, `Not a valid ${kind} (${canonical.problem})`, {
        details: { kind, problem: canonical.problem },
      });
    }
    return canonical.value;
  };

  return {
    keyVersion,
    pseudonymize: (kind, value) => pseudonymizeCanonical(kind, normalise(kind, value)),
    pseudonymizeCanonical: (kind, canonical) => pseudonymizeCanonical(kind, assertValue(canonical, kind, 4096)),
  };
}
