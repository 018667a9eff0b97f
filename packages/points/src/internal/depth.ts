import { ValidationError } from '@aisle/core';

/**
 * Throws `CORE_VALIDATION` when arrays and objects in `value` nest more than `max` levels deep
 * (the root is level 1). It walks the value with an explicit stack, so any depth is safe and
 * the time is linear in the value's size; it runs before schema validation, whose recursion
 * would otherwise overflow the stack on hostile input (a rule set of 10 000 nested `not`s).
 */
export function assertNestingDepth(value: unknown, max: number, label: string): void {
  // Each item: a container, its depth, and the item it was found in with the key (for the path).
  interface Item {
    readonly value: object;
    readonly depth: number;
    readonly parent: Item | undefined;
    readonly key: string | number;
  }
  const stack: Item[] = [];
  if (typeof value === 'object' && value !== null) stack.push({ value, depth: 1, parent: undefined, key: '' });
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    if (item.depth > max) {
      const path: Array<string | number> = [];
      for (let at: Item | undefined = item; at?.parent !== undefined; at = at.parent) path.push(at.key);
      path.reverse();
      throw new ValidationError(
        [{ path: path.length > 40 ? path.slice(0, 40) : path, message: `expected at most ${max} levels of nesting` }],
        {
          label,
        },
      );
    }
    const container = item.value;
    const keys = Array.isArray(container) ? container.keys() : Object.keys(container);
    for (const key of keys) {
      const child = (container as Record<string | number, unknown>)[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: item.depth + 1, parent: item, key });
    }
  }
}
