import { addLocal, fromLocal, localParts, startOfLocalDay } from '@aisle/core';
import type { SegmentAst } from '../ast';
import { isLeapYear } from '../internal/calendar';
import { DayStarts } from '../internal/day-starts';
import { anniversaryKey } from '../internal/evaluate';
import { type EvaluationOptions, type Plan, planOf } from '../internal/plan';
import { checkProfile, checkPurchase, instantOf, type Profile, readField } from '../profile';
import type { FieldType, ProfileSchema } from '../profile-schema';
import { bitmapBytes, MAP_ENTRY_BYTES, stringBytes } from './bitmap-bytes';
import { MemberIds } from './member-ids';
import { type Line, PurchaseStore } from './purchase-store';
import { RangeIndex } from './range-index';
import { type RoaringBitmap32, roaring } from './roaring';

/**
 * Options of {@link createBitmapIndex}.
 *
 * @example
 * ```ts
 * import { defineProfileSchema } from '@aisle/segments';
 * import type { BitmapIndexOptions } from '@aisle/segments/bitmap';
 *
 * const options: BitmapIndexOptions = { schema: defineProfileSchema({ tags: { type: 'tags' } }) };
 * ```
 *
 * @public
 */
export interface BitmapIndexOptions {
  readonly schema: ProfileSchema;
  /** Profiles to load (faster than one `upsert` at a time: range buckets are cut once at the end). */
  readonly profiles?: Iterable<Profile>;
}

/**
 * When to evaluate a query: relative dates count local days in `zone` back from `at`.
 *
 * @example
 * ```ts
 * import type { BitmapQueryOptions } from '@aisle/segments/bitmap';
 *
 * const when: BitmapQueryOptions = { at: Date.now(), zone: 'Asia/Shanghai' };
 * ```
 *
 * @public
 */
export interface BitmapQueryOptions extends EvaluationOptions {}

/**
 * Bytes the index holds, by part, calibrated against measurement (bench/memory.ts: heap, typed
 * arrays and the native memory outside V8, at 1M and 5M members): `bitmaps` the roaring bitmaps
 * (tags, values, range buckets, purchases) at what the process holds for them, about 1.15× their
 * serialised size; `values` the typed value columns by capacity; `dictionary` the member ids
 * (a `Uint32Array`, or UTF-8 bytes and offsets, plus the lookup table) and the value and tag
 * dictionaries. V8's own spare heap and allocator fragments after a bulk load are not counted.
 *
 * @example
 * ```ts
 * import type { IndexMemory } from '@aisle/segments/bitmap';
 *
 * declare const m: IndexMemory;
 * console.log(`${(m.total / 2 ** 20).toFixed(1)} MiB`);
 * ```
 *
 * @public
 */
export interface IndexMemory {
  /** Roaring bitmaps, at what the process holds for them. */
  readonly bitmaps: number;
  /** Typed value columns (numbers, money, dates, days, dictionary codes, purchase lines). */
  readonly values: number;
  /** Member ids with their lookup table, and the value, tag and purchase dictionaries. */
  readonly dictionary: number;
  readonly total: number;
}

/**
 * The in-memory segment engine: member ids mapped to uint32 slots (ids that are integers in a
 * `Uint32Array`, other ids as UTF-8 bytes, no object per member), a roaring bitmap per tag and per
 * string/enum/boolean value, bucketed range indexes over typed columns (`Int32Array` while the
 * values fit, `Float64Array` otherwise) for numbers, money, dates and days, purchase lines in
 * typed arrays. Updates are incremental; 42–50 bytes a member measured for the bench's schema (250k–4M members, bench:memory).
 *
 * @example
 * ```ts
 * import type { BitmapIndex } from '@aisle/segments/bitmap';
 *
 * declare const index: BitmapIndex;
 * index.upsert({ id: 'M9', attributes: { tags: ['vip'] } });
 * ```
 *
 * @public
 */
export interface BitmapIndex {
  /** Members in the index. */
  readonly size: number;
  /** Adds a member or replaces all of its values. */
  upsert(profile: Profile): void;
  /** Removes a member; false when it was not there. */
  remove(id: string): boolean;
  has(id: string): boolean;
  /** Member ids in the segment, in slot order. */
  query(ast: SegmentAst, options: BitmapQueryOptions): string[];
  /** How many members are in the segment (no id materialisation). */
  count(ast: SegmentAst, options: BitmapQueryOptions): number;
  memory(): IndexMemory;
}

