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

const input = await medium('HDD-0001');

// Wrong: the encryption key itself where a reference to it belongs (the message never repeats it).
const leaked = {
  ...input,
  encryption: { algorithm: 'AES-256-GCM', keyRef: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
};
await assert.rejects(custody.register(leaked), { code: 'CUSTODY_KEY_MATERIAL' });

// Right: the KMS reference (ARN, resource name or URI); rotate the key that was pasted.
assert.equal((await custody.register(input)).status, 'active');
