import { AisleError, errorCodes } from '@aisle/core';

/**
 * Codes thrown by `@aisle/identity` for bad input and refused operations. Guard outcomes that a
 * careful caller expects (a merge held for review, a quarantined hub) are returned, not thrown.
 *
 * @public
 */
export const IdentityErrorCode = {
  /** An identifier of a type the graph was not given, or a type declared twice. */
  UNKNOWN_TYPE: 'IDENTITY_UNKNOWN_TYPE',
  /** An identifier whose value does not canonicalise, or a namespaced type without a namespace. */
  INVALID_IDENTIFIER: 'IDENTITY_INVALID_IDENTIFIER',
  /** Link evidence that is incomplete or inconsistent (times out of order, no purposes, a consent basis without its event). */
  INVALID_EVIDENCE: 'IDENTITY_INVALID_EVIDENCE',
  /** A merge asked for by a caller that is not a trusted server-side source. */
  UNTRUSTED_CALLER: 'IDENTITY_UNTRUSTED_CALLER',
  /** A link that does not exist. */
  UNKNOWN_LINK: 'IDENTITY_UNKNOWN_LINK',
  /** Another process wrote the same link: one process writes a graph at a time; reload it with `loadIdentityGraph`. */
  CONCURRENT_WRITER: 'IDENTITY_CONCURRENT_WRITER',
  /** Presence input over its documented size cap (bytes of text, or records in an array), refused before parsing. */
  INPUT_TOO_LARGE: 'IDENTITY_INPUT_TOO_LARGE',
  /** Presence input that is not the documented shape at all (not JSON, no observations array, a bad option). */
  INVALID_PRESENCE_INPUT: 'IDENTITY_INVALID_PRESENCE_INPUT',
  /** A raw observation older than the retention limit (at most a day), or a window asked for after it was purged. */
  RETENTION_EXCEEDED: 'IDENTITY_RETENTION_EXCEEDED',
  /** A trajectory for a member without a linked profile or without the separate consent it needs (PIPL Art. 28/29). */
  CONSENT_REQUIRED: 'IDENTITY_CONSENT_REQUIRED',
} as const;

/** @public */
export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/identity`. */
    identity: IdentityErrorCode;
  }
}

/**
 * The error `@aisle/identity` throws; switch on `code`.
 * `IdentityError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { IdentityError, IdentityErrorCode } from '@aisle/identity';
 *
 * const error = new IdentityError(IdentityErrorCode.UNKNOWN_TYPE, 'Unknown identifier type "fax"');
 * error.code; // 'IDENTITY_UNKNOWN_TYPE'
 * ```
 *
 * @public
 */
export class IdentityError extends AisleError<IdentityErrorCode> {
  /** The `IDENTITY_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(IdentityErrorCode);
  /** Always `'IdentityError'`. */
  override name = 'IdentityError';
}
