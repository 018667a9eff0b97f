import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { createIncident, type IncidentInput, NOTICE_CHANNELS, REPORT_KINDS, renderNotice, renderReport } from '../src/index';
import { leak } from './fixtures';

const make = (overrides: Partial<IncidentInput> = {}) =>
  createIncident(
    leak({
      containment: [{ at: '2026-04-04T00:10:00+08:00', action: 'Bucket made private', by: 'ops' }],
      remedies: ['Rotate export keys'],
      individualActions: ['Beware of calls claiming to be the mall'],
      lawEnforcement: [{ at: '2026-04-04T09:00:00+08:00', whom: '上海市公安局静安分局' }],
      crossBorder: { involved: true, countries: ['SG'] },
      ...overrides,
    }),
    { actor: 'S-014', at: '2026-04-03T23:40:00+08:00' },
  );

const OUR_TAGS = /<\/?(article|h1|h2|p|section|dl|dt|dd)(\s[^<>]*)?>/g;

describe('renderReport', () => {
  it('renders the CN regulator report with the seven items the Measures require, in Chinese', () => {
    const out = renderReport(make(), { kind: 'cn-regulator', locale: 'zh-CN', format: 'markdown' });
    expect(out.unofficial).toBe(false);
    for (const heading of ['（一）', '（二）', '（三）', '（四）', '（五）', '（六）', '（七）'])
      expect(out.text).toContain(`## ${heading}`);
    expect(out.text).toContain('较大 — 泄露100万人以上公民个人信息（1,000,000人）');
    expect(out.text).toContain('2026-04-03 23:10 (UTC+08:00, Asia/Shanghai)');
    expect(out.text).toContain('上海市公安局静安分局');
    expect(out.text).not.toContain('非官方');
  });

  it('labels the English CN report as an unofficial translation, and the Chinese GDPR one likewise', () => {
    const en = renderReport(make(), { kind: 'cn-regulator', locale: 'en', format: 'html' });
    expect(en.unofficial).toBe(true);
    expect(en.text).toContain(
      '<p class="unofficial-translation">Unofficial translation for reference only; the Chinese original prevails.</p>',
    );
    const zh = renderReport(make(), { kind: 'gdpr-33', locale: 'zh-CN', format: 'markdown' });
    expect(zh.text).toContain('> 非官方译文');
    expect(renderReport(make(), { kind: 'gdpr-33', locale: 'en', format: 'markdown' }).unofficial).toBe(false);
  });

  it('GDPR Art. 33(3) (a)–(d), PIPL Art. 57 (1)–(3), and three NIS2 stages that grow', () => {
    const gdpr = renderReport(make(), { kind: 'gdpr-33', locale: 'en', format: 'markdown' }).text;
    for (const h of ['(a) Nature', '(b) Data protection officer', '(c) Likely consequences', '(d) Measures']) expect(gdpr).toContain(h);
    expect(gdpr).toContain('dpo@jingan');
    const pipl = renderReport(make(), { kind: 'pipl-57', locale: 'zh-CN', format: 'markdown' }).text;
    for (const h of ['（一）信息种类、原因和可能造成的危害', '（二）补救措施', '（三）个人信息处理者的联系方式']) expect(pipl).toContain(h);
    const sizes = (['nis2-early-warning', 'nis2-notification', 'nis2-final'] as const).map(
      (kind) => renderReport(make(), { kind, locale: 'en', format: 'json' }).document.sections.length,
    );
    expect(sizes).toEqual([2, 3, 4]);
  });

  it('renders every kind in both locales and all formats, JSON being the document model', () => {
    for (const kind of REPORT_KINDS) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const json = renderReport(make(), { kind, locale, format: 'json' });
        expect(JSON.parse(json.text)).toEqual(json.document);
        expect(renderReport(make(), { kind, locale, format: 'html' }).text.startsWith(`<article lang="${locale}"`)).toBe(true);
      }
    }
  });

  it('rejects unknown kinds, locales and formats', () => {
    for (const bad of [
      { kind: 'sox', locale: 'en', format: 'json' },
      { kind: 'gdpr-33', locale: 'fr', format: 'json' },
      { kind: 'gdpr-33', locale: 'en', format: 'pdf' },
      { kind: 'gdpr-33', locale: 'en', format: 'text ' },
    ]) {
      expect(() => renderReport(make(), bad as never)).toThrow(expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_TEMPLATE' }));
    }
  });
});

