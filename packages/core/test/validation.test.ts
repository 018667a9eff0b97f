import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { AisleError, CoreErrorCode, formatPath, parse, safeParse, ValidationError } from '../src/index';

const Order = z.object({
  id: z.string().min(1),
  items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })).min(1),
  total: z.number().int().nonnegative(),
});

describe('parse', () => {
  it('returns the parsed (transformed) value', () => {
    const Trimmed = z.string().transform((s) => s.trim());
    expect(parse(Trimmed, '  hi ')).toBe('hi');
    expect(parse(Order, { id: 'o1', items: [{ sku: 'A', qty: 2 }], total: 100 })).toEqual({
      id: 'o1',
      items: [{ sku: 'A', qty: 2 }],
      total: 100,
    });
  });

  it('turns a zod failure into ValidationError listing every issue with its path', () => {
    let caught: unknown;
    try {
      parse(
        Order,
        {
          id: '',
          items: [
            { sku: 'A', qty: 0 },
            { sku: 3, qty: 1.5 },
          ],
          total: -1,
        },
        { label: 'order' },
      );
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    const error = caught as ValidationError;
    expect(error.code).toBe(CoreErrorCode.VALIDATION);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['id'],
      ['items', 0, 'qty'],
      ['items', 1, 'sku'],
      ['items', 1, 'qty'],
      ['total'],
    ]);
    expect(error.message).toMatch(/^Invalid order: id: .+; items\[0\]\.qty: .+; items\[1\]\.sku: .+/);
    expect(error).not.toBeInstanceOf(z.ZodError);
    expect(error.details).toEqual({ label: 'order', issueCount: 5 });
  });

  it('works with zod/mini schemas', () => {
    const Mini = zm.object({ n: zm.number() });
    expect(parse(Mini, { n: 1 })).toEqual({ n: 1 });
    expect(() => parse(Mini, { n: 'x' })).toThrow(ValidationError);
  });

  it('reports a root-level failure with the (root) path', () => {
    const error = safeParse(z.string(), 42);
    expect(error.ok).toBe(false);
    if (!error.ok) expect(error.error.message).toMatch(/^Invalid input: \(root\): /);
  });

  it('wraps a ZodError thrown inside a transform as ValidationError', () => {
    const Inner = z.object({ a: z.number() });
    const Outer = z.string().transform((s) => Inner.parse(JSON.parse(s)));
    const result = safeParse(Outer, '{"a":"no"}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(ValidationError.isInstance(result.error)).toBe(true);
      expect((result.error as ValidationError).issues[0]?.path).toEqual(['a']);
    }
  });

  it('wraps non-Error throwables and plain errors from a schema as CORE_UNEXPECTED', () => {
    for (const thrown of ['a string', 7, undefined, new RangeError('x')]) {
      const Bad = z.string().transform(() => {
        throw thrown;
      });
      const result = safeParse(Bad, 'x');
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe(CoreErrorCode.UNEXPECTED);
        expect(result.error.cause).toBe(thrown);
      }
    }
  });

  it('reports input a zod check cannot read (a TypeError inside the schema) as CORE_VALIDATION', () => {
    // zod 4 runs length checks on any value with a `length`, even after the type check failed.
    const Title = z.object({ title: z.string().min(1).max(80) });
    const result = safeParse(Title, JSON.parse('{"title":{"length":{"toString":null}}}'), { label: 'notice' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(CoreErrorCode.VALIDATION);
      expect(result.error.message).toMatch(/^Invalid notice: /);
      expect(result.error.cause).toBeInstanceOf(TypeError);
    }
  });

  it('lets an AisleError thrown from a refinement through unchanged', () => {
    const domain = new AisleError('CONSENT_UNKNOWN_PURPOSE', 'Unknown purpose');
    const Bad = z.string().refine(() => {
      throw domain;
    });
    expect(() => parse(Bad, 'x')).toThrow(domain);
  });

  it('refuses asynchronous schemas instead of returning a promise', () => {
    const Async = z.string().refine(async () => true);
    const result = safeParse(Async, 'x');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(CoreErrorCode.UNEXPECTED);
  });

  it('never lets anything but an AisleError escape, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        try {
          parse(Order, input);
        } catch (error) {
          expect(AisleError.isInstance(error)).toBe(true);
        }
      }),
    );
  });
});

describe('parse arguments', () => {
  it('rejects a non-schema as a programmer error with a clear TypeError', () => {
    expect(() => parse({} as never, 1)).toThrow(/Standard Schema/);
    expect(() => parse(null as never, 1)).toThrow(TypeError);
  });

  it('lists at most ten issues in the message but keeps all of them', () => {
    const result = safeParse(
      z.array(z.string()),
      Array.from({ length: 25 }, (_, i) => i),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect((result.error as ValidationError).issues).toHaveLength(25);
      expect(result.error.message).toMatch(/and 15 more \(see issues\)$/);
    }
  });
});

describe('formatPath', () => {
  it('renders keys and indexes as a person reads them', () => {
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['items', 0, 'sku'])).toBe('items[0].sku');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['tags', 'vip-2026'])).toBe('tags["vip-2026"]');
  });
});

describe('ValidationError', () => {
  it('freezes its issues', () => {
    const error = new ValidationError([{ path: ['a'], message: 'bad' }]);
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect(Object.isFrozen(error.issues[0])).toBe(true);
  });

  it('is not confused with other Aisle errors', () => {
    expect(ValidationError.isInstance(new AisleError(CoreErrorCode.UNEXPECTED, 'x'))).toBe(false);
    expect(ValidationError.isInstance(new ValidationError([]))).toBe(true);
  });
});