/**
 * A string, enum or boolean column: a bitmap per value, and each member's value as a dictionary
 * code in an `Int32Array` (-1 for NULL), to undo its posting on upsert.
 */
type Eq = {
  kind: 'eq';
  map: Map<string | boolean, RoaringBitmap32>;
  nonNull: RoaringBitmap32;
  codes: Int32Array;
  dict: Map<string | boolean, number>;
  words: (string | boolean)[];
};
/** A tag set: a bitmap per tag, nothing per member (upsert finds a member's old tags in the bitmaps). */
type Tags = { kind: 'tags'; map: Map<string, RoaringBitmap32> };
type Range = { kind: 'range'; index: RangeIndex };
type Column = Eq | Tags | Range;
type Result = { t: RoaringBitmap32; u: RoaringBitmap32 | null };

/**
 * What {@link Index.narrowAnd} leaves: the first `n` of `slots` (ascending) are the members not
 * FALSE, `sure[i]` 1 for TRUE and 0 for UNKNOWN. A count or an id list reads them as they are;
 * only a nested AND needs them as bitmaps.
 */
class Survivors {
  constructor(
    readonly slots: Uint32Array,
    readonly sure: Uint8Array,
    readonly n: number,
  ) {}

  trueCount(): number {
    let k = 0;
    for (let i = 0; i < this.n; i++) k += this.sure[i] as number;
    return k;
  }

  toResult(): Result {
    const nt = this.trueCount();
    const tSlots = new Uint32Array(nt);
    const uSlots = new Uint32Array(this.n - nt);
    for (let i = 0, a = 0, b = 0; i < this.n; i++) {
      if (this.sure[i] === 1) tSlots[a++] = this.slots[i] as number;
      else uSlots[b++] = this.slots[i] as number;
    }
    const R = roaring();
    return { t: new R(tSlots), u: uSlots.length > 0 ? new R(uSlots) : null };
  }
}

class Index implements BitmapIndex {
  private readonly ids = new MemberIds();
  private readonly all = new (roaring())();
  private readonly columns = new Map<string, Column>();
  private readonly purchases = new PurchaseStore();
  /** Relative dates' day starts, worked out once per local day (a count is cheaper than the zone arithmetic). */
  private readonly days = new DayStarts();

  /** While bulk loading: slots and postings gathered in plain arrays, turned into bitmaps once. */
  private bulk: { all: number[]; postings: Map<Map<string | boolean, RoaringBitmap32>, Map<string | boolean, number[]>> } | null = null;

  private readonly fieldList: [string, FieldType][] = [];

  constructor(private readonly schema: ProfileSchema) {
    for (const [name, spec] of Object.entries(schema.fields)) this.fieldList.push([name, spec.type]);
    for (const [name, spec] of Object.entries(schema.fields)) {
      if (spec.type === 'tags') this.columns.set(name, { kind: 'tags', map: new Map() });
      else if (spec.type === 'number' || spec.type === 'money' || spec.type === 'date' || spec.type === 'day')
        // Instants need 8 bytes; numbers, money and day numbers start in 4 and widen if they must.
        this.columns.set(name, { kind: 'range', index: new RangeIndex(spec.type === 'date' ? 'float' : 'int') });
      else
        this.columns.set(name, {
          kind: 'eq',
          map: new Map(),
          nonNull: new (roaring())(),
          codes: new Int32Array(1024).fill(-1),
          dict: new Map(),
          words: [],
        });
    }
  }

  get size(): number {
    return this.all.size;
  }

  has(id: string): boolean {
    if (typeof id !== 'string') return false;
    const slot = this.ids.slotOf(id);
    return slot >= 0 && this.all.has(slot);
  }

  private bitmap<K>(map: Map<K, RoaringBitmap32>, key: K): RoaringBitmap32 {
    const found = map.get(key);
    if (found) return found;
    const b = new (roaring())();
    map.set(key, b);
    return b;
  }

  beginBulk(): void {
    this.bulk = { all: [], postings: new Map() };
  }

