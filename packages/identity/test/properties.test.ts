import { createMemoryStreamStore } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createIdentityGraph,
  defaultIdentifierTypes,
  type IdentifierInput,
  type IdentifierType,
  type IdentityGraph,
  loadIdentityGraph,
} from '../src/index';
import { components } from '../src/internal/partition';
import { pseudonymise } from './fixtures';

/** Types without limits or hub thresholds: every link applies, so groupings are plain connectivity. */
const open: IdentifierType[] = ['x', 'y'].map((type, i) => ({
  type,
  namespaced: false,
  priority: i,
  maxPerProfile: 1_000,
  login: false,
  immutable: false,
  reassignable: false,
  hubThreshold: 1_000,
  canonicalise: (raw: string) => raw,
}));

const ids: IdentifierInput[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ type: 'x', value: `x${i}` })),
  ...Array.from({ length: 6 }, (_, i) => ({ type: 'y', value: `y${i}` })),
];
const evidence = (eventId: string) =>
  ({
    source: 'test',
    eventId,
    seenAt: '2026-01-01T00:00:00Z',
    strength: 'pos-bind',
    basis: { kind: 'contract' },
    purposes: ['loyalty'],
  }) as const;
const server = { trusted: true, name: 'test' } as const;

type Op = { kind: 'link'; a: number; b: number; event: number } | { kind: 'unlink'; index: number };
const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('link' as const), a: fc.nat(11), b: fc.nat(11), event: fc.nat(3) }),
    fc.record({ kind: fc.constant('unlink' as const), index: fc.nat(40) }),
  ),
  { maxLength: 40 },
);

async function run(
  graph: IdentityGraph,
  list: Op[],
  pick: (i: number) => IdentifierInput,
  ends = new Map<string, readonly [string, string]>(),
): Promise<string[]> {
  const made: string[] = [];
  for (const op of list) {
    if (op.kind === 'link') {
      if (op.a === op.b) continue;
      const outcome = await graph.link({ a: pick(op.a), b: pick(op.b), evidence: evidence(`e${op.event}`), caller: server });
      made.push(outcome.linkId);
      ends.set(outcome.linkId, [graph.keyOf(pick(op.a)), graph.keyOf(pick(op.b))]);
    } else if (made.length > 0) {
      await graph.unlink(made[op.index % made.length] as string, { reason: 'removed', at: '2026-01-02T00:00:00Z' });
    }
  }
  return made;
}

const grouping = (graph: IdentityGraph, keys: string[]) => {
  const byProfile = new Map<string, string[]>();
  for (const key of keys) {
    const id = graph.profileOf(key);
    if (id === undefined) continue;
    byProfile.set(id, [...(byProfile.get(id) ?? []), key]);
  }
  return [...byProfile.values()].map((g) => g.sort().join(',')).sort();
};

describe('identity graph properties', () => {
  it('any sequence of links and unlinks equals a from-scratch computation over the links left', async () => {
    await fc.assert(
      fc.asyncProperty(ops, async (list) => {
        const graph = createIdentityGraph({ types: open, pseudonymise, store: createMemoryStreamStore() });
        const ends = new Map<string, readonly [string, string]>();
        const made = await run(graph, list, (i) => ids[i] as IdentifierInput, ends);
        const keys = ids.map((id) => graph.keyOf(id));
        const active = [...new Set(made)].filter((id) => graph.linkState(id)?.state === 'active');
        const expected = components(
          keys,
          active.map((id) => ends.get(id) as readonly [string, string]),
        )
          .filter((g) => g.length > 1)
          .map((g) => g.sort().join(','))
          .sort();
        expect(grouping(graph, keys).filter((g) => g.includes(','))).toEqual(expected);
        const fromPartition = graph
          .partition({ purpose: 'loyalty', at: '2026-06-01T00:00:00Z' })
          .filter((p) => p.identifiers.length > 1)
          .map((p) => p.identifiers.join(','))
          .sort();
        expect(fromPartition).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('a full rebuild from the link log gives the same graph, profile ids included (guards on)', async () => {
    const types = defaultIdentifierTypes();
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
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('link' as const), a: fc.nat(7), b: fc.nat(7), event: fc.nat(5) }),
            fc.record({ kind: fc.constant('unlink' as const), index: fc.nat(40) }),
          ),
          { maxLength: 30 },
        ),
        async (list) => {
          const store = createMemoryStreamStore();
          const graph = createIdentityGraph({ types, pseudonymise, store });
          const made = await run(graph, list, (i) => universe[i] as IdentifierInput);
          const rebuilt = await loadIdentityGraph({ types, pseudonymise, store });
          for (const id of universe) expect(rebuilt.profileOf(id)).toBe(graph.profileOf(id));
          for (const id of made) expect(rebuilt.linkState(id)).toEqual(graph.linkState(id));
          expect(rebuilt.stats()).toEqual(graph.stats());
          const at = '2026-06-01T00:00:00Z';
          expect(rebuilt.partition({ purpose: 'loyalty', at })).toEqual(graph.partition({ purpose: 'loyalty', at }));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('link then unlink restores the previous grouping, and the order of links does not change the grouping', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 15 }),
        fc.tuple(fc.nat(11), fc.nat(11)),
        fc.integer(),
        async (pairs, extra, seed) => {
          const links = pairs.filter(([a, b]) => a !== b);
          const graph = createIdentityGraph({ types: open, pseudonymise, store: createMemoryStreamStore() });
          for (const [i, [a, b]] of links.entries())
            await graph.link({ a: ids[a] as IdentifierInput, b: ids[b] as IdentifierInput, evidence: evidence(`l${i}`), caller: server });
          const keys = ids.map((id) => graph.keyOf(id));
          const before = grouping(graph, keys);
          const [ea, eb] = extra;
          if (ea !== eb) {
            const added = await graph.link({
              a: ids[ea] as IdentifierInput,
              b: ids[eb] as IdentifierInput,
              evidence: evidence('extra'),
              caller: server,
            });
            await graph.unlink(added.linkId, { reason: 'removed', at: '2026-01-02T00:00:00Z' });
            expect(grouping(graph, keys).filter((g) => g.includes(','))).toEqual(before.filter((g) => g.includes(',')));
          }
          const shuffled = [...links.entries()].sort(([i], [j]) => ((i * 7919 + seed) % 101) - ((j * 7919 + seed) % 101));
          const other = createIdentityGraph({ types: open, pseudonymise, store: createMemoryStreamStore() });
          for (const [i, [a, b]] of shuffled)
            await other.link({ a: ids[a] as IdentifierInput, b: ids[b] as IdentifierInput, evidence: evidence(`l${i}`), caller: server });
          expect(grouping(other, keys).filter((g) => g.includes(','))).toEqual(before.filter((g) => g.includes(',')));
          const expected = components(
            keys,
            links.map(([a, b]) => [keys[a] as string, keys[b] as string] as const),
          )
            .filter((g) => g.length > 1)
            .map((g) => g.sort().join(','))
            .sort();
          expect(before.filter((g) => g.includes(','))).toEqual(expected);
        },
      ),
      { numRuns: 80 },
    );
  });
});
