import * as z from 'zod/mini';

const MAX_FEN = 1e12;
const id = z.string().check(z.minLength(1), z.maxLength(128));
const fen = z.int().check(z.gte(0), z.lte(MAX_FEN));
const positive = z.int().check(z.gt(0), z.lte(1e6));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'));
const monthDay = z.string().check(z.regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'expected MM-DD or YYYY-MM-DD'));
const ids = z.array(id).check(z.maxLength(10_000));
const opt = z.optional;

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
  skus: opt(ids),
  brands: opt(ids),
  categories: opt(ids),
  excludeSkus: opt(ids),
  excludeBrands: opt(ids),
  excludeCategories: opt(ids),
});

/**
 * Zod schema of the leaf conditions (everything but `any` and `not`).
 *
 * @example `parse(LeafConditionSchema, { type: 'holiday', kind: 'holiday' })`
 */
export const LeafConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('store'), in: opt(ids), notIn: opt(ids) }),
  z.object({ type: z.literal('channel'), in: z.array(z.enum(['pos', 'online', 'mini-program'])).check(z.minLength(1)) }),
  z.object({ type: z.literal('tier'), in: ids.check(z.minLength(1)) }),
  z.object({ type: z.literal('tags'), all: opt(ids), any: opt(ids), none: opt(ids) }),
  z.object({ type: z.literal('orderAmount'), minFen: opt(fen), maxFen: opt(fen) }),
  z.object({ type: z.literal('items'), filter: ItemFilterSchema, minQuantity: opt(positive), minFen: opt(fen) }),
  z.object({ type: z.literal('payment'), anyOf: ids.check(z.minLength(1)) }),
  z.object({ type: z.literal('weekday'), days: z.array(z.int().check(z.gte(1), z.lte(7))).check(z.minLength(1)) }),
  z.object({ type: z.literal('dayOfMonth'), days: z.array(z.int().check(z.gte(1), z.lte(31))).check(z.minLength(1)) }),
  z.object({ type: z.literal('dateRange'), from: isoDate, to: isoDate }),
  z.object({ type: z.literal('holiday'), kind: z.enum(['holiday', 'adjusted-workday', 'day-off', 'workday']) }),
  z.object({ type: z.literal('storeAnniversary') }),
  z.object({ type: z.literal('birthday'), period: z.enum(['day', 'week', 'month']) }),
  z.object({ type: z.literal('joinAnniversary') }),
  z.object({ type: z.literal('firstPurchase') }),
  z.object({ type: z.literal('kind'), in: z.array(z.enum(['purchase', 'sign-up', 'top-up'])).check(z.minLength(1)) }),
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
export const ConditionSchema: z.ZodMiniType<Condition> = z.lazy(() =>
  z.union([
    LeafConditionSchema,
    z.object({ type: z.literal('any'), of: z.array(ConditionSchema).check(z.minLength(1), z.maxLength(64)) }),
    z.object({ type: z.literal('not'), condition: ConditionSchema }),
  ]),
);

const rate = z.object({ points: positive, perFen: positive });
const factor = z.number().check(
  z.gte(1),
  z.lte(100),
  z.refine((f) => Math.abs(Math.round(f * 100) - f * 100) < 1e-9, 'a factor has at most two decimals (e.g. 1.5)'),
);

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
    rates: opt(z.array(z.extend(rate, { tier: opt(id), store: opt(id) })).check(z.maxLength(1000))),
  }),
  z.object({ type: z.literal('multiplier'), factor }),
  z.object({ type: z.literal('fixed'), points: positive }),
  z.object({ type: z.literal('perItem'), pointsPerUnit: opt(positive), points: opt(positive), perFen: opt(positive) }),
  z.object({
    type: z.literal('topUpBonus'),
    tiers: z.array(z.object({ minFen: fen, points: positive })).check(z.minLength(1), z.maxLength(100)),
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
  perTransaction: opt(fen),
  perDay: opt(fen),
  perMonth: opt(fen),
  perMemberPerCampaign: opt(fen),
  campaignBudget: opt(fen),
});

/**
 * Caps across all rules of a rule set, on the points (not tier credit) a receipt earns after
 * every rule's own caps: per receipt, and per member per business day and per month (the day and
 * month use `memberUsage` passed to `evaluate`). A bonus cannot escape them: a "×2 member day"
 * on a receipt already at the per-receipt cap adds nothing.
 *
 * @example `{ perReceipt: 5_000, perMemberPerDay: 20_000, perMemberPerMonth: 100_000 }`
 */
export const RulesetCapsSchema = z.object({
  perReceipt: opt(fen),
  perMemberPerDay: opt(fen),
  perMemberPerMonth: opt(fen),
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
  version: z.int().check(z.gt(0)),
  name: opt(z.object({ en: z.string().check(z.maxLength(200)), zh: z.string().check(z.maxLength(200)) })),
  priority: z._default(z.int().check(z.gte(-1_000_000), z.lte(1_000_000)), 0),
  group: opt(id),
  items: opt(ItemFilterSchema),
  when: z._default(z.array(ConditionSchema).check(z.maxLength(64)), []),
  effect: EffectSchema,
  caps: opt(CapsSchema),
  once: opt(z.boolean()),
  rounding: opt(rounding),
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
  holidays: z.array(isoDate).check(z.maxLength(10_000)),
  workdays: z._default(z.array(isoDate).check(z.maxLength(10_000)), []),
});

/**
 * A versioned rule set: the rules, the exclusive groups and how they stack, the default rounding
 * (and whether it applies at each stage or once at the end), caps across all rules, and the
 * tenders that earn nothing.
 *
 * @example
 * ```ts
 * const ruleset = { id: 'mall', version: 3, rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }] };
 * ```
 */
export const RulesetSchema = z.object({
  id,
  version: z.int().check(z.gt(0)),
  rounding: z._default(rounding, 'floor'),
  /**
   * `each-stage` (default): every stage (base, each multiplier, each per-item bonus) rounds its own
   * points; `end`: the stages' exact values are added and the receipt's points rounded once.
   */
  roundAt: z._default(z.enum(['each-stage', 'end']), 'each-stage'),
  caps: opt(RulesetCapsSchema),
  nonEarningTenders: z._default(ids, ['stored-value', 'points', 'gift-card']),
  stores: opt(ids),
  holidays: opt(HolidayCalendarSchema),
  groups: z._default(
    z.array(z.object({ id, mode: z.enum(['sum', 'max', 'multiply', 'first']), priority: z._default(z.int(), 0) })).check(z.maxLength(1000)),
    [],
  ),
  rules: z.array(RuleSchema).check(z.minLength(1), z.maxLength(10_000)),
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
  brand: opt(id),
  category: opt(id),
  quantity: z.int().check(z.gt(0)),
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
  lines: z._default(z.array(LineSchema).check(z.maxLength(10_000)), []),
  tenders: z._default(z.array(z.object({ method: id, amountFen: fen })).check(z.maxLength(100)), []),
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
  tags: opt(ids),
  birthday: opt(monthDay),
  joinedOn: opt(isoDate),
  purchaseCount: opt(z.int().check(z.gte(0))),
  grantedOnce: opt(ids),
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
  zone: z.string().check(z.minLength(1)),
  openedOn: opt(isoDate),
  dayStartsAtHour: opt(z.int().check(z.gte(0), z.lte(12))),
});

/**
 * A store as passed to `evaluate`.
 *
 * @example `const s: Store = { id: 'sh-001', zone: 'Asia/Shanghai' };`
 */
export type Store = z.input<typeof StoreSchema>;
