import { anniversaryIn, dayNumber, fromDayNumber, monthOf } from '../internal/calendar';
import type { EvalContext } from '../internal/context';
import type { Condition } from '../schema-types';
import { compileCondition, type FilterRegistry, type Holidays, isAnniversary, type Predicate } from './conditions';

// The conditions of `createPointsEvaluator`, compiled into one flat program of checks per rule
// set (an opcode and its operands in typed arrays) that `passes` runs with a switch: no closure
// call per condition. The facts the checks read (kind, channel, tier, tags and payment methods as
// bit sets over the names the rule set mentions, the business date's holiday flags) are computed
// once per receipt by the evaluator. Conditions without a check of their own (`any`, `store`,
// birthday weeks and days, items with a minimum, more than 31 names) run their compiled closure
// (`CALL`), so every condition keeps exactly the meaning `evaluate` gives it.

const KIND = 1;
const CHANNEL = 2;
const TIER = 3;
const TAGS = 4;
const PAYMENT = 5;
const WEEKDAY = 6;
const DAY_OF_MONTH = 7;
const ORDER_AMOUNT = 8;
const ITEMS = 9;
const DATE_RANGE = 10;
const HOLIDAY = 11;
const STORE_ANNIVERSARY = 12;
const JOIN_ANNIVERSARY = 13;
const BIRTHDAY_MONTH = 14;
const FIRST_PURCHASE = 15;
const CALL = 16;
/** Added to an opcode: the check is negated (`not` of a leaf). */
const NOT = 64;

/** Codes of the transaction kinds and channels (bit positions in the checks' masks). */
const KIND_CODE: Readonly<Record<string, number>> = Object.freeze({ purchase: 0, 'sign-up': 1, 'top-up': 2 });
const CHANNEL_CODE: Readonly<Record<string, number>> = Object.freeze({ pos: 0, online: 1, 'mini-program': 2 });

/** Holiday flags of a business date: a listed holiday, a listed adjusted working day. */
const IS_HOLIDAY = 1;
const IS_WORKDAY = 2;

/** What the checks read, set by the evaluator for each receipt. */
export class Facts {
  kind = 0;
  channel = 0;
  /** Bit i: the member's tier is `tiers[i]`. */
  tierBits = 0;
  /** 1 + i when the member's tier is `tiers[i]`, 0 for a tier no condition names. */
  tierIndex = 0;
  /** Bit i: the member has tag `tags[i]`. */
  tagBits = 0;
  /** Bit i: a tender of `methods[i]` paid more than 0 fen. */
  paymentBits = 0;
  /** `IS_HOLIDAY` / `IS_WORKDAY` of the business date (set when a day's date atoms are computed, and when rules have checks of their own). */
  holiday = 0;
  /** Bit i: at least one line matched item filter number i (filters 0–30). */
  filterBits = 0;
  /** The atoms that hold (`CheckProgram.atomOp`): 0–30 in `lo`, 31–61 in `hi`. */
  lo = 0;
  hi = 0;
  /** Month × 100 + day of the member's birthday, joining date and the store's opening date (-1: none). */
  birthday = -1;
  joinedOn = -1;
  openedOn = -1;
  /** The date atoms that hold on the business day (part of `lo` and `hi`). */
  dayLo = 0;
  dayHi = 0;
}

/** Names the rule set's conditions mention, each with its bit (at most 31 per list). */
export class Names {
  readonly list: string[] = [];
  /** The mask of `names`, or -1 when a name would need a 32nd bit. */
  mask(names: readonly string[]): number {
    let mask = 0;
    for (const name of names) {
      let i = this.list.indexOf(name);
      if (i < 0) {
        if (this.list.length === 31) return -1;
        i = this.list.push(name) - 1;
      }
      mask |= 1 << i;
    }
    return mask;
  }
  /** The bit of `value` (0 when the rule set never mentions it). */
  bitsOf(value: string): number {
    const list = this.list;
    for (let i = 0; i < list.length; i++) if (list[i] === value) return 1 << i;
    return 0;
  }
}

