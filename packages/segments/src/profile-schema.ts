import { SegmentError, SegmentErrorCode } from './errors';

/**
 * The type of a profile field. `money` is an integer number of fen; `date` an instant (a `Date`,
 * epoch milliseconds or an ISO string with offset) compared by calendar day in the segment's
 * zone; `day` a calendar date without a time or zone (`'1990-02-28'`, a birthday), compared as it
 * is; `tags` a set of strings.
 *
 * @example
 * ```ts
 * import type { FieldType } from '@aisle/segments';
 *
 * const t: FieldType = 'money';
 * ```
 *
 * @public
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'day' | 'money' | 'enum' | 'tags';

/**
 * One field of a {@link ProfileSchema}.
 *
 * @example
 * ```ts
 * import type { FieldSpec } from '@aisle/segments';
 *
 * const tier: FieldSpec = { type: 'enum', values: ['silver', 'gold', 'vip'] };
 * ```
 *
 * @public
 */
export interface FieldSpec {
  readonly type: FieldType;
  /** The allowed values of an `enum` field. */
  readonly values?: readonly string[];
}

/**
 * The typed fields a segment may refer to (attributes and computed traits alike).
 *
 * @example
 * ```ts
 * import { defineProfileSchema } from '@aisle/segments';
 *
 * const schema = defineProfileSchema({ tags: { type: 'tags' }, visits30d: { type: 'number' } });
 * ```
 *
 * @public
 */
export interface ProfileSchema {
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const TYPES = new Set<string>(['string', 'number', 'boolean', 'date', 'day', 'money', 'enum', 'tags']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['and', 'or', 'not', 'in', 'between', 'contains', 'any', 'all', 'is', 'null', 'true', 'false', 'today']);

/**
 * Checks and freezes a profile schema: field names are identifiers that are not keywords, enums
 * list at least one value.
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_SCHEMA`.
 *
 * @example
 * ```ts
 * import { defineProfileSchema } from '@aisle/segments';
 *
 * const schema = defineProfileSchema({
 *   tier: { type: 'enum', values: ['silver', 'gold', 'vip'] },
 *   spend90d: { type: 'money' },
 *   lastVisit: { type: 'date' },
 *   birthday: { type: 'day' },
 * });
 * ```
 *
 * @public
 */
export function defineProfileSchema(fields: Readonly<Record<string, FieldSpec>>): ProfileSchema {
  // Field names are data: collected as entries and turned into own keys by Object.fromEntries
  // (`out[name] =` with the name `__proto__` would replace the prototype instead).
  const out: Array<[string, FieldSpec]> = [];
  for (const [name, spec] of Object.entries(fields)) {
    if (!NAME.test(name) || RESERVED.has(name.toLowerCase())) {
      throw new SegmentError(SegmentErrorCode.INVALID_SCHEMA, `Field name "${name}" is not an identifier or is a keyword`, {
        details: { field: name },
      });
    }
    if (!spec || !TYPES.has(spec.type)) {
      throw new SegmentError(SegmentErrorCode.INVALID_SCHEMA, `Field "${name}" has an unknown type`, { details: { field: name } });
    }
    if (spec.type === 'enum' && (!Array.isArray(spec.values) || spec.values.length === 0)) {
      throw new SegmentError(SegmentErrorCode.INVALID_SCHEMA, `Enum field "${name}" needs at least one value`, {
        details: { field: name },
      });
    }
    out.push([
      name,
      Object.freeze(spec.type === 'enum' ? { type: spec.type, values: Object.freeze([...(spec.values ?? [])]) } : { type: spec.type }),
    ]);
  }
  return Object.freeze({ fields: Object.freeze(Object.fromEntries(out)) });
}