describe('renderNotice', () => {
  it('renders every channel in both locales; the PIPL Art. 57 items are in the long ones', () => {
    for (const channel of NOTICE_CHANNELS) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const out = renderNotice(make(), { channel, locale, format: 'markdown' });
        expect(out.text).toContain('privacy@jingan');
        expect(out.unofficial).toBe(locale === 'en');
        if (channel === 'email' || channel === 'letter' || channel === 'public') {
          expect(out.text).toContain(locale === 'en' ? 'What you can do' : '您可以采取的措施');
          expect(out.text).toContain(locale === 'en' ? 'Rotate export keys' : 'Rotate export keys');
        }
      }
    }
  });

  it('gives email and push a subject; the public notice states how many people are affected', () => {
    expect(renderNotice(make(), { channel: 'email', locale: 'zh-CN', format: 'html' }).subject).toBe(
      '【Jing’an Mall Ltd】关于您个人信息安全事件的通知',
    );
    expect(renderNotice(make(), { channel: 'push', locale: 'en', format: 'json', officialLocale: 'en' })).toMatchObject({
      unofficial: false,
      subject: expect.any(String),
    });
    expect(renderNotice(make(), { channel: 'sms', locale: 'en', format: 'json' }).subject).toBeUndefined();
    expect(renderNotice(make(), { channel: 'public', locale: 'en', format: 'markdown' }).text).toContain('**People affected**: 1,000,000');
    expect(renderNotice(make(), { channel: 'letter', locale: 'en', format: 'markdown', recipientName: 'Ms Li' }).text).toContain('Ms Li,');
  });

  it('renders SMS as plain text without markup or a repeated heading', () => {
    const sms = renderNotice(make({ summary: 'x\u0007y' }), { channel: 'sms', locale: 'zh-CN', format: 'text' });
    expect(sms.text.split('\n')[0]).toBe('【Jing’an Mall Ltd】关于您个人信息安全事件的通知');
    expect(sms.text).toContain('咨询：privacy@jingan');
    expect(sms.text).not.toMatch(/[#*\\]/);
    const letter = renderNotice(make({ summary: 'x\u0007y' }), { channel: 'letter', locale: 'en', format: 'text' }).text;
    expect(letter).toContain('xy');
    expect(letter).toContain('Unofficial translation');
  });

  it('rejects an unknown channel', () => {
    expect(() => renderNotice(make(), { channel: 'fax' as never, locale: 'en', format: 'html' })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_TEMPLATE' }),
    );
  });
});

