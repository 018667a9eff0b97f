/**
 * Per-track line-crossing state in typed arrays. Each track lives in a *slot*: four numbers in one
 * `Float64Array` (key, last seen, state, crossings; one array, so the hot loop checks one array,
 * not three); an open-addressed hash index (linear probing, Fibonacci hashing, load ≤ 1/2) maps
 * its key — the track id as a double — to the slot. Numeric ids are safe integers; string ids are
 * interned to keys `n + 0.5`, which no integer id can equal. No object per track and none per
 * observation.
 *
 * Slots follow the tracker's output order: {@link TrackTable.place} inserts the track first seen
 * as the frame's `i`th detection into slot `i` (its *home*), so while a tracker lists its tracks
 * in the same order frame after frame, detection `i` finds its track at slot `i` with one
 * comparison and the loop reads the slots in order instead of at random. A track out of place is
 * found through the index (and stays where it is); nothing depends on the order, only the speed.
 *
 * Eviction frees the slots of expired tracks (survivors stay where they are) and rebuilds the
 * index, so a long stream of short tracks never degrades probing; a table whose tracks mostly left
 * shrinks again.
 */

const MIN_CAPACITY = 16;
/**
 * Most known tracks {@link TrackTable.place} moves back home in one frame: bounds the work when a
 * tracker's order shifts on every frame (a track moved home costs a swap, one out of place only an
 * index lookup per detection).
 */
const HOME_MOVES_PER_FRAME = 64;
const TWO_32 = 4_294_967_296;

/** The home position of `key` in an index of `2^(32 − shift)` positions. */
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

/** Offsets within a slot (a slot is `SLOT` numbers from `slot * SLOT`). */
const SLOT = 4;
/** The track's key; NaN marks a free slot. */
const KEY = 0;
/** Event time of the track's last accepted observation. */
const SEEN = 1;
/**
 * The settled side and the run towards the other side, in one integer: bit 0 is 1 when the
 * settled side is 1 (0 when it is −1), and `state >> 1` is the number of consecutive observations
 * on the other side so far. (A run can only build towards the side the track is not on, so the
 * pending side needs no bits of its own.) {@link stateOf} writes it.
 */
const STATE = 2;
/** Crossings of the track so far. */
const CROSSINGS = 3;

/**
 * The slot layout for the loops that read slots directly. Copy the fields into module-level
 * constants: an imported binding may be read through an accessor on every use (CommonJS output).
 */
export const SLOT_LAYOUT = { SLOT, KEY, SEEN, STATE, CROSSINGS } as const;

export class TrackTable {
  /** {@link SLOT} numbers per slot: key (NaN: free), last seen, state, crossings. */
  slots: Float64Array;
  /** Number of slots. */
  capacity: number;
  /** The hash index: keys (NaN: empty) and the slot each one is in (read by the hot loops). */
  indexKeys: Float64Array;
  indexSlots: Int32Array;
  /** Position of a key: {@link homeOf}`(key, shift)`, then linear probing under `mask`. */
  shift: number;
  mask: number;
  /** Where the search for a free slot resumes. */
  private cursor = 0;
  /** Event time of the frame being placed, and of the frame before it (see {@link TrackTable.frame}). */
  private frameAt = Number.NaN;
  /**
   * A track whose last accepted observation is older than this missed the previous frame: its
   * slot may go to a known track whose home it is (see {@link TrackTable.place}).
   */
  staleBefore = Number.NaN;
  /** Moves home left in this frame (the hot loops leave such tracks to {@link TrackTable.place} while there are). */
  moves = 0;
  size = 0;
  /** String ids: id → key, and key → id for crossings and eviction. */
  private strings: Map<string, number> | undefined;
  private names: Map<number, string> | undefined;
  private nextString = 0;