/** A rule set's condition checks: rule r's are `from[r]` to `from[r + 1]`. */
export class CheckProgram {
  readonly op: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly ref: unknown[] = [];
  readonly tiers = new Names();
  readonly tags = new Names();
  readonly methods = new Names();
  /** Holiday flags by day number from `firstDay` (empty without a holiday calendar). */
  holidayTable: Uint8Array = new Uint8Array(0);
  firstDay = 0;
  /** The holiday dates lie too far apart for a table (never a real calendar): holiday checks call their closures. */
  private tableless = false;

  constructor(
    private readonly holidays: Holidays,
    private readonly filters: FilterRegistry,
  ) {
    const days: Array<[number, number]> = [];
    // Only canonical dates can equal a business date's ISO string, so only those enter the table.
    const add = (iso: string, flag: number) => {
      const n = dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
      if (fromDayNumber(n).iso === iso) days.push([n, flag]);
    };
    for (const d of holidays.holidays) add(d, IS_HOLIDAY);
    for (const d of holidays.workdays) add(d, IS_WORKDAY);
    if (days.length > 0) {
      let first = Number.POSITIVE_INFINITY;
      let last = Number.NEGATIVE_INFINITY;
      for (const [n] of days) {
        first = Math.min(first, n);
        last = Math.max(last, n);
      }
      if (last - first < 1_000_000) {
        this.firstDay = first;
        this.holidayTable = new Uint8Array(last - first + 1);
        for (const [n, flag] of days) this.holidayTable[n - first] = (this.holidayTable[n - first] as number) | flag;
      } else {
        // Dates too far apart for a table (never a real calendar): the holiday checks call the closures.
        this.holidayTable = new Uint8Array(0);
        this.tableless = true;
      }
    }
  }

  /**
   * Distinct checks ("atoms", at most 62) are evaluated once per receipt into two 31-bit words
   * (`computeAtoms`); a rule's atoms are then two mask comparisons. Checks that call a closure,
   * and atoms past the 62nd, stay in the rule's own list (`passes`, in order, lazily).
   */
  readonly atomOp: number[] = [];
  readonly atomA: number[] = [];
  readonly atomB: number[] = [];
  readonly atomRef: unknown[] = [];
  private readonly atomKeys = new Map<string, number>();
  /** Per rule: the atoms that must hold and must not, as (low word, high word), and its own checks `from` to `to`. */
  readonly needLo: number[] = [];
  readonly needHi: number[] = [];
  readonly notLo: number[] = [];
  readonly notHi: number[] = [];
  readonly from: number[] = [];
  readonly to: number[] = [];

  /** Atom bits by kind code, channel code and tier index (0: a tier no condition names). */
  kindLo = new Int32Array(3);
  kindHi = new Int32Array(3);
  channelLo = new Int32Array(3);
  channelHi = new Int32Array(3);
  tierLo = new Int32Array(1);
  tierHi = new Int32Array(1);
  /** Atoms by kind, with their bit k: items (filter, k), tags (all, any, none, k), payment (mask, k), amount (min, max, k). */
  itemAtoms = new Int32Array(0);
  tagAtoms = new Int32Array(0);
  paymentAtoms = new Int32Array(0);
  /**
   * The same atoms as lookup tables (no branch per atom): the item atoms' words by each byte of
   * the filter bits (4 × 256 entries), the tag atoms' and payment atoms' words by the whole tag or
   * payment bit set (2^names entries; empty when there are more than 10 names, then the loops run).
   */
  itemLo = new Int32Array(0);
  itemHi = new Int32Array(0);
  tagLo = new Int32Array(0);
  tagHi = new Int32Array(0);
  paymentLo = new Int32Array(0);
  paymentHi = new Int32Array(0);
  amountAtoms = new Float64Array(0);
  /** Date atoms (weekday, day of month, date range, holiday): evaluated once per business day (cached). */
  dateAtoms = new Int32Array(0);
  /** The member's and store's atoms (each at most one after deduplication), as (low word, high word) bits; 0 when absent. */
  birthdayLo = 0;
  birthdayHi = 0;
  joinLo = 0;
  joinHi = 0;
  storeLo = 0;
  storeHi = 0;
  firstLo = 0;
  firstHi = 0;
  /** The date atoms' words of the days `dayBase` to `dayBase + 4095` (`daySeen` 1 when computed). */
  private dayBase = Number.NaN;
  private readonly dayLo = new Int32Array(4096);
  private readonly dayHi = new Int32Array(4096);
  private readonly daySeen = new Uint8Array(4096);

