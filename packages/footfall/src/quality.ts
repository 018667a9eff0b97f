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
  /** Counts that are not integers in [0, 1 000 000] (`'7'`, NaN, −4, 0.5, 1e300): the event is skipped. */
  INVALID_COUNTS: 'invalidCounts',
  /** Device records flagged as a re-upload of data that failed to send earlier (Hikvision `isDataRetransmission`). */
  RETRANSMITTED_RECORDS: 'retransmittedRecords',
  /** People the device itself reported as counted twice (Hikvision `duplicatePeople`); the counts are kept as sent. */
  DEVICE_REPORTED_DUPLICATES: 'deviceReportedDuplicates',
  /** Records whose timestamp could not be read: skipped. */
  UNREADABLE_TIMES: 'unreadableTimes',
  /** Observations without a box (Frigate `data.box: null`): skipped. */
  MISSING_BOXES: 'missingBoxes',
  /** Numeric track ids that are not safe integers (≥ 2^53 collide in a double): skipped, never merged. */
  UNSAFE_TRACK_IDS: 'unsafeTrackIds',
  /** Tracks that reversed across a line three times or more (jitter, or someone dithering in the door). */
  OSCILLATING_TRACKS: 'oscillatingTracks',
  /** Ground-truth rows the benchmark says not to consider (MOT `consider` flag 0, or a class that is not a pedestrian). */
  NOT_CONSIDERED: 'notConsidered',
  /** Frames whose `boxUnit` differs from the unit a line or zone was drawn in: skipped. */
  BOX_UNIT_MISMATCHES: 'boxUnitMismatches',
  /** Records of an event type the adapter does not read (other alarms on the same stream): skipped. */
  OTHER_EVENT_TYPES: 'otherEventTypes',
} as const;

const REASONS = (Object.values(QualityReason) as QualityReason[]).sort();

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
  for (const key of REASONS) {
    const x = Object.hasOwn(a, key) ? (a[key] ?? 0) : 0;
    const y = Object.hasOwn(b, key) ? (b[key] ?? 0) : 0;
    const sum = x + y;
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
