import { type RoaringBitmap32, roaring } from './roaring';

/**
 * A numeric (or date, as epoch ms) column: values by uint32 slot plus value buckets, each a
 * bitmap. A range query ORs the buckets entirely inside the range and checks the one or two
 * boundary buckets value by value.
 */
export class RangeIndex {
  private values = new Float64Array(1024).fill(Number.NaN);
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
    const grown = new Float64Array(Math.max(slot + 1, this.values.length * 2)).fill(Number.NaN);
    grown.set(this.values);
    this.values = grown;
  }

  /** Bulk loading: stores the value of a slot not yet indexed; {@link RangeIndex.rebuild} indexes them all. */
  load(slot: number, v: number | null): void {
    this.grow(slot);
    this.values[slot] = v === null ? Number.NaN : v;
  }

  /** Indexes every stored value (after {@link RangeIndex.load}). */
  rebuild(): void {
    const slots: number[] = [];
    for (let i = 0; i < this.values.length; i++) if (!Number.isNaN(this.values[i] as number)) slots.push(i);
    this.nonNull.clear();
    this.nonNull.addMany(slots);
    this.rebalance();
  }

  set(slot: number, v: number | null): void {
    this.grow(slot);
    const old = this.values[slot] as number;
    if (!Number.isNaN(old)) {
      const b = this.bucketOf(old);
      (this.buckets[b] as RoaringBitmap32).remove(slot);
      this.sizes[b] = (this.sizes[b] as number) - 1;
    }
    if (v === null) {
      this.values[slot] = Number.NaN;
      this.nonNull.remove(slot);
    } else {
      this.values[slot] = v;
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
    for (let i = 0; i < slots.length; i++) vals[i] = this.values[slots[i] as number] as number;
    const sorted = vals.slice().sort();
    const bounds: number[] = [];
    const n = Math.min(256, Math.max(1, Math.floor(sorted.length / 2048)));
    for (let b = 1; b < n; b++) {
      const v = sorted[Math.floor((b * sorted.length) / n)] as number;
      if (bounds.length === 0 || v > (bounds[bounds.length - 1] as number)) bounds.push(v);
    }
    this.bounds = bounds;
    const lists: number[][] = Array.from({ length: bounds.length + 1 }, () => []);
    for (let i = 0; i < slots.length; i++) (lists[this.bucketOf(vals[i] as number)] as number[]).push(slots[i] as number);
    this.buckets = lists.map((l) => new (roaring())(l));
    this.sizes = lists.map((l) => l.length);
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
      for (let i = 0; i < slots.length; i++) if (test(this.values[slots[i] as number] as number)) hits.push(slots[i] as number);
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
        const x = this.values[slots[i] as number] as number;
        if (x >= lo && x < hi) hits.push(slots[i] as number);
      }
    }
    const out = new R(hits);
    return full.length > 0 ? R.orMany([out, ...full]) : out;
  }

  /** Slots whose (non-NULL) value satisfies `test`, by a pass over the column. */
  filter(test: (x: number) => boolean): RoaringBitmap32 {
    const hits: number[] = [];
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      if (!Number.isNaN(x) && test(x)) hits.push(i);
    }
    return new (roaring())(hits);
  }

  /** The smallest and largest value held, or undefined when every value is NULL. */
  extent(): [number, number] | undefined {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const values = this.values;
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    return lo <= hi ? [lo, hi] : undefined;
  }

  /**
   * Roughly how many non-NULL values satisfy `value op v`, from the bucket sizes (the boundary
   * bucket counts half). Only used to order comparisons, never to answer them.
   */
  estimate(op: '<' | '<=' | '>' | '>=' | '=' | '!=', v: number): number {
    const sizes = this.sizes;
    const at = this.bucketOf(v);
    let total = 0;
    for (const n of sizes) total += n;
    if (op === '!=') return total;
    const half = (sizes[at] as number) / 2;
    if (op === '=') return half;
    let n = half;
    if (op === '<' || op === '<=') for (let b = 0; b < at; b++) n += sizes[b] as number;
    else for (let b = at + 1; b < sizes.length; b++) n += sizes[b] as number;
    return n;
  }

  /**
   * Keeps, in place, the first `n` candidate `slots` for which `value op v` is TRUE or UNKNOWN
   * (NULL), and returns how many remain. `sure[i]` is 1 while candidate i is TRUE so far and 0 once
   * it is UNKNOWN; a NULL value makes it UNKNOWN, a FALSE comparison drops it. Reads the value
   * column directly: no bitmap or array is built per clause.
   */
  narrow(slots: Uint32Array, sure: Uint8Array, n: number, op: '<' | '<=' | '>' | '>=' | '=' | '!=', v: number): number {
    const values = this.values;
    const len = values.length;
    let w = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i] as number;
      const x = slot < len ? (values[slot] as number) : Number.NaN;
      let keep: number;
      if (Number.isNaN(x)) keep = 0;
      else if (op === '<' ? x < v : op === '<=' ? x <= v : op === '>' ? x > v : op === '>=' ? x >= v : op === '=' ? x === v : x !== v)
        keep = sure[i] as number;
      else continue;
      slots[w] = slot;
      sure[w] = keep;
      w++;
    }
    return w;
  }

  memoryBytes(): number {
    let n = this.values.byteLength + this.nonNull.getSerializationSizeInBytes(true);
    for (const b of this.buckets) n += b.getSerializationSizeInBytes(true);
    return n;
  }
}
