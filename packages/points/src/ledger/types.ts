/** A double-entry posting: signed points on one account; the postings of an entry sum to zero. @example `{ account: 'member:m-1:available', points: 128 }` */
export type Posting = {
  readonly account: string;
  readonly points: number;
};

/** A lot's share of a redemption, refund or expiry. @example `{ lotId: 'lot-3', points: 40 }` */
export type LotMovement = {
  readonly lotId: string;
  readonly points: number;
};

/**
 * Ledger entry of an accrual: the lot created and the accrual snapshot (rule versions, per-rule points).
 *
 * @example `{ type: 'earn', lotId: 'lot-0', points: 128, … }`
 */
export type EarnPayload = {
  readonly type: 'earn';
  readonly key: string;
  readonly request: string;
  readonly at: string;
  readonly memberId: string;
  readonly transactionId: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  readonly refundableFen: number;
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly ruleVersions: Readonly<Record<string, number>>;
  readonly rulePoints: Readonly<Record<string, number>>;
  /** The receipt's business date in the store's zone. */
  readonly businessDate: string;
  readonly lotId: string;
  readonly expiresAt: string | null;
  readonly pendingUntil: string | null;
  readonly postings: readonly Posting[];
};

/**
 * Ledger entry of a redemption: the lots consumed, first to expire first.
 *
 * @example `{ type: 'redeem', redemptionId: 'red-4', consumed: [{ lotId: 'lot-0', points: 100 }], … }`
 */
export type RedeemPayload = {
  readonly type: 'redeem';
  readonly key: string;
  readonly request: string;
  readonly at: string;
  readonly memberId: string;
  readonly redemptionId: string;
  readonly reference: string | null;
  readonly points: number;
  readonly consumed: readonly LotMovement[];
  readonly postings: readonly Posting[];
};

/**
 * Ledger entry of a (partial) refund: the points reversed and how (own lot, clawback, negative balance, forgiven).
 *
 * @example `{ type: 'refund', transactionId: 'R-1', refundFen: 5000, points: 50, … }`
 */
export type RefundPayload = {
  readonly type: 'refund';
  readonly key: string;
  readonly request: string;
  readonly at: string;
  readonly memberId: string;
  readonly transactionId: string;
  readonly refundFen: number;
  /** Points the accrual snapshot says this refund reverses. */
  readonly points: number;
  readonly qualifyingPoints: number;
  readonly fromLots: readonly LotMovement[];
  /** Taken from other lots because the accrual's own lot was already spent. */
  readonly clawedBack: number;
  /** Left as a negative balance. */
  readonly debt: number;
  /** Neither recovered nor left as debt (clawback limit reached). */
  readonly forgiven: number;
  readonly postings: readonly Posting[];
};

/**
 * Ledger entry of a refunded redemption: the points restored.
 *
 * @example `{ type: 'refund-redemption', redemptionId: 'red-4', restored: [...], … }`
 */
export type RefundRedemptionPayload = {
  readonly type: 'refund-redemption';
  readonly key: string;
  readonly request: string;
  readonly at: string;
  readonly memberId: string;
  readonly redemptionId: string;
  readonly points: number;
  /** Lots the points went back to (`newLot` when the policy gives a fresh expiry). */
  readonly restored: readonly LotMovement[];
  readonly newLot: { readonly lotId: string; readonly expiresAt: string | null } | null;
  readonly postings: readonly Posting[];
};

/**
 * Ledger entry of an expiry run.
 *
 * @example `{ type: 'expire', lots: [{ lotId: 'lot-0', points: 20 }], … }`
 */
export type ExpirePayload = {
  readonly type: 'expire';
  readonly at: string;
  readonly lots: ReadonlyArray<LotMovement & { readonly memberId: string }>;
  readonly postings: readonly Posting[];
};

/**
 * Ledger entry activating pending lots at the end of their return window.
 *
 * @example `{ type: 'activate', lots: [{ lotId: 'lot-0', points: 128 }], … }`
 */
export type ActivatePayload = {
  readonly type: 'activate';
  readonly at: string;
  readonly lots: ReadonlyArray<LotMovement & { readonly memberId: string }>;
  readonly postings: readonly Posting[];
};

/** The payload of one ledger entry (plain JSON, hash-chained by `@aisle/core`). @example `entry.payload.type === 'earn'` */
export type LedgerPayload = EarnPayload | RedeemPayload | RefundPayload | RefundRedemptionPayload | ExpirePayload | ActivatePayload;

/**
 * When earned points expire, in the programme's zone: never; at a fixed month-day end (e.g.
 * 31 December → the end of the year); N months after earning; or at the end of the month N months later.
 *
 * @example `{ type: 'fixed', month: 12, day: 31 }`
 */
export type ExpiryPolicy =
  | { readonly type: 'never' }
  | { readonly type: 'fixed'; readonly month: number; readonly day: number }
  | { readonly type: 'rolling'; readonly months: number }
  | { readonly type: 'end-of-month-after'; readonly months: number };

/**
 * What a refund does when the accrual's points were already spent: leave a negative balance, or
 * claw back from the member's other lots up to `limit` points and forgive the rest.
 *
 * @example `{ whenSpent: 'clawback', limit: 500 }`
 */
export type RefundPolicy = { readonly whenSpent: 'negative-balance' } | { readonly whenSpent: 'clawback'; readonly limit?: number };

/** A lot: points earned together, with one expiry. @example `{ id: 'lot-0', memberId: 'm-1', points: 128, remaining: 28, status: 'active', … }` */
export interface Lot {
  readonly id: string;
  readonly memberId: string;
  readonly points: number;
  remaining: number;
  status: 'pending' | 'active';
  readonly earnedAt: string;
  readonly expiresAt: string | null;
  readonly pendingUntil: string | null;
  /** The transaction or redemption it came from. */
  readonly source: string;
}