  constructor(capacity = MIN_CAPACITY) {
    this.slots = emptySlots(capacity);
    this.capacity = capacity;
    this.indexKeys = new Float64Array(capacity).fill(Number.NaN);
    this.indexSlots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  /**
   * Makes room for `n` new tracks at once (load ≤ 1/2): one resize instead of a cascade of
   * doublings when a frame brings many tracks to an empty table (a camera's first frame). Never
   * shrinks.
   */
  reserve(n: number): void {
    let capacity = this.capacity;
    while ((this.size + n) * 2 > capacity) capacity *= 2;
    if (capacity !== this.capacity) this.resize(capacity);
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
   * Notes that detections of the frame at `at` are being placed (called before a frame's first
   * detection, and by {@link TrackTable.place}; the same `at` again is the same frame).
   */
  frame(at: number): void {
    if (at === this.frameAt) return;
    this.staleBefore = this.frameAt;
    this.frameAt = at;
    this.moves = HOME_MOVES_PER_FRAME;
  }

  /** The index position of `key`, which must be in the table. */
  probeOf(key: number): number {
    return this.probe(key);
  }

  /** The index position of `key`, or of the empty position where it would go (`indexKeys` NaN there). */
  private probe(key: number): number {
    const keys = this.indexKeys;
    const mask = this.mask;
    let pos = homeOf(key, this.shift);
    for (;;) {
      const k = keys[pos] as number;
      if (k === key || Number.isNaN(k)) return pos;
      pos = (pos + 1) & mask;
    }
  }

  /**
   * The slot of `key` seen as detection `home` of its frame, inserting it with `side` and `at`
   * when absent: its slot when the track was there, `~slot` (negative) when it was just inserted.
   * A new track goes to slot `home` when that slot exists (`home` below the capacity; a track
   * already there moves to a free slot). A known track out of place moves home only when its home
   * is free or held by a track that missed the previous frame (one that left, most likely), at
   * most {@link HOME_MOVES_PER_FRAME} times a frame: moving tracks on every miss would cost a frame
   * in shuffled order more than it saves, and never moving them would send a track displaced once
   * through the index for the rest of its life. The caller must re-read {@link TrackTable.slots}
   * after an insertion (which may grow it).
   */
  place(key: number, home: number, side: number, at: number): number {
    this.frame(at);
    let pos = this.probe(key);
    if (!Number.isNaN(this.indexKeys[pos] as number)) {
      const slot = this.indexSlots[pos] as number;
      if (slot === home || home >= this.capacity || this.moves <= 0) return slot;
      const slots = this.slots;
      const occupant = slots[home * SLOT + KEY] as number;
      if (!Number.isNaN(occupant) && !((slots[home * SLOT + SEEN] as number) < this.staleBefore)) return slot;
      this.moves--;
      this.swap(slot, home, pos);
      return home;
    }
    if ((this.size + 1) * 2 > this.capacity) {
      this.resize(this.capacity * 2);
      pos = this.probe(key);
    }
    const slots = this.slots;
    let slot: number;
    if (home < this.capacity) {
      // Home is taken by another track (seen elsewhere in this frame, or not at all): move it out.
      if (!Number.isNaN(slots[home * SLOT + KEY] as number)) this.move(home, this.freeSlot());
      slot = home;
    } else slot = this.freeSlot();
    this.insert(pos, slot, key, stateOf(side), at);
    return ~slot;
  }

  /**
   * Puts the new track `key` in the free slot `slot` and at the empty index position `pos`, with
   * `state` ({@link stateOf}), seen at `at` and no crossings. The caller has made room (load ≤ 1/2).
   */
  insert(pos: number, slot: number, key: number, state: number, at: number): void {
    this.indexKeys[pos] = key;
    this.indexSlots[pos] = slot;
    const slots = this.slots;
    const at0 = slot * SLOT;
    slots[at0 + KEY] = key;
    slots[at0 + SEEN] = at;
    slots[at0 + STATE] = state;
    slots[at0 + CROSSINGS] = 0;
    this.size++;
  }

  /** {@link place} without a home: the slot of `key` (or `~slot` when inserted), wherever it is. */
  locate(key: number, side: number, at: number): number {
    return this.place(key, Number.POSITIVE_INFINITY, side, at);
  }

  /** A free slot (there always is one: the load is at most 1/2). */
  private freeSlot(): number {
    const slots = this.slots;
    const mask = this.capacity - 1;
    let slot = this.cursor;
    while (!Number.isNaN(slots[slot * SLOT + KEY] as number)) slot = (slot + 1) & mask;
    this.cursor = (slot + 1) & mask;
    return slot;
  }

  /**
   * Exchanges slots `a` and `b` (`b` may be free); `pos` is the index position of the track in
   * slot `a`.
   */
  private swap(a: number, b: number, pos: number): void {
    const slots = this.slots;
    const other = slots[b * SLOT + KEY] as number;
    if (!Number.isNaN(other)) this.indexSlots[this.probe(other)] = a;
    this.indexSlots[pos] = b;
    for (let f = 0; f < SLOT; f++) {
      const x = slots[a * SLOT + f] as number;
      slots[a * SLOT + f] = slots[b * SLOT + f] as number;
      slots[b * SLOT + f] = x;
    }
  }

  /** Moves the track in slot `from` to the free slot `to`. */
  private move(from: number, to: number): void {
    const slots = this.slots;
    const key = slots[from * SLOT + KEY] as number;
    this.indexSlots[this.probe(key)] = to;
    // Four stores: copyWithin is a builtin call, dearer than the copy (once per new track whose
    // home slot is taken).
    const a = from * SLOT;
    const b = to * SLOT;
    slots[b + KEY] = key;
    slots[b + SEEN] = slots[a + SEEN] as number;
    slots[b + STATE] = slots[a + STATE] as number;
    slots[b + CROSSINGS] = slots[a + CROSSINGS] as number;
    slots[a + KEY] = Number.NaN;
  }

  /** Drops tracks last seen before `limit`; returns how many. */
  evict(limit: number): number {
    const names = this.names;
    if (names !== undefined) {
      // Interned string ids of the tracks about to expire are forgotten with them.
      const slots = this.slots;
      for (let i = 0; i < slots.length; i += SLOT) {
        const key = slots[i + KEY] as number;
        if ((slots[i + SEEN] as number) < limit && key !== Math.floor(key) && !Number.isNaN(key)) {
          (this.strings as Map<string, number>).delete(names.get(key) as string);
          names.delete(key);
        }
      }
    }
    const expired = expire(this.slots, limit);
    if (expired === 0) return 0;
    this.size -= expired;
    let capacity = this.capacity;
    while (capacity > MIN_CAPACITY && this.size * 8 < capacity) capacity >>>= 1;
    // Survivors stay in their slots (the tracker's order is kept); a smaller table packs them.
    if (capacity === this.capacity) this.reindex();
    else this.resize(capacity);
    return expired;
  }

  /** Rebuilds the index from the slots. */
  private reindex(): void {
    const indexKeys = this.indexKeys;
    const indexSlots = this.indexSlots;
    const mask = this.mask;
    indexKeys.fill(Number.NaN);
    const slots = this.slots;
    for (let slot = 0; slot < this.capacity; slot++) {
      const key = slots[slot * SLOT + KEY] as number;
      if (Number.isNaN(key)) continue;
      let pos = homeOf(key, this.shift);
      while (!Number.isNaN(indexKeys[pos] as number)) pos = (pos + 1) & mask;
      indexKeys[pos] = key;
      indexSlots[pos] = slot;
    }
  }

  /**
   * Moves the tracks into `capacity` slots: at the same slots when growing; when shrinking, at the
   * same slots too where they fit, the others into free slots (the load is below 1/4 by then).
   */
  private resize(capacity: number): void {
    const old = this.slots;
    const grow = capacity > this.capacity;
    // Growing, the old slots are copied over the front: only the new ones need marking free.
    this.slots = emptySlots(capacity, grow ? this.capacity : 0);
    this.capacity = capacity;
    this.indexKeys = new Float64Array(capacity);
    this.indexSlots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.cursor = 0;
    if (grow) this.slots.set(old);
    else {
      // Tracks below the new capacity keep their slots (their homes: packing them would send
      // every survivor through the index until it leaves); the others fill the free slots.
      const slots = this.slots;
      slots.set(old.subarray(0, capacity * SLOT));
      let next = 0;
      for (let i = capacity * SLOT; i < old.length; i += SLOT) {
        if (Number.isNaN(old[i + KEY] as number)) continue;
        while (!Number.isNaN(slots[next + KEY] as number)) next += SLOT;
        slots.set(old.subarray(i, i + SLOT), next);
        next += SLOT;
      }
    }
    this.reindex();
  }
}

/**
 * Frees the slots of tracks last seen before `limit`; returns how many. A small module-level
 * function, so the sweep's loop is optimised once rather than entered by on-stack replacement in
 * every sweep.
 */
function expire(slots: Float64Array, limit: number): number {
  let expired = 0;
  for (let i = 0; i < slots.length; i += SLOT) {
    // A free slot's key is NaN; its last-seen time is whatever its last track left.
    if ((slots[i + SEEN] as number) < limit && !Number.isNaN(slots[i + KEY] as number)) {
      slots[i + KEY] = Number.NaN;
      expired++;
    }
  }
  return expired;
}

/** `capacity` slots, free from slot `from` on (the caller fills the ones before it). */
function emptySlots(capacity: number, from = 0): Float64Array {
  const slots = new Float64Array(capacity * SLOT);
  // Every field, not only the keys: one fill is faster than a strided loop (a free slot's other
  // fields are never read).
  slots.fill(Number.NaN, from * SLOT);
  return slots;
}
