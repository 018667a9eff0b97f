import type { RoundingMode } from './internal/rounding';

// The public shapes of rules, rule sets and what `evaluate` reads. Each is checked against its
// schema in `schemas.ts` (the two must stay the same type). Ids are 1 to 128 characters, money is
// integer fen (0 to 10^12), point amounts and `perFen` divisors are integers from 1 to 10^6, and
// id lists hold up to 10,000 entries.

/**
 * Selects receipt lines by SKU, brand and category; the `exclude…` lists win over the includes.
 * An empty filter selects every line.
 *
 * @example
 * ```ts
 * import type { ItemFilter } from '@aisle/points';
 *
 * const filter: ItemFilter = { brands: ['Lancôme'], excludeCategories: ['tobacco'] };
 * ```
 */
export type ItemFilter = {
  /** Lines with one of these SKUs. */
  skus?: string[] | undefined;
  /** Lines of one of these brands. */
  brands?: string[] | undefined;
  /** Lines in one of these categories. */
  categories?: string[] | undefined;
  /** Never lines with these SKUs. */
  excludeSkus?: string[] | undefined;
  /** Never lines of these brands. */
  excludeBrands?: string[] | undefined;
  /** Never lines in these categories. */
  excludeCategories?: string[] | undefined;
};

/**
 * A leaf condition of a rule (everything but `any` and `not`); the README describes each `type`.
 * Weekdays are 1 (Monday) to 7, days of the month 1 to 31, dates `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * import type { LeafCondition } from '@aisle/points';
 *
 * const wednesday: LeafCondition = { type: 'weekday', days: [3] };
 * ```
 */
export type LeafCondition =
  | { type: 'store'; in?: string[] | undefined; notIn?: string[] | undefined }
  | { type: 'channel'; in: ('pos' | 'online' | 'mini-program')[] }
  | { type: 'tier'; in: string[] }
  | { type: 'tags'; all?: string[] | undefined; any?: string[] | undefined; none?: string[] | undefined }
  | { type: 'orderAmount'; minFen?: number | undefined; maxFen?: number | undefined }
  | { type: 'items'; filter: ItemFilter; minQuantity?: number | undefined; minFen?: number | undefined }
  | { type: 'payment'; anyOf: string[] }
  | { type: 'weekday'; days: number[] }
  | { type: 'dayOfMonth'; days: number[] }
  | { type: 'dateRange'; from: string; to: string }
  | { type: 'holiday'; kind: 'holiday' | 'adjusted-workday' | 'day-off' | 'workday' }
  | { type: 'storeAnniversary' }
  | { type: 'birthday'; period: 'day' | 'week' | 'month' }
  | { type: 'joinAnniversary' }
  | { type: 'firstPurchase' }
  | { type: 'kind'; in: ('purchase' | 'sign-up' | 'top-up')[] };

/**
 * A rule condition: a leaf, or `any` / `not` over leaves. A rule's `when` list must all hold.
 *
 * @example
 * ```ts
 * import type { Condition } from '@aisle/points';
 *
 * const memberDay: Condition = { type: 'any', of: [{ type: 'weekday', days: [3] }, { type: 'dayOfMonth', days: [18] }] };
 * ```
 */
export type Condition =
  | LeafCondition
  | { readonly type: 'any'; readonly of: readonly Condition[] }
  | { readonly type: 'not'; readonly condition: Condition };

/**
 * What a rule grants when its conditions hold: `base` points per `perFen` spent (with per-tier or
 * per-store rates), a `multiplier` (1 to 100, at most two decimals), `fixed` points, points
 * `perItem` (per unit or per amount), a `topUpBonus` by amount, or `tierCredit`.
 *
 * @example
 * ```ts
 * import type { Effect } from '@aisle/points';
 *
 * const base: Effect = { type: 'base', points: 1, perFen: 100, rates: [{ tier: 'gold', points: 3, perFen: 200 }] };
 * ```
 */
