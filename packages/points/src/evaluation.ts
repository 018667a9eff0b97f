import type { InstantInput } from '@aisle/core';
import type { RoundingStep } from './internal/rounding';
import type { Member, Store, Transaction } from './schemas';

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
  readonly cappedBy: 'perTransaction' | 'perDay' | 'perMonth' | 'perMemberPerCampaign' | 'campaignBudget' | null;
  readonly points: number;
}

/** A rule that matched but gave nothing, and why. @example `{ ruleId: 'vip-x15', reason: 'group' }` */
export interface SkippedRule {
  readonly ruleId: string;
  readonly reason: 'once' | 'group' | 'superseded' | 'no-base' | 'no-tier' | 'zero';
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
  readonly explanation?: { readonly en: readonly string[]; readonly zh: readonly string[] };
}
