import { type StreamStore, verifyStore } from '@aisle/core';
import { describe, expect, it, vi } from 'vitest';
import { buildManifest, type IntegrityReport, type MalwareScanner, manifestHash, verifyManifest } from '../src/index';
import { cleanScanner, manifestFor, registration, setup, sha } from './fixtures';

const okReport = (mediumId: string, manifest = manifestFor(mediumId)): IntegrityReport => verifyManifest(manifest, manifest);
const flippedReport = (mediumId: string): IntegrityReport =>
  verifyManifest(manifestFor(mediumId), manifestFor(mediumId, [{ path: 'members.csv', size: 3, sha256: sha('b') }]));

/** Everything the store holds that an operation could change: heads and due timers. */
async function fingerprint(store: StreamStore) {
  const heads = await store.heads();
  return { heads: heads.heads, timers: await store.dueTimers({ at: '9999-12-31T00:00:00Z', limit: 10_000 }) };
}

describe('the custody register', () => {
  it('registers, schedules the check two years on in the retailer zone, and lists it as due then overdue', async () => {
    const { custody } = setup();
    const state = await custody.register(registration('HDD-0001'));
    expect(state).toMatchObject({ id: 'HDD-0001', status: 'active', version: 1, checkDueAt: '2028-11-19T16:00:00.000Z' });
    expect(state.manifest.hash).toBe(manifestHash(manifestFor('HDD-0001')));
    expect(await custody.due('2028-11-19T23:59:59+08:00')).toEqual([]);
    expect(await custody.due('2028-11-20T00:00:00+08:00')).toEqual([
      { mediumId: 'HDD-0001', dueAt: '2028-11-19T16:00:00.000Z', dueDate: '2028-11-20', daysOverdue: 0 },
    ]);
    expect(await custody.overdue('2028-11-20T23:00:00+08:00')).toEqual([]);
    expect(await custody.overdue('2028-11-23T10:00:00+08:00')).toEqual([
      { mediumId: 'HDD-0001', dueAt: '2028-11-19T16:00:00.000Z', dueDate: '2028-11-20', daysOverdue: 3 },
    ]);
  });

  it('a configurable interval: every 6 months', async () => {
    const { store, clock } = setup();
    const { createCustodyRegister } = await import('../src/index');
    const custody = createCustodyRegister({ store, clock, zone: 'Asia/Shanghai', checkInterval: { months: 6 } });
    expect((await custody.register(registration('HDD-0002'))).checkDueAt).toBe('2027-05-19T16:00:00.000Z');
    expect(() => createCustodyRegister({ store, zone: 'Asia/Shanghai', checkInterval: {} })).toThrow(RangeError);
    expect(() => createCustodyRegister({ store, zone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'CORE_INVALID_TIME_ZONE' }),
    );
  });

  it('a normal check moves the schedule; an abnormal one opens a re-backup task that blocks retirement', async () => {
    const { custody, clock } = setup();
    await custody.register(registration('HDD-0001'));
    clock.set('2028-11-21T10:00:00+08:00');
    const normal = await custody.recordCheck('HDD-0001', {
      by: 'S-033',
      readable: true,
      integrity: okReport('HDD-0001'),
      scanner: cleanScanner,
    });
    expect(normal.check).toMatchObject({
      normal: true,
      problems: [],
      checkId: 'check-1',
      malware: { scanner: 'clamav 1.4.2', clean: true },
    });
    expect(normal.state.checkDueAt).toBe('2030-11-20T16:00:00.000Z');
    expect(await custody.overdue('2029-01-01T00:00:00+08:00')).toEqual([]);

    clock.set('2029-03-01T10:00:00+08:00');
    const infected: MalwareScanner = { name: 'clamav 1.4.2', scan: () => ({ clean: false, findings: ['Win.Trojan.Agent-1'] }) };
    const bad = await custody.recordCheck('HDD-0001', {
      by: 'S-033',
      readable: true,
      integrity: flippedReport('HDD-0001'),
      scanner: infected,
    });
    expect(bad.check).toMatchObject({ normal: false, problems: ['integrity', 'malware'] });
    expect(bad.check.integrity).toMatchObject({ ok: false, changed: 1, rootChanged: true, paths: ['changed:members.csv'] });
    expect(bad.state.tasks).toEqual([
      {
        taskId: 'rebackup-2',
        openedAt: '2029-03-01T02:00:00.000Z',
        checkId: 'check-2',
        problems: ['integrity', 'malware'],
        status: 'open',
      },
    ]);
    expect(await custody.openTasks()).toEqual([{ mediumId: 'HDD-0001', taskId: 'rebackup-2', openedAt: '2029-03-01T02:00:00.000Z' }]);
    await expect(custody.retire('HDD-0001', { by: 'S-033', method: 'destroyed' })).rejects.toMatchObject({ code: 'CUSTODY_OPEN_TASKS' });

    const unreadable = await custody.recordCheck('HDD-0001', { by: 'S-033', readable: false, scanner: cleanScanner });
    expect(unreadable.check).toMatchObject({ normal: false, problems: ['unreadable'], integrity: null, malware: null });
    expect((await custody.openTasks()).map((t) => t.taskId)).toEqual(['rebackup-2', 'rebackup-4']);
  });

  it('migration is checked before intake, closes the re-backup tasks, and the old medium can then be retired', async () => {
    const { custody, clock, store } = setup();
    await custody.register(registration('HDD-0001'));
    clock.set('2028-11-21T10:00:00+08:00');
    await custody.recordCheck('HDD-0001', { by: 'S-033', readable: true, integrity: flippedReport('HDD-0001'), scanner: cleanScanner });

    const before = await fingerprint(store);
    const wrong = registration('HDD-0002', {
      madeAt: '2028-11-21T09:00:00+08:00',
      manifest: manifestFor('HDD-0002', [{ path: 'members.csv', size: 3, sha256: sha('b') }]),
    });
    const refused = custody.migrate({
      from: 'HDD-0001',
      to: wrong,
      oldManifest: manifestFor('HDD-0001'),
      reason: 'abnormal-check',
      by: 'S-021',
    });
    await expect(refused).rejects.toMatchObject({
      code: 'CUSTODY_MIGRATION_MISMATCH',
      details: { report: { changed: [{ path: 'members.csv' }] } },
    });
    expect(await fingerprint(store)).toEqual(before);
    await expect(custody.medium('HDD-0002')).rejects.toMatchObject({ code: 'CUSTODY_UNKNOWN_MEDIUM' });

    const right = registration('HDD-0002', { madeAt: '2028-11-21T09:00:00+08:00', manifest: manifestFor('HDD-0002') });
    const { from, to, report } = await custody.migrate({
      from: 'HDD-0001',
      to: right,
      oldManifest: manifestFor('HDD-0001'),
      reason: 'abnormal-check',
      by: 'S-021',
    });
    expect(report.ok).toBe(true);
    expect(from).toMatchObject({ status: 'migrated', migratedTo: { mediumId: 'HDD-0002', reason: 'abnormal-check', by: 'S-021' } });
    expect(from.checkDueAt).toBeUndefined();
    expect(from.tasks[0]).toMatchObject({ status: 'closed', toMediumId: 'HDD-0002', closedBy: 'S-021' });
    expect(to).toMatchObject({
      status: 'active',
      migratedFrom: { mediumId: 'HDD-0001', reason: 'abnormal-check', taskIds: ['rebackup-1'] },
    });
    expect(await custody.openTasks()).toEqual([]);
    expect((await custody.due('2031-01-01T00:00:00+08:00')).map((d) => d.mediumId)).toEqual(['HDD-0002']);

    await expect(custody.recordCheck('HDD-0001', { by: 'S-033', readable: false, scanner: cleanScanner })).rejects.toMatchObject({
      code: 'CUSTODY_MEDIUM_CLOSED',
    });
    await expect(custody.recordAccess('HDD-0001', { by: 'S-050', purpose: 'restore' })).rejects.toMatchObject({
      code: 'CUSTODY_MEDIUM_CLOSED',
    });
    const retired = await custody.retire('HDD-0001', { by: 'S-033', method: 'wiped', witness: 'S-021', notes: 'DoD 5220.22-M, 3 passes' });
    expect(retired).toMatchObject({ status: 'retired', retirement: { method: 'wiped', by: 'S-033', witness: 'S-021' } });
    await expect(custody.retire('HDD-0001', { by: 'S-033', method: 'destroyed' })).rejects.toMatchObject({ code: 'CUSTODY_MEDIUM_CLOSED' });
    expect((await verifyStore(store)).ok).toBe(true);
  });

  it('every read is logged; reads without approval, self-approved or without permission are flagged', async () => {
    const { custody } = setup();
    await custody.register(registration('HDD-0001'));
    const approved = await custody.recordAccess('HDD-0001', {
      by: 'S-050',
      purpose: 'restore member 1001 after device loss',
      approvedBy: 'S-033',
      approvalRef: 'DPO-2026-118',
    });
    expect(approved.access.flags).toEqual([]);
    expect((await custody.recordAccess('HDD-0001', { by: 'S-050', purpose: 'curiosity' })).access.flags).toEqual(['no-approval']);
    expect((await custody.recordAccess('HDD-0001', { by: 'S-050', purpose: 'x', approvedBy: 'S-050' })).access.flags).toEqual([
      'self-approved',
    ]);
    const stranger = await custody.recordAccess('HDD-0001', { by: 'S-999', purpose: 'x', approvedBy: 'S-033' });
    expect(stranger.access.flags).toEqual(['no-permission']);
    expect(stranger.state).toMatchObject({ accessCount: 4, flaggedAccessCount: 3 });
    const history = await custody.history('HDD-0001');
    expect(history.map((h) => h.event.type)).toEqual([
      'medium.registered',
      'access.recorded',
      'access.recorded',
      'access.recorded',
      'access.recorded',
    ]);
    expect(history[1]?.event.data).toMatchObject({
      by: 'S-050',
      approvedBy: 'S-033',
      approvalRef: 'DPO-2026-118',
      at: '2026-11-21T01:00:00.000Z',
    });

    const changed = await custody.setPermissions('HDD-0001', {
      by: 'S-033',
      responsible: [{ personId: 'S-033', role: 'custodian' }],
      permissions: [{ personId: 'S-999', access: 'restore', scope: 'audit', procedure: 'ticket', categories: ['identity'] }],
    });
    expect(changed.permissions.map((p) => p.personId)).toEqual(['S-999']);
    expect((await custody.recordAccess('HDD-0001', { by: 'S-999', purpose: 'x', approvedBy: 'S-033' })).access.flags).toEqual([]);
  });

  it('refuses bad input with a clear code and writes nothing', async () => {
    const { custody, store, clock } = setup();
    await custody.register(registration('HDD-0001'));
    const before = await fingerprint(store);
    const scan = vi.fn(() => ({ clean: true, findings: [] }));
    const scanner = { name: 'spy', scan };
    const refuse = async (promise: Promise<unknown>, code: string) => {
      await expect(promise).rejects.toMatchObject({ code });
      expect(await fingerprint(store)).toEqual(before);
    };
    await refuse(
      custody.recordCheck('HDD-0404', { by: 'S-033', readable: true, integrity: okReport('HDD-0404'), scanner }),
      'CUSTODY_UNKNOWN_MEDIUM',
    );
    expect(scan).not.toHaveBeenCalled();
    await refuse(custody.recordAccess('HDD-0404', { by: 'S-050', purpose: 'x' }), 'CUSTODY_UNKNOWN_MEDIUM');
    await refuse(custody.register(registration('HDD-0001')), 'CUSTODY_ALREADY_REGISTERED');
    await refuse(custody.register(registration('HDD-0003', { checkedBy: 'S-021' })), 'CUSTODY_CHECKER_IS_MAKER');
    await refuse(custody.register(registration('HDD-0003', { manifest: manifestFor('HDD-0001') })), 'CUSTODY_MANIFEST_OTHER_MEDIUM');
    await refuse(
      custody.register(
        registration('HDD-0003', { contents: { scope: 's', categories: ['identity', 'star-sign'], subjects: 1, records: 1, bytes: 1 } }),
      ),
      'CUSTODY_UNKNOWN_CATEGORY',
    );
    await refuse(custody.register(registration('HDD-0003', { madeAt: '2030-01-01T00:00:00+08:00' })), 'CUSTODY_INVALID_INPUT');
    await refuse(custody.register({ ...registration('HDD-0003'), medium: undefined } as never), 'CUSTODY_INVALID_INPUT');
    await refuse(
      custody.recordCheck('HDD-0001', { by: 'S-033', readable: true, integrity: okReport('HDD-0009'), scanner }),
      'CUSTODY_MANIFEST_OTHER_MEDIUM',
    );
    const otherManifest = buildManifest({ mediumId: 'HDD-0001', files: [] });
    await refuse(
      custody.recordCheck('HDD-0001', { by: 'S-033', readable: true, integrity: okReport('HDD-0001', otherManifest), scanner }),
      'CUSTODY_MANIFEST_NOT_RECORDED',
    );
    await refuse(custody.recordCheck('HDD-0001', { by: 'S-033', readable: true, scanner }), 'CUSTODY_INVALID_INPUT');
    await refuse(
      custody.recordCheck('HDD-0001', { by: 'S-033', readable: true, integrity: { ...flippedReport('HDD-0001'), ok: true }, scanner }),
      'CUSTODY_INVALID_INPUT',
    );
    await refuse(
      custody.recordCheck('HDD-0001', {
        by: 'S-033',
        readable: true,
        integrity: okReport('HDD-0001'),
        scanner: {
          name: 'x',
          scan: () => {
            throw new Error('engine crashed');
          },
        },
      }),
      'CUSTODY_SCANNER_FAILED',
    );
    await refuse(
      custody.recordCheck('HDD-0001', {
        by: 'S-033',
        readable: true,
        integrity: okReport('HDD-0001'),
        scanner: { name: 'x', scan: () => ({ clean: 'yes' }) as never },
      }),
      'CUSTODY_SCANNER_FAILED',
    );
    await refuse(custody.recordAccess('HDD-0001', { by: 'S-050', purpose: 'x', at: '2026-11-01T00:00:00+08:00' }), 'CUSTODY_OUT_OF_ORDER');
    await refuse(custody.recordAccess('HDD-0001', { by: 'S-050', purpose: '', at: '2027-11-01T00:00:00+08:00' }), 'CUSTODY_INVALID_INPUT');
    await refuse(custody.retire('HDD-0404', { by: 'S-033', method: 'wiped' }), 'CUSTODY_UNKNOWN_MEDIUM');
    await refuse(custody.retire('HDD-0001', { by: 'S-033', method: 'shredded' as never }), 'CUSTODY_INVALID_INPUT');
    await refuse(custody.medium('../etc'), 'CUSTODY_INVALID_INPUT');
    await refuse(
      custody.migrate({
        from: 'HDD-0001',
        to: registration('HDD-0002'),
        oldManifest: manifestFor('HDD-0001', []),
        reason: 'technology',
        by: 'S-021',
      }),
      'CUSTODY_MANIFEST_NOT_RECORDED',
    );
    await refuse(
      custody.migrate({
        from: 'HDD-0404',
        to: registration('HDD-0002'),
        oldManifest: manifestFor('HDD-0404'),
        reason: 'technology',
        by: 'S-021',
      }),
      'CUSTODY_UNKNOWN_MEDIUM',
    );
    await refuse(
      custody.migrate({
        from: 'HDD-0001',
        to: registration('HDD-0001'),
        oldManifest: manifestFor('HDD-0001'),
        reason: 'technology',
        by: 'S-021',
      }),
      'CUSTODY_INVALID_INPUT',
    );
    clock.advance(1000);
    expect((await custody.medium('HDD-0001')).version).toBe(1);
  });

  it('never accepts key material as a key reference, and never repeats it', async () => {
    const { custody } = setup();
    const key = 'a3f1c9e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0';
    for (const keyRef of [key, 'kms://' + 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4MTIzNA==']) {
      const error = await custody
        .register(registration('HDD-0005', { encryption: { algorithm: 'AES-256-GCM', keyRef } }))
        .catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'CUSTODY_KEY_MATERIAL' });
      expect(JSON.stringify(error) + (error as Error).message).not.toContain(keyRef.slice(6, 30));
    }
    const arn = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    await expect(
      custody.register(registration('HDD-0005', { encryption: { algorithm: 'AES-256-XTS', keyRef: arn } })),
    ).resolves.toMatchObject({ status: 'active' });
  });

  it('history and verified reads refuse a tampered stream with CORE_CHAIN_BROKEN (context custody)', async () => {
    const { custody, raw } = setup();
    await custody.register(registration('HDD-0001'));
    await custody.recordAccess('HDD-0001', { by: 'S-050', purpose: 'restore', approvedBy: 'S-033' });
    expect(await custody.medium('HDD-0001', { verify: true })).toEqual(await custody.medium('HDD-0001'));
    await raw.editData('custody:HDD-0001', 1, { at: '2026-11-21T01:00:00.000Z', by: 'S-050', purpose: 'nothing to see', flags: [] });
    await expect(custody.history('HDD-0001')).rejects.toMatchObject({
      code: 'CORE_CHAIN_BROKEN',
      details: { context: 'custody', index: 1, reason: 'hash' },
    });
    await expect(custody.medium('HDD-0001', { verify: true })).rejects.toMatchObject({ code: 'CORE_CHAIN_BROKEN' });
  });

  it('concurrent appends to one medium are decided on the state they extend (nothing lost)', async () => {
    const { custody } = setup();
    await custody.register(registration('HDD-0001'));
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => custody.recordAccess('HDD-0001', { by: 'S-050', purpose: `read ${i}`, approvedBy: 'S-033' })),
    );
    const state = await custody.medium('HDD-0001', { verify: true });
    expect(state.accessCount).toBe(6);
    expect((await custody.history('HDD-0001')).length).toBe(7);
  });
});