describe('hostile strings in the record', () => {
  const hostile = {
    title: '<script>alert(1)</script>',
    summary: '"><img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))\n# injected heading\n<iframe>',
    operator: { name: '<b onmouseover=x>Mall</b>', contact: '`code` & <a href="javascript:x">x</a>' },
  };

  it('cannot inject markup into HTML', () => {
    for (const kind of REPORT_KINDS) {
      const html = renderReport(make(hostile), { kind, locale: 'en', format: 'html' }).text;
      expect(html.replace(OUR_TAGS, '')).not.toMatch(/[<>]/);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    for (const channel of NOTICE_CHANNELS) {
      const html = renderNotice(make(hostile), { channel, locale: 'zh-CN', format: 'html' }).text;
      expect(html.replace(OUR_TAGS, '')).not.toMatch(/[<>]/);
    }
  });

  it('cannot inject markup or blocks into Markdown', () => {
    const md = renderReport(make(hostile), { kind: 'gdpr-33', locale: 'en', format: 'markdown' }).text;
    expect(md).not.toMatch(/(^|[^\\])<(script|img|iframe|a|b)/);
    expect(md).not.toMatch(/^# injected/m);
    expect(md).toContain('\\*\\*bold\\*\\*');
    expect(md).toContain('\\[link\\]');
    expect(md).toContain('\\`code\\` \\& ');
  });

  it('a real Markdown engine with raw HTML enabled renders no element the template did not write', () => {
    const md = new MarkdownIt({ html: true, linkify: false });
    const allowed = /<\/?(h1|h2|p|ul|li|strong|blockquote)>/g;
    for (const kind of REPORT_KINDS) {
      const html = md.render(renderReport(make(hostile), { kind, locale: 'en', format: 'markdown' }).text);
      expect(html.replace(allowed, '')).not.toMatch(/[<>]/);
    }
    for (const channel of NOTICE_CHANNELS) {
      const html = md.render(renderNotice(make(hostile), { channel, locale: 'en', format: 'markdown' }).text);
      expect(html.replace(allowed, '')).not.toMatch(/[<>]/);
    }
  });

  it('keeps JSON safe to embed in a script element', () => {
    const json = renderReport(make(hostile), { kind: 'cn-regulator', locale: 'zh-CN', format: 'json' });
    expect(json.text).not.toMatch(/[<>]/);
    expect(JSON.parse(json.text).title).toBe('网络安全事件报告');
    expect(JSON.stringify(JSON.parse(json.text))).toContain('<script>alert(1)</script>');
  });

  it('any string stays inside its element and its line (property)', () => {
    const engine = new MarkdownIt({ html: true });
    const benign = renderReport(make(), { kind: 'pipl-57', locale: 'en', format: 'markdown' }).text.split('\n').length;
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme-ascii' }), (s) => {
        const incident = make({ title: s, summary: s, operator: { name: s, contact: s }, individualActions: [s] });
        const html = renderReport(incident, { kind: 'pipl-57', locale: 'en', format: 'html' }).text;
        const md = renderReport(incident, { kind: 'pipl-57', locale: 'en', format: 'markdown' }).text;
        const rendered = engine.render(md).replace(/<\/?(h1|h2|p|ul|li|strong|blockquote)>/g, '');
        return !/[<>]/.test(html.replace(OUR_TAGS, '')) && md.split('\n').length === benign && !/[<>]/.test(rendered);
      }),
      { numRuns: 150 },
    );
  });
});

describe('one-line subjects and template names from outside', () => {
  it('an e-mail subject or push title never carries CR/LF or another control character (header injection)', () => {
    const name = 'Mall\r\nBcc: everyone@example.com\r\n\r\n<b>x</b>\u0085\u2028Ltd\u0000';
    for (const channel of ['email', 'push'] as const) {
      for (const locale of ['zh-CN', 'en'] as const) {
        const out = renderNotice(make({ operator: { name, contact: 'privacy@jingan' } }), { channel, locale, format: 'text' });
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
        expect(out.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(out.subject).toContain('Mall Bcc: everyone@example.com <b>x</b> Ltd');
      }
    }
  });

  it('caps the subject at 200 characters, cutting on code points', () => {
    const out = renderNotice(make({ operator: { name: '😀'.repeat(400), contact: 'c' } }), {
      channel: 'email',
      locale: 'en',
      format: 'html',
    });
    expect([...(out.subject ?? '')]).toHaveLength(200);
    expect(out.subject?.endsWith('…')).toBe(true);
    expect(out.subject).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('the subject stays a single line for any operator name (property)', () => {
    // One incident, its record's operator name swapped per run: rendering is what is under test.
    const base = make();
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), (name) => {
        const incident = { ...base, record: { ...base.record, operator: { name, contact: 'c' } } };
        const subject = renderNotice(incident, { channel: 'email', locale: 'zh-CN', format: 'text' }).subject ?? '';
        return !/[\r\n\u0085\u2028\u2029]/.test(subject) && [...subject].length <= 200;
      }),
      { numRuns: 60 },
    );
  }, 30_000);

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'rejects the report kind %s (it found Object.prototype)',
    (kind) => {
      expect(() => renderReport(make(), { kind: kind as never, locale: 'en', format: 'markdown' })).toThrow(
        expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_TEMPLATE' }),
      );
    },
  );
});
