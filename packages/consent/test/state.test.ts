import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConsentEvent,
  type ConsentState,
  createConsentState,
  decide,
  defineCatalogue,
  type PurposeConsent,
  replayConsentEvents,
  type SubjectConsent,
} from '../src/index';
import { catalogue, catalogueInput, codeOf, event, NOTICE, plainSubject } from './fixtures';

/**
 * The reference model: the obvious fold, one immutable record object per subject and purpose,
 * written independently of the column-wise state it checks.
 */
function referenceFold(events: readonly ConsentEvent[]) {
  const subjects = new Map<string, { lastAt: number; eventCount: number; purposes: Map<string, PurposeConsent> }>();
  for (const e of events) {
    const at = Date.parse(e.at);
    const expiresAt = e.expiresAt === undefined ? undefined : Date.parse(e.expiresAt);
    const subject = subjects.get(e.subjectId) ?? { lastAt: at, eventCount: 0, purposes: new Map() };
    subjects.set(e.subjectId, subject);
    const positive = e.type === 'given' || e.type === 'renewed';
    const separate = positive && e.purposes.length === 1 && e.consentType !== 'general';
    for (const purposeId of e.purposes) {
      const before = subject.purposes.get(purposeId);
      const keep = positive && !separate && before?.status === 'given' ? before : undefined;
      subject.purposes.set(purposeId, {
        status: positive ? 'given' : (e.type as PurposeConsent['status']),
        event: e,
        at,
        expiresAt,
        separate: separate ? e : keep?.separate,
        separateExpiresAt: separate ? expiresAt : keep?.separateExpiresAt,
      });
    }
    subject.lastAt = at;
    subject.eventCount++;
  }
  return subjects;
}

// Awkward ids on purpose: prototype names and array-index-like strings must be ordinary keys.
const SUBJECTS = ['psn_a', 'psn_b', '__proto__', 'constructor', '123', '4294967295', 'toString', 'psn_c', 'psn_d', 'psn_e', 'x', 'y'];
const OPEN_PURPOSES = Array.from({ length: 14 }, (_, i) => `p${i}`).concat(['__proto__', 'hasOwnProperty', '0']);

function eventsFrom(
  steps: {
    subject: string;
    type: ConsentEvent['type'];
    purposes: string[];
    general: boolean;
    gap: number;
    expires?: number | undefined;
    notice?: number | undefined;
  }[],
) {
  let t = Date.parse('2026-01-01T00:00:00Z');
  return steps.map((s, i) => {
    t += s.gap * 60_000;
    return {
      id: `ce-${i}`,
      type: s.type,
      subjectId: s.subject,
      purposes: s.purposes,
      notice: { ...NOTICE, version: s.notice ?? NOTICE.version },
      consentType: s.general ? 'general' : 'separate',
      actor: { kind: 'self' },
      channel: 'app',
      locale: 'zh-CN',
      at: new Date(t).toISOString(),
      ...(s.expires === undefined ? {} : { expiresAt: new Date(t + s.expires * 60_000).toISOString() }),
    } as ConsentEvent;
  });
}

const steps = (purposes: readonly string[]) =>
  fc.array(
    fc.record({
      subject: fc.constantFrom(...SUBJECTS),
      type: fc.constantFrom('given', 'refused', 'withdrawn', 'expired', 'renewed' as const),
      purposes: fc.uniqueArray(fc.constantFrom(...purposes), { minLength: 1, maxLength: 4 }),
      general: fc.boolean(),
      gap: fc.nat({ max: 90 }),
      expires: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
      notice: fc.integer({ min: 1, max: 3 }),
    }),
    { maxLength: 120 },
  );

const byId = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => (a < b ? -1 : 1));

