import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFf1, type Ff1AesFactory } from '../src/index';
import { nodeAes } from '../src/node/index';

// NIST SP 800-38G samples (FF1 examples from the NIST Computer Security Resource Center's
// "Examples with Intermediate Values" for FF1, AES-128 key 2B7E1516 28AED2A6 ABF71588 09CF4F3C).
const KEY = Uint8Array.from([0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c]);
const SAMPLES = [
  { radix: 10, tweak: new Uint8Array(0), pt: '0123456789', ct: '2433477484' },
  { radix: 10, tweak: Uint8Array.from([0x39, 0x38, 0x37, 0x36, 0x35, 0x34, 0x33, 0x32, 0x31, 0x30]), pt: '0123456789', ct: '6124200773' },
  {
    radix: 36,
    tweak: Uint8Array.from([0x37, 0x37, 0x37, 0x37, 0x70, 0x71, 0x72, 0x73, 0x37, 0x37, 0x37]),
    pt: '0123456789abcdefghi',
    ct: 'a9tv40mll9kdu509eum',
  },
];

describe('FF1 on node:crypto AES (@aisle/deid/node)', () => {
  it('matches the NIST SP 800-38G samples, both ways', () => {
    for (const s of SAMPLES) {
      const ff1 = createFf1({ key: KEY, radix: s.radix, tweak: s.tweak, aes: nodeAes });
      expect(ff1.encrypt(s.pt)).toBe(s.ct);
      expect(ff1.decrypt(s.ct)).toBe(s.pt);
    }
  });

  it('gives the same output as the default noble path on random keys, tweaks, radixes and lengths', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 24, 32).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.integer({ min: 2, max: 36 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 120 }),
        (key, radix, tweak, seeds) => {
          const noble = createFf1({ key, radix, tweak });
          const native = createFf1({ key, radix, tweak, aes: nodeAes });
          const length = Math.max(noble.minLength, seeds.length);
          const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
          let value = '';
          for (let i = 0; i < length; i++) value += alphabet[(seeds[i % seeds.length] as number) % radix];
          const ct = native.encrypt(value);
          expect(ct).toBe(noble.encrypt(value));
          expect(native.decrypt(ct)).toBe(value);
          expect(native.encrypt(value, 'other-field')).toBe(noble.encrypt(value, 'other-field'));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the domain floor and alphabet checks of the default path', () => {
    const ff1 = createFf1({ key: KEY, radix: 10, aes: nodeAes });
    expect(() => ff1.encrypt('12345')).toThrow(expect.objectContaining({ code: 'DEID_FF1_DOMAIN_TOO_SMALL' }));
    expect(() => ff1.encrypt('12345x7')).toThrow(expect.objectContaining({ code: 'DEID_INVALID_CHARACTER' }));
  });

  it('rejects a bad AES factory or key length up front', () => {
    expect(() => createFf1({ key: KEY, radix: 10, aes: 'openssl' as unknown as Ff1AesFactory })).toThrow(TypeError);
    expect(() => createFf1({ key: KEY, radix: 10, aes: (() => 42) as unknown as Ff1AesFactory })).toThrow(TypeError);
    expect(() => nodeAes(new Uint8Array(15))).toThrow(RangeError);
    expect(() => nodeAes(KEY)(new Uint8Array(8))).toThrow(RangeError);
  });
});
