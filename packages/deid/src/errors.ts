import { AisleError, errorCodes } from '@aisle/core';

/**
 * Codes thrown by `@aisle/deid`. Messages and `details` never contain key material or the value
 * being protected.
 *
 * @example
 * ```ts
 * import { AisleError, errorCodes } from '@aisle/core';
 * import { DeidErrorCode, createFf1 } from '@aisle/deid';
 *
 * try {
 *   createFf1({ key: new Uint8Array(16), radix: 10 }).encrypt('12345');
 * } catch (error) {
 *   if (AisleError.isInstance(error, DeidErrorCode.FF1_DOMAIN_TOO_SMALL)) console.log('too short for FF1');
 * }
 * ```
 *
 * @public
 */
export const DeidErrorCode = {
  /** A key is not a `Uint8Array` of an accepted length. */
  INVALID_KEY: 'DEID_INVALID_KEY',
  /** A value is empty (after trimming) where one is required. */
  EMPTY_VALUE: 'DEID_EMPTY_VALUE',
  /** A value is longer than the limit for its kind. */
  VALUE_TOO_LONG: 'DEID_VALUE_TOO_LONG',
  /** An identifier is malformed or fails its checksum where a valid one is required (`strict`). */
  INVALID_IDENTIFIER: 'DEID_INVALID_IDENTIFIER',
  /** FF1 input has a character outside the alphabet. */
  INVALID_CHARACTER: 'DEID_INVALID_CHARACTER',
  /** radix^length is below the 1,000,000 floor of NIST SP 800-38G. */
  FF1_DOMAIN_TOO_SMALL: 'DEID_FF1_DOMAIN_TOO_SMALL',
  /** A token is not in the `tk_<keyId>_<data>` shape. */
  TOKEN_MALFORMED: 'DEID_TOKEN_MALFORMED',
  /** A token failed authentication: tampered, wrong key, or wrong kind/field. */
  TOKEN_INVALID: 'DEID_TOKEN_INVALID',
  /** The key vault has no key with the requested id. */
  KEY_NOT_FOUND: 'DEID_KEY_NOT_FOUND',
  /** The audit hook threw; the detokenisation was refused (fail closed). */
  AUDIT_FAILED: 'DEID_AUDIT_FAILED',
  /** The subject's data key was shredded (or never existed): its ciphertext is unreadable. */
  SUBJECT_SHREDDED: 'DEID_SUBJECT_SHREDDED',
  /** A ciphertext is malformed or failed authentication. */
  CIPHERTEXT_INVALID: 'DEID_CIPHERTEXT_INVALID',
  /** A record has a field the policy does not name and `unknownFields` is `'error'`. */
  UNKNOWN_FIELD: 'DEID_UNKNOWN_FIELD',
  /** CSV input is malformed (unterminated quote, ragged row). */
  CSV_MALFORMED: 'DEID_CSV_MALFORMED',
} as const;

/** @public */
export type DeidErrorCode = (typeof DeidErrorCode)[keyof typeof DeidErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/deid`. */
    deid: DeidErrorCode;
  }
}

/**
 * The error `@aisle/deid` throws for bad input and failed authentication.
 * `DeidError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { DeidError, DeidErrorCode } from '@aisle/deid';
 *
 * const error = new DeidError(DeidErrorCode.INVALID_KEY, 'key must be 32 bytes (got 16)');
 * console.log(error.code); // DEID_INVALID_KEY
 * ```
 *
 * @public
 */
export class DeidError extends AisleError<DeidErrorCode> {
  /** The `DEID_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(DeidErrorCode);
  /** Always `'DeidError'`. */
  override name = 'DeidError';
}
