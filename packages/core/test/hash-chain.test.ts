import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AisleError,
  appendEntry,
  assertChain,
  type ChainEntry,
  CoreErrorCode,
  createHashChain,
  GENESIS_HASH,
  hashEntry,
  type Json,
  verifyChain,
} from '../src/index';

function build(payloads: Json[]): ChainEntry[] {
  const out: ChainEntry[] = [];
  for (const payload of payloads) out.push(appendEntry(out[out.length - 1], payload));
  return out;
}

const payloads = fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 2, maxLength: 12 });

describe('hash chain', () => {
  it('links each entry to the previous hash, from the genesis hash', () => {
    const [a, b] = build([{ type: 'opened' }, { type: 'closed' }]);
    expect(a?.seq).toBe(0);
    expect(a?.prev).toBe(GENESIS_HASH);
    expect(b?.prev).toBe(a?.hash);
    expect(a?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the canonical JSON of { seq, prev, payload } with SHA-256 (known answer)', () => {
    // sha256('{"payload":{"a":1},"prev":"000…000","seq":0}'), computed independently with node:crypto.
    expect(hashEntry(0, GENESIS_HASH, { a: 1 })).toBe('a372056600ed0138f47b58b89be174cc89c65f9aa01881df00cfbdf8f40c8807');
  });

  it('verifies an untouched log and reports its head', () => {
    const entries = build([1, 'two', { three: [3] }]);
    expect(verifyChain(entries)).toEqual({ ok: true, length: 3, head: entries[2]?.hash });
    expect(verifyChain([])).toEqual({ ok: true, length: 0, head: GENESIS_HASH });
  });

  it('freezes payloads and copies them, so the caller cannot rewrite history', () => {
    const payload = { points: 100 };
    const entry = appendEntry(undefined, payload);
    payload.points = 1_000_000;
    expect(entry.payload).toEqual({ points: 100 });
    expect(Object.isFrozen(entry.payload)).toBe(true);
    expect(() => {
      (entry.payload as { points: number }).points = 5;
    }).toThrow(TypeError);
  });

  it('detects an edited payload at its index', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), fc.jsonValue({ maxDepth: 1 }), (list, at, replacement) => {
        const entries = build(list);
        const index = at % entries.length;
        const original = entries[index] as ChainEntry;
        fc.pre(JSON.stringify(original.payload) !== JSON.stringify(replacement));
        const tampered = [...entries];
        tampered[index] = { ...original, payload: replacement };
        const result = verifyChain(tampered);
        expect(result).toMatchObject({ ok: false, index, reason: 'hash' });
      }),
    );
  });

  it('detects a recomputed edit (new hash) as a broken link at the next entry', () => {
    const entries = build([1, 2, 3]);
    const forged = { seq: 1, prev: entries[0]?.hash ?? '', payload: 99, hash: hashEntry(1, entries[0]?.hash ?? '', 99) };
    expect(verifyChain([entries[0], forged, entries[2]])).toMatchObject({ ok: false, index: 2, reason: 'link' });
  });

  it('detects reordered, inserted and deleted entries', () => {
    fc.assert(
      fc.property(payloads, fc.nat(), fc.nat(), (list, i, j) => {
        const entries = build(list);
        const a = i % entries.length;
        const b = j % entries.length;
        if (a !== b) {
          const swapped = [...entries];
          [swapped[a], swapped[b]] = [swapped[b] as ChainEntry, swapped[a] as ChainEntry];
          expect(verifyChain(swapped)).toMatchObject({ ok: false, index: Math.min(a, b), reason: 'sequence' });
        }
        const deleted = entries.filter((_, k) => k !== a);
        if (a < entries.length - 1) expect(verifyChain(deleted)).toMatchObject({ ok: false, index: a, reason: 'sequence' });
        const inserted = [...entries];
        inserted.splice(a, 0, appendEntry(entries[a - 1], 'injected'));
        expect(verifyChain(inserted)).toMatchObject({ ok: false, index: a + 1 });
      }),
    );
  });

  it('detects truncation and a replaced tail only against an anchor', () => {
    const log = createHashChain();
    for (const n of [1, 2, 3]) log.append(n);
    const anchor = log.anchor();
    const truncated = log.entries.slice(0, 2);
    expect(verifyChain(truncated).ok).toBe(true);
    expect(verifyChain(truncated, anchor)).toMatchObject({ ok: false, index: 2, reason: 'truncated' });
    const rewritten = build([1, 2, 'other']);
    expect(verifyChain(rewritten, anchor)).toMatchObject({ ok: false, index: 2, reason: 'head' });
    expect(log.verify(anchor).ok).toBe(true);
    log.append(4);
    expect(log.verify(anchor).ok).toBe(true);
  });

  it('reports a malformed anchor instead of throwing', () => {
    const entries = build([1]);
    for (const anchor of [{ length: -1, head: 'x' }, { length: 1.5, head: 'x' }, { length: 1 }, null]) {
      expect(verifyChain(entries, anchor as never)).toMatchObject({ ok: false, index: 0, reason: 'malformed' });
    }
  });

  it('reports malformed input instead of throwing', () => {
    expect(verifyChain('nope' as never)).toMatchObject({ ok: false, index: 0, reason: 'malformed' });
    expect(verifyChain([null])).toMatchObject({ ok: false, index: 0, reason: 'malformed' });
    expect(verifyChain([{ seq: 0, prev: GENESIS_HASH, hash: 'x' }])).toMatchObject({ ok: false, reason: 'malformed' });
    expect(verifyChain([{ seq: 0, prev: GENESIS_HASH, hash: 'x', payload: Number.NaN }])).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('rejects an entry carrying a property the hash does not cover, as malformed', () => {
    const [first, second] = build([{ n: 1 }, { n: 2 }]) as [ChainEntry, ChainEntry];
    for (const extra of [
      { ...second, note: 'approved by the DPO' },
      { ...second, ['__proto__']: { payload: 'x' } },
      Object.defineProperty({ ...second }, 'hidden', { value: 1, enumerable: false }),
      Object.assign({ ...second }, { [Symbol('tag')]: 1 }),
    ]) {
      expect(verifyChain([first, extra])).toMatchObject({ ok: false, index: 1, reason: 'malformed' });
    }
    // Own __proto__ key (as JSON.parse produces it) is an extra property too.
    const parsed = JSON.parse(`{"__proto__":1,${JSON.stringify(first).slice(1)}`);
    expect(Object.keys(parsed)).toContain('__proto__');
    expect(verifyChain([parsed])).toMatchObject({ ok: false, index: 0, reason: 'malformed' });
    expect(() => createHashChain([first, { ...second, extra: true } as never])).toThrow(
      expect.objectContaining({ code: CoreErrorCode.CHAIN_BROKEN, details: { index: 1, reason: 'malformed' } }),
    );
  });

  it('rejects entries whose fields are inherited, getters, or that are not plain objects', () => {
    const [first] = build([{ n: 1 }]) as [ChainEntry];
    let reads = 0;
    const getter = {
      seq: 0,
      prev: first.prev,
      payload: first.payload,
      get hash() {
        reads++;
        return first.hash;
      },
    };
    class Entry {
      seq = first.seq;
      prev = first.prev;
      hash = first.hash;
      payload = first.payload;
    }
    for (const entry of [Object.create(first), getter, new Entry(), [first.seq, first.prev, first.hash, first.payload]]) {
      expect(verifyChain([entry])).toMatchObject({ ok: false, index: 0, reason: 'malformed' });
    }
    expect(reads).toBe(0);
    // A null-prototype copy is plain data and verifies.
    expect(verifyChain([Object.assign(Object.create(null), first)])).toMatchObject({ ok: true, length: 1 });
  });

  it('reports a payload nested too deeply as malformed, without a stack overflow', () => {
    let deep: Json = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(verifyChain([{ seq: 0, prev: GENESIS_HASH, hash: GENESIS_HASH, payload: deep }])).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(() => appendEntry(undefined, deep)).toThrow(expect.objectContaining({ code: CoreErrorCode.NOT_CANONICALIZABLE }));
  });

  it('assertChain throws CORE_CHAIN_BROKEN with the index and reason', () => {
    const entries = build([1, 2]);
    expect(() => assertChain(entries)).not.toThrow();
    try {
      assertChain([entries[1], entries[0]]);
      expect.unreachable();
    } catch (error) {
      expect(AisleError.isInstance(error, CoreErrorCode.CHAIN_BROKEN)).toBe(true);
      expect((error as AisleError).details).toEqual({ index: 0, reason: 'sequence' });
    }
  });

  it('continues a stored log after verifying it, and refuses a tampered one', () => {
    const stored = build([{ a: 1 }, { a: 2 }]);
    const log = createHashChain(stored);
    const next = log.append({ a: 3 });
    expect(next.seq).toBe(2);
    expect(next.prev).toBe(stored[1]?.hash);
    expect(log.length).toBe(3);
    expect(log.head).toBe(next.hash);
    const tampered = [stored[0] as ChainEntry, { ...(stored[1] as ChainEntry), payload: { a: 20 } }];
    expect(() => createHashChain(tampered)).toThrow(expect.objectContaining({ code: CoreErrorCode.CHAIN_BROKEN }));
  });

  it('refuses a payload that is not plain JSON, leaving the log unchanged', () => {
    const log = createHashChain();
    log.append({ ok: true });
    expect(() => log.append({ at: new Date() } as never)).toThrow(expect.objectContaining({ code: CoreErrorCode.NOT_CANONICALIZABLE }));
    expect(log.length).toBe(1);
    expect(log.verify().ok).toBe(true);
  });

  it('replaying the same payloads gives the same hashes (determinism)', () => {
    fc.assert(
      fc.property(payloads, (list) => {
        expect(build(list).map((e) => e.hash)).toEqual(build(list).map((e) => e.hash));
      }),
      { numRuns: 50 },
    );
  });
});
