/**
 * `@aisle/points`: loyalty points for retail. Compiled earn rules with explanations, a
 * per-member, hash-chained double-entry ledger on core's stream store with expiring lots, refunds, tiers, redemption quotes and backtesting.
 *
 * @module @aisle/points
 */

export type { BacktestComparison, BacktestInput, BacktestReport, BacktestResult, RuleCost } from './backtest';
export { backtest } from './backtest';
export { PointsError, PointsErrorCode } from './errors';
export { evaluate } from './evaluate';
export type {
  Contribution,
  ContributionLine,
  EvaluateInput,
  EvaluateOptions,
  Evaluation,
  ReceiptCapCut,
  RuleUsage,
  SkippedRule,
} from './evaluation';
export type { RoundingMode, RoundingStep } from './internal/rounding';
export type {
  AccrualSource,
  Balance,
  EarnRequest,
  Ledger,
  LedgerOptions,
  LedgerResult,
  Qualification,
  RedeemRequest,
  RefundRedemptionRequest,
  RefundRequest,
  UsageRequest,
} from './ledger/api';
export { capsOf } from './ledger/caps';
export type { DueReport, RunDueOptions } from './ledger/jobs';
export { runDue } from './ledger/jobs';
export { createLedger } from './ledger/ledger';
export { memberStreamId } from './ledger/member-stream';
export type { ReconcileProblem, ReconcileReport } from './ledger/reconcile';
export { reconcile } from './ledger/reconcile';
export { LEDGER_RETENTION } from './ledger/state';
export type {
  ActivatePayload,
  BackdatingPolicy,
  CapCut,
  EarnPayload,
  ExpirePayload,
  ExpiryPolicy,
  LedgerCap,
  LedgerPayload,
  Lot,
  LotMovement,
  Posting,
  RedeemPayload,
  RefundPayload,
  RefundPolicy,
  RefundRedemptionPayload,
} from './ledger/types';
export type { PointsEvaluator } from './points-evaluator';
export { createPointsEvaluator } from './points-evaluator';
export type { CatalogueItem, Quote, QuoteRequest, RedeemQuoteRequest } from './redemption';
export { quoteRedemption, redeemQuote } from './redemption';
export type { CompiledRules, StackingMode } from './rules/compile';
export { compileRules } from './rules/compile';
export type {
  Caps,
  Condition,
  Effect,
  HolidayCalendar,
  ItemFilter,
  LeafCondition,
  Line,
  Member,
  ParsedTransaction,
  Rule,
  RuleInput,
  Ruleset,
  RulesetCaps,
  RulesetInput,
  Store,
  Transaction,
} from './schema-types';
export {
  CapsSchema,
  ConditionSchema,
  EffectSchema,
  HolidayCalendarSchema,
  ItemFilterSchema,
  LeafConditionSchema,
  LineSchema,
  MemberSchema,
  RuleSchema,
  RulesetCapsSchema,
  RulesetSchema,
  StoreSchema,
  TransactionSchema,
} from './schemas';
export type { TierAssessment, TierAssessmentInput, TierDefinition, TierPolicy } from './tiers';
export { assessTier } from './tiers';
