// The testing entry imports the package by name (tsup keeps '@aisle/consent' and '@aisle/core'
// external here), so the suite runs the main entry's code, not a bundled copy.
import {
  assertConsentLog,
  type ConsentEvent,
  createConsentStore,
  decide,
  defineCatalogue,
  replayConsentEvents,
  type SubjectConsent,
  subjectConsentToJson,
} from '@aisle/consent';
import { AisleError, createCheckpoint, type Json, type StreamStore } from '@aisle/core';
import { type ConformanceAssertions, conformanceAssertions, type StreamStoreFixture, type TestApi } from '@aisle/core/testing';

const assertions = conformanceAssertions('Consent store conformance');
const check: ConformanceAssertions['check'] = assertions.check;
const { equal, rejects } = assertions;

/**
 * Options of {@link describeConsentStore}.
 *
 * @public
 */
export interface DescribeConsentStoreOptions {
  /** Names the suite, e.g. `'PGlite'`. */
  readonly name: string;
  /** Makes a fresh, empty stream store for each test, with raw access to its rows. */
  readonly create: () => Promise<StreamStoreFixture>;
  /** The `describe` and `it` of your test runner. */
  readonly test: TestApi;
  /** Per-test timeout in milliseconds (default 30 000). */
  readonly timeout?: number;
}

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const catalogue = defineCatalogue({
  version: 1,
  purposes: [
    {
      id: 'marketing.sms',
      name: text('短信营销', 'SMS offers'),
      description: text('优惠信息', 'Offers'),
      legalBasis: 'consent',
      categories: ['contact'],
      function: 'extended',
      retention: 'P2Y',
    },
    {
      id: 'face.check-in',
      name: text('刷脸签到', 'Face check-in'),
      description: text('人脸识别', 'By face'),
      legalBasis: 'consent',
      categories: ['biometric'],
      function: 'extended',
      retention: 'P30D',
    },
  ],
});
const NOTICE = { version: 1, hash: 'a'.repeat(64) };
const START = Date.parse('2026-11-21T02:00:00Z');

/**
 * The conformance suite of the consent store over a stream-store adapter: every adapter that
 * backs `createConsentStore` runs it (besides core's `describeStreamStore`). It covers one stream
 * per subject with the materialised state written as its snapshot, a subject read with one
 * snapshot read, refused events writing nothing, retried and reused event ids, two handles racing
 * on one subject (a conflict, a reload, both events stored once), snapshot equals replay, and
 * tampering through the raw hooks reported as `CORE_CHAIN_BROKEN` with context `consent`.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { createMemoryStreamStoreHarness } from '@aisle/core';
 * import { describeConsentStore } from '@aisle/consent/testing';
 *
 * describeConsentStore({ name: 'memory', test: { describe, it }, create: async () => createMemoryStreamStoreHarness() });
 * ```
 *
 * @public
 */
