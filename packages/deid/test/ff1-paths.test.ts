import { FF1 } from '@noble/ciphers/ff1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFf1 } from '../src/index';
import { SMALL_DOMAIN_LIMIT } from '../src/internal/ff1-core';
import { nodeAes } from '../src/node/index';

// The injected-AES engine has two arithmetic paths: doubles while radix^ceil(n/2) <= 2^44, BigInt
// above. Both are compared here with @noble/ciphers' FF1 called directly (the reference), on
// random keys, tweaks and radixes, at lengths on both sides of the hand-over and at the extreme
// numerals (all zero, all radix - 1), where the halves are largest.

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
/**
 * Every UTF-16 code unit once, low surrogates before high ones so that no two neighbours form a
 * pair (an alphabet is checked for distinct code points).
 */
const UNITS = (() => {
  const units: number[] = [];
  const add = (from: number, to: number) => {
    for (let c = from; c < to; c++) units.push(c);
  };
  add(0, 0xd800);
  add(0xe000, 0x10000);
  add(0xdc00, 0xe000);
  add(0xd800, 0xdc00);
  return units;
})();
/** radix distinct code units: the default alphabet up to 36, then the first `radix` of UNITS. */
const alphabets = new Map<number, string>();
const alphabetOf = (radix: number): string => {
  if (radix <= 36) return DIGITS.slice(0, radix);
  let out = alphabets.get(radix);
  if (out === undefined) {
    out = String.fromCharCode(...UNITS.slice(0, radix));
    alphabets.set(radix, out);
  }
  return out;
};

/** The largest half length v the number path takes at this radix (radix^v <= 2^44), in BigInt. */
const largestSmallHalf = (radix: number): number => {
  let v = 0;
  while (BigInt(radix) ** BigInt(v + 1) <= BigInt(SMALL_DOMAIN_LIMIT)) v++;
  return v;
};

const minLengthOf = (radix: number): number => {
  let m = 1;
  while (BigInt(radix) ** BigInt(m) < 1_000_000n) m++;
  return m;
};

const arbKey = fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
const arbRadix = fc.oneof(fc.integer({ min: 2, max: 36 }), fc.integer({ min: 37, max: 65_535 }), fc.constantFrom(2, 10, 16, 36, 65_535));
/** Digits for a numeral of `length`: random, all zero or all radix - 1. */
const arbDigits = (radix: number, length: number) =>
  fc.oneof(
    fc.array(fc.integer({ min: 0, max: radix - 1 }), { minLength: length, maxLength: length }),
    fc.constant(new Array<number>(length).fill(0)),
    fc.constant(new Array<number>(length).fill(radix - 1)),
  );

/** Checks one input against noble's FF1 used directly, both ways, with the call's tweak and the default. */
const agree = (key: Uint8Array, radix: number, tweak: Uint8Array, digits: number[]) => {
  const alphabet = alphabetOf(radix);
  const reference = FF1(radix, key, tweak);
  const native = createFf1({ key, radix, alphabet, aes: nodeAes });
  const value = digits.map((d) => alphabet[d]).join('');
  const expected = reference
    .encrypt(digits)
    .map((d) => alphabet[d])
    .join('');
  const ct = native.encrypt(value, tweak);
  expect(ct).toBe(expected);
  expect(native.decrypt(ct, tweak)).toBe(value);
  const back = reference.decrypt(digits);
  expect(native.decrypt(value, tweak)).toBe(back.map((d) => alphabet[d]).join(''));
};

describe('FF1 engine paths (number and BigInt) against @noble/ciphers FF1', () => {
  it('agrees at the lengths where the number path hands over to BigInt (property)', () => {
    // n = 2v and 2v - 1 have half length v (number path), 2v + 1 and 2v + 2 have v + 1 (BigInt).
    const arbCase = fc.tuple(arbRadix, fc.integer({ min: -2, max: 2 })).chain(([radix, offset]) => {
      const n = Math.max(minLengthOf(radix), 2 * largestSmallHalf(radix) + offset);
      return fc.record({ radix: fc.constant(radix), digits: arbDigits(radix, n) });
    });
    fc.assert(
      fc.property(arbKey, fc.uint8Array({ maxLength: 40 }), arbCase, (key, tweak, { radix, digits }) => agree(key, radix, tweak, digits)),
      { numRuns: 300 },
    );
  });

  it('agrees on random lengths up to 256 (property)', () => {
    fc.assert(
      fc.property(
        arbKey,
        fc.integer({ min: 2, max: 36 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: 0, max: 256 }),
        fc.nat(),
        (key, radix, tweak, want, seed) => {
          const n = Math.max(minLengthOf(radix), want);
          let s = seed;
          const digits = Array.from({ length: n }, () => {
            s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
            return s % radix;
          });
          agree(key, radix, tweak, digits);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('hands over where radix^ceil(n/2) passes 2^44 (radix 10: 26 digits by numbers, 27 by BigInt)', () => {
    expect(SMALL_DOMAIN_LIMIT).toBe(2 ** 44);
    expect(largestSmallHalf(10)).toBe(13);
    expect(largestSmallHalf(36)).toBe(8);
    expect(largestSmallHalf(65_535)).toBe(2);
    const key = Uint8Array.from({ length: 16 }, (_, i) => 255 - i);
    for (const n of [25, 26, 27, 28]) {
      agree(key, 10, new Uint8Array(0), new Array<number>(n).fill(9));
      agree(
        key,
        10,
        Uint8Array.of(1, 2, 3),
        Array.from({ length: n }, (_, i) => (i * 7) % 10),
      );
    }
  });
});
