import { anniversaryIn, dayOf, monthOf } from '../internal/calendar';
import type { EvalContext, LineView } from '../internal/context';
import type { Condition } from '../schema-types';

/** A compiled condition: a closure over the rule's data, no code generation. */
export type Predicate = (ctx: EvalContext) => boolean;
/** A compiled item filter. */
export type LinePredicate = (line: LineView) => boolean;

/** Item filters compiled once per rule set, each with an index into the evaluation's scope cache. */
export interface FilterRegistry {
  get(filter: Filter): { readonly index: number; readonly matches: LinePredicate };
}

export function createFilterRegistry(): FilterRegistry & { readonly size: number } {
  const known = new Map<string, { index: number; matches: LinePredicate }>();
  return {
    get(filter) {
      const key = JSON.stringify(filter);
      let found = known.get(key);
      if (found === undefined) {
        found = { index: known.size, matches: compileFilter(filter) };
        known.set(key, found);
      }
      return found;
    },
    get size() {
      return known.size;
    },
  };
}

/** The indices of the lines a filter selects, computed once per evaluation and shared. */
export function scopeFor(ctx: EvalContext, index: number, matches: LinePredicate): number[] {
  let scope = ctx.scopes[index];
  if (scope === undefined) {
    scope = [];
    for (let i = 0; i < ctx.lines.length; i++) if (matches(ctx.lines[i] as LineView)) scope.push(i);
    ctx.scopes[index] = scope;
  }
  return scope;
}

/** Holiday data as sets of ISO dates. */
export interface Holidays {
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
}

interface Filter {
  readonly skus?: readonly string[] | undefined;
  readonly brands?: readonly string[] | undefined;
  readonly categories?: readonly string[] | undefined;
  readonly excludeSkus?: readonly string[] | undefined;
  readonly excludeBrands?: readonly string[] | undefined;
  readonly excludeCategories?: readonly string[] | undefined;
}

const set = (values: readonly string[] | undefined) => (values === undefined || values.length === 0 ? undefined : new Set(values));

function compileFilter(filter: Filter): LinePredicate {
  const skus = set(filter.skus);
  const brands = set(filter.brands);
  const categories = set(filter.categories);
  const xSkus = set(filter.excludeSkus);
  const xBrands = set(filter.excludeBrands);
  const xCategories = set(filter.excludeCategories);
  const include = includeOf(skus, brands, categories);
  if (xSkus === undefined && xBrands === undefined && xCategories === undefined) return include;
  if (xSkus === undefined && xBrands === undefined && xCategories !== undefined && xCategories.size === 1) {
    const only = [...xCategories][0] as string;
    return (line) => line.category !== only && include(line);
  }
  return (line) => {
    if (xSkus?.has(line.sku)) return false;
    if (xBrands !== undefined && line.brand !== undefined && xBrands.has(line.brand)) return false;
    if (xCategories !== undefined && line.category !== undefined && xCategories.has(line.category)) return false;
    return include(line);
  };
}

/** The include part of a filter, specialised for the common single-list case. */
function includeOf(skus: Set<string> | undefined, brands: Set<string> | undefined, categories: Set<string> | undefined): LinePredicate {
  if (skus === undefined && brands === undefined && categories === undefined) return () => true;
  if (skus === undefined && categories === undefined && brands !== undefined) {
    if (brands.size === 1) {
      const only = [...brands][0] as string;
      return (line) => line.brand === only;
    }
    return (line) => line.brand !== undefined && brands.has(line.brand);
  }
  if (skus === undefined && brands === undefined && categories !== undefined) {
    if (categories.size === 1) {
      const only = [...categories][0] as string;
      return (line) => line.category === only;
    }
    return (line) => line.category !== undefined && categories.has(line.category);
  }
  if (brands === undefined && categories === undefined && skus !== undefined) {
    if (skus.size === 1) {
      const only = [...skus][0] as string;
      return (line) => line.sku === only;
    }
    return (line) => skus.has(line.sku);
  }
  return (line) =>
    (skus?.has(line.sku) ?? false) ||
    (brands !== undefined && line.brand !== undefined && brands.has(line.brand)) ||
    (categories !== undefined && line.category !== undefined && categories.has(line.category));
}

