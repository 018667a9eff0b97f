/** Sorted, disjoint intervals `[start, end]` coalesced when the gap between them is ≤ `gapMs`. */
export type Intervals = ReadonlyArray<readonly [number, number]>;

/** Union then coalesce: the result depends only on the set of covered points, so it is a monoid. */
export function coalesce(list: Intervals, gapMs: number): [number, number][] {
  const sorted = [...list].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s - last[1] <= gapMs) {
      if (e > last[1]) last[1] = e;
    } else out.push([s, e]);
  }
  return out;
}

/** The parts of `[from, to)` not covered by `list`. */
export function uncovered(list: Intervals, from: number, to: number): [number, number][] {
  const gaps: [number, number][] = [];
  let cursor = from;
  for (const [s, e] of list) {
    if (e < cursor) continue;
    if (s >= to) break;
    if (s > cursor) gaps.push([cursor, s]);
    cursor = Math.max(cursor, e);
    if (cursor >= to) break;
  }
  if (cursor < to) gaps.push([cursor, to]);
  return gaps;
}
