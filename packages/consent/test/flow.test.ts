import { describe, expect, it } from 'vitest';
import { validateConsentFlow } from '../src/index';
import { catalogue, codeOf } from './fixtures';

const ok = { purposeId: 'marketing.sms', preTicked: false, required: false, separate: false };

describe('validateConsentFlow', () => {
  it('accepts a compliant form', () => {
    const flow = {
      items: [
        ok,
        { purposeId: 'face.check-in', preTicked: false, required: false, separate: true },
        { purposeId: 'membership', preTicked: true, required: true, separate: false },
      ],
      withdrawal: { path: 'Me > Privacy > Withdraw', steps: 2 },
      consentSteps: 2,
    };
    expect(validateConsentFlow({ catalogue, flow })).toEqual([]);
  });

  it('names each violation with its clause', () => {
    const flow = {
      items: [
        { ...ok, preTicked: true, required: true },
        { purposeId: 'face.check-in', preTicked: false, required: false, separate: false },
        { purposeId: 'ghost', preTicked: false, required: false, separate: true },
      ],
    };
    const violations = validateConsentFlow({ catalogue, flow });
    expect(violations.map((v) => [v.code, v.purposeId])).toEqual([
      ['pre-ticked', 'marketing.sms'],
      ['extended-required', 'marketing.sms'],
      ['sensitive-not-separate', 'face.check-in'],
      ['unknown-purpose', 'ghost'],
      ['no-withdrawal-path', undefined],
    ]);
    expect(violations[0]?.clause).toMatch(/PIPL Art\. 14/);
    expect(violations[1]?.clause).toMatch(/PIPL Art\. 16/);
    expect(violations[2]?.clause).toMatch(/PIPL Art\. 29/);
    expect(violations[4]?.clause).toMatch(/PIPL Art\. 15/);
  });

  it('requires withdrawal to be no harder than giving', () => {
    const violations = validateConsentFlow({
      catalogue,
      flow: { items: [ok], withdrawal: { path: 'call us', steps: 5 }, consentSteps: 1 },
    });
    expect(violations.map((v) => v.code)).toEqual(['withdrawal-harder']);
  });

  it('rejects a malformed form', () => {
    expect(codeOf(() => validateConsentFlow({ catalogue, flow: { items: [{ purposeId: 'x' }] } as never }))).toBe('CONSENT_INVALID_INPUT');
  });
});
