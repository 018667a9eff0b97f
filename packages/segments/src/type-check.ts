import type { Literal, SegmentAst } from './ast';
import { SegmentError, SegmentErrorCode } from './errors';
import { positionOf } from './internal/lexer';
import { originOf, type SpanMap } from './internal/parser';
import { suggest } from './internal/suggest';
import type { FieldSpec, FieldType, ProfileSchema } from './profile-schema';

interface Where {
  readonly source?: string;
  readonly spans?: SpanMap;
}

function fail(code: SegmentErrorCode, node: object, where: Where, message: string, details: Record<string, unknown>): never {
  const origin = where.source !== undefined ? { source: where.source, offset: where.spans?.get(node) } : originOf(node);
  if (origin?.offset !== undefined) {
    const { line, column } = positionOf(origin.source, origin.offset);
    throw new SegmentError(code, `${line}:${column}: ${message}`, { details: { line, column, ...details } });
  }
  throw new SegmentError(code, message, { details });
}

const ORDERED = new Set<FieldType>(['number', 'money', 'date', 'day']);

function literalFits(spec: FieldSpec, lit: Literal): string | undefined {
  switch (spec.type) {
    case 'string':
      return lit.type === 'string' ? undefined : 'a string';
    case 'enum':
      if (lit.type !== 'string') return 'a string';
      return spec.values?.includes(lit.value) ? undefined : `one of ${spec.values?.map((v) => `'${v}'`).join(', ')}`;
    case 'number':
      return lit.type === 'number' ? undefined : 'a number';
    case 'money':
      return lit.type === 'number' && Number.isSafeInteger(lit.value) && !Object.is(lit.value, -0) ? undefined : 'a whole number of fen';
    case 'boolean':
      return lit.type === 'boolean' ? undefined : 'TRUE or FALSE';
    case 'date':
    case 'day':
      return lit.type === 'date' || lit.type === 'relative' ? undefined : 'a date (2026-11-21, -30d, -3m, today)';
    case 'tags':
      return 'CONTAINS';
  }
}

function fieldOf(schema: ProfileSchema, name: string, node: object, where: Where): FieldSpec {
  const spec = Object.hasOwn(schema.fields, name) ? schema.fields[name] : undefined;
  if (spec) return spec;
  const suggestion = suggest(name, Object.keys(schema.fields));
  fail(SegmentErrorCode.UNKNOWN_FIELD, node, where, `unknown field "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`, {
    field: name,
    ...(suggestion ? { suggestion } : {}),
  });
}

function checkLiteral(spec: FieldSpec, field: string, lit: Literal, node: object, where: Where): void {
  const expected = literalFits(spec, lit);
  if (expected === undefined) return;
  const got = lit.type === 'string' && spec.type === 'enum' ? `'${lit.value}'` : `a ${lit.type}`;
  const suggestion = spec.type === 'enum' && lit.type === 'string' ? suggest(lit.value, spec.values ?? []) : undefined;
  fail(
    SegmentErrorCode.TYPE_MISMATCH,
    node,
    where,
    `${field} is ${spec.type}: expected ${expected}, got ${got}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
    { field, fieldType: spec.type, ...(suggestion ? { suggestion } : {}) },
  );
}

/** An operator or form that does not apply to the field's type (a function, not a closure per node: planOf runs this on every query). */
function mismatch(ast: SegmentAst & { field: string }, spec: FieldSpec, where: Where, what: string): never {
  return fail(SegmentErrorCode.TYPE_MISMATCH, ast, where, `${ast.field} is ${spec.type}: ${what}`, {
    field: ast.field,
    fieldType: spec.type,
  });
}

function visit(ast: SegmentAst, schema: ProfileSchema, where: Where): void {
  switch (ast.type) {
    case 'and':
    case 'or':
      for (const a of ast.args) visit(a, schema, where);
      return;
    case 'not':
      visit(ast.arg, schema, where);
      return;
    case 'purchased':
      return;
    default:
  }
  if (ast.type === 'anniversary') {
    const spec = fieldOf(schema, ast.field, ast, where);
    if (spec.type !== 'date' && spec.type !== 'day')
      fail(SegmentErrorCode.TYPE_MISMATCH, ast, where, `${ast.field} is ${spec.type}: anniversary(…) needs a date or day field`, {
        field: ast.field,
        fieldType: spec.type,
      });
    checkLiteral(spec, ast.field, ast.value, ast, where);
    return;
  }
  const spec = fieldOf(schema, ast.field, ast, where);
  switch (ast.type) {
    case 'compare':
      if (spec.type === 'tags') mismatch(ast, spec, where, `use CONTAINS on a tag set`);
      if (!ORDERED.has(spec.type) && ast.op !== '=' && ast.op !== '!=') mismatch(ast, spec, where, `only = and != apply, not ${ast.op}`);
      checkLiteral(spec, ast.field, ast.value, ast, where);
      return;
    case 'in':
      if (spec.type === 'tags' || spec.type === 'boolean' || spec.type === 'date' || spec.type === 'day')
        mismatch(ast, spec, where, 'IN does not apply');
      for (const v of ast.values) checkLiteral(spec, ast.field, v, ast, where);
      return;
    case 'between':
      if (!ORDERED.has(spec.type)) mismatch(ast, spec, where, 'BETWEEN needs a number, money, date or day field');
      checkLiteral(spec, ast.field, ast.low, ast, where);
      checkLiteral(spec, ast.field, ast.high, ast, where);
      return;
    case 'contains':
      if (spec.type !== 'tags') mismatch(ast, spec, where, 'CONTAINS needs a tag set');
      return;
    case 'isNull':
      if (spec.type === 'tags') mismatch(ast, spec, where, 'a tag set is never NULL (an absent set is empty): use NOT … CONTAINS ANY (…)');
      return;
  }
}

/**
 * Checks a segment against a profile schema: every field exists (unknown names get a "did you
 * mean" suggestion), every operator and literal fits the field's type. Returns the AST.
 *
 * @throws {@link SegmentError} `SEGMENT_UNKNOWN_FIELD` or `SEGMENT_TYPE_MISMATCH`, with
 * line:column when the AST came from {@link parseSegment} (also when it was parsed without a
 * schema and is checked only now).
 *
 * @example
 * ```ts
 * import { defineProfileSchema, parseSegment, typeCheck } from '@aisle/segments';
 *
 * const schema = defineProfileSchema({ visits30d: { type: 'number' } });
 * typeCheck(parseSegment('visits30d >= 2'), schema);
 * ```
 *
 * @public
 */
export function typeCheck(ast: SegmentAst, schema: ProfileSchema): SegmentAst {
  visit(ast, schema, {});
  return ast;
}

export function typeCheckWithSpans(ast: SegmentAst, schema: ProfileSchema, source: string, spans: SpanMap): void {
  visit(ast, schema, { source, spans });
}
