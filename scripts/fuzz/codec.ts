/**
 * A JSON encoding for fuzz inputs that keeps what plain JSON loses: `undefined`, `NaN`,
 * `±Infinity`, `-0`, `bigint`, array holes, `Date`, `Uint8Array`, null-prototype objects, and own
 * `__proto__` keys (written and read back as own data properties, never as a prototype).
 * Objects that hold a `$fuzz` key themselves are written in the tagged form so they round-trip.
 */

type Encoded = null | boolean | number | string | Encoded[] | { [key: string]: Encoded };

const TAG = '$fuzz';

/** Defines an own, enumerable data property: safe for `__proto__` and other hostile keys. */
export function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function record(entries: ReadonlyArray<readonly [string, Encoded]>): { [key: string]: Encoded } {
  const out = Object.create(null) as { [key: string]: Encoded };
  for (const [key, value] of entries) define(out, key, value);
  return out;
}

export function encodeInput(value: unknown, seen: Set<object> = new Set()): Encoded {
  switch (typeof value) {
    case 'undefined':
      return record([[TAG, 'undefined']]);
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (Number.isNaN(value) || !Number.isFinite(value) || Object.is(value, -0))
        return record([
          [TAG, 'number'],
          ['value', String(Object.is(value, -0) ? '-0' : value)],
        ]);
      return value;
    case 'bigint':
      return record([
        [TAG, 'bigint'],
        ['value', value.toString()],
      ]);
    case 'object': {
      if (value === null) return null;
      if (seen.has(value)) throw new TypeError('encodeInput: a cyclic fuzz input cannot be saved');
      seen.add(value);
      try {
        if (value instanceof Date)
          return record([
            [TAG, 'date'],
            ['value', Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()],
          ]);
        if (value instanceof Uint8Array)
          return record([
            [TAG, 'bytes'],
            ['value', [...value].map((b) => b.toString(16).padStart(2, '0')).join('')],
          ]);
        if (Array.isArray(value)) {
          const out: Encoded[] = [];
          for (let i = 0; i < value.length; i++) out.push(i in value ? encodeInput(value[i], seen) : record([[TAG, 'hole']]));
          return out;
        }
        const keys = Object.keys(value);
        const entries = keys.map((key) => [key, encodeInput((value as Record<string, unknown>)[key], seen)] as const);
        if (Object.getPrototypeOf(value) === null || keys.includes(TAG)) {
          return record([
            [TAG, 'object'],
            ['nullPrototype', Object.getPrototypeOf(value) === null],
            ['entries', entries.map(([k, v]) => [k, v])],
          ]);
        }
        return record(entries);
      } finally {
        seen.delete(value);
      }
    }
    default:
      throw new TypeError(`encodeInput: a ${typeof value} cannot be saved as a fuzz input`);
  }
}

export function decodeInput(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    out.length = value.length;
    value.forEach((item, i) => {
      if (!isTagged(item, 'hole')) out[i] = decodeInput(item);
    });
    return out;
  }
  const object = value as Record<string, unknown>;
  if (Object.hasOwn(object, TAG)) {
    const tag = object[TAG];
    const raw = object.value;
    switch (tag) {
      case 'undefined':
        return undefined;
      case 'number':
        return raw === '-0' ? -0 : Number(raw);
      case 'bigint':
        return BigInt(String(raw));
      case 'date':
        return new Date(raw === 'invalid' ? Number.NaN : String(raw));
      case 'bytes':
        return Uint8Array.from(String(raw).match(/../g) ?? [], (h) => Number.parseInt(h, 16));
      case 'object': {
        const out = object.nullPrototype === true ? Object.create(null) : {};
        for (const [k, v] of object.entries as Array<[string, unknown]>) define(out, k, decodeInput(v));
        return out;
      }
      default:
        throw new TypeError(`decodeInput: unknown tag ${JSON.stringify(tag)}`);
    }
  }
  const out = {};
  for (const key of Object.keys(object)) define(out, key, decodeInput(object[key]));
  return out;
}

function isTagged(value: unknown, tag: string): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as Record<string, unknown>)[TAG] === tag;
}
