import type { ZoneWindowCount } from './counter';

/**
 * One cell of a published table: its count, or `null` when suppressed.
 *
 * @public
 */
export interface PublishedCell {
  /** The cell's name (a zone, a dwell bucket, `passersBy` / `visitors`). */
  readonly key: string;
  /** Its count, or `null` when suppressed. */
  readonly count: number | null;
}

/**
 * A table after small-count suppression: the cells and the total, each `null` where suppressed.
 *
 * @public
 */
export interface SuppressedTable {
  /** The total of all cells, or `null` when it would reveal a suppressed cell or is itself small. */
  readonly total: number | null;
  /** The cells, in the order given. */
  readonly cells: ReadonlyArray<PublishedCell>;
  /** How many cells were suppressed (primary and complementary). */
  readonly suppressed: number;
}

function checkThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 2)
    throw new RangeError(`threshold: expected an integer ≥ 2, received ${typeof threshold === 'number' ? threshold : typeof threshold}`);
}

/**
 * Small-count suppression with complementary suppression, for one table with a published total.
 * Every cell with 0 \< count \< threshold is suppressed (primary); then, while the suppressed cells
 * number fewer than two or add up to less than the threshold, the smallest remaining non-zero cell
 * is suppressed too (complementary), so `total − Σ published` is the sum of at least two unknown
 * cells and at least the threshold — it never reveals a suppressed cell. If the total itself is
 * under the threshold it is suppressed with every non-zero cell.
 *
 * @example
 * ```ts
 * import { suppressCells } from '@aisle/identity';
 *
 * const table = suppressCells([{ key: 'atrium', count: 40 }, { key: 'b1', count: 3 }, { key: 'l2', count: 25 }]);
 * table.cells.map((c) => c.count); // [40, null, null]: b1 (3) and its complement l2
 * table.total; // 68
 * ```
 *
 * @public
 */
export function suppressCells(
  cells: ReadonlyArray<{ readonly key: string; readonly count: number }>,
  options: { readonly threshold?: number | undefined } = {},
): SuppressedTable {
  const threshold = options.threshold ?? 10;
  checkThreshold(threshold);
  if (!Array.isArray(cells)) throw new TypeError('cells: expected an array of { key, count }');
  let total = 0;
  for (const c of cells) {
    if (!Number.isSafeInteger(c?.count) || c.count < 0)
      throw new RangeError(
        `cells: expected non-negative integer counts, received ${typeof c?.count === 'number' ? c.count : typeof c?.count}`,
      );
    total += c.count;
  }
  const hidden = new Set<number>();
  if (total < threshold) {
    cells.forEach((c, i) => {
      if (c.count > 0) hidden.add(i);
    });
    return {
      total: total === 0 ? 0 : null,
      cells: cells.map((c, i) => ({ key: c.key, count: hidden.has(i) ? null : c.count })),
      suppressed: hidden.size,
    };
  }
  let sum = 0;
  cells.forEach((c, i) => {
    if (c.count > 0 && c.count < threshold) {
      hidden.add(i);
      sum += c.count;
    }
  });
  // Complementary suppression, smallest first: ties broken by position, so the result is deterministic.
  const order = cells
    .map((c, i) => [c.count, i] as const)
    .filter(([count]) => count > 0)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [count, i] of order) {
    if (hidden.size === 0 || (hidden.size >= 2 && sum >= threshold)) break;
    if (hidden.has(i)) continue;
    hidden.add(i);
    sum += count;
  }
  // Only one non-zero cell could be hidden (all others zero): hide the total too.
  const totalHidden = hidden.size === 1;
  return {
    total: totalHidden ? null : total,
    cells: cells.map((c, i) => ({ key: c.key, count: hidden.has(i) ? null : c.count })),
    suppressed: hidden.size,
  };
}

/**
 * One zone of a published window: presence, passers-by / visitors and dwell bins, each `null`
 * where suppressed.
 *
 * @public
 */
export interface PublishedZone {
  /** The zone. */
  readonly zone: string;
  /** Distinct devices, or `null` when suppressed. */
  readonly presence: number | null;
  /** Devices under the visitor threshold, or `null`. */
  readonly passersBy: number | null;
  /** Devices at or over the visitor threshold, or `null`. */
  readonly visitors: number | null;
  /** The dwell histogram's buckets, each suppressed against the zone's presence. */
  readonly dwell: ReadonlyArray<PublishedCell>;
}

/**
 * A window's counts as they may be published: the zone table (with its total) after suppression,
 * and inside each zone whose presence is published, its dwell histogram and passers-by / visitors
 * split, each suppressed against the zone's presence. A zone whose presence is suppressed
 * publishes nothing else.
 *
 * @public
 */
export interface PublishedWindow {
  /** The site. */
  readonly site: string;
  /** Window start, epoch ms (inclusive). */
  readonly start: number;
  /** Window end, epoch ms (exclusive). */
  readonly end: number;
  /** All zones' presence added up, or `null` when suppressed. */
  readonly total: number | null;
  /** The zones, in the order the counts came. */
  readonly zones: ReadonlyArray<PublishedZone>;
}

/**
 * Suppresses zone counts for publication (see {@link suppressCells}), window by window. Publish
 * one granularity of window per report: differencing an hourly table against a daily one is
 * outside what this protects.
 *
 * @example
 * ```ts
 * import { publishPresence, type ZoneWindowCount } from '@aisle/identity';
 *
 * const zone = (name: string, n: number): ZoneWindowCount => ({ site: 's', zone: name, start: 0, end: 3_600_000, presence: n, randomised: 0, passersBy: n, visitors: 0, dwell: { count: n, sumMs: 0, bins: { '300000': n, inf: 0 } } });
 * const [window] = publishPresence([zone('atrium', 50), zone('b1', 4), zone('l2', 30)]);
 * window?.zones.map((z) => z.presence); // [50, null, null]
 * ```
 *
 * @public
 */
export function publishPresence(
  counts: ReadonlyArray<ZoneWindowCount>,
  options: { readonly threshold?: number | undefined } = {},
): ReadonlyArray<PublishedWindow> {
  const threshold = options.threshold ?? 10;
  checkThreshold(threshold);
  const windows = new Map<string, ZoneWindowCount[]>();
  for (const c of counts) {
    const key = JSON.stringify([c.site, c.start, c.end]);
    const list = windows.get(key);
    if (list === undefined) windows.set(key, [c]);
    else list.push(c);
  }
  const out: PublishedWindow[] = [];
  for (const list of windows.values()) {
    const first = list[0] as ZoneWindowCount;
    const table = suppressCells(
      list.map((c) => ({ key: c.zone, count: c.presence })),
      { threshold },
    );
    const zones = list.map((c, i): PublishedZone => {
      const presence = table.cells[i]?.count ?? null;
      const binKeys = Object.keys(c.dwell.bins);
      if (presence === null) {
        return { zone: c.zone, presence: null, passersBy: null, visitors: null, dwell: binKeys.map((key) => ({ key, count: null })) };
      }
      const split = suppressCells(
        [
          { key: 'passersBy', count: c.passersBy },
          { key: 'visitors', count: c.visitors },
        ],
        { threshold },
      );
      const dwell = suppressCells(
        binKeys.map((key) => ({ key, count: c.dwell.bins[key] ?? 0 })),
        { threshold },
      );
      return {
        zone: c.zone,
        presence,
        passersBy: split.cells[0]?.count ?? null,
        visitors: split.cells[1]?.count ?? null,
        dwell: dwell.cells,
      };
    });
    out.push({ site: first.site, start: first.start, end: first.end, total: table.total, zones });
  }
  return out;
}
