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

/**
 * The registry of every known error code, one entry per package. `@aisle/core` registers its own
 * codes; each package adds its map by module augmentation when its types are loaded, so
 * `AisleError.isInstance` accepts exactly the codes of the packages a program uses and a
 * misspelt code does not compile.
 *
 * @example
 * ```ts
 * // In a package's src/errors.ts:
 * declare module '@aisle/core' {
 *   interface AisleErrorCodes {
 *     consent: ConsentErrorCode;
 *   }
 * }
 * ```
 *
 * @public
 */
export interface AisleErrorCodes {
  /** The codes of `@aisle/core`. */
  core: CoreErrorCode;
}

/**
 * Every code registered in {@link AisleErrorCodes}: core's, plus those of each Aisle package the
 * program imports.
 *
 * @example
 * ```ts
 * import type { AisleErrorCode } from '@aisle/core';
 *
 * const code: AisleErrorCode = 'CORE_CHAIN_BROKEN';
 * ```
 *
 * @public
 */
export type AisleErrorCode = AisleErrorCodes[keyof AisleErrorCodes];

/** @public */
export interface AisleErrorOptions {
  /** The underlying error, passed through untouched (never serialised by {@link AisleError.toJSON}). */
  readonly cause?: unknown;
  /** Structured, non-secret facts about the failure (an index, a field name). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The static side of {@link AisleError} and of its subclasses, as `isInstance` sees it.
 *
 * @example
 * ```ts
 * import { type AisleErrorClass, CoreError } from '@aisle/core';
 *
 * const classes: AisleErrorClass[] = [CoreError];
 * ```
 *
 * @public
 */
export type AisleErrorClass<E extends AisleError<string> = AisleError<string>> = (abstract new (
  // biome-ignore lint/suspicious/noExplicitAny: the constructor's parameters do not matter here.
  ...args: any[]
) => E) & { readonly codes?: ReadonlySet<string> | undefined };

/**
 * The code type of an error class: `ConsentErrorCode` for `typeof ConsentError`, every registered
 * code ({@link AisleErrorCode}) for `typeof AisleError`.
 *
 * @example
 * ```ts
 * import type { CoreError, ErrorCodeOf } from '@aisle/core';
 *
 * const code: ErrorCodeOf<typeof CoreError> = 'CORE_INVALID_ID';
 * ```
 *
 * @public
 */
export type ErrorCodeOf<T extends AisleErrorClass> = typeof AisleError extends T ? AisleErrorCode : InstanceType<T>['code'];

/**
 * The instance type `isInstance` narrows to: `AisleError` (any registered code) for `AisleError` itself.
 *
 * @example
 * ```ts
 * import { CoreError, type ErrorOf } from '@aisle/core';
 *
 * const error: ErrorOf<typeof CoreError> = new CoreError('CORE_INVALID_ID', 'Not an id');
 * ```
 *
 * @public
 */
export type ErrorOf<T extends AisleErrorClass> = typeof AisleError extends T ? AisleError : InstanceType<T>;

/**
 * The base of every error Aisle throws for bad input or a domain failure.
 *
 * Programmer mistakes (calling a function with the wrong arity or type in TypeScript) throw
 * `TypeError`/`RangeError`; expected outcomes (consent denied) are returned, never thrown.
 *
 * Each package's class is a two-line subclass that names its codes and its name; the constructor,
 * the brand and `isInstance` live here:
 *
 * ```ts
 * export class ConsentError extends AisleError<ConsentErrorCode> {
 *   static override readonly codes = errorCodes(ConsentErrorCode);
 *   override name = 'ConsentError';
 * }
 * ```
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
export class AisleError<Code extends string = AisleErrorCode> extends Error {
  /**
   * The codes a subclass may carry (see {@link errorCodes}); `isInstance` of the subclass is true
   * only for these. `undefined` on `AisleError` itself: any code.
   */
  static readonly codes: ReadonlySet<string> | undefined = undefined;
  /** A stable, documented code; switch on this, never on the message. */
  readonly code: Code;
  /** Structured, non-secret facts about the failure. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /** @throws `TypeError` when a subclass is given a code that is not one of its `codes`. */
  constructor(code: Code, message: string, options: AisleErrorOptions = {}) {
    const codes = new.target.codes;
    if (codes !== undefined && !codes.has(code)) {
      throw new TypeError(`${new.target.name}: unknown error code ${JSON.stringify(String(code)).slice(0, 80)}`);
    }
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'AisleError';
    this.code = code;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /**
   * True for an Aisle error, including one created by another copy of the package (the brand is a
   * `Symbol.for` key, shared by every copy, and classes are told apart by code, never by
   * identity): on `AisleError` any Aisle error, on a package's class (`ConsentError.isInstance`)
   * only one with that class's codes. With `code`, also checks the code; only the class's codes
   * type-check (on `AisleError`, every registered code: see {@link AisleErrorCodes}). Call it as a
   * method (`ConsentError.isInstance(error)`), not detached.
   */
  static isInstance<T extends AisleErrorClass>(this: T, value: unknown): value is ErrorOf<T>;
  static isInstance<T extends AisleErrorClass, C extends ErrorCodeOf<T>>(
    this: T,
    value: unknown,
    code: C,
  ): value is ErrorOf<T> & { readonly code: C };
  static isInstance(this: AisleErrorClass | undefined, value: unknown, code?: string): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as { [BRAND]?: unknown })[BRAND] !== true) return false;
    const actual = (value as { code?: unknown }).code;
    if (code !== undefined && actual !== code) return false;
    // `this` is the class isInstance was called on: AisleError (any code) or a package's class.
    // biome-ignore lint/complexity/noThisInStatic: the subclass's own codes are the point.
    const codes = this?.codes;
    return codes === undefined || (typeof actual === 'string' && codes.has(actual));
  }

  /** A JSON form without `cause` (which may hold data that must not be logged). */
  toJSON(): { name: string; code: Code; message: string; details?: Readonly<Record<string, unknown>> } {
    return this.details === undefined
      ? { name: this.name, code: this.code, message: this.message }
      : { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/**
 * The code set of a package's error class, from its `as const` code map: what
 * `static override readonly codes` of an {@link AisleError} subclass holds.
 *
 * @throws `TypeError` when the map is empty or a value is not an UPPER_SNAKE_CASE code.
 *
 * @example
 * ```ts
 * import { AisleError, errorCodes } from '@aisle/core';
 *
 * const ShelfErrorCode = { EMPTY: 'SHELF_EMPTY' } as const;
 * type ShelfErrorCode = (typeof ShelfErrorCode)[keyof typeof ShelfErrorCode];
 *
 * class ShelfError extends AisleError<ShelfErrorCode> {
 *   static override readonly codes = errorCodes(ShelfErrorCode);
 *   override name = 'ShelfError';
 * }
 *
 * console.log(ShelfError.isInstance(new ShelfError('SHELF_EMPTY', 'The shelf is empty'))); // true
 * ```
 *
 * @public
 */
export function errorCodes(map: Readonly<Record<string, string>>): ReadonlySet<string> {
  const list = Object.values(map);
  if (list.length === 0 || !list.every((code) => typeof code === 'string' && /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/.test(code))) {
    throw new TypeError('errorCodes: expected a non-empty map of UPPER_SNAKE_CASE codes');
  }
  return new Set(list);
}

/**
 * The error class of `@aisle/core`'s own codes. Core's functions throw {@link AisleError}s (and
 * {@link ValidationError}s) with these codes; `CoreError.isInstance` recognises all of them, and
 * no other package's.
 *
 * @example
 * ```ts
 * import { CoreError, toInstant } from '@aisle/core';
 *
 * try {
 *   toInstant('2026-11-21 10:00');
 * } catch (error) {
 *   if (CoreError.isInstance(error, 'CORE_INVALID_INSTANT')) console.log(error.message);
 * }
 * ```
 *
 * @public
 */
export class CoreError extends AisleError<CoreErrorCode> {
  /** The `CORE_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(CoreErrorCode);
  /** Always `'CoreError'`. */
  override name = 'CoreError';
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