export type Effect =
  | {
      type: 'base';
      points: number;
      perFen: number;
      rates?: { points: number; perFen: number; tier?: string | undefined; store?: string | undefined }[] | undefined;
    }
  | { type: 'multiplier'; factor: number }
  | { type: 'fixed'; points: number }
  | { type: 'perItem'; pointsPerUnit?: number | undefined; points?: number | undefined; perFen?: number | undefined }
  | { type: 'topUpBonus'; tiers: { minFen: number; points: number }[] }
  | { type: 'tierCredit'; points: number; perFen: number };

/**
 * Caps on what one rule grants: per transaction, per member per business day / month / campaign,
 * and a campaign budget over all members (day, month, campaign and budget use the `usage` passed
 * to `evaluate`).
 *
 * @example
 * ```ts
 * import type { Caps } from '@aisle/points';
 *
 * const caps: Caps = { perTransaction: 500, perDay: 1000, campaignBudget: 1_000_000 };
 * ```
 */
export type Caps = {
  /** Points per transaction. */
  perTransaction?: number | undefined;
  /** Points per member per business day. */
  perDay?: number | undefined;
  /** Points per member per month. */
  perMonth?: number | undefined;
  /** Points per member over the campaign. */
  perMemberPerCampaign?: number | undefined;
  /** Points over all members over the campaign. */
  campaignBudget?: number | undefined;
};

/**
 * Caps across all rules of a rule set, on the points (not tier credit) a receipt earns after
 * every rule's own caps: per receipt, and per member per business day and per month (the day and
 * month use `memberUsage` passed to `evaluate`). A bonus cannot escape them.
 *
 * @example
 * ```ts
 * import type { RulesetCaps } from '@aisle/points';
 *
 * const caps: RulesetCaps = { perReceipt: 5_000, perMemberPerDay: 20_000, perMemberPerMonth: 100_000 };
 * ```
 */
export type RulesetCaps = {
  /** Points per receipt. */
  perReceipt?: number | undefined;
  /** Points per member per business day. */
  perMemberPerDay?: number | undefined;
  /** Points per member per month. */
  perMemberPerMonth?: number | undefined;
};

/**
 * A validated rule (defaults applied): conditions, an effect over the lines its `items` filter
 * selects, caps, an optional exclusive group and the rounding of its stage.
 *
 * @example
 * ```ts
 * import type { Rule } from '@aisle/points';
 *
 * const rule: Rule = { id: 'wed-x2', version: 1, priority: 0, when: [{ type: 'weekday', days: [3] }], effect: { type: 'multiplier', factor: 2 } };
 * ```
 */
export type Rule = {
  /** The rule id. */
  id: string;
  /** Its version (an integer from 1). */
  version: number;
  /** Its name for explanations, in English and Chinese (up to 200 characters each). */
  name?: { en: string; zh: string } | undefined;
  /** Evaluation order, higher first (integer, ±10^6; default 0). */
  priority: number;
  /** The exclusive group it belongs to (the rule set's `groups` say how members stack). */
  group?: string | undefined;
  /** The lines it applies to (default: every line). */
  items?: ItemFilter | undefined;
  /** Conditions that must all hold (up to 64; default none). */
  when: Condition[];
  /** What it grants. */
  effect: Effect;
  /** Caps on what it grants. */
  caps?: Caps | undefined;
  /** Granted at most once per member (`grantedOnce` on the member). */
  once?: boolean | undefined;
  /** The rounding of its stage (default: the rule set's). */
  rounding?: RoundingMode | undefined;
};

/**
 * A rule as written (defaults not yet applied): {@link Rule} with `priority` and `when` optional.
 *
 * @example
 * ```ts
 * import type { RuleInput } from '@aisle/points';
 *
 * const r: RuleInput = { id: 'x', version: 1, effect: { type: 'fixed', points: 5 } };
 * ```
 */
