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
  // `seen`: the containers on the current path (cycle check), private to this call and empty
  // again when it returns. The path of a rejected value is collected only when one is rejected,
  // as the rejection unwinds through the containers holding it, so a good value pays nothing for it.
  try {
    return write(value, new Set(), 0);
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    const path = pathText(error.segments.reverse());
    throw new AisleError(CoreErrorCode.NOT_CANONICALIZABLE, `No canonical JSON for ${error.what} at ${path}`, {
      details: { path, ...error.extra },
    });
  }
}

const MAX_DEPTH = 1000;

/** A rejected value on its way up; each container it passes adds its segment (innermost first). */
class Rejection {
  readonly segments: Array<string | number> = [];
  constructor(
    readonly what: string,
    readonly extra?: Readonly<Record<string, unknown>>,
  ) {}
}

function pathText(segments: ReadonlyArray<string | number>): string {
  const shown = segments.length > 64 ? [...segments.slice(0, 32), '…', ...segments.slice(-31)] : segments;
  let out = '$';
  for (const segment of shown) out += typeof segment === 'number' ? `[${segment}]` : segment === '…' ? '…' : `.${segment}`;
  return out;
}

function fail(what: string, extra?: Readonly<Record<string, unknown>>): never {
  throw new Rejection(what, extra);
}

function write(value: unknown, seen: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) return fail(String(value));
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) fail(`arrays or objects nested more than ${MAX_DEPTH} levels deep`, { maxDepth: MAX_DEPTH });
      if (seen.has(value)) return fail('a cycle');
      seen.add(value);
      const out = Array.isArray(value) ? writeArray(value, seen, depth) : writeObject(value, seen, depth);
      seen.delete(value);
      return out;
    }
    default:
      return fail(`a ${typeof value}`);
  }
}

function writeArray(value: ReadonlyArray<unknown>, seen: Set<object>, depth: number): string {
  let out = '[';
  let i = 0;
  try {
    for (; i < value.length; i++) {
      if (!(i in value) || value[i] === undefined) fail('an undefined array element');
      out += (i === 0 ? '' : ',') + write(value[i], seen, depth + 1);
    }
  } catch (error) {
    if (error instanceof Rejection) error.segments.push(i);
    throw error;
  }
  return `${out}]`;
}

function writeObject(value: object, seen: Set<object>, depth: number): string {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) fail(`an instance of ${className(proto)}`);
  if (Object.getOwnPropertySymbols(value).length > 0) fail('a symbol-keyed property');
  // The default sort compares strings by UTF-16 code units: the canonical order.
  const keys = Object.keys(value).sort();
  let out = '{';
  let key = '';
  try {
    for (key of keys) {
      const child = (value as Record<string, unknown>)[key];
      if (child === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${write(child, seen, depth + 1)}`;
    }
  } catch (error) {
    if (error instanceof Rejection) error.segments.push(key);
    throw error;
  }
  return `${out}}`;
}

function className(proto: object): string {
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' && typeof ctor.name === 'string' && ctor.name !== '' ? ctor.name : 'a class';
}

/** Orders by UTF-16 code units (what RFC 8785 specifies), not by locale. */
