import { createHmac, hkdfSync } from 'node:crypto';
import { aessiv } from '@noble/ciphers/aes.js';
import { FF1 } from '@noble/ciphers/ff1.js';
import { bytesToHex, hexToBytes } from '@noble/ciphers/utils.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { createFf1, createPseudonymizer, parseResidentId, residentIdCheckDigit, scrub } from '../src/index';
import { GB2260_HISTORY } from '../src/regions/index';

const text = (s: string) => new TextEncoder().encode(s);
const K128 = '2B7E151628AED2A6ABF7158809CF4F3C';
const K192 = `${K128}EF4359D8D580AA4F`;
const K256 = `${K192}7F036D6F04FC6A94`;
const T10 = '39383736353433323130';
const T36 = '3737373770717273373737';

// NIST SP 800-38G, FF1-AES samples 1-9 (AES-128, -192, -256; radix 10 and 36).
const NIST_FF1 = [
  { sample: 1, key: K128, radix: 10, tweak: '', pt: '0123456789', ct: '2433477484' },
  { sample: 2, key: K128, radix: 10, tweak: T10, pt: '0123456789', ct: '6124200773' },
  { sample: 3, key: K128, radix: 36, tweak: T36, pt: '0123456789abcdefghi', ct: 'a9tv40mll9kdu509eum' },
  { sample: 4, key: K192, radix: 10, tweak: '', pt: '0123456789', ct: '2830668132' },
  { sample: 5, key: K192, radix: 10, tweak: T10, pt: '0123456789', ct: '2496655549' },
  { sample: 6, key: K192, radix: 36, tweak: T36, pt: '0123456789abcdefghi', ct: 'xbj3kv35jrawxv32ysr' },
  { sample: 7, key: K256, radix: 10, tweak: '', pt: '0123456789', ct: '6657667009' },
  { sample: 8, key: K256, radix: 10, tweak: T10, pt: '0123456789', ct: '1001623463' },
  { sample: 9, key: K256, radix: 36, tweak: T36, pt: '0123456789abcdefghi', ct: 'xs8a0azh2avyalyzuwd' },
];

describe('NIST SP 800-38G FF1-AES samples', () => {
  for (const v of NIST_FF1) {
    it(`sample ${v.sample}: through createFf1 and through noble directly`, () => {
      const key = hexToBytes(v.key);
      const tweak = hexToBytes(v.tweak);
      const ff1 = createFf1({ key, radix: v.radix, tweak });
      expect(ff1.encrypt(v.pt)).toBe(v.ct);
      expect(ff1.decrypt(v.ct)).toBe(v.pt);
      // The same tweak passed per call instead of as the default.
      expect(createFf1({ key, radix: v.radix }).encrypt(v.pt, tweak)).toBe(v.ct);
      const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
      const direct = FF1(v.radix, key, tweak).encrypt([...v.pt].map((c) => alphabet.indexOf(c)));
      expect(direct.map((d) => alphabet[d]).join('')).toBe(v.ct);
    });
  }
});

