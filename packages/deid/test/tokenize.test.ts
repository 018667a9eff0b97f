import { createManualClock } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { createTokenizer, DeidErrorCode, type DetokenizeAuditEvent, type KeyVault } from '../src/index';

const keys = new Map<string, Uint8Array>([
  ['k1', Uint8Array.from({ length: 64 }, (_, i) => i)],
  ['k2', Uint8Array.from({ length: 32 }, (_, i) => 255 - i)],
]);
const vault: KeyVault = { getKey: async (id) => keys.get(id) };
const ctx = { kind: 'mobile', field: 'customer.phone' };
const who = { ...ctx, actor: 'S-014', reason: 'ticket 42' };

function setup(keyId = 'k1') {
  const events: DetokenizeAuditEvent[] = [];
  const clock = createManualClock('2026-11-21T10:00:00+08:00');
  const tokenizer = createTokenizer({ vault, keyId, audit: (e) => void events.push(e), clock });
  return { tokenizer, events };
}

describe('createTokenizer', () => {
  it('is deterministic and reversible, and audits every detokenisation without the value', async () => {
    const { tokenizer, events } = setup();
    const token = await tokenizer.tokenize('13800138000', ctx);
    expect(token).toMatch(/^tk_k1_[A-Za-z0-9_-]+$/);
    expect(await tokenizer.tokenize('13800138000', ctx)).toBe(token);
    expect(await tokenizer.tokenize('13900139000', ctx)).not.toBe(token);
    expect(await tokenizer.detokenize(token, who)).toBe('13800138000');
    expect(events).toEqual([
      {
        at: new Date('2026-11-21T02:00:00Z'),
        keyId: 'k1',
        kind: 'mobile',
        field: 'customer.phone',
        actor: 'S-014',
        reason: 'ticket 42',
        outcome: 'ok',
      },
    ]);
    expect(JSON.stringify(events)).not.toContain('13800138000');
  });

  it('binds kind and field as associated data', async () => {
    const { tokenizer, events } = setup();
    const token = await tokenizer.tokenize('13800138000', ctx);
    expect(await tokenizer.tokenize('13800138000', { ...ctx, field: 'other' })).not.toBe(token);
    await expect(tokenizer.detokenize(token, { ...who, field: 'other' })).rejects.toMatchObject({ code: DeidErrorCode.TOKEN_INVALID });
    expect(events.at(-1)?.outcome).toBe('invalid-token');
  });

  it('uses the key named in the token and supports 32-byte keys', async () => {
    const one = setup('k2');
    const token = await one.tokenizer.tokenize('上海市静安区', ctx);
    expect(token.startsWith('tk_k2_')).toBe(true);
    expect(await setup('k1').tokenizer.detokenize(token, who)).toBe('上海市静安区');
  });

  it('rejects tampered and malformed tokens', async () => {
    const { tokenizer } = setup();
    const token = await tokenizer.tokenize('13800138000', ctx);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    await expect(tokenizer.detokenize(tampered, who)).rejects.toMatchObject({ code: DeidErrorCode.TOKEN_INVALID });
    for (const bad of ['tk_k1_!!!!', 'nope', 'tk_k1_AAAA', 'tk_k1_AAAAAAAAAAAAAAAAAAAAAAAAA', 42 as unknown as string]) {
      await expect(tokenizer.detokenize(bad, who)).rejects.toMatchObject({ code: DeidErrorCode.TOKEN_MALFORMED });
    }
  });

  it('fails clearly when the vault lacks the key, the key is the wrong size, or the audit hook fails', async () => {
    const { tokenizer, events } = setup('missing');
    await expect(tokenizer.tokenize('x1', ctx)).rejects.toMatchObject({ code: DeidErrorCode.KEY_NOT_FOUND });
    await expect(tokenizer.detokenize('tk_missing_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', who)).rejects.toMatchObject({
      code: DeidErrorCode.KEY_NOT_FOUND,
    });
    expect(events.at(-1)?.outcome).toBe('key-not-found');
    const short = createTokenizer({ vault: { getKey: () => new Uint8Array(16) }, keyId: 'k1', audit: () => {} });
    await expect(short.tokenize('x1', ctx)).rejects.toMatchObject({ code: DeidErrorCode.INVALID_KEY });
    const token = await setup().tokenizer.tokenize('13800138000', ctx);
    const failing = createTokenizer({
      vault,
      keyId: 'k1',
      audit: () => {
        throw new Error('audit log down');
      },
    });
    await expect(failing.detokenize(token, who)).rejects.toMatchObject({ code: DeidErrorCode.AUDIT_FAILED });
    expect(() => createTokenizer({ vault, keyId: 'bad id!', audit: () => {} })).toThrow(RangeError);
    expect(() => createTokenizer({ vault, keyId: 'k1', audit: undefined as never })).toThrow(TypeError);
    await expect(setup().tokenizer.tokenize('', ctx)).rejects.toMatchObject({ code: DeidErrorCode.EMPTY_VALUE });
    await expect(setup().tokenizer.detokenize(token, { ...who, actor: ' ' })).rejects.toMatchObject({ code: DeidErrorCode.EMPTY_VALUE });
  });
});