export function describeConsentStore(options: DescribeConsentStoreOptions): void {
  const { describe, it } = options.test;
  const test = (name: string, body: (fixture: StreamStoreFixture) => Promise<void>) =>
    it(
      name,
      async () => {
        const fixture = await options.create();
        try {
          await body(fixture);
        } finally {
          await fixture.close?.();
        }
      },
      options.timeout ?? 30_000,
    );
  const consentsOver = (store: StreamStore) => createConsentStore({ store, catalogue, backoff: async () => {} });

  describe(`Consent store conformance: ${options.name}`, () => {
    test('one stream per subject, the materialised state written as its snapshot, read back with one snapshot read', async ({ store }) => {
      const calls: string[] = [];
      const counted: StreamStore = {
        ...store,
        readSnapshot: (id) => {
          calls.push('readSnapshot');
          return store.readSnapshot(id);
        },
        read: (id, o) => {
          calls.push('read');
          return store.read(id, o);
        },
      };
      const consents = consentsOver(counted);
      const first = await consents.append(event(0, 'psn_a', 'given', ['marketing.sms']));
      const last = await consents.append(event(1, 'psn_a', 'withdrawn', ['marketing.sms']));
      await consents.append(event(2, 'psn_b', 'given', ['face.check-in'], 'separate'));
      equal([first.entry.streamId, first.entry.seq, last.entry.seq], ['consent:psn_a', 0, 1], 'stream and positions');
      equal(last.anchor, { length: 2, head: last.entry.hash }, 'anchor after the second event');
      const snapshot = await store.readSnapshot('consent:psn_a');
      equal([snapshot.version, snapshot.snapshotVersion], [2, 2], 'snapshot written with the append');
      equal(snapshot.snapshot, subjectConsentToJson(last.subject), 'the snapshot is the materialised state');
      calls.length = 0;
      const consent = await consents.subject('psn_a');
      equal(calls, ['readSnapshot'], 'one indexed read, no replay');
      equal(decide({ catalogue, purposeId: 'marketing.sms', at: START + 3_600_000, consent }).state, 'withdrawn', 'decision');
      equal(await consents.subject('psn_z'), undefined, 'an unknown subject');
      equal(await consents.subjectIds(), ['psn_a', 'psn_b'], 'subject ids');
      const { entries } = await consents.log('psn_a');
      assertConsentLog(entries, { anchor: first.anchor });
      check((await consents.verifySubject('psn_a', { anchor: last.anchor })).ok, 'the subject verifies');
      check((await consents.verify()).ok, 'every consent stream verifies');
    });

    test('a refused event writes nothing; a retried event is a duplicate; a reused id is a conflict', async ({ store }) => {
      const consents = consentsOver(store);
      const given = event(5, 'psn_a', 'given', ['marketing.sms']);
      await consents.append(given);
      await rejects(consents.append(event(1, 'psn_a', 'withdrawn', ['marketing.sms'])), 'CONSENT_OUT_OF_ORDER', 'an older event');
      await rejects(consents.append(event(6, 'psn_a', 'given', ['telepathy'])), 'CONSENT_UNKNOWN_PURPOSE', 'an unknown purpose');
      await rejects(consents.append({ ...given, id: 'x', at: 'soon' }), 'CONSENT_INVALID_INPUT', 'a malformed event');
      equal((await store.read('consent:psn_a')).version, 1, 'nothing written');
      const again = await consents.append(JSON.parse(JSON.stringify(given)) as ConsentEvent);
      equal([again.duplicate, again.anchor.length], [true, 1], 'the retry wrote nothing');
      await consents.append(event(7, 'psn_a', 'withdrawn', ['marketing.sms']));
      const late = await consents.append(JSON.parse(JSON.stringify(given)) as ConsentEvent);
      equal([late.duplicate, late.entry.id], [true, given.id], 'a retry after later events is still found');
      await rejects(consents.append({ ...given, channel: 'kiosk' }), 'CORE_STORE_IDEMPOTENCY_CONFLICT', 'an id reused for another event');
      equal((await store.read('consent:psn_a')).version, 2, 'each event once');
    });

    test('two handles racing on one subject: one conflicts, reloads, decides again; both events stored once', async ({ store }) => {
      let armed = false;
      let loads = 0;
      let release: () => void = () => {};
      const bothLoaded = new Promise<void>((resolve) => {
        release = resolve;
      });
      const gated: StreamStore = {
        ...store,
        readSnapshot: async (id) => {
          const snap = await store.readSnapshot(id);
          if (armed && ++loads === 2) release();
          return snap;
        },
        append: async (id, entries, o) => {
          if (armed) await bothLoaded;
          return store.append(id, entries, o);
        },
      };
      const a = consentsOver(gated);
      const b = consentsOver(gated);
      await a.append(event(0, 'psn_a', 'given', ['marketing.sms']));
      armed = true;
      const results = await Promise.all([
        a.append(event(1, 'psn_a', 'given', ['face.check-in'], 'separate')),
        b.append(event(1, 'psn_a', 'withdrawn', ['marketing.sms'])),
      ]);
      equal(results.map((r) => r.attempts).sort(), [1, 2], 'one writer retried');
      equal(results.map((r) => r.entry.seq).sort(), [1, 2], 'contiguous positions');
      const subject = await a.subject('psn_a');
      equal(
        [subject?.eventCount, subject?.purposes.get('marketing.sms')?.status, subject?.purposes.get('face.check-in')?.status],
        [3, 'withdrawn', 'given'],
        'both events in the state',
      );
      check((await b.verifySubject('psn_a')).ok, 'snapshot equals replay after the race');
    });

    test('the snapshot read back equals a replay of the stream, for a long mixed history', async ({ store }) => {
      const consents = consentsOver(store);
      const types = ['given', 'withdrawn', 'renewed', 'refused', 'expired'] as const;
      const events: ConsentEvent[] = [];
      let seed = 7;
      const next = () => {
        // A small deterministic generator (test data only).
        seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
        return seed;
      };
      for (let i = 0; i < 60; i++) {
        const purposes = next() % 3 === 0 ? ['marketing.sms', 'face.check-in'] : [next() % 2 === 0 ? 'marketing.sms' : 'face.check-in'];
        const e = event(
          i,
          next() % 2 === 0 ? 'psn_a' : 'psn_b',
          types[next() % 5] as ConsentEvent['type'],
          purposes,
          next() % 2 === 0 ? 'separate' : 'general',
        );
        events.push(next() % 4 === 0 ? { ...e, expiresAt: new Date(START + (i + 30) * 60_000).toISOString() } : e);
        await consents.append(events[i] as ConsentEvent);
      }
      for (const subjectId of ['psn_a', 'psn_b']) {
        const replayed = replayConsentEvents(
          events.filter((e) => e.subjectId === subjectId),
          { catalogue },
        ).subject(subjectId);
        equal(plain(await consents.subject(subjectId)), plain(replayed), `${subjectId}: snapshot equals replay`);
        check((await consents.verifySubject(subjectId)).ok, `${subjectId} verifies`);
      }
    });

    test('tampering through the raw rows is CORE_CHAIN_BROKEN with context consent, and verify names it', async ({ store, raw }) => {
      const consents = consentsOver(store);
      await consents.append(event(0, 'psn_a', 'given', ['marketing.sms']));
      const withdrawal = await consents.append(event(1, 'psn_a', 'withdrawn', ['marketing.sms']));
      await consents.append(event(2, 'psn_a', 'given', ['face.check-in'], 'separate'));
      await consents.append(event(3, 'psn_b', 'given', ['marketing.sms']));
      const checkpoint = await createCheckpoint(store);
      await raw.editData('consent:psn_a', 1, { ...(withdrawal.entry.data as object), type: 'given' } as Json);
      await chainBroken(consents.log('psn_a'), 'hash', 'an edited withdrawal');
      equal(kinds((await consents.verify({ checkpoint })).problems), ['hash consent:psn_a'], 'verify names the edit');
      await raw.deleteStream('consent:psn_b');
      const problems = kinds((await consents.verify({ checkpoint })).problems);
      check(problems.includes('missing consent:psn_b'), `a deleted subject is missing (got ${problems.join(', ')})`);
    });
  });
}

