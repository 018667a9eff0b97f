import {
  AisleError,
  CoreErrorCode,
  createCheckpoint,
  createMemoryStreamStore,
  createMemoryStreamStoreHarness,
  type Json,
  type StreamSnapshot,
  type StreamStore,
} from '@aisle/core';
import { describe, expect, it } from 'vitest';
import {
  assertConsentLog,
  type ConsentLogEntry,
  consentStreamId,
  createConsentStore,
  createMemoryConsentStore,
  decide,
  replayConsentEvents,
  replayConsentLog,
  subjectConsentFromJson,
  subjectConsentToJson,
} from '../src/index';
import { catalogue, codeOf, codeOfAsync, event, plainSubject, rejection } from './fixtures';

const AT = (time: string) => `2026-11-21T${time}:00+08:00`;

async function filled(store = createMemoryConsentStore({ catalogue })) {
  const first = await store.append(event({ at: AT('10:00') }));
  await store.append(event({ subjectId: 'psn_b', purposes: ['analytics'], at: AT('10:05') }));
  const last = await store.append(event({ type: 'withdrawn', at: AT('11:00'), channel: 'sms-reply' }));
  return { store, first, last };
}

/** A stream store that counts the calls made to it. */
function counting(inner: StreamStore) {
  const calls = new Map<string, number>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const store = new Proxy(inner, {
    get(target, name: string) {
      const value = target[name as keyof StreamStore];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        count(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

describe('createConsentStore (one stream per subject on the stream-store contract)', () => {
  it("appends each event to its subject's stream, with the materialised state as the snapshot", async () => {
    const { store, first, last } = await filled();
    expect(first.entry).toMatchObject({ streamId: 'consent:psn_a', seq: 0, type: 'consent.given', id: expect.stringMatching(/^ce-/) });
    expect(last.entry.seq).toBe(1);
    expect(last.anchor).toEqual({ length: 2, head: last.entry.hash });
    expect(last.duplicate).toBe(false);
    expect(last.attempts).toBe(1);
    expect(last.subject.purposes.get('marketing.sms')?.status).toBe('withdrawn');

    const snapshot = await store.streamStore.readSnapshot('consent:psn_a');
    expect(snapshot).toMatchObject({ version: 2, snapshotVersion: 2 });
    expect(snapshot.snapshot).toEqual(JSON.parse(JSON.stringify(subjectConsentToJson(last.subject))));

    const consent = await store.subject('psn_a');
    expect(decide({ catalogue, purposeId: 'marketing.sms', at: AT('11:00'), consent }).state).toBe('withdrawn');
    expect(await store.subject('nobody')).toBeUndefined();
    expect(await store.subjectIds()).toEqual(['psn_a', 'psn_b']);
    expect(await store.subjectIds({ after: 'psn_a' })).toEqual(['psn_b']);
    expect(await store.subjectIds({ limit: 1 })).toEqual(['psn_a']);
    const some = await store.subjects(['psn_b', 'nobody', 'psn_a']);
    expect([...some.keys()]).toEqual(['psn_b', 'psn_a']);

    const log = await store.log('psn_a');
    expect(log.entries.map((e) => e.data.type)).toEqual(['given', 'withdrawn']);
    expect(log.anchor).toEqual(last.anchor);
    expect((await store.log('nobody')).entries).toEqual([]);
    expect(await store.verifySubject('psn_a', { anchor: first.anchor })).toMatchObject({ ok: true, length: 2, problems: [] });
    expect(await store.verify()).toMatchObject({ ok: true, streams: 2, entries: 3 });
  });

  it('reads a subject with one indexed read (the snapshot), never a replay', async () => {
    const { store, calls } = counting(createMemoryStreamStore());
    const consents = createConsentStore({ store, catalogue });
    for (let i = 0; i < 20; i++) await consents.append(event({ at: new Date(Date.parse(AT('10:00')) + i * 60_000).toISOString() }));
    calls.clear();
    const consent = await consents.subject('psn_a');
    expect(consent?.eventCount).toBe(20);
    expect(Object.fromEntries(calls)).toEqual({ readSnapshot: 1 });
  });

  it('folds entries another writer appended without a snapshot onto the last snapshot', async () => {
    const streams = createMemoryStreamStore();
    const consents = createConsentStore({ store: streams, catalogue });
    const given = event({ at: AT('10:00') });
    await consents.append(given);
    const withdrawal = event({ type: 'withdrawn', at: AT('11:00') });
    await streams.append('consent:psn_a', [{ id: withdrawal.id, type: 'consent.withdrawn', data: withdrawal as Json }], {
      expectedVersion: 1,
    });
    const consent = await consents.subject('psn_a');
    expect(consent?.eventCount).toBe(2);
    expect(plainSubject(consent)).toEqual(plainSubject(replayConsentEvents([given, withdrawal]).subject('psn_a')));
    expect(consent?.purposes.get('marketing.sms')?.status).toBe('withdrawn');
    // The next append writes a snapshot again, covering both.
    const next = await consents.append(event({ at: AT('12:00') }));
    expect(next.subject.eventCount).toBe(3);
    expect((await streams.readSnapshot('consent:psn_a')).snapshotVersion).toBe(3);
    expect((await consents.verifySubject('psn_a')).ok).toBe(true);
  });

  it('rejects malformed events, unknown purposes and out-of-order events, writing nothing', async () => {
    const { store } = await filled();
    expect(await codeOfAsync(() => store.append({ ...event(), at: '2026-11-21 12:00' }))).toBe('CONSENT_INVALID_INPUT');
    expect(await codeOfAsync(() => store.append({ ...event(), purposes: [] }))).toBe('CONSENT_INVALID_INPUT');
    expect(await codeOfAsync(() => store.append({ ...event(), type: 'granted' } as never))).toBe('CONSENT_INVALID_INPUT');
    expect(await codeOfAsync(() => store.append(null as never))).toBe('CONSENT_INVALID_INPUT');
    expect(await codeOfAsync(() => store.append(event({ purposes: ['marketing.sms', 'telepathy'], at: AT('12:00') })))).toBe(
      'CONSENT_UNKNOWN_PURPOSE',
    );
    expect(await codeOfAsync(() => store.append(event({ at: AT('10:30') })))).toBe('CONSENT_OUT_OF_ORDER');
    expect(await codeOfAsync(() => store.subject('bad id!'))).toBe('CONSENT_INVALID_INPUT');
    expect(await codeOfAsync(() => store.subject(''))).toBe('CONSENT_INVALID_INPUT');
    expect((await store.streamStore.readSnapshot('consent:psn_a')).version).toBe(2);
    expect(decide({ catalogue, purposeId: 'marketing.sms', at: AT('12:00'), consent: await store.subject('psn_a') }).allowed).toBe(false);
    expect(() => createConsentStore({} as never)).toThrow(TypeError);
  });

  it('makes a retried append (lost response) a duplicate, and refuses an id reused for another event', async () => {
    const store = createMemoryConsentStore({ catalogue });
    const given = event({ at: AT('10:00') });
    await store.append(given);
    const again = await store.append(structuredClone(given));
    expect(again).toMatchObject({ duplicate: true, anchor: { length: 1 } });
    expect(again.subject.eventCount).toBe(1);
    // Retried after later events: still found, still nothing written.
    await store.append(event({ type: 'withdrawn', at: AT('11:00') }));
    const late = await store.append(structuredClone(given));
    expect(late).toMatchObject({ duplicate: true, anchor: { length: 2 } });
    expect(late.entry.id).toBe(given.id);
    expect(await codeOfAsync(() => store.append({ ...given, at: AT('12:00') }))).toBe('CORE_STORE_IDEMPOTENCY_CONFLICT');
    expect(await codeOfAsync(() => store.append({ ...given, channel: 'app' }))).toBe('CORE_STORE_IDEMPOTENCY_CONFLICT');
    expect((await store.log('psn_a')).entries).toHaveLength(2);
  });

  it('a response lost after the write (CORE_STORE_UNAVAILABLE): retrying the same event writes nothing twice', async () => {
    const streams = createMemoryStreamStore();
    let lose = true;
    const flaky: StreamStore = {
      ...streams,
      append: async (streamId, entries, options) => {
        const result = await streams.append(streamId, entries, options);
        if (lose) {
          lose = false;
          throw new AisleError(CoreErrorCode.STORE_UNAVAILABLE, 'connection reset after commit');
        }
        return result;
      },
    };
    const consents = createConsentStore({ store: flaky, catalogue });
    const given = event({ at: AT('10:00') });
    expect(await codeOfAsync(() => consents.append(given))).toBe('CORE_STORE_UNAVAILABLE');
    const retried = await consents.append(given);
    expect(retried).toMatchObject({ duplicate: true, anchor: { length: 1 } });
    expect(retried.subject.purposes.get('marketing.sms')?.status).toBe('given');
    expect((await streams.read('consent:psn_a')).entries.map((e) => e.id)).toEqual([given.id]);
    expect(await consents.subjects(['psn_a', 'psn_b'])).toEqual(new Map([['psn_a', expect.anything()]]));
  });

  it('two handles over one stream store: the second writer conflicts, reloads, decides again and lands after the first', async () => {
    const streams = createMemoryStreamStore();
    // Once armed, every append waits until both handles have loaded the subject, so both decide
    // on version 1 and one of them must conflict.
    let armed = false;
    let loads = 0;
    let release!: () => void;
    const bothLoaded = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated: StreamStore = {
      ...streams,
      readSnapshot: async (streamId) => {
        const snap = await streams.readSnapshot(streamId);
        if (armed && ++loads === 2) release();
        return snap;
      },
      append: async (streamId, entries, options) => {
        if (armed) await bothLoaded;
        return streams.append(streamId, entries, options);
      },
    };
    const a = createConsentStore({ store: gated, catalogue, backoff: async () => {} });
    const b = createConsentStore({ store: gated, catalogue, backoff: async () => {} });
    await a.append(event({ at: AT('10:00') }));
    armed = true;
    const [fromA, fromB] = await Promise.all([
      a.append(event({ purposes: ['analytics'], at: AT('10:05') })),
      b.append(event({ type: 'withdrawn', at: AT('10:05') })),
    ]);
    expect([fromA.attempts, fromB.attempts].sort()).toEqual([1, 2]);
    expect([fromA.entry.seq, fromB.entry.seq].sort()).toEqual([1, 2]);
    const subject = await b.subject('psn_a');
    expect(subject?.eventCount).toBe(3);
    expect(subject?.purposes.get('marketing.sms')?.status).toBe('withdrawn');
    expect(subject?.purposes.get('analytics')?.status).toBe('given');
    // The retried writer's snapshot covers the other's event: snapshot equals replay.
    expect(await a.verifySubject('psn_a')).toMatchObject({ ok: true, length: 3 });
  });

  it('gives up with CORE_STORE_RETRIES_EXHAUSTED when every attempt conflicts', async () => {
    const streams = createMemoryStreamStore();
    const consents = createConsentStore({ store: streams, catalogue, maxAttempts: 3, backoff: async () => {} });
    await consents.append(event({ at: AT('10:00') }));
    let n = 0;
    const racing: StreamStore = {
      ...streams,
      append: async (streamId, entries, options) => {
        // Another writer always gets in first.
        const other = event({ purposes: ['analytics'], at: AT('10:00') });
        await streams.append(streamId, [{ id: `other-${n++}`, type: 'consent.given', data: other as Json }], { expectedVersion: 'any' });
        return streams.append(streamId, entries, options);
      },
    };
    const loser = createConsentStore({ store: racing, catalogue, maxAttempts: 3, backoff: async () => {} });
    const error = await rejection(() => loser.append(event({ type: 'withdrawn', at: AT('11:00') })));
    expect(error.code).toBe('CORE_STORE_RETRIES_EXHAUSTED');
    expect(error.details).toMatchObject({ attempts: 3 });
  });
});

describe("tampering behind the store's back (raw rows of the memory stream store)", () => {
  async function tamperable() {
    const { store: streams, raw } = createMemoryStreamStoreHarness();
    const consents = createConsentStore({ store: streams, catalogue });
    const { first, last } = await filled(consents);
    return { streams, raw, consents, first, last };
  }

  it('an edited event (a withdrawal turned back into a consent) is CORE_CHAIN_BROKEN with context consent', async () => {
    const { raw, consents, last } = await tamperable();
    await raw.editData('consent:psn_a', 1, { ...(last.entry.data as object), type: 'given' } as Json);
    const error = await rejection(() => consents.log('psn_a'));
    expect(error.code).toBe('CORE_CHAIN_BROKEN');
    expect(error.details).toMatchObject({ context: 'consent', streamId: 'consent:psn_a', index: 1, reason: 'hash' });
    expect(await consents.verifySubject('psn_a')).toMatchObject({ ok: false, problems: [{ kind: 'hash', seq: 1 }] });
    const report = await consents.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'hash', streamId: 'consent:psn_a', seq: 1 })]);
  });

  it('reordered events, deleted newest events and a deleted subject are each named', async () => {
    const swapped = await tamperable();
    await swapped.raw.swap('consent:psn_a', 0, 1);
    expect((await rejection(() => swapped.consents.log('psn_a'))).details).toMatchObject({ context: 'consent', reason: 'sequence' });

    // The newest event (the withdrawal) deleted, and the stream's head row rewritten to match:
    // the chain alone cannot show it; the snapshot (written at version 2) and an anchor kept apart
    // from the store do.
    const truncated = await tamperable();
    await truncated.raw.deleteNewest('consent:psn_a', 1, { rewriteHead: true });
    const { entries } = await truncated.consents.log('psn_a');
    expect(() => assertConsentLog(entries)).not.toThrow();
    const error = (() => {
      try {
        assertConsentLog(entries, { anchor: truncated.last.anchor });
      } catch (thrown) {
        return thrown as { code: string; details: unknown };
      }
    })();
    expect(error).toMatchObject({ code: 'CORE_CHAIN_BROKEN', details: { context: 'consent', reason: 'truncated', index: 1 } });
    expect(await truncated.consents.verifySubject('psn_a', { anchor: truncated.last.anchor })).toMatchObject({
      ok: false,
      problems: [
        { kind: 'truncated', seq: 1 },
        { kind: 'truncated', seq: 1 },
      ],
    });
    expect(await truncated.consents.verifySubject('psn_a')).toMatchObject({ ok: false, problems: [{ kind: 'truncated', seq: 1 }] });
    // Reading or appending to the subject refuses the inconsistency instead of carrying on.
    expect((await rejection(() => truncated.consents.subject('psn_a'))).details).toMatchObject({ context: 'consent', reason: 'truncated' });
    expect(await codeOfAsync(() => truncated.consents.append(event({ at: AT('12:00') })))).toBe('CORE_CHAIN_BROKEN');

    // Deleted without rewriting the head row: the stream's own record shows it.
    const headless = await tamperable();
    await headless.raw.deleteNewest('consent:psn_a', 1, { rewriteHead: false });
    expect((await rejection(() => headless.consents.log('psn_a'))).details).toMatchObject({ context: 'consent', reason: 'truncated' });

    // A whole subject deleted: found against a checkpoint kept outside the store.
    const gone = await tamperable();
    const checkpoint = await createCheckpoint(gone.streams);
    await gone.raw.deleteStream('consent:psn_b');
    const report = await gone.consents.verify({ checkpoint });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', streamId: 'consent:psn_b' })]);
  });

  it('a snapshot that disagrees with its events is refused or reported, never read as an "allowed"', async () => {
    const streams = createMemoryStreamStore();
    const consents = createConsentStore({ store: streams, catalogue });
    const given = await consents.append(event({ at: AT('10:00') }));
    await consents.append(event({ type: 'withdrawn', at: AT('11:00') }));
    const stored = (await streams.readSnapshot('consent:psn_a')).snapshot as { purposes: { event: unknown; status: string }[] };
    const forged = (patch: (s: typeof stored) => unknown): StreamStore => ({
      ...streams,
      readSnapshot: async (id) =>
        ({ ...(await streams.readSnapshot(id)), snapshot: patch(structuredClone(stored)) as Json }) as StreamSnapshot,
    });
    // Status "given" beside a withdrawal event: inconsistent, refused.
    const inconsistent = createConsentStore({
      store: forged((s) => {
        (s.purposes[0] as { status: string }).status = 'given';
        return s;
      }),
      catalogue,
    });
    expect(await codeOfAsync(() => inconsistent.subject('psn_a'))).toBe('CONSENT_INVALID_INPUT');
    // A consistent but stale snapshot (the withdrawal's record replaced by the earlier consent):
    // verifySubject compares it with a replay.
    const stale = createConsentStore({
      store: forged((s) => {
        const purpose = s.purposes[0] as { event: unknown; status: string };
        purpose.event = given.entry.data;
        purpose.status = 'given';
        return s;
      }),
      catalogue,
    });
    expect(await stale.verifySubject('psn_a')).toMatchObject({ ok: false, problems: [{ kind: 'snapshot', seq: 1 }] });
    // A snapshot whose event count disagrees with the version it was written at.
    const miscounted = createConsentStore({ store: forged((s) => ({ ...s, eventCount: 7 })), catalogue });
    expect((await rejection(() => miscounted.subject('psn_a'))).details).toMatchObject({ context: 'consent', reason: 'snapshot' });
  });
});

describe('assertConsentLog and replayConsentLog', () => {
  it("verify one subject's entries as read from the store (the README example)", async () => {
    const consents = createMemoryConsentStore({ catalogue });
    const { anchor } = await consents.append(event({ at: AT('10:00') }));
    const { entries } = await consents.log('psn_a');
    expect(() => assertConsentLog(entries, { anchor })).not.toThrow();
    expect(() => assertConsentLog([])).not.toThrow();
    expect(replayConsentLog(entries, { catalogue, anchor }).subject('psn_a')?.eventCount).toBe(1);
  });

  it('refuse edited, reordered and foreign entries, and non-logs, with CORE_CHAIN_BROKEN', async () => {
    const { store } = await filled();
    const { entries } = await store.log('psn_a');
    const reasonOf = (list: unknown) => {
      try {
        assertConsentLog(list as ConsentLogEntry[]);
      } catch (error) {
        expect(error).toMatchObject({ code: 'CORE_CHAIN_BROKEN', details: { context: 'consent' } });
        return (error as { details: { reason: string } }).details.reason;
      }
      return undefined;
    };
    const edited = entries.map((e, i) => (i === 1 ? { ...e, data: { ...(e.data as object), type: 'given' } } : e));
    expect(reasonOf(edited)).toBe('hash');
    expect(reasonOf([entries[1], entries[0]])).toBe('sequence');
    expect(reasonOf([entries[0], ...(await store.log('psn_b')).entries])).toBe('stream');
    expect(reasonOf('not a log')).toBe('malformed');
    expect(reasonOf([null])).toBe('malformed');
    const streams = createMemoryStreamStore();
    await streams.append('other:1', [{ id: 'e', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    expect(reasonOf((await streams.read('other:1')).entries)).toBe('stream');
    expect(() => assertConsentLog(entries, { anchor: { length: -1, head: '' } })).toThrow(TypeError);
    expect(codeOf(() => assertConsentLog(entries, { anchor: { length: 2, head: 'f'.repeat(64) } }))).toBe('CORE_CHAIN_BROKEN');
  });

  it('validate the events of an intact chain (a well-hashed bad event is still refused)', async () => {
    const streams = createMemoryStreamStore();
    const bad = { ...event(), purposes: [] };
    await streams.append('consent:psn_a', [{ id: bad.id, type: 'consent.given', data: bad as Json }], { expectedVersion: 'no_stream' });
    const { entries } = await streams.read('consent:psn_a');
    expect(codeOf(() => replayConsentLog(entries as ConsentLogEntry[]))).toBe('CONSENT_INVALID_INPUT');
    const consents = createConsentStore({ store: streams, catalogue });
    expect(await consents.verifySubject('psn_a')).toMatchObject({ ok: false, problems: [{ kind: 'event', seq: 0 }] });
    const foreign = event({ subjectId: 'psn_z' });
    await streams.append('consent:psn_b', [{ id: foreign.id, type: 'consent.given', data: foreign as Json }], {
      expectedVersion: 'no_stream',
    });
    const foreignEntries = (await streams.read('consent:psn_b')).entries as ConsentLogEntry[];
    expect(codeOf(() => replayConsentLog(foreignEntries))).toBe('CONSENT_INVALID_INPUT');
  });

  it("consentStreamId names a subject's stream and refuses what is not a subject id", () => {
    expect(consentStreamId('psn_a')).toBe('consent:psn_a');
    for (const bad of ['', 'a b', 'x'.repeat(129), '_x', 7])
      expect(codeOf(() => consentStreamId(bad as string))).toBe('CONSENT_INVALID_INPUT');
  });
});

describe('subject snapshots as JSON', () => {
  it('refuse malformed and inconsistent snapshots, naming the field', () => {
    const state = replayConsentEvents(
      [event({ at: AT('10:00') }), event({ purposes: ['face.check-in'], consentType: 'separate', at: AT('10:01') })],
      {
        catalogue,
      },
    );
    const good = JSON.parse(JSON.stringify(subjectConsentToJson(state.subject('psn_a') as never)));
    expect(plainSubject(subjectConsentFromJson(good, { catalogue }))).toEqual(plainSubject(state.subject('psn_a')));
    const fieldOf = (mutate: (s: typeof good) => unknown) => {
      try {
        const copy = structuredClone(good);
        const replaced = mutate(copy);
        subjectConsentFromJson(replaced === undefined ? copy : replaced, { catalogue });
      } catch (error) {
        return [(error as { code: string }).code, (error as { details: { field?: string } }).details.field];
      }
      return undefined;
    };
    expect(fieldOf(() => null)).toEqual(['CONSENT_INVALID_INPUT', 'snapshot']);
    expect(fieldOf((s) => ({ ...s, v: 2 }))).toEqual(['CONSENT_INVALID_INPUT', 'v']);
    expect(fieldOf((s) => ({ ...s, lastAt: 'soon' }))).toEqual(['CONSENT_INVALID_INPUT', 'lastAt']);
    expect(fieldOf((s) => ({ ...s, eventCount: 0 }))).toEqual(['CONSENT_INVALID_INPUT', 'eventCount']);
    expect(fieldOf((s) => ({ ...s, purposes: {} }))).toEqual(['CONSENT_INVALID_INPUT', 'purposes']);
    expect(fieldOf((s) => ({ ...s, purposes: [s.purposes[0], s.purposes[0]] }))).toEqual([
      'CONSENT_INVALID_INPUT',
      'purposes[1].purposeId',
    ]);
    expect(
      fieldOf((s) => {
        s.purposes[0].status = 'refused';
      }),
    ).toEqual(['CONSENT_INVALID_INPUT', 'purposes[0].status']);
    expect(
      fieldOf((s) => {
        s.purposes[0].event.at = 'yesterday';
      }),
    ).toEqual(['CONSENT_INVALID_INPUT', 'purposes[0].event.at']);
    expect(
      fieldOf((s) => {
        s.purposes[0].event.subjectId = 'psn_b';
      }),
    ).toEqual(['CONSENT_INVALID_INPUT', 'purposes[0].event.subjectId']);
    expect(
      fieldOf((s) => {
        s.purposes[0].purposeId = 'analytics';
      }),
    ).toEqual(['CONSENT_INVALID_INPUT', 'purposes[0].event.purposes']);
    expect(fieldOf((s) => ({ ...s, lastAt: 0 }))).toEqual(['CONSENT_INVALID_INPUT', 'purposes[0].event']);
    // A "separate consent" that is a bundled one would let a sensitive purpose through: refused.
    expect(
      fieldOf((s) => {
        s.purposes[0].separate = s.purposes[0].event;
      }),
    ).toEqual(['CONSENT_INVALID_INPUT', 'purposes[0].separate']);
    expect(
      fieldOf((s) => {
        s.purposes[0].purposeId = 'telepathy';
        s.purposes[0].event.purposes = ['telepathy'];
      }),
    ).toEqual(['CONSENT_UNKNOWN_PURPOSE', undefined]);
  });
});
