import { bitmapBytes } from './bitmap-bytes';
import { type RoaringBitmap32, roaring } from './roaring';

/** NULL in an `Int32Array` column (NaN in a `Float64Array` one). */
const NULL32 = -2_147_483_648;

/**
 * A numeric (or date, as epoch ms; or day number) column: values by uint32 slot plus value
 * buckets, each a bitmap. A range query ORs the buckets entirely inside the range and checks the
 * one or two boundary buckets value by value. The values are sized to their type: an
 * `Int32Array` (4 bytes a member) while every value is a whole number that fits, widened once to a
 * `Float64Array` (8 bytes) by the first that does not; instants start wide.
 */
export class RangeIndex {
  private values: Int32Array | Float64Array;
  private narrowInts: boolean;

  constructor(kind: 'int' | 'float' = 'float') {
    this.narrowInts = kind === 'int';
    this.values = this.narrowInts ? new Int32Array(1024).fill(NULL32) : new Float64Array(1024).fill(Number.NaN);
  }

  /** The value of a slot, NaN for NULL (or beyond the column). */
  get(slot: number): number {
    const x = this.values[slot];
    return x === undefined || (this.narrowInts && x === NULL32) ? Number.NaN : x;
  }

  /** Widens the column to `Float64Array` when `v` does not fit an `Int32Array`. */
  private fit(v: number): void {
    if (!this.narrowInts || (Number.isInteger(v) && v > NULL32 && v <= 2_147_483_647)) return;
    const wide = new Float64Array(this.values.length);
    for (let i = 0; i < wide.length; i++) wide[i] = this.get(i);
    this.values = wide;
    this.narrowInts = false;
  }
  private bounds: number[] = [];
  private buckets: RoaringBitmap32[] = [new (roaring())()];
  /** Members per bucket, kept in step with {@link RangeIndex.buckets} (for selectivity estimates). */
  private sizes: number[] = [0];
  readonly nonNull = new (roaring())();
  private changes = 0;

