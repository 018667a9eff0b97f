import type { CompareOp } from '../ast';

/** SQL's three truth values: `null` is UNKNOWN. */
export type Truth = boolean | null;

export function compare(a: string | number | boolean, op: CompareOp, b: string | number | boolean): boolean {
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

export function not(v: Truth): Truth {
  return v === null ? null : !v;
}
