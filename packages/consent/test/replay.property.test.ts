import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConsentEvent,
  createConsentState,
  createMemoryConsentStore,
  decide,
  decideFromEvents,
  replayConsentEvents,
  subjectConsentFromJson,
  subjectConsentToJson,
} from '../src/index';
import { catalogue, NOTICE, plainSubject } from './fixtures';

const PURPOSES = ['marketing.sms', 'analytics', 'face.check-in', 'kids-club', 'membership'];
const START = Date.parse('2026-01-01T00:00:00Z');

const step = fc.record({
  subject: fc.constantFrom('psn_a', 'psn_b', 'psn_c'),
  type: fc.constantFrom('given', 'refused', 'withdrawn', 'expired', 'renewed' as const),
  purposes: fc.uniqueArray(fc.constantFrom(...PURPOSES), { minLength: 1, maxLength: 3 }),
  consentType: fc.constantFrom('general', 'separate', 'written', 'guardian' as const),
  guardian: fc.boolean(),
  gapMinutes: fc.nat({ max: 600 }),
  expiresInMinutes: fc.option(fc.integer({ min: 1, max: 2000 }), { nil: undefined }),
  noticeVersion: fc.integer({ min: 1, max: 3 }),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function toEvents(steps: readonly (Omit<Step, 'subject'> & { readonly subject: string })[]): ConsentEvent[] {
  let t = START;
  return steps.map((s, i) => {
    t += s.gapMinutes * 60_000;
    return {
      id: `ce-${i}`,
      type: s.type,
      subjectId: s.subject,
      purposes: s.purposes,
      notice: { ...NOTICE, version: s.noticeVersion },
      consentType: s.consentType,
      actor: s.guardian ? { kind: 'guardian', relationship: 'father' } : { kind: 'self' },
      channel: 'app',
      locale: 'zh-CN',
      at: new Date(t).toISOString(),
      ...(s.expiresInMinutes === undefined ? {} : { expiresAt: new Date(t + s.expiresInMinutes * 60_000).toISOString() }),
    } as ConsentEvent;
  });
}

describe('materialised state equals a full replay', () => {
  it("the store's snapshots (one read per subject) equal a replay, for every subject, purpose and later time", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 40 }),
        fc.nat({ max: 3000 }),
        fc.constantFrom(undefined, { ageBand: 'under-14' as const }),
        async (steps, laterMinutes, facts) => {
          const events = toEvents(steps);
          const store = createMemoryConsentStore({ catalogue });
          for (const e of events) await store.append(e);
          const replayed = replayConsentEvents(events, { catalogue });
          const last = events.length === 0 ? START : Date.parse((events[events.length - 1] as ConsentEvent).at);
          const at = last + laterMinutes * 60_000;
          for (const subjectId of ['psn_a', 'psn_b', 'psn_c']) {
            const stored = await store.subject(subjectId);
            expect(plainSubject(stored)).toEqual(plainSubject(replayed.subject(subjectId)));
            // The snapshot round-trips through JSON text unchanged.
            if (stored !== undefined) {
              const again = subjectConsentFromJson(JSON.parse(JSON.stringify(subjectConsentToJson(stored))), { catalogue });
              expect(plainSubject(again)).toEqual(plainSubject(stored));
            }
            for (const purposeId of PURPOSES) {
              const fast = decide({ catalogue, purposeId, at, consent: stored, facts });
              const scan = decideFromEvents({ catalogue, purposeId, subjectId, at, events, facts });
              expect(fast).toEqual(scan);
            }
            expect((await store.verifySubject(subjectId)).ok).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('never a wrong "allowed"', () => {
  it('an allowed decision rests on a standing, unexpired consent of the right kind (independent oracle)', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.nat({ max: 3000 }), (steps, laterMinutes) => {
        const events = toEvents(steps);
        const state = replayConsentEvents(events, { catalogue });
        const at = (events.length === 0 ? START : Date.parse((events[events.length - 1] as ConsentEvent).at)) + laterMinutes * 60_000;
        for (const subjectId of ['psn_a', 'psn_b', 'psn_c']) {
          for (const purposeId of ['marketing.sms', 'face.check-in', 'kids-club']) {
            const d = decide({ catalogue, purposeId, at, consent: state.subject(subjectId) });
            if (!d.allowed) continue;
            const mine = events.filter((e) => e.subjectId === subjectId && e.purposes.includes(purposeId));
            const latest = mine[mine.length - 1] as ConsentEvent;
            expect(['given', 'renewed']).toContain(latest.type);
            const resting = d.event as ConsentEvent;
            expect(['given', 'renewed']).toContain(resting.type);
            expect(resting.expiresAt === undefined || Date.parse(resting.expiresAt) > at).toBe(true);
            // No refusal, withdrawal or expiry of this purpose after the resting consent.
            expect(mine.slice(mine.indexOf(resting) + 1).every((e) => e.type === 'given' || e.type === 'renewed')).toBe(true);
            if (purposeId !== 'marketing.sms') expect(resting.purposes).toEqual([purposeId]);
            if (purposeId !== 'marketing.sms') expect(resting.consentType).not.toBe('general');
            if (purposeId === 'kids-club') expect(resting.actor.kind).toBe('guardian');
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('replay (read and checked in batches) equals applying the events one by one', () => {
  /** The error's code and message, or the state's subjects as plain data. */
  function outcome(run: () => { subjects: ReadonlyMap<string, unknown> }): unknown {
    try {
      const state = run();
      return [...state.subjects.keys()].map((id) => plainSubject(state.subjects.get(id) as never));
    } catch (error) {
      return { code: (error as { code?: unknown }).code, message: (error as Error).message };
    }
  }

  it('across batch boundaries, with a malformed, unknown-purpose or out-of-order event anywhere (the first one wins)', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 200, maxLength: 700 }),
        fc.nat(),
        fc.constantFrom('none', 'malformed', 'unknown-purpose', 'out-of-order', 'bad-expiry'),
        fc.boolean(),
        fc.boolean(),
        (steps, where, fault, malformedLater, asGenerator) => {
          const events = toEvents(steps);
          const i = where % events.length;
          const e = events[i] as ConsentEvent;
          if (fault === 'malformed') events[i] = { ...e, notice: null } as unknown as ConsentEvent;
          if (fault === 'unknown-purpose') events[i] = { ...e, purposes: ['no.such-purpose'] };
          if (fault === 'out-of-order') events.splice(i + 1, 0, { ...e, at: new Date(START - 60_000).toISOString() });
          if (fault === 'bad-expiry') events[i] = { ...e, expiresAt: '2026-02-30T00:00:00Z' };
          // A second, later fault in the same batch or the next: the first one must be the one thrown.
          if (malformedLater && i + 7 < events.length)
            events[i + 7] = { ...(events[i + 7] as ConsentEvent), actor: { kind: 'robot' } } as never;
          const oneByOne = outcome(() => {
            const state = createConsentState({ catalogue });
            for (const event of events) state.apply(event);
            return state;
          });
          const source = asGenerator
            ? (function* () {
                yield* events;
              })()
            : events;
          expect(outcome(() => replayConsentEvents(source, { catalogue }))).toEqual(oneByOne);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('with hundreds of subjects, first seen anywhere in a batch and again later in it (the lookups made ahead of the writes)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(step, fc.nat({ max: 299 })), { minLength: 100, maxLength: 700 }), fc.boolean(), (pairs, outOfOrder) => {
        const events = toEvents(pairs.map(([s, n]) => ({ ...s, subject: `psn_${n}` })));
        // An out-of-order event for a subject seen before, somewhere after the first batch.
        if (outOfOrder) {
          const i = 64 + (pairs.length % (events.length - 64));
          const e = events[i] as ConsentEvent;
          events.splice(i + 1, 0, { ...e, at: new Date(START - 60_000).toISOString() });
        }
        const oneByOne = outcome(() => {
          const state = createConsentState({ catalogue });
          for (const event of events) state.apply(event);
          return state;
        });
        expect(outcome(() => replayConsentEvents(events, { catalogue }))).toEqual(oneByOne);
      }),
      { numRuns: 60 },
    );
  });

  it('stops reading the events at the first bad one', () => {
    const events = toEvents(
      Array.from(
        { length: 600 },
        () =>
          ({
            subject: 'psn_a',
            type: 'given' as const,
            purposes: ['analytics'],
            consentType: 'general' as const,
            guardian: false,
            gapMinutes: 1,
            expiresInMinutes: undefined,
            noticeVersion: 1,
          }) satisfies Step,
      ),
    );
    events[300] = { ...(events[300] as ConsentEvent), type: 'revoked' as never };
    let read = 0;
    const counted = (function* () {
      for (const event of events) {
        read++;
        yield event;
      }
    })();
    expect(() => replayConsentEvents(counted, { catalogue })).toThrow(/Consent event 300 is malformed \(type\)/);
    expect(read).toBe(301);
  });
});
