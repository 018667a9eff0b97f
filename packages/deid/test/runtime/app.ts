// The de-identification a mini-program (or any JS engine without TextEncoder, crypto or Intl
// zones) does: the runtime tests bundle this file and run it in a bare realm and in headless
// Chromium. Only `wx.getRandomValues` is injected.
import { createEntropyPool } from '@aisle/core';
import {
  createDeidentifier,
  createMemoryKeyStore,
  createPseudonymizer,
  createShredder,
  createTokenizer,
  detectPii,
  mask,
  parseCsv,
  scrub,
} from '../../src/index';

interface Wx {
  getRandomValues(options: { length: number }): Promise<{ randomValues: ArrayBuffer }>;
}

/** UTF-8 bytes written out by hand: the bare realm has no TextEncoder, and the test must not lean on core's. */
function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Fixed keys, so the host can check the pseudonyms and tokens byte for byte. */
const MASTER = /* @__PURE__ */ new Uint8Array(32).fill(7);
const TOKEN_KEY = /* @__PURE__ */ new Uint8Array(64).fill(3);
const NOTE = '会员张伟来电：请致电 138 0013 8000，寄到上海市浦东新区张江路100号3栋201室，邮箱 zhang.wei@example.cn';

/** The parts of the work whose results do not depend on randomness (compared with the host's). */
export async function deterministic() {
  const pseudonymizer = createPseudonymizer({ key: MASTER, tenant: 'acme', purpose: 'analytics' });
  const tokenizer = createTokenizer({
    vault: { getKey: (id) => (id === 'k1' ? TOKEN_KEY : undefined) },
    keyId: 'k1',
    audit: () => undefined,
  });
  const token = await tokenizer.tokenize('张伟', { kind: 'name', field: 'name' });
  // CSV bytes cut inside a multi-byte character: the streaming UTF-8 decoder joins them.
  const csv = utf8Bytes('姓名,手机,年龄,备注\n李雷,+86 139 1234 5678,34,无\n');
  const deid = createDeidentifier({
    policy: {
      fields: {
        手机: { action: 'pseudonymize', kind: 'mobile' },
        年龄: { action: 'generalize', rule: { kind: 'age-band' } },
        备注: { action: 'scrub' },
      },
    },
    pseudonymizer,
  });
  const rows: unknown[] = [];
  for await (const row of deid.stream(parseCsv([csv.subarray(0, 8), csv.subarray(8, 23), csv.subarray(23)]))) rows.push(row);
  return {
    mobile: pseudonymizer.pseudonymize('mobile', '+86 138 0013 8000'),
    name: pseudonymizer.pseudonymize('name', '张伟'),
    scrubbed: scrub(NOTE),
    kinds: detectPii(NOTE).map((s) => s.kind),
    masked: [mask('mobile', '13800138000'), mask('name', '欧阳娜娜')],
    token,
    detokenized: await tokenizer.detokenize(token, { kind: 'name', field: 'name', actor: 'S-014', reason: 'ticket 42' }),
    rows,
  };
}

export async function run(wx: Wx) {
  const pool = createEntropyPool({ source: (length) => wx.getRandomValues({ length }).then((r) => r.randomValues), size: 512 });
  await pool.refill();
  // Crypto-shredding draws its data keys and nonces from the pool.
  const shredder = createShredder({ kek: MASTER, store: createMemoryKeyStore(), random: pool.random });
  const sealed = await shredder.sealText('psn_7f3c', '上海市静安区南京西路1601号');
  const opened = await shredder.openText('psn_7f3c', sealed);
  await shredder.shred('psn_7f3c');
  let afterShred = '';
  try {
    await shredder.openText('psn_7f3c', sealed);
  } catch (error) {
    afterShred = (error as { code?: string }).code ?? String(error);
  }
  return { ...(await deterministic()), opened, afterShred, poolLeft: pool.available };
}