export type RuleInput = {
  /** The rule id. */
  id: string;
  /** Its version (an integer from 1). */
  version: number;
  /** Its name for explanations, in English and Chinese (up to 200 characters each). */
  name?: { en: string; zh: string } | undefined;
  /** Evaluation order, higher first (integer, ±10^6; default 0). */
  priority?: number | undefined;
  /** The exclusive group it belongs to. */
  group?: string | undefined;
  /** The lines it applies to (default: every line). */
  items?: ItemFilter | undefined;
  /** Conditions that must all hold (up to 64; default none). */
  when?: Condition[] | undefined;
  /** What it grants. */
  effect: Effect;
  /** Caps on what it grants. */
  caps?: Caps | undefined;
  /** Granted at most once per member. */
  once?: boolean | undefined;
  /** The rounding of its stage (default: the rule set's). */
  rounding?: RoundingMode | undefined;
};

/**
 * The holiday calendar supplied as data: statutory days off and the adjusted working days
 * (调休) on which a weekend date is a working day, each `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * import type { HolidayCalendar } from '@aisle/points';
 *
 * const golden: HolidayCalendar = { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-09-27'] };
 * ```
 */
export type HolidayCalendar = {
  /** Statutory days off. */
  holidays: string[];
  /** Adjusted working days (default none). */
  workdays: string[];
};

/**
 * A versioned rule set with defaults applied: the rules, the exclusive groups and how they stack,
 * the default rounding (and whether it applies at each stage or once at the end), caps across all
 * rules, and the tenders that earn nothing.
 *
 * @example
 * ```ts
 * import type { Ruleset } from '@aisle/points';
 *
 * const ruleCount = (set: Ruleset): number => set.rules.length;
 * ```
 */
export type Ruleset = {
  /** The rule set id. */
  id: string;
  /** Its version (an integer from 1). */
  version: number;
  /** The default rounding (default `floor`). */
  rounding: RoundingMode;
  /**
   * `each-stage` (default): every stage (base, each multiplier, each per-item bonus) rounds its own
   * points; `end`: the stages' exact values are added and the receipt's points rounded once.
   */
  roundAt: 'each-stage' | 'end';
  /** Caps across all rules. */
  caps?: RulesetCaps | undefined;
  /** Tender methods that earn nothing (default `stored-value`, `points`, `gift-card`). */
  nonEarningTenders: string[];
  /** The stores it applies to (default: all). */
  stores?: string[] | undefined;
  /** The holiday calendar the `holiday` condition reads. */
  holidays?: HolidayCalendar | undefined;
  /** The exclusive groups: how the rules in each stack (`sum`, `max`, `multiply`, `first`), in priority order (default 0). */
  groups: { id: string; mode: 'sum' | 'max' | 'multiply' | 'first'; priority: number }[];
  /** The rules (1 to 10,000). */
  rules: Rule[];
};

/**
 * A rule set as written (defaults not yet applied).
 *
 * @example
 * ```ts
 * import type { RulesetInput } from '@aisle/points';
 *
 * const input: RulesetInput = { id: 'mall', version: 3, rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }] };
 * ```
 */
export type RulesetInput = {
  /** The rule set id. */
  id: string;
  /** Its version (an integer from 1). */
  version: number;
  /** The default rounding (default `floor`). */
  rounding?: RoundingMode | undefined;
  /** Round at each stage (default) or once at the `end`. */
  roundAt?: 'each-stage' | 'end' | undefined;
  /** Caps across all rules. */
  caps?: RulesetCaps | undefined;
  /** Tender methods that earn nothing (default `stored-value`, `points`, `gift-card`). */
  nonEarningTenders?: string[] | undefined;
  /** The stores it applies to (default: all). */
  stores?: string[] | undefined;
  /** The holiday calendar (`workdays` default to none). */
  holidays?: { holidays: string[]; workdays?: string[] | undefined } | undefined;
  /** The exclusive groups and how each stacks (`priority` defaults to 0). */
  groups?: { id: string; mode: 'sum' | 'max' | 'multiply' | 'first'; priority?: number | undefined }[] | undefined;
  /** The rules (1 to 10,000). */
  rules: RuleInput[];
};

/**
 * A receipt line: money after line discounts, in fen.
 *
 * @example
 * ```ts
 * import type { Line } from '@aisle/points';
 *
 * const line: Line = { id: 'l1', sku: 'SKU-1', brand: 'Lancôme', category: 'beauty', quantity: 1, amountFen: 89_000 };
 * ```
 */
