import { createManualClock, createMemoryStreamStoreHarness } from '@aisle/core';
import { buildManifest, createCustodyRegister, type MalwareScanner, type Manifest, type RegisterMediumInput } from '../src/index';

export const ZONE = 'Asia/Shanghai';

/** Consent's built-in data-category ids (GB/T 35273-2020 Annex A/B), as the register's vocabulary. */
export const CATEGORIES = ['identity', 'contact', 'transaction', 'device', 'preferences', 'biometric'];

export const sha = (c: string) => c.repeat(64).slice(0, 64);

export function manifestFor(mediumId: string, files = [{ path: 'members.csv', size: 3, sha256: sha('a') }]): Manifest {
  return buildManifest({ mediumId, files });
}

export function registration(id: string, overrides: Partial<RegisterMediumInput> = {}): RegisterMediumInput {
  return {
    id,
    medium: {
      kind: 'hdd',
      brand: 'Seagate',
      model: 'Exos 7E10',
      serial: `ZL${id}`,
      capacityBytes: 8_000_000_000_000,
      purchasedOn: '2026-10-08',
    },
    contents: {
      scope: 'CRM member database, full backup',
      categories: ['identity', 'contact', 'transaction'],
      subjects: 120_000,
      records: 2_400_000,
      bytes: 3,
    },
    device: { name: 'Backup server BK-01', assetTag: 'IT-0042' },
    software: { name: 'restic', version: '0.17.3' },
    madeAt: '2026-11-20T22:00:00+08:00',
    madeBy: 'S-021',
    checkedBy: 'S-033',
    encryption: { algorithm: 'AES-256-GCM', keyRef: 'acs:kms:cn-shanghai:1234567890:key/key-shh65e2a' },
    responsible: [{ personId: 'S-033', role: 'custodian' }],
    permissions: [{ personId: 'S-050', access: 'read', scope: 'restore requests from the CRM team', procedure: 'ticket + DPO approval' }],
    manifest: manifestFor(id),
    ...overrides,
  };
}

export const cleanScanner: MalwareScanner = {
  name: 'clamav 1.4.2',
  scan: () => ({ clean: true, findings: [], signatures: 'daily-27450' }),
};

export function setup(start = '2026-11-21T09:00:00+08:00') {
  const { store, raw } = createMemoryStreamStoreHarness();
  const clock = createManualClock(start);
  const custody = createCustodyRegister({ store, zone: ZONE, clock, categories: CATEGORIES });
  return { store, raw, clock, custody };
}
