import { describe, expect, it } from 'vitest';
import { createConsentState, decide, dueErasures } from '../src/index';
import { catalogue, event } from './fixtures';

const build = (...events: ReturnType<typeof event>[]) => {
  const state = createConsentState({ catalogue });
  for (const e of events) state.apply(e);
  return state;
};

describe('dueErasures', () => {
  it('deletes or anonymises on withdrawal and expiry, keeping categories other purposes need', () => {
    const state = build(
      event({ purposes: ['marketing.sms', 'analytics'], at: '2026-11-01T10:00:00+08:00', expiresAt: '2026-11-15T00:00:00+08:00' }),
      event({ type: 'withdrawn', purposes: ['marketing.sms'], at: '2026-11-10T10:00:00+08:00' }),
    );
    const tasks = dueErasures({ catalogue, subjects: state.subjects.values(), at: '2026-11-21T00:00:00+08:00' });
    expect(tasks).toEqual([
      expect.objectContaining({
        purposeId: 'marketing.sms',
        trigger: 'withdrawn',
        action: 'delete',
        categories: ['preferences'],
        kept: { contact: ['membership'] },
        since: '2026-11-10T02:00:00.000Z',
      }),
      expect.objectContaining({
        purposeId: 'analytics',
        trigger: 'expired',
        action: 'anonymise',
        categories: ['browsing', 'device'],
        since: '2026-11-14T16:00:00.000Z',
      }),
    ]);
    // Not due yet before the expiry; filtered by `since`.
    expect(dueErasures({ catalogue, subjects: state.subjects.values(), at: '2026-11-12T00:00:00+08:00' }).map((t) => t.purposeId)).toEqual([
      'marketing.sms',
    ]);
    expect(
      dueErasures({
        catalogue,
        subjects: state.subjects.values(),
        at: '2026-11-21T00:00:00+08:00',
        since: '2026-11-12T00:00:00+08:00',
      }).map((t) => t.purposeId),
    ).toEqual(['analytics']);
  });

  it('restricts data under a legal retention duty on account closure, then deletes it', () => {
    const state = build(event({ purposes: ['marketing.sms'], at: '2026-11-01T10:00:00+08:00' }));
    const closure = { subjectId: 'psn_a', at: '2026-11-20T10:00:00+08:00' };
    const tasks = dueErasures({
      catalogue,
      subjects: state.subjects.values(),
      at: '2026-11-21T00:00:00+08:00',
      accountClosures: [closure],
    });
    const membership = tasks.find((t) => t.purposeId === 'membership');
    expect(membership).toMatchObject({
      action: 'restrict',
      trigger: 'account-closed',
      restrictUntil: '2029-11-20T02:00:00.000Z',
      categories: ['identity', 'contact', 'transaction'],
    });
    expect(membership?.reason).toMatch(/PIPL Art\. 47/);
    expect(tasks.find((t) => t.purposeId === 'marketing.sms')).toMatchObject({
      action: 'delete',
      kept: {},
      categories: ['contact', 'preferences'],
    });
    expect(tasks).toHaveLength(5);
    const later = dueErasures({ catalogue, subjects: [], at: '2029-11-21T00:00:00+08:00', accountClosures: [closure] });
    expect(later.find((t) => t.purposeId === 'membership')).toMatchObject({ action: 'delete', restrictUntil: undefined });
  });

  it('emits nothing while consent stands', () => {
    const state = build(
      event({ at: '2026-11-01T10:00:00+08:00' }),
      event({ subjectId: 'psn_b', type: 'refused', at: '2026-11-01T10:00:00+08:00' }),
    );
    expect(dueErasures({ catalogue, subjects: state.subjects.values(), at: '2026-11-21T00:00:00+08:00' })).toEqual([]);
  });
  it('ends a sensitive purpose when its separate consent expires, even after a later bundled consent', () => {
    const state = build(
      event({
        purposes: ['face.check-in'],
        consentType: 'separate',
        at: '2026-11-01T10:00:00+08:00',
        expiresAt: '2026-11-15T00:00:00+08:00',
      }),
      event({ purposes: ['marketing.sms', 'face.check-in'], at: '2026-11-05T10:00:00+08:00' }),
    );
    const subject = state.subject(state.subjects.keys().next().value as string);
    const at = '2026-11-21T00:00:00+08:00';
    expect(decide({ catalogue, purposeId: 'face.check-in', at, consent: subject }).state).toBe('expired');
    const tasks = dueErasures({ catalogue, subjects: state.subjects.values(), at });
    expect(tasks).toContainEqual(
      expect.objectContaining({ purposeId: 'face.check-in', trigger: 'expired', since: '2026-11-14T16:00:00.000Z' }),
    );
    // Before the separate consent lapses there is nothing to erase for it.
    const early = dueErasures({ catalogue, subjects: state.subjects.values(), at: '2026-11-10T00:00:00+08:00' });
    expect(early.map((t) => t.purposeId)).not.toContain('face.check-in');
  });
});
