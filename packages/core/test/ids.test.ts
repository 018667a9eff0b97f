import { describe, expect, it } from 'vitest';
import { AisleError, CoreErrorCode, createManualClock, defineId } from '../src/index';

describe('branded ids', () => {
  const MemberId = defineId('mbr');

  it('generates well-formed, time-sortable ids', () => {
    const clock = createManualClock('2026-11-21T00:00:00Z');
    const a = MemberId.generate({ clock });
    clock.advance(1);
    const b = MemberId.generate({ clock });
    expect(a).toMatch(/^mbr_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(MemberId.is(a)).toBe(true);
    expect(a < b).toBe(true);
  });

  it('encodes the time in the first ten characters (known answer)', () => {
    const zeros = () => undefined;
    const id = MemberId.generate({ clock: createManualClock(0), random: zeros });
    expect(id).toBe('mbr_00000000000000000000000000');
    // The ULID specification's example: 1469918176385 ms encodes as 01ARYZ6S41.
    const max = MemberId.generate({ clock: createManualClock(1_469_918_176_385), random: (b) => b.fill(255) });
    expect(max).toBe('mbr_01ARYZ6S41ZZZZZZZZZZZZZZZZ');
  });

  it('uses the injected random source', () => {
    const clock = createManualClock(0);
    const a = MemberId.generate({ clock, random: (b) => b.fill(1) });
    const b = MemberId.generate({ clock, random: (b) => b.fill(2) });
    expect(a).not.toBe(b);
  });

  it('parses good ids and rejects others with CORE_INVALID_ID', () => {
    const id = MemberId.generate();
    expect(MemberId.parse(id)).toBe(id);
    for (const bad of [
      'ord_01JD3K8Q4X7W2M5N9P0R6S1T3V',
      'mbr_01JD3K8Q4X7W2M5N9P0R6S1T3',
      'mbr_01JD3K8Q4X7W2M5N9P0R6S1TIL',
      'mbr_81JD3K8Q4X7W2M5N9P0R6S1T3V',
      42,
      null,
    ]) {
      expect(MemberId.is(bad)).toBe(false);
      expect(() => MemberId.parse(bad)).toThrow(expect.objectContaining({ code: CoreErrorCode.INVALID_ID }));
    }
  });

  it('rejects bad prefixes as programmer errors', () => {
    expect(() => defineId('Member')).toThrow(TypeError);
    expect(() => defineId('')).toThrow(TypeError);
    expect(() => defineId('1x')).toThrow(TypeError);
  });

  it('fails clearly without a random source', () => {
    const original = globalThis.crypto;
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
    try {
      expect(() => MemberId.generate()).toThrow(expect.objectContaining({ code: CoreErrorCode.NO_RANDOM_SOURCE }));
    } finally {
      Object.defineProperty(globalThis, 'crypto', { value: original, configurable: true });
    }
    expect(AisleError.isInstance(new AisleError(CoreErrorCode.NO_RANDOM_SOURCE, 'x'))).toBe(true);
  });
});
