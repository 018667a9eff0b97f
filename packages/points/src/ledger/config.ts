import { assertTimeZone } from '@aisle/core';
import { checkExpiryPolicy } from './expiry';
import type { BackdatingPolicy, ExpiryPolicy, LedgerCap, RefundPolicy } from './types';

/** @internal The ledger's configuration after checks. */
export interface LedgerConfig {
  readonly zone: string;
  readonly expiry: ExpiryPolicy;
  readonly holdDays: number;
  readonly refundPolicy: RefundPolicy;
  readonly redemptionRefund: 'original-expiry' | 'new-expiry';
  readonly backdating: BackdatingPolicy;
  readonly caps: ReadonlyMap<string, LedgerCap>;
  readonly budgetShards: number;
}

/** The prefix of every member stream: `points:member:{memberId}`. */
export const MEMBER_STREAM_PREFIX = 'points:member:';

/** The counter holding one shard of a rule's campaign budget. */
export function budgetKey(ruleId: string, shard: number, shards: number): string {
  return `points:budget:${ruleId}:${shard}/${shards}`;
}

/** Shard `i`'s share of `budget` over `shards` shards: the shares add up to the budget exactly. */
export function shardLimit(budget: number, shards: number, i: number): number {
  return Math.floor(budget / shards) + (i < budget % shards ? 1 : 0);
}

export function checkHold(days: number): void {
  if (!Number.isInteger(days) || days < 0 || days > 366) throw new RangeError(`holdDays must be an integer from 0 to 366, got ${days}`);
}

const capFields = ['perDay', 'perMonth', 'perMemberPerCampaign', 'campaignBudget'] as const;

/** Checks the ledger's options once, when it is created (a programmer's configuration: RangeError / TypeError). */
export function checkConfig(options: {
  readonly zone: string;
  readonly expiry: ExpiryPolicy;
  readonly holdDays?: number | undefined;
  readonly refundPolicy?: RefundPolicy | undefined;
  readonly redemptionRefund?: 'original-expiry' | 'new-expiry' | undefined;
  readonly backdating?: BackdatingPolicy | undefined;
  readonly caps?: ReadonlyArray<LedgerCap> | undefined;
  readonly budgetShards?: number | undefined;
}): LedgerConfig {
  const zone = assertTimeZone(options.zone);
  checkExpiryPolicy(options.expiry);
  const holdDays = options.holdDays ?? 0;
  checkHold(holdDays);
  const backdating = options.backdating ?? { accept: 'reject' };
  if (
    backdating.accept !== 'reject' &&
    !(
      backdating.accept === 'flagged' &&
      Number.isInteger(backdating.windowDays) &&
      backdating.windowDays >= 1 &&
      backdating.windowDays <= 31
    )
  ) {
    throw new RangeError(
      `backdating must be { accept: 'reject' } or { accept: 'flagged', windowDays: 1..31 }, got ${JSON.stringify(backdating)}`,
    );
  }
  const budgetShards = options.budgetShards ?? 8;
  if (!Number.isInteger(budgetShards) || budgetShards < 1 || budgetShards > 256) {
    throw new RangeError(`budgetShards must be an integer from 1 to 256, got ${budgetShards}`);
  }
  const caps = new Map<string, LedgerCap>();
  for (const cap of options.caps ?? []) {
    if (typeof cap?.ruleId !== 'string' || cap.ruleId.length === 0 || cap.ruleId.length > 100) {
      throw new TypeError('caps[].ruleId must be a rule id of 1 to 100 characters');
    }
    if (caps.has(cap.ruleId)) throw new RangeError(`caps lists rule "${cap.ruleId}" twice`);
    for (const field of capFields) {
      const v = cap[field];
      if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
        throw new RangeError(`caps["${cap.ruleId}"].${field} must be a non-negative integer, got ${v}`);
      }
    }
    caps.set(cap.ruleId, cap);
  }
  return {
    zone,
    expiry: options.expiry,
    holdDays,
    refundPolicy: options.refundPolicy ?? { whenSpent: 'negative-balance' },
    redemptionRefund: options.redemptionRefund ?? 'original-expiry',
    backdating,
    caps,
    budgetShards,
  };
}
