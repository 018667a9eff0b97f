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

// Wrong: the person who made the backup also signs as its checker (two people are required).
await assert.rejects(custody.register({ ...(await medium('HDD-0001')), checkedBy: 'S-021' }), { code: 'CUSTODY_CHECKER_IS_MAKER' });

// Right: a second person checks.
assert.equal((await custody.register(await medium('HDD-0001'))).status, 'active');
