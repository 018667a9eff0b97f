import { byCodePoint } from './order';

/** Disjoint sets over string identifiers, with path halving and union by size. */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  find(x: string): string {
    if (!this.parent.has(x)) {
      this.parent.set(x, x);
      this.size.set(x, 1);
      return x;
    }
    let r = x;
    for (;;) {
      const p = this.parent.get(r) as string;
      if (p === r) return r;
      const gp = this.parent.get(p) as string;
      this.parent.set(r, gp);
      r = gp;
    }
  }

  union(a: string, b: string): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (
      (this.size.get(ra) as number) < (this.size.get(rb) as number) ||
      ((this.size.get(ra) as number) === (this.size.get(rb) as number) && byCodePoint(rb, ra) < 0)
    ) {
      [ra, rb] = [rb, ra];
    }
    this.parent.set(rb, ra);
    this.size.set(ra, (this.size.get(ra) as number) + (this.size.get(rb) as number));
  }
}
