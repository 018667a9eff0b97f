import { QualityCounter, QualityReason, type QualityReport } from './quality';
import type { Crossing } from './types';

/** Options of {@link dedupCrossings}. @public */
export interface DedupOptions {
  /** Two crossings of the same door and direction from different cameras within this many ms are one person. */
  readonly windowMs: number;
}

/**
 * Counts once the crossings that two overlapping door cameras both saw: crossings of the same
 * `line` in the same direction from different sources, at most `windowMs` apart, are matched one
 * to one (greedily, closest in time first); the earlier of each pair is kept. Crossings from the
 * same source are never matched (two people walking in together stay two).
 *
 * @example
 * ```ts
 * import { dedupCrossings } from '@aisle/footfall';
 *
 * const c = (source: string, at: number) => ({ source, line: 'north', direction: 'in' as const, at, trackId: 1, epoch: 0, cls: 'person', frame: at });
 * dedupCrossings([c('camA', 1000), c('camB', 1300), c('camA', 9000)], { windowMs: 1000 }).crossings.length; // 2
 * ```
 *
 * @public
 */
export function dedupCrossings(crossings: readonly Crossing[], options: DedupOptions): { crossings: Crossing[]; quality: QualityReport } {
  const quality = new QualityCounter();
  const order = crossings.map((c, i) => ({ c, i })).sort((a, b) => a.c.at - b.c.at || a.i - b.i);
  const pairs: { d: number; a: number; b: number }[] = [];
  for (let x = 0; x < order.length; x++) {
    const a = order[x] as { c: Crossing; i: number };
    for (let y = x + 1; y < order.length; y++) {
      const b = order[y] as { c: Crossing; i: number };
      const d = b.c.at - a.c.at;
      if (d > options.windowMs) break;
      if (a.c.line === b.c.line && a.c.direction === b.c.direction && a.c.source !== b.c.source) pairs.push({ d, a: x, b: y });
    }
  }
  pairs.sort((p, q) => p.d - q.d || p.a - q.a || p.b - q.b);
  const dropped = new Set<number>();
  const matched = new Set<number>();
  for (const p of pairs) {
    if (matched.has(p.a) || matched.has(p.b)) continue;
    matched.add(p.a);
    matched.add(p.b);
    dropped.add(p.b);
  }
  quality.add(QualityReason.CROSS_CAMERA_DUPLICATES, dropped.size);
  return { crossings: order.filter((_, k) => !dropped.has(k)).map((o) => o.c), quality: quality.snapshot() };
}

/** A staff badge read at a door. @public */
export interface BadgeSignal {
  readonly line: string;
  readonly at: number;
}

/** Options of {@link excludeStaff}. @public */
export interface StaffOptions {
  /** Doors only staff use: every crossing there is staff. */
  readonly staffLines?: readonly string[];
  /** Badge reads; each one marks the nearest crossing of that door within `badgeWindowMs` as staff. */
  readonly badges?: readonly BadgeSignal[];
  readonly badgeWindowMs?: number;
}

/**
 * Separates staff from customers without biometrics: crossings at staff-only doors, and one
 * crossing per badge read (the nearest in time at the same door, within `badgeWindowMs`, default
 * 3 s). The third rule, long dwell, lives in {@link createZoneTracker} (`staffDwellMs`).
 *
 * @example
 * ```ts
 * import { excludeStaff } from '@aisle/footfall';
 *
 * const c = (line: string, at: number) => ({ source: 'cam', line, direction: 'in' as const, at, trackId: at, epoch: 0, cls: 'person', frame: at });
 * const { customers, staff } = excludeStaff([c('north', 1000), c('dock', 2000), c('north', 5000)],
 *   { staffLines: ['dock'], badges: [{ line: 'north', at: 5200 }] });
 * // customers: the 1000 crossing; staff: dock 2000 and north 5000
 * ```
 *
 * @public
 */
export function excludeStaff(crossings: readonly Crossing[], options: StaffOptions): { customers: Crossing[]; staff: Crossing[] } {
  const staffLines = new Set(options.staffLines ?? []);
  const window = options.badgeWindowMs ?? 3000;
  const isStaff = new Array<boolean>(crossings.length).fill(false);
  crossings.forEach((c, i) => {
    if (staffLines.has(c.line)) isStaff[i] = true;
  });
  for (const badge of [...(options.badges ?? [])].sort((a, b) => a.at - b.at)) {
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    crossings.forEach((c, i) => {
      const d = Math.abs(c.at - badge.at);
      if (!isStaff[i] && c.line === badge.line && d <= window && d < bestD) {
        best = i;
        bestD = d;
      }
    });
    if (best >= 0) isStaff[best] = true;
  }
  return { customers: crossings.filter((_, i) => !isStaff[i]), staff: crossings.filter((_, i) => isStaff[i]) };
}
