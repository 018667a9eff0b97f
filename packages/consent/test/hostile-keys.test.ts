import { describe, expect, it } from 'vitest';
import { HOSTILE_KEYS } from '../../../scripts/fuzz/arbitraries';
import {
  createConsentGate,
  createConsentState,
  createNotice,
  decide,
  defineCatalogue,
  diffNotices,
  dueErasures,
  toConsentRecord,
} from '../src/index';
import { analytics, event, membership, sms } from './fixtures';

/**
 * Purpose ids, data-category ids and subject ids are data. A name that is also an
 * Object.prototype name (`constructor`, `toString`, `valueOf`, `hasOwnProperty`…) must behave
 * exactly as an ordinary one. (`__proto__` is not a valid consent id: ids start with a letter or digit.)
 */
const SAFE = 'plain-id';
const NAMES = HOSTILE_KEYS.filter((k) => /^[A-Za-z0-9][\w.:-]*$/.test(k));

function observe(name: string) {
  const catalogue = defineCatalogue({
    version: 1,
    categories: [{ id: name, sensitive: true }],
    purposes: [membership, { ...sms, id: name, categories: ['contact', name] }, { ...analytics, categories: ['browsing', name] }],
  });
  const state = createConsentState({ catalogue });
  state.apply(
    event({ id: 'e-1', subjectId: name, purposes: [name, 'analytics'], consentType: 'separate', at: '2026-11-01T10:00:00+08:00' }),
  );
  state.apply(event({ id: 'e-2', subjectId: name, type: 'withdrawn', purposes: [name], at: '2026-11-10T10:00:00+08:00' }));
  const consent = state.subject(name);
  const at = '2026-11-21T00:00:00+08:00';
  const gate = createConsentGate({ catalogue, state, facts: () => undefined, zone: 'Asia/Shanghai' });
  const mark = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value ?? null)
        .split(name)
        .join('<NAME>'),
    );
  const text = { 'zh-CN': '通知', en: 'Notice' };
  const purposes = catalogue.purposes.map(({ sensitive, sensitiveCategories, childData, ...p }) => p);
  const v1 = createNotice({
    version: 1,
    publishedAt: '2026-10-01T00:00:00+08:00',
    text,
    purposes,
    categories: [{ id: name, sensitive: true }],
  });
  const v2 = createNotice(
    {
      version: 2,
      publishedAt: '2026-11-01T00:00:00+08:00',
      text,
      purposes: purposes.map((p) => (p.id === name ? { ...p, categories: ['contact'] } : p)),
      categories: [{ id: name, sensitive: true }],
    },
    { previous: v1 },
  );
  const given = event({ id: 'e-3', subjectId: name, purposes: [name], consentType: 'separate' });
  return {
    sensitive: catalogue.isSensitiveCategory(name),
    purpose: mark(catalogue.get(name)?.sensitiveCategories),
    unknownPurpose: catalogue.get(name === 'constructor' ? 'toString' : 'constructor') === undefined,
    decision: mark(decide({ catalogue, purposeId: name, at, consent })),
    analytics: mark(decide({ catalogue, purposeId: 'analytics', at, consent })),
    erasures: mark(dueErasures({ catalogue, subjects: state.subjects.values(), at })),
    gate: [gate(name, name, at), gate(name, 'analytics', at), gate('someone-else', name, at)],
    record: mark(toConsentRecord({ event: given, catalogue, controller: 'Aisle Mall Ltd' })),
    // The content hashes differ with the name, as they must; everything else is the same.
    notice: mark({ ...diffNotices(v1, v2), from: v1.version, to: v2.version }),
  };
}

function safely(name: string) {
  try {
    return observe(name);
  } catch (error) {
    return {
      error: String((error as { code?: string }).code ?? error)
        .split(name)
        .join('<NAME>'),
      message: String((error as Error).message)
        .split(name)
        .join('<NAME>'),
    };
  }
}

describe('ids that are also Object.prototype names', () => {
  it.each(NAMES)('a purpose, data category and subject named %s behave as under an ordinary id', (name) => {
    const safe = safely(SAFE);
    expect(safe, JSON.stringify(safe)).not.toHaveProperty('error');
    expect(safely(name)).toEqual(safe);
  });

  it('an inherited name is never a purpose or a sensitive category of a catalogue that does not declare it', () => {
    const catalogue = defineCatalogue({ version: 1, purposes: [membership] });
    for (const name of HOSTILE_KEYS) {
      expect(catalogue.get(name)).toBeUndefined();
      expect(catalogue.isSensitiveCategory(name)).toBe(false);
      expect(() => decide({ catalogue, purposeId: name, at: '2026-11-21T00:00:00+08:00', consent: undefined })).toThrow(
        expect.objectContaining({ code: 'CONSENT_UNKNOWN_PURPOSE' }),
      );
    }
  });
});