  /** Builds the atom tables once every rule was added. */
  finish(): void {
    const set = (lo: Int32Array, hi: Int32Array, i: number, k: number) => {
      if (k < 31) lo[i] = (lo[i] as number) | (1 << k);
      else hi[i] = (hi[i] as number) | (1 << (k - 31));
    };
    const tiers = this.tiers.list.length + 1;
    this.tierLo = new Int32Array(tiers);
    this.tierHi = new Int32Array(tiers);
    const items: number[] = [];
    const tags: number[] = [];
    const payments: number[] = [];
    const amounts: number[] = [];
    const dates: number[] = [];
    const bit = (k: number): [number, number] => (k < 31 ? [1 << k, 0] : [0, 1 << (k - 31)]);
    this.atomOp.forEach((op, k) => {
      const a = this.atomA[k] as number;
      const b = this.atomB[k] as number;
      switch (op) {
        case KIND:
          for (let c = 0; c < 3; c++) if (((a >>> c) & 1) === 1) set(this.kindLo, this.kindHi, c, k);
          break;
        case CHANNEL:
          for (let c = 0; c < 3; c++) if (((a >>> c) & 1) === 1) set(this.channelLo, this.channelHi, c, k);
          break;
        case TIER:
          for (let t = 1; t < tiers; t++) if (((a >>> (t - 1)) & 1) === 1) set(this.tierLo, this.tierHi, t, k);
          break;
        case ITEMS:
          items.push(a, k);
          break;
        case TAGS:
          tags.push(a, b, this.atomRef[k] as number, k);
          break;
        case PAYMENT:
          payments.push(a, k);
          break;
        case ORDER_AMOUNT:
          amounts.push(a, b, k);
          break;
        case WEEKDAY:
        case DAY_OF_MONTH:
        case DATE_RANGE:
        case HOLIDAY:
          dates.push(k);
          break;
        case BIRTHDAY_MONTH:
          [this.birthdayLo, this.birthdayHi] = bit(k);
          break;
        case JOIN_ANNIVERSARY:
          [this.joinLo, this.joinHi] = bit(k);
          break;
        case STORE_ANNIVERSARY:
          [this.storeLo, this.storeHi] = bit(k);
          break;
        case FIRST_PURCHASE:
          [this.firstLo, this.firstHi] = bit(k);
          break;
        /* v8 ignore next 2: every other opcode is a CALL, never an atom */
        default:
          throw new Error(`unexpected atom opcode ${op}`);
      }
    });
    this.itemAtoms = Int32Array.from(items);
    this.tagAtoms = Int32Array.from(tags);
    this.paymentAtoms = Int32Array.from(payments);
    const word = (lo: Int32Array, hi: Int32Array, at: number, k: number) => set(lo, hi, at, k);
    if (items.length > 0) {
      this.itemLo = new Int32Array(4 * 256);
      this.itemHi = new Int32Array(4 * 256);
      for (let byte = 0; byte < 4; byte++)
        for (let v = 0; v < 256; v++)
          for (let i = 0; i < items.length; i += 2) {
            const a = (items[i] as number) - 8 * byte;
            if (a >= 0 && a < 8 && ((v >>> a) & 1) === 1) word(this.itemLo, this.itemHi, 256 * byte + v, items[i + 1] as number);
          }
    }
    const names = (n: number) => (n <= 10 ? 1 << n : 0);
    const tagCount = names(this.tags.list.length);
    if (tags.length > 0 && tagCount > 0) {
      this.tagLo = new Int32Array(tagCount);
      this.tagHi = new Int32Array(tagCount);
      for (let v = 0; v < tagCount; v++)
        for (let i = 0; i < tags.length; i += 4) {
          const all = tags[i] as number;
          const any = tags[i + 1] as number;
          if ((v & all) === all && (v & (tags[i + 2] as number)) === 0 && (any === 0 || (v & any) !== 0))
            word(this.tagLo, this.tagHi, v, tags[i + 3] as number);
        }
    }
    const methodCount = names(this.methods.list.length);
    if (payments.length > 0 && methodCount > 0) {
      this.paymentLo = new Int32Array(methodCount);
      this.paymentHi = new Int32Array(methodCount);
      for (let v = 0; v < methodCount; v++)
        for (let i = 0; i < payments.length; i += 2)
          if ((v & (payments[i] as number)) !== 0) word(this.paymentLo, this.paymentHi, v, payments[i + 1] as number);
    }
    this.amountAtoms = Float64Array.from(amounts);
    this.dateAtoms = Int32Array.from(dates);
  }

