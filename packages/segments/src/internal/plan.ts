import { assertTimeZone, fromLocal, localParts, startOfLocalDay, toInstant } from '@aisle/core';
import { type CompareOp, type DurationUnit, type Literal, type PurchaseKey, purchaseFilters, type SegmentAst } from '../ast';
import type { FieldType, ProfileSchema } from '../profile-schema';
import { typeCheck } from '../type-check';
import { anniversaryKeys, civil, dayNumber } from './calendar';
import { type DayStarts, nextDayStart, shiftedDayStart } from './day-starts';

/**
 * The lowered form all three engines run: dates resolved to instants (epoch ms) for one `at` and
 * zone, BETWEEN/IN/CONTAINS ANY|ALL/!= on dates rewritten into a few primitive nodes. Because the
 * engines share this lowering, they cannot disagree on calendar arithmetic.
 */
export type Plan =
  | { readonly k: 'and' | 'or'; readonly xs: readonly Plan[] }
  | { readonly k: 'not'; readonly x: Plan }
  | { readonly k: 'cmp'; readonly f: string; readonly t: FieldType; readonly op: CompareOp; readonly v: string | number | boolean }
  | { readonly k: 'in'; readonly f: string; readonly t: FieldType; readonly vs: readonly (string | number)[] }
  | { readonly k: 'null'; readonly f: string; readonly t: FieldType }
  | { readonly k: 'tag'; readonly f: string; readonly tag: string }
  | {
      readonly k: 'bought';
      readonly by: readonly (readonly [PurchaseKey, string])[];
      readonly since: number | null;
      readonly op: CompareOp;
      readonly n: number;
    }
  /**
   * `anniversary(f) = day`: TRUE when the field's month × 100 + day (a `date` field's local date
   * in `zone`) is one of `keys` and the field is before `before` (the day's start as epoch ms for
   * `date`, its day number for `day`), FALSE otherwise, UNKNOWN when NULL.
   */
  | {
      readonly k: 'anniv';
      readonly f: string;
      readonly t: 'date' | 'day';
      readonly keys: readonly number[];
      readonly before: number;
      readonly zone: string;
    };

export interface EvalContext {
  readonly at: Date;
  readonly zone: string;
  /** An engine's remembered day starts, if it keeps them (the bitmap index does). */
  readonly days?: DayStarts;
}

/** Start of the local day `offset` units from `at`'s local day. */
export function dayStart(ctx: EvalContext, offset: number, unit: DurationUnit): number {
  if (ctx.days) return ctx.days.of(ctx.at, ctx.zone, offset, unit);
  return shiftedDayStart(startOfLocalDay(ctx.at, ctx.zone).getTime(), offset, unit, ctx.zone);
}

/** The start of the literal's local day. */
function dayOfLiteral(lit: Literal, ctx: EvalContext): number {
  if (lit.type === 'date') {
    const [y, m, d] = lit.value.split('-').map(Number) as [number, number, number];
    return startOfLocalDay(fromLocal({ year: y, month: m, day: d }, ctx.zone), ctx.zone).getTime();
  }
  const r = lit as Literal & { type: 'relative' };
  return dayStart(ctx, r.offset, r.unit);
}

/** The local calendar day a date or relative literal names, as a day number. */
function dayOf(lit: Literal, ctx: EvalContext): number {
  if (lit.type === 'date') {
    const [y, m, d] = lit.value.split('-').map(Number) as [number, number, number];
    return dayNumber(y, m, d);
  }
  const r = lit as Literal & { type: 'relative' };
  const p = localParts(dayStart(ctx, r.offset, r.unit), ctx.zone);
  return dayNumber(p.year, p.month, p.day);
}

function anniversary(f: string, t: 'date' | 'day', lit: Literal, ctx: EvalContext): Plan {
  const day = dayOf(lit, ctx);
  const [y, m, d] = civil(day);
  const before = t === 'day' ? day : startOfLocalDay(fromLocal({ year: y, month: m, day: d }, ctx.zone), ctx.zone).getTime();
  return { k: 'anniv', f, t, keys: anniversaryKeys(y, m, d), before, zone: ctx.zone };
}

