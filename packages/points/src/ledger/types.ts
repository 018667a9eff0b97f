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
 * Points a cap or budget took off one rule's grant when the accrual was written (the evaluation
 * had seen an older usage, or another till spent the budget first).
 *
 * @example `{ ruleId: 'member-day', requested: 300, granted: 120, by: 'campaignBudget' }`
 */
export type CapCut = {
  readonly ruleId: string;
  readonly requested: number;
  readonly granted: number;
  readonly by: 'perDay' | 'perMonth' | 'perMemberPerCampaign' | 'campaignBudget';
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
  /** The earning fen a refund stated in earning fen is measured against. */
  readonly refundableFen: number;
  /** The receipt's total in fen (all tenders), when known: a refund may be stated as receipt fen returned. */
  readonly receiptFen: number | null;
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly ruleVersions: Readonly<Record<string, number>>;
  /** Points granted per rule, after any cut. */
  readonly rulePoints: Readonly<Record<string, number>>;
  /** What caps and budgets cut at write time (empty when the evaluation was granted in full). */
  readonly cuts: readonly CapCut[];
  /** The receipt's business date in the store's zone. */
  readonly businessDate: string;
  /** `true` when the earn was accepted as backdated under the ledger's backdating policy. */
  readonly backdated: boolean;
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
  /** Earning fen refunded (converted from `receiptFen` when the refund was stated as receipt fen). */
  readonly refundFen: number;
  /** Receipt fen returned, when the refund was stated that way; otherwise `null`. */
  readonly receiptFen: number | null;
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
 * Ledger entry of one lot's expiry, written by the due-timer job (`runDue`) at the lot's expiry
 * instant; its entry id is `expire:{lotId}`, so the lot expires once however many workers run.
 *
 * @example `{ type: 'expire', at: '2026-12-31T16:00:00.000Z', memberId: 'm-1', lotId: 'lot-0', points: 20, … }`
 */
export type ExpirePayload = {
  readonly type: 'expire';
  readonly at: string;
  readonly memberId: string;
  readonly lotId: string;
  readonly points: number;
  readonly postings: readonly Posting[];
};

/**
 * Ledger entry activating one pending lot at the end of its return window (entry id `activate:{lotId}`).
 *
 * @example `{ type: 'activate', at: '2026-11-28T02:00:00.000Z', memberId: 'm-1', lotId: 'lot-0', points: 128, … }`
 */
export type ActivatePayload = {
  readonly type: 'activate';
  readonly at: string;
  readonly memberId: string;
  readonly lotId: string;
  readonly points: number;
  readonly postings: readonly Posting[];
};

/** The data of one ledger entry (plain JSON, hash-chained in the member's stream). @example `entry.data.type === 'earn'` */
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

/**
 * Whether an earn dated before the member's newest operation is accepted: `reject` (default)
 * refuses it with `POINTS_BACKDATED`; `flagged` accepts it when the request says `backdated: true`
 * and it is at most `windowDays` older than the member's newest operation.
 *
 * @example `{ accept: 'flagged', windowDays: 3 }`
 */
export type BackdatingPolicy = { readonly accept: 'reject' } | { readonly accept: 'flagged'; readonly windowDays: number };

/**
 * Caps on one rule the ledger enforces when it writes an accrual (the same caps as the rule's
 * `caps`; `evaluate` applies them to the usage it was given, the ledger applies them again to the
 * usage at write time). Per-member caps are checked in the member's stream; `campaignBudget`
 * through sharded store counters, so tills on several servers never exceed it together.
 *
 * @example `{ ruleId: 'member-day', perDay: 1_000, campaignBudget: 2_000_000 }`
 */
export type LedgerCap = {
  readonly ruleId: string;
  readonly perDay?: number | undefined;
  readonly perMonth?: number | undefined;
  readonly perMemberPerCampaign?: number | undefined;
  readonly campaignBudget?: number | undefined;
};

/** A lot: points earned together, with one expiry. @example `{ id: 'lot-0', memberId: 'm-1', points: 128, remaining: 28, status: 'active', … }` */
export interface Lot {
  readonly id: string;
  readonly memberId: string;
  readonly points: number;
  readonly remaining: number;
  readonly status: 'pending' | 'active';
  readonly earnedAt: string;
  readonly expiresAt: string | null;
  readonly pendingUntil: string | null;
  /** The transaction or redemption it came from. */
  readonly source: string;
}