  private bucketOf(v: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.bounds[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(slot: number): void {
    if (slot < this.values.length) return;
    const n = Math.max(slot + 1, Math.ceil(this.values.length * 1.5));
    const grown = this.narrowInts ? new Int32Array(n).fill(NULL32) : new Float64Array(n).fill(Number.NaN);
    grown.set(this.values);
    this.values = grown;
  }

  private put(slot: number, v: number | null): void {
    if (v !== null) this.fit(v);
    this.values[slot] = v === null ? (this.narrowInts ? NULL32 : Number.NaN) : v;
  }

  /** Bulk loading: stores the value of a slot not yet indexed; {@link RangeIndex.rebuild} indexes them all. */
  load(slot: number, v: number | null): void {
    this.grow(slot);
    this.put(slot, v);
  }

  /** Indexes every stored value (after {@link RangeIndex.load}). */
  rebuild(): void {
    let n = 0;
    for (let i = 0; i < this.values.length; i++) if (!Number.isNaN(this.get(i))) n++;
    const slots = new Uint32Array(n);
    for (let i = 0, w = 0; i < this.values.length; i++) if (!Number.isNaN(this.get(i))) slots[w++] = i;
    this.nonNull.clear();
    this.nonNull.addMany(slots);
    this.nonNull.runOptimize();
    this.nonNull.shrinkToFit();
    this.rebalance();
  }

  /** Drops the spare capacity of the value column beyond `size` slots (after a bulk load). */
  trim(size: number): void {
    if (this.values.length > size) this.values = this.values.slice(0, Math.max(size, 1));
  }

  set(slot: number, v: number | null): void {
    this.grow(slot);
    const old = this.get(slot);
    if (!Number.isNaN(old)) {
      const b = this.bucketOf(old);
      (this.buckets[b] as RoaringBitmap32).remove(slot);
      this.sizes[b] = (this.sizes[b] as number) - 1;
    }
    this.put(slot, v);
    if (v === null) {
      this.nonNull.remove(slot);
    } else {
      this.nonNull.add(slot);
      const b = this.bucketOf(v);
      (this.buckets[b] as RoaringBitmap32).add(slot);
      this.sizes[b] = (this.sizes[b] as number) + 1;
    }
    if (++this.changes > 4096 && this.changes > this.nonNull.size / 4) this.rebalance();
  }

  /** Re-cuts the buckets at quantiles of the current values (about 256 buckets). */
  rebalance(): void {
    this.changes = 0;
    const slots = this.nonNull.toUint32Array();
    const vals = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) vals[i] = this.get(slots[i] as number);
    const sorted = vals.slice().sort();
    const bounds: number[] = [];
    const n = Math.min(256, Math.max(1, Math.floor(sorted.length / 2048)));
    for (let b = 1; b < n; b++) {
      const v = sorted[Math.floor((b * sorted.length) / n)] as number;
      if (bounds.length === 0 || v > (bounds[bounds.length - 1] as number)) bounds.push(v);
    }
    this.bounds = bounds;
    // A counting sort of the slots by bucket into one typed array (no per-bucket JavaScript
    // arrays: the transient memory goes back to the system once freed).
    const count = bounds.length + 1;
    const bucketOf = new Uint16Array(slots.length);
    const sizes = new Array<number>(count).fill(0);
    for (let i = 0; i < slots.length; i++) {
      const b = this.bucketOf(vals[i] as number);
      bucketOf[i] = b;
      sizes[b] = (sizes[b] as number) + 1;
    }
    const starts = new Uint32Array(count + 1);
    for (let b = 0; b < count; b++) starts[b + 1] = (starts[b] as number) + (sizes[b] as number);
    const bySlot = new Uint32Array(slots.length);
    const fill = starts.slice(0, count);
    for (let i = 0; i < slots.length; i++) {
      const b = bucketOf[i] as number;
      bySlot[(fill[b] as number)++] = slots[i] as number;
    }
    const R = roaring();
    this.buckets = Array.from({ length: count }, (_, b) => {
      const bitmap = new R(bySlot.subarray(starts[b] as number, starts[b + 1] as number));
      bitmap.shrinkToFit();
      return bitmap;
    });
    this.sizes = sizes;
  }

  /** Slots whose value satisfies `value op v` (NULLs never match). */
  query(op: '<' | '<=' | '>' | '>=' | '=' | '!=', v: number): RoaringBitmap32 {
    if (op === '!=') return roaring().andNot(this.nonNull, this.query('=', v));
    const at = this.bucketOf(v);
    const first = op === '<' || op === '<=' ? 0 : at;
    const last = op === '>' || op === '>=' ? this.buckets.length - 1 : at;
    const full: RoaringBitmap32[] = [];
    const out = new (roaring())();
    const test = (x: number) => (op === '<' ? x < v : op === '<=' ? x <= v : op === '>' ? x > v : op === '>=' ? x >= v : x === v);
    for (let b = first; b <= last; b++) {
      const bucket = this.buckets[b] as RoaringBitmap32;
      const min = b === 0 ? Number.NEGATIVE_INFINITY : (this.bounds[b - 1] as number);
      const max = b === this.bounds.length ? Number.POSITIVE_INFINITY : (this.bounds[b] as number);
      // every value x in bucket b satisfies min <= x < max
      const all = op === '<' || op === '<=' ? max <= v : op === '>' ? min > v : op === '>=' ? min >= v : false;
      if (all) {
        full.push(bucket);
        continue;
      }
      const slots = bucket.toUint32Array();
      const hits: number[] = [];
      for (let i = 0; i < slots.length; i++) if (test(this.get(slots[i] as number))) hits.push(slots[i] as number);
      out.addMany(hits);
    }
    return full.length > 0 ? roaring().orMany([out, ...full]) : out;
  }

  /** Slots whose value is in [lo, hi) (NULLs never match). */
  between(lo: number, hi: number): RoaringBitmap32 {
    const R = roaring();
    const first = this.bucketOf(lo);
    const last = this.bucketOf(hi);
    const full: RoaringBitmap32[] = [];
    const hits: number[] = [];
    for (let b = first; b <= last && b < this.buckets.length; b++) {
      const bucket = this.buckets[b] as RoaringBitmap32;
      const min = b === 0 ? Number.NEGATIVE_INFINITY : (this.bounds[b - 1] as number);
      const max = b === this.bounds.length ? Number.POSITIVE_INFINITY : (this.bounds[b] as number);
      if (min >= lo && max <= hi) {
        full.push(bucket);
        continue;
      }
      const slots = bucket.toUint32Array();
      for (let i = 0; i < slots.length; i++) {
        const x = this.get(slots[i] as number);
        if (x >= lo && x < hi) hits.push(slots[i] as number);
      }
    }
    const out = new R(hits);
    return full.length > 0 ? R.orMany([out, ...full]) : out;
  }

  /** Slots whose (non-NULL) value satisfies `test`, by a pass over the column. */
  filter(test: (x: number) => boolean): RoaringBitmap32 {
    const hits: number[] = [];
    for (let i = 0; i < this.values.length; i++) {
      const x = this.get(i);
      if (!Number.isNaN(x) && test(x)) hits.push(i);
    }
    return new (roaring())(hits);
  }

  /** The smallest and largest value held, or undefined when every value is NULL. */
  extent(): [number, number] | undefined {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.values.length; i++) {
      const x = this.get(i);
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    return lo <= hi ? [lo, hi] : undefined;
  }

  /**
   * The stored values that satisfy `value op v`, as an interval `[lo, hi]` (empty when lo > hi);
   * undefined for `!=`, which is not one interval. Strict bounds become inclusive ones exactly:
   * the next whole number in an `Int32Array` column, the next double in a `Float64Array` one.
   * In an `Int32Array` column `lo` is above the NULL sentinel, so NULLs never fall inside.
   */
  interval(op: '<' | '<=' | '>' | '>=' | '=' | '!=', v: number): [number, number] | undefined {
    if (op === '!=') return undefined;
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    if (this.narrowInts) {
      if (op === '>=' || op === '=') lo = Math.ceil(v);
      else if (op === '>') lo = Math.floor(v) + 1;
      if (op === '<=' || op === '=') hi = Math.floor(v);
      else if (op === '<') hi = Math.ceil(v) - 1;
      // NaN (never a stored value or a checked literal) matches nothing, as a comparison with it would.
      return Number.isNaN(v) ? [1, 0] : [Math.max(lo, NULL32 + 1), hi];
    }
    if (op === '>=' || op === '=') lo = v;
    else if (op === '>') lo = nextDouble(v, 1);
    if (op === '<=' || op === '=') hi = v;
    else if (op === '<') hi = nextDouble(v, -1);
    return [lo, hi];
  }

  /**
   * Roughly how many non-NULL values lie in `[lo, hi]`, from the bucket sizes (a boundary bucket
   * counts half). Only used to order comparisons, never to answer them.
   */
  estimate(lo: number, hi: number): number {
    if (!(lo <= hi)) return 0;
    const sizes = this.sizes;
    const first = this.bucketOf(lo);
    const last = this.bucketOf(hi);
    let n = 0;
    for (let b = first; b <= last && b < sizes.length; b++) n += sizes[b] as number;
    n -= (sizes[first] as number) / 2;
    if (last !== first && last < sizes.length) n -= (sizes[last] as number) / 2;
    return Math.max(n, 0);
  }

  /**
   * Keeps, in place, the first `n` candidate `slots` (ascending) whose value lies in `[lo, hi]`
   * ({@link RangeIndex.interval}) or is NULL, and returns how many remain. `sure[i]` is 1 while
   * candidate i is TRUE so far and 0 once it is UNKNOWN; a NULL value makes it UNKNOWN, a value
   * outside drops it. Reads the value column directly, in a loop specialised to its array type:
   * no bitmap or array is built per clause.
   */
  narrow(slots: Uint32Array, sure: Uint8Array, n: number, lo: number, hi: number): number {
    if (n === 0) return 0;
    // A slot beyond the column holds NULL (every indexed slot is inside it; this keeps it so).
    this.grow(slots[n - 1] as number);
    const values = this.values;
    return values instanceof Int32Array ? narrowInt32(values, slots, sure, n, lo, hi) : narrowFloat64(values, slots, sure, n, lo, hi);
  }

  /** {@link RangeIndex.narrow} for `value != v`: TRUE for a value other than `v`, UNKNOWN for NULL. */
  narrowNotEqual(slots: Uint32Array, sure: Uint8Array, n: number, v: number): number {
    if (n === 0) return 0;
    this.grow(slots[n - 1] as number);
    let w = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i] as number;
      const x = this.get(slot);
      if (x === v) continue;
      slots[w] = slot;
      sure[w] = Number.isNaN(x) ? 0 : (sure[i] as number);
      w++;
    }
    return w;
  }

  /** Bytes held: the value column (its capacity) and the bucket bitmaps. */
  memoryBytes(): { values: number; bitmaps: number } {
    let bitmaps = bitmapBytes(this.nonNull);
    for (const b of this.buckets) bitmaps += bitmapBytes(b);
    return { values: this.values.byteLength + this.sizes.length * 8 + this.bounds.length * 8, bitmaps };
  }
}

