import { AisleError, CoreErrorCode, type Json, type StreamEntry, verifyStreamEntries } from '@aisle/core';
import type { Catalogue } from './catalogue';
import { ConsentError, ConsentErrorCode } from './errors';
import { check } from './internal/check';
import { type ConsentEvent, ConsentEventSchema } from './schemas';
import { type ConsentState, createConsentState } from './state';

/**
 * A consent event as stored: an entry of its subject's stream (`consent:{subjectId}`) in a
 * stream store, hash-chained within the stream; `data` is the event.
 */
export type ConsentLogEntry = StreamEntry<ConsentEvent & Json>;

/** The prefix of every consent stream id. */
const PREFIX = 'consent:';
const SUBJECT_ID = /^[A-Za-z0-9][\w.:-]{0,127}$/;

/**
 * The stream id of a subject's consent events: `consent:{subjectId}`.
 *
 * @throws ConsentError `CONSENT_INVALID_INPUT` when `subjectId` is not a subject id (1–128 of letters, digits, `_ . : -`).
 * @example
 * ```ts
 * import { consentStreamId } from '@aisle/consent';
 *
 * consentStreamId('psn_4f2a'); // 'consent:psn_4f2a'
 * ```
 */
export function consentStreamId(subjectId: string): string {
  if (typeof subjectId !== 'string' || !SUBJECT_ID.test(subjectId)) {
    const received = typeof subjectId === 'string' ? `a string of ${subjectId.length} characters` : typeof subjectId;
    throw new ConsentError(ConsentErrorCode.INVALID_INPUT, `subjectId: expected 1–128 letters, digits, _ . : -, received ${received}`, {
      details: { label: 'subject id', field: 'subjectId' },
    });
  }
  return PREFIX + subjectId;
}

/** The subject id of a consent stream id. @internal */
export function subjectIdOf(streamId: string): string {
  return streamId.slice(PREFIX.length);
}

/** The `CORE_CHAIN_BROKEN` error of this package (`details.context: 'consent'`). @internal */
export function chainBroken(streamId: string | undefined, index: number, reason: string, message: string): AisleError {
  return new AisleError(CoreErrorCode.CHAIN_BROKEN, `The consent log is not intact: ${message}`, {
    details: { context: 'consent', streamId, index, reason },
  });
}

/**
 * The event an entry holds, checked to belong to its stream's subject (a stream's entries are
 * hash-chained with its id, but its data is whatever was written). @internal
 */
export function eventOf(streamId: string, entry: ConsentLogEntry): ConsentEvent {
  const event = entry.data as ConsentEvent;
  if (typeof event !== 'object' || event === null || PREFIX + String(event.subjectId) !== streamId) {
    throw new ConsentError(ConsentErrorCode.INVALID_INPUT, `Entry ${entry.seq} of ${streamId} is not a consent event of its subject`, {
      details: { label: 'consent event', index: entry.seq, field: 'subjectId' },
    });
  }
  return event;
}

/** Options of {@link assertConsentLog} and {@link replayConsentLog}. */
export interface ConsentLogOptions {
  /**
   * `{ length, head }` kept apart from the store (from `append`'s result): detects deletion of
   * the newest events, which a chain alone cannot.
   */
  readonly anchor?: { readonly length: number; readonly head: string } | undefined;
}

/** Options for {@link replayConsentLog}. */
export interface ReplayLogOptions extends ConsentLogOptions {
  /** Every purpose named must be in it. */
  readonly catalogue?: Catalogue | undefined;
}

/**
 * Throws unless `entries` are one subject's whole consent stream, intact: every entry at its
 * position, linked to the one before, its hash matching its content, and (given an anchor) the
 * anchored entry still there with the anchored hash.
 *
 * @throws AisleError `CORE_CHAIN_BROKEN` with `details: { context: 'consent', streamId, index, reason }`
 * (`reason`: `malformed`, `stream`, `sequence`, `link`, `hash`, `truncated`, `head`).
 * @example
 * ```ts
 * import { assertConsentLog, createMemoryConsentStore } from '@aisle/consent';
 *
 * const consents = createMemoryConsentStore({ catalogue });
 * const { anchor } = await consents.append(event); // keep the anchor apart from the store
 * const { entries } = await consents.log(event.subjectId);
 * assertConsentLog(entries, { anchor });
 * ```
 */
export function assertConsentLog(entries: ReadonlyArray<ConsentLogEntry>, options: ConsentLogOptions = {}): void {
  if (!Array.isArray(entries)) throw chainBroken(undefined, 0, 'malformed', 'expected an array of stream entries');
  const bad = entries.findIndex((entry) => typeof entry !== 'object' || entry === null);
  if (bad >= 0) throw chainBroken(undefined, bad, 'malformed', `entry ${bad} is not a stream entry`);
  const streamId = (entries[0] as ConsentLogEntry | undefined)?.streamId;
  if (streamId !== undefined) {
    if (typeof streamId !== 'string' || !streamId.startsWith(PREFIX)) {
      throw chainBroken(undefined, 0, 'stream', 'entry 0 is not in a consent stream');
    }
    const verified = verifyStreamEntries(streamId, entries);
    if (!verified.ok) throw chainBroken(streamId, verified.seq, verified.reason, verified.message);
  }
  const anchor = options.anchor;
  if (anchor === undefined) return;
  if (typeof anchor !== 'object' || anchor === null || !Number.isSafeInteger(anchor.length) || anchor.length < 0) {
    throw new TypeError('options.anchor must be { length: a whole number >= 0, head: a hash }');
  }
  if (entries.length < anchor.length) {
    throw chainBroken(streamId, entries.length, 'truncated', `it holds ${entries.length} entries but the anchor records ${anchor.length}`);
  }
  const anchored = anchor.length === 0 ? undefined : entries[anchor.length - 1]?.hash;
  if (anchor.length > 0 && anchored !== anchor.head) {
    throw chainBroken(streamId, anchor.length - 1, 'head', `entry ${anchor.length - 1} does not match the anchored head hash`);
  }
}

/**
 * Verifies one subject's stored consent stream ({@link assertConsentLog}), validates every event
 * against the schema, and replays it into materialised state. Nothing from a log that fails is
 * used.
 *
 * @throws AisleError `CORE_CHAIN_BROKEN` (`details.context: 'consent'`); ConsentError `CONSENT_INVALID_INPUT`,
 * `CONSENT_UNKNOWN_PURPOSE`, `CONSENT_OUT_OF_ORDER`.
 * @example
 * ```ts
 * import { replayConsentLog } from '@aisle/consent';
 *
 * const { entries } = await consents.log('psn_4f2a');
 * const state = replayConsentLog(entries, { catalogue, anchor });
 * ```
 */
export function replayConsentLog(entries: ReadonlyArray<ConsentLogEntry>, options: ReplayLogOptions = {}): ConsentState {
  assertConsentLog(entries, options);
  const state = createConsentState({ catalogue: options.catalogue });
  for (const entry of entries) {
    eventOf(entry.streamId, entry);
    state.apply(check(ConsentEventSchema, entry.data, `consent event ${entry.seq}`));
  }
  return state;
}
