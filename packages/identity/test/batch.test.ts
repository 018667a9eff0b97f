import { CoreErrorCode, createMemoryStreamStore, type RandomSource, type StreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createIdentityGraph,
  defaultIdentifierTypes,
  type IdentifierInput,
  IdentityErrorCode,
  type LinkRequest,
  loadIdentityGraph,
} from '../src/index';
import { pseudonymise } from './fixtures';

const types = defaultIdentifierTypes();
const server = { trusted: true, name: 'test' } as const;
const universe: IdentifierInput[] = [
  { type: 'member', value: 'M-1' },
  { type: 'member', value: 'M-2' },
  { type: 'phone', value: '13912340001' },
  { type: 'phone', value: '13800138000' },
  { type: 'card', value: '880012345678' },
  { type: 'device', value: 'kiosk-1', namespace: 'mall' },
  { type: 'wechat-openid', value: 'o-1', namespace: 'app' },
  { type: 'email', value: 'a@example.com' },
];
const request = (a: number, b: number, event: number, day: number): LinkRequest => ({
  a: universe[a] as IdentifierInput,
  b: universe[b] as IdentifierInput,
  evidence: {
    source: 'test',
    eventId: `e${event}`,
    seenAt: `2026-01-${String(1 + day).padStart(2, '0')}T00:00:00Z`,
    strength: event % 2 === 0 ? 'sms-code' : 'pos-bind',
    basis: event % 3 === 0 ? { kind: 'consent', purposeId: 'marketing', subjectId: 's-1', consentEventId: 'c-1' } : { kind: 'contract' },
    purposes: ['loyalty'],
  },
  caller: server,
});
/** A seeded source so two graphs mint the same profile ids. */
const seeded = (): RandomSource => {
  let s = 7;
  return (bytes) => {
    for (let i = 0; i < bytes.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      bytes[i] = s >>> 24;
    }
  };
};
const clock = { now: () => new Date('2026-02-01T00:00:00Z') };

describe('linkMany', () => {
  it('gives exactly what the same links one by one give (outcomes, profile ids, states), and its log rebuilds to it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(7), fc.nat(7), fc.nat(6), fc.nat(20)), { maxLength: 40 }),
        fc.array(fc.nat(40), { maxLength: 4 }),
        async (raw, cuts) => {
          const list = raw.filter(([a, b]) => a !== b).map(([a, b, e, d]) => request(a, b, e, d));
          const one = createIdentityGraph({ types, pseudonymise, store: createMemoryStreamStore(), random: seeded(), clock });
          const single = [];
          for (const r of list) single.push(await one.link(r));
          const store = createMemoryStreamStore();
          const many = createIdentityGraph({ types, pseudonymise, store, random: seeded(), clock });
          const bounds = [0, ...cuts.map((c) => c % (list.length + 1)).sort((x, y) => x - y), list.length];
          const batched = [];
          for (let i = 1; i < bounds.length; i++) batched.push(...(await many.linkMany(list.slice(bounds[i - 1], bounds[i]))));
          expect(batched).toEqual(single);
          for (const id of universe) {
            expect(many.profileOf(id)).toBe(one.profileOf(id));
            expect(many.isQuarantined(id)).toBe(one.isQuarantined(id));
          }
          for (const outcome of single) expect(many.linkState(outcome.linkId)).toEqual(one.linkState(outcome.linkId));
          expect(many.stats()).toEqual(one.stats());
          const rebuilt = await loadIdentityGraph({ types, pseudonymise, store });
          for (const id of universe) expect(rebuilt.profileOf(id)).toBe(many.profileOf(id));
          expect(rebuilt.stats()).toEqual(many.stats());
        },
      ),
      { numRuns: 80 },
    );
  });

  it('validates every request before applying any: a bad one throws and nothing is linked or logged', async () => {
    const store = createMemoryStreamStore();
    const graph = createIdentityGraph({ types, pseudonymise, store });
    const bad = { ...request(0, 2, 1, 1), caller: { trusted: false, name: 'browser' } };
    await expect(graph.linkMany([request(0, 2, 1, 1), request(4, 0, 2, 1), bad])).rejects.toMatchObject({
      code: IdentityErrorCode.UNTRUSTED_CALLER,
    });
    await expect(
      graph.linkMany([request(0, 2, 1, 1), { ...request(4, 0, 2, 1), evidence: { purposes: [] } as never }]),
    ).rejects.toMatchObject({
      code: IdentityErrorCode.INVALID_EVIDENCE,
    });
    expect(graph.stats()).toEqual({ identifiers: 0, active: 0, held: 0, removed: 0, profiles: 0, hubs: 0 });
    expect((await store.feed()).entries).toHaveLength(0);
    await expect(graph.linkMany('nope' as never)).rejects.toThrow(TypeError);
    const huge = new Array<LinkRequest>(100_001).fill(request(0, 2, 1, 1));
    await expect(graph.linkMany(huge)).rejects.toMatchObject({ code: IdentityErrorCode.INPUT_TOO_LARGE });
  });

  it('writes one log entry per 1,000 links', async () => {
    const store = createMemoryStreamStore();
    const graph = createIdentityGraph({ types, pseudonymise, store });
    const list = Array.from(
      { length: 2_500 },
      (_, i): LinkRequest => ({
        a: { type: 'member', value: `M-${i}` },
        b: { type: 'card', value: `8800${String(i).padStart(8, '0')}` },
        evidence: {
          source: 'import',
          eventId: `r${i}`,
          seenAt: '2026-01-01T00:00:00Z',
          strength: 'pos-bind',
          basis: { kind: 'contract' },
          purposes: ['loyalty'],
        },
        caller: server,
      }),
    );
    const outcomes = await graph.linkMany(list);
    expect(outcomes.every((o) => o.status === 'linked')).toBe(true);
    expect((await store.read('identity:log')).version).toBe(3);
    expect(graph.stats().profiles).toBe(2_500);
  });
});

