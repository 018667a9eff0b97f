import { safeParse } from '@aisle/core';
import type { SegmentAst } from './ast';
import { segmentAstSchema } from './ast-schema';
import { SegmentError, SegmentErrorCode } from './errors';
import { limitsOf } from './internal/limits';
import type { ParseSegmentOptions } from './parse';
import { typeCheck } from './type-check';

function depthAndLists(json: unknown, maxDepth: number, maxList: number): void {
  const stack: Array<[unknown, number]> = [[json, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth * 2 + 4) {
      throw new SegmentError(SegmentErrorCode.TOO_DEEP, `JSON segment nested deeper than ${maxDepth}`, { details: { maxDepth } });
    }
    if (Array.isArray(node) && node.length > maxList) {
      throw new SegmentError(SegmentErrorCode.LIST_TOO_LARGE, `JSON segment has a list longer than ${maxList}`, {
        details: { maxListLength: maxList },
      });
    }
    for (const v of Object.values(node)) stack.push([v, depth + 1]);
  }
}

function logicalDepth(ast: SegmentAst): number {
  if (ast.type === 'not') return 1 + logicalDepth(ast.arg);
  if (ast.type === 'and' || ast.type === 'or') return 1 + Math.max(...ast.args.map(logicalDepth));
  return 0;
}

/**
 * Validates a JSON AST (for example one stored in a database or sent by a UI) and returns it
 * typed. Depth and list lengths are checked before schema validation, iteratively.
 *
 * @throws {@link SegmentError} `SEGMENT_INVALID_AST` (the validation error is the `cause`),
 * `SEGMENT_TOO_DEEP`, `SEGMENT_LIST_TOO_LARGE`, and with a schema the type-check codes.
 * @throws {@link SegmentError} `SEGMENT_INVALID_OPTIONS` when a limit option is not a whole number within its ceiling.
 *
 * @example
 * ```ts
 * import { segmentFromJson } from '@aisle/segments';
 *
 * const ast = segmentFromJson({ type: 'isNull', field: 'birthday', negated: true });
 * ```
 *
 * @public
 */
export function segmentFromJson(json: unknown, options: ParseSegmentOptions = {}): SegmentAst {
  const limits = limitsOf(options);
  depthAndLists(json, limits.maxDepth, limits.maxListLength);
  const result = safeParse(segmentAstSchema, json);
  if (!result.ok) {
    throw new SegmentError(SegmentErrorCode.INVALID_AST, `Not a segment AST: ${result.error.message}`, { cause: result.error });
  }
  const ast = result.value as SegmentAst;
  if (logicalDepth(ast) > limits.maxDepth) {
    throw new SegmentError(SegmentErrorCode.TOO_DEEP, `JSON segment nested deeper than ${limits.maxDepth}`, {
      details: { maxDepth: limits.maxDepth },
    });
  }
  checkContains(ast);
  if (options.schema) typeCheck(ast, options.schema);
  return ast;
}

function checkContains(ast: SegmentAst): void {
  if (ast.type === 'and' || ast.type === 'or') for (const a of ast.args) checkContains(a);
  else if (ast.type === 'not') checkContains(ast.arg);
  else if (ast.type === 'contains' && ast.mode === 'one' && ast.values.length !== 1) {
    throw new SegmentError(SegmentErrorCode.INVALID_AST, 'A contains node with mode "one" has exactly one value');
  }
}
