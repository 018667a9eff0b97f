// Pseudonymising 11-digit CN mobiles: @aisle/deid (noble HMAC-SHA256, keyed state cached) against
// node:crypto createHmac (OpenSSL) on the same inputs with the same subkey. Target (issue 17): >= 1.0x.
import { createHmac, hkdfSync } from 'node:crypto';
import { record } from '../../../bench/lib';
import { createPseudonymizer } from '../src/index';
import { compare } from './measure';

const N = 200_000;
const key = Uint8Array.from({ length: 32 }, (_, i) => i * 11);
const prefixes = ['138', '139', '150', '186', '177', '199'];
let seed = 42;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed;
};
const mobiles = Array.from({ length: N }, () => `${prefixes[next() % prefixes.length]}${String(next() % 100_000_000).padStart(8, '0')}`);

const p = createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', bytes: 32 });
const text = (s: string) => new TextEncoder().encode(s);
const labels = ['acme', 'mobile', 'analytics', '1'].flatMap((l) => [0, l.length, ...text(l)]);
const subkey = Buffer.from(hkdfSync('sha256', key, text('aisle/deid/pseudonym/v1'), Uint8Array.from(labels), 32));

// Same outputs, so the comparison is like for like.
for (const m of mobiles.slice(0, 100)) {
  if (p.pseudonymizeCanonical('mobile', m) !== `p1_${createHmac('sha256', subkey).update(m).digest('base64url')}`) {
    throw new Error('outputs differ');
  }
}

let sink = 0;
console.log(`Pseudonymising ${N.toLocaleString('en-US')} 11-digit mobiles (Node ${process.version})`);
const r = compare(N, {
  'node:crypto createHmac(sha256).digest(base64url)': () => {
    for (const m of mobiles) sink += createHmac('sha256', subkey).update(m).digest('base64url').length;
  },
  '@aisle/deid pseudonymizeCanonical (already 11 digits)': () => {
    for (const m of mobiles) sink += p.pseudonymizeCanonical('mobile', m).length;
  },
  '@aisle/deid pseudonymize (canonicalise + validate first)': () => {
    for (const m of mobiles) sink += p.pseudonymize('mobile', m).length;
  },
});
const native = r['node:crypto createHmac(sha256).digest(base64url)'] as number;
const canonical = r['@aisle/deid pseudonymizeCanonical (already 11 digits)'] as number;
const full = r['@aisle/deid pseudonymize (canonicalise + validate first)'] as number;
console.log(`ratio pseudonymizeCanonical / node:crypto: ${(canonical / native).toFixed(2)}x (target >= 1.00x)`);
record({
  bench: 'deid/pseudonymize',
  subject: 'pseudonymizeCanonical (noble HMAC-SHA256)',
  baseline: 'node:crypto createHmac',
  ratio: canonical / native,
  size: N,
  rate: `${Math.round(canonical).toLocaleString('en-US')} /s`,
  target: '≥ 1.0× createHmac',
  met: canonical >= native,
});
record({
  bench: 'deid/pseudonymize',
  subject: 'pseudonymize (canonicalise + validate)',
  baseline: 'node:crypto createHmac',
  ratio: full / native,
  size: N,
  rate: `${Math.round(full).toLocaleString('en-US')} /s`,
});
console.log(`ratio pseudonymize (with canonicalisation) / node:crypto: ${(full / native).toFixed(2)}x`);
if (sink === 0) console.log('');