  /** Sets `f.dayLo` and `f.dayHi`, the date atoms' words of the receipt's business day (cached per day). */
  dateWords(f: Facts, ctx: EvalContext): void {
    const n = ctx.date.dayNumber;
    if (Number.isNaN(this.dayBase)) this.dayBase = n - 2048;
    const slot = n - this.dayBase;
    const cached = slot >= 0 && slot < 4096;
    if (cached && this.daySeen[slot] === 1) {
      f.dayLo = this.dayLo[slot] as number;
      f.dayHi = this.dayHi[slot] as number;
      return;
    }
    // A day not seen yet: its holiday flags, then its date atoms.
    f.holiday = this.holidayOf(n);
    let lo = 0;
    let hi = 0;
    const dates = this.dateAtoms;
    for (let i = 0; i < dates.length; i++) {
      const k = dates[i] as number;
      if (holds(this.atomOp[k] as number, this.atomA, this.atomB, this.atomRef, k, f, ctx)) {
        if (k < 31) lo |= 1 << k;
        else hi |= 1 << (k - 31);
      }
    }
    if (cached) {
      this.dayLo[slot] = lo;
      this.dayHi[slot] = hi;
      this.daySeen[slot] = 1;
    }
    f.dayLo = lo;
    f.dayHi = hi;
  }

  /** Compiles one rule's conditions (all must hold); returns the rule's number. */
  add(conditions: readonly Condition[]): number {
    const r = this.from.length;
    this.needLo.push(0);
    this.needHi.push(0);
    this.notLo.push(0);
    this.notHi.push(0);
    this.from.push(this.op.length);
    for (const c of conditions) this.leaf(c, 0);
    this.to.push(this.op.length);
    return r;
  }

  /** The holiday flags of day `n`. */
  holidayOf(n: number): number {
    const i = n - this.firstDay;
    return i >= 0 && i < this.holidayTable.length ? (this.holidayTable[i] as number) : 0;
  }

  private push(op: number, a: number, b: number, ref: unknown): void {
    if ((op & 63) !== CALL) {
      const key = `${op & 63} ${a} ${b} ${JSON.stringify(ref)}`;
      let atom = this.atomKeys.get(key);
      if (atom === undefined && this.atomOp.length < 62) {
        atom = this.atomOp.length;
        this.atomKeys.set(key, atom);
        this.atomOp.push(op & 63);
        this.atomA.push(a);
        this.atomB.push(b);
        this.atomRef.push(ref);
      }
      if (atom !== undefined) {
        const r = this.from.length - 1;
        const words = op >= NOT ? [this.notLo, this.notHi] : [this.needLo, this.needHi];
        const word = words[atom < 31 ? 0 : 1] as number[];
        word[r] = (word[r] as number) | (1 << (atom % 31));
        return;
      }
    }
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    this.ref.push(ref);
  }

