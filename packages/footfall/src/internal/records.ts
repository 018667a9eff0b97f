/**
 * Dictionaries keyed by data (camera channels, line names, zone ids, labels). They never have a
 * prototype, so a key such as `__proto__`, `constructor` or `toString` is an ordinary own key and
 * can neither reach nor shadow anything on `Object.prototype`.
 */

/** A new dictionary with no prototype. */
export function dict<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** A prototype-free dictionary from entries (later entries win). */
export function dictFrom<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = dict<V>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** `o[k]` only when `k` is an own key of `o` (never an inherited member such as `constructor`). */
export function own<V>(o: Readonly<Record<string, V>> | undefined | null, k: string): V | undefined {
  return o !== undefined && o !== null && Object.hasOwn(o, k) ? o[k] : undefined;
}

/** A copy of a caller's dictionary without a prototype (own enumerable keys only). */
export function dictCopy<V>(o: Readonly<Record<string, V>> | undefined): Record<string, V> {
  const out = dict<V>();
  if (o === undefined || o === null) return out;
  for (const k of Object.keys(o)) out[k] = o[k] as V;
  return out;
}

/** Keys sorted by UTF-16 code units (deterministic, locale-free). */
export function sortedKeys(o: object): string[] {
  return Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
