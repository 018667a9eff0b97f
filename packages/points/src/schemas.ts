import { z } from 'zod';

const MAX_FEN = 1e12;
const id = z.string().min(1).max(128);
const fen = z.number().int().nonnegative().max(MAX_FEN);
const positive = z.number().int().positive().max(1e6);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const monthDay = z.string().regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'expected MM-DD or YYYY-MM-DD');
const ids = z.array(id).max(10_000);

/**
 * Selects receipt lines by SKU, brand and category; the `exclude…` lists win over the includes.
 * An empty filter selects every line.
 *
 * @example
 * ```ts
 * const filter = { brands: ['Lancôme'], excludeCategories: ['tobacco'] };
 * ```
 */
export const ItemFilterSchema = z.object({
  skus: ids.optional(),
  brands: ids.optional(),
  categories: ids.optional(),
  excludeSkus: ids.optional(),
  excludeBrands: ids.optional(),
  excludeCategories: ids.optional(),
});

/**
 * Zod schema of the leaf conditions (everything but `any` and `not`).
 *
 * @example `parse(LeafConditionSchema, { type: 'holiday', kind: 'holiday' })`
 */
export const LeafConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('store'), in: ids.optional(), notIn: ids.optional() }),
  z.object({ type: z.literal('channel'), in: z.array(z.enum(['pos', 'online', 'mini-program'])).min(1) }),
  z.object({ type: z.literal('tier'), in: ids.min(1) }),
  z.object({ type: z.literal('tags'), all: ids.optional(), any: ids.optional(), none: ids.optional() }),
  z.object({ type: z.literal('orderAmount'), minFen: fen.optional(), maxFen: fen.optional() }),
  z.object({ type: z.literal('items'), filter: ItemFilterSchema, minQuantity: positive.optional(), minFen: fen.optional() }),
  z.object({ type: z.literal('payment'), anyOf: ids.min(1) }),
  z.object({ type: z.literal('weekday'), days: z.array(z.number().int().min(1).max(7)).min(1) }),
  z.object({ type: z.literal('dayOfMonth'), days: z.array(z.number().int().min(1).max(31)).min(1) }),
  z.object({ type: z.literal('dateRange'), from: isoDate, to: isoDate }),
  z.object({ type: z.literal('holiday'), kind: z.enum(['holiday', 'adjusted-workday', 'day-off', 'workday']) }),
  z.object({ type: z.literal('storeAnniversary') }),
  z.object({ type: z.literal('birthday'), period: z.enum(['day', 'week', 'month']) }),
  z.object({ type: z.literal('joinAnniversary') }),
  z.object({ type: z.literal('firstPurchase') }),
  z.object({ type: z.literal('kind'), in: z.array(z.enum(['purchase', 'sign-up', 'top-up'])).min(1) }),
]);

/** A leaf condition of a rule (see the README for each `type`). @example `{ type: 'weekday', days: [3] }` */
export type LeafCondition = z.infer<typeof LeafConditionSchema>;

/**
 * A rule condition: a leaf, or `any` / `not` over leaves. A rule's `when` list must all hold.
 *
 * @example
 * ```ts
 * const memberDay: Condition = { type: 'any', of: [{ type: 'weekday', days: [3] }, { type: 'dayOfMonth', days: [18] }] };
 * ```
 */
export type Condition =
  | LeafCondition
  | { readonly type: 'any'; readonly of: readonly Condition[] }
  | { readonly type: 'not'; readonly condition: Condition };

/** Zod schema of {@link Condition}. @example `parse(ConditionSchema, { type: 'birthday', period: 'month' })` */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    LeafConditionSchema,
    z.object({ type: z.literal('any'), of: z.array(ConditionSchema).min(1).max(64) }),
    z.object({ type: z.literal('not'), condition: ConditionSchema }),
  ]),
);

const rate = z.object({ points: positive, perFen: positive });
const factor = z
  .number()
  .min(1)
  .max(100)
  .refine((f) => Math.abs(Math.round(f * 100) - f * 100) < 1e-9, 'a factor has at most two decimals (e.g. 1.5)');

/**
 * What a rule grants when its conditions hold.
 *
 * @example
 * ```ts
 * const base = { type: 'base', points: 1, perFen: 100, rates: [{ tier: 'gold', points: 3, perFen: 200 }] };
 * ```
 */
export const EffectSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('base'),
    points: positive,
    perFen: positive,
    rates: z
      .array(rate.extend({ tier: id.optional(), store: id.optional() }))
      .max(1000)
      .optional(),
  }),
  z.object({ type: z.literal('multiplier'), factor }),
  z.object({ type: z.literal('fixed'), points: positive }),
  z.object({ type: z.literal('perItem'), pointsPerUnit: positive.optional(), points: positive.optional(), perFen: positive.optional() }),
  z.object({
    type: z.literal('topUpBonus'),
    tiers: z
      .array(z.object({ minFen: fen, points: positive }))
      .min(1)
      .max(100),
  }),
  z.object({ type: z.literal('tierCredit'), points: positive, perFen: positive }),
]);

/**
 * A rule effect.
 *
 * @example `{ type: 'fixed', points: 100 }`
 */
export type Effect = z.infer<typeof EffectSchema>;

const rounding = z.enum(['floor', 'ceil', 'half-up', 'half-even']);

/**
 * Caps on what one rule grants: per transaction, per member per business day / month / campaign,
 * and a campaign budget over all members (day, month, campaign and budget use the `usage` passed to `evaluate`).
 *
 * @example `{ perTransaction: 500, perDay: 1000, campaignBudget: 1_000_000 }`
 */
