import { createEntropyPool } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBiometricReferencer, createMemoryKeyStore, createShredder, DeidErrorCode } from '../src/index';

const kek = Uint8Array.from({ length: 32 }, (_, i) => i + 100);

describe('createShredder (crypto-shredding)', () => {
  it('after shred(subject) that subject is unreadable while others still decrypt', async () => {
    const store = createMemoryKeyStore();
    const shredder = createShredder({ kek, store });
    const aliceA = await shredder.encrypt('alice', '上海市静安区南京西路1601号');
    const aliceB = await shredder.encrypt('alice', new Uint8Array([1, 2, 3]));
    const bob = await shredder.encrypt('bob', '13800138000');
    expect(store.size).toBe(2);
    expect(await shredder.decryptText('alice', aliceA)).toBe('上海市静安区南京西路1601号');

    expect(await shredder.shred('alice')).toBe(true);
    expect(await shredder.shred('alice')).toBe(false);
    for (const sealed of [aliceA, aliceB]) {
      await expect(shredder.decrypt('alice', sealed)).rejects.toMatchObject({ code: DeidErrorCode.SUBJECT_SHREDDED });
    }
    expect(await shredder.decryptText('bob', bob)).toBe('13800138000');

    // A new key for a returning subject never opens the old ciphertext.
    await shredder.encrypt('alice', 'new data');
    await expect(shredder.decrypt('alice', aliceA)).rejects.toMatchObject({ code: DeidErrorCode.CIPHERTEXT_INVALID });
  });

  it('holds for any set of subjects and any shredded subset (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        async (subjects, shredMask) => {
          const shredder = createShredder({ kek, store: createMemoryKeyStore() });
          const sealed = await Promise.all(subjects.map(async (s) => [s, await shredder.encrypt(s, `data of ${s}`)] as const));
          for (const [i, s] of subjects.entries()) if (shredMask[i]) await shredder.shred(s);
          for (const [i, [s, c]] of sealed.entries()) {
            if (shredMask[i]) await expect(shredder.decrypt(s, c)).rejects.toMatchObject({ code: DeidErrorCode.SUBJECT_SHREDDED });
            else expect(await shredder.decryptText(s, c)).toBe(`data of ${s}`);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('rejects tampering, cross-subject use, a wrong KEK and bad keys', async () => {
    const store = createMemoryKeyStore();
    const shredder = createShredder({ kek, store });
    const sealed = await shredder.encrypt('alice', 'secret');
    await shredder.encrypt('bob', 'x');
    const tampered = Uint8Array.from(sealed);
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
    await expect(shredder.decrypt('alice', tampered)).rejects.toMatchObject({ code: DeidErrorCode.CIPHERTEXT_INVALID });
    await expect(shredder.decrypt('bob', sealed)).rejects.toMatchObject({ code: DeidErrorCode.CIPHERTEXT_INVALID });
    await expect(shredder.decrypt('alice', new Uint8Array(10))).rejects.toMatchObject({ code: DeidErrorCode.CIPHERTEXT_INVALID });
    const otherKek = createShredder({ kek: new Uint8Array(32), store });
    await expect(otherKek.decrypt('alice', sealed)).rejects.toMatchObject({ code: DeidErrorCode.CIPHERTEXT_INVALID });
    expect(() => createShredder({ kek: new Uint8Array(16), store })).toThrow(expect.objectContaining({ code: DeidErrorCode.INVALID_KEY }));
    await expect(shredder.encrypt('', 'x')).rejects.toMatchObject({ code: DeidErrorCode.EMPTY_VALUE });
  });

  it('uses an injected random source', async () => {
    let n = 0;
    const random = (bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i++) bytes[i] = n++ & 255;
    };
    const a = createShredder({ kek, store: createMemoryKeyStore(), random });
    const sealed = await a.encrypt('s', 'x');
    expect(sealed[0]).toBe(1);
    expect(Array.from(sealed.slice(1, 5))).toEqual([56, 57, 58, 59]); // after the 32-byte key and 24-byte wrap nonce
  });

  it('refuses a random source of the old (length) => Uint8Array shape instead of using zero keys', async () => {
    const old = ((length: number) => new Uint8Array(length).fill(7)) as unknown as (bytes: Uint8Array) => void;
    const a = createShredder({ kek, store: createMemoryKeyStore(), random: old });
    await expect(a.encrypt('s', 'x')).rejects.toThrow(/fills the Uint8Array it is given/);
    const zero = createShredder({ kek, store: createMemoryKeyStore(), random: () => undefined });
    await expect(zero.encrypt('s', 'x')).rejects.toThrow(/zero bytes/);
  });

  it('draws from an entropy pool filled by an asynchronous source', async () => {
    const pool = createEntropyPool({ source: async (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)), size: 256 });
    await pool.refill();
    const a = createShredder({ kek, store: createMemoryKeyStore(), random: pool.random });
    const sealed = await a.encrypt('s', '上海');
    expect(await a.decryptText('s', sealed)).toBe('上海');
    expect(pool.available).toBe(256 - 32 - 24 - 24);
  });
});

describe('createBiometricReferencer', () => {
  it('stores keyed digests for exact matches only', () => {
    const refs = createBiometricReferencer({ key: new Uint8Array(32).fill(4), tenant: 'acme' });
    const template = Uint8Array.from({ length: 512 }, (_, i) => i % 251);
    const ref = refs.reference(template);
    expect(ref).toMatch(/^b1_[A-Za-z0-9_-]{43}$/);
    expect(refs.matches(template, ref)).toBe(true);
    const nearly = Uint8Array.from(template);
    nearly[0] = (nearly[0] ?? 0) ^ 1;
    expect(refs.matches(nearly, ref)).toBe(false);
    expect(refs.matches(template, 'x')).toBe(false);
    expect(createBiometricReferencer({ key: new Uint8Array(32).fill(4), tenant: 'other' }).reference(template)).not.toBe(ref);
    expect(() => refs.reference(new Uint8Array(0))).toThrow(expect.objectContaining({ code: DeidErrorCode.EMPTY_VALUE }));
    expect(() => refs.reference(new Uint8Array((1 << 20) + 1))).toThrow(expect.objectContaining({ code: DeidErrorCode.VALUE_TOO_LONG }));
    expect(() => refs.reference('x' as unknown as Uint8Array)).toThrow(TypeError);
  });
});
