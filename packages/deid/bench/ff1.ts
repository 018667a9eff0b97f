// FF1 through @aisle/deid (string in, string out, domain floor, per-field tweak cache) against
// calling @noble/ciphers' FF1 directly on pre-split digit arrays. Target: <= 15% overhead.
import { FF1 } from '@noble/ciphers/ff1.js';
import { record } from '../../../bench/lib';
import { createFf1 } from '../src/index';
import { compare } from './measure';

const N = 20_000;
const key = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const tweak = new TextEncoder().encode('customer.phone');
let seed = 7;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed;
};
const values = Array.from({ length: N }, () => String(next() % 100_000_000).padStart(8, '0'));
const digits = values.map((v) => Array.from(v, Number));

const direct = FF1(10, key, tweak);
const ours = createFf1({ key, radix: 10 });
for (let i = 0; i < 50; i++) {
  if (ours.encrypt(values[i] as string, 'customer.phone') !== direct.encrypt(digits[i] as number[]).join(''))
    throw new Error('outputs differ');
}

let sink = 0;
console.log(`FF1 radix 10, 8 digits, ${N.toLocaleString('en-US')} values (Node ${process.version})`);
const r = compare(
  N,
  {
    '@noble/ciphers FF1 directly (digit arrays)': () => {
      for (const d of digits) sink += direct.encrypt(d).length;
    },
    '@aisle/deid createFf1 (strings, per-call tweak)': () => {
      for (const v of values) sink += ours.encrypt(v, 'customer.phone').length;
    },
  },
  5,
);
const noble = r['@noble/ciphers FF1 directly (digit arrays)'] as number;
const pkg = r['@aisle/deid createFf1 (strings, per-call tweak)'] as number;
console.log(`overhead of @aisle/deid over noble: ${((noble / pkg - 1) * 100).toFixed(1)}% (target <= 15%)`);
record({
  bench: 'deid/ff1',
  subject: 'createFf1 (noble AES)',
  baseline: '@noble/ciphers FF1 directly',
  ratio: pkg / noble,
  size: N,
  rate: `${Math.round(pkg).toLocaleString('en-US')} /s`,
  target: '≥ 5× noble with native AES: no native path yet',
  met: false,
});
if (sink === 0) console.log('');
