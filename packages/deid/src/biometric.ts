import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DeidError, DeidErrorCode } from './errors';
import { assertKey, constantTimeEqual, encodeLabels, fromBase64Url, toBase64Url, utf8 } from './internal/bytes';
import { assertValue } from './internal/values';

/** @public */
export interface BiometricReferencer {
  /** A keyed digest `b1_…` of a template; store this, never the template. */
  reference(template: Uint8Array): string;
  /** Whether a template is byte-for-byte the one a reference was made from (constant-time). */
  matches(template: Uint8Array, reference: string): boolean;
}

/**
 * Biometric references as keyed digests (HMAC-SHA256 under a tenant subkey): templates are never
 * stored. **Exact match only**: two captures of the same face or finger produce different
 * templates, so this supports re-identifying a stable, vendor-issued template or enrolment
 * blob, not fuzzy matching; anything fuzzy needs the template and belongs in a separate,
 * consented system.
 *
 * @example
 * ```ts
 * import { createBiometricReferencer } from '@aisle/deid';
 *
 * const refs = createBiometricReferencer({ key: new Uint8Array(32).fill(4), tenant: 'acme' });
 * const ref = refs.reference(new Uint8Array([1, 2, 3]));
 * refs.matches(new Uint8Array([1, 2, 3]), ref); // true
 * ```
 *
 * @public
 */
export function createBiometricReferencer(options: { readonly key: Uint8Array; readonly tenant: string }): BiometricReferencer {
  const master = assertKey(options.key, [32, 64], 'biometric key');
  const key = hkdf(sha256, master, utf8('aisle/deid/biometric/v1'), encodeLabels([assertValue(options.tenant, 'tenant')]), 32);
  const digest = (template: Uint8Array) => {
    if (!(template instanceof Uint8Array)) throw new TypeError('template must be a Uint8Array');
    if (template.length === 0) throw new DeidError(DeidErrorCode.EMPTY_VALUE, 'template is empty');
    if (template.length > 1 << 20) throw new DeidError(DeidErrorCode.VALUE_TOO_LONG, 'template is larger than 1 MiB');
    return hmac(sha256, key, template);
  };
  return {
    reference: (template) => `b1_${toBase64Url(digest(template))}`,
    matches(template, reference) {
      const bytes = typeof reference === 'string' && reference.startsWith('b1_') ? fromBase64Url(reference.slice(3)) : undefined;
      return bytes !== undefined && constantTimeEqual(digest(template), bytes);
    },
  };
}