  private call(c: Condition, negate: number): void {
    this.push(CALL + negate, 0, 0, compileCondition(c, this.holidays, this.filters));
  }

  private leaf(c: Condition, negate: number): void {
    switch (c.type) {
      case 'not':
        if (negate === 0 && c.condition.type !== 'not' && c.condition.type !== 'any') this.leaf(c.condition, NOT);
        else this.call(c, negate);
        return;
      case 'kind':
        this.push(KIND + negate, maskOf(c.in, KIND_CODE), 0, null);
        return;
      case 'channel':
        this.push(CHANNEL + negate, maskOf(c.in, CHANNEL_CODE), 0, null);
        return;
      case 'tier': {
        const mask = this.tiers.mask(c.in);
        if (mask < 0) this.call(c, negate);
        else this.push(TIER + negate, mask, 0, null);
        return;
      }
      case 'tags': {
        const all = this.tags.mask(c.all ?? []);
        const any = this.tags.mask(c.any ?? []);
        const none = this.tags.mask(c.none ?? []);
        if (all < 0 || any < 0 || none < 0) this.call(c, negate);
        else this.push(TAGS + negate, all, any, none);
        return;
      }
      case 'payment': {
        const mask = this.methods.mask(c.anyOf);
        if (mask < 0) this.call(c, negate);
        else this.push(PAYMENT + negate, mask, 0, null);
        return;
      }
      case 'weekday':
        this.push(WEEKDAY + negate, maskOf(c.days, null), 0, null);
        return;
      case 'dayOfMonth':
        this.push(DAY_OF_MONTH + negate, maskOf(c.days, null), 0, null);
        return;
      case 'orderAmount':
        this.push(ORDER_AMOUNT + negate, c.minFen ?? 0, c.maxFen ?? Number.POSITIVE_INFINITY, null);
        return;
      case 'items':
        if ((c.minQuantity ?? 1) <= 1 && (c.minFen ?? 0) === 0 && this.filters.get(c.filter).index < 31)
          this.push(ITEMS + negate, this.filters.get(c.filter).index, 0, null);
        else this.call(c, negate);
        return;
      case 'dateRange':
        this.push(DATE_RANGE + negate, 0, 0, [c.from, c.to]);
        return;
      case 'holiday':
        if (this.tableless) this.call(c, negate);
        else this.push(HOLIDAY + negate, ['holiday', 'adjusted-workday', 'day-off', 'workday'].indexOf(c.kind), 0, null);
        return;
      case 'storeAnniversary':
        this.push(STORE_ANNIVERSARY + negate, 0, 0, null);
        return;
      case 'joinAnniversary':
        this.push(JOIN_ANNIVERSARY + negate, 0, 0, null);
        return;
      case 'birthday':
        if (c.period === 'month') this.push(BIRTHDAY_MONTH + negate, 0, 0, null);
        else this.call(c, negate);
        return;
      case 'firstPurchase':
        this.push(FIRST_PURCHASE + negate, 0, 0, null);
        return;
      default:
        this.call(c, negate);
    }
  }
}

/** The bit mask of `values`: their codes in `codes`, or (codes null) the numbers themselves (weekdays 1–7, days 1–31). */
function maskOf(values: ReadonlyArray<string | number>, codes: Readonly<Record<string, number>> | null): number {
  let mask = 0;
  for (const v of values) {
    const bit = codes === null ? Number(v) : codes[String(v)];
    if (bit !== undefined) mask |= 2 ** bit;
  }
  return mask;
}

/** Whether checks `from` to `to` of `p` (a rule's own) all hold for the receipt in `ctx` and `f`. */
export function passes(p: CheckProgram, from: number, to: number, f: Facts, ctx: EvalContext): boolean {
  for (let k = from; k < to; k++) {
    const op = p.op[k] as number;
    if (holds(op & 63, p.a, p.b, p.ref, k, f, ctx) === op >= NOT) return false;
  }
  return true;
}

