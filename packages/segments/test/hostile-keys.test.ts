import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_KEYS } from '../../../scripts/fuzz/arbitraries';
import {
  compileSql,
  computeTraits,
  defineProfileSchema,
  explain,
  lastVisit,
  type Profile,
  parseSegment,
  printSegment,
  toPredicate,
  typeCheck,
} from '../src/index';

/**
 * Field names, tags, categories and trait names are data. Whatever the name — `constructor`,
 * `__proto__`, `toString`… — a segment must behave exactly as it does under an ordinary name.
 * Hostile names that are not identifiers in the language (none of them, today) are skipped.
 */
const SAFE = 'plain_field';
const when = { at: '2026-11-21T20:00:00+08:00', zone: 'Asia/Shanghai' } as const;

function own<T>(entries: ReadonlyArray<readonly [string, T]>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Everything observable about one segment over a field named `name` (with the name replaced by a marker). */
function observe(name: string) {
  const schema = defineProfileSchema(
    own([
      [name, { type: 'number' as const }],
      ['tags', { type: 'tags' as const }],
      ['tier', { type: 'enum' as const, values: [name, 'gold'] }],
    ]),
  );
  const text = `${name} > 3 AND tags CONTAINS '${name}' AND tier IN ('${name}') AND purchased(category = '${name}', within = 30d) >= 1`;
  const ast = typeCheck(parseSegment(text), schema);
  const profiles: Profile[] = [
    {
      id: 'in',
      attributes: own<unknown>([
        [name, 5],
        ['tags', [name]],
        ['tier', name],
      ]),
      purchases: [{ category: name, at: '2026-11-20T10:00:00+08:00' }],
    },
    {
      id: 'low',
      attributes: own<unknown>([
        [name, 2],
        ['tags', [name]],
        ['tier', name],
      ]),
      purchases: [{ category: name, at: '2026-11-20T10:00:00+08:00' }],
    },
    // The name exists only on Object.prototype: a missing field (NULL), never an inherited value.
    { id: 'missing', attributes: {}, purchases: [] },
  ];
  const predicate = toPredicate(ast, { schema, ...when });
  const mapping = {
    table: 'members',
    id: 'id',
    columns: own([[name, name]]),
    tags: { table: 'member_tags', member: 'member_id', tag: 'tag' },
    purchases: { table: 'purchases', member: 'member_id', category: 'category', at: 'at' },
  };
  let sql: string | undefined;
  try {
    sql = compileSql(ast, { dialect: 'postgres', schema, mapping, ...when } as never).sql;
  } catch (error) {
    sql = `error ${(error as { code?: string }).code}`;
  }
  const mark = (s: string) => s.split(name).join('<NAME>');
  return {
    fields: Object.keys(schema.fields).map(mark),
    printed: mark(printSegment(ast)),
    results: profiles.map((p) => predicate.test(p)),
    explanation: mark(JSON.stringify(explain(ast, profiles[0] as Profile, { schema, ...when }))),
    sql: mark(sql),
  };
}

describe('names that are also Object.prototype names', () => {
  const identifiers = HOSTILE_KEYS.filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k));

  it.each(identifiers)('a field, tag, enum value and category named %s behave as under an ordinary name', (name) => {
    expect(observe(name)).toEqual(observe(SAFE));
  });

  it('defineProfileSchema keeps a field named __proto__ as an own field (it became the prototype)', () => {
    const schema = defineProfileSchema(own([['__proto__', { type: 'number' as const }]]));
    expect(Object.keys(schema.fields)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(schema.fields)).toBe(Object.prototype);
    expect(() => typeCheck(parseSegment('__proto__ > 1'), schema)).not.toThrow();
  });

  it('a field the schema does not declare is unknown even when Object.prototype has it', () => {
    const schema = defineProfileSchema({ visits: { type: 'number' } });
    for (const name of identifiers) {
      expect(() => typeCheck(parseSegment(`${name} > 1`), schema)).toThrow(expect.objectContaining({ code: 'SEGMENT_UNKNOWN_FIELD' }));
    }
  });

  it('computeTraits keeps every trait under its own name (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_KEYS), (name) => {
        const traits = computeTraits([{ type: 'visit', at: '2026-11-20T10:00:00+08:00' }], own([[name, lastVisit()]]), when);
        expect(Object.keys(traits)).toEqual([name]);
        expect(Object.getOwnPropertyDescriptor(traits, name)?.value).toEqual(new Date('2026-11-20T02:00:00.000Z'));
        expect(Object.getPrototypeOf(traits)).toBe(Object.prototype);
      }),
    );
  });
});
