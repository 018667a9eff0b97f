/**
 * Per-track line-crossing state in typed arrays: an open-addressed hash table (linear probing,
 * Fibonacci hashing, load ≤ 1/2: short probes) keyed by the track id as a double. Numeric ids are safe
 * integers; string ids are interned to keys `n + 0.5`, which no integer id can equal. No object
 * per track and none per observation: memory is a few typed arrays sized to the live tracks.
 *
 * Eviction rebuilds the table from the survivors (no tombstones), so a long stream of short
 * tracks never degrades probing, and a table whose tracks mostly left shrinks again.
 */

const MIN_CAPACITY = 16;
const TWO_32 = 4_294_967_296;

/** The home position of `key` in a table of `2^(32 − shift)` positions. */
export function homeOf(key: number, shift: number): number {
  const lo = key | 0;
  // Int32 ids (the common case) hash by one multiply; other keys mix their high 32 bits in too.
  const h = lo === key ? lo : lo ^ Math.imul((key / TWO_32) | 0, 0x85ebca6b);
  return Math.imul(h, 0x9e3779b1) >>> shift;
}

/** The state of a track settled on `side` (−1 or 1) with no run towards the other side. */
export function stateOf(side: number): number {
  return side > 0 ? 1 : 0;
}

export class TrackTable {
  /** Track ids as doubles; NaN marks an empty position. */
  keys: Float64Array;
  /**
   * The settled side and the run towards the other side, in one integer: bit 0 is 1 when the
   * settled side is 1 (0 when it is −1), and `state >> 1` is the number of consecutive
   * observations on the other side so far. (A run can only build towards the side the track is
   * not on, so the pending side needs no bits of its own.) {@link stateOf} writes it.
   */
  state: Int32Array;
  lastSeen: Float64Array;
  /** Crossings of the track so far (saturates far above the oscillation threshold). */
  crossings: Int32Array;
  mask: number;
  shift: number;
  size = 0;
  /** String ids: id → key, and key → id for crossings and eviction. */
  private strings: Map<string, number> | undefined;
  private names: Map<number, string> | undefined;
  private nextString = 0;
  /** The arrays before the last same-size eviction, reused by the next one. */
  private spare:
    | {
        keys: Float64Array;
        state: Int32Array;
        lastSeen: Float64Array;
        crossings: Int32Array;
      }
    | undefined;

  constructor(capacity = MIN_CAPACITY) {
    this.keys = new Float64Array(capacity).fill(Number.NaN);
    this.state = new Int32Array(capacity);
    this.lastSeen = new Float64Array(capacity);
    this.crossings = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /** The key of a string id (interned on first sight). */
  keyOfString(id: string): number {
    if (this.strings === undefined) {
      this.strings = new Map();
      this.names = new Map();
    }
    let key = this.strings.get(id);
    if (key === undefined) {
      key = this.nextString++ + 0.5;
      this.strings.set(id, key);
      (this.names as Map<number, string>).set(key, id);
    }
    return key;
  }

  /** The id a key stands for: the number itself, or the interned string. */
  idOf(key: number): number | string {
    return key === Math.floor(key) ? key : ((this.names as Map<number, string>).get(key) as string);
  }

  /**
   * The position of `key`, inserting it with `side` and `at` when absent: `pos` when the track
   * was there, `~pos` (negative) when it was just inserted.
   */
  locate(key: number, side: number, at: number): number {
    let pos = homeOf(key, this.shift);
    const keys = this.keys;
    const mask = this.mask;
    for (;;) {
      const k = keys[pos] as number;
      if (k === key) return pos;
      if (Number.isNaN(k)) break;
      pos = (pos + 1) & mask;
    }
    if ((this.size + 1) * 2 > keys.length) {
      this.rebuild(keys.length * 2, Number.NEGATIVE_INFINITY);
      pos = this.freePosition(key);
    }
    this.keys[pos] = key;
    this.state[pos] = stateOf(side);
    this.lastSeen[pos] = at;
    this.crossings[pos] = 0;
    this.size++;
    return ~pos;
  }

  private freePosition(key: number): number {
    const keys = this.keys;
    let pos = homeOf(key, this.shift);
    while (!Number.isNaN(keys[pos] as number)) pos = (pos + 1) & this.mask;
    return pos;
  }

  /** Drops tracks last seen before `limit`; returns how many. */
  evict(limit: number): number {
    const keys = this.keys;
    const lastSeen = this.lastSeen;
    let expired = 0;
    for (let i = 0; i < keys.length; i++) if ((lastSeen[i] as number) < limit && !Number.isNaN(keys[i] as number)) expired++;
    if (expired === 0) return 0;
    const survivors = this.size - expired;
    let capacity = keys.length;
    while (capacity > MIN_CAPACITY && survivors * 8 < capacity) capacity >>>= 1;
    if (capacity === keys.length) {
      this.rebuildInPlace(limit);
      return expired;
    }
    this.rebuild(capacity, limit);
    return expired;
  }

  /**
   * Drops the tracks seen before `limit` without allocating: survivors are re-inserted in two
   * passes through a spare set of arrays of the same size (kept for the next eviction).
   */
  private rebuildInPlace(limit: number): void {
    const capacity = this.keys.length;
    let spare = this.spare;
    if (spare === undefined || spare.keys.length !== capacity) {
      spare = {
        keys: new Float64Array(capacity),
        state: new Int32Array(capacity),
        lastSeen: new Float64Array(capacity),
        crossings: new Int32Array(capacity),
      };
    }
    const { keys, state, lastSeen, crossings } = this;
    spare.keys.fill(Number.NaN);
    this.spare = { keys, state, lastSeen, crossings };
    this.keys = spare.keys;
    this.state = spare.state;
    this.lastSeen = spare.lastSeen;
    this.crossings = spare.crossings;
    this.size = 0;
    this.moveSurvivors(keys, state, lastSeen, crossings, limit);
  }

  /** Moves every track seen at or after `limit` into fresh arrays of `capacity` positions. */
  private rebuild(capacity: number, limit: number): void {
    const { keys, state, lastSeen, crossings } = this;
    this.keys = new Float64Array(capacity).fill(Number.NaN);
    this.state = new Int32Array(capacity);
    this.lastSeen = new Float64Array(capacity);
    this.crossings = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.size = 0;
    this.spare = undefined;
    this.moveSurvivors(keys, state, lastSeen, crossings, limit);
  }

  private moveSurvivors(keys: Float64Array, state: Int32Array, lastSeen: Float64Array, crossings: Int32Array, limit: number): void {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      if (Number.isNaN(key)) continue;
      if ((lastSeen[i] as number) < limit) {
        if (key !== Math.floor(key)) {
          const name = (this.names as Map<number, string>).get(key) as string;
          this.names?.delete(key);
          this.strings?.delete(name);
        }
        continue;
      }
      const pos = this.freePosition(key);
      this.keys[pos] = key;
      this.state[pos] = state[i] as number;
      this.lastSeen[pos] = lastSeen[i] as number;
      this.crossings[pos] = crossings[i] as number;
      this.size++;
    }
  }
}