/**
 * Evaluates every atom of `p` for the receipt into `f.lo` and `f.hi`, with as few branches as
 * possible: kind, channel and tier atoms come from tables by code, date atoms from a per-day
 * cache, item, tag and payment atoms from tables by their bit sets (loops when there are too many
 * names for a table), amounts from one loop, and the member's and store's atoms from their dates
 * read at validation (no dispatch per atom).
 */
export function computeAtoms(p: CheckProgram, f: Facts, ctx: EvalContext): void {
  let lo = (p.kindLo[f.kind] as number) | (p.channelLo[f.channel] as number) | (p.tierLo[f.tierIndex] as number);
  let hi = (p.kindHi[f.kind] as number) | (p.channelHi[f.channel] as number) | (p.tierHi[f.tierIndex] as number);
  p.dateWords(f, ctx);
  // The rules' own checks may read the holiday flags (the date atoms have them from the day's cache).
  if (p.op.length !== 0) f.holiday = p.holidayOf(ctx.date.dayNumber);
  lo |= f.dayLo;
  hi |= f.dayHi;
  if (p.itemLo.length !== 0) {
    const b = f.filterBits;
    const l = p.itemLo;
    const h = p.itemHi;
    const b0 = b & 255;
    const b1 = 256 + ((b >>> 8) & 255);
    const b2 = 512 + ((b >>> 16) & 255);
    const b3 = 768 + ((b >>> 24) & 255);
    lo |= (l[b0] as number) | (l[b1] as number) | (l[b2] as number) | (l[b3] as number);
    hi |= (h[b0] as number) | (h[b1] as number) | (h[b2] as number) | (h[b3] as number);
  }
  const bits = f.tagBits;
  if (p.tagLo.length !== 0) {
    lo |= p.tagLo[bits] as number;
    hi |= p.tagHi[bits] as number;
  } else {
    const tags = p.tagAtoms;
    for (let i = 0; i < tags.length; i += 4) {
      const all = tags[i] as number;
      const any = tags[i + 1] as number;
      if ((bits & all) === all && (bits & (tags[i + 2] as number)) === 0 && (any === 0 || (bits & any) !== 0)) {
        const k = tags[i + 3] as number;
        if (k < 31) lo |= 1 << k;
        else hi |= 1 << (k - 31);
      }
    }
  }
  if (p.paymentLo.length !== 0) {
    lo |= p.paymentLo[f.paymentBits] as number;
    hi |= p.paymentHi[f.paymentBits] as number;
  } else {
    const payments = p.paymentAtoms;
    for (let i = 0; i < payments.length; i += 2) {
      if ((f.paymentBits & (payments[i] as number)) !== 0) {
        const k = payments[i + 1] as number;
        if (k < 31) lo |= 1 << k;
        else hi |= 1 << (k - 31);
      }
    }
  }
  const amounts = p.amountAtoms;
  const fen = ctx.eligibleTotal;
  for (let i = 0; i < amounts.length; i += 3) {
    if (fen >= (amounts[i] as number) && fen <= (amounts[i + 1] as number)) {
      const k = amounts[i + 2] as number;
      if (k < 31) lo |= 1 << k;
      else hi |= 1 << (k - 31);
    }
  }
  // The member's and store's own atoms (each at most once in a rule set, after deduplication).
  if ((p.birthdayLo | p.birthdayHi) !== 0 && f.birthday >= 0 && ctx.date.month === Math.floor(f.birthday / 100)) {
    lo |= p.birthdayLo;
    hi |= p.birthdayHi;
  }
  if ((p.joinLo | p.joinHi) !== 0 && f.joinedOn >= 0 && anniversary(f.joinedOn, ctx) && (ctx.joinedOn as string) < ctx.date.iso) {
    lo |= p.joinLo;
    hi |= p.joinHi;
  }
  if ((p.storeLo | p.storeHi) !== 0 && f.openedOn >= 0 && anniversary(f.openedOn, ctx) && (ctx.openedOn as string) < ctx.date.iso) {
    lo |= p.storeLo;
    hi |= p.storeHi;
  }
  if ((p.firstLo | p.firstHi) !== 0 && ctx.kind === 'purchase' && ctx.purchaseCount === 0) {
    lo |= p.firstLo;
    hi |= p.firstHi;
  }
  f.lo = lo;
  f.hi = hi;
}

