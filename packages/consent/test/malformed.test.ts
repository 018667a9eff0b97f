import { describe, expect, it } from 'vitest';
import { ConsentEventSchema, replayConsentEvents } from '../src/index';
import { parseInstant } from '../src/internal/instant';
import { catalogue, codeOf, event } from './fixtures';

const fieldOf = (bad: unknown) => {
  try {
    replayConsentEvents([bad as ReturnType<typeof event>], { catalogue });
  } catch (error) {
    return [(error as { code: string }).code, (error as { details: { field: string } }).details.field];
  }
  return undefined;
};

/** The documented rules, written out on their own: the first malformed field, or `undefined`. */
function firstMalformed(e: Record<string, unknown>): string | undefined {
  const text = (v: unknown) => typeof v === 'string' && v !== '';
  const instant = (v: unknown) => typeof v === 'string' && !Number.isNaN(parseInstant(v));
  const object = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);
  if (!text(e.subjectId)) return 'subjectId';
  if (!['given', 'withdrawn', 'refused', 'renewed', 'expired'].includes(e.type as string)) return 'type';
  if (!Array.isArray(e.purposes) || e.purposes.length === 0 || !Array.from(e.purposes).every(text)) return 'purposes';
  if (!['general', 'separate', 'written', 'guardian'].includes(e.consentType as string)) return 'consentType';
  if (!['self', 'staff-assisted', 'guardian'].includes(object(e.actor)?.kind as string)) return 'actor';
  if (!Number.isInteger(object(e.notice)?.version)) return 'notice';
  if (!instant(e.at)) return 'at';
  if (e.expiresAt !== undefined && !instant(e.expiresAt)) return 'expiresAt';
  return undefined;
}

describe('replaying malformed events never decides', () => {
  it('names the malformed field', () => {
    const cases: [unknown, string][] = [
      [null, 'not an object'],
      [{ ...event(), subjectId: '' }, 'subjectId'],
      [{ ...event(), type: 'granted' }, 'type'],
      [{ ...event(), purposes: 'marketing.sms' }, 'purposes'],
      [{ ...event(), purposes: [] }, 'purposes'],
      [{ ...event(), purposes: [7] }, 'purposes'],
      [{ ...event(), consentType: 'implied' }, 'consentType'],
      [{ ...event(), actor: { kind: 'robot' } }, 'actor'],
      [{ ...event(), actor: null }, 'actor'],
      [{ ...event(), notice: { version: '3' } }, 'notice'],
      [{ ...event(), expiresAt: 'never' }, 'expiresAt'],
      [{ ...event(), at: 1_763_000_000_000 }, 'at'],
    ];
    for (const [bad, field] of cases) expect(fieldOf(bad)).toEqual(['CONSENT_INVALID_INPUT', field]);
  });

  it('accepts exactly the ISO 8601 instants with an offset that the schema accepts', () => {
    const good = [
      '2026-11-21T10:00:00Z',
      '2026-11-21T10:00:00.123456789Z',
      '2026-11-21T10:00:00.5-05:30',
      '2024-02-29T00:00:00+08:00',
      '2026-11-21T23:59:59.999+14:00',
    ];
    const bad = [
      '2026-11-21 10:00:00Z',
      '2026-11-21T10:00:00',
      '2026-13-01T00:00:00Z',
      '2026-11-21T10:00:00+0800',
      '2026-11-21T10:00:00.Z',
      '2026-11-21T10:00:00.1234567890Z',
      '2026-11-21T10:00:0Z',
      '2026-11-21T10:00:00+08:0x',
      '2026-11-21T10:00:00*08:00',
      'Sat Nov 21 2026 10:00:00 GMT+0800',
      '2026-11-21T10:00:00ZZ',
      '2026-11-21T10:00Z',
      '2026-11-21t10:00:00z',
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-11-21T24:00:00Z',
      '2026-11-21T10:00:00+24:00',
      '2026-11-21T10:00:00.1234567890+08:00',
      'x026-11-21T10:00:00Z',
    ];
    for (const at of good) {
      expect(fieldOf(event({ at }))).toBeUndefined();
      const accepted = event({ at });
      expect(ConsentEventSchema['~standard'].validate(accepted)).toEqual({ value: accepted });
    }
    for (const at of bad) {
      expect(fieldOf(event({ at }))).toEqual(['CONSENT_INVALID_INPUT', 'at']);
      expect(codeOf(() => replayConsentEvents([event({ expiresAt: at })]))).toBe('CONSENT_INVALID_INPUT');
    }
  });

  it('accepts and rejects exactly what the shape, instant and catalogue checks do, in their order, naming the same field (one pass per event on replay)', async () => {
    const { default: fc } = await import('fast-check');
    const junk = fc.constantFrom<unknown>(
      undefined,
      null,
      '',
      'x',
      0,
      1.5,
      Number.NaN,
      true,
      [],
      [''],
      ['marketing.sms', 7],
      ['marketing.sms', ''],
      ['analytics', 'no.such-purpose'],
      Object.assign(new Array<string>(2), { 1: 'analytics' }),
      {},
      { kind: 'guardian' },
      { kind: 'robot' },
      { version: 2 },
      { version: 2.5 },
      { version: '2' },
      'given',
      'renewed',
      'expired',
      'separate',
      'written',
      'guardian',
      'staff-assisted',
      '2026-11-21T10:00:00.000Z',
      '2026-02-30T10:00:00.000Z',
      '2026-11-21T10:00:00+08:00',
      new String('psn_b'),
    );
    const fields = ['subjectId', 'type', 'purposes', 'consentType', 'actor', 'notice', 'at', 'expiresAt'] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...fields), junk), { maxLength: 3 }), (edits) => {
        const bad = event({ subjectId: 'psn_b', purposes: ['marketing.sms', 'analytics'] }) as unknown as Record<string, unknown>;
        for (const [field, value] of edits) bad[field] = value;
        const field = firstMalformed(bad);
        const unknownPurpose = field === undefined && (bad.purposes as string[]).some((id) => !catalogue.purposes.some((p) => p.id === id));
        // A well-formed event naming a purpose outside the catalogue: checked after the fields.
        const expected =
          field !== undefined ? ['CONSENT_INVALID_INPUT', field] : unknownPurpose ? ['CONSENT_UNKNOWN_PURPOSE', undefined] : undefined;
        expect(fieldOf(bad)).toEqual(expected);
      }),
      { numRuns: 3_000 },
    );
  });

  it('rejects events naming purposes outside the catalogue', () => {
    expect(codeOf(() => replayConsentEvents([event({ purposes: ['marketing.sms', 'mind-reading'] })], { catalogue }))).toBe(
      'CONSENT_UNKNOWN_PURPOSE',
    );
  });
});

describe('instants', () => {
  it('replayed instants equal Date.parse for every valid instant and offset', async () => {
    const { default: fc } = await import('fast-check');
    const { createConsentState } = await import('../src/index');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (date, offsetMinutes) => {
          const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const at = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const state = createConsentState();
          expect(state.apply(event({ at })).lastAt).toBe(Date.parse(at));
          expect(Date.parse(at)).toBe(date.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});
