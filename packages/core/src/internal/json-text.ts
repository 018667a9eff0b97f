import { canonicalJson } from '../canonical-json';

/** The depth canonicalJson accepts (the root array or object is level 1). */
const MAX_DEPTH = 1000;

/**
 * Plain JSON text of a value that is not hashed (a stream's snapshot): exactly the values
 * {@link canonicalJson} accepts, written by `JSON.stringify` (keys in the object's own order, not
 * sorted). A walk that builds nothing checks the value first; anything it does not accept
 * (including a cycle, which shows as too deep) goes to `canonicalJson`, which throws its coded
 * error naming the path. Linear in the size of the value.
 *
 * @throws `CORE_NOT_CANONICALIZABLE` (from canonicalJson) for anything that is not plain JSON.
 */
export function plainJsonText(value: unknown): string {
  return plain(value, 1) ? JSON.stringify(value) : canonicalJson(value);
}

function plain(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return false;
          const item: unknown = value[i];
          if (item === undefined || !plain(item, depth + 1)) return false;
        }
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      if (Object.getOwnPropertySymbols(value).length > 0) return false;
      for (const key in value) {
        // for…in also walks inherited enumerable keys: only own ones count (a null or Object prototype has none of its own).
        if (!Object.hasOwn(value, key)) return false;
        const child: unknown = (value as Record<string, unknown>)[key];
        if (child !== undefined && !plain(child, depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
