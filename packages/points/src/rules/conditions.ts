import { anniversaryIn, dayOf, monthOf } from '../internal/calendar';
import type { EvalContext, LineView, Scope } from '../internal/context';
import type { Condition } from '../schema-types';

/** A compiled condition: a closure over the rule's data, no code generation. */
export type Predicate = (ctx: EvalContext) => boolean;
/** A compiled item filter. */
export type LinePredicate = (line: LineView) => boolean;

/**
 * An item filter compiled once per rule set, with an index into the evaluation's scope cache.
 * The common one-value filters (one brand, one category, one SKU, everything but one category)
 * also carry their field and value, so a scope is computed without a call per line.
 */
export interface CompiledFilter {
  readonly index: number;
  readonly matches: LinePredicate;
  /** 0: call `matches`; 1: brand is `value`; 2: category is `value`; 3: SKU is `value`; 4: category is not `value`. */
  readonly field: 0 | 1 | 2 | 3 | 4;
  readonly value: string;
}

/** Item filters compiled once per rule set, each with an index into the evaluation's scope cache. */
export interface FilterRegistry {
  get(filter: Filter): CompiledFilter;
  /** Every filter compiled so far, in index order. */
  list(): CompiledFilter[];
}

export function createFilterRegistry(): FilterRegistry & { readonly size: number } {
  const known = new Map<string, CompiledFilter>();
  return {
    get(filter) {
      const key = JSON.stringify(filter);
      let found = known.get(key);
      if (found === undefined) {
        found = { index: known.size, matches: compileFilter(filter), ...shapeOf(filter) };
        known.set(key, found);
      }
      return found;
    },
    list() {
      return [...known.values()];
    },
    get size() {
      return known.size;
    },
  };
}

const only = (values: readonly string[] | undefined): string | undefined =>
  values !== undefined && values.length > 0 && values.every((v) => v === values[0]) ? values[0] : undefined;
const none = (values: readonly string[] | undefined): boolean => values === undefined || values.length === 0;

/** The field and value of a one-value filter (see `CompiledFilter.field`), else field 0. */
function shapeOf(f: Filter): { field: CompiledFilter['field']; value: string } {
  const noExcludes = none(f.excludeSkus) && none(f.excludeBrands) && none(f.excludeCategories);
  const brand = only(f.brands);
  const category = only(f.categories);
  const sku = only(f.skus);
  if (noExcludes && brand !== undefined && none(f.categories) && none(f.skus)) return { field: 1, value: brand };
  if (noExcludes && category !== undefined && none(f.brands) && none(f.skus)) return { field: 2, value: category };
  if (noExcludes && sku !== undefined && none(f.brands) && none(f.categories)) return { field: 3, value: sku };
  const excluded = only(f.excludeCategories);
  if (excluded !== undefined && none(f.skus) && none(f.brands) && none(f.categories) && none(f.excludeSkus) && none(f.excludeBrands)) {
    return { field: 4, value: excluded };
  }
  return { field: 0, value: '' };
}

/** The indices of the lines a filter selects, computed once per evaluation into the context's buffer. */
export function scopeFor(ctx: EvalContext, filter: CompiledFilter): Scope {
  const index = filter.index;
  const scope = ctx.scopes[index] as Scope;
  if (ctx.scopeEpoch[index] !== ctx.epoch) {
    const lines = ctx.lines;
    const n = lines.length;
    const idx = scope.reserve(n);
    const value = filter.value;
    let k = 0;
    switch (filter.field) {
      case 1:
        for (let i = 0; i < n; i++) if ((lines[i] as LineView).brand === value) idx[k++] = i;
        break;
      case 2:
        for (let i = 0; i < n; i++) if ((lines[i] as LineView).category === value) idx[k++] = i;
        break;
      case 3:
        for (let i = 0; i < n; i++) if ((lines[i] as LineView).sku === value) idx[k++] = i;
        break;
      case 4:
        for (let i = 0; i < n; i++) if ((lines[i] as LineView).category !== value) idx[k++] = i;
        break;
      default: {
        const matches = filter.matches;
        for (let i = 0; i < n; i++) if (matches(lines[i] as LineView)) idx[k++] = i;
      }
    }
    scope.n = k;
    ctx.scopeEpoch[index] = ctx.epoch;
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
      const filter = filters.get(condition.filter);
      const minQuantity = condition.minQuantity ?? 1;
      const minFen = condition.minFen ?? 0;
      if (minQuantity <= 1 && minFen === 0) return (ctx) => scopeFor(ctx, filter).n > 0;
      return (ctx) => {
        let quantity = 0;
        let fen = 0;
        const scope = scopeFor(ctx, filter);
        for (let k = 0; k < scope.n; k++) {
          const i = scope.idx[k] as number;
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

/** `date` (YYYY-MM-DD) has its anniversary on the business date (29 February on 28 February in common years). */
export function isAnniversary(date: string, ctx: EvalContext): boolean {
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
