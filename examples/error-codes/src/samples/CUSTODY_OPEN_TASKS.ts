import assert from 'node:assert/strict';
import { createManualClock, createMemoryStreamStore } from '@aisle/core';
import { createCustodyRegister, createManifest } from '@aisle/custody';

const bytes = (text: string) => new TextEncoder().encode(text);
const files = () => [{ path: 'members/2026-11-21.csv', chunks: [bytes('member_id,tier\nM000042,gold\n')] }];
const clock = createManualClock('2026-11-21T21:40:00+08:00');
const custody = createCustodyRegister({
  store: createMemoryStreamStore(),
  zone: 'Asia/Shanghai',
  clock,
  categories: ['identity', 'contact', 'transaction'],
});
const medium = async (id: string) =>
  ({
    id,
    medium: {
      kind: 'hdd',
      brand: 'Seagate',
      model: 'Exos 7E10',
      serial: `SN-${id}`,
      capacityBytes: 8_000_000_000_000,
      purchasedOn: '2026-10-08',
    },
    contents: { scope: 'Member export', categories: ['identity', 'contact'], subjects: 1, records: 1, bytes: 29 },
    device: { name: 'Backup server BK-01' },
    software: { name: 'restic', version: '0.17.3' },
    madeAt: '2026-11-21T21:40:00+08:00',
    madeBy: 'S-021',
    checkedBy: 'S-033',
    encryption: { algorithm: 'AES-256-GCM', keyRef: 'acs:kms:cn-shanghai:1234567890:key/key-shh65e2a' },
    responsible: [{ personId: 'S-033', role: 'custodian' }],
    permissions: [{ personId: 'S-014', access: 'restore', scope: 'member records on request', procedure: 'ticket + DPO approval' }],
    manifest: await createManifest({ mediumId: id, files: files() }),
  }) as const;
const scanner = { name: 'clamav 1.4.2', scan: () => ({ clean: true, findings: [] }) };

await custody.register(await medium('HDD-0001'));
// A check finds the disk unreadable: a re-backup task opens.
await custody.recordCheck('HDD-0001', { at: '2028-11-22T10:00:00+08:00', by: 'S-033', readable: false, scanner });
const retirement = { at: '2028-11-22T13:00:00+08:00', by: 'S-033', method: 'destroyed', witness: 'S-021' } as const;

// Wrong: destroying the medium while its data has not been backed up again.
await assert.rejects(custody.retire('HDD-0001', retirement), { code: 'CUSTODY_OPEN_TASKS' });

// Right: migrate to a new medium (which closes the task), then retire the old one.
clock.set('2028-11-22T12:00:00+08:00');
await custody.migrate({
  from: 'HDD-0001',
  to: { ...(await medium('HDD-0002')), madeAt: '2028-11-22T12:00:00+08:00' },
  oldManifest: (await medium('HDD-0001')).manifest,
  reason: 'abnormal-check',
  by: 'S-021',
  at: '2028-11-22T12:00:00+08:00',
});
assert.equal((await custody.retire('HDD-0001', retirement)).status, 'retired');
