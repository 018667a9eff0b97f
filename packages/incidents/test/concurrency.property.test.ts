import { createMemoryStreamStore, type StreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIncident, createIncidentStore, recordSubmission } from '../src/index';
import { leak } from './fixtures';

/** A stream store whose every call resolves when the fast-check scheduler says so. */
function scheduled(inner: StreamStore, s: fc.Scheduler): StreamStore {
  return {
    ...inner,
    read: s.scheduleFunction(async function read(id: string, options?: Parameters<StreamStore['read']>[1]) {
      return inner.read(id, options);
    }) as StreamStore['read'],
    append: s.scheduleFunction(async function append(id: string, entries: never[], options: Parameters<StreamStore['append']>[2]) {
      return inner.append(id, entries, options);
    }) as StreamStore['append'],
  };
}

const ID = 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA';
const AT = '2026-04-04T02:00:00+08:00';

describe('concurrent updates of one incident from several handles', () => {
  it('every change lands exactly once, in some order, and the stored incident verifies', async () => {
    let conflicted = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 5 }), async (s, writers) => {
        const streams = createMemoryStreamStore();
        await createIncidentStore({ store: streams }).save(createIncident(leak(), { actor: 'S-014', at: '2026-04-03T23:40:00+08:00' }));
        const shared = scheduled(streams, s);
        const handles = [0, 1, 2].map(() => createIncidentStore({ store: shared, backoff: async () => {} }));
        const updates = writers.map((h, i) =>
          (handles[h] as (typeof handles)[number]).update(ID, (current) =>
            recordSubmission(current, { obligation: `report-${i}`, at: AT }, { actor: `writer-${h}`, at: AT }),
          ),
        );
        const results = await s.waitFor(Promise.all(updates));
        if (results.some((r) => r.attempts > 1)) conflicted++;
        const loaded = await createIncidentStore({ store: streams }).load(ID);
        expect(loaded?.trail).toHaveLength(1 + writers.length);
        expect(loaded?.record.submissions.map((x) => x.obligation).sort()).toEqual(writers.map((_, i) => `report-${i}`).sort());
        expect((await createIncidentStore({ store: streams }).verify()).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
    // The schedules really made writers conflict and re-apply their change.
    expect(conflicted).toBeGreaterThan(10);
  });
});
