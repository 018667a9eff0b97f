import { describe, expect, it } from 'vitest';
import {
  createDeidentifier,
  createMemoryKeyStore,
  createShredder,
  createTokenizer,
  DeidErrorCode,
  type DetokenizeAuditEvent,
} from '../src/index';

const vaultKeys = new Map([['k1', new Uint8Array(64).fill(7)]]);
const audit: DetokenizeAuditEvent[] = [];
const tokenizer = createTokenizer({ vault: { getKey: (id) => vaultKeys.get(id) }, keyId: 'k1', audit: (e) => void audit.push(e) });

describe('createDeidentifier with tokenize and encrypt actions', () => {
  it('tokenises reversibly, seals per subject, and shredding erases only that subject', async () => {
    const shredder = createShredder({ kek: new Uint8Array(32).fill(8), store: createMemoryKeyStore() });
    const deid = createDeidentifier({
      policy: {
        fields: {
          memberId: { action: 'keep' },
          phone: { action: 'tokenize', kind: 'mobile' },
          address: { action: 'encrypt', subjectField: 'memberId' },
        },
      },
      tokenizer,
      shredder,
    });
    expect(deid.isAsync).toBe(true);
    expect(() => deid.apply({ memberId: 'M-1' })).toThrow(TypeError);
    const rows = [
      { memberId: 'M-1', phone: '13800138000', address: '上海市静安区南京西路1601号' },
      { memberId: 'M-2', phone: '13900139000', address: '上海市徐汇区漕溪北路1号' },
    ];
    const out = [];
    for await (const row of deid.stream(rows)) out.push(row);
    expect(out[0]?.phone).toMatch(/^tk_k1_/);
    expect(
      await tokenizer.detokenize(String(out[0]?.phone), { kind: 'mobile', field: 'phone', actor: 'dpo', reason: 'access request' }),
    ).toBe('13800138000');
    expect(audit).toHaveLength(1);
    expect(await shredder.openText('M-2', String(out[1]?.address))).toBe('上海市徐汇区漕溪北路1号');

    await shredder.shred('M-1');
    await expect(shredder.openText('M-1', String(out[0]?.address))).rejects.toMatchObject({ code: DeidErrorCode.SUBJECT_SHREDDED });
    expect(await shredder.openText('M-2', String(out[1]?.address))).toBe('上海市徐汇区漕溪北路1号');
    await expect(shredder.openText('M-2', '!!')).rejects.toMatchObject({ code: DeidErrorCode.CIPHERTEXT_INVALID });
    expect(deid.stats().fields).toMatchObject({ phone: { tokenize: 2 }, address: { encrypt: 2 } });
  });

  it('counts invalid async values, but lets infrastructure failures through', async () => {
    const deid = createDeidentifier({ policy: { fields: { phone: { action: 'tokenize', kind: 'mobile' } } }, tokenizer });
    expect(await deid.applyAsync({ phone: 'x'.repeat(5000) })).toEqual({});
    expect(deid.stats().fields.phone).toEqual({ invalid: 1 });
    const broken = createTokenizer({ vault: { getKey: () => undefined }, keyId: 'gone', audit: () => {} });
    const failing = createDeidentifier({ policy: { fields: { phone: { action: 'tokenize', kind: 'mobile' } } }, tokenizer: broken });
    await expect(failing.applyAsync({ phone: '13800138000' })).rejects.toMatchObject({ code: DeidErrorCode.KEY_NOT_FOUND });
    expect(() => createDeidentifier({ policy: { fields: { a: { action: 'tokenize', kind: 'x' } } } })).toThrow(TypeError);
    expect(() => createDeidentifier({ policy: { fields: { a: { action: 'encrypt', subjectField: 'id' } } } })).toThrow(TypeError);
  });

  it('applyAsync also runs synchronous policies', async () => {
    const deid = createDeidentifier({ policy: { fields: { age: { action: 'generalize', rule: { kind: 'age-band' } } } } });
    expect(deid.isAsync).toBe(false);
    expect(await deid.applyAsync({ age: 41, extra: 1 })).toEqual({ age: '40-49' });
    await expect(deid.applyAsync(null as never)).rejects.toThrow(TypeError);
  });
});
