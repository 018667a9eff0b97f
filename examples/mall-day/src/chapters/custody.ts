import { DATA_CATEGORIES } from '@aisle/consent';
import { canonicalJson, localDate } from '@aisle/core';
import { createCustodyRegister, createManifest, type ManifestSource, verifyManifest } from '@aisle/custody';
import type { Chapter } from './index';

const enc = (text: string) => new TextEncoder().encode(text);

/**
 * Custody (the last chapter before closing): at 21:40 the night's backup of the member export and
 * the day log goes to an encrypted offline disk. The disk is registered (made by one person,
 * checked by another, key in the KMS), its manifest hashed in the browser-safe way (noble
 * SHA-256 over chunks), and its first check falls due two years on in the store's zone; the
 * chapter then shows that check, done on 22 November 2028, finding the copy intact.
 */
export const custodyChapter: Chapter = {
  name: 'custody',
  async run(day, log) {
    day.say('## Nightly backup (@aisle/custody)');
    const nightly = Date.parse('2026-11-21T21:40:00+08:00');
    if (day.clock.now().getTime() < nightly) day.clock.set(nightly);

    // What goes on the disk: the member export and the day's evidence log so far (as of now).
    const dayLog = canonicalJson(log.log.entries.map((e) => e.payload));
    const files = (): ManifestSource[] => [
      { path: `members/${log.businessDate}.csv`, chunks: [enc('member_id,mobile_token,tier\nM000042,p1_9f3c,gold\n')] },
      { path: 'evidence/day-log.json', chunks: [enc(dayLog)] },
    ];
    const mediumId = day.scoped('HDD-SH-0001');
    const manifest = await createManifest({ mediumId, files: files() });
    const custody = createCustodyRegister({
      store: day.store,
      zone: day.zone,
      clock: day.clock,
      categories: Object.keys(DATA_CATEGORIES),
    });
    const registered = await custody.register({
      id: mediumId,
      medium: {
        kind: 'hdd',
        brand: 'Seagate',
        model: 'Exos 7E10',
        serial: 'ZL2A3B4C',
        capacityBytes: 8_000_000_000_000,
        purchasedOn: '2026-10-08',
      },
      contents: {
        scope: `Member export and day log of ${day.storeId}`,
        categories: ['identity', 'contact', 'transaction'],
        subjects: 1,
        records: 1,
        bytes: manifest.bytes,
      },
      device: { name: 'Backup server BK-01' },
      software: { name: 'restic', version: '0.17.3' },
      madeAt: day.clock.now().toISOString(),
      madeBy: 'S-021',
      checkedBy: 'S-033',
      encryption: { algorithm: 'AES-256-GCM', keyRef: 'acs:kms:cn-shanghai:1234567890:key/key-shh65e2a' },
      responsible: [{ personId: 'S-033', role: 'custodian' }],
      permissions: [{ personId: 'S-014', access: 'restore', scope: 'member records on request', procedure: 'ticket + DPO approval' }],
      manifest,
    });
    log.record('custody.registered', `${mediumId}: ${manifest.fileCount} files, manifest root ${manifest.root.slice(0, 16)}…`);
    const dueDate = localDate(registered.checkDueAt as string, day.zone);
    day.say(
      `${mediumId} registered: ${manifest.fileCount} files, ${manifest.bytes} bytes, root ${manifest.root.slice(0, 16)}…; first check due ${dueDate}`,
    );

    // Two years on (an explicit instant: the day's own clock stays on 21 November 2026).
    const later = '2028-11-22T10:00:00+08:00';
    const overdue = await custody.overdue(later);
    const { check, state } = await custody.recordCheck(mediumId, {
      at: later,
      by: 'S-033',
      readable: true,
      integrity: verifyManifest(manifest, await createManifest({ mediumId, files: files() })),
      scanner: { name: 'clamav 1.4.2', scan: () => ({ clean: true, findings: [] }) },
    });
    const nextDue = localDate(state.checkDueAt as string, day.zone);
    day.say(
      `Check on ${localDate(later, day.zone)} (${overdue.length} overdue): ${check.normal ? 'normal' : 'abnormal'}; next due ${nextDue}`,
    );
    const verified = (await custody.history(mediumId)).length === state.version;
    return { mediumId, files: manifest.fileCount, dueDate, overdue: overdue.length, normal: check.normal, nextDue, verified };
  },
};