function value(lit: Literal): string | number | boolean {
  return (lit as { value: string | number | boolean }).value;
}

function cmp(f: string, t: FieldType, op: CompareOp, lit: Literal, ctx: EvalContext): Plan {
  // A `day` field holds a day number: the literal's day compares with it as it is.
  if (t === 'day') return { k: 'cmp', f, t, op, v: dayOf(lit, ctx) };
  if (t !== 'date') return { k: 'cmp', f, t, op, v: value(lit) };
  // The literal's local day is [a, b); b is only worked out for the operators that need it.
  const a = dayOfLiteral(lit, ctx);
  if (op === '>=' || op === '<') return { k: 'cmp', f, t, op, v: a };
  const b = nextDayStart(a, ctx.zone);
  if (op === '>') return { k: 'cmp', f, t, op: '>=', v: b };
  if (op === '<=') return { k: 'cmp', f, t, op: '<', v: b };
  const day: Plan = {
    k: 'and',
    xs: [
      { k: 'cmp', f, t, op: '>=', v: a },
      { k: 'cmp', f, t, op: '<', v: b },
    ],
  };
  return op === '=' ? day : { k: 'not', x: day };
}

function lower(ast: SegmentAst, schema: ProfileSchema, ctx: EvalContext): Plan {
  switch (ast.type) {
    case 'and':
    case 'or':
      return { k: ast.type, xs: ast.args.map((a) => lower(a, schema, ctx)) };
    case 'not':
      return { k: 'not', x: lower(ast.arg, schema, ctx) };
    case 'purchased':
      return {
        k: 'bought',
        by: purchaseFilters(ast),
        since: ast.within ? dayStart(ctx, -ast.within.amount, ast.within.unit) : null,
        op: ast.op,
        n: ast.count,
      };
    case 'anniversary':
      return anniversary(ast.field, (schema.fields[ast.field] as { type: 'date' | 'day' }).type, ast.value, ctx);
    case 'contains': {
      const xs: Plan[] = ast.values.map((tag) => ({ k: 'tag', f: ast.field, tag }));
      return xs.length === 1 ? (xs[0] as Plan) : { k: ast.mode === 'all' ? 'and' : 'or', xs };
    }
    default:
  }
  const t = (schema.fields[ast.field] as { type: FieldType }).type;
  switch (ast.type) {
    case 'compare':
      return cmp(ast.field, t, ast.op, ast.value, ctx);
    case 'in': {
      const p: Plan = { k: 'in', f: ast.field, t, vs: ast.values.map((v) => value(v) as string | number) };
      return ast.negated ? { k: 'not', x: p } : p;
    }
    case 'between': {
      const p: Plan = { k: 'and', xs: [cmp(ast.field, t, '>=', ast.low, ctx), cmp(ast.field, t, '<=', ast.high, ctx)] };
      return ast.negated ? { k: 'not', x: p } : p;
    }
    case 'isNull': {
      const p: Plan = { k: 'null', f: ast.field, t };
      return ast.negated ? { k: 'not', x: p } : p;
    }
  }
}

/**
 * When and where a segment is evaluated: relative dates (`-30d`, `today`) and `within` windows
 * count local days in `zone` back from `at`.
 *
 * @example
 * ```ts
 * import type { EvaluationOptions } from '@aisle/segments';
 *
 * const when: EvaluationOptions = { at: '2026-11-21T20:00:00+08:00', zone: 'Asia/Shanghai' };
 * ```
 *
 * @public
 */
export interface EvaluationOptions {
  /** The instant "now" for relative dates (a `Date`, epoch ms or ISO string with offset). */
  readonly at: Date | number | string;
  /** The IANA zone whose local days relative dates and date literals refer to. */
  readonly zone: string;
}

/** The plan of a type-checked segment for one `at` and zone; `days` remembers day starts across calls. */
export function planOf(ast: SegmentAst, schema: ProfileSchema, options: EvaluationOptions, days?: DayStarts): Plan {
  typeCheck(ast, schema);
  const ctx: EvalContext = { at: toInstant(options.at), zone: assertTimeZone(options.zone), ...(days ? { days } : {}) };
  return lower(ast, schema, ctx);
}