  endBulk(): void {
    const bulk = this.bulk;
    if (!bulk) return;
    this.bulk = null;
    this.all.addMany(bulk.all);
    this.all.runOptimize();
    this.all.shrinkToFit();
    for (const [map, lists] of bulk.postings) {
      for (const [key, list] of lists) {
        const b = this.bitmap(map, key);
        b.addMany(list);
        b.runOptimize();
        b.shrinkToFit();
      }
    }
    // Spare capacity left by growth goes: typed arrays to their length, bitmaps to their containers.
    const size = this.ids.size;
    this.ids.trim();
    for (const c of this.columns.values()) {
      if (c.kind === 'range') {
        c.index.trim(size);
        c.index.rebuild();
      } else if (c.kind === 'eq') {
        if (c.codes.length > size) c.codes = c.codes.slice(0, Math.max(size, 1));
        const slots: number[] = [];
        for (let i = 0; i < c.codes.length; i++) if ((c.codes[i] as number) >= 0) slots.push(i);
        c.nonNull.addMany(slots);
        c.nonNull.runOptimize();
        c.nonNull.shrinkToFit();
      }
    }
  }

  private post(map: Map<string | boolean, RoaringBitmap32>, key: string | boolean, slot: number): void {
    if (!this.bulk) {
      this.bitmap(map, key).add(slot);
      return;
    }
    let lists = this.bulk.postings.get(map);
    if (!lists) {
      lists = new Map();
      this.bulk.postings.set(map, lists);
    }
    const list = lists.get(key);
    if (list) list.push(slot);
    else lists.set(key, [slot]);
  }

  upsert(input: Profile): void {
    // Read (and validate) every value before changing anything, so a bad profile leaves no trace
    // (not even a slot for a new id).
    const profile = checkProfile(input);
    const values = this.fieldList.map(([name, type]) => (type === 'tags' ? tagList(profile, name) : readField(profile, name, type)));
    const purchases: Line[] | undefined =
      profile.purchases && profile.purchases.length > 0
        ? profile.purchases.map((p) => ({ ...checkPurchase(p, profile.id), at: instantOf(p.at, profile.id, 'purchases') }))
        : undefined;
    let slot = this.ids.slotOf(profile.id);
    if (slot >= 0 && this.bulk) this.endBulk();
    if (slot < 0) slot = this.ids.add(profile.id);
    if (!this.bulk) this.clear(slot);
    let i = 0;
    for (const column of this.columns.values()) this.write(column, slot, values[i++] ?? null);
    this.purchases.set(slot, purchases);
    if (this.bulk) this.bulk.all.push(slot);
    else this.all.add(slot);
  }

  private write(column: Column, slot: number, value: unknown): void {
    if (column.kind === 'range') {
      if (this.bulk) column.index.load(slot, value as number | null);
      else column.index.set(slot, value as number | null);
    } else if (column.kind === 'tags') {
      const tags = value as readonly string[];
      for (const tag of tags) this.post(column.map as Map<string | boolean, RoaringBitmap32>, tag, slot);
    } else if (value !== null) {
      const v = value as string | boolean;
      this.post(column.map, v, slot);
      if (!this.bulk) column.nonNull.add(slot);
      let code = column.dict.get(v);
      if (code === undefined) {
        code = column.words.length;
        column.words.push(v);
        column.dict.set(v, code);
      }
      if (slot >= column.codes.length) {
        const grown = new Int32Array(Math.max(slot + 1, Math.ceil(column.codes.length * 1.5))).fill(-1);
        grown.set(column.codes);
        column.codes = grown;
      }
      column.codes[slot] = code;
    }
  }

  private clear(slot: number): void {
    if (!this.all.has(slot)) return;
    for (const column of this.columns.values()) {
      if (column.kind === 'range') column.index.set(slot, null);
      else if (column.kind === 'tags') {
        // O(distinct tags) bitmap probes instead of 20-odd bytes per member to remember the tags.
        for (const bitmap of column.map.values()) bitmap.remove(slot);
      } else {
        const code = slot < column.codes.length ? (column.codes[slot] as number) : -1;
        if (code >= 0) column.map.get(column.words[code] as string | boolean)?.remove(slot);
        column.nonNull.remove(slot);
        if (code >= 0) column.codes[slot] = -1;
      }
    }
    this.purchases.clear(slot);
    this.all.remove(slot);
  }

  remove(id: string): boolean {
    const slot = typeof id === 'string' ? this.ids.slotOf(id) : -1;
    if (slot < 0 || !this.all.has(slot)) return false;
    this.clear(slot);
    return true;
  }

