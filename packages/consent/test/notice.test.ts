import { createHash } from 'node:crypto';
import { canonicalJson, type Json } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { createConsentState, createNotice, decide, diffNotices, type NoticeInput } from '../src/index';
import { analytics, codeOf, event, face, membership, sms } from './fixtures';

const base: NoticeInput = {
  version: 1,
  publishedAt: '2026-01-01T00:00:00+08:00',
  text: { 'zh-CN': '隐私政策 v1', en: 'Privacy notice v1' },
  purposes: [membership, sms, analytics, face],
};

describe('createNotice', () => {
  it('hashes the canonical JSON of the notice with SHA-256', () => {
    const notice = createNotice(base);
    const expected = createHash('sha256')
      .update(canonicalJson(base as unknown as Json))
      .digest('hex');
    expect(notice.contentHash).toBe(expected);
    expect(createNotice({ ...base, text: { ...base.text, en: 'Privacy notice, v1' } }).contentHash).not.toBe(expected);
    expect(codeOf(() => createNotice({ ...base, publishedAt: 'Jan 1' }))).toBe('CONSENT_INVALID_INPUT');
  });
});

describe('diffNotices', () => {
  const v1 = createNotice(base);
  const next = (purposes: NoticeInput['purposes'], text = base.text) =>
    createNotice({ ...base, version: 2, text, purposes }, { previous: null });

  it('classifies scope expansions (PIPL Art. 14) and editorial changes', () => {
    const v2 = next([
      { ...membership, description: { ...membership.description, en: 'Points, coupons and member benefits' } },
      { ...sms, categories: [...sms.categories, 'precise-location'], channels: ['sms', 'wechat'] },
      { ...analytics, retention: 'P13M', recipients: [{ name: 'Insight Co', role: 'third-party' }] },
      { ...face, crossBorder: { countries: ['SG'] } },
      { ...sms, id: 'marketing.email', channels: ['email'] },
    ]);
    const diff = diffNotices(v1, v2);
    const by = Object.fromEntries(diff.changes.map((c) => [c.purposeId, c]));
    expect(by.membership).toEqual({ purposeId: 'membership', kind: 'editorial', reasons: ['wording'] });
    expect(by['marketing.sms']?.reasons).toEqual(['new-category', 'new-channel']);
    expect(by.analytics?.reasons).toEqual(['new-recipient', 'longer-retention']);
    expect(by['face.check-in']?.reasons).toEqual(['cross-border']);
    expect(by['marketing.email']?.reasons).toEqual(['new-purpose']);
    expect(diff.reconsent).toEqual(['marketing.sms', 'analytics', 'face.check-in', 'marketing.email']);
    expect(diff.from).toEqual({ version: 1, hash: v1.contentHash });
  });

  it('treats shorter retention, removals and unchanged purposes as not needing re-consent', () => {
    const v2 = next([{ ...membership }, { ...sms, retention: 'P1Y' }, { ...analytics, retention: 'P12M' }], {
      'zh-CN': '新文本',
      en: 'New text',
    });
    const diff = diffNotices(v1, v2);
    expect(diff.changes).toEqual([
      { purposeId: 'marketing.sms', kind: 'editorial', reasons: ['wording'] },
      { purposeId: 'analytics', kind: 'editorial', reasons: ['wording'] },
      { purposeId: 'face.check-in', kind: 'editorial', reasons: ['purpose-removed'] },
    ]);
    expect(diff.reconsent).toEqual([]);
  });

  it('compares retention conservatively (until-event vs durations, month lengths)', () => {
    const r = (retention: NoticeInput['purposes'][number]['retention'], from: NoticeInput['purposes'][number]['retention']) =>
      diffNotices(createNotice({ ...base, purposes: [{ ...sms, retention: from }] }), next([{ ...sms, retention }])).reconsent.length === 1;
    expect(r({ until: 'account-closure' }, 'P2Y')).toBe(true);
    expect(r('P2Y', { until: 'account-closure' })).toBe(false);
    expect(r({ until: 'contract-end' }, { until: 'account-closure' })).toBe(true);
    expect(r('P31D', 'P1M')).toBe(true);
    expect(r('P28D', 'P1M')).toBe(false);
    expect(r('P1YT1H', 'P1Y')).toBe(true);
  });

  it('flags a change of legal basis or an extended purpose becoming basic', () => {
    const diff = diffNotices(
      v1,
      next([
        { ...sms, function: 'basic' },
        { ...analytics, legalBasis: 'contract' },
      ]),
    );
    expect(diff.changes.filter((c) => c.kind === 'scope-expanded').map((c) => c.reasons)).toEqual([
      ['legal-basis-changed'],
      ['legal-basis-changed'],
    ]);
  });

  it('refuses to diff backwards', () => {
    expect(codeOf(() => diffNotices(v1, v1))).toBe('CONSENT_INVALID_INPUT');
  });
});

