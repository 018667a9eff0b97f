import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_CATEGORIES } from '@aisle/consent';
import { createManualClock, createMemoryStreamStore, verifyStore } from '@aisle/core';
import {
  type CheckRecord,
  CustodyError,
  createCustodyRegister,
  historyMarkdown,
  type MalwareScanner,
  type RegisterMediumInput,
  registerCsv,
  registerMarkdown,
  scheduleMarkdown,
} from '@aisle/custody';
import { manifestFromDirectory, verifyDirectory } from '@aisle/custody/node';

const ZONE = 'Asia/Shanghai';

/** The CRM export a store backs up every night (synthetic people, fixed content). */
function writeExport(dir: string): void {
  mkdirSync(join(dir, 'orders'), { recursive: true });
  const members = ['member_id,name,mobile,tier'];
  for (let i = 1; i <= 200; i++)
    members.push(`M${String(i).padStart(6, '0')},会员${i},138${String(i).padStart(8, '0')},${i % 7 === 0 ? 'gold' : 'silver'}`);
  writeFileSync(join(dir, 'members.csv'), `${members.join('\n')}\n`);
  const orders = ['order_id,member_id,amount_fen,at'];
  for (let i = 1; i <= 500; i++)
    orders.push(`O${i},M${String((i % 200) + 1).padStart(6, '0')},${(i * 1373) % 50000},2026-11-${String((i % 20) + 1).padStart(2, '0')}`);
  writeFileSync(join(dir, 'orders', '2026-11.csv'), `${orders.join('\n')}\n`);
  writeFileSync(join(dir, 'README.txt'), 'Nightly CRM export, AES-256-GCM container, key in KMS.\n');
}

/**
 * A tiny scanner behind the port: it looks for the marker of the EICAR anti-malware test file
 * (the industry's harmless test string, published at https://www.eicar.org/download-anti-malware-testfile/)
 * in every file. A retailer plugs in ClamAV or its vendor's engine the same way.
 */
function markerScanner(dir: () => string): MalwareScanner {
  const marker = 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE';
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.isFile() ? [join(d, e.name)] : []));
  return {
    name: 'marker-scanner 1.0 (EICAR test marker)',
    scan: () => {
      const findings = walk(dir()).filter((file) => readFileSync(file, 'latin1').includes(marker));
      return { clean: findings.length === 0, findings };
    },
  };
}

function medium(
  id: string,
  overrides: Partial<RegisterMediumInput> & Pick<RegisterMediumInput, 'manifest' | 'madeAt'>,
): RegisterMediumInput {
  return {
    id,
    medium: {
      kind: 'hdd',
      brand: 'Seagate',
      model: 'Exos 7E10',
      serial: `ZL${id.replace(/\D/g, '')}A7`,
      capacityBytes: 8_000_000_000_000,
      purchasedOn: '2026-10-08',
    },
    contents: {
      scope: 'CRM members and orders, full export',
      categories: ['identity', 'contact', 'transaction'],
      subjects: 200,
      records: 700,
      bytes: overrides.manifest.bytes,
    },
    device: { name: 'Backup server BK-01', assetTag: 'IT-0042' },
    software: { name: 'restic', version: '0.17.3' },
    madeBy: 'S-021',
    checkedBy: 'S-033',
    encryption: { algorithm: 'AES-256-GCM', keyRef: 'acs:kms:cn-shanghai:1234567890:key/key-shh65e2a' },
    responsible: [
      { personId: 'S-033', role: 'custodian', name: 'Wang Fang' },
      { personId: 'S-007', role: 'security officer', name: 'Li Lei' },
    ],
    permissions: [{ personId: 'S-050', access: 'restore', scope: 'member records on request', procedure: 'ticket + DPO approval' }],
    location: 'Safe 2, IT room, Jing’an flagship',
    ...overrides,
  };
}

