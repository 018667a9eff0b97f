import { describe, expect, it, vi } from 'vitest';

describe('bitmap engine without roaring', () => {
  it('imports cleanly and explains what to install when used', async () => {
    vi.resetModules();
    vi.doMock('node:module', () => ({
      createRequire: () => () => {
        throw new Error("Cannot find module 'roaring'");
      },
    }));
    const { createBitmapIndex } = await import('../src/node/index');
    const { defineProfileSchema } = await import('../src/index');
    expect(() => createBitmapIndex({ schema: defineProfileSchema({ n: { type: 'number' } }) })).toThrow(
      expect.objectContaining({ code: 'SEGMENT_ENGINE_UNAVAILABLE' }),
    );
    vi.doUnmock('node:module');
  });
});