describe('publishing a notice over the previous one (PIPL Art. 14)', () => {
  const v1 = createNotice(base);
  const v2 = createNotice(
    {
      ...base,
      version: 2,
      publishedAt: '2026-06-01T00:00:00+08:00',
      purposes: [
        membership,
        { ...sms, channels: ['sms', 'wechat'] },
        analytics,
        { ...face, description: { ...face.description, en: 'Check in with your face at the door' } },
      ],
    },
    { previous: v1 },
  );
  const v3 = createNotice(
    {
      ...base,
      version: 3,
      publishedAt: '2026-09-01T00:00:00+08:00',
      purposes: [membership, { ...sms, channels: ['sms', 'wechat'] }, analytics, face],
    },
    { previous: v2 },
  );
  const at = '2026-11-21T12:00:00+08:00';
  const store = createConsentState();
  store.apply(
    event({
      subjectId: 'psn_old',
      purposes: ['marketing.sms'],
      notice: { version: 1, hash: v1.contentHash },
      at: '2026-02-01T10:00:00+08:00',
    }),
  );
  store.apply(
    event({
      subjectId: 'psn_old',
      purposes: ['face.check-in'],
      consentType: 'separate',
      notice: { version: 1, hash: v1.contentHash },
      at: '2026-02-01T10:01:00+08:00',
    }),
  );
  store.apply(
    event({
      subjectId: 'psn_new',
      purposes: ['marketing.sms'],
      notice: { version: 2, hash: v2.contentHash },
      at: '2026-07-01T10:00:00+08:00',
    }),
  );
  const state = (notice: typeof v1, subjectId: string, purposeId: string) =>
    decide({ catalogue: notice.catalogue, purposeId, at, consent: store.subject(subjectId), facts: { ageBand: 'adult' } }).state;

  it('makes consents given under earlier versions of an expanded purpose need re-consent, with no caller step', () => {
    expect(v2.changes?.reconsent).toEqual(['marketing.sms']);
    expect(v2.catalogue.get('marketing.sms')?.reconsentSince).toBe(2);
    expect(state(v2, 'psn_old', 'marketing.sms')).toBe('needs-reconsent');
    expect(state(v2, 'psn_new', 'marketing.sms')).toBe('given');
  });

  it('keeps consents valid across editorial changes, and carries earlier re-consent points forward', () => {
    expect(v2.catalogue.get('face.check-in')?.reconsentSince).toBeUndefined();
    expect(state(v2, 'psn_old', 'face.check-in')).toBe('given');
    expect(v3.changes?.reconsent).toEqual([]);
    expect(v3.catalogue.get('marketing.sms')?.reconsentSince).toBe(2);
    expect(state(v3, 'psn_old', 'marketing.sms')).toBe('needs-reconsent');
    expect(state(v3, 'psn_new', 'marketing.sms')).toBe('given');
    expect(state(v3, 'psn_old', 'face.check-in')).toBe('given');
  });

  it('hashes the notice as published (with the derived re-consent points) and reports the diff', () => {
    expect(v2.changes?.from).toEqual({ version: 1, hash: v1.contentHash });
    expect(v2.changes?.to).toEqual({ version: 2, hash: v2.contentHash });
    const same = createNotice(
      {
        ...base,
        version: 2,
        publishedAt: '2026-06-01T00:00:00+08:00',
        purposes: [
          membership,
          { ...sms, channels: ['sms', 'wechat'], reconsentSince: 2 },
          analytics,
          { ...face, description: { ...face.description, en: 'Check in with your face at the door' } },
        ],
      },
      { previous: null },
    );
    expect(same.contentHash).toBe(v2.contentHash);
  });

  it('refuses a later version without its predecessor, and a predecessor that is not older', () => {
    expect(codeOf(() => createNotice({ ...base, version: 2 }))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => createNotice({ ...base, version: 2 }, { previous: v2 }))).toBe('CONSENT_INVALID_INPUT');
    expect(() => createNotice({ ...base, version: 2 }, { previous: {} as never })).toThrow(TypeError);
  });
});
