// roaring is an optional peer dependency with a native addon: it is loaded on first use, so this
// entry point imports cleanly without it and createBitmapIndex explains what to install.
import { createRequire } from 'node:module';
import type * as Roaring from 'roaring';
import { SegmentError, SegmentErrorCode } from '../errors';

export type RoaringBitmap32 = Roaring.RoaringBitmap32;
type RoaringClass = typeof Roaring.RoaringBitmap32;

let loaded: RoaringClass | undefined;

/** The RoaringBitmap32 class, loaded once. */
export function roaring(): RoaringClass {
  if (loaded) return loaded;
  try {
    loaded = (createRequire(import.meta.url)('roaring') as typeof Roaring).RoaringBitmap32;
  } catch (cause) {
    throw new SegmentError(
      SegmentErrorCode.ENGINE_UNAVAILABLE,
      'The bitmap engine needs the optional peer dependency "roaring" (npm install roaring)',
      {
        cause,
      },
    );
  }
  return loaded;
}