/** Whether the business date is the anniversary of month × 100 + day `key` (`isAnniversary` on the parsed date). */
function anniversary(key: number, ctx: EvalContext): boolean {
  const month = Math.floor(key / 100);
  const day = key - 100 * month;
  // Cheap exact pre-check: the anniversary of a day 1–28 of month 1–12 always falls in that month.
  if (month !== ctx.date.month && month >= 1 && month <= 12 && day >= 1 && day <= 28) return false;
  return anniversaryIn(ctx.date.year, month, day) === ctx.date.dayNumber;
}

/** Whether check `op` (without `NOT`) with operands `a`, `b`, `ref` holds. */
function holds(
  op: number,
  as: readonly number[],
  bs: readonly number[],
  refs: readonly unknown[],
  k: number,
  f: Facts,
  ctx: EvalContext,
): boolean {
  // Operands are read here, by index: a double passed as an argument would be boxed on every call.
  const a = as[k] as number;
  switch (op) {
    case KIND:
      return ((a >>> f.kind) & 1) === 1;
    case CHANNEL:
      return ((a >>> f.channel) & 1) === 1;
    case TIER:
      return (f.tierBits & a) !== 0;
    case TAGS: {
      const bits = f.tagBits;
      const any = bs[k] as number;
      return (bits & a) === a && (bits & (refs[k] as number)) === 0 && (any === 0 || (bits & any) !== 0);
    }
    case PAYMENT:
      return (f.paymentBits & a) !== 0;
    case WEEKDAY:
      return ((a >>> ctx.date.weekday) & 1) === 1;
    case DAY_OF_MONTH:
      return ((a >>> ctx.date.day) & 1) === 1;
    case ORDER_AMOUNT:
      return ctx.eligibleTotal >= a && ctx.eligibleTotal <= (bs[k] as number);
    case ITEMS:
      // Bit `a` of the receipt's filter bits: a line matched filter number `a`.
      return ((f.filterBits >>> a) & 1) === 1;
    case DATE_RANGE: {
      const range = refs[k] as [string, string];
      const iso = ctx.date.iso;
      return iso >= range[0] && iso <= range[1];
    }
    case HOLIDAY: {
      const h = f.holiday;
      // 0 holiday, 1 adjusted working day, 2 day off, 3 working day.
      if (a === 0) return (h & IS_HOLIDAY) !== 0;
      else if (a === 1) return (h & IS_WORKDAY) !== 0;
      else {
        const off = (h & IS_HOLIDAY) !== 0 || (ctx.date.weekday >= 6 && (h & IS_WORKDAY) === 0);
        return a === 2 ? off : !off;
      }
    }
    case STORE_ANNIVERSARY: {
      const d = ctx.openedOn;
      return d !== undefined && isAnniversary(d, ctx) && d < ctx.date.iso;
    }
    case JOIN_ANNIVERSARY: {
      const d = ctx.joinedOn;
      return d !== undefined && isAnniversary(d, ctx) && d < ctx.date.iso;
    }
    case BIRTHDAY_MONTH:
      return ctx.birthday !== undefined && ctx.date.month === monthOf(ctx.birthday);
    case FIRST_PURCHASE:
      return ctx.kind === 'purchase' && ctx.purchaseCount === 0;
    default:
      return (refs[k] as Predicate)(ctx);
  }
}