function expectMatchesReference(state: ConsentState, events: readonly ConsentEvent[]) {
  const reference = referenceFold(events);
  expect(state.eventCount).toBe(events.length);
  expect(state.subjects.size).toBe(reference.size);
  expect([...state.subjects.keys()]).toEqual([...reference.keys()]);
  for (const subjectId of SUBJECTS) {
    const want = reference.get(subjectId);
    const got = plainSubject(state.subject(subjectId));
    // The reference keeps each subject's first-named order; the state, catalogue order.
    expect(got && { ...got, purposes: byId(got.purposes) }).toEqual(
      want === undefined ? undefined : { subjectId, lastAt: want.lastAt, eventCount: want.eventCount, purposes: byId([...want.purposes]) },
    );
  }
}

describe('the column-wise state equals the obvious fold', () => {
  it('with a catalogue, across growth of subjects and slots', () => {
    fc.assert(
      fc.property(steps(catalogue.purposes.map((p) => p.id)), (s) => {
        const events = eventsFrom(s);
        expectMatchesReference(replayConsentEvents(events, { catalogue }), events);
      }),
      { numRuns: 200 },
    );
  });

  it('without a catalogue, where rows widen as new purposes appear after subjects exist', () => {
    fc.assert(
      fc.property(steps(OPEN_PURPOSES), (s) => {
        const events = eventsFrom(s);
        const state = createConsentState();
        // Incrementally, reading every subject between events: views stay right across widening.
        for (const e of events) {
          state.apply(e);
          for (const id of SUBJECTS) state.subject(id)?.purposes.get(e.purposes[0] as string);
        }
        expectMatchesReference(state, events);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the state across pages of subjects', () => {
  // The table stores subjects in pages of 4096; 9,000 subjects fill two pages and start a third.
  const many = (purposes: readonly string[]) => {
    const events: ConsentEvent[] = [];
    const types = ['given', 'withdrawn', 'given', 'refused', 'renewed', 'expired'] as const;
    let t = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 27_000; i++) {
      t += 1000;
      // Every subject's first event comes in order; later events revisit subjects across pages.
      const subject = i < 9000 ? i : (i * 7919) % 9000;
      const named = [purposes[i % purposes.length] as string, ...(i % 3 === 0 ? [purposes[(i + 1) % purposes.length] as string] : [])];
      events.push({
        id: `ce-${i}`,
        type: types[i % types.length] as ConsentEvent['type'],
        subjectId: `psn_${subject}`,
        purposes: named,
        notice: { ...NOTICE },
        consentType: named.length === 1 && i % 5 !== 0 ? 'separate' : 'general',
        actor: { kind: i % 11 === 0 ? 'guardian' : 'self' },
        channel: 'app',
        locale: 'zh-CN',
        at: new Date(t).toISOString(),
        ...(i % 4 === 0 ? { expiresAt: new Date(t + 86_400_000).toISOString() } : {}),
      } as ConsentEvent);
    }
    return events;
  };

  function expectAllMatch(state: ConsentState, events: readonly ConsentEvent[]) {
    const reference = referenceFold(events);
    expect(state.subjects.size).toBe(reference.size);
    for (const [subjectId, want] of reference) {
      const got = plainSubject(state.subject(subjectId));
      expect(got && { ...got, purposes: byId(got.purposes) }).toEqual({
        subjectId,
        lastAt: want.lastAt,
        eventCount: want.eventCount,
        purposes: byId([...want.purposes]),
      });
    }
  }

  // About 2 s each on an idle machine: 9,000 subjects compared whole.
  it('with a catalogue', { timeout: 60_000 }, () => {
    const events = many(catalogue.purposes.map((p) => p.id));
    expectAllMatch(replayConsentEvents(events, { catalogue }), events);
  });

  it('without a catalogue, widening after several pages exist', { timeout: 60_000 }, () => {
    // The first 9,000 events name 3 purposes; later ones bring 11 more, widening every page.
    const events = many(OPEN_PURPOSES.slice(0, 3));
    const later = many(OPEN_PURPOSES).slice(9000);
    const all = [...events.slice(0, 9000), ...later];
    expectAllMatch(replayConsentEvents(all), all);
  });
});

describe('views', () => {
  const at = (minute: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + minute * 60_000).toISOString();

  it('a subject view is live: it reflects events applied after it was obtained', () => {
    const state = createConsentState({ catalogue });
    state.apply(event({ subjectId: 'psn_a', purposes: ['marketing.sms'], at: at(0) }));
    const view = state.subject('psn_a') as SubjectConsent;
    state.apply(event({ subjectId: 'psn_a', type: 'withdrawn', purposes: ['marketing.sms', 'analytics'], at: at(5) }));
    expect(view.lastAt).toBe(Date.parse(at(5)));
    expect(view.eventCount).toBe(2);
    expect(view.purposes.get('marketing.sms')?.status).toBe('withdrawn');
    expect(view.purposes.size).toBe(2);
  });

  it('records are frozen snapshots: writing to one throws and changes nothing', () => {
    const state = createConsentState({ catalogue });
    state.apply(event({ subjectId: 'psn_a', purposes: ['marketing.sms'], at: at(0) }));
    const record = state.subject('psn_a')?.purposes.get('marketing.sms') as PurposeConsent;
    expect(() => {
      (record as { status: string }).status = 'given-forever';
    }).toThrow(TypeError);
    state.apply(event({ subjectId: 'psn_a', type: 'refused', purposes: ['marketing.sms'], at: at(1) }));
    expect(record.status).toBe('given');
    expect(state.subject('psn_a')?.purposes.get('marketing.sms')?.status).toBe('refused');
  });

  it('iterates purposes in catalogue order and subjects in order of first appearance', () => {
    const state = createConsentState({ catalogue });
    state.apply(event({ subjectId: 'psn_z', purposes: ['kids-club'], at: at(0) }));
    state.apply(event({ subjectId: 'psn_y', purposes: ['analytics', 'marketing.sms'], at: at(1) }));
    state.apply(event({ subjectId: 'psn_z', purposes: ['marketing.sms'], at: at(2) }));
    const order = catalogue.purposes.map((p) => p.id);
    const z = state.subject('psn_z') as SubjectConsent;
    expect([...z.purposes.keys()]).toEqual(['marketing.sms', 'kids-club'].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect([...state.subjects.keys()]).toEqual(['psn_z', 'psn_y']);
    expect([...state.subjects.values()].map((s) => s.subjectId)).toEqual(['psn_z', 'psn_y']);
    const seen: string[] = [];
    state.subjects.forEach((subject, id) => {
      seen.push(`${id}=${subject.eventCount}`);
    });
    expect(seen).toEqual(['psn_z=2', 'psn_y=1']);
    const purposes: string[] = [];
    z.purposes.forEach((record, id) => {
      purposes.push(`${id}:${record.status}`);
    });
    expect(purposes).toEqual([...z.purposes.keys()].map((id) => `${id}:given`));
    expect([...z.purposes.values()].map((r) => r.event.subjectId)).toEqual(['psn_z', 'psn_z']);
    expect(state.subjects.has('psn_y')).toBe(true);
    expect(state.subjects.has('psn_x')).toBe(false);
    expect(z.purposes.has('analytics')).toBe(false);
    expect(z.purposes.get('not-a-purpose')).toBeUndefined();
    expect(state.subjects.get(42 as unknown as string)).toBeUndefined();
  });

  it('serialises a subject as a plain snapshot', () => {
    const state = createConsentState({ catalogue });
    state.apply(event({ subjectId: 'psn_a', purposes: ['analytics'], at: at(0), expiresAt: at(60) }));
    const json = JSON.parse(JSON.stringify(state.subject('psn_a')));
    expect(json).toMatchObject({
      subjectId: 'psn_a',
      lastAt: Date.parse(at(0)),
      eventCount: 1,
      purposes: { analytics: { status: 'given', expiresAt: Date.parse(at(60)) } },
    });
  });

  it('a rejected event changes nothing, also the purposes a catalogue-less state has seen', () => {
    const state = createConsentState();
    state.apply(event({ subjectId: 'psn_a', purposes: ['p1'], at: at(10) }));
    const before = plainSubject(state.subject('psn_a'));
    expect(codeOf(() => state.apply(event({ subjectId: 'psn_a', purposes: ['p2', 'p3', 'p4', 'p5', 'p6'], at: at(5) })))).toBe(
      'CONSENT_OUT_OF_ORDER',
    );
    expect(codeOf(() => state.apply({ ...event({ subjectId: 'psn_b', purposes: ['p7'] }), at: 'yesterday' }))).toBe(
      'CONSENT_INVALID_INPUT',
    );
    expect(plainSubject(state.subject('psn_a'))).toEqual(before);
    expect(state.subject('psn_b')).toBeUndefined();
    expect(state.subjects.size).toBe(1);
    expect(state.eventCount).toBe(1);
    // The state still works after the rejections (the rows widened for p2..p6 meanwhile).
    state.apply(event({ subjectId: 'psn_a', purposes: ['p6', 'p1'], at: at(11) }));
    expect([...(state.subject('psn_a') as SubjectConsent).purposes.keys()]).toEqual(['p1', 'p6']);
  });
});

/** A caller-built `SubjectConsent` (plain objects and a Map), as an adapter over another store would make. */
function callerBuilt(subject: SubjectConsent): SubjectConsent {
  return {
    subjectId: subject.subjectId,
    lastAt: subject.lastAt,
    eventCount: subject.eventCount,
    purposes: new Map([...subject.purposes].map(([id, record]) => [id, { ...record }])),
  };
}

describe('decide reads views and caller-built subjects alike', () => {
  it('gives the same decision from the packed table and from plain records', () => {
    // Scope changes at notice v2 on a sensitive and a plain purpose, so notice versions matter.
    const catalogue = defineCatalogue({
      ...catalogueInput,
      purposes: catalogueInput.purposes.map((p) => (p.id === 'face.check-in' || p.id === 'analytics' ? { ...p, reconsentSince: 2 } : p)),
    });
    const ids = catalogue.purposes.map((p) => p.id);
    fc.assert(
      fc.property(
        steps(ids),
        fc.nat({ max: 600 }),
        fc.constantFrom(undefined, { ageBand: 'under-14' as const }, { ageBand: 'adult' as const }),
        // Per event, so a guardian's separate consent can stand under a later bundled one by the subject.
        fc.array(fc.boolean(), { minLength: 120, maxLength: 120 }),
        (s, later, facts, guardian) => {
          const events = eventsFrom(s).map(
            (e, i) => (guardian[i] === true ? { ...e, actor: { kind: 'guardian', relationship: 'mother' } } : e) as ConsentEvent,
          );
          const state = replayConsentEvents(events, { catalogue });
          for (const subject of state.subjects.values()) {
            const at = subject.lastAt + later * 60_000;
            const caller = callerBuilt(subject);
            for (const purposeId of ids) {
              expect(decide({ catalogue, purposeId, at, consent: subject, facts })).toEqual(
                decide({ catalogue, purposeId, at, consent: caller, facts }),
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('judges a sensitive purpose by its separate consent, not by a later bundled one under a newer notice', () => {
    const scoped = defineCatalogue({
      ...catalogueInput,
      purposes: catalogueInput.purposes.map((p) => (p.id === 'face.check-in' ? { ...p, reconsentSince: 2 } : p)),
    });
    const state = createConsentState({ catalogue: scoped });
    state.apply(event({ purposes: ['face.check-in'], consentType: 'separate', at: '2026-03-01T00:00:00Z' }));
    state.apply(event({ purposes: ['face.check-in', 'analytics'], notice: { ...NOTICE, version: 2 }, at: '2026-03-02T00:00:00Z' }));
    const subject = state.subject('psn_a') as SubjectConsent;
    for (const consent of [subject, callerBuilt(subject)]) {
      const d = decide({ catalogue: scoped, purposeId: 'face.check-in', at: '2026-03-03T00:00:00Z', consent });
      expect([d.allowed, d.state, d.event?.notice.version]).toEqual([false, 'needs-reconsent', 1]);
    }
  });

  it("keeps the guardian behind a child's separate consent when a later bundled one is the child's own", () => {
    const state = createConsentState({ catalogue });
    const guardian = { kind: 'guardian', relationship: 'mother' } as ConsentEvent['actor'];
    state.apply(event({ purposes: ['face.check-in'], consentType: 'separate', actor: guardian, at: '2026-03-01T00:00:00Z' }));
    state.apply(event({ purposes: ['face.check-in', 'analytics'], at: '2026-03-02T00:00:00Z' }));
    const subject = state.subject('psn_a') as SubjectConsent;
    const facts = { ageBand: 'under-14' as const };
    for (const consent of [subject, callerBuilt(subject)]) {
      const face = decide({ catalogue, purposeId: 'face.check-in', at: '2026-03-03T00:00:00Z', consent, facts });
      const analytics = decide({ catalogue, purposeId: 'analytics', at: '2026-03-03T00:00:00Z', consent, facts });
      expect([face.allowed, face.state, face.event?.actor.kind]).toEqual([true, 'given', 'guardian']);
      expect([analytics.allowed, analytics.state]).toEqual([false, 'needs-guardian']);
    }
    // A refusal clears the standing separate consent, and its guardian with it.
    state.apply(event({ type: 'refused', purposes: ['face.check-in'], at: '2026-03-04T00:00:00Z' }));
    state.apply(event({ purposes: ['face.check-in', 'analytics'], actor: guardian, at: '2026-03-05T00:00:00Z' }));
    const after = decide({ catalogue, purposeId: 'face.check-in', at: '2026-03-06T00:00:00Z', consent: state.subject('psn_a'), facts });
    expect([after.allowed, after.state]).toEqual([false, 'needs-reconsent']);
  });

  it('refuses a caller-built record whose expiry is not a number, rather than reading it as "no expiry"', () => {
    const state = createConsentState({ catalogue });
    state.apply(event({ purposes: ['analytics'], at: '2026-03-01T00:00:00Z', expiresAt: '2026-03-02T00:00:00Z' }));
    const subject = callerBuilt(state.subject('psn_a') as SubjectConsent);
    const record = subject.purposes.get('analytics') as PurposeConsent;
    (subject.purposes as Map<string, PurposeConsent>).set('analytics', {
      ...record,
      expiresAt: '2026-03-02T00:00:00Z' as unknown as number,
    });
    expect(codeOf(() => decide({ catalogue, purposeId: 'analytics', at: '2026-03-05T00:00:00Z', consent: subject }))).toBe(
      'CONSENT_INVALID_INPUT',
    );
  });

  it('captures what a decision reads when the event is applied: editing the event afterwards changes nothing', () => {
    const state = createConsentState({ catalogue });
    const given = event({
      purposes: ['kids-club'],
      consentType: 'guardian',
      at: '2026-03-01T00:00:00Z',
      expiresAt: '2026-03-02T00:00:00Z',
      actor: { kind: 'guardian', relationship: 'father' },
    });
    state.apply(given);
    const before = decide({ catalogue, purposeId: 'kids-club', at: '2026-03-01T12:00:00Z', consent: state.subject('psn_a') });
    expect(before.allowed).toBe(true);
    Object.assign(given, { expiresAt: 'never', actor: { kind: 'self' }, notice: { version: 0, hash: '' } });
    const after = decide({ catalogue, purposeId: 'kids-club', at: '2026-03-01T12:00:00Z', consent: state.subject('psn_a') });
    expect({ ...after, event: undefined, expiresAt: undefined }).toEqual({ ...before, event: undefined, expiresAt: undefined });
    expect(decide({ catalogue, purposeId: 'kids-club', at: '2026-03-03T00:00:00Z', consent: state.subject('psn_a') }).state).toBe(
      'expired',
    );
  });
});
