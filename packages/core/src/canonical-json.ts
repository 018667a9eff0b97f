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
 * Arrays and objects may nest at most 1000 levels deep (the root array or object is level 1);
 * deeper input, such as 100 000 nested arrays from an untrusted source, is rejected with the
 * same coded error (with `details.maxDepth: 1000`), never with a stack overflow. The time taken
 * is linear in the size of the value.
 *
 * @throws {@link AisleError} `CORE_NOT_CANONICALIZABLE` naming the path of the first bad value
 * (`details.path`; for a value nested too deeply also `details.maxDepth`).
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
  // Private to this call and empty again when it returns: the containers on the current path
  // (cycle check) and the path's segments, joined into text only when a value is rejected, so
  // the work per value does not grow with its depth.
  return write(value, { seen: new Set(), path: [] }, 0);
}

/** How deeply arrays and objects may nest in {@link canonicalJson} (documented there). */
const MAX_DEPTH = 1000;

interface Walk {
  readonly seen: Set<object>;
  readonly path: Array<string | number>;
}

function pathText(segments: ReadonlyArray<string | number>): string {
  const shown = segments.length > 64 ? [...segments.slice(0, 32), '…', ...segments.slice(-31)] : segments;
  let out = '$';
  for (const segment of shown) out += typeof segment === 'number' ? `[${segment}]` : segment === '…' ? '…' : `.${segment}`;
  return out;
}

function fail(walk: Walk, what: string, extra?: Readonly<Record<string, unknown>>): never {
  const path = pathText(walk.path);
  throw new AisleError(CoreErrorCode.NOT_CANONICALIZABLE, `No canonical JSON for ${what} at ${path}`, { details: { path, ...extra } });
}

function write(value: unknown, walk: Walk, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) return fail(walk, String(value));
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) fail(walk, `arrays or objects nested more than ${MAX_DEPTH} levels deep`, { maxDepth: MAX_DEPTH });
      if (walk.seen.has(value)) return fail(walk, 'a cycle');
      walk.seen.add(value);
      let out: string;
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) {
          walk.path.push(i);
          if (!(i in value) || value[i] === undefined) fail(walk, 'an undefined array element');
          parts.push(write(value[i], walk, depth + 1));
          walk.path.pop();
        }
        out = `[${parts.join(',')}]`;
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          fail(walk, `an instance of ${className(proto)}`);
        }
        if (Object.getOwnPropertySymbols(value).length > 0) fail(walk, 'a symbol-keyed property');
        const keys = Object.keys(value).sort(compareCodeUnits);
        const parts: string[] = [];
        for (const key of keys) {
          const child = (value as Record<string, unknown>)[key];
          if (child === undefined) continue;
          walk.path.push(key);
          parts.push(`${JSON.stringify(key)}:${write(child, walk, depth + 1)}`);
          walk.path.pop();
        }
        out = `{${parts.join(',')}}`;
      }
      walk.seen.delete(value);
      return out;
    }
    default:
      return fail(walk, `a ${typeof value}`);
  }
}

/** The class name of a prototype, read without running a getter or trusting the value's own keys. */
function className(proto: object): string {
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== '' ? ctor.name : 'a class';
}

/** Orders by UTF-16 code units (what RFC 8785 specifies), not by locale. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
