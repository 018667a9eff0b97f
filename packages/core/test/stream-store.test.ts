import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AisleError,
  CoreErrorCode,
  canonicalJson,
  createCheckpoint,
  createMemoryStreamStore,
  createMemoryStreamStoreHarness,
  decideAndRetry,
  entryBody,
  GENESIS_HASH,
  hashBody,
  type Json,
  merkleRoot,
  parseEntryBody,
  type StreamStore,
  verifyStore,
  verifyStreamEntries,
} from '../src/index';
import { merkleOfBytes } from '../src/store/checkpoint';
import { describeStreamStore } from '../src/testing/index';

describeStreamStore({ name: 'memory', test: { describe, it }, snapshotTail: true, create: async () => createMemoryStreamStoreHarness() });

describe('Merkle tree (RFC 6962 §2.1)', () => {
  it('matches the RFC 6962 hashes of the empty tree and of one empty leaf', () => {
    expect(bytesToHex(merkleOfBytes([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(bytesToHex(merkleOfBytes([new Uint8Array(0)]))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('splits at the largest power of two below the count, as the RFC defines it', () => {
    const leafHash = (b: Uint8Array) => sha256(new Uint8Array([0, ...b]));
    const node = (l: Uint8Array, r: Uint8Array) => sha256(new Uint8Array([1, ...l, ...r]));
    const mth = (leaves: Uint8Array[]): Uint8Array => {
      if (leaves.length === 1) return leafHash(leaves[0] as Uint8Array);
      let k = 1;
      while (k * 2 < leaves.length) k *= 2;
      return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
    };
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 40 }), (leaves) => {
        expect(bytesToHex(merkleOfBytes(leaves))).toBe(bytesToHex(mth(leaves)));
      }),
    );
  });

  it('hashes leaves as canonical [streamId, length, head]', () => {
    const head = { streamId: 's', length: 1, head: GENESIS_HASH };
    expect(merkleRoot([head])).toBe(bytesToHex(merkleOfBytes([utf8ToBytes(`["s",1,"${GENESIS_HASH}"]`)])));
    expect(merkleRoot([head])).not.toBe(merkleRoot([{ ...head, length: 2 }]));
  });
});

describe('entry bodies', () => {
  it('hashes the canonical body, and a body parses back to the entry', () => {
    const body = entryBody('s', 0, GENESIS_HASH, { id: 'e', type: 't', data: { b: 1, a: [2] } });
    expect(body).toBe(`{"data":{"a":[2],"b":1},"id":"e","prev":"${GENESIS_HASH}","seq":0,"stream":"s","type":"t","v":1}`);
    const parsed = parseEntryBody(body, hashBody(body));
    expect(parsed).toMatchObject({ streamId: 's', seq: 0, id: 'e', type: 't', data: { a: [2], b: 1 } });
    expect(Object.isFrozen(parsed.data)).toBe(true);
    expect(verifyStreamEntries('s', [parsed]).ok).toBe(true);
  });

  it('writes the body as the canonical JSON of the whole entry (the store canonicalises the data once)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.nat(),
        fc.string(),
        fc.string(),
        fc.string(),
        fc.jsonValue({ maxDepth: 3 }),
        (stream, seq, prev, id, type, data) => {
          const entry = { id, type, data: data as Json };
          expect(entryBody(stream, seq, prev, entry)).toBe(canonicalJson({ v: 1, stream, seq, prev, id, type, data: data as Json }));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stores the canonical text of the entries and the snapshot it validated', async () => {
    const store = createMemoryStreamStore();
    const data = { z: 1, a: { y: [1, -0, 'é\u2028'], b: null } };
    const written = await store.append('s', [{ id: 'e', type: 't', data }], { expectedVersion: 'no_stream', snapshot: { b: 2, a: 1 } });
    const body = entryBody('s', 0, GENESIS_HASH, { id: 'e', type: 't', data });
    expect(written.entries[0]?.hash).toBe(hashBody(body));
    expect(verifyStreamEntries('s', written.entries).ok).toBe(true);
    expect((await store.readSnapshot('s')).snapshot).toEqual({ a: 1, b: 2 });
  });

  it('refuses a body that is not an entry with CORE_CHAIN_BROKEN', () => {
    for (const body of ['not json', '[]', '{"v":2}', '{"v":1,"stream":"s","seq":"0","prev":"","id":"e","type":"t","data":1}']) {
      expect(() => parseEntryBody(body, 'x')).toThrow(expect.objectContaining({ code: CoreErrorCode.CHAIN_BROKEN }));
    }
  });

  it('reports an entry of another stream', () => {
    const body = entryBody('other', 0, GENESIS_HASH, { id: 'e', type: 't', data: 1 });
    expect(verifyStreamEntries('s', [parseEntryBody(body, hashBody(body))])).toMatchObject({ ok: false, reason: 'stream' });
  });
});

describe('decideAndRetry', () => {
  it('gives up with CORE_STORE_RETRIES_EXHAUSTED when every attempt conflicts', async () => {
    const store = createMemoryStreamStore();
    let attempts = 0;
    const error = await decideAndRetry({
      store,
      streamId: 's',
      maxAttempts: 3,
      backoff: async () => {},
      decide: async (loaded) => {
        attempts++;
        // Someone else appends between our load and our append, every time.
        await store.append('s', [{ id: `other-${attempts}`, type: 't', data: 1 }], { expectedVersion: 'any' });
        return { entries: [{ id: `mine-${loaded.version}`, type: 't', data: 2 }], result: null };
      },
    }).catch((e: unknown) => e);
    expect(AisleError.isInstance(error, CoreErrorCode.STORE_RETRIES_EXHAUSTED)).toBe(true);
    expect(attempts).toBe(3);
    expect((await store.read('s')).entries.every((e) => e.id.startsWith('other-'))).toBe(true);
  });

  it('loads with one read: the snapshot with the entries after it, or a second read from a store without tails', async () => {
    for (const tails of [true, false]) {
      const store = createMemoryStreamStore();
      const calls: string[] = [];
      const counted: StreamStore = {
        ...store,
        read: (...args: Parameters<StreamStore['read']>) => {
          calls.push('read');
          return store.read(...args);
        },
        // A store that does not return `tail` (the option is optional for adapters).
        readSnapshot: (id, options) => {
          calls.push('readSnapshot');
          return tails ? store.readSnapshot(id, options) : store.readSnapshot(id);
        },
      };
      const step = (n: number, withSnapshot: boolean) =>
        decideAndRetry({
          store: counted,
          streamId: 's',
          decide: (loaded) => ({
            entries: [{ id: `e-${n}`, type: 't', data: n }],
            result: loaded,
            ...(withSnapshot ? { snapshot: { n } } : {}),
          }),
        });
      const first = await step(1, true);
      expect([calls, first.result.version, first.result.entries.length]).toEqual([['readSnapshot'], 0, 0]);
      const second = await step(2, false);
      expect([calls.length, second.result.version, second.result.snapshot]).toEqual([2, 1, { n: 1 }]);
      // The second append gave no snapshot: the third load needs the entry after it, read with
      // the snapshot when the store returns tails, else by a second read.
      const third = await step(3, true);
      expect(calls.slice(2)).toEqual(tails ? ['readSnapshot'] : ['readSnapshot', 'read']);
      expect(third.result.entries.map((e) => [e.id, e.data])).toEqual([['e-2', 2]]);
      expect([third.result.version, third.result.snapshotVersion, third.result.snapshot]).toEqual([2, 1, { n: 1 }]);
    }
  });

  it('writes nothing when the decision appends nothing, and passes other errors through', async () => {
    const store = createMemoryStreamStore();
    const outcome = await decideAndRetry({ store, streamId: 's', decide: () => ({ entries: [], result: 'denied' }) });
    expect(outcome).toEqual({ result: 'denied', append: undefined, attempts: 1 });
    await expect(
      decideAndRetry({ store, streamId: 's', decide: () => ({ entries: [{ id: 'a', type: 't', data: Number.NaN }], result: 1 }) }),
    ).rejects.toMatchObject({ code: CoreErrorCode.VALIDATION });
  });

  it('retries a transient failure', async () => {
    const inner = createMemoryStreamStore();
    let failures = 1;
    const flaky: StreamStore = {
      ...inner,
      append: async (streamId, entries, options) => {
        if (failures-- > 0) throw new AisleError(CoreErrorCode.STORE_TRANSIENT, 'deadlock detected');
        return inner.append(streamId, entries, options);
      },
    };
    const outcome = await decideAndRetry({
      store: flaky,
      streamId: 's',
      backoff: async () => {},
      decide: () => ({ entries: [{ id: 'a', type: 't', data: 1 }], result: 1 }),
    });
    expect(outcome.attempts).toBe(2);
  });

  it('reloads from the full stream when asked', async () => {
    const store = createMemoryStreamStore();
    await store.append('s', [{ id: 'a', type: 't', data: 1 }], { expectedVersion: 'no_stream', snapshot: { n: 1 } });
    const seen = await decideAndRetry({
      store,
      streamId: 's',
      load: 'full',
      decide: (s) => ({ entries: [], result: [s.entries.length, s.snapshot] }),
    });
    expect(seen.result).toEqual([1, undefined]);
    const fromSnapshot = await decideAndRetry({
      store,
      streamId: 's',
      decide: (s) => ({ entries: [], result: [s.entries.length, s.snapshot] }),
    });
    expect(fromSnapshot.result).toEqual([0, { n: 1 }]);
  });
});

describe('memory stream store, properties', () => {
  it('any sequence of appends across streams verifies, feeds each entry once, and checkpoints clean', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'constructor', '__proto__', 'c:1'), fc.integer({ min: 1, max: 3 })), { maxLength: 30 }),
        async (ops) => {
          const store = createMemoryStreamStore();
          let n = 0;
          for (const [streamId, count] of ops) {
            const entries = Array.from({ length: count }, () => ({ id: `e${n++}`, type: 't', data: { n } }));
            await store.append(streamId, entries, { expectedVersion: 'any' });
          }
          const feed = await store.feed({ limit: 1000 });
          expect(feed.entries.map((e) => e.id)).toEqual(Array.from({ length: n }, (_, i) => `e${i}`));
          const kept = await createCheckpoint(store);
          const report = await verifyStore(store, { checkpoint: kept, pageSize: 2 });
          expect(report).toMatchObject({ ok: true, entries: n, uncovered: [] });
          expect(report.streams).toBe(new Set(ops.map(([s]) => s)).size);
        },
      ),
    );
  });

  it('verifies one prefix of streams', async () => {
    const { store, raw } = createMemoryStreamStoreHarness();
    await store.append('consent:u1', [{ id: 'a', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    await store.append('member:m1', [{ id: 'a', type: 't', data: 1 }], { expectedVersion: 'no_stream' });
    await raw.editData('member:m1', 0, 2);
    expect((await verifyStore(store, { prefix: 'consent:' })).ok).toBe(true);
    expect((await verifyStore(store, { prefix: 'member:' })).problems).toMatchObject([{ kind: 'hash', streamId: 'member:m1' }]);
  });
});
