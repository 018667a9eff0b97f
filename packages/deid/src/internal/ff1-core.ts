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

interface Setup {
  /** CBC-MAC state after P and Q's constant leading blocks. */
  readonly r0: Uint8Array;
  /** Q for this length: tweak and zero pad written once; round byte and numeral per round. */
  readonly q: Uint8Array;
  readonly qLen: number;
  /** Offset of Q's first block that changes between rounds. */
  readonly start: number;
  /** Offset of the round byte in Q. */
  readonly round: number;
  readonly b: number;
  readonly d: number;
  readonly small: boolean;
}

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
  // Per input length n: the sizes b and d, Q's layout (tweak, zero pad, round byte, numeral) and
  // the CBC-MAC state after P and Q's blocks before the round byte, which are the same in every
  // round: a round only encrypts the block(s) holding its round byte and numeral.
  const perLength = new Map<number, Setup>();
  const setup = (n: number): Setup => {
    let s = perLength.get(n);
    if (s === undefined) {
      const u = n >> 1;
      const v = n - u;
      const b = Math.ceil(bitLength(radixPow(v) - 1n) / 8);
      const d = 4 * Math.ceil(b / 4) + 4;
      const pad = (((-t - b - 1) % 16) + 16) % 16;
      const qLen = t + pad + 1 + b;
      const q = new Uint8Array(qLen);
      q.set(tweak, 0);
      const start = (t + pad) & ~15;
      const P = Uint8Array.of(1, 2, 1, (radix >>> 16) & 255, (radix >>> 8) & 255, radix & 255, 10, u & 255, 0, 0, 0, 0, 0, 0, 0, 0);
      new DataView(P.buffer).setUint32(8, n);
      new DataView(P.buffer).setUint32(12, t);
      let r = aes(P);
      for (let off = 0; off < start; off += 16) {
        const x = new Uint8Array(16);
        for (let k = 0; k < 16; k++) x[k] = (r[k] as number) ^ (q[off + k] as number);
        r = aes(x);
      }
      // Numbers are exact for y mod radix^m while radix^v * 256 stays below 2^53.
      const small = radixPow(v) <= 2n ** 44n;
      if (sBytes.length < d) sBytes = new Uint8Array(d + 16);
      s = { r0: r.slice(), q, qLen, start, b, d, round: t + pad, small };
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
  // carries the other half's numeral as b bytes (already written into `st.q` by the caller).
  let sBytes = new Uint8Array(32);
  const x = new Uint8Array(16);
  const roundS = (st: Setup, i: number): Uint8Array => {
    const { q, qLen, d } = st;
    q[st.round] = i;
    // CBC-MAC over the rest of Q, from the precomputed state.
    let r: Uint8Array = st.r0;
    for (let off = st.start; off < qLen; off += 16) {
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
  const writeBig = (q: Uint8Array, stop: number, half: bigint) => {
    let h = half;
    for (let k = q.length - 1; k > stop; k--) {
      q[k] = Number(h & 255n);
      h >>= 8n;
    }
  };
  const writeNumber = (q: Uint8Array, stop: number, half: number) => {
    let h = half;
    for (let k = q.length - 1; k > stop; k--) {
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
    const { q, round: stop } = st;
    const out = new Array<number>(n);
    if (st.small) {
      const mu = radix ** u;
      const mv = radix ** v;
      let A = numN(xs, 0, u);
      let B = numN(xs, u, n);
      for (let k = 0; k < 10; k++) {
        const i = decrypting ? 9 - k : k;
        const mod = i % 2 === 0 ? mu : mv;
        writeNumber(q, stop, decrypting ? A : B);
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
      writeBig(q, stop, decrypting ? A : B);
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
