// The validating fold (issue 17, added 2026-12-01): the bare Map-of-Maps fold of bench/competent.ts
// doing the checks a replay must make before it keeps an event, written as a strong engineer would
// write them for this one job, so that it rejects exactly the input replayConsentEvents rejects:
// - the event's shape (subject id, type, purposes, consent type, actor, notice version), compared
//   directly, no Set per field;
// - its instants (`at`, `expiresAt`) parsed strictly, by the package's own fixed-format parser
//   (the same work the replay does; a looser parser would accept what the replay rejects);
// - every purpose in the catalogue;
// - time order per subject (an event older than the subject's latest is refused), which needs the
//   subject's latest instant beside its purposes.
// It throws the replay's error code for the first bad event, with its index in `details`; a test
// pins that both reject the same events with the same code. What it keeps is the fold's: each
// subject's latest event per purpose (and its latest instant).
//
// Why it exists: the bare fold does none of this, so "replay within 1.3× of the bare fold" compares
// a replay that refuses bad input with a fold that keeps anything. This fold measures what the
// checks alone cost on the fold's own layout, and so bounds that target from below.
import type { Catalogue } from '../src/catalogue';
import { ConsentError, ConsentErrorCode, type ConsentEvent } from '../src/index';
import { parseInstant } from '../src/internal/instant';

/** A subject's latest instant and its latest event per purpose. */
export interface FoldedSubject {
  at: number;
  readonly purposes: Map<string, ConsentEvent>;
}

const isType = (v: unknown) => v === 'given' || v === 'withdrawn' || v === 'refused' || v === 'renewed' || v === 'expired';
const isConsentType = (v: unknown) => v === 'general' || v === 'separate' || v === 'written' || v === 'guardian';
const isActor = (v: unknown) => v === 'self' || v === 'staff-assisted' || v === 'guardian';

const fail = (code: ConsentErrorCode, index: number, what: string): ConsentError =>
  new ConsentError(code, `Consent event ${index}: ${what}`, { details: { index } });

/** The catalogue's purpose ids, for {@link validatingFold}. */
export function purposeSet(catalogue: Catalogue): ReadonlySet<string> {
  return new Set(catalogue.purposes.map((p) => p.id));
}

/**
 * Folds `events` into each subject's latest event per purpose, refusing what
 * `replayConsentEvents(events, { catalogue })` refuses (the first bad event's code).
 */
export function validatingFold(events: readonly ConsentEvent[], known: ReadonlySet<string>): Map<string, FoldedSubject> {
  const folded = new Map<string, FoldedSubject>();
  for (let index = 0; index < events.length; index++) {
    const e = events[index] as ConsentEvent;
    if (typeof e !== 'object' || e === null) throw fail(ConsentErrorCode.INVALID_INPUT, index, 'not an object');
    const id = e.subjectId;
    if (typeof id !== 'string' || id === '' || !isType(e.type)) throw fail(ConsentErrorCode.INVALID_INPUT, index, 'subject or type');
    const purposes = e.purposes;
    if (!Array.isArray(purposes) || purposes.length === 0) throw fail(ConsentErrorCode.INVALID_INPUT, index, 'purposes');
    for (let i = 0; i < purposes.length; i++) {
      const p: unknown = purposes[i];
      if (typeof p !== 'string' || p === '') throw fail(ConsentErrorCode.INVALID_INPUT, index, 'purposes');
    }
    const actor = e.actor;
    const notice = e.notice;
    if (
      !isConsentType(e.consentType) ||
      typeof actor !== 'object' ||
      actor === null ||
      !isActor(actor.kind) ||
      typeof notice !== 'object' ||
      notice === null ||
      !Number.isInteger(notice.version)
    )
      throw fail(ConsentErrorCode.INVALID_INPUT, index, 'consent type, actor or notice');
    const at = typeof e.at === 'string' ? parseInstant(e.at) : Number.NaN;
    if (Number.isNaN(at)) throw fail(ConsentErrorCode.INVALID_INPUT, index, 'at');
    const expiresAt: unknown = e.expiresAt;
    if (expiresAt !== undefined && Number.isNaN(typeof expiresAt === 'string' ? parseInstant(expiresAt) : Number.NaN))
      throw fail(ConsentErrorCode.INVALID_INPUT, index, 'expiresAt');
    for (let i = 0; i < purposes.length; i++)
      if (!known.has(purposes[i] as string)) throw fail(ConsentErrorCode.UNKNOWN_PURPOSE, index, 'purpose not in the catalogue');
    let subject = folded.get(id);
    if (subject === undefined) {
      subject = { at, purposes: new Map() };
      folded.set(id, subject);
    } else if (at < subject.at) throw fail(ConsentErrorCode.OUT_OF_ORDER, index, "older than the subject's latest event");
    else subject.at = at;
    for (let i = 0; i < purposes.length; i++) subject.purposes.set(purposes[i] as string, e);
  }
  return folded;
}
