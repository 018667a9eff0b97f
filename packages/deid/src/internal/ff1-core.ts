// FF1 (NIST SP 800-38G Rev. 1, Algorithm 7 and 8) over digit arrays, on an injected AES block
// function, so a Node entry can hand it OpenSSL's AES while browsers and mini-programs keep
// @noble/ciphers. The round function's CBC-MAC starts from the constant block P, whose
// encryption is computed once per key and tweak, and so are Q's blocks before the round byte.
//
// Two arithmetic paths, the same output:
// - numbers, when radix^ceil(n/2) <= 2^44 (radix 10 up to 26 digits, radix 36 up to 16
//   characters: phones, card numbers, ids): the halves are doubles, exact below 2^53, and a
//   round is one AES block over a 16-byte buffer written in place, with no allocation besides
//   the AES result;
// - BigInt above that.

/** Encrypts one 16-byte block with the FF1 key (AES-ECB, no padding) and returns 16 bytes. */
export type AesBlock = (block: Uint8Array) => Uint8Array;

/** The number path's bound on radix^ceil(n/2): y mod M stays exact while M * 256 <= 2^53. */
export const SMALL_DOMAIN_LIMIT = 2 ** 44;

export interface Ff1Engine {
  /**
   * Enciphers (or deciphers) the numerals `digits[0..n)` in place. Digits must be below the
   * radix and n at least 2; the caller checks both.
   */
  run(digits: Int32Array, n: number, decrypting: boolean): void;
}

const bitLength = (n: bigint): number => n.toString(2).length;
const TWO_53 = 2 ** 53;

interface Setup {
  readonly u: number;
  readonly v: number;
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
  /** The number path applies (radix^v <= SMALL_DOMAIN_LIMIT). */
  readonly small: boolean;
  /** BigInt path: radix^u and radix^v. */
  readonly bigMu: bigint;
  readonly bigMv: bigint;
  /** Number path: radix^u and radix^v. */
  readonly mu: number;
  readonly mv: number;
  /** Number path: bytes of S folded per reduction mod radix^u (and radix^v), keeping M * 256^k <= 2^53. */
  readonly stepU: number;
  readonly stepV: number;
  /** Number path: r0 xor Q's last block (round byte and numeral zero), and the block sent to AES. */
  readonly base: Uint8Array;
  readonly x: Uint8Array;
  /** Number path: offset of the round byte in the last block. */
  readonly roundAt: number;
}

