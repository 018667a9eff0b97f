import { AisleError } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalize,
  createFormatPreserver,
  createPseudonymizer,
  detectPii,
  IDENTIFIER_KINDS,
  type MaskKind,
  mask,
  parseResidentId,
  scrub,
} from '../src/index';

/** Bad input must end in a clear AisleError (or a documented TypeError/RangeError), never a crash. */
function survives(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(AisleError.isInstance(error) || error instanceof RangeError).toBe(true);
  }
}

const noisy = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.stringMatching(/^[\d +\-Xx:.@]{0,30}$/),
);

describe('hostile input', () => {
  it('canonicalize, parseResidentId and mask never crash', () => {
    const kinds: MaskKind[] = ['mobile', 'resident-id', 'bank-card', 'name', 'email', 'address', 'plate', 'text'];
    fc.assert(
      fc.property(noisy, fc.constantFrom(...IDENTIFIER_KINDS), fc.constantFrom(...kinds), (value, kind, maskKind) => {
        survives(() => canonicalize(kind, value));
        survives(() => parseResidentId(value));
        survives(() => mask(maskKind, value));
      }),
      { numRuns: 400 },
    );
  });

  it('detectPii returns in-bounds, ordered, non-overlapping spans and scrub removes them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(noisy, fc.constantFrom('13800138000', '11010519491231002X', 'a@b.cn', '::1', '沪A12345')), { maxLength: 6 }),
        (parts) => {
          const text = parts.join(' ');
          const spans = detectPii(text);
          let last = 0;
          for (const span of spans) {
            expect(span.start).toBeGreaterThanOrEqual(last);
            expect(span.end).toBeLessThanOrEqual(text.length);
            expect(text.slice(span.start, span.end)).toBe(span.text);
            last = span.end;
          }
          // scrub replaces exactly the detected spans (the same digits elsewhere may be an order
          // number by context, so compare by position, not by text).
          let expected = '';
          let at = 0;
          for (const span of spans) {
            expected += `${text.slice(at, span.start)}[${span.kind.toUpperCase()}]`;
            at = span.end;
          }
          expect(scrub(text)).toBe(expected + text.slice(at));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pseudonymize and FPE fail only with AisleErrors on arbitrary strings', () => {
    const p = createPseudonymizer({ key: new Uint8Array(32), tenant: 't', purpose: 'p' });
    const fpe = createFormatPreserver({ key: new Uint8Array(16) });
    fc.assert(
      fc.property(noisy, fc.constantFrom('mobile', 'resident-id', 'bank-card', 'mac'), (value, profile) => {
        survives(() => p.pseudonymize(profile, value));
        survives(() => fpe.encrypt(profile, value));
      }),
      { numRuns: 200 },
    );
  });
});
