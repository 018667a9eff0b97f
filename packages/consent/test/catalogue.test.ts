import { describe, expect, it } from 'vitest';
import { ConsentError, ConsentErrorCode, DATA_CATEGORIES, DATA_CATEGORY_LABELS, defineCatalogue, requirePurpose } from '../src/index';
import { catalogueInput, codeOf, face, sms } from './fixtures';

describe('defineCatalogue', () => {
  it('derives sensitive from the categories, never from the caller', () => {
    const catalogue = defineCatalogue({ ...catalogueInput, purposes: [{ ...face, sensitive: false } as typeof face, sms] });
    expect(catalogue.get('face.check-in')).toMatchObject({ sensitive: true, sensitiveCategories: ['biometric'] });
    expect(catalogue.get('marketing.sms')?.sensitive).toBe(false);
    expect(DATA_CATEGORIES['minor-under-14']).toBe(true);
    expect(DATA_CATEGORY_LABELS['location-trajectory']['zh-CN']).toBe('行踪轨迹');
  });

  it('accepts declared custom categories, sensitive or not', () => {
    const catalogue = defineCatalogue({
      version: 2,
      categories: [
        { id: 'vehicle-plate', sensitive: false },
        { id: 'gait', sensitive: true },
      ],
      purposes: [
        { ...sms, id: 'parking', categories: ['vehicle-plate'] },
        { ...sms, id: 'gait-analysis', categories: ['gait'] },
      ],
    });
    expect(catalogue.get('parking')?.sensitive).toBe(false);
    expect(catalogue.get('gait-analysis')?.sensitive).toBe(true);
    expect(catalogue.isSensitiveCategory('biometric')).toBe(true);
    expect(catalogue.isSensitiveCategory('toString')).toBe(false);
  });

  it('rejects unknown categories, duplicate ids and malformed purposes', () => {
    expect(codeOf(() => defineCatalogue({ version: 1, purposes: [{ ...sms, categories: ['aura'] }] }))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => defineCatalogue({ version: 1, purposes: [sms, sms] }))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => defineCatalogue({ version: 1, purposes: [{ ...sms, retention: '3 years' }] }))).toBe('CONSENT_INVALID_INPUT');
    expect(codeOf(() => defineCatalogue({ version: 1, purposes: [{ ...sms, legalBasis: 'because' as 'consent' }] }))).toBe(
      'CONSENT_INVALID_INPUT',
    );
    let caught: unknown;
    try {
      defineCatalogue({ version: 0, purposes: [] });
    } catch (error) {
      caught = error;
    }
    expect(ConsentError.isInstance(caught, ConsentErrorCode.INVALID_INPUT)).toBe(true);
    expect((caught as ConsentError).details?.issues).toEqual([expect.objectContaining({ path: ['version'] })]);
  });

  it('requirePurpose throws CONSENT_UNKNOWN_PURPOSE', () => {
    const catalogue = defineCatalogue(catalogueInput);
    expect(requirePurpose(catalogue, 'analytics').id).toBe('analytics');
    expect(codeOf(() => requirePurpose(catalogue, 'nope'))).toBe('CONSENT_UNKNOWN_PURPOSE');
  });
});
