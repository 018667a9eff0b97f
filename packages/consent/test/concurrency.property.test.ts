import { createMemoryStreamStore, type StreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConsentEvent, createConsentStore, replayConsentEvents } from '../src/index';
import { catalogue, NOTICE, plainSubject } from './fixtures';

/** A stream store whose every call resolves when the fast-check scheduler says so. */
function scheduled(inner: StreamStore, s: fc.Scheduler): StreamStore {
  return {
    ...inner,
    readSnapshot: s.scheduleFunction(async function readSnapshot(id: string) {
      return inner.readSnapshot(id);
    }),
    read: s.scheduleFunction(async function read(id: string, options?: Parameters<StreamStore['read']>[1]) {
      return inner.read(id, options);
    }) as StreamStore['read'],
    append: s.scheduleFunction(async function append(id: string, entries: never[], options: Parameters<StreamStore['append']>[2]) {
      return inner.append(id, entries, options);
    }) as StreamStore['append'],
  };
}

const AT = '2026-11-21T10:00:00+08:00';
const writeArb = fc.record({
  handle: fc.nat({ max: 2 }),
  subject: fc.constantFrom('psn_a', 'psn_b'),
  type: fc.constantFrom('given', 'withdrawn', 'refused', 'renewed' as const),
  purposes: fc.uniqueArray(fc.constantFrom('marketing.sms', 'analytics', 'face.check-in'), { minLength: 1, maxLength: 2 }),
  retry: fc.boolean(),
});

describe('concurrent appends from several handles over one stream store', () => {
  it('every event is stored once, each writer lands after a conflict-reload, and every snapshot equals a replay', async () => {
    let conflicted = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(writeArb, { minLength: 1, maxLength: 6 }), async (s, writes) => {
        const streams = createMemoryStreamStore();
        const shared = scheduled(streams, s);
        const handles = [0, 1, 2].map(() => createConsentStore({ store: shared, catalogue, backoff: async () => {} }));
        // All at the same instant, so any commit order is a valid history.
        const events: ConsentEvent[] = writes.map((w, i) => ({
          id: `ce-${i}`,
          type: w.type,
          subjectId: w.subject,
          purposes: w.purposes,
          notice: NOTICE,
          consentType: 'separate',
          actor: { kind: 'self' },
          channel: 'app',
          locale: 'zh-CN',
          at: AT,
        }));
        // Some writers also retry their event from another handle (a lost response): still once.
        const pending = writes.flatMap((w, i) => {
          const event = events[i] as ConsentEvent;
          const first = (handles[w.handle] as (typeof handles)[number]).append(event);
          return w.retry ? [first, (handles[(w.handle + 1) % 3] as (typeof handles)[number]).append(structuredClone(event))] : [first];
        });
        const results = await s.waitFor(Promise.all(pending));
        expect(results.every((r) => r.attempts <= events.length + 1)).toBe(true);
        if (results.some((r) => r.attempts > 1)) conflicted++;
        for (const subjectId of ['psn_a', 'psn_b']) {
          const stored = (await streams.read(`consent:${subjectId}`)).entries;
          const mine = events.filter((e) => e.subjectId === subjectId);
          // Each event exactly once, in some order.
          expect(stored.map((e) => e.id).sort()).toEqual(mine.map((e) => e.id).sort());
          const replayed = replayConsentEvents(
            stored.map((e) => e.data as ConsentEvent),
            { catalogue },
          ).subject(subjectId);
          const consents = createConsentStore({ store: streams, catalogue });
          expect(plainSubject(await consents.subject(subjectId))).toEqual(plainSubject(replayed));
          expect((await consents.verifySubject(subjectId)).ok).toBe(true);
        }
        // A duplicate reports the entry that was stored, never a second one.
        for (const r of results) expect(r.entry.id).toMatch(/^ce-\d+$/);
      }),
      { numRuns: 100 },
    );
    // The schedules really made writers conflict and retry (about half the runs do).
    expect(conflicted).toBeGreaterThan(10);
  });
});
