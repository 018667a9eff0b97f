/**
 * Imported by every test file: after the file's tests, `Object`, `Object.prototype`,
 * `Array.prototype` and `Function.prototype` must be exactly as they were before (same own
 * property names, same values), so no data used as a key ever reached a prototype.
 */
import { afterAll, expect } from 'vitest';

const TARGETS = {
  Object,
  'Object.prototype': Object.prototype,
  'Array.prototype': Array.prototype,
  'Function.prototype': Function.prototype,
};

function snapshot(): Map<string, Map<string | symbol, unknown>> {
  const out = new Map<string, Map<string | symbol, unknown>>();
  for (const [name, target] of Object.entries(TARGETS)) {
    const props = new Map<string | symbol, unknown>();
    for (const key of Reflect.ownKeys(target)) {
      const d = Reflect.getOwnPropertyDescriptor(target, key);
      props.set(key, d === undefined ? undefined : 'value' in d ? d.value : [d.get, d.set]);
    }
    props.set('[[Prototype]]', Object.getPrototypeOf(target));
    out.set(name, props);
  }
  return out;
}

const before = snapshot();

/** Compares the built-ins with the state captured when this module was first imported. */
export function assertPrototypesUnchanged(): void {
  const after = snapshot();
  for (const [name, props] of before) {
    const now = after.get(name) as Map<string | symbol, unknown>;
    expect([...now.keys()].map(String).sort(), `${name}: own keys`).toEqual([...props.keys()].map(String).sort());
    for (const [key, value] of props) {
      const current = now.get(key);
      const same =
        Array.isArray(value) && Array.isArray(current) ? value[0] === current[0] && value[1] === current[1] : Object.is(current, value);
      expect(same, `${name}.${String(key)} changed`).toBe(true);
    }
  }
}

afterAll(assertPrototypesUnchanged);
