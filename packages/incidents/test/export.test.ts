import { describe, expect, it } from 'vitest';
import { createIncident, toStixIncident, toVeris, transition } from '../src/index';
import { uuidV5 } from '../src/internal/uuid';
import { leak } from './fixtures';

const incident = () => {
  const i = createIncident(leak({ containment: [{ at: '2026-04-04T00:10:00+08:00', action: 'Bucket made private', by: 'ops' }] }), {
    actor: 'S-014',
    at: '2026-04-03T23:40:00+08:00',
  });
  return transition(i, 'triaged', { actor: 'S-014', at: '2026-04-03T23:50:00+08:00' });
};

describe('STIX 2.1 incident', () => {
  it('has every property STIX 2.1 requires of an incident SDO, in the required forms', () => {
    const sdo = toStixIncident(incident());
    // STIX 2.1 §4.8 Incident: type, spec_version, id, created, modified (common) and name.
    expect(sdo).toMatchObject({ type: 'incident', spec_version: '2.1', name: 'Member export left on a public bucket' });
    expect(sdo.id).toMatch(/^incident--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sdo.created).toBe('2026-04-03T15:40:00.000Z');
    expect(sdo.modified).toBe('2026-04-03T15:50:00.000Z');
    for (const key of Object.keys(sdo)) {
      expect(
        ['type', 'spec_version', 'id', 'created', 'modified', 'name', 'description', 'labels', 'external_references'].includes(key) ||
          key.startsWith('x_'),
      ).toBe(true);
    }
    expect(toStixIncident(incident()).id).toBe(sdo.id);
  });

  it('derives ids with RFC 4122 UUIDv5 (known answer: www.example.com in the DNS namespace)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('VERIS-style JSON', () => {
  it('maps the timeline, confidentiality and our extras', () => {
    const v = toVeris(incident());
    expect(v).toMatchObject({
      incident_id: 'inc_01KAAAAAAAAAAAAAAAAAAAAAAA',
      security_incident: 'Confirmed',
      timeline: {
        incident: { year: 2026, month: 4, day: 1 },
        discovery: { unit: 'Days', value: 3 },
        containment: { unit: 'Hours', value: 1 },
      },
      action: { Unknown: { variety: ['misconfiguration'] } },
      attribute: { confidentiality: { data_disclosure: 'Potentially', data_total: 1_000_000 } },
      plus: { cn_grade: 'relatively-major', gbt_20986_category: 'data-security', records: 1_200_000 },
    });
    expect(v.attribute.confidentiality.data.map((d) => d.variety)).toEqual(['name', 'mobile number']);
  });
});
