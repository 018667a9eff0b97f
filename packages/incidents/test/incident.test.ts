import { AisleError, createManualClock } from '@aisle/core';
import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  createIncident,
  type Incident,
  IncidentError,
  IncidentsErrorCode,
  recordSubmission,
  replayAuditTrail,
  restoreIncident,
  transition,
  updateIncident,
  verifyAuditTrail,
} from '../src/index';
import { leak } from './fixtures';

const by = (at: string, reason?: string) => ({ actor: 'S-014', at, ...(reason === undefined ? {} : { reason }) });

function walk(): Incident {
  let incident = createIncident(leak(), by('2026-04-03T23:40:00+08:00'));
  incident = transition(incident, 'triaged', by('2026-04-03T23:45:00+08:00'));
  incident = transition(incident, 'contained', by('2026-04-04T00:30:00+08:00'));
  incident = transition(incident, 'reported', by('2026-04-04T01:00:00+08:00'));
  incident = transition(incident, 'notified', by('2026-04-05T10:00:00+08:00'));
  return transition(incident, 'closed', by('2026-04-20T10:00:00+08:00'));
}

describe('createIncident', () => {
  it('normalises instants to UTC and starts in detected with a create entry', () => {
    const incident = createIncident(leak(), by('2026-04-03T23:40:00+08:00'));
    expect(incident.record.status).toBe('detected');
    expect(incident.record.awareness.awareAt).toBe('2026-04-03T15:30:00.000Z');
    expect(incident.record.personalInformation.sensitivePeople).toBe(0);
    expect(incident.trail).toHaveLength(1);
    expect(incident.trail[0]?.payload).toMatchObject({ action: 'create', actor: 'S-014', at: '2026-04-03T15:40:00.000Z' });
    expect(Object.isFrozen(incident.record)).toBe(true);
  });

  it('generates an inc_ id from the action time when none is given', () => {
    const { id: _id, ...input } = leak();
    const clock = createManualClock('2026-04-03T23:40:00+08:00');
    const incident = createIncident(input, { actor: 'S-014', clock });
    expect(incident.record.id).toMatch(/^inc_[0-9A-Z]{26}$/);
  });

  it('requires an actor and an explicit time', () => {
    expect(() => createIncident(leak(), { actor: 'x' })).toThrow(TypeError);
    expect(() => createIncident(leak(), { actor: '', at: '2026-04-03T23:40:00+08:00' })).toThrow(TypeError);
  });

  it('rejects malformed input with CORE_VALIDATION, never a ZodError', () => {
    const error = (() => {
      try {
        createIncident({ ...leak(), cause: { category: 'aliens', known: true } } as never, by('2026-04-03T23:40:00+08:00'));
      } catch (e) {
        return e;
      }
    })();
    expect(AisleError.isInstance(error, 'CORE_VALIDATION')).toBe(true);
  });
});

describe('lifecycle', () => {
  it('walks detected → closed and every change is in the trail', () => {
    const incident = walk();
    expect(incident.record.status).toBe('closed');
    expect(incident.trail.map((e) => e.payload.to ?? e.payload.action)).toEqual([
      'create',
      'triaged',
      'contained',
      'reported',
      'notified',
      'closed',
    ]);
    expect(verifyAuditTrail(incident)).toMatchObject({ ok: true, length: 6 });
  });

  it('rejects skipping a state with INCIDENTS_INVALID_TRANSITION', () => {
    const incident = createIncident(leak(), by('2026-04-03T23:40:00+08:00'));
    try {
      transition(incident, 'reported', by('2026-04-03T23:50:00+08:00'));
      expect.unreachable();
    } catch (e) {
      expect(AisleError.isInstance(e, IncidentsErrorCode.INVALID_TRANSITION)).toBe(true);
      expect((e as IncidentError).details).toEqual({ from: 'detected', to: 'reported' });
    }
    expect(() => transition(incident, 'bogus' as never, by('2026-04-03T23:50:00+08:00'))).toThrow(/Cannot go from "detected" to "bogus"/);
  });

  it('reopens a closed incident only with a reason', () => {
    const closed = walk();
    expect(() => transition(closed, 'triaged', by('2026-05-01T10:00:00+08:00'))).toThrow(/needs a reason/);
    const reopened = transition(closed, 'triaged', by('2026-05-01T10:00:00+08:00', 'More exports found'));
    expect(reopened.record.status).toBe('triaged');
    expect(reopened.trail.at(-1)?.payload).toMatchObject({ from: 'closed', to: 'triaged', reason: 'More exports found' });
    expect(allowedTransitions('closed')).toEqual(['triaged']);
  });

  it('closes early (nothing to report) only with a reason', () => {
    let incident = createIncident(leak(), by('2026-04-03T23:40:00+08:00'));
    incident = transition(incident, 'triaged', by('2026-04-03T23:45:00+08:00'));
    incident = transition(incident, 'contained', by('2026-04-03T23:50:00+08:00'));
    expect(() => transition(incident, 'closed', by('2026-04-04T00:00:00+08:00'))).toThrow(IncidentError);
    expect(transition(incident, 'closed', by('2026-04-04T00:00:00+08:00', 'False positive')).record.status).toBe('closed');
  });

  it('rejects a change dated before the last trail entry', () => {
    const incident = createIncident(leak(), by('2026-04-03T23:40:00+08:00'));
    expect(() => transition(incident, 'triaged', by('2026-04-03T23:00:00+08:00'))).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_TIME_ORDER' }),
    );
  });
});

