import { checkAmount, PointsError, PointsErrorCode } from './errors';
import { mulDiv } from './internal/rounding';
import type { Ledger, LedgerResult } from './ledger/api';
import type { RedeemPayload } from './ledger/types';

/**
 * A catalogue item: goods, a coupon, a gift card, cash off an order (a rate and a maximum share
 * of the order) or parking by the hour.
 *
 * @example `{ type: 'parking', id: 'park', pointsPerHour: 200, freeHours: 1, maxHours: 6 }`
 */
export type CatalogueItem =
  | { readonly type: 'goods'; readonly id: string; readonly points: number; readonly stock?: number }
  | { readonly type: 'coupon' | 'gift-card'; readonly id: string; readonly points: number; readonly valueFen: number }
  | { readonly type: 'cash-offset'; readonly id: string; readonly points: number; readonly perFen: number; readonly maxShareBp: number }
  | {
      readonly type: 'parking';
      readonly id: string;
      readonly pointsPerHour: number;
      readonly freeHours?: number;
      readonly maxHours?: number;
    };

/**
 * Input of `quoteRedemption`.
 *
 * @example `{ item, balance: 1200, minutes: 150 }`
 */
export interface QuoteRequest {
  readonly item: CatalogueItem;
  /** The member's usable balance. */
  readonly balance: number;
  /** Units of goods, coupons or gift cards (default 1). */
  readonly quantity?: number;
  /** Order total, for a cash offset. */
  readonly orderFen?: number;
  /** Points the member wants to use for a cash offset (default: as many as allowed). */
  readonly points?: number;
  /** Parking time; started hours count as whole hours. */
  readonly minutes?: number;
}

/** A quote: what it costs and gives, or why not (`ok: false` is an expected outcome, not an error). @example `quote.ok && quote.points` */
export interface Quote {
  readonly itemId: string;
  readonly type: CatalogueItem['type'];
  readonly ok: boolean;
  readonly reason?: 'insufficient-balance' | 'out-of-stock' | 'over-share' | 'nothing-to-pay';
  readonly points: number;
  /** Money value given (cash offset, coupon, gift card); 0 for goods and parking. */
  readonly valueFen: number;
  readonly quantity: number;
  readonly explanation: { readonly en: string; readonly zh: string };
}

/**
 * Prices a redemption against a member's balance.
 *
 * @throws `POINTS_INVALID_AMOUNT` for negative or fractional inputs, `POINTS_REDEMPTION_REJECTED` for an unknown item type.
 *
 * @example
 * ```ts
 * import { quoteRedemption } from '@aisle/points';
 * const quote = quoteRedemption({ item: { type: 'parking', id: 'park', pointsPerHour: 200, freeHours: 1 }, balance: 1_000, minutes: 150 });
 * quote.points; // 400: 3 started hours, 1 free
 * ```
 */
