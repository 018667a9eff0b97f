import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFf1, type Ff1AesFactory } from '../src/index';
import { nodeAes } from '../src/node/index';

// NIST SP 800-38G samples 1-9 (FF1 examples from the NIST Computer Security Resource Center's
// "Examples with Intermediate Values" for FF1: AES-128 key 2B7E1516 28AED2A6 ABF71588 09CF4F3C,
// extended by EF4359D8 D580AA4F for AES-192 and by 7F036D6F 04FC6A94 for AES-256).
const KEY = Uint8Array.from([0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c]);
const KEY192 = Uint8Array.of(...KEY, 0xef, 0x43, 0x59, 0xd8, 0xd5, 0x80, 0xaa, 0x4f);
const KEY256 = Uint8Array.of(...KEY192, 0x7f, 0x03, 0x6d, 0x6f, 0x04, 0xfc, 0x6a, 0x94);
const T10 = Uint8Array.from([0x39, 0x38, 0x37, 0x36, 0x35, 0x34, 0x33, 0x32, 0x31, 0x30]);
const T36 = Uint8Array.from([0x37, 0x37, 0x37, 0x37, 0x70, 0x71, 0x72, 0x73, 0x37, 0x37, 0x37]);
const NONE = new Uint8Array(0);
const D = '0123456789';
const A = '0123456789abcdefghi';
const SAMPLES = [
  { key: KEY, radix: 10, tweak: NONE, pt: D, ct: '2433477484' },
  { key: KEY, radix: 10, tweak: T10, pt: D, ct: '6124200773' },
  { key: KEY, radix: 36, tweak: T36, pt: A, ct: 'a9tv40mll9kdu509eum' },
  { key: KEY192, radix: 10, tweak: NONE, pt: D, ct: '2830668132' },
  { key: KEY192, radix: 10, tweak: T10, pt: D, ct: '2496655549' },
  { key: KEY192, radix: 36, tweak: T36, pt: A, ct: 'xbj3kv35jrawxv32ysr' },
  { key: KEY256, radix: 10, tweak: NONE, pt: D, ct: '6657667009' },
  { key: KEY256, radix: 10, tweak: T10, pt: D, ct: '1001623463' },
  { key: KEY256, radix: 36, tweak: T36, pt: A, ct: 'xs8a0azh2avyalyzuwd' },
];

describe('FF1 on node:crypto AES (@aisle/deid/node)', () => {
  it('matches the NIST SP 800-38G samples, both ways', () => {
    for (const s of SAMPLES) {
      const ff1 = createFf1({ key: s.key, radix: s.radix, tweak: s.tweak, aes: nodeAes });
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

  it('encrypts one AES block per round once a length is set up (P and the tweak blocks are precomputed)', () => {
    let calls = 0;
    const counting: Ff1AesFactory = (key) => {
      const block = nodeAes(key);
      return (b) => {
        calls++;
        return block(b);
      };
    };
    // A 14-byte tweak: Q is two blocks, the first (tweak and zero pad) the same in every round.
    const ff1 = createFf1({ key: KEY, radix: 10, aes: counting });
    const reference = createFf1({ key: KEY, radix: 10 });
    expect(ff1.encrypt('13812345', 'customer.phone')).toBe(reference.encrypt('13812345', 'customer.phone'));
    calls = 0;
    const ct = ff1.encrypt('20261130', 'customer.phone');
    expect(calls).toBe(10);
    expect(ct).toBe(reference.encrypt('20261130', 'customer.phone'));
    expect(ff1.decrypt(ct, 'customer.phone')).toBe('20261130');
    expect(calls).toBe(20);
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