  /**
   * The members in the segment: a bitmap, or (when the top level is an AND ending in range
   * comparisons over few candidates) the candidates that survived them, not turned into a bitmap.
   */
  private run(ast: SegmentAst, options: BitmapQueryOptions): RoaringBitmap32 | Survivors {
    const plan = planOf(ast, this.schema, options, this.days);
    if (plan.k !== 'and') return this.eval(plan).t;
    const r = this.evalAnd(plan.xs);
    return r instanceof Survivors ? r : r.t;
  }

  query(ast: SegmentAst, options: BitmapQueryOptions): string[] {
    const r = this.run(ast, options);
    if (!(r instanceof Survivors)) return this.ids.idsOf(r.toUint32Array());
    const slots = new Uint32Array(r.trueCount());
    for (let i = 0, w = 0; i < r.n; i++) if (r.sure[i] === 1) slots[w++] = r.slots[i] as number;
    return this.ids.idsOf(slots);
  }

  count(ast: SegmentAst, options: BitmapQueryOptions): number {
    const r = this.run(ast, options);
    return r instanceof Survivors ? r.trueCount() : r.size;
  }

  private nulls(nonNull: RoaringBitmap32): RoaringBitmap32 | null {
    const u = roaring().andNot(this.all, nonNull);
    return u.isEmpty ? null : u;
  }

  private eval(plan: Plan): Result {
    switch (plan.k) {
      case 'and': {
        const r = this.evalAnd(plan.xs);
        return r instanceof Survivors ? r.toResult() : r;
      }
      case 'or': {
        const rs = plan.xs.map((x) => this.eval(x));
        const t = roaring().orMany(rs.map((r) => r.t));
        const us = rs.flatMap((r) => (r.u ? [r.u] : []));
        if (us.length === 0) return { t, u: null };
        const u = roaring().andNot(roaring().orMany(us), t);
        return { t, u: u.isEmpty ? null : u };
      }
      case 'not': {
        const r = this.eval(plan.x);
        const t = roaring().andNot(this.all, r.t);
        return { t: r.u ? roaring().andNot(t, r.u) : t, u: r.u };
      }
      case 'tag': {
        const column = this.columns.get(plan.f) as Tags;
        return { t: column.map.get(plan.tag) ?? new (roaring())(), u: null };
      }
      case 'bought':
        return { t: this.purchases.select(plan.by, plan.since, (n) => compareCount(n, plan.op, plan.n), this.all), u: null };
      case 'anniv': {
        const index = (this.columns.get(plan.f) as Range).index;
        return { t: this.anniversary(plan, index), u: this.nulls(index.nonNull) };
      }
      default:
    }
    const column = this.columns.get(plan.f) as Eq | Range;
    const nonNull = column.kind === 'range' ? column.index.nonNull : column.nonNull;
    if (plan.k === 'null') return { t: roaring().andNot(this.all, nonNull), u: null };
    const u = this.nulls(nonNull);
    if (column.kind === 'range') {
      const t =
        plan.k === 'in'
          ? roaring().orMany(plan.vs.map((v) => column.index.query('=', v as number)))
          : column.index.query(plan.op, plan.v as number);
      return { t, u };
    }
    const eq = (v: string | number | boolean) => column.map.get(v as string | boolean) ?? new (roaring())();
    if (plan.k === 'in') return { t: roaring().orMany(plan.vs.map(eq)), u };
    return { t: plan.op === '=' ? eq(plan.v) : roaring().andNot(column.nonNull, eq(plan.v)), u };
  }

