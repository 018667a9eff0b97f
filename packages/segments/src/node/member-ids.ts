import { SegmentError, SegmentErrorCode } from '../errors';

const EMPTY = 0;
const MAX_INT_ID = 0xffff_fffe;
const INT_ID = /^(?:0|[1-9]\d{0,9})$/;

/** A member id that is a canonical decimal integer below 2³² (`'0'`, `'42'`; not `'042'`), as a number, else -1. */
function asInt(id: string): number {
  if (!INT_ID.test(id)) return -1;
  const n = Number(id);
  return n <= MAX_INT_ID ? n : -1;
}

/** The table position of a hash: multiply-shift range reduction, for any capacity. */
function home(hash: number, capacity: number): number {
  return Math.floor((hash / 4_294_967_296) * capacity);
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The member id ↔ slot dictionary of the bitmap index, without a JavaScript object per member.
 * While every id is a canonical integer below 2³² the ids are a `Uint32Array` (4 bytes a
 * member); from the first other id on they are UTF-8 bytes in one buffer with an end offset per
 * slot (id length + 4 bytes). Lookups go through an open-addressing table of slots (4 bytes per
 * entry, at most 4/5 full; 5.3 bytes a member after a bulk load). Slots are never reused: a
 * removed member keeps its slot, and upserting it again finds it.
 */
export class MemberIds {
  private ints: Uint32Array | null = new Uint32Array(1024);
  private bytes = new Uint8Array(0);
  private ends = new Uint32Array(0);
  private used = 0;
  /** slot + 1 per entry, 0 for empty; any capacity (positions by multiply-shift, not a mask). */
  private table = new Int32Array(2048);
  private scratch = new Uint8Array(256);
  private decoder: TextDecoder | undefined;
  /** Slots handed out. */
  size = 0;

  /** UTF-8 of `id` in the scratch buffer; returns its length. */
  private encode(id: string): number {
    if (id.length * 3 > this.scratch.length) this.scratch = new Uint8Array(id.length * 3);
    return utf8(id, this.scratch);
  }

  private hashBytes(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    return mix(h);
  }

  private hashOfSlot(slot: number): number {
    if (this.ints) return mix(this.ints[slot] as number);
    return this.hashBytes(this.bytes, slot === 0 ? 0 : (this.ends[slot - 1] as number), this.ends[slot] as number);
  }

  private sameBytes(slot: number, n: number): boolean {
    const start = slot === 0 ? 0 : (this.ends[slot - 1] as number);
    if ((this.ends[slot] as number) - start !== n) return false;
    for (let i = 0; i < n; i++) if (this.bytes[start + i] !== this.scratch[i]) return false;
    return true;
  }

  /** The slot of `id`, or -1. */
  slotOf(id: string): number {
    const cap = this.table.length;
    if (this.ints) {
      const n = asInt(id);
      if (n < 0) return -1;
      for (let i = home(mix(n), cap); ; i = i + 1 === cap ? 0 : i + 1) {
        const e = this.table[i] as number;
        if (e === EMPTY) return -1;
        if (this.ints[e - 1] === n) return e - 1;
      }
    }
    const len = this.encode(id);
    for (let i = home(this.hashBytes(this.scratch, 0, len), cap); ; i = i + 1 === cap ? 0 : i + 1) {
      const e = this.table[i] as number;
      if (e === EMPTY) return -1;
      if (this.sameBytes(e - 1, len)) return e - 1;
    }
  }

  /** Adds an id not yet present and returns its new slot. */
  add(id: string): number {
    if (hasLoneSurrogate(id)) {
      // UTF-8 cannot hold a lone surrogate; @aisle/core refuses such ids in every store as well.
      throw new SegmentError(SegmentErrorCode.INVALID_PROFILE, `Profile id ${JSON.stringify(id)} contains a lone surrogate`, {
        details: { id },
      });
    }
    const n = this.ints ? asInt(id) : -1;
    if (this.ints && n < 0) this.toStrings();
    const slot = this.size;
    if (this.ints) {
      if (slot >= this.ints.length) this.ints = grown(this.ints, slot + 1);
      this.ints[slot] = n;
    } else {
      const len = this.encode(id);
      if (this.used + len > this.bytes.length) this.bytes = grown(this.bytes, this.used + len);
      if (slot >= this.ends.length) this.ends = grown(this.ends, slot + 1);
      this.bytes.set(this.scratch.subarray(0, len), this.used);
      this.used += len;
      this.ends[slot] = this.used;
    }
    this.size++;
    if (this.size * 5 > this.table.length * 4) this.rehash(Math.ceil(this.table.length * 1.5));
    else this.insert(slot);
    return slot;
  }

  private insert(slot: number): void {
    const cap = this.table.length;
    let i = home(this.hashOfSlot(slot), cap);
    while (this.table[i] !== EMPTY) i = i + 1 === cap ? 0 : i + 1;
    this.table[i] = slot + 1;
  }

  private rehash(capacity: number): void {
    this.table = new Int32Array(capacity);
    for (let s = 0; s < this.size; s++) this.insert(s);
  }

  /** Switches from integer ids to UTF-8 bytes (the first id that is not a canonical integer). */
  private toStrings(): void {
    const ints = this.ints as Uint32Array;
    this.ints = null;
    const parts: string[] = [];
    let bytes = 0;
    for (let s = 0; s < this.size; s++) {
      const text = String(ints[s]);
      parts.push(text);
      bytes += text.length;
    }
    this.bytes = new Uint8Array(Math.max(1024, bytes * 2));
    this.ends = new Uint32Array(Math.max(1024, this.size * 2));
    this.used = 0;
    parts.forEach((text, s) => {
      for (let i = 0; i < text.length; i++) this.bytes[this.used++] = text.charCodeAt(i);
      this.ends[s] = this.used;
    });
    this.rehash(this.table.length);
  }

  /**
   * Drops the spare capacity growth left (after a bulk load): the id arrays to their length, the
   * lookup table to 4/3 of the ids (75% full).
   */
  trim(): void {
    if (this.ints) this.ints = this.ints.slice(0, this.size);
    else {
      this.bytes = this.bytes.slice(0, this.used);
      this.ends = this.ends.slice(0, this.size);
    }
    this.rehash(Math.max(16, Math.ceil((this.size * 4) / 3)));
  }

  /** The id of a slot. */
  idOf(slot: number): string {
    if (this.ints) return String(this.ints[slot]);
    const start = slot === 0 ? 0 : (this.ends[slot - 1] as number);
    const end = this.ends[slot] as number;
    let ascii = true;
    for (let i = start; i < end; i++) if ((this.bytes[i] as number) >= 0x80) ascii = false;
    if (ascii && end - start <= 64) return String.fromCharCode.apply(null, this.bytes.subarray(start, end) as unknown as number[]);
    return fromUtf8(this.bytes, start, end);
  }

  /**
   * The ids of `slots`, in order. ASCII ids (the usual `M123`) are copied into one buffer, decoded
   * with one native call and cut into substrings: per id that is a copy and a slice instead of a
   * decode; an id with other characters is decoded on its own.
   */
  idsOf(slots: Uint32Array): string[] {
    const out = new Array<string>(slots.length);
    if (this.ints) {
      for (let i = 0; i < slots.length; i++) out[i] = String(this.ints[slots[i] as number]);
      return out;
    }
    const ends = this.ends;
    const bytes = this.bytes;
    let total = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      total += (ends[slot] as number) - (slot === 0 ? 0 : (ends[slot - 1] as number));
    }
    const joined = new Uint8Array(total);
    const cuts = new Uint32Array(slots.length + 1);
    let ascii = true;
    for (let i = 0, at = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const start = slot === 0 ? 0 : (ends[slot - 1] as number);
      const end = ends[slot] as number;
      for (let j = start; j < end; j++) {
        const b = bytes[j] as number;
        if (b >= 0x80) ascii = false;
        joined[at++] = b;
      }
      cuts[i + 1] = at;
    }
    if (!ascii) {
      for (let i = 0; i < slots.length; i++) out[i] = this.idOf(slots[i] as number);
      return out;
    }
    this.decoder ??= new TextDecoder('latin1');
    const text = this.decoder.decode(joined);
    for (let i = 0; i < slots.length; i++) out[i] = text.slice(cuts[i] as number, cuts[i + 1] as number);
    return out;
  }

  /** Bytes held, by the typed arrays' capacity (what the process holds, not only what is used). */
  memoryBytes(): number {
    return (this.ints?.byteLength ?? 0) + this.bytes.byteLength + this.ends.byteLength + this.table.byteLength + this.scratch.byteLength;
  }
}

/** A copy with at least `need` elements (growing by half, so appends stay amortised O(1) with less slack than doubling). */
function grown<T extends Uint8Array | Uint32Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * 1.5), 1024));
  b.set(a);
  return b;
}

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Writes the UTF-8 of a well-formed string into `out` (3 bytes a UTF-16 unit at most); returns the length. */
function utf8(s: string, out: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 63);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    } else {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 63);
      out[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

/** Decodes UTF-8 that {@link utf8} wrote. */
function fromUtf8(b: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; ) {
    const c = b[i] as number;
    let cp: number;
    if (c < 0x80) {
      cp = c;
      i += 1;
    } else if (c < 0xe0) {
      cp = ((c & 31) << 6) | ((b[i + 1] as number) & 63);
      i += 2;
    } else if (c < 0xf0) {
      cp = ((c & 15) << 12) | (((b[i + 1] as number) & 63) << 6) | ((b[i + 2] as number) & 63);
      i += 3;
    } else {
      cp = ((c & 7) << 18) | (((b[i + 1] as number) & 63) << 12) | (((b[i + 2] as number) & 63) << 6) | ((b[i + 3] as number) & 63);
      i += 4;
    }
    out += String.fromCodePoint(cp);
  }
  return out;
}