export type Line = {
  /** The line id. */
  id: string;
  /** The SKU. */
  sku: string;
  /** The brand. */
  brand?: string | undefined;
  /** The category. */
  category?: string | undefined;
  /** Units (an integer from 1). */
  quantity: number;
  /** What the line costs after line discounts, in fen. */
  amountFen: number;
};

/**
 * A transaction as passed to `evaluate`: a purchase, a sign-up or a stored-value top-up, with
 * its lines (default none, up to 10,000) and tenders (default none, up to 100).
 *
 * @example
 * ```ts
 * import type { Transaction } from '@aisle/points';
 *
 * const tx: Transaction = { id: 'R-1', kind: 'purchase', storeId: 'sh-001', channel: 'pos', totalFen: 10_000, lines: [], tenders: [] };
 * ```
 */
export type Transaction = {
  /** The receipt id. */
  id: string;
  /** A purchase, a sign-up or a top-up. */
  kind: 'purchase' | 'sign-up' | 'top-up';
  /** The store. */
  storeId: string;
  /** Where it happened. */
  channel: 'pos' | 'online' | 'mini-program';
  /** The total in fen. */
  totalFen: number;
  /** The lines. */
  lines?: Line[] | undefined;
  /** How it was paid: each tender method and its amount in fen. */
  tenders?: { method: string; amountFen: number }[] | undefined;
};

/**
 * What evaluation needs to know about a member.
 *
 * @example
 * ```ts
 * import type { Member } from '@aisle/points';
 *
 * const m: Member = { id: 'm-1', tier: 'gold', tags: ['vip'], birthday: '05-18', joinedOn: '2024-03-02', purchaseCount: 12 };
 * ```
 */
export type Member = {
  /** The member id. */
  id: string;
  /** The tier id. */
  tier: string;
  /** Tags the `tags` condition reads. */
  tags?: string[] | undefined;
  /** The birthday, `MM-DD` or `YYYY-MM-DD`. */
  birthday?: string | undefined;
  /** When the member joined, `YYYY-MM-DD`. */
  joinedOn?: string | undefined;
  /** Purchases so far (an integer from 0). */
  purchaseCount?: number | undefined;
  /** Ids of `once` rules already granted. */
  grantedOnce?: string[] | undefined;
};

/**
 * A store: its IANA zone (calendar conditions use its business date), opening date and the hour
 * the business day starts.
 *
 * @example
 * ```ts
 * import type { Store } from '@aisle/points';
 *
 * const s: Store = { id: 'sh-001', zone: 'Asia/Shanghai', openedOn: '2019-11-21' };
 * ```
 */
export type Store = {
  /** The store id. */
  id: string;
  /** Its IANA time zone. */
  zone: string;
  /** When it opened, `YYYY-MM-DD` (the `storeAnniversary` condition). */
  openedOn?: string | undefined;
  /** The hour (0 to 12) the business day starts. */
  dayStartsAtHour?: number | undefined;
};

/**
 * A transaction after validation ({@link TransactionSchema}'s output): {@link Transaction} with
 * `lines` and `tenders` filled in (default empty).
 *
 * @example
 * ```ts
 * import type { ParsedTransaction } from '@aisle/points';
 *
 * const paidFen = (tx: ParsedTransaction): number => tx.tenders.reduce((sum, t) => sum + t.amountFen, 0);
 * ```
 */
export type ParsedTransaction = {
  /** The receipt id. */
  id: string;
  /** A purchase, a sign-up or a top-up. */
  kind: 'purchase' | 'sign-up' | 'top-up';
  /** The store. */
  storeId: string;
  /** Where it happened. */
  channel: 'pos' | 'online' | 'mini-program';
  /** The total in fen. */
  totalFen: number;
  /** The lines. */
  lines: Line[];
  /** How it was paid: each tender method and its amount in fen. */
  tenders: { method: string; amountFen: number }[];
};
