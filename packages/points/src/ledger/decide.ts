import { canonicalJson, hashBody, type Json } from '@aisle/core';
import { PointsError, PointsErrorCode } from '../errors';
import { mulDiv } from '../internal/rounding';
import type { LedgerConfig } from './config';
import { expiryOf } from './expiry';
import { type Accrual, type LotState, type MemberState, REDEMPTION_DAYS } from './state';
import type { ActivatePayload, ExpirePayload, LotMovement, Posting, RedeemPayload, RefundPayload, RefundRedemptionPayload } from './types';

/** The double-entry accounts of one member. */
export const account = {
  available: (memberId: string) => `member:${memberId}:available`,
  pending: (memberId: string) => `member:${memberId}:pending`,
};

export function postings(list: Array<[string, number]>): Posting[] {
  return list.filter(([, points]) => points !== 0).map(([acc, points]) => ({ account: acc, points }));
}

/** A request's fingerprint: the SHA-256 of its canonical JSON (idempotency keys remember it, not the request). */
export function fingerprint(request: Record<string, Json>): string {
  return hashBody(canonicalJson(request));
}

/**
 * Idempotency: the same key with the same fingerprint gives the original entry's position; with a
 * different fingerprint it is an error. Nothing is appended in either case.
 */
export function replayed(state: MemberState, key: string, request: string): number | undefined {
  const seen = state.keys.get(key);
  if (seen === undefined) return undefined;
  if (seen.fingerprint !== request) {
    throw new PointsError(
      PointsErrorCode.IDEMPOTENCY_CONFLICT,
      `Idempotency key "${key.slice(0, 64)}" was already used for a different request of member "${state.memberId.slice(0, 64)}"`,
      { details: { key: key.slice(0, 64), seq: seen.seq } },
    );
  }
  return seen.seq;
}

/** Lots a redemption or clawback may use at `at`, first to expire first. */
export function usableLots(state: MemberState, at: number): LotState[] {
  const usable: LotState[] = [];
  for (const l of state.lots.values()) {
    if (l.status === 'active' && l.remaining > 0 && (l.expiresAt === null || Date.parse(l.expiresAt) > at)) usable.push(l);
  }
  return usable.sort((a, b) => expiryKey(a) - expiryKey(b));
}

function expiryKey(lot: LotState): number {
  return lot.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(lot.expiresAt);
}

function take(lots: readonly LotState[], points: number): LotMovement[] {
  const moved: LotMovement[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const n = Math.min(lot.remaining, left);
    moved.push({ lotId: lot.id, points: n });
    left -= n;
  }
  return moved;
}

export function decideRedeem(
  state: MemberState,
  input: { key: string; request: string; at: Date; points: number; reference: string | null },
): RedeemPayload {
  if (state.version === 0) {
    throw new PointsError(PointsErrorCode.UNKNOWN_MEMBER, `The ledger has no member "${state.memberId.slice(0, 64)}"`);
  }
  const lots = usableLots(state, input.at.getTime());
  let usable = -state.debt;
  for (const l of lots) usable += l.remaining;
  if (input.points > usable) {
    throw new PointsError(
      PointsErrorCode.INSUFFICIENT_BALANCE,
      `Redeeming ${input.points} points needs more than the ${Math.max(0, usable)} usable`,
      { details: { requested: input.points, usable: Math.max(0, usable) } },
    );
  }
  return {
    type: 'redeem',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: state.memberId,
    redemptionId: `red-${state.version}`,
    reference: input.reference,
    points: input.points,
    consumed: take(lots, input.points),
    postings: postings([
      [account.available(state.memberId), -input.points],
      ['programme:redeemed', input.points],
    ]),
  };
}

/** Earning fen this refund reverses, from a refund stated in earning fen or in receipt fen. */
function refundedEarningFen(accrual: Accrual, input: { refundFen: number | null; receiptFen: number | null }): number {
  const tooMuch = (what: string) =>
    new PointsError(
      PointsErrorCode.REFUND_EXCEEDS_ORIGINAL,
      `Refunding ${what} would exceed what remains refundable on "${accrual.transactionId.slice(0, 64)}"`,
      {
        details: { transactionId: accrual.transactionId.slice(0, 64) },
      },
    );
  if (input.receiptFen !== null) {
    if (accrual.receiptFen === null) {
      throw new PointsError(
        PointsErrorCode.INVALID_AMOUNT,
        `The accrual of "${accrual.transactionId.slice(0, 64)}" recorded no receipt total: state the refund as refundFen (earning fen)`,
        { details: { field: 'receiptFen' } },
      );
    }
    const before = accrual.refundedReceiptFen;
    const after = before + input.receiptFen;
    if (after > accrual.receiptFen) throw tooMuch(`${input.receiptFen} receipt fen`);
    // Cumulative conversion: returning the whole receipt reverses exactly the whole earning amount.
    const delta =
      mulDiv(accrual.refundableFen, after, accrual.receiptFen, 'floor') -
      mulDiv(accrual.refundableFen, before, accrual.receiptFen, 'floor');
    return Math.min(delta, accrual.refundableFen - accrual.refundedFen);
  }
  const fen = input.refundFen as number;
  if (accrual.refundedFen + fen > accrual.refundableFen) throw tooMuch(`${fen} fen`);
  return fen;
}

