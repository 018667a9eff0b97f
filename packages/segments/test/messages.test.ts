import { registerMessages, ValidationError } from '@aisle/core';
import { zhCN } from '@aisle/core/zh-CN';
import { describe, expect, it } from 'vitest';
import { SegmentError, segmentFromJson } from '../src/index';

// Chinese validation messages are opt-in: one import and one call.
registerMessages(zhCN);

function messages(json: unknown): { en: string; zh: string } {
  try {
    segmentFromJson(json);
  } catch (error) {
    if (!SegmentError.isInstance(error, 'SEGMENT_INVALID_AST')) throw error;
    const validation = ValidationError.find(error);
    if (validation === undefined) throw new Error('no validation error in the cause');
    expect(error.message).toBe(`Not a segment AST: ${validation.message}`);
    return { en: validation.message, zh: validation.localized('zh-CN').message };
  }
  throw new Error('expected segmentFromJson to throw');
}

describe('segmentFromJson validation messages, in English and Chinese', () => {
  it('unknown keys: names the key that is not allowed', () => {
    const { en, zh } = messages({ type: 'isNull', field: 'birthday', negated: false, nullable: true });
    expect(en).toBe('Invalid input: (root): expected no other keys, received "nullable"');
    expect(zh).toBe('input 校验失败：(root)：不允许的字段："nullable"');
  });

  it('a node type that does not exist: lists the node types', () => {
    const { en, zh } = messages({ type: 'xor', args: [] });
    expect(en).toMatch(/^Invalid input: type: expected one of "and" \| "or" \| "not" \| "compare" \| .+, received "xor"$/);
    expect(zh).toMatch(/^input 校验失败：type：应为 "and" \| "or" \| "not" \| "compare" \| .+ 之一，实际为 "xor"$/);
  });

  it('custom refinement: a relative offset that is not a safe integer', () => {
    const { en, zh } = messages({ type: 'compare', field: 'joined', op: '>', value: { type: 'relative', offset: 1.5, unit: 'd' } });
    expect(en).toBe('Invalid input: value.offset: must be a safe integer');
    expect(zh).toBe('input 校验失败：value.offset：未通过校验：must be a safe integer');
  });
});
