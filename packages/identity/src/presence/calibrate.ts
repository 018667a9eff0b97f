import { IdentityError, IdentityErrorCode } from '../errors';

/**
 * A count for one zone and hour, from Wi-Fi presence or from cameras.
 *
 * @public
 */
export interface HourlyCount {
  /** The zone, named the same on both sides. */
  readonly zone: string;
  /** The hour, as you label it (e.g. `2026-03-02T10`); matched exactly between the two sources. */
  readonly hour: string;
  /** Devices (Wi-Fi) or people (camera) in that zone and hour. */
  readonly count: number;
}

/**
 * One row of a calibration: both counts and their ratio (Wi-Fi ÷ camera; `null` when the camera
 * saw nobody or one side is missing).
 *
 * @public
 */
export interface CalibrationRow {
  /** The zone. */
  readonly zone: string;
  /** The hour label. */
  readonly hour: string;
  /** The Wi-Fi count, or `null` when Wi-Fi had none for this zone and hour. */
  readonly wifi: number | null;
  /** The camera count, or `null` when the cameras had none. */
  readonly camera: number | null;
  /** Wi-Fi ÷ camera, or `null`. */
  readonly ratio: number | null;
}

/**
 * The calibration report: every zone and hour, and per zone the ratio of the summed counts over
 * the hours both sources saw.
 *
 * @public
 */
export interface CalibrationReport {
  /** Every zone and hour either side reported, sorted. */
  readonly rows: ReadonlyArray<CalibrationRow>;
  /** Per zone, over the hours both sides reported: the sums and their ratio. */
  readonly zones: ReadonlyArray<{
    readonly zone: string;
    readonly hours: number;
    readonly wifi: number;
    readonly camera: number;
    readonly ratio: number | null;
  }>;
}

/**
 * Compares Wi-Fi presence counts with camera footfall for the same zone and hour and reports the
 * ratio — how many devices per person counted — instead of tracking devices to "improve" counts.
 * At most 100,000 counts per side.
 *
 * @example
 * ```ts
 * import { calibrate } from '@aisle/identity';
 *
 * const report = calibrate({
 *   wifi: [{ zone: 'atrium', hour: '2026-03-02T10', count: 180 }],
 *   camera: [{ zone: 'atrium', hour: '2026-03-02T10', count: 150 }],
 * });
 * report.zones[0]?.ratio; // 1.2
 * ```
 *
 * @public
 */
export function calibrate(input: {
  readonly wifi: ReadonlyArray<HourlyCount>;
  readonly camera: ReadonlyArray<HourlyCount>;
}): CalibrationReport {
  const rows = new Map<string, { zone: string; hour: string; wifi: number | null; camera: number | null }>();
  for (const side of ['wifi', 'camera'] as const) {
    const list = input?.[side];
    if (!Array.isArray(list)) throw new TypeError(`${side}: expected an array of { zone, hour, count }`);
    if (list.length > 100_000) {
      throw new IdentityError(IdentityErrorCode.INPUT_TOO_LARGE, `${side}: expected at most 100000 counts, received ${list.length}`);
    }
    for (const c of list) {
      if (typeof c?.zone !== 'string' || typeof c.hour !== 'string' || !Number.isSafeInteger(c.count) || c.count < 0) {
        throw new TypeError(`${side}: expected { zone: string, hour: string, count: non-negative integer }`);
      }
      const key = JSON.stringify([c.zone, c.hour]);
      let row = rows.get(key);
      if (row === undefined) {
        row = { zone: c.zone, hour: c.hour, wifi: null, camera: null };
        rows.set(key, row);
      }
      row[side] = (row[side] ?? 0) + c.count;
    }
  }
  const out = [...rows.values()]
    .sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0))
    .map((r) => ({ ...r, ratio: r.wifi !== null && r.camera !== null && r.camera > 0 ? r.wifi / r.camera : null }));
  const zones = new Map<string, { zone: string; hours: number; wifi: number; camera: number }>();
  for (const r of out) {
    if (r.wifi === null || r.camera === null) continue;
    const z = zones.get(r.zone) ?? { zone: r.zone, hours: 0, wifi: 0, camera: 0 };
    z.hours++;
    z.wifi += r.wifi;
    z.camera += r.camera;
    zones.set(r.zone, z);
  }
  return { rows: out, zones: [...zones.values()].map((z) => ({ ...z, ratio: z.camera > 0 ? z.wifi / z.camera : null })) };
}
