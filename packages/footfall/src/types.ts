/**
 * The one normalised event shape every adapter produces and every engine consumes.
 */

/** A point in image coordinates (pixels or normalised), x to the right, y down. @public */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box: left, top, width, height (y down). @public */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** One detected object in one frame, with the tracker's id. @public */
export interface Detection {
  /** The tracker's id; unique within (source, epoch, class) while the track lives. */
  readonly trackId: number | string;
  readonly box: Box;
  /** Object class, `person` by default. */
  readonly cls?: string;
  readonly confidence?: number;
}

/**
 * One frame of detections from one camera (`source`). `epoch` distinguishes tracker restarts
 * (track ids are reused after a reboot); `at` is the frame's event time in epoch milliseconds.
 *
 * @public
 */
export interface FrameEvent {
  readonly type: 'frame';
  readonly source: string;
  readonly epoch?: number | string;
  readonly frame: number;
  readonly at: number;
  /**
   * What box coordinates are in: `pixels` of the analysed stream, or `relative` (0–1 of the
   * frame). Adapters that know set it (Frigate MQTT: pixels; Frigate HTTP API: relative); a
   * counting line or zone must be drawn in the same unit.
   */
  readonly boxUnit?: 'pixels' | 'relative';
  readonly detections: readonly Detection[];
}

/**
 * Counts from a device that counts by itself (Axis, Hikvision, Xovis, DeepStream line crossing):
 * people that went `in`, `out` and `passed` (walked by without entering) at `line` (a door or
 * counting line) during the interval ending at `at`. Running totals have already been turned
 * into deltas by the adapter. `key` identifies the event for duplicate suppression.
 *
 * @public
 */
export interface CountEvent {
  readonly type: 'count';
  readonly source: string;
  readonly line: string;
  readonly at: number;
  /** Start of the interval the counts cover (equal to `at` for a single crossing). */
  readonly from: number;
  readonly in: number;
  readonly out: number;
  readonly passed: number;
  readonly key: string;
}

/** What every adapter returns. @public */
export type FootfallEvent = FrameEvent | CountEvent;

/** A crossing found by a line counter (or reported by a device for one object). @public */
export interface Crossing {
  readonly source: string;
  readonly line: string;
  readonly direction: 'in' | 'out';
  readonly at: number;
  readonly trackId: number | string;
  readonly epoch: number | string;
  readonly cls: string;
  readonly frame: number;
  /** Set on a track's third crossing and later ones: the track went back and forth across the line. */
  readonly oscillating?: true;
}
