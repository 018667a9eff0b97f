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

export function and(values: Iterable<Truth>): Truth {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === null) unknown = true;
  }
  return unknown ? null : true;
}

export function or(values: Iterable<Truth>): Truth {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === null) unknown = true;
  }
  return unknown ? null : false;
}

export function not(v: Truth): Truth {
  return v === null ? null : !v;
}