/** How many bytes can be folded into y (< m) at once with y * 256^k + bytes exact in doubles. */
const foldStep = (m: number): number => {
  let k = 1;
  while (k < 16 && m * 256 ** (k + 1) <= TWO_53) k++;
  return k;
};

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
  let lastN = -1;
  let last: Setup | undefined;
  const setup = (n: number): Setup => {
    if (n === lastN) return last as Setup;
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
      const r0 = r.slice();
      // b <= 6 here, so the round byte and numeral share Q's last block (start = qLen - 16).
      const small = radixPow(v) <= BigInt(SMALL_DOMAIN_LIMIT);
      const base = new Uint8Array(16);
      if (small) for (let k = 0; k < 16; k++) base[k] = (r0[k] as number) ^ (q[start + k] as number);
      const mu = radix ** u;
      const mv = radix ** v;
      if (sBytes.length < d) sBytes = new Uint8Array(d + 16);
      s = {
        u,
        v,
        r0,
        q,
        qLen,
        start,
        b,
        d,
        round: t + pad,
        small,
        bigMu: radixPow(u),
        bigMv: radixPow(v),
        mu,
        mv,
        stepU: small ? foldStep(mu) : 0,
        stepV: small ? foldStep(mv) : 0,
        base,
        x: base.slice(),
        roundAt: t + pad - start,
      };
      perLength.set(n, s);
    }
    lastN = n;
    last = s;
    return s;
  };

  // The number path: halves as doubles, one 16-byte block per round written in place.
  const runSmall = (st: Setup, xs: Int32Array, n: number, decrypting: boolean): void => {
    const { u, b, d, mu, mv, stepU, stepV, base, x, roundAt } = st;
    let A = 0;
    for (let i = 0; i < u; i++) A = A * radix + (xs[i] as number);
    let B = 0;
    for (let i = u; i < n; i++) B = B * radix + (xs[i] as number);
    for (let k = 0; k < 10; k++) {
      const i = decrypting ? 9 - k : k;
      const even = (i & 1) === 0;
      const mod = even ? mu : mv;
      const step = even ? stepU : stepV;
      // Q's last block: round byte i, then the other half's numeral as b big-endian bytes.
      x[roundAt] = (base[roundAt] as number) ^ i;
      const h = decrypting ? A : B;
      const lo = h >>> 0;
      const hi = (h - lo) / 4_294_967_296;
      for (let j = 0; j < b; j++) {
        const byte = j < 4 ? (lo >>> (8 * j)) & 255 : (hi >>> (8 * (j - 4))) & 255;
        x[15 - j] = (base[15 - j] as number) ^ byte;
      }
      const e = aes(x);
      // y = NUM(S) mod radix^m with S the first d (<= 12) bytes of the block, folded `step` bytes at a time.
      let y = 0;
      for (let at = 0; at < d; ) {
        const end = Math.min(at + step, d);
        let chunk = 0;
        let scale = 1;
        for (; at < end; at++) {
          chunk = chunk * 256 + (e[at] as number);
          scale *= 256;
        }
        // (y * scale + chunk) mod M by a floored quotient (a double % is a far slower runtime
        // call). Exact: whole < M * scale <= 2^53, and for an integer x < 2^53 the correctly
        // rounded x / M cannot reach the next integer k (x / M <= k - 1 / M, and 1 / M exceeds
        // half an ulp below k unless k and M are powers of two, where k - 1 / M is a double).
        const whole = y * scale + chunk;
        y = whole - Math.floor(whole / mod) * mod;
      }
      if (decrypting) {
        const c = B - y;
        B = A;
        A = c < 0 ? c + mod : c;
      } else {
        const c = A + y;
        A = B;
        B = c >= mod ? c - mod : c;
      }
    }
    for (let i = u - 1; i >= 0; i--) {
      const q = Math.floor(A / radix);
      xs[i] = A - q * radix;
      A = q;
    }
    for (let i = n - 1; i >= u; i--) {
      const q = Math.floor(B / radix);
      xs[i] = B - q * radix;
      B = q;
    }
  };

  // The BigInt path, in Number-sized chunks: K = radix^kd <= 2^53 digits per BigInt step.
  let kd = 1;
  while (radix ** (kd + 1) <= TWO_53) kd++;
  const K = BigInt(radix ** kd);
  const num = (x: Int32Array, from: number, to: number): bigint => {
    let i = from;
    let c = 0;
    for (const head = from + ((to - from) % kd); i < head; i++) c = c * radix + (x[i] as number);
    let r = BigInt(c);
    while (i < to) {
      c = 0;
      for (const end = i + kd; i < end; i++) c = c * radix + (x[i] as number);
      r = r * K + BigInt(c);
    }
    return r;
  };
  const str = (c: bigint, m: number, out: Int32Array, at: number) => {
    let i = at + m - 1;
    for (let left = m; left > 0; ) {
      let part: number;
      let take: number;
      if (left > kd) {
        const q = c / K;
        part = Number(c - q * K);
        c = q;
        take = kd;
      } else {
        part = Number(c);
        take = left;
      }
      for (let j = 0; j < take; j++) {
        const q = Math.floor(part / radix);
        out[i--] = part - q * radix;
        part = q;
      }
      left -= take;
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
    for (let k = q.length - 1; k > stop; ) {
      const w = Number(h & 0xffffffffn);
      h >>= 32n;
      for (let j = 0; j < 32 && k > stop; j += 8, k--) q[k] = (w >>> j) & 255;
    }
  };
  // d is a multiple of 4: y is folded one 32-bit word at a time.
  const bigY = (sb: Uint8Array, d: number): bigint => {
    let y = 0n;
    for (let k = 0; k < d; k += 4) {
      const w = (sb[k] as number) * 16_777_216 + (((sb[k + 1] as number) << 16) | ((sb[k + 2] as number) << 8) | (sb[k + 3] as number));
      y = (y << 32n) | BigInt(w);
    }
    return y;
  };
  const runBig = (st: Setup, xs: Int32Array, n: number, decrypting: boolean): void => {
    const { u, v, q, round: stop, bigMu, bigMv } = st;
    let A = num(xs, 0, u);
    let B = num(xs, u, n);
    for (let k = 0; k < 10; k++) {
      const i = decrypting ? 9 - k : k;
      const mod = (i & 1) === 0 ? bigMu : bigMv;
      writeBig(q, stop, decrypting ? A : B);
      const y = bigY(roundS(st, i), st.d) % mod;
      if (decrypting) {
        const c = B - y;
        B = A;
        A = c < 0n ? c + mod : c;
      } else {
        const c = A + y;
        A = B;
        B = c >= mod ? c - mod : c;
      }
    }
    str(A, u, xs, 0);
    str(B, v, xs, u);
  };
  return {
    run: (xs, n, decrypting) => {
      const st = setup(n);
      if (st.small) runSmall(st, xs, n, decrypting);
      else runBig(st, xs, n, decrypting);
    },
  };
}
