/**
 * Errors people can switch on: a stable `code`, an optional `cause`, and a brand that survives
 * duplicate installs of this package.
 */

const BRAND: unique symbol = Symbol.for('aisle.error') as never;

/**
 * Codes thrown by `@aisle/core`. Every domain package keeps its own map with its own prefix
 * (`CONSENT_…`, `DEID_…`); codes never change meaning once published.
 *
 * @public
 */
export const CoreErrorCode = {
  /** Input failed schema validation; see {@link ValidationError.issues}. */
  VALIDATION: 'CORE_VALIDATION',
  /** A schema or callback threw something unexpected; the original is in `cause`. */
  UNEXPECTED: 'CORE_UNEXPECTED',
  /** A string that is not an IANA time zone known to the runtime's `Intl`. */
  INVALID_TIME_ZONE: 'CORE_INVALID_TIME_ZONE',
  /** A date that is invalid, out of range, or a string without an explicit UTC offset. */
  INVALID_INSTANT: 'CORE_INVALID_INSTANT',
  /** A local wall-clock time that does not exist (or is ambiguous) with `disambiguation: 'reject'`. */
  NONEXISTENT_LOCAL_TIME: 'CORE_NONEXISTENT_LOCAL_TIME',
  /** A value that has no canonical JSON form (NaN, Infinity, bigint, function, class instance, cycle…). */
  NOT_CANONICALIZABLE: 'CORE_NOT_CANONICALIZABLE',
  /**
   * The one broken-chain code of every package: a hash chain, a stream or a checkpoint failed
   * verification. `details` has `context` (`core`, `consent`, `points`, `incidents`, …), and where
   * known `streamId`, `index` (the first bad entry) and `reason`.
   */
  CHAIN_BROKEN: 'CORE_CHAIN_BROKEN',
  /** A string that is not a well-formed id of the expected kind. */
  INVALID_ID: 'CORE_INVALID_ID',
  /** No cryptographically secure random source is available and none was injected. */
  NO_RANDOM_SOURCE: 'CORE_NO_RANDOM_SOURCE',
  /** A stream did not match the append's expected version; nothing was written. Reload, decide again, retry. */
  STORE_VERSION_CONFLICT: 'CORE_STORE_VERSION_CONFLICT',
  /** Some of an append's entry ids are already stored (or sit at other positions); nothing was written. */
  STORE_DUPLICATE_ID: 'CORE_STORE_DUPLICATE_ID',
  /** An idempotency key was reused with a different request; nothing was written. */
  STORE_IDEMPOTENCY_CONFLICT: 'CORE_STORE_IDEMPOTENCY_CONFLICT',
  /** A counter moved with an append would pass its limit; nothing was written. `details.key` names it. */
  STORE_LIMIT_EXCEEDED: 'CORE_STORE_LIMIT_EXCEEDED',
  /** A deadlock or serialisation failure; nothing was written; retry the same operation. */
  STORE_TRANSIENT: 'CORE_STORE_TRANSIENT',
  /** The store is down or timed out; nothing was half-written; a retry with the same entry ids is safe. */
  STORE_UNAVAILABLE: 'CORE_STORE_UNAVAILABLE',
  /** A decide-and-retry loop met a conflict on every attempt. */
  STORE_RETRIES_EXHAUSTED: 'CORE_STORE_RETRIES_EXHAUSTED',
} as const;

/** @public */
export type CoreErrorCode = (typeof CoreErrorCode)[keyof typeof CoreErrorCode];

/** @public */
export interface AisleErrorOptions {
  /** The underlying error, passed through untouched (never serialised by {@link AisleError.toJSON}). */
  readonly cause?: unknown;
  /** Structured, non-secret facts about the failure (an index, a field name). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The base of every error Aisle throws for bad input or a domain failure.
 *
 * Programmer mistakes (calling a function with the wrong arity or type in TypeScript) throw
 * `TypeError`/`RangeError`; expected outcomes (consent denied) are returned, never thrown.
 *
 * @example
 * ```ts
 * import { AisleError, CoreErrorCode } from '@aisle/core';
 *
 * try {
 *   throw new AisleError(CoreErrorCode.INVALID_ID, 'Not a member id: "x"');
 * } catch (error) {
 *   if (AisleError.isInstance(error, CoreErrorCode.INVALID_ID)) console.log(error.code);
 * }
 * ```
 *
 * @public
 */
export class AisleError<Code extends string = string> extends Error {
  /** A stable, documented code; switch on this, never on the message. */
  readonly code: Code;
  /** Structured, non-secret facts about the failure. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: Code, message: string, options: AisleErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'AisleError';
    this.code = code;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /**
   * True for any Aisle error, including one created by another copy of this package.
   * With `code`, also checks the code.
   */
  static isInstance(value: unknown, code?: string): value is AisleError {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    return code === undefined || (value as AisleError).code === code;
  }

  /** A JSON form without `cause` (which may hold data that must not be logged). */
  toJSON(): { name: string; code: Code; message: string; details?: Readonly<Record<string, unknown>> } {
    return this.details === undefined
      ? { name: this.name, code: this.code, message: this.message }
      : { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/**
 * Turns anything thrown into an {@link AisleError}: Aisle errors pass through unchanged, anything
 * else (an `Error`, a string, `undefined`…) becomes `CORE_UNEXPECTED` with the original as `cause`.
 *
 * @example
 * ```ts
 * import { toAisleError } from '@aisle/core';
 *
 * const error = toAisleError('boom', 'Reading the store failed');
 * console.log(error.code, error.cause); // CORE_UNEXPECTED boom
 * ```
 *
 * @public
 */
export function toAisleError(thrown: unknown, context = 'Unexpected failure'): AisleError {
  if (AisleError.isInstance(thrown)) return thrown;
  const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : `a thrown ${describe(thrown)}`;
  return new AisleError(CoreErrorCode.UNEXPECTED, `${context} (${what})`, { cause: thrown });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
