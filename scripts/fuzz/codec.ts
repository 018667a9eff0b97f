/**
 * A JSON encoding for fuzz inputs that keeps what plain JSON loses: `undefined`, `NaN`,
 * `±Infinity`, `-0`, `bigint`, array holes, `Date`, `Uint8Array`, null-prototype objects, and own
 * `__proto__` keys (written and read back as own data properties, never as a prototype).
 * Objects that hold a `$fuzz` key themselves are written in the tagged form so they round-trip.
 *
 * Both directions work without recursion, so an input nested 100 000 levels deep (exactly the
 * kind of input a fuzzer finds) can be saved and replayed; `JSON.parse` is iterative in V8.
 */

const TAG = '$fuzz';

/** Defines an own, enumerable data property: safe for `__proto__` and other hostile keys. */
export function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

const tagged = (tag: string, value?: string) =>
  value === undefined ? `{"${TAG}":"${tag}"}` : `{"${TAG}":${JSON.stringify(tag)},"value":${JSON.stringify(value)}}`;

/** Work items of the serializer: a value to write, text to emit, or the end of a container. */
type Task = { readonly visit: unknown } | { readonly text: string } | { readonly leave: object };

/** The JSON text of a fuzz input (see the module comment for what it keeps). */
export function encodeInput(input: unknown): string {
  const out: string[] = [];
  const tasks: Task[] = [{ visit: input }];
  const onPath = new Set<object>();
  while (tasks.length > 0) {
    const task = tasks.pop() as Task;
    if ('text' in task) {
      out.push(task.text);
      continue;
    }
    if ('leave' in task) {
      onPath.delete(task.leave);
      continue;
    }
    const value = task.visit;
    switch (typeof value) {
      case 'undefined':
        out.push(tagged('undefined'));
        continue;
      case 'boolean':
      case 'string':
        out.push(JSON.stringify(value));
        continue;
      case 'number':
        out.push(
          Number.isFinite(value) && !Object.is(value, -0)
            ? JSON.stringify(value)
            : tagged('number', Object.is(value, -0) ? '-0' : String(value)),
        );
        continue;
      case 'bigint':
        out.push(tagged('bigint', value.toString()));
        continue;
      case 'object':
        break;
      default:
        throw new TypeError(`encodeInput: a ${typeof value} cannot be saved as a fuzz input`);
    }
    if (value === null) {
      out.push('null');
      continue;
    }
    if (value instanceof Date) {
      out.push(tagged('date', Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()));
      continue;
    }
    if (value instanceof Uint8Array) {
      out.push(tagged('bytes', [...value].map((b) => b.toString(16).padStart(2, '0')).join('')));
      continue;
    }
    if (onPath.has(value)) throw new TypeError('encodeInput: a cyclic fuzz input cannot be saved');
    onPath.add(value);
    // Pushed in reverse: the last pushed runs first.
    const items: Task[] = [];
    if (Array.isArray(value)) {
      items.push({ text: '[' });
      for (let i = 0; i < value.length; i++) {
        if (i > 0) items.push({ text: ',' });
        items.push(i in value ? { visit: value[i] } : { text: tagged('hole') });
      }
      items.push({ text: ']' });
    } else {
      const keys = Object.keys(value);
      const asEntries = Object.getPrototypeOf(value) === null || keys.includes(TAG);
      items.push({ text: asEntries ? `{"${TAG}":"object","nullPrototype":${Object.getPrototypeOf(value) === null},"entries":[` : '{' });
      keys.forEach((key, i) => {
        const child = (value as Record<string, unknown>)[key];
        if (asEntries) items.push({ text: `${i > 0 ? ',' : ''}[${JSON.stringify(key)},` }, { visit: child }, { text: ']' });
        else items.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` }, { visit: child });
      });
      items.push({ text: asEntries ? ']}' : '}' });
    }
    items.push({ leave: value });
    for (let i = items.length - 1; i >= 0; i--) tasks.push(items[i] as Task);
  }
  return out.join('');
}

function tagOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, TAG)) return undefined;
  const tag = (value as Record<string, unknown>)[TAG];
  return typeof tag === 'string' ? tag : undefined;
}

/** Turns a tagged node into its value; an `object` node's children are fixed up by the caller. */
function untag(node: Record<string, unknown>, tag: string): unknown {
  const raw = node.value;
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
      const out = node.nullPrototype === true ? Object.create(null) : {};
      for (const [k, v] of node.entries as Array<[string, unknown]>) define(out, k, v);
      return out;
    }
    default:
      throw new TypeError(`decodeInput: unknown tag ${JSON.stringify(tag)}`);
  }
}

/** The fuzz input of a JSON text written by {@link encodeInput}. */
export function decodeInput(text: string): unknown {
  return decodeParsed(JSON.parse(text));
}

/** Like {@link decodeInput}, for text already parsed (it is changed in place). */
export function decodeParsed(parsed: unknown): unknown {
  const holder: unknown[] = [parsed];
  const stack: object[] = [holder];
  while (stack.length > 0) {
    const container = stack.pop() as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      const tag = tagOf(child);
      if (tag === 'hole' && Array.isArray(container)) {
        delete container[key];
        continue;
      }
      const value = tag === undefined ? child : untag(child as Record<string, unknown>, tag);
      if (tag !== undefined) define(container, key, value);
      if (typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array)) stack.push(value);
    }
  }
  return holder[0];
}
