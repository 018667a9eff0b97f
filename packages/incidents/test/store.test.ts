import { describe, expect, it } from 'vitest';
import { createIncident, createMemoryIncidentStore, transition } from '../src/index';
import { leak } from './fixtures';

describe('in-memory incident store', () => {
  const first = () => createIncident(leak(), { actor: 'S-014', at: '2026-04-03T23:40:00+08:00' });

  it('saves, loads (verified) and lists incidents; a save must extend the trail', () => {
    const store = createMemoryIncidentStore();
    const incident = first();
    store.save(incident);
    const triaged = transition(incident, 'triaged', { actor: 'S-014', at: '2026-04-03T23:45:00+08:00' });
    store.save(triaged);
    expect(store.load(incident.record.id)?.record.status).toBe('triaged');
    expect(store.ids()).toEqual([incident.record.id]);
    expect(store.load('inc_nope')).toBeUndefined();
    // Going back to the shorter trail, or to a different branch, rewrites history.
    expect(() => store.save(incident)).toThrow(expect.objectContaining({ code: 'INCIDENTS_AUDIT_BROKEN' }));
    const branch = transition(incident, 'triaged', { actor: 'someone else', at: '2026-04-03T23:46:00+08:00' });
    expect(() => store.save(branch)).toThrow(/rewrite/);
  });

  it('refuses to save a forged incident', () => {
    const store = createMemoryIncidentStore();
    const incident = first();
    const forged = { ...incident, record: { ...incident.record, title: 'nothing happened' } };
    expect(() => store.save(forged)).toThrow(expect.objectContaining({ code: 'INCIDENTS_AUDIT_BROKEN' }));
  });
});
