import type { Box } from '../types';

/** Where on a box a track is measured. @public */
export type Anchor = 'bottom-centre' | 'centre' | 'top-centre' | 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** Offsets (fraction of width, fraction of height) of each anchor from the box's top-left. */
export const ANCHOR_OFFSETS: Readonly<Record<Anchor, readonly [number, number]>> = {
  'bottom-centre': [0.5, 1],
  centre: [0.5, 0.5],
  'top-centre': [0.5, 0],
  'top-left': [0, 0],
  'top-right': [1, 0],
  'bottom-left': [0, 1],
  'bottom-right': [1, 1],
};

export function isValidBox(box: Box | undefined): box is Box {
  if (box === undefined || box === null) return false;
  const { x, y, w, h } = box;
  return Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(w) && Number.isFinite(h) && w > 0 && h > 0;
}

/**
 * Point in polygon, closed: a point on an edge or vertex is inside. Crossing-number test with a
 * half-open rule on y for the interior, plus an explicit on-segment check for the boundary. With
 * integer (or exactly representable) coordinates every test is exact.
 */
export function pointInPolygon(px: number, py: number, xs: Float64Array, ys: Float64Array): boolean {
  const n = xs.length;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = xs[i] as number;
    const yi = ys[i] as number;
    const xj = xs[j] as number;
    const yj = ys[j] as number;
    // Boundary: collinear with the edge and within its bounding box.
    const cross = (xj - xi) * (py - yi) - (yj - yi) * (px - xi);
    if (cross === 0 && px >= Math.min(xi, xj) && px <= Math.max(xi, xj) && py >= Math.min(yi, yj) && py <= Math.max(yi, yj)) {
      return true;
    }
    if (yi > py !== yj > py) {
      // Which side of the edge, decided by the sign of a cross product (no division).
      const s = yj > yi ? cross : -cross;
      if (s > 0) inside = !inside;
    }
  }
  return inside;
}

export function polygonArea2(xs: Float64Array, ys: Float64Array): number {
  let a = 0;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++)
    a += (xs[j] as number) * (ys[i] as number) - (xs[i] as number) * (ys[j] as number);
  return a;
}
