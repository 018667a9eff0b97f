import type { PurchaseKey } from '../ast';
import { bitmapBytes, MAP_ENTRY_BYTES, stringBytes } from './bitmap-bytes';
import { type RoaringBitmap32, roaring } from './roaring';

const KEYS: readonly PurchaseKey[] = ['category', 'sku', 'brand'];

/** One checked purchase line, as the index stores it. */
export interface Line {
  readonly category: string;
  readonly sku: string | null;
  readonly brand: string | null;
  readonly at: number;
}

function grow<T extends Float64Array | Int32Array>(a: T, need: number, fill: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.fill(fill);
  b.set(a);
  return b;
}

/**
 * Purchase lines by member slot, columnar: each member's lines are one run in typed arrays
 * (instant, and category / SKU / brand as dictionary ids, -1 for none), plus a bitmap per
 * (attribute, value) of the members with at least one such line. Replacing a member's lines
 * appends a new run; the old run becomes garbage, reclaimed when it outweighs the live lines.
 */
export class PurchaseStore {
  private start = new Int32Array(0);
  private count = new Int32Array(0);
  private at = new Float64Array(1024);
  private ids: Int32Array[] = [new Int32Array(1024), new Int32Array(1024), new Int32Array(1024)];
  private used = 0;
  private live = 0;
  private readonly dict = new Map<string, number>();
  private readonly words: string[] = [];
  /** Per attribute (category, sku, brand): dictionary id → members with such a line. */
  private readonly postings: Map<number, RoaringBitmap32>[] = [new Map(), new Map(), new Map()];

  private intern(s: string): number {
    let id = this.dict.get(s);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(s);
      this.dict.set(s, id);
    }
    return id;
  }

  private ensureSlot(slot: number): void {
    if (slot < this.start.length) return;
    const n = Math.max(slot + 1, this.start.length * 2, 1024);
    this.start = grow(this.start, n, 0);
    this.count = grow(this.count, n, 0);
  }

  /** Replaces the lines of `slot` (none: an empty list). */
  set(slot: number, lines: readonly Line[] | undefined): void {
    this.clear(slot);
    if (!lines || lines.length === 0) return;
    this.ensureSlot(slot);
    const need = this.used + lines.length;
    this.at = grow(this.at, need, 0);
    this.ids = this.ids.map((a) => grow(a, need, -1));
    this.start[slot] = this.used;
    this.count[slot] = lines.length;
    for (const line of lines) {
      const i = this.used++;
      this.at[i] = line.at;
      const values = [line.category, line.sku, line.brand];
      for (let k = 0; k < 3; k++) {
        const v = values[k];
        const id = v === null || v === undefined ? -1 : this.intern(v);
        (this.ids[k] as Int32Array)[i] = id;
        if (id >= 0) {
          const map = this.postings[k] as Map<number, RoaringBitmap32>;
          let b = map.get(id);
          if (!b) {
            b = new (roaring())();
            map.set(id, b);
          }
          b.add(slot);
        }
      }
    }
    this.live += lines.length;
  }

  clear(slot: number): void {
    if (slot >= this.count.length || this.count[slot] === 0) return;
    const s = this.start[slot] as number;
    const n = this.count[slot] as number;
    for (let k = 0; k < 3; k++) {
      const ids = this.ids[k] as Int32Array;
      for (let i = s; i < s + n; i++) {
        const id = ids[i] as number;
        if (id >= 0) this.postings[k]?.get(id)?.remove(slot);
      }
    }
    this.count[slot] = 0;
    this.live -= n;
    if (this.used > 4096 && this.live * 2 < this.used) this.compact();
  }

  /** Copies the live runs to the front, in slot order. */
  private compact(): void {
    const at = new Float64Array(Math.max(1024, this.live));
    const ids = this.ids.map(() => new Int32Array(Math.max(1024, this.live)).fill(-1));
    let w = 0;
    for (let slot = 0; slot < this.count.length; slot++) {
      const n = this.count[slot] as number;
      if (n === 0) continue;
      const s = this.start[slot] as number;
      at.set(this.at.subarray(s, s + n), w);
      for (let k = 0; k < 3; k++) (ids[k] as Int32Array).set((this.ids[k] as Int32Array).subarray(s, s + n), w);
      this.start[slot] = w;
      w += n;
    }
    this.at = at;
    this.ids = ids;
    this.used = w;
  }

  /**
   * Members whose count of lines matching every filter, at or after `since`, satisfies `test`
   * (members without such lines count 0), within `all`.
   */
  select(
    by: readonly (readonly [PurchaseKey, string])[],
    since: number | null,
    test: (n: number) => boolean,
    all: RoaringBitmap32,
  ): RoaringBitmap32 {
    const R = roaring();
    const want: [Int32Array, number][] = [];
    let candidates: RoaringBitmap32 | undefined;
    for (const [key, value] of by) {
      const k = KEYS.indexOf(key);
      const id = this.dict.get(value);
      const posting = id === undefined ? undefined : this.postings[k]?.get(id);
      if (id === undefined || !posting) {
        candidates = new R();
        break;
      }
      want.push([this.ids[k] as Int32Array, id]);
      candidates = candidates ? R.and(candidates, posting) : posting;
    }
    const c = candidates ?? new R();
    const hits: number[] = [];
    for (const slot of c) {
      const s = this.start[slot] as number;
      const end = s + (this.count[slot] as number);
      let n = 0;
      for (let i = s; i < end; i++) {
        if (since !== null && (this.at[i] as number) < since) continue;
        let ok = true;
        for (const [ids, id] of want) if (ids[i] !== id) ok = false;
        if (ok) n++;
      }
      if (test(n)) hits.push(slot);
    }
    const t = new R(hits);
    return test(0) ? R.or(t, R.andNot(all, c)) : t;
  }

  /** Bytes held: the typed arrays (their capacity), the postings and the dictionary. */
  memoryBytes(): { values: number; bitmaps: number; dictionary: number } {
    let bitmaps = 0;
    for (const map of this.postings) for (const b of map.values()) bitmaps += bitmapBytes(b) + MAP_ENTRY_BYTES;
    let dictionary = 0;
    for (const w of this.words) dictionary += stringBytes(w) + 2 * MAP_ENTRY_BYTES;
    const values = this.start.byteLength + this.count.byteLength + this.at.byteLength + this.ids.reduce((n, a) => n + a.byteLength, 0);
    return { values, bitmaps, dictionary };
  }
}
