/**
 * Snapshots of the built-in objects that prototype pollution reaches: every own property (string
 * and symbol keys) with its full descriptor, the object's prototype and whether it is extensible.
 * `diffGlobals` lists what changed between two snapshots; `restoreGlobals` puts a snapshot back so
 * one polluting test file cannot poison the files that run after it in the same worker.
 */

/** The objects watched, by the name a failure message uses. */
export const WATCHED: ReadonlyArray<readonly [string, object]> = [
  ['Object', Object],
  ['Object.prototype', Object.prototype],
  ['Array', Array],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
];

interface TargetSnapshot {
  readonly name: string;
  readonly target: object;
  readonly proto: object | null;
  readonly extensible: boolean;
  readonly props: Map<PropertyKey, PropertyDescriptor>;
}

export type GlobalsSnapshot = ReadonlyArray<TargetSnapshot>;

export function snapshotGlobals(watched: ReadonlyArray<readonly [string, object]> = WATCHED): GlobalsSnapshot {
  return watched.map(([name, target]) => {
    const props = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
      if (descriptor !== undefined) props.set(key, descriptor);
    }
    return { name, target, proto: Reflect.getPrototypeOf(target), extensible: Reflect.isExtensible(target), props };
  });
}

const FIELDS = ['value', 'get', 'set', 'writable', 'enumerable', 'configurable'] as const;

function sameDescriptor(a: PropertyDescriptor, b: PropertyDescriptor): boolean {
  return FIELDS.every((field) => Object.is(a[field], b[field]));
}

/** Human-readable differences between `before` and the current state of the same objects. */
export function diffGlobals(before: GlobalsSnapshot): string[] {
  const problems: string[] = [];
  const now = snapshotGlobals(before.map((s) => [s.name, s.target] as const));
  before.forEach((then, i) => {
    const current = now[i] as TargetSnapshot;
    const where = (key: PropertyKey) => `${then.name}[${typeof key === 'symbol' ? key.toString() : JSON.stringify(key)}]`;
    if (current.proto !== then.proto) problems.push(`${then.name}: its prototype was replaced`);
    if (current.extensible !== then.extensible) problems.push(`${then.name}: its extensibility changed`);
    for (const [key, descriptor] of current.props) {
      const old = then.props.get(key);
      if (old === undefined) problems.push(`${where(key)} was added`);
      else if (!sameDescriptor(old, descriptor)) problems.push(`${where(key)} was changed`);
    }
    for (const key of then.props.keys()) if (!current.props.has(key)) problems.push(`${where(key)} was deleted`);
  });
  return problems;
}

/** Puts every watched object back as it was in `before` (best effort: frozen objects stay frozen). */
export function restoreGlobals(before: GlobalsSnapshot): void {
  for (const then of before) {
    const { target } = then;
    for (const key of Reflect.ownKeys(target)) {
      if (!then.props.has(key)) Reflect.deleteProperty(target, key);
    }
    for (const [key, descriptor] of then.props) {
      const current = Reflect.getOwnPropertyDescriptor(target, key);
      if (current === undefined || !sameDescriptor(current, descriptor)) Reflect.defineProperty(target, key, descriptor);
    }
    if (Reflect.getPrototypeOf(target) !== then.proto) Reflect.setPrototypeOf(target, then.proto);
  }
}
