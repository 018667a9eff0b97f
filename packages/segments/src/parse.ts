import type { SegmentAst } from './ast';
import { SegmentError, SegmentErrorCode } from './errors';
import { limitsOf } from './internal/limits';
import { parseText } from './internal/parser';
import type { ProfileSchema } from './profile-schema';
import { typeCheckWithSpans } from './type-check';

/**
 * Options of {@link parseSegment} and {@link segmentFromJson}.
 *
 * @example
 * ```ts
 * import type { ParseSegmentOptions } from '@aisle/segments';
 *
 * const options: ParseSegmentOptions = { maxDepth: 32 };
 * ```
 *
 * @public
 */
export interface ParseSegmentOptions {
  /** Type-check against this schema (errors then carry line:column). */
  readonly schema?: ProfileSchema;
  /** Deepest nesting of parentheses and NOT (default 64, at most 256; otherwise `SEGMENT_INVALID_OPTIONS`). */
  readonly maxDepth?: number;
  /** Longest IN / CONTAINS ANY / CONTAINS ALL list (default 1000, at most 100 000; otherwise `SEGMENT_INVALID_OPTIONS`). */
  readonly maxListLength?: number;
  /** Longest text accepted (default 100 000 characters, at most 10 000 000; otherwise `SEGMENT_INVALID_OPTIONS`). */
  readonly maxLength?: number;
}

/**
 * Parses segment text into its JSON AST. Keywords are case-insensitive; field names, strings and
 * tags are case-sensitive. With `schema`, also type-checks.
 *
 * @throws {@link SegmentError} `SEGMENT_SYNTAX` (with `line`/`column`), `SEGMENT_TOO_DEEP`,
 * `SEGMENT_LIST_TOO_LARGE`, `SEGMENT_INPUT_TOO_LONG`, `SEGMENT_UNKNOWN_FUNCTION`, and with a
 * schema `SEGMENT_UNKNOWN_FIELD` / `SEGMENT_TYPE_MISMATCH`. Never anything else, whatever the text.
 * @throws {@link SegmentError} `SEGMENT_INVALID_OPTIONS` when a limit option is not a whole number within its ceiling.
 *
 * @example
 * ```ts
 * import { parseSegment } from '@aisle/segments';
 *
 * const ast = parseSegment("tier = 'vip' AND purchased(category = 'baby', within = 90d) >= 2 AND lastVisit < -60d");
 * console.log(ast.type); // 'and'
 * // Birthdays today (a 29 February birthday on 1 March in common years), buyers of a brand:
 * parseSegment("anniversary(birthday) = today AND purchased(brand = 'Goodbaby', within = 1y) >= 1");
 * ```
 *
 * @public
 */
export function parseSegment(text: string, options: ParseSegmentOptions = {}): SegmentAst {
  if (typeof text !== 'string') throw new SegmentError(SegmentErrorCode.SYNTAX, 'Segment text must be a string', { details: {} });
  const { ast, spans } = parseText(text, limitsOf(options));
  if (options.schema) typeCheckWithSpans(ast, options.schema, text, spans);
  return ast;
}