export function compileCondition(condition: Condition, holidays: Holidays, filters: FilterRegistry): Predicate {
  switch (condition.type) {
    case 'any': {
      const parts = condition.of.map((c) => compileCondition(c, holidays, filters));
      return (ctx) => {
        for (const p of parts) if (p(ctx)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileCondition(condition.condition, holidays, filters);
      return (ctx) => !inner(ctx);
    }
    case 'store': {
      const inSet = set(condition.in);
      const out = set(condition.notIn);
      return (ctx) => (inSet === undefined || inSet.has(ctx.storeId)) && !(out?.has(ctx.storeId) ?? false);
    }
    case 'channel': {
      const channels = new Set<string>(condition.in);
      if (channels.size === 1) {
        const only = condition.in[0] as string;
        return (ctx) => ctx.channel === only;
      }
      return (ctx) => channels.has(ctx.channel);
    }
    case 'tier': {
      const tiers = new Set(condition.in);
      if (tiers.size === 1) {
        const only = condition.in[0] as string;
        return (ctx) => ctx.tier === only;
      }
      return (ctx) => tiers.has(ctx.tier);
    }
    case 'tags': {
      const { all = [], any = [], none = [] } = condition;
      // The common single-tag cases, without the loops.
      if (all.length === 0 && none.length === 0 && any.length === 1) {
        const only = any[0] as string;
        return (ctx) => ctx.tags.includes(only);
      }
      if (all.length === 0 && any.length === 0 && none.length === 1) {
        const only = none[0] as string;
        return (ctx) => !ctx.tags.includes(only);
      }
      return (ctx) => {
        for (const t of all) if (!ctx.tags.includes(t)) return false;
        for (const t of none) if (ctx.tags.includes(t)) return false;
        if (any.length === 0) return true;
        for (const t of any) if (ctx.tags.includes(t)) return true;
        return false;
      };
    }
    case 'orderAmount': {
      const min = condition.minFen ?? 0;
      const max = condition.maxFen ?? Number.POSITIVE_INFINITY;
      return (ctx) => ctx.eligibleTotal >= min && ctx.eligibleTotal <= max;
    }
    case 'items': {
      const { index, matches } = filters.get(condition.filter);
      const minQuantity = condition.minQuantity ?? 1;
      const minFen = condition.minFen ?? 0;
      if (minQuantity <= 1 && minFen === 0) return (ctx) => scopeFor(ctx, index, matches).length > 0;
      return (ctx) => {
        let quantity = 0;
        let fen = 0;
        for (const i of scopeFor(ctx, index, matches)) {
          quantity += (ctx.lines[i] as LineView).quantity;
          fen += ctx.eligible[i] as number;
        }
        return quantity >= minQuantity && fen >= minFen;
      };
    }
    case 'payment': {
      const methods = new Set(condition.anyOf);
      if (methods.size === 1) {
        const only = condition.anyOf[0] as string;
        return (ctx) => {
          for (const t of ctx.tenders) if (t.amountFen > 0 && t.method === only) return true;
          return false;
        };
      }
      return (ctx) => {
        for (const t of ctx.tenders) if (t.amountFen > 0 && methods.has(t.method)) return true;
        return false;
      };
    }
    case 'weekday': {
      const days = new Set(condition.days);
      if (days.size === 1) {
        const only = condition.days[0] as number;
        return (ctx) => ctx.date.weekday === only;
      }
      return (ctx) => days.has(ctx.date.weekday);
    }
    case 'dayOfMonth': {
      const days = new Set(condition.days);
      if (days.size === 1) {
        const only = condition.days[0] as number;
        return (ctx) => ctx.date.day === only;
      }
      return (ctx) => days.has(ctx.date.day);
    }
    case 'dateRange': {
      const { from, to } = condition;
      return (ctx) => ctx.date.iso >= from && ctx.date.iso <= to;
    }
    case 'holiday':
      return compileHoliday(condition.kind, holidays);
    case 'storeAnniversary':
      return (ctx) => ctx.openedOn !== undefined && ctx.openedOn < ctx.date.iso && isAnniversary(ctx.openedOn, ctx);
    case 'joinAnniversary':
      return (ctx) => ctx.joinedOn !== undefined && ctx.joinedOn < ctx.date.iso && isAnniversary(ctx.joinedOn, ctx);
    case 'birthday':
      return compileBirthday(condition.period);
    case 'firstPurchase':
      return (ctx) => ctx.kind === 'purchase' && ctx.purchaseCount === 0;
    default: {
      const kinds = new Set<string>(condition.in);
      if (kinds.size === 1) {
        const only = condition.in[0] as string;
        return (ctx) => ctx.kind === only;
      }
      return (ctx) => kinds.has(ctx.kind);
    }
  }
}

function compileHoliday(kind: 'holiday' | 'adjusted-workday' | 'day-off' | 'workday', { holidays, workdays }: Holidays): Predicate {
  const dayOff = (ctx: EvalContext) => holidays.has(ctx.date.iso) || (ctx.date.weekday >= 6 && !workdays.has(ctx.date.iso));
  if (kind === 'holiday') return (ctx) => holidays.has(ctx.date.iso);
  if (kind === 'adjusted-workday') return (ctx) => workdays.has(ctx.date.iso);
  if (kind === 'day-off') return dayOff;
  return (ctx) => !dayOff(ctx);
}

function isAnniversary(date: string, ctx: EvalContext): boolean {
  const month = monthOf(date);
  const day = dayOf(date);
  // Cheap exact pre-check: the anniversary of a day 1–28 of month 1–12 always falls in that month.
  if (month !== ctx.date.month && month >= 1 && month <= 12 && day >= 1 && day <= 28) return false;
  return anniversaryIn(ctx.date.year, month, day) === ctx.date.dayNumber;
}

function compileBirthday(period: 'day' | 'week' | 'month'): Predicate {
  return (ctx) => {
    if (ctx.birthday === undefined) return false;
    const month = monthOf(ctx.birthday);
    if (period === 'month') return ctx.date.month === month;
    const birthday = anniversaryIn(ctx.date.year, month, dayOf(ctx.birthday));
    if (period === 'day') return birthday === ctx.date.dayNumber;
    // The ISO week (Monday to Sunday) that contains this year's birthday.
    const monday = ctx.date.dayNumber - (ctx.date.weekday - 1);
    return birthday >= monday && birthday <= monday + 6;
  };
}