describe('audit trail', () => {
  it('detects an edited record that the trail does not explain', () => {
    const incident = walk();
    const forged = {
      ...incident,
      record: { ...incident.record, personalInformation: { ...incident.record.personalInformation, people: 10 } },
    };
    expect(verifyAuditTrail(forged)).toMatchObject({ ok: false, reason: 'replay' });
  });

  it('detects an edited, reordered or truncated trail', () => {
    const incident = walk();
    const edited = incident.trail.map((e, i) => (i === 2 ? { ...e, payload: { ...e.payload, actor: 'someone else' } } : e));
    expect(verifyAuditTrail({ ...incident, trail: edited })).toMatchObject({ ok: false, index: 2, reason: 'hash' });
    const [a, b, c, ...rest] = incident.trail;
    const swapped = [a, c, b, ...rest];
    expect(verifyAuditTrail({ ...incident, trail: swapped as typeof incident.trail })).toMatchObject({ ok: false, reason: 'sequence' });
    const anchor = { length: incident.trail.length, head: incident.trail.at(-1)?.hash ?? '' };
    const shorter = { record: replayAuditTrail(incident.trail.slice(0, 4)), trail: incident.trail.slice(0, 4) };
    expect(verifyAuditTrail(shorter).ok).toBe(true);
    expect(verifyAuditTrail(shorter, anchor)).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('reports an unreplayable trail instead of throwing', () => {
    const incident = walk();
    expect(verifyAuditTrail({ ...incident, trail: [] })).toMatchObject({ ok: false, reason: 'replay' });
  });

  it('restores a stored incident and refuses a tampered one', () => {
    const incident = walk();
    const stored = JSON.parse(JSON.stringify(incident));
    expect(restoreIncident(stored).record).toEqual(incident.record);
    stored.record.title = 'nothing happened';
    expect(() => restoreIncident(stored)).toThrow(
      expect.objectContaining({ code: 'CORE_CHAIN_BROKEN', details: expect.objectContaining({ context: 'incidents', reason: 'replay' }) }),
    );
  });

  it('replays revisions and submissions', () => {
    let incident = createIncident(leak(), by('2026-04-03T23:40:00+08:00'));
    incident = updateIncident(incident, { title: 'Two buckets' }, by('2026-04-04T09:00:00+08:00', 'second bucket'));
    incident = recordSubmission(
      incident,
      { obligation: 'cn.initial', at: '2026-04-04T02:00:00+08:00' },
      { actor: 'DPO', at: '2026-04-04T09:05:00+08:00' },
    );
    expect(replayAuditTrail(incident.trail)).toEqual(incident.record);
    expect(incident.record.submissions).toEqual([{ obligation: 'cn.initial', at: '2026-04-03T18:00:00.000Z' }]);
    expect(() => replayAuditTrail(incident.trail.slice(1, 2))).toThrow(expect.objectContaining({ code: 'CORE_CHAIN_BROKEN' }));
    expect(() => replayAuditTrail([])).toThrow(/empty/);
  });
});
