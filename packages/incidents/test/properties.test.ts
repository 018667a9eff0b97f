import { AisleError } from '@aisle/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  createIncident,
  INCIDENT_STATUSES,
  type Incident,
  replayAuditTrail,
  transition,
  updateIncident,
  verifyAuditTrail,
} from '../src/index';
import { leak } from './fixtures';

type Step = { kind: 'to'; status: (typeof INCIDENT_STATUSES)[number]; reason: boolean } | { kind: 'count'; people: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('to' as const), status: fc.constantFrom(...INCIDENT_STATUSES), reason: fc.boolean() }),
  fc.record({ kind: fc.constant('count' as const), people: fc.integer({ min: 0, max: 200_000_000 }) }),
);

describe('lifecycle and trail invariants (property)', () => {
  it('any sequence: allowed steps succeed, others fail with a code and change nothing; the trail always replays to the record', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        let incident: Incident = createIncident(leak(), { actor: 'a', at: '2026-04-03T23:40:00+08:00' });
        let minute = 0;
        for (const s of steps) {
          minute += 1;
          const at = new Date(Date.parse('2026-04-04T00:00:00+08:00') + minute * 60_000);
          const options = { actor: 'a', at, ...(s.kind === 'to' && s.reason ? { reason: 'because' } : {}) };
          const before = incident;
          try {
            incident =
              s.kind === 'to'
                ? transition(incident, s.status, options)
                : updateIncident(incident, { personalInformation: { categories: ['name'], people: s.people } }, options);
            if (s.kind === 'to') expect(allowedTransitions(before.record.status)).toContain(s.status);
          } catch (error) {
            expect(AisleError.isInstance(error, 'INCIDENTS_INVALID_TRANSITION')).toBe(true);
            expect(incident).toBe(before);
          }
        }
        expect(verifyAuditTrail(incident).ok).toBe(true);
        expect(replayAuditTrail(incident.trail)).toEqual(incident.record);
        expect(incident.trail).toHaveLength(1 + incident.trail.filter((e) => e.payload.action !== 'create').length);
      }),
      { numRuns: 80 },
    );
  });
});
