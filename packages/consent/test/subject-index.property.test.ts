import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConsentState, replayConsentEvents } from '../src/index';
import { hashKey, SubjectIndex } from '../src/internal/subject-index';
import { event } from './fixtures';

const keys = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'psn_1', 'psn_10', '\u{1F600}', '\uD800'),
);

/** Adds every new key with the next number, as the state does, and checks every lookup against a Map. */
function agreesWithMap(index: SubjectIndex, adds: readonly string[], lookups: readonly string[]): void {
  const map = new Map<string, number>();
  for (const key of adds) {
    expect(index.get(key)).toBe(map.get(key));
    if (!map.has(key)) {
      map.set(key, map.size);
      index.add(key, map.size - 1);
    }
  }
  for (const key of [...adds, ...lookups]) expect(index.get(key)).toBe(map.get(key));
  // Equal strings that are different objects find the same entry.
  for (const key of adds) expect(index.get(key.split('').join(''))).toBe(map.get(key));
}

describe('SubjectIndex', () => {
  it('answers as a Map for any strings (hashed, random seed)', () => {
    fc.assert(
      fc.property(fc.array(keys, { maxLength: 200 }), fc.array(keys, { maxLength: 50 }), (adds, lookups) => {
        const index = new SubjectIndex();
        agreesWithMap(index, adds, lookups);
        expect(index.map).toBeUndefined();
      }),
    );
  });

  it('answers as a Map for any strings and seeds, across many growths', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 5000 }), fc.array(keys, { maxLength: 20 }), (seed, n, lookups) => {
        const adds = Array.from({ length: n }, (_, i) => `psn_${i}`);
        agreesWithMap(new SubjectIndex(seed), adds, lookups);
      }),
      { numRuns: 20 },
    );
  });

  it('is a Map without a random source', () => {
    const index = new SubjectIndex(null);
    expect(index.map).toBeDefined();
    agreesWithMap(index, ['__proto__', 'a', 'b', 'a'], ['c', 'constructor']);
  });

  it('moves to a Map when ids collide, and still answers as a Map (no quadratic blowup)', () => {
    // Ids whose hashes agree in the low 12 bits for this seed: every one probes past the last.
    const seed = 12_345;
    const colliding: string[] = [];
    const target = hashKey('x0', seed) & 0xfff;
    for (let i = 0; colliding.length < 200; i++) if ((hashKey(`x${i}`, seed) & 0xfff) === target) colliding.push(`x${i}`);
    const index = new SubjectIndex(seed);
    agreesWithMap(index, [...colliding, 'a', '__proto__'], ['b', 'x1']);
    expect(index.map).toBeDefined();
  });

  it('hashes to 30-bit non-negative integers that depend on the seed', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer(), (key, seed) => {
        const h = hashKey(key, seed);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 30).toBe(true);
      }),
    );
    const seeds = new Set(Array.from({ length: 16 }, (_, seed) => hashKey('psn_1', seed)));
    expect(seeds.size).toBeGreaterThan(12);
  });

  it('serves the state: every subject found by an equal string, absent ids (such as __proto__) not', () => {
    const at = Date.parse('2026-01-01T00:00:00Z');
    const events = Array.from({ length: 3000 }, (_, i) =>
      event({ subjectId: i === 7 ? '__proto__' : `psn_${i % 1000}`, at: new Date(at + i * 1000).toISOString() }),
    );
    const state = replayConsentEvents(events);
    expect(state.subjects.size).toBe(1001);
    expect(state.subject('psn_7')?.eventCount).toBe(2);
    expect(state.subject('__proto__')?.eventCount).toBe(1);
    expect(state.subject(['psn', '999'].join('_'))?.eventCount).toBe(3);
    expect(state.subject('constructor')).toBeUndefined();
    expect(createConsentState().subject('__proto__')).toBeUndefined();
  });
});