/** Runs the story; `say` prints. Returns what the test checks. */
export async function runStory(say: (line: string) => void = console.log) {
  const root = mkdtempSync(join(tmpdir(), 'backup-custody-'));
  try {
    const clock = createManualClock('2026-11-21T09:00:00+08:00');
    const store = createMemoryStreamStore();
    // Consent's vocabulary, passed in: custody does not import consent.
    const custody = createCustodyRegister({ store, zone: ZONE, clock, categories: Object.keys(DATA_CATEGORIES) });
    let scanned = '';
    const scanner = markerScanner(() => scanned);

    say('## 1. Register the nightly backup (2026-11-21)');
    const disk1 = join(root, 'HDD-0001');
    writeExport(disk1);
    const manifest1 = await manifestFromDirectory(disk1, { mediumId: 'HDD-0001' });
    const registered = await custody.register(medium('HDD-0001', { madeAt: '2026-11-20T23:30:00+08:00', manifest: manifest1 }));
    say(
      `HDD-0001: ${manifest1.fileCount} files, ${manifest1.bytes} bytes, root ${manifest1.root.slice(0, 16)}…; check due ${registered.checkDueAt}`,
    );
    try {
      await custody.register(medium('HDD-0009', { madeAt: '2026-11-20T23:30:00+08:00', manifest: manifest1, checkedBy: 'S-021' }));
    } catch (error) {
      if (!CustodyError.isInstance(error)) throw error;
      say(`Refused: ${error.code} (the checker must not be the maker)`);
    }

    say('## 2. Reads of the offline copy');
    await custody.recordAccess('HDD-0001', {
      by: 'S-050',
      purpose: 'Restore member M000042 after a phone change',
      approvedBy: 'S-007',
      approvalRef: 'DPO-2027-031',
      at: '2027-03-02T14:00:00+08:00',
    });
    const unapproved = await custody.recordAccess('HDD-0001', {
      by: 'S-050',
      purpose: 'Looked something up',
      at: '2027-06-18T19:20:00+08:00',
    });
    say(`Unapproved read flagged: ${unapproved.access.flags.join(', ')}`);

    say('## 3. Two years later: the check is overdue, and one byte has flipped');
    clock.set('2028-11-23T10:00:00+08:00');
    const overdue = await custody.overdue();
    say(`Overdue: ${overdue.map((d) => `${d.mediumId} (due ${d.dueDate}, ${d.daysOverdue} days)`).join('; ')}`);
    const bytes = readFileSync(join(disk1, 'members.csv'));
    bytes[1234] = (bytes[1234] as number) ^ 0x04; // bit rot: one bit of one byte
    writeFileSync(join(disk1, 'members.csv'), bytes);
    const report = await verifyDirectory(disk1, manifest1);
    say(`Integrity: ok=${report.ok}, changed ${report.changed.map((c) => c.path).join(', ')}, root moved: ${report.rootChanged}`);
    scanned = disk1;
    const { check } = await custody.recordCheck('HDD-0001', { by: 'S-033', readable: true, integrity: report, scanner });
    const tasks = await custody.openTasks();
    say(
      `Check ${check.checkId}: ${check.normal ? 'normal' : `abnormal (${check.problems.join(', ')})`}; open re-backup tasks: ${tasks.map((t) => `${t.mediumId}/${t.taskId}`).join(', ')}`,
    );

    say('## 4. Back up again, checked before intake');
    clock.set('2028-11-23T16:00:00+08:00');
    const careless = join(root, 'HDD-0002-from-damaged');
    writeExport(careless);
    writeFileSync(join(careless, 'members.csv'), bytes); // copied from the damaged disk
    try {
      await custody.migrate({
        from: 'HDD-0001',
        to: medium('HDD-0002', {
          madeAt: '2028-11-23T15:00:00+08:00',
          manifest: await manifestFromDirectory(careless, { mediumId: 'HDD-0002' }),
        }),
        oldManifest: manifest1,
        reason: 'abnormal-check',
        by: 'S-021',
      });
    } catch (error) {
      if (!CustodyError.isInstance(error)) throw error;
      say(`Refused at intake: ${error.code} (a copy of the damaged disk does not match the manifest)`);
    }
    const disk2 = join(root, 'HDD-0002');
    writeExport(disk2); // from the primary system, not from the damaged copy
    const manifest2 = await manifestFromDirectory(disk2, { mediumId: 'HDD-0002' });
    const rebackup = await custody.migrate({
      from: 'HDD-0001',
      to: medium('HDD-0002', {
        madeAt: '2028-11-23T15:30:00+08:00',
        manifest: manifest2,
        medium: {
          kind: 'hdd',
          brand: 'WD',
          model: 'Ultrastar HC560',
          serial: 'WD7K2M9Q',
          capacityBytes: 20_000_000_000_000,
          purchasedOn: '2028-11-01',
        },
      }),
      oldManifest: manifest1,
      reason: 'abnormal-check',
      by: 'S-021',
    });
    say(
      `HDD-0002 accepted (same root: ${manifest2.root === manifest1.root}); HDD-0001 ${rebackup.from.status}, task ${rebackup.from.tasks[0]?.status}`,
    );
    const retired1 = await custody.retire('HDD-0001', {
      by: 'S-033',
      method: 'destroyed',
      witness: 'S-007',
      notes: 'Shredded by the certified vendor, certificate C-2028-1187',
    });
    say(`HDD-0001 retired: ${retired1.retirement?.method} by ${retired1.retirement?.by}, witness ${retired1.retirement?.witness}`);

    say('## 5. Technology change: disk to LTO tape (2030)');
    clock.set('2030-06-10T10:00:00+08:00');
    const tape = join(root, 'TAPE-0003');
    writeExport(tape);
    const manifest3 = await manifestFromDirectory(tape, { mediumId: 'TAPE-0003' });
    await custody.migrate({
      from: 'HDD-0002',
      to: medium('TAPE-0003', {
        madeAt: '2030-06-10T09:00:00+08:00',
        manifest: manifest3,
        medium: {
          kind: 'tape',
          brand: 'IBM',
          model: 'LTO-9',
          serial: 'LT9A00317',
          capacityBytes: 18_000_000_000_000,
          purchasedOn: '2030-05-20',
        },
        software: { name: 'IBM Spectrum Archive', version: '2.4.6' },
      }),
      oldManifest: manifest2,
      reason: 'technology',
      by: 'S-021',
    });
    await custody.retire('HDD-0002', {
      by: 'S-033',
      method: 'wiped',
      witness: 'S-007',
      notes: 'Cryptographic erase, then 1-pass overwrite',
    });
    const tapeCheck: CheckRecord = (
      await custody.recordCheck('TAPE-0003', {
        by: 'S-007',
        readable: true,
        integrity: await verifyDirectory(tape, manifest3),
        scanner: markerScanner(() => tape),
      })
    ).check;
    say(
      `TAPE-0003 checked before shelving: ${tapeCheck.normal ? 'normal' : 'abnormal'}; next check ${(await custody.medium('TAPE-0003')).checkDueAt}`,
    );

    say('## 6. Reports');
    const media = await custody.media();
    const zh = registerMarkdown(media, { locale: 'zh-CN', zone: ZONE });
    say(zh.split('\n').slice(0, 1).join('\n'));
    for (const m of media) say(`- ${m.id}: ${m.status}${m.migratedTo ? ` → ${m.migratedTo.mediumId}` : ''}`);
    const history = historyMarkdown('HDD-0001', await custody.history('HDD-0001'), { locale: 'en', zone: ZONE });
    say(history);
    const csv = registerCsv(media);
    const schedule = scheduleMarkdown({ overdue: await custody.overdue(), tasks: await custody.openTasks() }, { locale: 'en', zone: ZONE });
    const verified = await verifyStore(store);
    say(`Store: ${verified.streams} streams, ${verified.entries} entries, chains verified: ${verified.ok ? 'yes' : 'NO'}`);
    return {
      manifest1,
      report,
      check,
      rebackup,
      media,
      csv,
      zh,
      history,
      schedule,
      verified: verified.ok,
      overdue,
      flags: unapproved.access.flags,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
