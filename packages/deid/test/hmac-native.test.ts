import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDateShifter, createDeidentifier, createPseudonymizer, type HmacSha256Factory } from '../src/index';
import { nodeHmacSha256 } from '../src/node/index';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const mac = (factory: HmacSha256Factory, key: Uint8Array, message: string) => hex(factory(key)(message, new Uint8Array(32)));

// RFC 4231 (HMAC-SHA-256 column) test cases whose data is text; cases 3 and 4 hash bytes that are
// not UTF-8 (0xdd, 0xcd), which a text API cannot be given. Case 5 compares the first 128 bits.
const RFC4231 = [
  { case: 1, key: '0b'.repeat(20), data: 'Hi There', mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
  {
    case: 2,
    key: hex(Buffer.from('Jefe')),
    data: 'what do ya want for nothing?',
    mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  { case: 5, key: '0c'.repeat(20), data: 'Test With Truncation', mac: 'a3b6167473100ee06e0c796c2955552b' },
  {
    case: 6,
    key: 'aa'.repeat(131),
    data: 'Test Using Larger Than Block-Size Key - Hash Key First',
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    case: 7,
    key: 'aa'.repeat(131),
    data: 'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

/** Any UTF-16 text, fast to generate: random code units (lone surrogates included) and some pairs. */
const text = (maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
        fc.constantFrom('😀', '张伟', 'é'),
      ),
      { maxLength },
    )
    .map((units) => units.join(''));

const viaCreateHmac: HmacSha256Factory = (key) => (message, out) => {
  out.set(createHmac('sha256', key).update(message, 'utf8').digest());
  return out;
};

describe('nodeHmacSha256 (@aisle/deid/node): HMAC-SHA256 as two one-shot native hashes', () => {
  it('matches the RFC 4231 test vectors', () => {
    for (const v of RFC4231) {
      expect(mac(nodeHmacSha256, fromHex(v.key), v.data).slice(0, v.mac.length), `case ${v.case}`).toBe(v.mac);
    }
  });

  it('equals createHmac on random keys and text (any length, non-ASCII, lone surrogates), call after call', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.oneof(text(200), fc.string({ maxLength: 60 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (key, messages) => {
          const keyed = nodeHmacSha256(key);
          const out = new Uint8Array(32);
          for (const m of messages) {
            expect(hex(keyed(m, out))).toBe(createHmac('sha256', key).update(m, 'utf8').digest('hex'));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('grows its message buffer for long text and keeps working for short text afterwards', () => {
    const key = new Uint8Array(32).fill(3);
    const keyed = nodeHmacSha256(key);
    const out = new Uint8Array(32);
    for (const m of ['13800138000', '长'.repeat(5000), 'x'.repeat(20_000), '13800138000', '']) {
      expect(hex(keyed(m, out))).toBe(createHmac('sha256', key).update(m, 'utf8').digest('hex'));
    }
  });

  it('does not keep the caller key: changing it afterwards changes nothing', () => {
    const key = new Uint8Array(32).fill(9);
    const keyed = nodeHmacSha256(key);
    const before = hex(keyed('M-001', new Uint8Array(32)));
    key.fill(0);
    expect(hex(keyed('M-001', new Uint8Array(32)))).toBe(before);
  });

  it('rejects a key that is not a Uint8Array', () => {
    expect(() => nodeHmacSha256('secret' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('the hmac option: every backend gives the same pseudonyms and date shifts', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i * 5);

  it('pseudonymises exactly as the default noble path (differential, random kinds, values and sizes)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('mobile', 'email', 'member-id', 'name', 'note'),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
        fc.integer({ min: 16, max: 32 }),
        fc.constantFrom(32, 64),
        (kind, value, bytes, keyLength) => {
          const master = Uint8Array.from({ length: keyLength }, (_, i) => (i * 31 + bytes) & 255);
          const base = { key: master, tenant: 'acme', purpose: 'analytics', bytes, onInvalid: 'accept' as const };
          const noble = createPseudonymizer(base);
          const native = createPseudonymizer({ ...base, hmac: nodeHmacSha256 });
          if (value.trim() === '') return;
          expect(native.pseudonymizeCanonical(kind, value)).toBe(noble.pseudonymizeCanonical(kind, value));
          expect(native.pseudonymize(kind, value)).toBe(noble.pseudonymize(kind, value));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with a createHmac-backed and the default pseudonymiser on the same mobiles', () => {
    const native = createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', hmac: nodeHmacSha256 });
    const noble = createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics' });
    const viaNode = createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', hmac: viaCreateHmac });
    for (const m of ['13800138000', '13912345678']) {
      expect(native.pseudonymize('mobile', m)).toBe(noble.pseudonymize('mobile', m));
      expect(viaNode.pseudonymize('mobile', m)).toBe(noble.pseudonymize('mobile', m));
    }
  });

  it('shifts dates exactly as the default path', () => {
    const noble = createDateShifter({ key, maxDays: 45 });
    const native = createDateShifter({ key, maxDays: 45, hmac: nodeHmacSha256 });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (subject) => {
        if (subject.trim() === '') return;
        expect(native.offsetDays(subject)).toBe(noble.offsetDays(subject));
      }),
      { numRuns: 200 },
    );
    expect(native.shift('M-7', '2026-11-30')).toBe(noble.shift('M-7', '2026-11-30'));
  });

  it('gives a policy the same output with either backend', () => {
    const policy = {
      fields: {
        phone: { action: 'pseudonymize', kind: 'mobile' },
        visit: { action: 'shift-date', subjectField: 'id' },
        id: { action: 'keep' },
      },
    } as const;
    const make = (hmac?: HmacSha256Factory) =>
      createDeidentifier({
        policy,
        pseudonymizer: createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', ...(hmac ? { hmac } : {}) }),
        dateShifter: createDateShifter({ key, ...(hmac ? { hmac } : {}) }),
      });
    const record = { phone: '+86 138 0013 8000', visit: '2026-11-01', id: 'M-1' };
    expect(make(nodeHmacSha256).apply(record)).toEqual(make().apply(record));
  });

  it('refuses a backend that differs from noble (not HMAC, or not over UTF-8), or is not a factory', () => {
    const plainSha: HmacSha256Factory = () => (message, out) => {
      out.set(createHash('sha256').update(message).digest());
      return out;
    };
    const latin1: HmacSha256Factory = (k) => (message, out) => {
      out.set(createHmac('sha256', k).update(message, 'latin1').digest());
      return out;
    };
    for (const hmac of [plainSha, latin1]) {
      expect(() => createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', hmac })).toThrow(TypeError);
      expect(() => createDateShifter({ key, hmac })).toThrow(TypeError);
    }
    expect(() =>
      createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', hmac: 'openssl' as unknown as HmacSha256Factory }),
    ).toThrow(TypeError);
    expect(() =>
      createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', hmac: (() => 42) as unknown as HmacSha256Factory }),
    ).toThrow(TypeError);
  });
});
