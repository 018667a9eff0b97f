/**
 * A literal value in a segment: a string, a finite number, a boolean, a calendar date in the
 * segment's zone, or a date relative to the evaluation day (`-30d`, `today`).
 *
 * @example
 * ```ts
 * import type { Literal } from '@aisle/segments';
 *
 * const thirtyDaysAgo: Literal = { type: 'relative', offset: -30, unit: 'd' };
 * ```
 *
 * @public
 */
export type Literal =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'date'; readonly value: string }
  | { readonly type: 'relative'; readonly offset: number; readonly unit: DurationUnit };

/**
 * Calendar units of relative dates and windows: days, weeks, months, years.
 *
 * @example
 * ```ts
 * import type { DurationUnit } from '@aisle/segments';
 *
 * const unit: DurationUnit = 'm';
 * ```
 *
 * @public
 */
export type DurationUnit = 'd' | 'w' | 'm' | 'y';

/**
 * Comparison operators.
 *
 * @example
 * ```ts
 * import type { CompareOp } from '@aisle/segments';
 *
 * const op: CompareOp = '>=';
 * ```
 *
 * @public
 */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * The JSON AST of a segment expression (what `parseSegment` returns and
 * `printSegment` prints). `and`/`or` have at least two arguments; a parenthesised group
 * stays a nested node, so `parseSegment(printSegment(ast))` equals `ast`.
 *
 * @example
 * ```ts
 * import type { SegmentAst } from '@aisle/segments';
 *
 * const vip: SegmentAst = { type: 'contains', field: 'tags', mode: 'one', values: ['vip'] };
 * const birthdayToday: SegmentAst = { type: 'anniversary', field: 'birthday', value: { type: 'relative', offset: 0, unit: 'd' } };
 * const boughtAnta: SegmentAst = { type: 'purchased', brand: 'Anta', within: { amount: 30, unit: 'd' }, op: '>=', count: 1 };
 * ```
 *
 * @public
 */
export type SegmentAst =
  | { readonly type: 'and'; readonly args: readonly SegmentAst[] }
  | { readonly type: 'or'; readonly args: readonly SegmentAst[] }
  | { readonly type: 'not'; readonly arg: SegmentAst }
  | { readonly type: 'compare'; readonly field: string; readonly op: CompareOp; readonly value: Literal }
  | { readonly type: 'in'; readonly field: string; readonly values: readonly Literal[]; readonly negated: boolean }
  | { readonly type: 'between'; readonly field: string; readonly low: Literal; readonly high: Literal; readonly negated: boolean }
  | { readonly type: 'contains'; readonly field: string; readonly mode: 'one' | 'any' | 'all'; readonly values: readonly string[] }
  | { readonly type: 'isNull'; readonly field: string; readonly negated: boolean }
  | {
      readonly type: 'purchased';
      /** Purchases of this category (`purchased(category = 'baby')`). At least one of `category`, `sku`, `brand`; all given must match. */
      readonly category?: string;
      /** Purchases of this SKU (`purchased(sku = '6901234567892')`). */
      readonly sku?: string;
      /** Purchases of this brand (`purchased(brand = 'Anta')`). */
      readonly brand?: string;
      readonly within: { readonly amount: number; readonly unit: DurationUnit } | null;
      readonly op: CompareOp;
      readonly count: number;
    }
  | {
      /**
       * `anniversary(field) = today`: the field's month and day (a `day` field as it is, a `date`
       * field's local date in the zone) fall on the given day, in an earlier year. A 29 February
       * falls on 1 March in common years.
       */
      readonly type: 'anniversary';
      readonly field: string;
      readonly value: Literal;
    };

/**
 * The purchase attributes `purchased(…)` filters on.
 *
 * @example
 * ```ts
 * import type { PurchaseKey } from '@aisle/segments';
 *
 * const key: PurchaseKey = 'brand';
 * ```
 *
 * @public
 */
export type PurchaseKey = 'category' | 'sku' | 'brand';

/** The filters of a `purchased` node in canonical order (category, sku, brand), as `[key, value]` pairs. */
export function purchaseFilters(ast: {
  readonly category?: string;
  readonly sku?: string;
  readonly brand?: string;
}): [PurchaseKey, string][] {
  const out: [PurchaseKey, string][] = [];
  if (ast.category !== undefined) out.push(['category', ast.category]);
  if (ast.sku !== undefined) out.push(['sku', ast.sku]);
  if (ast.brand !== undefined) out.push(['brand', ast.brand]);
  return out;
}
