import { type ChainAnchor, type ChainEntry, type Json, verifyChain } from '@aisle/core';
import type { Catalogue } from './catalogue';
import { ConsentError, ConsentErrorCode } from './errors';
import { check } from './internal/check';
import { type ConsentEvent, ConsentEventSchema } from './schemas';
import { type ConsentState, createConsentState } from './state';

/** A consent event as stored: an entry of core's SHA-256 hash chain. */
export interface ConsentLogEntry {
  readonly seq: number;
  readonly prev: string;
  readonly hash: string;
  readonly payload: ConsentEvent;
}

/** Options for {@link replayConsentLog}. */
export interface ReplayLogOptions {
  /** Every purpose named must be in it. */
  readonly catalogue?: Catalogue | undefined;
  /** A `{ length, head }` kept apart from the log: detects deleted newest entries too. */
  readonly anchor?: ChainAnchor | undefined;
}

/**
 * Verifies a stored consent log (hash chain, optional anchor), validates every event against
 * the schema, and replays it into materialised state. Nothing from a log that fails is used.
 *
 * @throws ConsentError `CONSENT_CHAIN_TAMPERED` (edited, reordered, inserted or deleted entry; `details.index`, `details.reason`), `CONSENT_INVALID_INPUT`, `CONSENT_UNKNOWN_PURPOSE`, `CONSENT_OUT_OF_ORDER`.
 * @example
 * ```ts
 * import { replayConsentLog } from '@aisle/consent';
 *
 * const state = replayConsentLog(entriesFromDisk, { catalogue, anchor });
 * ```
 */
export function replayConsentLog(entries: ReadonlyArray<unknown>, options: ReplayLogOptions = {}): ConsentState {
  assertConsentLog(entries, options.anchor);
  const state = createConsentState({ catalogue: options.catalogue });
  for (const entry of entries as ReadonlyArray<ChainEntry>) {
    state.apply(check(ConsentEventSchema, entry.payload, `consent event ${entry.seq}`));
  }
  return state;
}

/**
 * Throws `CONSENT_CHAIN_TAMPERED` unless the entries form an intact hash chain (and match the
 * anchor, when given).
 *
 * @example
 * ```ts
 * import { assertConsentLog } from '@aisle/consent';
 *
 * assertConsentLog(store.entries, savedAnchor);
 * ```
 */
export function assertConsentLog(entries: ReadonlyArray<unknown>, anchor?: ChainAnchor): void {
  const verified = verifyChain(entries, anchor);
  if (!verified.ok) {
    throw new ConsentError(ConsentErrorCode.CHAIN_TAMPERED, `The consent log is not intact: ${verified.message}`, {
      details: { index: verified.index, reason: verified.reason },
    });
  }
}

export type JsonEvent = ConsentEvent & Json;
