import type { InstantInput } from '@aisle/core';
import type { RoundingStep } from './internal/rounding';
import type { Member, Store, Transaction } from './schema-types';

/**
 * What a member has already used of capped rules, per rule id: this business day, this month,
 * this campaign, and the campaign's budget over all members. The ledger's owner (or `backtest`) tracks it.
 *
 * @example `{ 'wed-x2': { day: 300, month: 1200, campaign: 5000, budget: 900_000 } }`
 */
export interface RuleUsage {
  readonly [ruleId: string]: { readonly day?: number; readonly month?: number; readonly campaign?: number; readonly budget?: number };
}

/**
 * Input of `evaluate`: the transaction, member, store, instant and cap usage.
 *
 * @example `const input: EvaluateInput = { transaction, member, store, at: '2026-11-18T14:00:00+08:00' };`
 */
export interface EvaluateInput {
  readonly transaction: Transaction;
  readonly member: Member;
  readonly store: Store;
  /** When the receipt was issued; its business date in the store's zone drives calendar conditions. */
  readonly at: InstantInput;
  readonly usage?: RuleUsage;
  /**
   * Points the member already earned this business day and this month over all rules, for the
   * rule set's `caps.perMemberPerDay` / `perMemberPerMonth` (with the ledger: the sums of `day`
   * and `month` over the rules `ledger.usage` returns).
   */
  readonly memberUsage?: { readonly day?: number; readonly month?: number };
}

/**
 * Options of `evaluate`.
 *
 * @example `evaluate(compiled, input, { detail: 'points' })`
 */
export interface EvaluateOptions {
  /** `full` (default): lines, rounding steps and the zh-CN / en explanation; `points`: totals and per-rule points only. */
  readonly detail?: 'full' | 'points';
}

/** A line's share of a contribution. @example `{ lineId: 'l1', eligibleFen: 12_800 }` */
export interface ContributionLine {
  readonly lineId: string;
  readonly eligibleFen: number;
}

/**
 * One rule's contribution to an evaluation.
 *
 * @example `{ ruleId: 'base', ruleVersion: 1, effect: 'base', kind: 'points', eligibleFen: 12_800, points: 128, … }`
 */
export interface Contribution {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly effect: 'base' | 'multiplier' | 'fixed' | 'perItem' | 'topUpBonus' | 'tierCredit';
  /** `qualifying` contributions count toward tiers, not toward the balance. */
  readonly kind: 'points' | 'qualifying';
  readonly group: string | null;
  readonly eligibleFen: number;
  readonly lines: readonly ContributionLine[];
  /** For base earn: the rate used (`points` per `perFen`). */
  readonly rate: { readonly points: number; readonly perFen: number } | null;
  /** Each multiplier applied, in order (a `multiply` group lists all of its rules). */
  readonly multipliers: ReadonlyArray<{ readonly ruleId: string; readonly ruleVersion: number; readonly factor: number }>;
  readonly rounding: readonly RoundingStep[];
  /** Points before caps. */
  readonly uncapped: number;
  /** The cap that cut this rule last: one of its own, or one of the rule set's caps across rules (`perReceipt`, `perMemberPerDay`, `perMemberPerMonth`). */
  readonly cappedBy:
    | 'perTransaction'
    | 'perDay'
    | 'perMonth'
    | 'perMemberPerCampaign'
    | 'campaignBudget'
    | 'perReceipt'
    | 'perMemberPerDay'
    | 'perMemberPerMonth'
    | null;
  readonly points: number;
}

/** A rule that matched but gave nothing, and why. @example `{ ruleId: 'vip-x15', reason: 'group' }` */
export interface SkippedRule {
  readonly ruleId: string;
  readonly reason: 'once' | 'group' | 'superseded' | 'no-base' | 'no-tier' | 'zero';
}

/**
 * What a rule set's cap across rules took off a receipt.
 *
 * @example `{ by: 'perReceipt', room: 5_000, requested: 6_000, granted: 5_000, taken: [{ ruleId: 'member-day', points: 1_000 }] }`
 */
export interface ReceiptCapCut {
  /** The rule set cap that bound (the tightest room). */
  readonly by: 'perReceipt' | 'perMemberPerDay' | 'perMemberPerMonth';
  /** What the cap left for this receipt. */
  readonly room: number;
  /** The receipt's points after every rule's own caps, before this cap. */
  readonly requested: number;
  /** The receipt's points after this cap (equal to `room`). */
  readonly granted: number;
  /** The points taken from each rule, in the order taken (last rules first). */
  readonly taken: ReadonlyArray<{ readonly ruleId: string; readonly points: number }>;
}

/**
 * The result of `evaluate`: points, tier-qualifying points, one contribution per rule and an
 * explanation a clerk can read. Plain JSON: store it with the accrual.
 *
 * @example `evaluation.points; evaluation.explanation?.zh.join('\n');`
 */
export interface Evaluation {
  readonly rulesetId: string;
  readonly rulesetVersion: number;
  readonly transactionId: string;
  readonly memberId: string;
  readonly businessDate: string;
  readonly points: number;
  readonly qualifyingPoints: number;
  /** Fen that earn (after stored value, points and gift-card tenders were taken out). */
  readonly eligibleFen: number;
  /** The receipt's total (`transaction.totalFen`, every tender): the ledger records it so a refund can be stated as receipt fen returned. */
  readonly receiptFen: number;
  readonly contributions: readonly Contribution[];
  readonly skipped: readonly SkippedRule[];
  /**
   * When a rule set cap across rules cut the receipt: which one (the tightest), its room, the
   * points before and after, and how much it took from each rule (last rules first, so bonuses
   * are cut before the base rate).
   */
  readonly receiptCap?: ReceiptCapCut;
  /** With `roundAt: 'end'`: the exact sum of the stages (`"numerator/denominator"`) and the points it rounded to. */
  readonly roundedOnce?: { readonly exact: string; readonly value: number };
  readonly explanation?: { readonly en: readonly string[]; readonly zh: readonly string[] };
}
