/** A counter keyed by untrusted text (a `Map`, never a plain object). */
export class Tally {
  readonly map = new Map<string, number>();
  add(key: string, by = 1): void {
    this.map.set(key, (this.map.get(key) ?? 0) + by);
  }
}