export const CapsSchema = z.object({
  perTransaction: fen.optional(),
  perDay: fen.optional(),
  perMonth: fen.optional(),
  perMemberPerCampaign: fen.optional(),
  campaignBudget: fen.optional(),
});

/**
 * One earn rule: conditions, an effect over the lines its `items` filter selects, caps,
 * an optional exclusive group and the rounding of its stage.
 *
 * @example
 * ```ts
 * const rule = { id: 'wed-x2', version: 1, when: [{ type: 'weekday', days: [3] }], effect: { type: 'multiplier', factor: 2 } };
 * ```
 */
export const RuleSchema = z.object({
  id,
  version: z.number().int().positive(),
  name: z.object({ en: z.string().max(200), zh: z.string().max(200) }).optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
  group: id.optional(),
  items: ItemFilterSchema.optional(),
  when: z.array(ConditionSchema).max(64).default([]),
  effect: EffectSchema,
  caps: CapsSchema.optional(),
  once: z.boolean().optional(),
  rounding: rounding.optional(),
});

/** A rule as written (defaults not yet applied). @example `const r: RuleInput = { id: 'x', version: 1, effect: { type: 'fixed', points: 5 } };` */
export type RuleInput = z.input<typeof RuleSchema>;
/** A validated rule. @example `const r: Rule = compiled.rules[0];` */
export type Rule = z.output<typeof RuleSchema>;

/**
 * The holiday calendar supplied as data: statutory days off and the adjusted working days
 * (调休) on which a weekend date is a working day.
 *
 * @example `{ holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-09-27'] }`
 */
export const HolidayCalendarSchema = z.object({
  holidays: z.array(isoDate).max(10_000),
  workdays: z.array(isoDate).max(10_000).default([]),
});

/**
 * A versioned rule set: the rules, the exclusive groups and how they stack, the default rounding and the
 * tenders that earn nothing.
 *
 * @example
 * ```ts
 * const ruleset = { id: 'mall', version: 3, rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }] };
 * ```
 */
export const RulesetSchema = z.object({
  id,
  version: z.number().int().positive(),
  rounding: rounding.default('floor'),
  nonEarningTenders: ids.default(['stored-value', 'points', 'gift-card']),
  stores: ids.optional(),
  holidays: HolidayCalendarSchema.optional(),
  groups: z
    .array(z.object({ id, mode: z.enum(['sum', 'max', 'multiply', 'first']), priority: z.number().int().default(0) }))
    .max(1000)
    .default([]),
  rules: z.array(RuleSchema).min(1).max(10_000),
});

/** A rule set as written. @example `const input: RulesetInput = { id: 'r', version: 1, rules: [] };` */
export type RulesetInput = z.input<typeof RulesetSchema>;
/** A validated rule set with defaults applied. @example `const set: Ruleset = compiled.ruleset;` */
export type Ruleset = z.output<typeof RulesetSchema>;

/**
 * A receipt line: money after line discounts, in fen.
 *
 * @example `{ id: 'l1', sku: 'SKU-1', brand: 'Lancôme', category: 'beauty', quantity: 1, amountFen: 89_000 }`
 */
export const LineSchema = z.object({
  id,
  sku: id,
  brand: id.optional(),
  category: id.optional(),
  quantity: z.number().int().positive(),
  amountFen: fen,
});

/**
 * A transaction: a purchase, a sign-up or a stored-value top-up, with its lines and tenders.
 *
 * @example
 * ```ts
 * const tx = { id: 'R-1', kind: 'purchase', storeId: 'sh-001', channel: 'pos', totalFen: 10_000, lines: [], tenders: [] };
 * ```
 */
export const TransactionSchema = z.object({
  id,
  kind: z.enum(['purchase', 'sign-up', 'top-up']),
  storeId: id,
  channel: z.enum(['pos', 'online', 'mini-program']),
  totalFen: fen,
  lines: z.array(LineSchema).max(10_000).default([]),
  tenders: z
    .array(z.object({ method: id, amountFen: fen }))
    .max(100)
    .default([]),
});

/** A transaction as passed to `evaluate`. @example `const tx: Transaction = { id: 'R-1', kind: 'sign-up', storeId: 's', channel: 'pos', totalFen: 0, lines: [], tenders: [] };` */
export type Transaction = z.input<typeof TransactionSchema>;

/**
 * What evaluation needs to know about a member.
 *
 * @example `{ id: 'm-1', tier: 'gold', tags: ['vip'], birthday: '05-18', joinedOn: '2024-03-02', purchaseCount: 12 }`
 */
export const MemberSchema = z.object({
  id,
  tier: id,
  tags: ids.optional(),
  birthday: monthDay.optional(),
  joinedOn: isoDate.optional(),
  purchaseCount: z.number().int().nonnegative().optional(),
  grantedOnce: ids.optional(),
});

/**
 * A member as passed to `evaluate`.
 *
 * @example `const m: Member = { id: 'm-1', tier: 'silver' };`
 */
export type Member = z.input<typeof MemberSchema>;

/**
 * A store: its IANA zone (calendar conditions use its business date), opening date and the hour the business day starts.
 *
 * @example `{ id: 'sh-001', zone: 'Asia/Shanghai', openedOn: '2019-11-21' }`
 */
export const StoreSchema = z.object({
  id,
  zone: z.string().min(1),
  openedOn: isoDate.optional(),
  dayStartsAtHour: z.number().int().min(0).max(12).optional(),
});

/**
 * A store as passed to `evaluate`.
 *
 * @example `const s: Store = { id: 'sh-001', zone: 'Asia/Shanghai' };`
 */
export type Store = z.input<typeof StoreSchema>;
