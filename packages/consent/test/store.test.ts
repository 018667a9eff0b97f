import type { ChainEntry, Json } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { assertConsentLog, createMemoryConsentStore, decide, replayConsentEvents, replayConsentLog } from '../src/index';
import { catalogue, codeOf, event } from './fixtures';

const filled = () => {
  const store = createMemoryConsentStore({ catalogue });
  store.append(event({ at: '2026-11-21T10:00:00+08:00' }));
  store.append(event({ subjectId: 'psn_b', purposes: ['analytics'], at: '2026-11-21T10:05:00+08:00' }));
  store.append(event({ type: 'withdrawn', at: '2026-11-21T11:00:00+08:00', channel: 'sms-reply' }));
  return store;
};

describe('createMemoryConsentStore', () => {
  it('appends, reads by subject and from a cursor, and keeps materialised state', () => {
    const store = filled();
    expect(store.length).toBe(3);
    expect(store.readBySubject('psn_a').map((e) => e.type)).toEqual(['given', 'withdrawn']);
    expect(store.readBySubject('nobody')).toEqual([]);
    const page = store.readSince(1, 1);
    expect(page.entries.map((e) => e.seq)).toEqual([1]);
    expect(store.readSince(page.cursor).entries.map((e) => e.seq)).toEqual([2]);
    expect(store.readSince(3)).toEqual({ entries: [], cursor: 3 });
    expect(decide({ catalogue, purposeId: 'marketing.sms', at: '2026-11-21T11:00:00+08:00', consent: store.subject('psn_a') }).state).toBe(
      'withdrawn',
    );
    expect(store.verify(store.anchor()).ok).toBe(true);
    expect(() => store.readSince(-1)).toThrow(RangeError);
    expect(() => store.readSince(0, 0)).toThrow(RangeError);
  });

  it('rejects malformed events, unknown purposes and out-of-order events, changing nothing', () => {
    const store = filled();
    expect(codeOf(() => store.append({ ...event(), at: '2026-11-21 12:00' }))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => store.append({ ...event(), purposes: [] }))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => store.append({ ...event(), type: 'granted' } as never))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => store.append(null as never))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => store.append(event({ purposes: ['marketing.sms', 'telepathy'], at: '2026-11-21T12:00:00+08:00' })))).toBe(
      'CONSENT_UNKNOWN_PURPOSE',
    );
    expect(codeOf(() => store.append(event({ at: '2026-11-21T10:30:00+08:00' })))).toBe('CONSENT_OUT_OF_ORDER');
    expect(store.length).toBe(3);
    expect(
      decide({ catalogue, purposeId: 'marketing.sms', at: '2026-11-21T12:00:00+08:00', consent: store.subject('psn_a') }).allowed,
    ).toBe(false);
  });

  it('reloads a stored log and refuses a tampered one (edited, reordered, deleted, truncated)', () => {
    const store = filled();
    const entries = store.readSince(0).entries;
    const anchor = store.anchor();
    const reloaded = createMemoryConsentStore({ catalogue, entries, anchor });
    expect(reloaded.subject('psn_a')?.purposes.get('marketing.sms')?.status).toBe('withdrawn');
    reloaded.append(event({ at: '2026-11-21T12:00:00+08:00' }));
    expect(reloaded.length).toBe(4);

    // Someone turns the withdrawal back into a consent: the hash no longer matches.
    const edited = entries.map((e, i) => (i === 2 ? { ...e, payload: { ...e.payload, type: 'given' as const } } : e));
    const error = (() => {
      try {
        createMemoryConsentStore({ catalogue, entries: edited });
      } catch (thrown) {
        return thrown as { code: string; details: { index: number; reason: string } };
      }
    })();
    expect(error?.code).toBe('CONSENT_CHAIN_TAMPERED');
    expect(error?.details).toEqual({ index: 2, reason: 'hash' });

    const reordered = [entries[0], entries[2], entries[1]] as typeof entries;
    expect(codeOf(() => replayConsentLog(reordered, { catalogue }))).toBe('CONSENT_CHAIN_TAMPERED');
    const deleted = [entries[0], entries[2]] as typeof entries;
    expect(codeOf(() => replayConsentLog(deleted, { catalogue }))).toBe('CONSENT_CHAIN_TAMPERED');
    // Deleting the newest entry (the withdrawal) is only visible against the anchor.
    const truncated = entries.slice(0, 2);
    expect(codeOf(() => replayConsentLog(truncated, { catalogue }))).toBeUndefined();
    expect(codeOf(() => replayConsentLog(truncated, { catalogue, anchor }))).toBe('CONSENT_CHAIN_TAMPERED');
    expect(codeOf(() => assertConsentLog('not a log' as never))).toBe('CONSENT_CHAIN_TAMPERED');
  });

  it('validates payloads of a re-hashed log (an intact chain of bad events is still refused)', async () => {
    const { appendEntry } = await import('@aisle/core');
    const bad = appendEntry(undefined, { ...event(), purposes: [] } as unknown as Json) as ChainEntry<Json>;
    expect(codeOf(() => replayConsentLog([bad]))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => createMemoryConsentStore({ entries: [bad] as never }))).toBe('CONSENT_INVALID_INPUT');
    const unknown = appendEntry(undefined, event({ purposes: ['telepathy'] }) as unknown as Json);
    expect(codeOf(() => replayConsentLog([unknown], { catalogue }))).toBe('CONSENT_UNKNOWN_PURPOSE');
  });

  it('replays plain events like the store materialises them', () => {
    const store = filled();
    const state = replayConsentEvents(store.readSince(0).entries.map((e) => e.payload));
    expect(state.eventCount).toBe(3);
    const summary = (s: ReturnType<typeof store.subject>) =>
      s && {
        lastAt: s.lastAt,
        eventCount: s.eventCount,
        purposes: [...s.purposes].map(([id, r]) => [id, r.status, r.event.id, r.expiresAt]),
      };
    expect(summary(state.subject('psn_a'))).toEqual(summary(store.subject('psn_a')));
    expect(summary(state.subject('psn_a'))?.purposes).toEqual([['marketing.sms', 'withdrawn', expect.stringMatching(/^ce-/), undefined]]);
    expect(state.subjects.size).toBe(2);
  });
});
