// The validating fold (issue 17, added 2026-12-01): the bare Map-of-Maps fold of bench/competent.ts
// making the checks a replay must make before it keeps an event, so that it rejects exactly the
// input replayConsentEvents rejects:
// - the event's shape and its instants (`at`, `expiresAt`), by the replay's own checks
//   (`checkEventShape`, `eventAt`, `eventExpiresAt`: direct comparisons and a strict fixed-format
//   parser, the same work the replay does; a looser check would accept what the replay rejects);
// - every purpose in the catalogue (a Set of its ids);
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
import { checkEventShape, eventAt, eventExpiresAt } from '../src/internal/shape';

/** A subject's latest instant and its latest event per purpose. */
export interface FoldedSubject {
  at: number;
  readonly purposes: Map<string, ConsentEvent>;
}

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
    checkEventShape(e, index);
    const at = eventAt(e, index);
    eventExpiresAt(e, index);
    const id = e.subjectId;
    const purposes = e.purposes;
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
