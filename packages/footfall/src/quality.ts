/**
 * A quality report: what was dropped, repaired or looked suspicious, by reason. It is a
 * commutative monoid (counts add), so per-camera reports merge.
 */

/**
 * Every reason the package counts. Nothing is dropped without a count here.
 *
 * @public
 */
export const QualityReason = {
  /** Biometric fields (face crops, names, embeddings, picture URLs) removed at ingestion. */
  BIOMETRIC_FIELDS_DROPPED: 'biometricFieldsDropped',
  /** Records that failed validation and were skipped. */
  INVALID_RECORDS: 'invalidRecords',
  /** Boxes with NaN/Infinity or zero/negative width or height. */
  INVALID_BOXES: 'invalidBoxes',
  /** Frames whose number and time are not after the previous frame of the same source and epoch. */
  OUT_OF_ORDER_FRAMES: 'outOfOrderFrames',
  /** Frame numbers that went backwards while time moved on: treated as a tracker restart (new epoch). */
  TRACKER_RESTARTS: 'trackerRestarts',
  /** Frame times that jumped backwards or forwards by more than the allowed jump. */
  CLOCK_JUMPS: 'clockJumps',
  /** Running counters that went backwards: treated as a reset to zero. */
  COUNTER_RESETS: 'counterResets',
  /** Detections ignored because an anchor lay outside the band between the line's perpendiculars. */
  OUTSIDE_BAND: 'outsideBand',
  /** Detections ignored because their anchors straddled the line. */
  STRADDLING: 'straddling',
  /** Tracks evicted after the timeout. */
  TRACKS_EVICTED: 'tracksEvicted',
  /** Events later than watermark minus allowed lateness (reported, not aggregated). */
  LATE_EVENTS: 'lateEvents',
  /** Events whose key had been seen already. */
  DUPLICATE_EVENTS: 'duplicateEvents',
  /** Crossings seen by two overlapping cameras and counted once. */
  CROSS_CAMERA_DUPLICATES: 'crossCameraDuplicates',
  /** Zone visits shorter than the minimum dwell. */
  SHORT_VISITS: 'shortVisits',
} as const;

/** @public */
export type QualityReason = (typeof QualityReason)[keyof typeof QualityReason];

/** Counts by reason (only non-zero reasons are present). @public */
export type QualityReport = Readonly<Partial<Record<QualityReason, number>>>;

/**
 * Adds two quality reports (commutative, associative, `{}` is the identity).
 *
 * @example
 * ```ts
 * import { mergeQuality } from '@aisle/footfall';
 *
 * mergeQuality({ invalidBoxes: 2 }, { invalidBoxes: 1, clockJumps: 1 }); // { clockJumps: 1, invalidBoxes: 3 }
 * ```
 *
 * @public
 */
export function mergeQuality(a: QualityReport, b: QualityReport): QualityReport {
  const out: Partial<Record<QualityReason, number>> = {};
  for (const key of Object.keys({ ...a, ...b }).sort() as QualityReason[]) {
    const sum = (a[key] ?? 0) + (b[key] ?? 0);
    if (sum !== 0) out[key] = sum;
  }
  return out;
}

/** A mutable counter used internally; `snapshot()` gives a sorted, frozen report. */
export class QualityCounter {
  private readonly counts: Partial<Record<QualityReason, number>> = {};

  add(reason: QualityReason, n = 1): void {
    if (n !== 0) this.counts[reason] = (this.counts[reason] ?? 0) + n;
  }

  snapshot(): QualityReport {
    return mergeQuality({}, this.counts);
  }
}