describe('the link log', () => {
  it('a second writer makes the first fail with IDENTITY_CONCURRENT_WRITER; the first reloads and its retry succeeds', async () => {
    const store = createMemoryStreamStore();
    const first = createIdentityGraph({ types, pseudonymise, store });
    await first.link(request(0, 2, 1, 1));
    const second = await loadIdentityGraph({ types, pseudonymise, store });
    await second.link(request(0, 4, 2, 2));
    const retry = request(1, 7, 4, 3);
    await expect(first.link(retry)).rejects.toMatchObject({ code: IdentityErrorCode.CONCURRENT_WRITER });
    // Reloaded: the other writer's link is there, the refused one is not.
    expect(first.profileOf(universe[4] as IdentifierInput)).toBe(first.profileOf(universe[0] as IdentifierInput));
    expect(first.profileOf(universe[7] as IdentifierInput)).toBeUndefined();
    expect((await first.link(retry)).status).toBe('linked');
    const rebuilt = await loadIdentityGraph({ types, pseudonymise, store });
    expect(rebuilt.stats()).toEqual(first.stats());
  });

  it('after a failed append the graph holds nothing the log does not, and reloads when the store is back', async () => {
    const inner = createMemoryStreamStore();
    let down = false;
    const store: StreamStore = {
      ...inner,
      append: (...args) => (down ? Promise.reject(new Error('connection reset')) : inner.append(...args)),
      feed: (...args) => (down ? Promise.reject(new Error('connection reset')) : inner.feed(...args)),
    };
    const graph = createIdentityGraph({ types, pseudonymise, store });
    const kept = await graph.link(request(0, 2, 1, 1));
    down = true;
    await expect(graph.link(request(0, 4, 2, 2))).rejects.toThrow('connection reset');
    // The log could not be read back either: reads refuse rather than answer from a state the log lacks.
    expect(() => graph.profileOf(universe[0] as IdentifierInput)).toThrow(
      expect.objectContaining({ code: CoreErrorCode.STORE_UNAVAILABLE }) as unknown as Error,
    );
    down = false;
    const again = await graph.link(request(0, 4, 2, 2));
    expect(again.status).toBe('linked');
    expect(graph.profileOf(universe[0] as IdentifierInput)).toBe(kept.status === 'linked' ? kept.profileId : 'none');
    const rebuilt = await loadIdentityGraph({ types, pseudonymise, store });
    expect(rebuilt.stats()).toEqual(graph.stats());
    expect(rebuilt.stats().active).toBe(2);
  });

  it('reads a log in the earlier layout (one stream per link and per hub)', async () => {
    const store = createMemoryStreamStore();
    const graph = createIdentityGraph({ types, pseudonymise, store: createMemoryStreamStore() });
    const member = graph.keyOf(universe[0] as IdentifierInput);
    const phone = graph.keyOf(universe[2] as IdentifierInput);
    const evidence = {
      source: 'pos',
      eventId: 'e-1',
      seenAt: '2026-01-01T00:00:00.000Z',
      strength: 'pos-bind',
      basis: { kind: 'contract' },
      purposes: ['loyalty'],
    };
    await store.append(
      'identity:link:lnk_old',
      [
        {
          id: 'lnk_old:linked',
          type: 'linked',
          data: {
            a: { key: member, type: 'member' },
            b: { key: phone, type: 'phone' },
            evidence,
            counted: true,
            outcome: 'applied',
            profileId: 'prf_legacy',
          },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    const loaded = await loadIdentityGraph({ types, pseudonymise, store });
    expect(loaded.profileOf(universe[2] as IdentifierInput)).toBe('prf_legacy');
    expect(loaded.linkState('lnk_old')).toEqual({ state: 'active' });
    expect(
      loaded.explain(universe[0] as IdentifierInput, universe[2] as IdentifierInput, {
        purpose: 'loyalty',
        at: '2026-02-01T00:00:00Z',
      })?.[0]?.evidence,
    ).toEqual(evidence);
    await store.append(
      'identity:link:lnk_old',
      [{ id: 'lnk_old:unlinked', type: 'unlinked', data: { reason: 'removed', at: '2026-01-02T00:00:00.000Z', minted: [] } }],
      {
        expectedVersion: 1,
      },
    );
    const after = await loadIdentityGraph({ types, pseudonymise, store });
    expect(after.profileOf(universe[2] as IdentifierInput)).toBeUndefined();
    expect(after.linkState('lnk_old')).toEqual({ state: 'removed', reason: 'removed' });
  });
});
