import { describe, expect, it } from 'vitest';
import { HOSTILE_KEYS } from '../../../scripts/fuzz/arbitraries';
import {
  allowedTransitions,
  createCampaign,
  createIncident,
  gradeCN,
  obligations,
  recordAttempt,
  restoreIncident,
  transition,
  updateIncident,
} from '../src/index';
import { leak } from './fixtures';

const actor = { actor: 'S-014', at: '2026-04-03T23:40:00+08:00' };
const incident = createIncident(leak(), actor);

describe('names that are also Object.prototype names', () => {
  it.each(HOSTILE_KEYS)('a patch key %s is ignored like any unknown key (it used to pull in Object.prototype’s function)', (key) => {
    const patch = JSON.parse(`{${JSON.stringify(key)}: 1, "title": "Two buckets"}`);
    const updated = updateIncident(incident, patch, { actor: 'S-1', at: '2026-04-04T09:00:00+08:00' });
    expect(updated.record.title).toBe('Two buckets');
    expect(Object.hasOwn(updated.record, key)).toBe(false);
  });

  it.each(HOSTILE_KEYS)('a status named %s has no transitions', (status) => {
    expect(allowedTransitions(status as never)).toEqual([]);
    expect(() => transition(incident, status as never, actor)).toThrow(expect.objectContaining({ code: 'INCIDENTS_INVALID_TRANSITION' }));
  });

  it('a transition target without a toString is named by its type, not converted', () => {
    const to = JSON.parse('{"toString": null}');
    expect(() => transition(incident, to, actor)).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_INVALID_TRANSITION', message: 'Cannot go from "detected" to "(object)"' }),
    );
  });

  it.each(HOSTILE_KEYS)('a regime id %s is INCIDENTS_UNKNOWN_REGIME, in options and in awareness.regimes', (regime) => {
    expect(() => obligations(incident, { regimes: [regime], operator: { kind: 'other' } })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_REGIME' }),
    );
    const awareness = JSON.parse(
      `{"awareAt":"2026-04-03T23:30:00+08:00","regimes":{${JSON.stringify(regime)}:"2026-04-03T23:30:00+08:00"}}`,
    );
    if (regime === '__proto__') {
      // zod drops a record key named __proto__; the record then has no per-regime override at all.
      expect(Object.keys(createIncident(leak({ awareness }), actor).record.awareness.regimes)).toEqual([]);
    } else {
      expect(() => createIncident(leak({ awareness }), actor)).toThrow(expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_REGIME' }));
    }
  });

  it.each(['constructor', 'toString', '__proto__', 'valueOf'])(
    'an operator kind named %s is rejected as an unknown operator kind',
    (kind) => {
      expect(() => obligations(incident, { regimes: ['cn-measures-2025'], operator: { kind: kind as never } })).toThrow(
        expect.objectContaining({ code: 'INCIDENTS_UNKNOWN_OPERATOR_KIND' }),
      );
    },
  );
});

describe('counts and stored data of the wrong shape (fuzzer findings)', () => {
  it.each([Number.NaN, -4, 0.5, '7', 1e300])(
    'gradeCN rejects people = %s with INCIDENTS_INVALID_COUNT instead of grading it general',
    (people) => {
      expect(() => gradeCN({ personalInformation: { people: people as number } })).toThrow(
        expect.objectContaining({ code: 'INCIDENTS_INVALID_COUNT' }),
      );
    },
  );

  it('gradeCN rejects a bad economic loss, malformed criteria and a missing input', () => {
    expect(() => gradeCN({ personalInformation: { people: 1 }, economicLossFen: -1 })).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_INVALID_COUNT' }),
    );
    expect(() => gradeCN({ personalInformation: { people: 1 }, otherCriteria: [{ grade: 'huge' } as never] })).toThrow(TypeError);
    expect(() => gradeCN(Number.NaN as never)).toThrow(expect.objectContaining({ code: 'INCIDENTS_INVALID_COUNT' }));
    expect(() => gradeCN({} as never)).toThrow(expect.objectContaining({ code: 'INCIDENTS_INVALID_COUNT' }));
  });

  it('obligations without options or regimes throws a TypeError that says what is needed', () => {
    expect(() => obligations(incident, null as never)).toThrow(/options.regimes must be an array/);
    expect(() => obligations(incident, { operator: { kind: 'other' } } as never)).toThrow(TypeError);
  });

  it.each([null, 7, 'x', {}, { record: {}, trail: 'x' }])(
    'restoreIncident(%j) is INCIDENTS_AUDIT_BROKEN (malformed), not a TypeError',
    (stored) => {
      expect(() => restoreIncident(stored as never)).toThrow(
        expect.objectContaining({ code: 'CORE_CHAIN_BROKEN', details: { context: 'incidents', index: 0, reason: 'malformed' } }),
      );
    },
  );
});

describe('delivery reports and campaigns of the wrong shape (fuzzer findings)', () => {
  const campaign = createCampaign({ incidentId: 'inc_1', recipients: [{ id: 'm-1', channels: ['sms', 'email'] }] });
  const attempt = { recipient: 'm-1', channel: 'sms' as const, at: '2026-11-22T10:00:00+08:00', outcome: 'failed' as const };
  it.each([
    ['undefined', undefined],
    ['a missing recipient', { ...attempt, recipient: undefined }],
    ['an outcome of "maybe" (it was recorded, and never counted as delivered)', { ...attempt, outcome: 'maybe' }],
    ['evidence that is an object', { ...attempt, evidence: { id: 1 } }],
    ['evidence of 5000 characters', { ...attempt, evidence: 'x'.repeat(5000) }],
    ['a channel object without toString (it crashed building the message)', { ...attempt, channel: { toString: undefined } }],
  ])('recordAttempt rejects %s with INCIDENTS_CAMPAIGN and records nothing', (_, bad) => {
    expect(() => recordAttempt(campaign, bad as never)).toThrow(expect.objectContaining({ code: 'INCIDENTS_CAMPAIGN' }));
    expect(campaign.attempts).toEqual([]);
  });

  it.each([
    ['false', false],
    ['recipients that are not an array', { incidentId: 'inc_1', recipients: {} }],
    ['a recipient without an id', { incidentId: 'inc_1', recipients: [{ channels: ['sms'] }] }],
    ['an unknown channel', { incidentId: 'inc_1', recipients: [{ id: 'm-1', channels: ['fax'] }] }],
  ])('createCampaign rejects %s with INCIDENTS_CAMPAIGN', (_, bad) => {
    expect(() => createCampaign(bad as never)).toThrow(expect.objectContaining({ code: 'INCIDENTS_CAMPAIGN' }));
  });

  it('createCampaign names a maxAttemptsPerChannel without toString by its type (it crashed building the message)', () => {
    const input = {
      incidentId: 'inc_1',
      recipients: [{ id: 'm-1', channels: ['sms' as const] }],
      maxAttemptsPerChannel: { toString: null },
    };
    expect(() => createCampaign(input as never)).toThrow(
      expect.objectContaining({ code: 'INCIDENTS_INVALID_COUNT', message: expect.stringContaining('got object') }),
    );
  });
});