export function decideRefund(
  state: MemberState,
  config: LedgerConfig,
  input: { key: string; request: string; at: Date; transactionId: string; refundFen: number | null; receiptFen: number | null },
): RefundPayload {
  const accrual = state.accruals.get(input.transactionId);
  if (accrual === undefined) {
    throw new PointsError(
      PointsErrorCode.UNKNOWN_REFERENCE,
      `No accrual for transaction "${input.transactionId.slice(0, 64)}" of member "${state.memberId.slice(0, 64)}"`,
    );
  }
  const refundFen = refundedEarningFen(accrual, input);
  const refunded = accrual.refundedFen + refundFen;
  const receiptDone = accrual.receiptFen !== null && accrual.refundedReceiptFen + (input.receiptFen ?? 0) === accrual.receiptFen;
  const target = (total: number) =>
    accrual.refundableFen > 0 ? mulDiv(total, refunded, accrual.refundableFen, 'floor') : receiptDone ? total : 0;
  // Cumulative proportional reversal: after refunding everything, exactly everything is reversed.
  const points = target(accrual.points) - accrual.reversedPoints;
  const qualifying = target(accrual.qualifyingPoints) - accrual.reversedQualifying;
  // The own lot leaves the state once spent and its accrual is past the retention window.
  const own = state.lots.get(accrual.lotId);
  const fromOwn = own === undefined ? 0 : Math.min(own.remaining, points);
  const fromLots: LotMovement[] = own !== undefined && fromOwn > 0 ? [{ lotId: own.id, points: fromOwn }] : [];
  let shortfall = points - fromOwn;
  let clawedBack = 0;
  let forgiven = 0;
  if (shortfall > 0 && config.refundPolicy.whenSpent === 'clawback') {
    const others = usableLots(state, input.at.getTime()).filter((l) => l.id !== accrual.lotId);
    let available = 0;
    for (const l of others) available += l.remaining;
    clawedBack = Math.min(shortfall, config.refundPolicy.limit ?? Number.POSITIVE_INFINITY, available);
    fromLots.push(...take(others, clawedBack));
    forgiven = shortfall - clawedBack;
    shortfall = 0;
  }
  const debt = shortfall;
  const pendingPart = own?.status === 'pending' ? fromOwn : 0;
  const availablePart = fromOwn - pendingPart + clawedBack + debt;
  return {
    type: 'refund',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: state.memberId,
    transactionId: accrual.transactionId,
    refundFen,
    receiptFen: input.receiptFen,
    points,
    qualifyingPoints: qualifying,
    fromLots,
    clawedBack,
    debt,
    forgiven,
    postings: postings([
      [account.pending(state.memberId), -pendingPart],
      [account.available(state.memberId), -availablePart],
      ['programme:reversed', pendingPart + availablePart],
    ]),
  };
}

export function decideRefundRedemption(
  state: MemberState,
  config: LedgerConfig,
  input: { key: string; request: string; at: Date; redemptionId: string; restore: 'original-expiry' | 'new-expiry' },
): RefundRedemptionPayload {
  const redemption = state.redemptions.get(input.redemptionId);
  if (redemption === undefined) {
    throw new PointsError(
      PointsErrorCode.UNKNOWN_REFERENCE,
      state.archived
        ? `No redemption "${input.redemptionId.slice(0, 64)}" of member "${state.memberId.slice(0, 64)}" within the last ${REDEMPTION_DAYS} days (older redemptions cannot be refunded)`
        : `No redemption "${input.redemptionId.slice(0, 64)}" of member "${state.memberId.slice(0, 64)}"`,
    );
  }
  if (redemption.refunded) {
    throw new PointsError(PointsErrorCode.REFUND_EXCEEDS_ORIGINAL, `Redemption "${redemption.redemptionId}" was already refunded`);
  }
  const fresh = input.restore === 'new-expiry';
  const expires = fresh ? expiryOf(config.expiry, input.at, config.zone) : null;
  return {
    type: 'refund-redemption',
    key: input.key,
    request: input.request,
    at: input.at.toISOString(),
    memberId: state.memberId,
    redemptionId: redemption.redemptionId,
    points: redemption.points,
    restored: fresh ? [] : redemption.consumed,
    newLot: fresh ? { lotId: `lot-${state.version}`, expiresAt: expires === null ? null : expires.toISOString() } : null,
    postings: postings([
      [account.available(state.memberId), redemption.points],
      ['programme:redeemed', -redemption.points],
    ]),
  };
}

/** Activation of one pending lot whose return window ended by `at`, or `undefined`. */
export function decideActivate(state: MemberState, lot: LotState, at: number): ActivatePayload | undefined {
  if (lot.status !== 'pending' || Date.parse(lot.pendingUntil as string) > at) return undefined;
  return {
    type: 'activate',
    at: lot.pendingUntil as string,
    memberId: state.memberId,
    lotId: lot.id,
    points: lot.remaining,
    postings: postings([
      [account.pending(state.memberId), -lot.remaining],
      [account.available(state.memberId), lot.remaining],
    ]),
  };
}

/** Expiry of what is left of one active lot whose expiry passed by `at`, or `undefined`. */
export function decideExpire(state: MemberState, lot: LotState, at: number): ExpirePayload | undefined {
  if (lot.status !== 'active' || lot.remaining === 0 || lot.expiresAt === null || Date.parse(lot.expiresAt) > at) return undefined;
  return {
    type: 'expire',
    at: lot.expiresAt,
    memberId: state.memberId,
    lotId: lot.id,
    points: lot.remaining,
    postings: postings([
      [account.available(state.memberId), -lot.remaining],
      ['programme:expired', lot.remaining],
    ]),
  };
}
