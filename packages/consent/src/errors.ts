import { AisleError, errorCodes } from '@aisle/core';

/**
 * Stable error codes thrown by `@aisle/consent`. Switch on `error.code`; messages may change.
 *
 * @example
 * ```ts
 * import { ConsentError, ConsentErrorCode } from '@aisle/consent';
 *
 * try {
 *   await consents.append(event);
 * } catch (error) {
 *   if (ConsentError.isInstance(error) && error.code === ConsentErrorCode.OUT_OF_ORDER) retryLater();
 * }
 * ```
 */
export const ConsentErrorCode = {
  /** An event, catalogue, notice, flow or subject record failed its schema. */
  INVALID_INPUT: 'CONSENT_INVALID_INPUT',
  /** A purpose id is not in the catalogue (in an event, a decision, a flow or an export). */
  UNKNOWN_PURPOSE: 'CONSENT_UNKNOWN_PURPOSE',
  /** An event is older than the subject's latest recorded event. */
  OUT_OF_ORDER: 'CONSENT_OUT_OF_ORDER',
  /** A decision was asked for a time before the subject's materialised state. */
  TIME_BEFORE_STATE: 'CONSENT_TIME_BEFORE_STATE',
  /** An unsubscribe token is malformed or its signature does not verify. */
  TOKEN_INVALID: 'CONSENT_TOKEN_INVALID',
  /** An unsubscribe token is past its expiry. */
  TOKEN_EXPIRED: 'CONSENT_TOKEN_EXPIRED',
  /** An unsubscribe token was presented on a channel it was not issued for. */
  TOKEN_WRONG_CHANNEL: 'CONSENT_TOKEN_WRONG_CHANNEL',
  /** `createConsentFlow` would build a form that `validateConsentFlow` rejects (`details.violations`). */
  FLOW_REJECTED: 'CONSENT_FLOW_REJECTED',
  /** A consent-flow action does not fit the flow's state (no answer yet, not that step, finished). */
  FLOW_STATE: 'CONSENT_FLOW_STATE',
  /** An unsubscribe token is valid but names another subject or purpose than the caller expected. */
  TOKEN_MISMATCH: 'CONSENT_TOKEN_MISMATCH',
} as const;

/** One of the `ConsentErrorCode` values. */
export type ConsentErrorCode = (typeof ConsentErrorCode)[keyof typeof ConsentErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/consent`. */
    consent: ConsentErrorCode;
  }
}

/**
 * The error class of `@aisle/consent` for bad input. Denials are never errors: they are returned
 * as decisions. A broken hash chain is core's `CORE_CHAIN_BROKEN` (an `AisleError` with
 * `details.context: 'consent'`), the one code every package uses for tampered evidence.
 * `ConsentError.isInstance` is true only for `CONSENT_…` codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { ConsentError } from '@aisle/consent';
 *
 * if (ConsentError.isInstance(error, 'CONSENT_OUT_OF_ORDER')) console.log(error.details);
 * ```
 */
export class ConsentError extends AisleError<ConsentErrorCode> {
  /** The `CONSENT_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(ConsentErrorCode);
  /** Always `'ConsentError'`. */
  override name = 'ConsentError';
}