function event(
  minute: number,
  subjectId: string,
  type: ConsentEvent['type'],
  purposes: string[],
  consentType: ConsentEvent['consentType'] = 'general',
): ConsentEvent {
  return {
    id: `ce-${subjectId}-${minute}-${type}`,
    type,
    subjectId,
    purposes,
    notice: NOTICE,
    consentType,
    actor: { kind: 'self' },
    channel: 'app',
    locale: 'zh-CN',
    at: new Date(START + minute * 60_000).toISOString(),
  };
}

function plain(subject: SubjectConsent | undefined) {
  return subject === undefined ? undefined : subjectConsentToJson(subject);
}

function kinds(problems: ReadonlyArray<{ kind: string; streamId?: string | undefined }>): string[] {
  return problems.map((p) => `${p.kind} ${p.streamId}`);
}

async function chainBroken(promise: Promise<unknown>, reason: string, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    const details = AisleError.isInstance(error, 'CORE_CHAIN_BROKEN') ? error.details : undefined;
    if (details?.context === 'consent' && details.reason === reason) return;
    throw new Error(`Consent store conformance: ${message}: expected CORE_CHAIN_BROKEN (consent, ${reason}), received ${String(error)}`);
  }
  throw new Error(`Consent store conformance: ${message}: expected CORE_CHAIN_BROKEN, but it succeeded`);
}
