import { localParts, toInstant } from '@aisle/core';

/**
 * A generalisation rule: what to coarsen a value to.
 *
 * @public
 */
export type GeneralizeRule =
  | { readonly kind: 'age-band'; readonly width?: number; readonly top?: number }
  | { readonly kind: 'birth-date'; readonly to: 'year' | 'year-month' }
  | { readonly kind: 'timestamp'; readonly to: 'hour' | 'day' | 'month'; readonly zone: string }
  | { readonly kind: 'amount'; readonly edges: readonly number[] }
  | { readonly kind: 'region'; readonly level: 'province' | 'city' };

/** @public */
export type GeneralizeInput = string | number | Date;

/** A received option value, safe to put in a message whatever it is. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

/** The value as text: strings as they are, finite numbers, valid dates as their UTC date; anything else is a programmer error. */
function textOf(value: GeneralizeInput): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`expected a finite number, received ${String(value)}`);
    return String(value);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('expected a valid Date, received an invalid Date');
    return value.toISOString().slice(0, 10);
  }
  throw new TypeError(`expected a string, number or Date, received ${value === null ? 'null' : typeof value}`);
}

function ageBand(age: number, width: number, top: number): string {
  if (!Number.isFinite(age) || age < 0) throw new RangeError('age must be a non-negative number');
  if (age >= top) return `${top}+`;
  const low = Math.floor(age / width) * width;
  return `${low}-${low + width - 1}`;
}

function amount(fen: number, edges: readonly number[]): string {
  if (!Number.isFinite(fen)) throw new RangeError('amount must be a finite number');
  if (!Array.isArray(edges) || !edges.every((edge, i) => Number.isFinite(edge) && (i === 0 || edge > (edges[i - 1] as number)))) {
    throw new TypeError('amount edges must be an array of finite numbers in increasing order');
  }
  if (edges.length === 0) throw new RangeError('amount edges must not be empty');
  if (fen < (edges[0] as number)) return `<${edges[0]}`;
  for (let i = 1; i < edges.length; i++) if (fen < (edges[i] as number)) return `${edges[i - 1]}-${(edges[i] as number) - 1}`;
  return `${edges[edges.length - 1]}+`;
}

function region(code: string, level: 'province' | 'city'): string {
  if (!/^\d{6}$/.test(code)) throw new RangeError('region must be a 6-digit administrative division code');
  return level === 'province' ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
}

/**
 * Coarsens a value so fewer people share it: ages to bands (`30-39`, `80+`), birth dates to a
 * year or year-month, timestamps truncated to the hour/day/month in a time zone, amounts (fen)
 * to buckets, 6-digit region codes to province or city level. For consistent keyed per-subject
 * date shifting see {@link createDateShifter}.
 *
 * @example
 * ```ts
 * import { generalize } from '@aisle/deid';
 *
 * generalize(37, { kind: 'age-band', width: 10 }); // '30-39'
 * generalize('1988-06-15', { kind: 'birth-date', to: 'year-month' }); // '1988-06'
 * generalize(12_800, { kind: 'amount', edges: [0, 10_000, 50_000] }); // '10000-49999'
 * generalize('310106', { kind: 'region', level: 'city' }); // '310100'
 * ```
 *
 * @public
 */
export function generalize(value: GeneralizeInput, rule: GeneralizeRule): string {
  if (typeof rule !== 'object' || rule === null)
    throw new TypeError(`rule must be a generalisation rule object, received ${rule === null ? 'null' : typeof rule}`);
  switch (rule.kind) {
    case 'age-band': {
      const width = rule.width ?? 10;
      const top = rule.top ?? 80;
      if (!Number.isInteger(width) || width < 1) throw new RangeError('width must be a positive integer');
      if (!Number.isInteger(top) || top < 1) throw new RangeError('top must be a positive integer');
      return ageBand(Number(textOf(value)), width, top);
    }
    case 'birth-date': {
      if (rule.to !== 'year' && rule.to !== 'year-month')
        throw new RangeError(`to must be 'year' or 'year-month', received ${shown(rule.to)}`);
      const m = /^(\d{4})-?(\d{2})/.exec(textOf(value));
      if (m === null) throw new RangeError('birth date must start YYYY-MM');
      return rule.to === 'year' ? (m[1] as string) : `${m[1]}-${m[2]}`;
    }
    case 'timestamp': {
      if (rule.to !== 'hour' && rule.to !== 'day' && rule.to !== 'month') {
        throw new RangeError(`to must be 'hour', 'day' or 'month', received ${shown(rule.to)}`);
      }
      if (typeof value !== 'string' && typeof value !== 'number' && !(value instanceof Date)) textOf(value);
      const p = localParts(toInstant(value), rule.zone);
      const pad = (n: number) => String(n).padStart(2, '0');
      const date = `${p.year}-${pad(p.month)}`;
      if (rule.to === 'month') return date;
      return rule.to === 'day' ? `${date}-${pad(p.day)}` : `${date}-${pad(p.day)}T${pad(p.hour)}`;
    }
    case 'amount':
      return amount(Number(textOf(value)), rule.edges);
    case 'region':
      if (rule.level !== 'province' && rule.level !== 'city')
        throw new RangeError(`level must be 'province' or 'city', received ${shown(rule.level)}`);
      return region(textOf(value), rule.level);
    default:
      throw new TypeError(`Unknown generalisation: ${shown((rule as { kind: unknown }).kind)}`);
  }
}
