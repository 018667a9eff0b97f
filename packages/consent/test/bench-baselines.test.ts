import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogue as benchCatalogue, generateEvents, PURPOSES } from '../bench/data';
import { purposeSet, validatingFold } from '../bench/validating-fold';
import { type ConsentEvent, replayConsentEvents } from '../src/index';

// The consent bench's validating fold (bench/validating-fold.ts) is a baseline for the replay: it
// must refuse exactly what the replay refuses (else it would be measured doing less work), and keep
// the same latest event per subject and purpose.
const known = purposeSet(benchCatalogue);

/** The code and event index of the first refusal, or 'ok'. */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    const e = error as { code?: string; details?: { index?: number } };
    return `${e.code} at ${e.details?.index}`;
  }
}

const BAD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  7,
  'x',
  [],
  {},
  ['analytics', ''],
  ['not-a-purpose'],
  { kind: 'robot' },
  { version: '3' },
];
const BAD_INSTANTS: unknown[] = ['2026-02-30T10:00:00Z', '2026-11-21T10:00:00', '2026-11-21 10:00:00Z', 1_763_000_000_000];
const FIELDS = ['subjectId', 'type', 'purposes', 'consentType', 'actor', 'notice', 'at', 'expiresAt'] as const;

describe("the consent bench's validating fold", () => {
  const events = generateEvents(400, 80);

  it('keeps the replay’s latest event for every subject and purpose of a generated log', () => {
    const folded = validatingFold(events, known);
    const state = replayConsentEvents(events, { catalogue: benchCatalogue });
    expect(folded.size).toBe(state.subjects.size);
    for (const [id, subject] of folded) {
      const consent = state.subject(id);
      for (const purposeId of PURPOSES) expect(subject.purposes.get(purposeId)).toBe(consent?.purposes.get(purposeId)?.event);
    }
  });

  it('refuses what the replay refuses (same code, same event), for a bad value in any field of any event', () => {
    fc.assert(
      fc.property(
        fc.nat(events.length - 1),
        fc.constantFrom(...FIELDS),
        fc.constantFrom(...BAD_VALUES, ...BAD_INSTANTS),
        (at, field, value) => {
          const copy = events.slice();
          copy[at] = { ...(events[at] as ConsentEvent), [field]: value } as ConsentEvent;
          const replayed = outcome(() => replayConsentEvents(copy, { catalogue: benchCatalogue }));
          expect(outcome(() => validatingFold(copy, known))).toBe(replayed);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses an event older than its subject’s latest, and a non-object event, as the replay does', () => {
    const subject = (events[10] as ConsentEvent).subjectId;
    const later = events.findIndex((e, i) => i > 10 && e.subjectId === subject);
    expect(later).toBeGreaterThan(10);
    const swapped = events.slice();
    swapped[later] = { ...(events[later] as ConsentEvent), at: '2020-01-01T00:00:00Z' };
    const nulled = events.slice();
    nulled[5] = null as unknown as ConsentEvent;
    for (const log of [swapped, nulled]) {
      const replayed = outcome(() => replayConsentEvents(log, { catalogue: benchCatalogue }));
      expect(replayed).not.toBe('ok');
      expect(outcome(() => validatingFold(log, known))).toBe(replayed);
    }
    expect(outcome(() => validatingFold(swapped, known))).toBe(`CONSENT_OUT_OF_ORDER at ${later}`);
  });
});
