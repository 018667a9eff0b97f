import { stripBiometrics } from '../internal/biometric';
import { DEFAULT_MAX_RECORDS, limitOption, recordsOf } from '../internal/limits';
import { QualityCounter, QualityReason } from '../quality';
import type { Detection, FrameEvent } from '../types';
import type { FrameAdapterResult } from './result';

/** Frigate input: MQTT `frigate/events` messages, or events from `GET /api/events`. @public */
export type FrigateInput = unknown;

/** Options of {@link fromFrigate}. @public */
export interface FrigateOptions {
  /**
   * Seconds to add to an HTTP API event's `start_time` to get the time the object was first
   * seen: Frigate writes `start_time = frame_time − record.event_pre_capture` for events created
   * through its API (and for events of versions that back-date every start), so give the camera's
   * `pre_capture` for those (default 0: `start_time` as sent).
   */
  readonly preCaptureSeconds?: number;
  /** Most messages accepted in one call (default and maximum 100 000). */
  readonly maxRecords?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const box4 = (v: unknown): [number, number, number, number] | undefined =>
  Array.isArray(v) && v.length === 4 && v.every(isNum) ? (v as [number, number, number, number]) : undefined;

type Read = { camera: string; seconds: number; unit: 'pixels' | 'relative'; det: Detection } | QualityReason;

function readMqtt(after: unknown): Read {
  if (!isObject(after)) return QualityReason.INVALID_RECORDS;
  if (after.false_positive === true) return QualityReason.INVALID_RECORDS;
  const { id, camera, frame_time: t, label, score } = after;
  if (!isText(id) || !isText(camera) || !isText(label) || !isNum(t) || t <= 0) return QualityReason.INVALID_RECORDS;
  if (after.box === null || after.box === undefined) return QualityReason.MISSING_BOXES;
  const b = box4(after.box);
  if (b === undefined) return QualityReason.INVALID_RECORDS;
  const [x1, y1, x2, y2] = b;
  return {
    camera,
    seconds: t,
    unit: 'pixels',
    det: { trackId: id, box: { x: x1, y: y1, w: x2 - x1, h: y2 - y1 }, cls: label, ...(isNum(score) ? { confidence: score } : {}) },
  };
}

function readApi(e: Record<string, unknown>, preCapture: number): Read {
  if (e.false_positive === true) return QualityReason.INVALID_RECORDS;
  const { id, camera, label, start_time: start } = e;
  if (!isText(id) || !isText(camera) || !isText(label) || !isNum(start) || start <= 0) return QualityReason.INVALID_RECORDS;
  const data = isObject(e.data) ? e.data : undefined;
  const raw = data?.box;
  if (raw === null || raw === undefined) return QualityReason.MISSING_BOXES;
  const b = box4(raw);
  if (b === undefined) return QualityReason.INVALID_RECORDS;
  const score = isNum(data?.top_score) ? data.top_score : isNum(e.top_score) ? e.top_score : isNum(data?.score) ? data.score : undefined;
  return {
    camera,
    seconds: start + preCapture,
    unit: 'relative',
    det: { trackId: id, box: { x: b[0], y: b[1], w: b[2], h: b[3] }, cls: label, ...(score === undefined ? {} : { confidence: score }) },
  };
}

/**
 * Reads Frigate output, one message or an array. Accepted shapes:
 *
 * - MQTT `frigate/events` messages (`{ type: 'new' | 'update' | 'end', before, after }`): a frame
 *   event from `after`, box `[x1, y1, x2, y2]` in **pixels** of the detect stream, time
 *   `frame_time`, confidence `score`; frames carry `boxUnit: 'pixels'`.
 * - Events from the HTTP API (`GET /api/events`): one observation per event from `data.box`
 *   (`[x, y, w, h]` **relative** to the frame, 0–1), confidence `data.top_score` (the top-level
 *   `top_score` is null in current Frigate; it is the fallback), time `start_time` plus
 *   `preCaptureSeconds`; frames carry `boxUnit: 'relative'`.
 *
 * Messages of one camera with the same time and box unit share a frame. `data.box: null` (an
 * event without a snapshot) is skipped and counted (`missingBoxes`); `false_positive` objects and
 * messages that do not validate are skipped and counted (`invalidRecords`); the rest of the batch
 * is read. Frigate's `sub_label` (a recognised name), thumbnails and any face data are dropped
 * and counted. Limit: `maxRecords` messages per call (100 000), checked before reading.
 *
 * @throws {@link FootfallError} `FOOTFALL_INPUT_TOO_LARGE` for more messages than `maxRecords`.
 *
 * @example
 * ```ts
 * import { fromFrigate } from '@aisle/footfall';
 *
 * const { events, quality } = fromFrigate([{ type: 'new', after: { id: '1607123955.475377-mxklsc',
 *   camera: 'front_door', frame_time: 1607123961.837752, label: 'person', sub_label: 'Alice',
 *   box: [424, 500, 536, 712], score: 0.79 } }]);
 * // events[0].detections[0].box → { x: 424, y: 500, w: 112, h: 212 }; events[0].boxUnit === 'pixels'
 * ```
 *
 * @public
 */
export function fromFrigate(input: FrigateInput, options: FrigateOptions = {}): FrameAdapterResult {
  const maxRecords = limitOption(options.maxRecords, DEFAULT_MAX_RECORDS, DEFAULT_MAX_RECORDS, 'maxRecords');
  const preCapture = options.preCaptureSeconds ?? 0;
  if (!Number.isFinite(preCapture) || preCapture < 0 || preCapture > 3600)
    throw new RangeError(`preCaptureSeconds: expected a number of seconds in [0, 3600], received ${String(preCapture)}`);
  const records = recordsOf(input, maxRecords, 'Frigate events');
  const quality = new QualityCounter();
  const frames = new Map<string, { source: string; at: number; unit: 'pixels' | 'relative'; detections: Detection[] }>();
  for (let i = 0; i < records.length; i++) {
    const stripped = stripBiometrics(records[i]);
    quality.add(QualityReason.BIOMETRIC_FIELDS_DROPPED, stripped.dropped);
    const item = stripped.value;
    if (!isObject(item)) {
      quality.add(QualityReason.INVALID_RECORDS);
      continue;
    }
    const isMqtt = (item.type === 'new' || item.type === 'update' || item.type === 'end') && Object.hasOwn(item, 'after');
    const r = isMqtt ? readMqtt(item.after) : readApi(item, preCapture);
    if (typeof r === 'string') {
      quality.add(r);
      continue;
    }
    const at = Math.round(r.seconds * 1000);
    const key = `${r.camera}\u0000${at}\u0000${r.unit}`;
    let f = frames.get(key);
    if (f === undefined) {
      f = { source: r.camera, at, unit: r.unit, detections: [] };
      frames.set(key, f);
    }
    f.detections.push(r.det);
  }
  const events: FrameEvent[] = [...frames.values()]
    .sort((a, b) => a.at - b.at || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.unit < b.unit ? -1 : 1))
    .map((f) => ({ type: 'frame', source: f.source, frame: f.at, at: f.at, boxUnit: f.unit, detections: f.detections }));
  return { events, quality: quality.snapshot() };
}