/** {@link RangeIndex.narrow} over an `Int32Array` column (NULL is {@link NULL32}, below every `lo`). */
function narrowInt32(values: Int32Array, slots: Uint32Array, sure: Uint8Array, n: number, lo: number, hi: number): number {
  let w = 0;
  for (let i = 0; i < n; i++) {
    const slot = slots[i] as number;
    const x = values[slot] as number;
    let keep: number;
    if (x >= lo && x <= hi) keep = sure[i] as number;
    else if (x === NULL32) keep = 0;
    else continue;
    slots[w] = slot;
    sure[w] = keep;
    w++;
  }
  return w;
}

/** {@link RangeIndex.narrow} over a `Float64Array` column (NULL is NaN, outside every interval). */
function narrowFloat64(values: Float64Array, slots: Uint32Array, sure: Uint8Array, n: number, lo: number, hi: number): number {
  let w = 0;
  for (let i = 0; i < n; i++) {
    const slot = slots[i] as number;
    const x = values[slot] as number;
    let keep: number;
    if (x >= lo && x <= hi) keep = sure[i] as number;
    else if (Number.isNaN(x)) keep = 0;
    else continue;
    slots[w] = slot;
    sure[w] = keep;
    w++;
  }
  return w;
}

/** The adjacent double above (`dir` 1) or below (-1) `v`; infinities and NaN stay as they are. */
function nextDouble(v: number, dir: 1 | -1): number {
  if (Number.isNaN(v) || v === dir * Number.POSITIVE_INFINITY) return v;
  if (v === 0) return dir * Number.MIN_VALUE;
  const f = new Float64Array([v]);
  const bits = new BigInt64Array(f.buffer);
  // Away from zero is one up in the bit pattern; toward zero one down.
  bits[0] = (bits[0] as bigint) + (v > 0 === dir > 0 ? 1n : -1n);
  return f[0] as number;
}
