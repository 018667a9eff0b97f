import assert from 'node:assert/strict';
import { createManualClock, createMemoryStreamStore } from '@aisle/core';
import { createCustodyRegister, createManifest, verifyManifest } from '@aisle/custody';

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
// A readable medium's check compares what is on it now with the manifest recorded at registration.
const intact = async (id: string) => verifyManifest((await medium(id)).manifest, await createManifest({ mediumId: id, files: files() }));

// Wrong: recording a check of a medium that was never registered (a label misread).
await assert.rejects(custody.recordCheck('HDD-0010', { by: 'S-033', readable: true, integrity: await intact('HDD-0010'), scanner }), {
  code: 'CUSTODY_UNKNOWN_MEDIUM',
});

// Right: register the medium first, then check it under its id.
await custody.register(await medium('HDD-0001'));
const { check } = await custody.recordCheck('HDD-0001', { by: 'S-033', readable: true, integrity: await intact('HDD-0001'), scanner });
assert.equal(check.normal, true);
