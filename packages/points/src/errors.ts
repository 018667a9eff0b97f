import { AisleError, errorCodes } from '@aisle/core';

/**
 * Stable error codes of `@aisle/points`. Switch on `error.code`; the messages may change.
 *
 * @example
 * ```ts
 * import { PointsError, PointsErrorCode } from '@aisle/points';
 * try {
 *   await ledger.redeem({ key: 'r-1', memberId: 'm-1', points: 10_000, at: new Date() });
 * } catch (error) {
 *   if (PointsError.isInstance(error, PointsErrorCode.INSUFFICIENT_BALANCE)) console.log('not enough points');
 * }
 * ```
 */
export const PointsErrorCode = {
  /** An amount in fen or points is negative, fractional or not a safe integer. */
  INVALID_AMOUNT: 'POINTS_INVALID_AMOUNT',
  /** A rule set cannot be compiled (duplicate rule ids, unknown group, bad factor). */
  INVALID_RULES: 'POINTS_INVALID_RULES',
  /** Exclusive groups contradict each other (one group declared twice, `multiply` over non-multipliers). */
  CONTRADICTORY_STACKING: 'POINTS_CONTRADICTORY_STACKING',
  /** The member is missing or not the one the operation refers to. */
  UNKNOWN_MEMBER: 'POINTS_UNKNOWN_MEMBER',
  /** The store is not in the compiled rule set's store list or lacks a time zone. */
  UNKNOWN_STORE: 'POINTS_UNKNOWN_STORE',
  /** An idempotency key was reused with a different request. */
  IDEMPOTENCY_CONFLICT: 'POINTS_IDEMPOTENCY_CONFLICT',
  /** A redemption asks for more points than the member's active lots hold. */
  INSUFFICIENT_BALANCE: 'POINTS_INSUFFICIENT_BALANCE',
  /** A refund refers to an accrual or redemption the ledger does not know. */
  UNKNOWN_REFERENCE: 'POINTS_UNKNOWN_REFERENCE',
  /** A refund exceeds what remains refundable on the transaction. */
  REFUND_EXCEEDS_ORIGINAL: 'POINTS_REFUND_EXCEEDS_ORIGINAL',
  /** A transaction id was already accrued under another idempotency key. */
  DUPLICATE_TRANSACTION: 'POINTS_DUPLICATE_TRANSACTION',
  /** A catalogue item cannot be redeemed as asked (unknown item, over the order share, out of stock). */
  REDEMPTION_REJECTED: 'POINTS_REDEMPTION_REJECTED',
  /** An earn is dated before the member's newest operation and the backdating policy does not accept it. */
  BACKDATED: 'POINTS_BACKDATED',
} as const;

/** One of the `PointsErrorCode` values. @example `const code: PointsErrorCode = 'POINTS_INVALID_AMOUNT';` */
export type PointsErrorCode = (typeof PointsErrorCode)[keyof typeof PointsErrorCode];

declare module '@aisle/core' {
  interface AisleErrorCodes {
    /** The codes of `@aisle/points`. */
    points: PointsErrorCode;
  }
}

/**
 * The error class of `@aisle/points`: an `AisleError` with a `POINTS_…` code.
 * `PointsError.isInstance` is true only for this package's codes (from any copy of the package).
 *
 * @example
 * ```ts
 * import { PointsError } from '@aisle/points';
 * const error = new PointsError('POINTS_INVALID_AMOUNT', 'amountFen must be an integer');
 * PointsError.isInstance(error, 'POINTS_INVALID_AMOUNT'); // true
 * ```
 */
export class PointsError extends AisleError<PointsErrorCode> {
  /** The `POINTS_…` codes: `isInstance` is true only for these. */
  static override readonly codes: ReadonlySet<string> = /* @__PURE__ */ errorCodes(PointsErrorCode);
  /** Always `'PointsError'`. */
  override name = 'PointsError';
}

/** @internal */
export function checkAmount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PointsError(PointsErrorCode.INVALID_AMOUNT, `${what} must be a non-negative integer, got ${describe(value)}`, {
      details: { field: what },
    });
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : typeof value;
}
