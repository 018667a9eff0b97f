// Pseudonymising 11-digit CN mobiles: @aisle/deid against node:crypto createHmac (OpenSSL) on the
// same inputs with the same subkey, the baseline a Node engineer writes for one HMAC per value.
// Two backends: the default (noble HMAC-SHA256, keyed state cached; what browsers and
// mini-programs run) and `hmac: nodeHmacSha256` from @aisle/deid/node (two one-shot native
// SHA-256 calls over precomputed pad blocks). Target (issue 17): >= 1.0x createHmac.
import { createHmac, hkdfSync } from 'node:crypto';
import { record } from '../../../bench/lib';
import { createPseudonymizer } from '../src/index';
import { nodeHmacSha256 } from '../src/node/index';
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
const n = createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', bytes: 32, hmac: nodeHmacSha256 });
const text = (s: string) => new TextEncoder().encode(s);
const labels = ['acme', 'mobile', 'analytics', '1'].flatMap((l) => [0, l.length, ...text(l)]);
const subkey = Buffer.from(hkdfSync('sha256', key, text('aisle/deid/pseudonym/v1'), Uint8Array.from(labels), 32));

// Same outputs, so the comparison is like for like.
for (const m of mobiles.slice(0, 100)) {
  if (p.pseudonymizeCanonical('mobile', m) !== `p1_${createHmac('sha256', subkey).update(m).digest('base64url')}`) {
    throw new Error('outputs differ');
  }
}
for (const m of mobiles)
  if (n.pseudonymizeCanonical('mobile', m) !== p.pseudonymizeCanonical('mobile', m)) throw new Error('backends differ');

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
  '@aisle/deid pseudonymizeCanonical + nodeHmacSha256': () => {
    for (const m of mobiles) sink += n.pseudonymizeCanonical('mobile', m).length;
  },
  '@aisle/deid pseudonymize + nodeHmacSha256': () => {
    for (const m of mobiles) sink += n.pseudonymize('mobile', m).length;
  },
});
const native = r['node:crypto createHmac(sha256).digest(base64url)'] as number;
const canonical = r['@aisle/deid pseudonymizeCanonical (already 11 digits)'] as number;
const full = r['@aisle/deid pseudonymize (canonicalise + validate first)'] as number;
const fastCanonical = r['@aisle/deid pseudonymizeCanonical + nodeHmacSha256'] as number;
const fastFull = r['@aisle/deid pseudonymize + nodeHmacSha256'] as number;
console.log(`ratio pseudonymizeCanonical + nodeHmacSha256 / node:crypto: ${(fastCanonical / native).toFixed(2)}x (target >= 1.00x)`);
console.log(`ratio pseudonymize + nodeHmacSha256 (with canonicalisation) / node:crypto: ${(fastFull / native).toFixed(2)}x`);
console.log(`ratio pseudonymizeCanonical (default, noble) / node:crypto: ${(canonical / native).toFixed(2)}x`);
record({
  bench: 'deid/pseudonymize',
  subject: 'pseudonymizeCanonical + nodeHmacSha256 (@aisle/deid/node)',
  baseline: 'node:crypto createHmac',
  ratio: fastCanonical / native,
  size: N,
  rate: `${Math.round(fastCanonical).toLocaleString('en-US')} /s`,
  target: '≥ 1.0× createHmac',
  met: fastCanonical >= native,
});
record({
  bench: 'deid/pseudonymize',
  subject: 'pseudonymize + nodeHmacSha256 (canonicalise + validate)',
  baseline: 'node:crypto createHmac',
  ratio: fastFull / native,
  size: N,
  rate: `${Math.round(fastFull).toLocaleString('en-US')} /s`,
});
record({
  bench: 'deid/pseudonymize',
  subject: 'pseudonymizeCanonical (default, noble HMAC-SHA256)',
  baseline: 'node:crypto createHmac',
  ratio: canonical / native,
  size: N,
  rate: `${Math.round(canonical).toLocaleString('en-US')} /s`,
});
record({
  bench: 'deid/pseudonymize',
  subject: 'pseudonymize (default, canonicalise + validate)',
  baseline: 'node:crypto createHmac',
  ratio: full / native,
  size: N,
  rate: `${Math.round(full).toLocaleString('en-US')} /s`,
});
console.log(`ratio pseudonymize (default, with canonicalisation) / node:crypto: ${(full / native).toFixed(2)}x`);
if (sink === 0) console.log('');