describe('a migration interrupted between its two streams', () => {
  it('is completed by running the same migration again (the new medium is not registered twice)', async () => {
    const { AisleError, createManualClock, createMemoryStreamStore } = await import('@aisle/core');
    const { createCustodyRegister } = await import('../src/index');
    const inner = createMemoryStreamStore();
    let failOldStream = true;
    // A store that goes down once, on the append that closes the old medium.
    const store: StreamStore = {
      ...inner,
      append: (streamId, entries, options) => {
        if (streamId === 'custody:HDD-0001' && entries.some((e) => e.type === 'medium.migrated') && failOldStream) {
          failOldStream = false;
          return Promise.reject(new AisleError('CORE_STORE_UNAVAILABLE', 'database went away'));
        }
        return inner.append(streamId, entries, options);
      },
    };
    const clock = createManualClock('2026-11-21T09:00:00+08:00');
    const custody = createCustodyRegister({ store, zone: 'Asia/Shanghai', clock });
    await custody.register(registration('HDD-0001'));
    const input = {
      from: 'HDD-0001',
      to: registration('HDD-0002', { madeAt: '2026-11-21T08:00:00+08:00', manifest: manifestFor('HDD-0002') }),
      oldManifest: manifestFor('HDD-0001'),
      reason: 'technology' as const,
      by: 'S-021',
    };
    await expect(custody.migrate(input)).rejects.toMatchObject({ code: 'CORE_STORE_UNAVAILABLE' });
    expect((await custody.medium('HDD-0001')).status).toBe('active');
    expect((await custody.medium('HDD-0002')).migratedFrom?.mediumId).toBe('HDD-0001');
    const done = await custody.migrate(input);
    expect(done.from.status).toBe('migrated');
    expect(done.to.version).toBe(1);
    expect((await custody.history('HDD-0002')).length).toBe(1);
  });
});
