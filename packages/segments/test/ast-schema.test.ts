// segmentAstSchema is a Standard Schema typed with Aisle's own SegmentAst.
import { parse, type SchemaInput, type SchemaOutput } from '@aisle/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type SegmentAst, segmentAstSchema } from '../src/index';

describe('segmentAstSchema through the Standard Schema interface', () => {
  it('{ value } for an AST, { issues } with the path for a wrong node', () => {
    const ast: SegmentAst = {
      type: 'and',
      args: [
        { type: 'isNull', field: 'birthday', negated: true },
        { type: 'compare', field: 'age', op: '>=', value: { type: 'number', value: 18 } },
      ],
    };
    expect(segmentAstSchema['~standard'].version).toBe(1);
    expect(segmentAstSchema['~standard'].validate(ast)).toEqual({ value: ast });
    const bad = segmentAstSchema['~standard'].validate({ type: 'not', arg: { type: 'isNull', field: '1st', negated: false } });
    if (bad instanceof Promise) throw new Error('expected a synchronous result');
    expect(bad.issues?.map((issue) => issue.path)).toEqual([['arg', 'field']]);
    expect(parse(segmentAstSchema, ast)).toEqual(ast);
  });

  it('carries SegmentAst as its output and input type', () => {
    expectTypeOf<SchemaOutput<typeof segmentAstSchema>>().toEqualTypeOf<SegmentAst>();
    expectTypeOf<SchemaInput<typeof segmentAstSchema>>().toEqualTypeOf<SegmentAst>();
  });
});
