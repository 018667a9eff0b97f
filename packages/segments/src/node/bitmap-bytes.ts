import type { RoaringBitmap32 } from './roaring';

/**
 * What one roaring bitmap holds beyond its serialised containers: the JavaScript wrapper object
 * and the native roaring_bitmap_t with its container arrays (calibrated with bench/memory.ts,
 * which measures heap and RSS deltas).
 */
const BITMAP_OVERHEAD_BYTES = 160;
/** A `Map` entry with its key slot and hash-table share (V8's ordered hash map), calibrated the same way. */
export const MAP_ENTRY_BYTES = 40;

/**
 * What the process holds for a bitmap per byte of its portable serialisation: the containers'
 * spare capacity and the allocator's headers around them. Measured with bench/memory.ts (glibc
 * with a fixed mmap threshold): at 5M members the bench's bitmaps serialise to 10.0 bytes a
 * member and the memory outside V8 grows by 11.5 (at 1M it measured 22 before the bench warmed
 * up first: about 12 MiB of that was what a process pays once, not the index's).
 */
const NATIVE_PER_SERIALISED_BYTE = 1.15;

/** In-memory bytes of one roaring bitmap: its serialised size scaled to what is measured, plus fixed overhead. */
export function bitmapBytes(b: RoaringBitmap32): number {
  return Math.round(b.getSerializationSizeInBytes(true) * NATIVE_PER_SERIALISED_BYTE) + BITMAP_OVERHEAD_BYTES;
}

/** A V8 string's bytes: a 16-byte header plus 1 byte a character (Latin-1) or 2 (two-byte). */
export function stringBytes(s: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the Latin-1 range is the point
  return 16 + s.length * (/^[\u0000-\u00ff]*$/.test(s) ? 1 : 2);
}
