import { canonicalJson, type Json, type StreamSlice, type StreamSnapshot, verifyStreamEntries } from '@aisle/core';
import type { Catalogue } from './catalogue';
import { ConsentError } from './errors';
import { type ConsentLogEntry, eventOf } from './log';
import { subjectConsentToJson } from './snapshot';
import { createConsentState, type SubjectConsent } from './state';

/**
 * What can be wrong with one subject's consent stream: the chain's own failures (`malformed`,
 * `stream`, `sequence`, `link`, `hash`), `truncated` (fewer entries than the stream records or
 * the anchor covers), `head` (the anchored entry was replaced), `event` (an entry that is not a
 * valid next consent event) and `snapshot` (the stored materialised state differs from a replay).
 */
export type ConsentProblemKind = 'malformed' | 'stream' | 'sequence' | 'link' | 'hash' | 'truncated' | 'head' | 'event' | 'snapshot';

/** The report of `ConsentStore.verifySubject`. */
export interface ConsentSubjectVerification {
  /** True when no problem was found. */
  readonly ok: boolean;
  /** The subject verified. */
  readonly subjectId: string;
  /** The stream's recorded length. */
  readonly length: number;
  /** The stream's recorded newest hash. */
  readonly head: string;
  /** Every problem found, in stream order: what, at which entry (`seq`), and a message. */
  readonly problems: ReadonlyArray<{ readonly kind: ConsentProblemKind; readonly seq?: number | undefined; readonly message: string }>;
}

/** What `verifySubjectStream` checks besides the chain. @internal */
export interface SubjectChecks {
  readonly anchor?: { readonly length: number; readonly head: string } | undefined;
  readonly snapshot?: StreamSnapshot | undefined;
  readonly catalogue?: Catalogue | undefined;
}

/** Verifies a subject's stream as read (see {@link ConsentSubjectVerification}); never throws for bad data. @internal */
export function verifySubjectStream(
  subjectId: string,
  slice: StreamSlice<ConsentLogEntry['data']>,
  checks: SubjectChecks,
): ConsentSubjectVerification {
  const { streamId, entries } = slice;
  const problems: ConsentSubjectVerification['problems'][number][] = [];
  const report = () => ({ ok: problems.length === 0, subjectId, length: slice.version, head: slice.head, problems });
  const chain = verifyStreamEntries(streamId, entries);
  if (!chain.ok) problems.push({ kind: chain.reason, seq: chain.seq, message: chain.message });
  else if (slice.version !== entries.length) {
    problems.push({
      kind: 'truncated',
      seq: entries.length,
      message: `${streamId} records ${slice.version} entries but holds ${entries.length}`,
    });
  }
  const anchor = checks.anchor;
  if (anchor !== undefined) {
    if (entries.length < anchor.length) {
      problems.push({
        kind: 'truncated',
        seq: entries.length,
        message: `${streamId} holds ${entries.length} entries; the anchor covers ${anchor.length}`,
      });
    } else if (anchor.length > 0 && entries[anchor.length - 1]?.hash !== anchor.head) {
      problems.push({ kind: 'head', seq: anchor.length - 1, message: `Entry ${anchor.length - 1} of ${streamId} is not the anchored one` });
    }
  }
  const snapshot = checks.snapshot;
  if (snapshot?.snapshot !== undefined && snapshot.snapshotVersion > entries.length) {
    problems.push({
      kind: 'truncated',
      seq: entries.length,
      message: `${streamId} holds ${entries.length} entries but its snapshot was written at version ${snapshot.snapshotVersion}`,
    });
  }
  if (problems.length > 0) return report();
  // The chain holds: replay it, keeping the state as it was when the snapshot was written.
  const state = createConsentState({ catalogue: checks.catalogue });
  const snapshotVersion = checks.snapshot?.snapshot === undefined ? -1 : checks.snapshot.snapshotVersion;
  let atSnapshot: SubjectConsent | undefined;
  for (const entry of entries) {
    try {
      state.apply(eventOf(streamId, entry));
    } catch (error) {
      if (!ConsentError.isInstance(error)) throw error;
      problems.push({ kind: 'event', seq: entry.seq, message: error.message });
      return report();
    }
    if (entry.seq + 1 === snapshotVersion) atSnapshot = state.subject(subjectId);
  }
  if (snapshotVersion >= 0) {
    const replayed = atSnapshot === undefined ? undefined : canonicalJson(subjectConsentToJson(atSnapshot) as unknown as Json);
    if (replayed !== canonicalJson(checks.snapshot?.snapshot as Json)) {
      problems.push({
        kind: 'snapshot',
        seq: snapshotVersion - 1,
        message: `The snapshot of ${streamId} (at version ${snapshotVersion}) differs from a replay of its events`,
      });
    }
  }
  return report();
}