describe('RFC 5297 AES-SIV (the primitive behind createTokenizer)', () => {
  it('A.1 deterministic authenticated encryption', () => {
    const key = hexToBytes('fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    const ad = hexToBytes('101112131415161718191a1b1c1d1e1f2021222324252627');
    const pt = hexToBytes('112233445566778899aabbccddee');
    const out = aessiv(key, ad).encrypt(pt);
    expect(bytesToHex(out)).toBe('85632d07c6e8f37f950acd320a2ecc93' + '40c02b9690c4dc04daef7f6afe5c');
    expect(bytesToHex(aessiv(key, ad).decrypt(out))).toBe(bytesToHex(pt));
  });

  it('A.2 nonce-based authenticated encryption (nonce as the last AD component)', () => {
    const key = hexToBytes('7f7e7d7c7b7a797877767574737271704041424344454647' + '48494a4b4c4d4e4f');
    const ad1 = hexToBytes('00112233445566778899aabbccddeeffdeaddadadeaddadaffeeddccbbaa99887766554433221100');
    const ad2 = hexToBytes('102030405060708090a0');
    const nonce = hexToBytes('09f911029d74e35bd84156c5635688c0');
    const pt = hexToBytes('7468697320697320736f6d6520706c61696e7465787420746f20656e6372797074207573696e67205349562d414553');
    expect(bytesToHex(aessiv(key, ad1, ad2, nonce).encrypt(pt))).toBe(
      '7bdb6e3b432667eb06f4d14bff2fbd0f' + 'cb900f2fddbe404326601965c889bf17dba77ceb094fa663b7a3f748ba8af829ea64ad544a272e9c485b62a3fd5c0d',
    );
  });
});

describe('RFC 4231 HMAC-SHA-256 (the primitive behind createPseudonymizer)', () => {
  const aa131 = new Uint8Array(131).fill(0xaa);
  const cases = [
    { key: new Uint8Array(20).fill(0x0b), data: text('Hi There'), mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
    {
      key: text('Jefe'),
      data: text('what do ya want for nothing?'),
      mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    },
    {
      key: new Uint8Array(20).fill(0xaa),
      data: new Uint8Array(50).fill(0xdd),
      mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    },
    {
      key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
      data: new Uint8Array(50).fill(0xcd),
      mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    },
    { key: new Uint8Array(20).fill(0x0c), data: text('Test With Truncation'), mac: 'a3b6167473100ee06e0c796c2955552b', truncate: 16 },
    {
      key: aa131,
      data: text('Test Using Larger Than Block-Size Key - Hash Key First'),
      mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    },
    {
      key: aa131,
      data: text(
        'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    },
  ];
  cases.forEach((c, i) => {
    it(`test case ${i + 1}`, () => {
      expect(bytesToHex(hmac(sha256, c.key, c.data).slice(0, c.truncate ?? 32))).toBe(c.mac);
    });
  });

  it('pseudonyms equal node:crypto HMAC under the documented HKDF subkey (differential)', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const p = createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', keyVersion: 3, bytes: 32 });
    const labels = ['acme', 'mobile', 'analytics', '3'].flatMap((l) => [0, l.length, ...text(l)]);
    const subkey = new Uint8Array(hkdfSync('sha256', key, text('aisle/deid/pseudonym/v1'), Uint8Array.from(labels), 32));
    for (const mobile of ['13800138000', '19912345678', '15000000000']) {
      const mac = createHmac('sha256', subkey).update(mobile).digest('base64url');
      expect(p.pseudonymize('mobile', mobile)).toBe(`p3_${mac}`);
    }
  });
});

describe('GB 11643-1999 examples', () => {
  it('11010519491231002X: Beijing Chaoyang, born 1949-12-31, female, check character X', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(parseResidentId('11010519491231002X')).toMatchObject({
      valid: true,
      regionCode: '110105',
      province: '北京',
      birthDate: '1949-12-31',
      sex: 'female',
      kind: 'resident',
    });
  });

  it('440524188001010014: Guangdong Shantou, born 1880-01-01 (pre-1900), male', () => {
    expect(residentIdCheckDigit('44052418800101001')).toBe('4');
    expect(parseResidentId('440524188001010014')).toMatchObject({ valid: true, birthDate: '1880-01-01', sex: 'male', province: '广东' });
  });
});

// python-stdnum, tests/test_cn_ric.doctest (LGPL-2.1; the vectors are facts: number and verdict).
// https://github.com/arthurdejong/python-stdnum/blob/master/tests/test_cn_ric.doctest
// stdnum checks the county against the birth year, which is our regionCheck: 'birth-year'.
const STDNUM_CN_RIC = [
  { number: '360426199101010071', valid: true, birthDate: '1991-01-01' },
  { number: '44011320141005001x', valid: true, birthDate: '2014-10-05' },
  { number: '412723199010050012', valid: true },
  { number: '110102199101010078', valid: true },
  { number: '120110198012010073', valid: true }, // 东郊区, before it became 东丽区 in 1992
  { number: '120110199212010072', valid: true }, // 东丽区, same code
  { number: '990426199112010074', valid: false, problem: 'region' }, // unknown province
  { number: '110111198012010078', valid: false, problem: 'region', issued: true }, // 房山区 created 1986: too late for birth-year
  { number: '110201199312010077', valid: false, problem: 'region' }, // not a county code in use
  { number: '360426199113010079', valid: false, problem: 'birth-date' }, // month 13
  { number: '36042619910102009X', valid: false, problem: 'checksum' },
] as const;

describe('python-stdnum cn.ric vectors', () => {
  for (const v of STDNUM_CN_RIC) {
    it(`${v.number}: ${v.valid ? 'valid' : v.problem}`, () => {
      const strict = parseResidentId(v.number, { regions: GB2260_HISTORY, regionCheck: 'birth-year' });
      expect(strict.valid).toBe(v.valid);
      if (!v.valid) expect(strict.problem).toBe(v.problem);
      if ('birthDate' in v) expect(strict.birthDate).toBe(v.birthDate);
      // Under the default 'issued' rule a county created after the birth year is possible.
      const issued = parseResidentId(v.number, { regions: GB2260_HISTORY });
      expect(issued.valid).toBe('issued' in v ? true : v.valid);
    });
  }
  it('the month-13 number reports no birth date', () => {
    expect(parseResidentId('360426199113010079')).not.toHaveProperty('birthDate');
  });
});

// pii-manager (paulovn/pii-manager, Apache-2.0; BigScience data tooling),
// test/unit/lang/zh/cn/test_govid.py: resident ids in text, replaced or left alone.
const PII_MANAGER_ZH_GOVID = [
  ['公民身份号码 360426199101010071', '公民身份号码 [RESIDENT-ID]'], // valid
  ['公民身份号码 360426199101010072', '公民身份号码 360426199101010072'], // bad check digit
  ['公民身份号码 3604261991010100717', '公民身份号码 3604261991010100717'], // one digit too many
] as const;

describe('pii-manager zh/CN GOV_ID vectors', () => {
  for (const [text, expected] of PII_MANAGER_ZH_GOVID) {
    it(text, () => expect(scrub(text)).toBe(expected));
  }
});
