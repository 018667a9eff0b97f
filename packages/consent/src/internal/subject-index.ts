/**
 * Probes an insert may take before the index gives up hashing and moves to a `Map`: with a
 * random seed and at most half the slots used, no honest set of ids comes near it; ids crafted
 * to collide whatever the seed (multicollisions) hit it, and then cost what a `Map` costs.
 */
const PROBE_LIMIT = 64;

/**
 * Subject id → subject number (numbers added in order from 0), open addressing with linear
 * probing over one plain array whose slot holds the key, its hash and the number side by side: a
 * lookup reads the caller's string (to hash it) and, in the common case, one cache line of the
 * index. A `Map` reads its bucket array and then its entry, two lines far apart; at 200k subjects
 * the state's decisions were bound by those misses.
 *
 * The hash is seeded from the platform CSPRNG, so ids cannot be chosen to collide for a seed
 * they do not know; without `crypto.getRandomValues`, or once an insert probes `PROBE_LIMIT`
 * slots, the index is a `Map` (linear in the worst case either way). Keys are compared with
 * `===` and never become property names, so any string (`__proto__` included) is a key. Holds
 * at most 2^24 keys (the slots array's length stays under V8's limit).
 */
export class SubjectIndex {
  /** Three entries per slot: the key (`undefined`: empty), its hash, its number. Half empty at least. */
  #slots: (string | number | undefined)[] = new Array(48);
  #mask = 15;
  readonly #seed: number;
  /** Set, and the slots emptied, when there is no random seed or an insert probed too far. */
  map: Map<string, number> | undefined;

  /** `seed`: 32 bits from the platform CSPRNG by default (30 of them used); `null`: no hashing, a `Map`. */
  constructor(seed: number | null = randomSeed()) {
    // 30 bits, a small integer to V8 whatever the draw: a field that is sometimes one and
    // sometimes not changes the index's hidden class, and code optimised for the old one is dropped.
    this.#seed = (seed ?? 0) & 0x3fffffff;
    if (seed === null) this.map = new Map();
  }

  get(key: string): number | undefined {
    return this.getHashed(key, this.map === undefined ? hashKey(key, this.#seed) : 0);
  }

  /** The seeded hash {@link SubjectIndex.getHashed} takes. */
  hash(key: string): number {
    return hashKey(key, this.#seed);
  }

  /**
   * Reads the first slot of hash `h` and the length of the key there (0 when empty), and so
   * brings both into cache: a batch of lookups warmed this way first overlaps its cache misses
   * instead of taking them one after another. Reads only; the result means nothing.
   */
  warm(h: number): number {
    const k = this.#slots[(h & this.#mask) * 3];
    return typeof k === 'string' ? k.length : 0;
  }

  /** {@link SubjectIndex.get} with the key's hash from {@link SubjectIndex.hash} (ignored once a `Map`). */
  getHashed(key: string, h: number): number | undefined {
    if (this.map !== undefined) return this.map.get(key);
    const slots = this.#slots;
    const mask = this.#mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = slots[i * 3];
      if (k === undefined) return undefined;
      if (slots[i * 3 + 1] === h && k === key) return slots[i * 3 + 2] as number;
    }
  }

  /** Adds a key that is not in the index, with the next number (0 for the first key). */
  add(key: string, value: number): void {
    if (this.map === undefined && 2 * value + 2 > this.#mask) this.#grow();
    if (this.map !== undefined || !this.#put(key, hashKey(key, this.#seed), value)) this.#toMap().set(key, value);
  }

  /** Puts an entry in the first free slot from its hash; `false` (nothing written) past `PROBE_LIMIT` probes. */
  #put(key: string, h: number, value: number): boolean {
    const slots = this.#slots;
    const mask = this.#mask;
    for (let i = h & mask, probes = 0; probes < PROBE_LIMIT; i = (i + 1) & mask, probes++) {
      if (slots[i * 3] === undefined) {
        slots[i * 3] = key;
        slots[i * 3 + 1] = h;
        slots[i * 3 + 2] = value;
        return true;
      }
    }
    return false;
  }

  #grow(): void {
    const old = this.#slots;
    this.#mask = 2 * this.#mask + 1;
    this.#slots = new Array(3 * (this.#mask + 1));
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] !== undefined && !this.#put(old[i] as string, old[i + 1] as number, old[i + 2] as number)) {
        this.#slots = old;
        this.#toMap();
        return;
      }
    }
  }

  /** Moves every entry to `map` (once) and returns it. */
  #toMap(): Map<string, number> {
    if (this.map === undefined) {
      const slots = this.#slots;
      this.map = new Map();
      for (let i = 0; i < slots.length; i += 3) if (slots[i] !== undefined) this.map.set(slots[i] as string, slots[i + 2] as number);
      this.#slots = [];
    }
    return this.map;
  }
}

/** A seeded 30-bit hash of a string's UTF-16 code units (a Murmur-style mix per unit and at the end). */
export function hashKey(key: string, seed: number): number {
  const n = key.length;
  let h = seed ^ n;
  let i = 0;
  // Two units per round: half the rounds of one at a time (the mix is the same per 32-bit word).
  for (; i + 1 < n; i += 2) {
    h = Math.imul(h ^ (key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16)), 0x5bd1e995);
    h ^= h >>> 15;
  }
  if (i < n) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

/** 32 random bits from the platform CSPRNG, or `null` without one. */
function randomSeed(): number | null {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  return typeof crypto?.getRandomValues === 'function' ? (crypto.getRandomValues(new Uint32Array(1))[0] as number) : null;
}
