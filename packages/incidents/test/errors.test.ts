import { AisleError } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import { createIncident, gradeCN, IncidentError, IncidentsErrorCode, obligations, updateIncident } from '../src/index';
import { leak } from './fixtures';

const at = { actor: 'S-014', at: '2026-04-03T23:40:00+08:00' };
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return AisleError.isInstance(error) ? { code: error.code, message: error.message, details: error.details } : { code: 'not-aisle' };
  }
  return { code: 'no-throw' };
};

describe('bad input gets clear AisleError codes', () => {
  it('negative, fractional or inconsistent counts → INCIDENTS_INVALID_COUNT with the path', () => {
    const negative = codeOf(() => createIncident(leak({ personalInformation: { people: -1 } }), at));
    expect(negative).toMatchObject({ code: 'INCIDENTS_INVALID_COUNT', details: { path: 'personalInformation.people' } });
    expect(codeOf(() => createIncident(leak({ personalInformation: { people: 1.5 } }), at)).code).toBe('INCIDENTS_INVALID_COUNT');
    expect(codeOf(() => createIncident(leak({ personalInformation: { people: 10, minors: 11 } }), at)).message).toContain(
      'minors (11) exceeds people (10)',
    );
    expect(codeOf(() => createIncident(leak({ economicLossFen: -5 }), at)).code).toBe('INCIDENTS_INVALID_COUNT');
    expect(codeOf(() => createIncident(leak({ personalInformation: { people: 5, byJurisdiction: { 'US-CA': -2 } } }), at)).code).toBe(
      'INCIDENTS_INVALID_COUNT',
    );
    const incident = createIncident(leak(), at);
    expect(
      codeOf(() => updateIncident(incident, { personalInformation: { people: -10 } }, { actor: 'x', at: '2026-04-04T00:00:00+08:00' }))
        .code,
    ).toBe('INCIDENTS_INVALID_COUNT');
  });

  it('reversed times → INCIDENTS_TIME_ORDER', () => {
    const reversed = codeOf(() => createIncident(leak({ awareness: { awareAt: '2026-03-31T00:00:00+08:00' } }), at));
    expect(reversed).toMatchObject({ code: 'INCIDENTS_TIME_ORDER', details: { path: 'awareness.awareAt' } });
    expect(codeOf(() => createIncident(leak({ discovered: { by: 'x', at: '2026-03-01T00:00:00+08:00', where: 'y' } }), at)).code).toBe(
      'INCIDENTS_TIME_ORDER',
    );
    expect(codeOf(() => createIncident(leak({ handlingEndedAt: '2026-04-02T00:00:00+08:00' }), at)).code).toBe('INCIDENTS_TIME_ORDER');
    expect(
      codeOf(() => createIncident(leak({ submissions: [{ obligation: 'cn.initial', at: '2026-03-01T00:00:00Z' }] }), at)).details,
    ).toEqual({
      path: 'submissions[0].at',
    });
  });

  it('unknown regimes → INCIDENTS_UNKNOWN_REGIME', () => {
    expect(
      codeOf(() =>
        createIncident(leak({ awareness: { awareAt: '2026-04-03T23:30:00+08:00', regimes: { ccpa: '2026-04-03T23:30:00+08:00' } } }), at),
      ).code,
    ).toBe('INCIDENTS_UNKNOWN_REGIME');
    expect(codeOf(() => obligations(createIncident(leak(), at), { regimes: ['gdpr', 'lgpd'], operator: { kind: 'other' } }))).toMatchObject(
      {
        code: 'INCIDENTS_UNKNOWN_REGIME',
        details: { regime: 'lgpd' },
      },
    );
  });

  it('instants without an offset and malformed records → core codes, never a ZodError', () => {
    expect(codeOf(() => createIncident(leak({ occurredAt: '2026-04-01 08:00' }), at)).code).toBe('CORE_INVALID_INSTANT');
    expect(codeOf(() => createIncident({ ...leak(), personalInformation: undefined } as never, at)).code).toBe('CORE_VALIDATION');
  });

  it('IncidentError is an AisleError with a stable name and JSON form', () => {
    const error = new IncidentError(IncidentsErrorCode.PLAN, 'x');
    expect(error).toBeInstanceOf(AisleError);
    expect(error.name).toBe('IncidentError');
    expect(error.toJSON()).toEqual({ name: 'IncidentError', code: 'INCIDENTS_PLAN', message: 'x' });
    expect(Object.values(IncidentsErrorCode).every((code) => code.startsWith('INCIDENTS_'))).toBe(true);
  });

  it('an unknown CN operator kind → INCIDENTS_UNKNOWN_OPERATOR_KIND, never a bare TypeError or a prototype lookup', () => {
    const incident = createIncident(leak(), at);
    for (const kind of ['retailer', '__proto__', 'toString', '', undefined, 7]) {
      const error = codeOf(() => obligations(incident, { regimes: ['cn-measures-2025'], operator: { kind: kind as never } }));
      expect(error).toMatchObject({ code: 'INCIDENTS_UNKNOWN_OPERATOR_KIND', details: { path: 'operator.kind' } });
      expect(error.message).toContain("expected one of 'cii' | 'central-state-organ' | 'other'");
    }
    expect(codeOf(() => obligations(incident, { regimes: ['cn-measures-2025'], operator: undefined as never })).code).toBe(
      'INCIDENTS_UNKNOWN_OPERATOR_KIND',
    );
    // Regimes that do not read the operator kind do not need it.
    expect(obligations(incident, { regimes: ['gdpr'], operator: { kind: 'retailer' as never } }).length).toBeGreaterThan(0);
  });

  it('gradeCN called directly validates counts → INCIDENTS_INVALID_COUNT with the path', () => {
    for (const people of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1000000', undefined]) {
      expect(codeOf(() => gradeCN({ personalInformation: { people: people as number } }))).toMatchObject({
        code: 'INCIDENTS_INVALID_COUNT',
        details: { path: 'personalInformation.people' },
      });
    }
    expect(codeOf(() => gradeCN({ personalInformation: { people: 5 }, economicLossFen: -100 }))).toMatchObject({
      code: 'INCIDENTS_INVALID_COUNT',
      details: { path: 'economicLossFen' },
    });
    expect(codeOf(() => gradeCN(undefined as never)).code).toBe('INCIDENTS_INVALID_COUNT');
    expect(() =>
      gradeCN({ personalInformation: { people: 5 }, otherCriteria: [{ grade: 'huge' as never, criterion: 'x', citation: 'y' }] }),
    ).toThrow(TypeError);
    expect(gradeCN({ personalInformation: { people: 1_000_000 } }).grade).toBe('relatively-major');
  });
});