  /**
   * Kleene AND, evaluated incrementally: T = ∩Tᵢ and M = ∩(Tᵢ ∪ Uᵢ), so U = M − T. Bitmap
   * children go first; a comparison on a numeric or date column then only looks at the slots
   * still in M when they are few, instead of building its full range bitmap.
   */
  private evalAnd(xs: readonly Plan[]): Result | Survivors {
    // Kleene AND is associative: nested ANDs (BETWEEN, date equality) join this one. Positive
    // bitmap children go first, then negations (subtracted, never complemented against all
    // members), then range comparisons (filtered over the few remaining candidates).
    const ordered: Plan[] = [];
    const nots: Plan[] = [];
    const ranges: (Plan & { k: 'cmp' })[] = [];
    const stack = [...xs].reverse();
    while (stack.length > 0) {
      const x = stack.pop() as Plan;
      if (x.k === 'and') for (let i = x.xs.length - 1; i >= 0; i--) stack.push(x.xs[i] as Plan);
      else if (x.k === 'not') nots.push(x);
      else if (x.k === 'cmp' && this.columns.get(x.f)?.kind === 'range') ranges.push(x);
      else ordered.push(x);
    }
    const firstRange = ordered.length + nots.length;
    ordered.push(...nots, ...ranges);
    let t: RoaringBitmap32 | undefined;
    // M, or the very same object as T while no child has had an UNKNOWN (then M = T).
    let m: RoaringBitmap32 | undefined;
    const R = roaring();
    for (let i = 0; i < ordered.length; i++) {
      const x = ordered[i] as Plan;
      if (t && m && i >= firstRange) {
        const candidates = m.size;
        if (candidates < 64 || candidates * 8 < this.all.size) {
          // The remaining children are all range comparisons: run them over the few candidates.
          return this.narrowAnd(t, m, ranges.slice(i - firstRange));
        }
      }
      if (x.k === 'not' && t && m) {
        // x = NOT y: TRUE where y is FALSE, UNKNOWN where y is. So T ∧= ¬(Ty ∪ Uy), M ∧= ¬Ty.
        const r = this.eval(x.x);
        const same = m === t;
        m = R.andNot(m, r.t);
        t = same ? m : R.andNot(t, r.t);
        if (r.u) t = R.andNot(t, r.u);
        continue;
      }
      const r = this.eval(x);
      if (!t || !m) {
        t = r.t;
        m = r.u ? R.or(r.t, r.u) : r.t;
        continue;
      }
      const same = m === t;
      t = R.and(t, r.t);
      m = same && !r.u ? t : R.and(m, r.u ? R.or(r.t, r.u) : r.t);
    }
    const tt = t as RoaringBitmap32;
    if (m === tt) return { t: tt, u: null };
    const u = R.andNot(m as RoaringBitmap32, tt);
    return { t: tt, u: u.isEmpty ? null : u };
  }

  /**
   * The tail of {@link Index.evalAnd}: range comparisons over the candidates in M (those in T
   * TRUE so far, the rest UNKNOWN), narrowed in place on typed arrays. Comparisons on one column
   * are one interval (a BETWEEN is one pass), the most selective column goes first.
   */
  private narrowAnd(t: RoaringBitmap32, m: RoaringBitmap32, cmps: readonly (Plan & { k: 'cmp' })[]): Survivors {
    const slots = m.toUint32Array();
    let n = slots.length;
    const sure = new Uint8Array(n);
    if (m === t) sure.fill(1);
    else {
      // Both sorted: mark the candidates that are in T.
      const ts = t.toUint32Array();
      for (let i = 0, j = 0; i < n && j < ts.length; i++) {
        const s = slots[i] as number;
        while (j < ts.length && (ts[j] as number) < s) j++;
        if (ts[j] === s) sure[i] = 1;
      }
    }
    // One pass per column: the intersection of its intervals, then any `!=`.
    const passes: { index: RangeIndex; lo: number; hi: number; not: number[]; keeps: number }[] = [];
    for (const c of cmps) {
      const index = (this.columns.get(c.f) as Range).index;
      let pass = passes.find((p) => p.index === index);
      if (!pass) {
        pass = { index, lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY, not: [], keeps: 0 };
        passes.push(pass);
      }
      const range = index.interval(c.op, c.v as number);
      if (range) {
        pass.lo = Math.max(pass.lo, range[0]);
        pass.hi = Math.min(pass.hi, range[1]);
      } else pass.not.push(c.v as number);
    }
    // Most selective first (AND commutes; NULLs stay candidates), so later passes read fewer values.
    const members = this.all.size;
    for (const p of passes) p.keeps = p.index.estimate(p.lo, p.hi) + (members - p.index.nonNull.size);
    passes.sort((a, b) => a.keeps - b.keeps);
    for (const p of passes) {
      n = p.index.narrow(slots, sure, n, p.lo, p.hi);
      for (const v of p.not) n = p.index.narrowNotEqual(slots, sure, n, v);
    }
    return new Survivors(slots, sure, n);
  }

