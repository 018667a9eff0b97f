import { AisleError } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { SegmentError, SegmentErrorCode } from '../src/index';

describe('SegmentError', () => {
  it('is an AisleError with a documented, prefixed code', () => {
    const e = new SegmentError(SegmentErrorCode.SYNTAX, 'x', { details: { line: 1 } });
    expect(e).toBeInstanceOf(AisleError);
    expect(AisleError.isInstance(e, 'SEGMENT_SYNTAX')).toBe(true);
    expect(e.name).toBe('SegmentError');
    expect(e.details).toEqual({ line: 1 });
    for (const code of Object.values(SegmentErrorCode)) expect(code).toMatch(/^SEGMENT_[A-Z_]+$/);
  });
});
