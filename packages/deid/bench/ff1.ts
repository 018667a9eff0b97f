// FF1 through @aisle/deid (string in, string out, domain floor, per-field tweak cache) against
// calling @noble/ciphers' FF1 directly on pre-split digit arrays (target: <= 15% overhead), and
// the Node path (`aes: nodeAes` from @aisle/deid/node, OpenSSL's AES; issue 17 target: >= 5x noble).
import { FF1 } from '@noble/ciphers/ff1.js';
import { record } from '../../../bench/lib';
import { createFf1 } from '../src/index';
import { nodeAes } from '../src/node/index';
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
const native = createFf1({ key, radix: 10, aes: nodeAes });
for (let i = 0; i < 50; i++) {
  if (ours.encrypt(values[i] as string, 'customer.phone') !== direct.encrypt(digits[i] as number[]).join(''))
    throw new Error('outputs differ');
}
for (const v of values) {
  if (native.encrypt(v, 'customer.phone') !== ours.encrypt(v, 'customer.phone')) throw new Error('native and noble outputs differ');
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
    '@aisle/deid createFf1 + nodeAes (node:crypto AES)': () => {
      for (const v of values) sink += native.encrypt(v, 'customer.phone').length;
    },
  },
  5,
);
const noble = r['@noble/ciphers FF1 directly (digit arrays)'] as number;
const pkg = r['@aisle/deid createFf1 (strings, per-call tweak)'] as number;
console.log(`overhead of @aisle/deid over noble: ${((noble / pkg - 1) * 100).toFixed(1)}% (target <= 15%)`);
const fast = r['@aisle/deid createFf1 + nodeAes (node:crypto AES)'] as number;
console.log(`createFf1 + nodeAes / noble FF1: ${(fast / noble).toFixed(2)}x (target >= 5x)`);
record({
  bench: 'deid/ff1',
  subject: 'createFf1 + nodeAes (@aisle/deid/node)',
  baseline: '@noble/ciphers FF1 directly',
  ratio: fast / noble,
  size: N,
  rate: `${Math.round(fast).toLocaleString('en-US')} /s`,
  target: '≥ 5× noble',
  met: fast >= 5 * noble,
});
record({
  bench: 'deid/ff1',
  subject: 'createFf1 (default, noble AES)',
  baseline: '@noble/ciphers FF1 directly',
  ratio: pkg / noble,
  size: N,
  rate: `${Math.round(pkg).toLocaleString('en-US')} /s`,
});
if (sink === 0) console.log('');
