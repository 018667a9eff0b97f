// nodeHmacSha256 on a Node without the one-shot crypto.hash (before 20.12): the createHmac fallback.
import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, hash: undefined };
});

describe('nodeHmacSha256 without crypto.hash', () => {
  it('falls back to createHmac with the same bytes, also for long keys and non-ASCII text', async () => {
    const crypto = await import('node:crypto');
    expect(crypto.hash).toBeUndefined();
    const { nodeHmacSha256 } = await import('../src/node/index');
    const { createPseudonymizer } = await import('../src/index');
    for (const key of [new Uint8Array(32).fill(1), new Uint8Array(131).fill(0xaa)]) {
      for (const message of ['13800138000', '张伟 😀', '']) {
        const out = nodeHmacSha256(key)(message, new Uint8Array(32));
        expect(Buffer.from(out).toString('hex')).toBe(createHmac('sha256', key).update(message, 'utf8').digest('hex'));
      }
    }
    const key = new Uint8Array(32).fill(9);
    const native = createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics', hmac: nodeHmacSha256 });
    expect(native.pseudonymize('mobile', '13800138000')).toBe(
      createPseudonymizer({ key, tenant: 'acme', purpose: 'analytics' }).pseudonymize('mobile', '13800138000'),
    );
  });
});
