/**
 * Probes an insert may take before the index gives up hashing and moves to a `Map`: with a
 * random seed and at most half the slots used, no honest set of ids comes near it; ids crafted
 * to collide (multicollisions that hold for every seed) hit it, and then cost what a `Map` costs.
 */
const PROBE_LIMIT = 64;
/** Slots of a new index (a power of two); the index doubles at half full. */
const FIRST_SLOTS = 16;
/** Numbers per slot in `slots`: the key, its hash, the subject number. */
const SLOT = 3;

/**
 * Subject id → subject number, open addressing with linear probing over one plain array whose
 * slot holds the key, its hash and the number side by side: a lookup reads the caller's string
 * (to hash it) and, in the common case, one cache line of the index. A `Map` reads its bucket
 * array and then its entry, two lines far apart; at 200k subjects the state's decisions were
 * bound by those misses.
 *
 * The hash is seeded from the platform CSPRNG, so ids cannot be chosen to collide for a seed
 * they do not know; without `crypto.getRandomValues`, or once an insert probes `PROBE_LIMIT`
 * slots, the index is a `Map` (linear in the worst case either way). Keys are compared with
 * `===` and never become property names, so any string (`__proto__` included) is a key.
 */
export class SubjectIndex {
  /** `SLOT` entries per slot: key (`undefined`: empty), hash, subject number. */
  #slots: (string | number | undefined)[];
  #mask: number;
  #size = 0;
  readonly #seed: number;
  /** Set instead of the slots when there is no random seed or the probes got long. */
  #map: Map<string, number> | undefined;

  /** `seed`: 32 bits from the platform CSPRNG by default; `null`: no hashing, a `Map`. */
  constructor(seed: number | null = randomSeed()) {
    this.#seed = seed ?? 0;
    this.#map = seed === null ? new Map() : undefined;
    this.#slots = this.#map === undefined ? new Array(FIRST_SLOTS * SLOT) : [];
    this.#mask = FIRST_SLOTS - 1;
  }

  get size(): number {
    return this.#map === undefined ? this.#size : this.#map.size;
  }

  /** Whether the index fell back to a `Map` (for tests). */
  get hashed(): boolean {
    return this.#map === undefined;
  }

  get(key: string): number | undefined {
    const map = this.#map;
    if (map !== undefined) return map.get(key);
    const h = hashKey(key, this.#seed);
    const slots = this.#slots;
    const mask = this.#mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const k = slots[i * SLOT];
      if (k === undefined) return undefined;
      if (slots[i * SLOT + 1] === h && k === key) return slots[i * SLOT + 2] as number;
    }
  }

  /** Adds a key that is not in the index. */
  add(key: string, value: number): void {
    if (this.#map === undefined && 2 * (this.#size + 1) > this.#mask + 1) this.#grow();
    const map = this.#map;
    if (map !== undefined) {
      map.set(key, value);
      return;
    }
    if (!this.#put(this.#slots, this.#mask, key, hashKey(key, this.#seed), value)) {
      this.#toMap();
      (this.#map as Map<string, number>).set(key, value);
      return;
    }
    this.#size++;
  }

  /** Puts an entry in the first free slot from its hash; `false` (nothing written) past `PROBE_LIMIT` probes. */
  #put(slots: (string | number | undefined)[], mask: number, key: string, h: number, value: number): boolean {
    let i = h & mask;
    for (let probes = 0; slots[i * SLOT] !== undefined; probes++) {
      if (probes === PROBE_LIMIT) return false;
      i = (i + 1) & mask;
    }
    slots[i * SLOT] = key;
    slots[i * SLOT + 1] = h;
    slots[i * SLOT + 2] = value;
    return true;
  }

  #grow(): void {
    const old = this.#slots;
    const mask = (this.#mask + 1) * 2 - 1;
    const slots = new Array<string | number | undefined>((mask + 1) * SLOT);
    for (let i = 0; i < old.length; i += SLOT) {
      const key = old[i];
      if (key === undefined) continue;
      if (!this.#put(slots, mask, key as string, old[i + 1] as number, old[i + 2] as number)) {
        this.#toMap();
        return;
      }
    }
    this.#slots = slots;
    this.#mask = mask;
  }

  /** Moves every entry to a `Map`, in insertion order of the slots (order is not observable). */
  #toMap(): void {
    const map = new Map<string, number>();
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i += SLOT) {
      if (slots[i] !== undefined) map.set(slots[i] as string, slots[i + 2] as number);
    }
    this.#map = map;
    this.#slots = [];
    this.#size = 0;
  }
}

/** A seeded 30-bit hash of a string's UTF-16 code units (a Murmur3-style mix per unit and at the end). */
export function hashKey(key: string, seed: number): number {
  let h = seed ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

/** 32 random bits from the platform CSPRNG, or `null` without one. */
function randomSeed(): number | null {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  if (typeof crypto?.getRandomValues !== 'function') return null;
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? null;
}
