import { AisleError, CoreErrorCode } from './errors';

/**
 * A JSON value. Objects may have `undefined` properties; canonical JSON omits them.
 *
 * @public
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };

/**
 * The canonical JSON text of a value: object keys sorted by UTF-16 code units, no whitespace,
 * `undefined` properties omitted, numbers in their shortest round-trip form with `-0` written
 * as `0`, strings escaped as `JSON.stringify` does (the RFC 8785 rules for these types). Two
 * values that are equal as JSON give the same text, whatever their key order.
 *
 * Only plain data is accepted: `NaN`, `Infinity`, `bigint`, functions, symbols, `undefined`
 * array elements, class instances (including `Date`: convert it to an ISO string first) and
 * cycles are errors, never silently changed.
 *
 * @throws {@link AisleError} `CORE_NOT_CANONICALIZABLE` naming the path of the first bad value.
 *
 * @example
 * ```ts
 * import { canonicalJson } from '@aisle/core';
 *
 * canonicalJson({ b: 1, a: [true, null, -0], c: undefined }); // '{"a":[true,null,0],"b":1}'
 * ```
 *
 * @public
 */
export function canonicalJson(value: unknown): string {
  return write(value, [], new Set());
}

/** A path segment: an object key or an array index. Paths are only turned into text on failure. */
type Segment = string | number;

function pathText(path: readonly Segment[]): string {
  let out = '$';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : `.${s}`;
  return out;
}

function fail(path: readonly Segment[], what: string): never {
  const at = pathText(path);
  throw new AisleError(CoreErrorCode.NOT_CANONICALIZABLE, `No canonical JSON for ${what} at ${at}`, { details: { path: at } });
}

// `path` is one mutable stack shared by the whole walk (pushed and popped around each child), so
// the common case — valid data — builds no path strings at all.
function write(value: unknown, path: Segment[], seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) return fail(path, String(value));
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (seen.has(value)) return fail(path, 'a cycle');
      seen.add(value);
      let out: string;
      if (Array.isArray(value)) {
        out = '[';
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          if (!(i in value) || value[i] === undefined) fail(path, 'an undefined array element');
          out += (i === 0 ? '' : ',') + write(value[i], path, seen);
          path.pop();
        }
        out += ']';
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          fail(path, `an instance of ${(value as object).constructor?.name ?? 'a class'}`);
        }
        if (Object.getOwnPropertySymbols(value).length > 0) fail(path, 'a symbol-keyed property');
        const keys = Object.keys(value).sort(compareCodeUnits);
        out = '{';
        let first = true;
        for (const key of keys) {
          const child = (value as Record<string, unknown>)[key];
          if (child === undefined) continue;
          path.push(key);
          out += `${first ? '' : ','}${JSON.stringify(key)}:${write(child, path, seen)}`;
          path.pop();
          first = false;
        }
        out += '}';
      }
      seen.delete(value);
      return out;
    }
    default:
      return fail(path, `a ${typeof value}`);
  }
}

/** Orders by UTF-16 code units (what RFC 8785 specifies), not by locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