  /**
   * `anniversary(f) = day` over a range column: for every year from the column's earliest value to
   * the year before the day, the members whose value lies on that year's month and day (the local
   * day in the zone for instants, bounded by its local midnights), looked up in the range index.
   */
  private anniversary(plan: Plan & { k: 'anniv' }, index: RangeIndex): RoaringBitmap32 {
    const R = roaring();
    const extent = index.extent();
    if (!extent) return new R();
    if (plan.t === 'day' || localParts(plan.before, plan.zone).year - localParts(extent[0], plan.zone).year > MAX_ANNIVERSARY_YEARS) {
      // Day numbers are cheap to take apart; instants spread over centuries (hostile or broken
      // data) are converted one by one rather than walking every year in between.
      return index.filter((x) => x < plan.before && plan.keys.includes(anniversaryKey(x, plan.t, plan.zone)));
    }
    const parts: RoaringBitmap32[] = [];
    const last = localParts(plan.before, plan.zone).year;
    for (let y = localParts(extent[0], plan.zone).year; y <= last; y++) {
      for (const key of plan.keys) {
        const m = Math.floor(key / 100);
        const d = key % 100;
        if (m === 2 && d === 29 && !isLeapYear(y)) continue;
        const lo = startOfLocalDay(fromLocal({ year: y, month: m, day: d }, plan.zone), plan.zone).getTime();
        const hi = startOfLocalDay(addLocal(lo + 12 * 3_600_000, { hours: 24 }, plan.zone), plan.zone).getTime();
        if (lo >= plan.before) continue;
        parts.push(index.between(lo, Math.min(hi, plan.before)));
      }
    }
    return parts.length > 0 ? R.orMany(parts) : new R();
  }

  memory(): IndexMemory {
    let bitmaps = bitmapBytes(this.all);
    let values = 0;
    let dictionary = this.ids.memoryBytes();
    for (const c of this.columns.values()) {
      if (c.kind === 'range') {
        const m = c.index.memoryBytes();
        values += m.values;
        bitmaps += m.bitmaps;
        continue;
      }
      for (const [key, b] of c.map) {
        bitmaps += bitmapBytes(b);
        dictionary += MAP_ENTRY_BYTES + (typeof key === 'string' ? stringBytes(key) : 0);
      }
      if (c.kind === 'eq') {
        bitmaps += bitmapBytes(c.nonNull);
        values += c.codes.byteLength;
        dictionary += c.words.length * MAP_ENTRY_BYTES;
      }
    }
    const p = this.purchases.memoryBytes();
    bitmaps += p.bitmaps;
    values += p.values;
    dictionary += p.dictionary;
    return { bitmaps, values, dictionary, total: bitmaps + values + dictionary };
  }
}

/** Beyond this many years between the earliest value and the day, an anniversary scans the column instead. */
const MAX_ANNIVERSARY_YEARS = 400;

const NO_TAGS: readonly string[] = Object.freeze([]);

/** A member's tags as a fresh duplicate-free array (cheaper than a Set for the few tags a member has). */
function tagList(profile: Profile, field: string): readonly string[] {
  const raw = Object.hasOwn(profile.attributes, field) ? profile.attributes[field] : undefined;
  if (raw === undefined || raw === null) return NO_TAGS;
  if (Array.isArray(raw) && raw.every((t) => typeof t === 'string')) {
    if (raw.length > 32) return [...new Set(raw as string[])];
    const out: string[] = [];
    for (const t of raw as string[]) if (!out.includes(t)) out.push(t);
    return out;
  }
  return [...(readField(profile, field, 'tags') as ReadonlySet<string>)];
}

function compareCount(n: number, op: string, k: number): boolean {
  return op === '=' ? n === k : op === '!=' ? n !== k : op === '<' ? n < k : op === '<=' ? n <= k : op === '>' ? n > k : n >= k;
}

/**
 * Builds the bitmap engine over a set of profiles. Results are identical to `toPredicate` from `@aisle/segments`
 * (three-valued logic included), which the conformance tests check on random segments.
 *
 * @example
 * ```ts
 * import { defineProfileSchema, parseSegment } from '@aisle/segments';
 * import { createBitmapIndex } from '@aisle/segments/bitmap';
 *
 * const schema = defineProfileSchema({ tags: { type: 'tags' }, visits30d: { type: 'number' } });
 * const index = createBitmapIndex({ schema, profiles: [{ id: 'M1', attributes: { tags: ['vip'], visits30d: 4 } }] });
 * console.log(index.query(parseSegment("tags CONTAINS 'vip' AND visits30d >= 2"), { at: Date.now(), zone: 'Asia/Shanghai' })); // ['M1']
 * ```
 *
 * @public
 */
export function createBitmapIndex(options: BitmapIndexOptions): BitmapIndex {
  const index = new Index(options.schema);
  if (options.profiles) {
    index.beginBulk();
    try {
      for (const p of options.profiles) index.upsert(p);
    } finally {
      index.endBulk();
    }
  }
  return index;
}