export function quoteRedemption(request: QuoteRequest): Quote {
  const { item } = request;
  const balance = checkAmount(request.balance, 'balance');
  const quantity = checkAmount(request.quantity ?? 1, 'quantity');
  const result = (points: number, valueFen: number, units: number, en: string, zh: string, reason?: Quote['reason']): Quote => {
    const why = reason ?? (points > balance ? 'insufficient-balance' : undefined);
    return {
      itemId: item.id,
      type: item.type,
      ok: why === undefined,
      ...(why === undefined ? {} : { reason: why }),
      points,
      valueFen,
      quantity: units,
      explanation: { en, zh },
    };
  };
  switch (item?.type) {
    case 'goods': {
      const points = checkAmount(item.points, 'item.points') * quantity;
      const out = item.stock !== undefined && quantity > item.stock ? 'out-of-stock' : undefined;
      return result(
        points,
        0,
        quantity,
        `${quantity} × ${item.id} for ${points} points`,
        `${quantity} 件 ${item.id}，需 ${points} 分`,
        out,
      );
    }
    case 'coupon':
    case 'gift-card': {
      const points = checkAmount(item.points, 'item.points') * quantity;
      const value = checkAmount(item.valueFen, 'item.valueFen') * quantity;
      return result(
        points,
        value,
        quantity,
        `${quantity} × ${item.id} worth ${value} fen for ${points} points`,
        `${quantity} 张 ${item.id}（面值 ${value} 分钱），需 ${points} 分`,
      );
    }
    case 'cash-offset': {
      const orderFen = checkAmount(request.orderFen ?? 0, 'orderFen');
      const per = checkAmount(item.points, 'item.points');
      const perFen = checkAmount(item.perFen, 'item.perFen');
      const maxFen = mulDiv(orderFen, checkAmount(item.maxShareBp, 'item.maxShareBp'), 10_000, 'floor');
      const maxUnits = Math.min(Math.floor(maxFen / perFen), Math.floor(balance / per));
      const wanted = request.points === undefined ? maxUnits : Math.floor(checkAmount(request.points, 'points') / per);
      const units = Math.min(wanted, maxUnits);
      const over = request.points !== undefined && wanted * perFen > maxFen ? 'over-share' : undefined;
      const none = units === 0 && over === undefined ? (orderFen === 0 ? 'nothing-to-pay' : 'insufficient-balance') : undefined;
      return result(
        units * per,
        units * perFen,
        units,
        `${units * per} points take ${units * perFen} fen off a ${orderFen} fen order (at most ${maxFen} fen)`,
        `${units * per} 分抵扣 ${units * perFen} 分钱（订单 ${orderFen} 分钱，最多抵扣 ${maxFen} 分钱）`,
        over ?? none,
      );
    }
    case 'parking': {
      const minutes = checkAmount(request.minutes ?? 0, 'minutes');
      const started = Math.ceil(minutes / 60);
      const hours = Math.min(Math.max(0, started - (item.freeHours ?? 0)), item.maxHours ?? Number.POSITIVE_INFINITY);
      const points = hours * checkAmount(item.pointsPerHour, 'item.pointsPerHour');
      return result(
        points,
        0,
        hours,
        `Parking ${minutes} min: ${hours} paid hour(s) for ${points} points`,
        `停车 ${minutes} 分钟：${hours} 小时计费，需 ${points} 分`,
        hours === 0 ? 'nothing-to-pay' : undefined,
      );
    }
    default:
      throw new PointsError(
        PointsErrorCode.REDEMPTION_REJECTED,
        `Unknown catalogue item type ${JSON.stringify((item as { type?: unknown })?.type)}`,
      );
  }
}

/**
 * Request of `redeemQuote`.
 *
 * @example `{ key: 'park:沪A12345:2026-11-21', memberId: 'm-1', at, quote }`
 */
export interface RedeemQuoteRequest {
  readonly key: string;
  readonly memberId: string;
  readonly at: Date | string | number;
  readonly quote: Quote;
}

/**
 * Redeems a quote on a ledger (FIFO by expiry, idempotent by key).
 *
 * @throws `POINTS_REDEMPTION_REJECTED` when the quote is not `ok`; the ledger's errors otherwise.
 *
 * @example
 * ```ts
 * import { redeemQuote } from '@aisle/points';
 * await redeemQuote(ledger, { key: 'park:1', memberId: 'm-1', at: new Date(), quote });
 * ```
 */
export function redeemQuote(ledger: Ledger, request: RedeemQuoteRequest): Promise<LedgerResult<RedeemPayload>> {
  if (!request.quote.ok) {
    return Promise.reject(
      new PointsError(
        PointsErrorCode.REDEMPTION_REJECTED,
        `The quote for "${request.quote.itemId}" cannot be redeemed (${request.quote.reason})`,
        {
          details: { reason: request.quote.reason },
        },
      ),
    );
  }
  return ledger.redeem({
    key: request.key,
    memberId: request.memberId,
    points: request.quote.points,
    at: request.at,
    reference: `${request.quote.type}:${request.quote.itemId}`,
  });
}
