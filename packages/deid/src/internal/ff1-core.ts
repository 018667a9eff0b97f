// FF1 (NIST SP 800-38G Rev. 1, Algorithm 7 and 8) over digit arrays, on an injected AES block
// function, so a Node entry can hand it OpenSSL's AES while browsers and mini-programs keep
// @noble/ciphers. The round function's CBC-MAC starts from the constant block P, whose
// encryption is computed once per key and tweak.

/** Encrypts one 16-byte block with the FF1 key (AES-ECB, no padding) and returns 16 bytes. */
export type AesBlock = (block: Uint8Array) => Uint8Array;

export interface Ff1Engine {
  encrypt(x: readonly number[]): number[];
  decrypt(x: readonly number[]): number[];
}

const bitLength = (n: bigint): number => n.toString(2).length;

/** An FF1 engine for one radix and tweak over `aes` (the key is inside `aes`). */
export function ff1Engine(radix: number, tweak: Uint8Array, aes: AesBlock): Ff1Engine {
  const R = BigInt(radix);
  const t = tweak.length;
  const pow = new Map<number, bigint>();
  const radixPow = (m: number): bigint => {
    let p = pow.get(m);
    if (p === undefined) {
      p = R ** BigInt(m);
      pow.set(m, p);
    }
    return p;
  };
  // Per input length n: P's encryption and the sizes b and d.
  const perLength = new Map<number, { cp: Uint8Array; b: number; d: number; pad: number; small: boolean }>();
  const setup = (n: number) => {
    let s = perLength.get(n);
    if (s === undefined) {
      const u = n >> 1;
      const v = n - u;
      const b = Math.ceil(bitLength(radixPow(v) - 1n) / 8);
      const d = 4 * Math.ceil(b / 4) + 4;
      const P = Uint8Array.of(1, 2, 1, (radix >>> 16) & 255, (radix >>> 8) & 255, radix & 255, 10, u & 255, 0, 0, 0, 0, 0, 0, 0, 0);
      new DataView(P.buffer).setUint32(8, n);
      new DataView(P.buffer).setUint32(12, t);
      // Numbers are exact for y mod radix^m while radix^v * 256 stays below 2^53.
      const small = radixPow(v) <= 2n ** 44n;
      s = { cp: aes(P).slice(), b, d, pad: (((-t - b - 1) % 16) + 16) % 16, small };
      perLength.set(n, s);
    }
    return s;
  };
  const num = (x: readonly number[], from: number, to: number): bigint => {
    let r = 0n;
    for (let i = from; i < to; i++) r = r * R + BigInt(x[i] as number);
    return r;
  };
  const str = (c: bigint, m: number, out: number[], at: number) => {
    for (let i = m - 1; i >= 0; i--) {
      out[at + i] = Number(c % R);
      c /= R;
    }
  };
  // S for round i (the first d bytes of R || CIPH(R xor [1]) || ...), into `sBytes`, where Q
  // carries the other half's numeral as b bytes (already written into `q` by the caller).
  let q = new Uint8Array(32);
  let sBytes = new Uint8Array(32);
  const x = new Uint8Array(16);
  const roundS = (st: ReturnType<typeof setup>, i: number): Uint8Array => {
    const { cp, d, pad } = st;
    const qLen = t + pad + 1 + st.b;
    q[t + pad] = i;
    // CBC-MAC over Q, starting from E(P).
    let r: Uint8Array = cp;
    for (let off = 0; off < qLen; off += 16) {
      for (let k = 0; k < 16; k++) x[k] = (r[k] as number) ^ (q[off + k] as number);
      r = aes(x);
    }
    for (let k = 0; k < 16 && k < d; k++) sBytes[k] = r[k] as number;
    for (let j = 1; j * 16 < d; j++) {
      for (let k = 0; k < 12; k++) x[k] = sBytes[k] as number;
      const jv =
        (((sBytes[12] as number) << 24) | ((sBytes[13] as number) << 16) | ((sBytes[14] as number) << 8) | (sBytes[15] as number)) ^ j;
      x[12] = (jv >>> 24) & 255;
      x[13] = (jv >>> 16) & 255;
      x[14] = (jv >>> 8) & 255;
      x[15] = jv & 255;
      const e = aes(x);
      for (let k = 0; k < 16 && j * 16 + k < d; k++) sBytes[j * 16 + k] = e[k] as number;
    }
    return sBytes;
  };
  const prepareQ = (st: ReturnType<typeof setup>) => {
    const qLen = t + st.pad + 1 + st.b;
    if (q.length < qLen + 16) q = new Uint8Array(qLen + 16);
    if (sBytes.length < st.d) sBytes = new Uint8Array(st.d + 16);
    q.fill(0, 0, qLen);
    q.set(tweak, 0);
    return qLen;
  };
  const writeBig = (qLen: number, stop: number, half: bigint) => {
    let h = half;
    for (let k = qLen - 1; k > stop; k--) {
      q[k] = Number(h & 255n);
      h >>= 8n;
    }
  };
  const writeNumber = (qLen: number, stop: number, half: number) => {
    let h = half;
    for (let k = qLen - 1; k > stop; k--) {
      q[k] = h % 256;
      h = Math.floor(h / 256);
    }
  };
  const bigY = (sb: Uint8Array, d: number): bigint => {
    let y = 0n;
    for (let k = 0; k < d; k++) y = (y << 8n) | BigInt(sb[k] as number);
    return y;
  };
  // y mod M with Numbers: exact while M * 256 stays below 2^53.
  const smallY = (sb: Uint8Array, d: number, mod: number): number => {
    let y = 0;
    for (let k = 0; k < d; k++) y = (y * 256 + (sb[k] as number)) % mod;
    return y;
  };
  const numN = (xs: readonly number[], from: number, to: number): number => {
    let r = 0;
    for (let i = from; i < to; i++) r = r * radix + (xs[i] as number);
    return r;
  };
  const strN = (c: number, m: number, out: number[], at: number) => {
    for (let i = m - 1; i >= 0; i--) {
      out[at + i] = c % radix;
      c = Math.floor(c / radix);
    }
  };
  const cipher = (xs: readonly number[], decrypting: boolean): number[] => {
    const n = xs.length;
    const u = n >> 1;
    const v = n - u;
    const st = setup(n);
    const qLen = prepareQ(st);
    const stop = t + st.pad;
    const out = new Array<number>(n);
    if (st.small) {
      const mu = radix ** u;
      const mv = radix ** v;
      let A = numN(xs, 0, u);
      let B = numN(xs, u, n);
      for (let k = 0; k < 10; k++) {
        const i = decrypting ? 9 - k : k;
        const mod = i % 2 === 0 ? mu : mv;
        writeNumber(qLen, stop, decrypting ? A : B);
        const y = smallY(roundS(st, i), st.d, mod);
        if (decrypting) {
          const c = (B - y + mod) % mod;
          B = A;
          A = c;
        } else {
          const c = (A + y) % mod;
          A = B;
          B = c;
        }
      }
      strN(A, u, out, 0);
      strN(B, v, out, u);
      return out;
    }
    let A = num(xs, 0, u);
    let B = num(xs, u, n);
    for (let k = 0; k < 10; k++) {
      const i = decrypting ? 9 - k : k;
      const mod = radixPow(i % 2 === 0 ? u : v);
      writeBig(qLen, stop, decrypting ? A : B);
      const y = bigY(roundS(st, i), st.d);
      if (decrypting) {
        const c = (((B - y) % mod) + mod) % mod;
        B = A;
        A = c;
      } else {
        const c = (A + y) % mod;
        A = B;
        B = c;
      }
    }
    str(A, u, out, 0);
    str(B, v, out, u);
    return out;
  };
  return {
    encrypt: (xs) => cipher(xs, false),
    decrypt: (xs) => cipher(xs, true),
  };
}
