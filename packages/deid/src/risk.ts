/** @public */
export type Row = Readonly<Record<string, unknown>>;

/** @public */
export interface EquivalenceClass {
  /** The quasi-identifier values shared by the class, in the order given. */
  readonly values: readonly unknown[];
  readonly size: number;
  /** Distinct sensitive values (only from {@link lDiversity}). */
  readonly distinct?: number;
}

/** @public */
export interface KAnonymityOptions {
  readonly quasiIdentifiers: readonly string[];
  /** The k to check against and suppress below (default 5). */
  readonly k?: number;
  /** How many of the smallest classes to report (default 5). */
  readonly report?: number;
}

/** @public */
export interface KAnonymityReport<R extends Row> {
  /** The size of the smallest class: the data set is k-anonymous for every k up to this. */
  readonly k: number;
  readonly satisfied: boolean;
  readonly classes: number;
  /** The smallest classes, smallest first. */
  readonly smallest: readonly EquivalenceClass[];
  /** Rows in classes of at least k (suppression of smaller classes). */
  readonly kept: readonly R[];
  /** How many rows were suppressed. */
  readonly suppressed: number;
}

function group<R extends Row>(rows: Iterable<R>, qis: readonly string[]): Map<string, { values: unknown[]; rows: R[] }> {
  if (qis.length === 0) throw new RangeError('quasiIdentifiers must name at least one field');
  const classes = new Map<string, { values: unknown[]; rows: R[] }>();
  for (const row of rows) {
    // Own properties only: a quasi-identifier named `constructor` is not Object's constructor.
    const values = qis.map((q) => (Object.hasOwn(row, q) ? (row[q] ?? null) : null));
    const key = JSON.stringify(values);
    const found = classes.get(key);
    if (found) found.rows.push(row);
    else classes.set(key, { values, rows: [row] });
  }
  return classes;
}

function positive(n: number, label: string): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${label} must be a positive integer`);
  return n;
}

/**
 * k-anonymity over chosen quasi-identifiers: groups rows into equivalence classes, reports the
 * smallest ones and suppresses classes smaller than k.
 *
 * @example
 * ```ts
 * import { kAnonymity } from '@aisle/deid';
 *
 * const rows = [{ age: '30-39', district: '静安区' }, { age: '30-39', district: '静安区' }, { age: '40-49', district: '徐汇区' }];
 * const report = kAnonymity(rows, { quasiIdentifiers: ['age', 'district'], k: 2 });
 * console.log(report.k, report.suppressed); // 1 1
 * ```
 *
 * @public
 */
export function kAnonymity<R extends Row>(rows: Iterable<R>, options: KAnonymityOptions): KAnonymityReport<R> {
  const k = positive(options.k ?? 5, 'k');
  const classes = [...group(rows, options.quasiIdentifiers).values()];
  const sorted = [...classes].sort((a, b) => a.rows.length - b.rows.length);
  const kept = classes.filter((c) => c.rows.length >= k).flatMap((c) => c.rows);
  const total = classes.reduce((n, c) => n + c.rows.length, 0);
  const min = sorted[0]?.rows.length ?? 0;
  return {
    k: min,
    satisfied: min >= k || total === 0,
    classes: classes.length,
    smallest: sorted.slice(0, positive(options.report ?? 5, 'report')).map((c) => ({ values: c.values, size: c.rows.length })),
    kept,
    suppressed: total - kept.length,
  };
}

/** @public */
export interface LDiversityOptions {
  readonly quasiIdentifiers: readonly string[];
  /** The sensitive attribute whose distinct values are counted per class. */
  readonly sensitive: string;
  /** The l to check against (default 2). */
  readonly l?: number;
  readonly report?: number;
}

/** @public */
export interface LDiversityReport {
  /** The fewest distinct sensitive values in any class. */
  readonly l: number;
  readonly satisfied: boolean;
  readonly classes: number;
  /** The least diverse classes, least diverse first. */
  readonly smallest: readonly EquivalenceClass[];
}

/**
 * Distinct l-diversity: every equivalence class over the quasi-identifiers should hold at
 * least l distinct values of the sensitive attribute (otherwise membership reveals it).
 *
 * @example
 * ```ts
 * import { lDiversity } from '@aisle/deid';
 *
 * const rows = [{ age: '30-39', category: 'baby' }, { age: '30-39', category: 'baby' }];
 * lDiversity(rows, { quasiIdentifiers: ['age'], sensitive: 'category', l: 2 }).satisfied; // false
 * ```
 *
 * @public
 */
export function lDiversity(rows: Iterable<Row>, options: LDiversityOptions): LDiversityReport {
  const l = positive(options.l ?? 2, 'l');
  const classes = [...group(rows, options.quasiIdentifiers).values()].map((c) => ({
    values: c.values,
    size: c.rows.length,
    distinct: new Set(c.rows.map((r) => JSON.stringify(r[options.sensitive] ?? null))).size,
  }));
  classes.sort((a, b) => a.distinct - b.distinct || a.size - b.size);
  const min = classes[0]?.distinct ?? 0;
  return {
    l: min,
    satisfied: min >= l || classes.length === 0,
    classes: classes.length,
    smallest: classes.slice(0, positive(options.report ?? 5, 'report')),
  };
}
