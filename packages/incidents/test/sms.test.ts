import { describe, expect, it } from 'vitest';
import { createIncident, type IncidentInput, renderNotice, smsSegments } from '../src/index';
import { leak } from './fixtures';

// Segment sizes and the alphabet: 3GPP TS 23.038 (GSM 7-bit default alphabet and extension table)
// and TS 23.040 (the concatenation user-data header), as summarised publicly at
// http://www.sms-wiki.org/p_76-concatenated-sms.html and
// https://kb.smsalert.co.in/knowledgebase/calculate-sms-split-count/ (160/153 septets, 70/67 UCS-2 units).
describe('smsSegments', () => {
  it('GSM 7-bit: 160 septets in one segment, 153 per part once concatenated', () => {
    expect(smsSegments('')).toMatchObject({ encoding: 'gsm-7', units: 0, segments: 1 });
    expect(smsSegments('x'.repeat(160))).toMatchObject({
      encoding: 'gsm-7',
      units: 160,
      segments: 1,
      perSegment: { single: 160, concatenated: 153 },
    });
    expect(smsSegments('x'.repeat(161)).segments).toBe(2);
    expect(smsSegments('x'.repeat(306)).segments).toBe(2);
    expect(smsSegments('x'.repeat(307)).segments).toBe(3);
    // Extension characters take two septets (escape + character): 80 euro signs fill a segment.
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'gsm-7', units: 160, characters: 80, segments: 1 });
    expect(smsSegments('€'.repeat(81)).segments).toBe(2);
    // …and never straddle two parts: 152 septets then an escape pair starts the next part.
    expect(smsSegments(`${'x'.repeat(152)}[${'x'.repeat(10)}`)).toMatchObject({ units: 164, segments: 2 });
    expect(smsSegments(`${'x'.repeat(152)}[${'x'.repeat(152)}`)).toMatchObject({ units: 306, segments: 3 });
    expect(smsSegments('Ünïcödé? no: ï is not GSM').encoding).toBe('ucs-2');
    expect(smsSegments('Ü ä ñ à É £ ¥ § ¿ ¡ Δ Ω').encoding).toBe('gsm-7');
    expect(smsSegments('`backtick`').encoding).toBe('ucs-2');
  });

  it('UCS-2 (Chinese): 70 characters in one segment, 67 per part once concatenated', () => {
    expect(smsSegments('您'.repeat(70))).toMatchObject({ encoding: 'ucs-2', units: 70, characters: 70, segments: 1 });
    expect(smsSegments('您'.repeat(71)).segments).toBe(2);
    expect(smsSegments('您'.repeat(134)).segments).toBe(2);
    expect(smsSegments('您'.repeat(135)).segments).toBe(3);
    // One Chinese character makes the whole text UCS-2.
    expect(smsSegments(`${'x'.repeat(69)}您`)).toMatchObject({ encoding: 'ucs-2', segments: 1 });
    // A character outside the BMP takes two units and is never split across parts.
    expect(smsSegments('😀'.repeat(35))).toMatchObject({ units: 70, characters: 35, segments: 1 });
    expect(smsSegments(`${'您'.repeat(66)}😀`)).toMatchObject({ units: 68, segments: 1 });
    expect(smsSegments(`${'您'.repeat(66)}😀${'您'.repeat(5)}`)).toMatchObject({ units: 73, segments: 2 });
    expect(smsSegments(`${'您'.repeat(66)}😀${'您'.repeat(66)}😀`)).toMatchObject({ units: 136, segments: 3 });
  });

  it('refuses what is not a text, and texts past its cap', () => {
    expect(() => smsSegments(7 as never)).toThrow(TypeError);
    expect(() => smsSegments('x'.repeat(70_001))).toThrow(RangeError);
  });
});

const make = (overrides: Partial<IncidentInput> = {}) =>
  createIncident(
    leak({
      containment: [{ at: '2026-04-04T00:10:00+08:00', action: '存储桶已设为私有', by: 'ops' }],
      individualActions: ['谨防冒充商场的来电'],
      risk: { level: 'high', likelyConsequences: '冒充商场的诈骗电话和短信' },
      cause: { category: 'data-security', subcategory: '配置错误', known: true },
      ...overrides,
    }),
    { actor: 'S-014', at: '2026-04-03T23:40:00+08:00' },
  );

describe('SMS and push notices carry every item PIPL Art. 57 lists', () => {
  it('the information involved, the cause, the possible harm, the measures, what to do, the contact', () => {
    for (const channel of ['sms', 'push'] as const) {
      const text = renderNotice(make(), { channel, locale: 'zh-CN', format: 'text' }).text;
      expect(text).toContain('涉及您的name、mobile number可能泄露');
      expect(text).toContain('原因：数据安全事件 / 配置错误');
      expect(text).toContain('可能的危害：冒充商场的诈骗电话和短信');
      expect(text).toContain('已采取：存储桶已设为私有');
      expect(text).toContain('建议您：谨防冒充商场的来电');
      expect(text).toContain('咨询：privacy@jingan-mall.example');
      const en = renderNotice(make(), { channel, locale: 'en', format: 'text' }).text;
      expect(en).toMatch(/Cause: .+\. Possible harm: .+\. We have: /);
    }
    // An unknown cause says so, and harm not yet assessed says so.
    const early = renderNotice(make({ cause: { category: 'data-security', known: false }, risk: { level: 'high' } }), {
      channel: 'sms',
      locale: 'zh-CN',
      format: 'text',
    }).text;
    expect(early).toContain('原因尚在调查');
    expect(early).toContain('可能的危害：仍在评估');
  });

  it('adds a link to the full notice after the Art. 57 items, https only', () => {
    const url = 'https://mall.example/notice/inc-1';
    const sms = renderNotice(make(), { channel: 'sms', locale: 'zh-CN', format: 'text', detailsUrl: url }).text;
    expect(sms).toContain(`。详情：${url}`);
    expect(sms.indexOf('可能的危害')).toBeLessThan(sms.indexOf('详情'));
    for (const bad of [
      'http://mall.example/n',
      'javascript:alert(1)',
      'https://mall.example/a b',
      `https://m.example/${'x'.repeat(200)}`,
      7,
    ]) {
      expect(() => renderNotice(make(), { channel: 'sms', locale: 'zh-CN', format: 'text', detailsUrl: bad as string })).toThrow(TypeError);
    }
  });

  it('reports the SMS length in segments, measured on the plain text whatever the format', () => {
    const sms = renderNotice(make(), { channel: 'sms', locale: 'zh-CN', format: 'text' });
    const body = sms.text.trim();
    expect(sms.sms).toEqual(smsSegments(body));
    expect(sms.sms?.encoding).toBe('ucs-2');
    expect(sms.sms?.segments).toBe(Math.ceil(body.length / 67));
    expect(renderNotice(make(), { channel: 'sms', locale: 'zh-CN', format: 'markdown' }).sms).toEqual(sms.sms);
    expect(renderNotice(make(), { channel: 'push', locale: 'zh-CN', format: 'text' }).sms).toBeUndefined();
    expect(renderNotice(make(), { channel: 'email', locale: 'zh-CN', format: 'text' }).sms).toBeUndefined();
  });
});
