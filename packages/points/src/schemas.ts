import type { Schema } from '@aisle/core';
import * as z from 'zod/mini';
import type { AssertAll, Equals } from './internal/type-equals';
import type {
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

// The zod schemas, kept private: the public API exports each one typed as Aisle's own `Schema`
// (Standard Schema v1), next to its hand-written type in `schema-types.ts`; the assertions at the
// end prove they agree.

const MAX_FEN = 1e12;
const id = z.string().check(z.minLength(1), z.maxLength(128));
const fen = z.int().check(z.gte(0), z.lte(MAX_FEN));
const positive = z.int().check(z.gt(0), z.lte(1e6));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'));
const monthDay = z.string().check(z.regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'expected MM-DD or YYYY-MM-DD'));
const ids = z.array(id).check(z.maxLength(10_000));
const opt = z.optional;

const itemFilter = z.object({
  skus: opt(ids),
  brands: opt(ids),
  categories: opt(ids),
  excludeSkus: opt(ids),
  excludeBrands: opt(ids),
  excludeCategories: opt(ids),
});

const leafCondition = z.discriminatedUnion('type', [
  z.object({ type: z.literal('store'), in: opt(ids), notIn: opt(ids) }),
  z.object({ type: z.literal('channel'), in: z.array(z.enum(['pos', 'online', 'mini-program'])).check(z.minLength(1)) }),
  z.object({ type: z.literal('tier'), in: ids.check(z.minLength(1)) }),
  z.object({ type: z.literal('tags'), all: opt(ids), any: opt(ids), none: opt(ids) }),
  z.object({ type: z.literal('orderAmount'), minFen: opt(fen), maxFen: opt(fen) }),
  z.object({ type: z.literal('items'), filter: itemFilter, minQuantity: opt(positive), minFen: opt(fen) }),
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

// Recursive, so zod cannot infer it: typed by hand (input and output are both `Condition`).
const condition: z.ZodMiniType<Condition, Condition> = z.lazy(() =>
  z.union([
    leafCondition,
    z.object({ type: z.literal('any'), of: z.array(condition).check(z.minLength(1), z.maxLength(64)) }),
    z.object({ type: z.literal('not'), condition }),
  ]),
);

const rate = z.object({ points: positive, perFen: positive });
const factor = z.number().check(
  z.gte(1),
  z.lte(100),
  z.refine((f) => Math.abs(Math.round(f * 100) - f * 100) < 1e-9, 'a factor has at most two decimals (e.g. 1.5)'),
);

const effect = z.discriminatedUnion('type', [
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

const rounding = z.enum(['floor', 'ceil', 'half-up', 'half-even']);

const caps = z.object({
  perTransaction: opt(fen),
  perDay: opt(fen),
  perMonth: opt(fen),
  perMemberPerCampaign: opt(fen),
  campaignBudget: opt(fen),
});

const rulesetCaps = z.object({
  perReceipt: opt(fen),
  perMemberPerDay: opt(fen),
  perMemberPerMonth: opt(fen),
});

const rule = z.object({
  id,
  version: z.int().check(z.gt(0)),
  name: opt(z.object({ en: z.string().check(z.maxLength(200)), zh: z.string().check(z.maxLength(200)) })),
  priority: z._default(z.int().check(z.gte(-1_000_000), z.lte(1_000_000)), 0),
  group: opt(id),
  items: opt(itemFilter),
  when: z._default(z.array(condition).check(z.maxLength(64)), []),
  effect,
  caps: opt(caps),
  once: opt(z.boolean()),
  rounding: opt(rounding),
});

const holidayCalendar = z.object({
  holidays: z.array(isoDate).check(z.maxLength(10_000)),
  workdays: z._default(z.array(isoDate).check(z.maxLength(10_000)), []),
});

const ruleset = z.object({
  id,
  version: z.int().check(z.gt(0)),
  rounding: z._default(rounding, 'floor'),
  roundAt: z._default(z.enum(['each-stage', 'end']), 'each-stage'),
  caps: opt(rulesetCaps),
  nonEarningTenders: z._default(ids, ['stored-value', 'points', 'gift-card']),
  stores: opt(ids),
  holidays: opt(holidayCalendar),
  groups: z._default(
    z.array(z.object({ id, mode: z.enum(['sum', 'max', 'multiply', 'first']), priority: z._default(z.int(), 0) })).check(z.maxLength(1000)),
    [],
  ),
  rules: z.array(rule).check(z.minLength(1), z.maxLength(10_000)),
});

const line = z.object({
  id,
  sku: id,
  brand: opt(id),
  category: opt(id),
  quantity: z.int().check(z.gt(0)),
  amountFen: fen,
});

const transaction = z.object({
  id,
  kind: z.enum(['purchase', 'sign-up', 'top-up']),
  storeId: id,
  channel: z.enum(['pos', 'online', 'mini-program']),
  totalFen: fen,
  lines: z._default(z.array(line).check(z.maxLength(10_000)), []),
  tenders: z._default(z.array(z.object({ method: id, amountFen: fen })).check(z.maxLength(100)), []),
});

const member = z.object({
  id,
  tier: id,
  tags: opt(ids),
  birthday: opt(monthDay),
  joinedOn: opt(isoDate),
  purchaseCount: opt(z.int().check(z.gte(0))),
  grantedOnce: opt(ids),
});

const store = z.object({
  id,
  zone: z.string().check(z.minLength(1)),
  openedOn: opt(isoDate),
  dayStartsAtHour: opt(z.int().check(z.gte(0), z.lte(12))),
});

/**
 * Validates an {@link ItemFilter}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { ItemFilterSchema } from '@aisle/points';
 *
 * parse(ItemFilterSchema, { brands: ['Lancôme'], excludeCategories: ['tobacco'] });
 * ```
 */
export const ItemFilterSchema: Schema<ItemFilter, ItemFilter> = itemFilter;

/**
 * Validates a {@link LeafCondition} (everything but `any` and `not`).
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { LeafConditionSchema } from '@aisle/points';
 *
 * parse(LeafConditionSchema, { type: 'holiday', kind: 'holiday' });
 * ```
 */
export const LeafConditionSchema: Schema<LeafCondition, LeafCondition> = leafCondition;

/**
 * Validates a {@link Condition} (leaves, `any` and `not`, up to 64 alternatives each).
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { ConditionSchema } from '@aisle/points';
 *
 * parse(ConditionSchema, { type: 'not', condition: { type: 'birthday', period: 'month' } });
 * ```
 */
export const ConditionSchema: Schema<Condition, Condition> = condition;

/**
 * Validates an {@link Effect}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { EffectSchema } from '@aisle/points';
 *
 * parse(EffectSchema, { type: 'fixed', points: 100 });
 * ```
 */
export const EffectSchema: Schema<Effect, Effect> = effect;

/**
 * Validates the {@link Caps} of one rule.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { CapsSchema } from '@aisle/points';
 *
 * parse(CapsSchema, { perTransaction: 500, perDay: 1000, campaignBudget: 1_000_000 });
 * ```
 */
export const CapsSchema: Schema<Caps, Caps> = caps;

/**
 * Validates the {@link RulesetCaps} across all rules of a rule set.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { RulesetCapsSchema } from '@aisle/points';
 *
 * parse(RulesetCapsSchema, { perReceipt: 5_000, perMemberPerDay: 20_000 });
 * ```
 */
export const RulesetCapsSchema: Schema<RulesetCaps, RulesetCaps> = rulesetCaps;

/**
 * Validates one rule: parses a {@link RuleInput} into a {@link Rule} (defaults applied).
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { RuleSchema } from '@aisle/points';
 *
 * const rule = parse(RuleSchema, { id: 'wed-x2', version: 1, when: [{ type: 'weekday', days: [3] }], effect: { type: 'multiplier', factor: 2 } });
 * rule.priority; // 0
 * ```
 */
export const RuleSchema: Schema<Rule, RuleInput> = rule;

/**
 * Validates a {@link HolidayCalendar} (`workdays` default to none).
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { HolidayCalendarSchema } from '@aisle/points';
 *
 * parse(HolidayCalendarSchema, { holidays: ['2026-10-01', '2026-10-02'] }).workdays; // []
 * ```
 */
export const HolidayCalendarSchema: Schema<HolidayCalendar, { holidays: string[]; workdays?: string[] | undefined }> = holidayCalendar;

/**
 * Validates a rule set: parses a {@link RulesetInput} into a {@link Ruleset} (defaults applied);
 * `compileRules` uses it.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { RulesetSchema } from '@aisle/points';
 *
 * const set = parse(RulesetSchema, { id: 'mall', version: 3, rules: [{ id: 'base', version: 1, effect: { type: 'base', points: 1, perFen: 100 } }] });
 * set.rounding; // 'floor'
 * ```
 */
export const RulesetSchema: Schema<Ruleset, RulesetInput> = ruleset;

/**
 * Validates a receipt {@link Line}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { LineSchema } from '@aisle/points';
 *
 * parse(LineSchema, { id: 'l1', sku: 'SKU-1', quantity: 1, amountFen: 89_000 });
 * ```
 */
export const LineSchema: Schema<Line, Line> = line;

/**
 * Validates a {@link Transaction}; the output has `lines` and `tenders` (default empty).
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { TransactionSchema } from '@aisle/points';
 *
 * parse(TransactionSchema, { id: 'R-1', kind: 'sign-up', storeId: 'sh-001', channel: 'pos', totalFen: 0 }).lines; // []
 * ```
 */
export const TransactionSchema: Schema<ParsedTransaction, Transaction> = transaction;

/**
 * Validates a {@link Member}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { MemberSchema } from '@aisle/points';
 *
 * parse(MemberSchema, { id: 'm-1', tier: 'gold', birthday: '05-18' });
 * ```
 */
export const MemberSchema: Schema<Member, Member> = member;

/**
 * Validates a {@link Store}.
 *
 * @example
 * ```ts
 * import { parse } from '@aisle/core';
 * import { StoreSchema } from '@aisle/points';
 *
 * parse(StoreSchema, { id: 'sh-001', zone: 'Asia/Shanghai' });
 * ```
 */
export const StoreSchema: Schema<Store, Store> = store;

// Each hand-written type is exactly what its schema parses and accepts (checked by tsc, erased at build).
type _SchemasMatchTypes = AssertAll<
  [
    Equals<ItemFilter, z.output<typeof itemFilter>>,
    Equals<ItemFilter, z.input<typeof itemFilter>>,
    Equals<LeafCondition, z.output<typeof leafCondition>>,
    Equals<LeafCondition, z.input<typeof leafCondition>>,
    Equals<Effect, z.output<typeof effect>>,
    Equals<Effect, z.input<typeof effect>>,
    Equals<Caps, z.output<typeof caps>>,
    Equals<RulesetCaps, z.output<typeof rulesetCaps>>,
    Equals<Rule, z.output<typeof rule>>,
    Equals<RuleInput, z.input<typeof rule>>,
    Equals<HolidayCalendar, z.output<typeof holidayCalendar>>,
    Equals<Ruleset, z.output<typeof ruleset>>,
    Equals<RulesetInput, z.input<typeof ruleset>>,
    Equals<Line, z.output<typeof line>>,
    Equals<Transaction, z.input<typeof transaction>>,
    Equals<ParsedTransaction, z.output<typeof transaction>>,
    Equals<Member, z.output<typeof member>>,
    Equals<Member, z.input<typeof member>>,
    Equals<Store, z.output<typeof store>>,
    Equals<Store, z.input<typeof store>>,
  ]
>;
