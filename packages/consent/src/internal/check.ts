import { type SchemaLike, type SchemaOutput, safeParse, ValidationError } from '@aisle/core';
import { ConsentError, ConsentErrorCode } from '../errors';

/** Parses with core's `safeParse` and reports failures as `CONSENT_INVALID_INPUT` (never a ZodError). */
export function check<S extends SchemaLike>(schema: S, input: unknown, label: string): SchemaOutput<S> {
  const result = safeParse(schema, input, { label });
  if (result.ok) return result.value;
  const issues = ValidationError.isInstance(result.error) ? result.error.issues : [];
  throw new ConsentError(ConsentErrorCode.INVALID_INPUT, result.error.message, { cause: result.error, details: { label, issues } });
}
