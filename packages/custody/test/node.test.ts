import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createManifest, manifestHash, manifestJson } from '../src/index';
import { manifestFromDirectory, verifyDirectory } from '../src/node/index';

const dirs: string[] = [];
function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'custody-test-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const backup = { 'members.csv': 'id,phone\n1,13800138000\n', 'orders/2026-11.csv': 'order,amount_fen\nA1,12900\n', 'orders/empty.bin': '' };

describe('@aisle/custody/node', () => {
  it('node:crypto and the isomorphic noble path give the same manifest, and it agrees with sha256sum', async () => {
    const dir = tempDir(backup);
    const fromDisk = await manifestFromDirectory(dir, { mediumId: 'HDD-0001' });
    const iso = await createManifest({
      mediumId: 'HDD-0001',
      files: Object.entries(backup).map(([path, text]) => ({ path, chunks: [new TextEncoder().encode(text)] })),
    });
    expect(manifestJson(fromDisk)).toBe(manifestJson(iso));
    const sums = execFileSync('sha256sum', ['members.csv', 'orders/2026-11.csv'], { cwd: dir, encoding: 'utf8' });
    for (const line of sums.trim().split('\n')) {
      const [digest, path] = line.split(/\s+\*?/);
      expect(fromDisk.files.find((f) => f.path === path)?.sha256).toBe(digest);
    }
  });

  it('verifyDirectory: ok for an untouched copy; one flipped byte, a missing and an extra file are reported', async () => {
    const dir = tempDir(backup);
    const manifest = await manifestFromDirectory(dir, { mediumId: 'HDD-0001', bufferSize: 65536, concurrency: 1 });
    const clean = await verifyDirectory(dir, manifestJson(manifest)); // the stored text works as well
    expect(clean).toMatchObject({ ok: true, rootChanged: false, mediumId: 'HDD-0001', manifestHash: manifestHash(manifest) });

    const bytes = readFileSync(join(dir, 'members.csv'));
    bytes[5] = (bytes[5] as number) ^ 0x01;
    writeFileSync(join(dir, 'members.csv'), bytes);
    rmSync(join(dir, 'orders/empty.bin'));
    writeFileSync(join(dir, 'orders/new.csv'), 'x');
    const report = await verifyDirectory(dir, manifest);
    expect(report).toMatchObject({ ok: false, rootChanged: true, missing: ['orders/empty.bin'], extra: ['orders/new.csv'] });
    expect(report.changed.map((c) => c.path)).toEqual(['members.csv']);
  });

  it('symbolic links are never followed: manifestFromDirectory refuses them, verifyDirectory reports them', async () => {
    const outside = tempDir({ 'secret.txt': 'not part of the backup' });
    const dir = tempDir(backup);
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    await expect(manifestFromDirectory(dir, { mediumId: 'HDD-0001' })).rejects.toMatchObject({
      code: 'CUSTODY_SYMLINK',
      details: { paths: ['link.txt'] },
    });
    rmSync(join(dir, 'link.txt'));
    const manifest = await manifestFromDirectory(dir, { mediumId: 'HDD-0001' });
    symlinkSync(outside, join(dir, 'orders', 'linked-dir'));
    const report = await verifyDirectory(dir, manifest);
    expect(report).toMatchObject({ ok: false, symlinks: ['orders/linked-dir'], extra: [], missing: [], changed: [] });
    const linkedRoot = join(tempDir(), 'root-link');
    symlinkSync(dir, linkedRoot);
    await expect(verifyDirectory(linkedRoot, manifest)).rejects.toMatchObject({ code: 'CUSTODY_SYMLINK' });
  });

  it('FIFOs are refused and reported, never opened', async () => {
    const dir = tempDir(backup);
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    await expect(manifestFromDirectory(dir, { mediumId: 'HDD-0001' })).rejects.toMatchObject({ code: 'CUSTODY_SPECIAL_FILE' });
    const manifest = await createManifest({
      mediumId: 'HDD-0001',
      files: Object.entries(backup).map(([path, text]) => ({ path, chunks: [new TextEncoder().encode(text)] })),
    });
    expect(await verifyDirectory(dir, manifest)).toMatchObject({ ok: false, specialFiles: ['pipe'] });
  });

  it('a manifest with a ../ path is refused before any file is opened', async () => {
    const dir = tempDir(backup);
    const manifest = await manifestFromDirectory(dir, { mediumId: 'HDD-0001' });
    const evil = { ...manifest, files: [{ path: '../outside.txt', size: 1, sha256: '0'.repeat(64) }, ...manifest.files] };
    await expect(verifyDirectory(dir, evil)).rejects.toMatchObject({ code: 'CUSTODY_PATH_ESCAPE' });
  });

  it('a missing directory or a file path is CUSTODY_READ_FAILED; bad options are RangeErrors', async () => {
    const dir = tempDir(backup);
    await expect(manifestFromDirectory(join(dir, 'nope'), { mediumId: 'HDD-0001' })).rejects.toMatchObject({ code: 'CUSTODY_READ_FAILED' });
    await expect(manifestFromDirectory(join(dir, 'members.csv'), { mediumId: 'HDD-0001' })).rejects.toMatchObject({
      code: 'CUSTODY_READ_FAILED',
    });
    await expect(manifestFromDirectory(dir, { mediumId: 'HDD-0001', concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(manifestFromDirectory(dir, { mediumId: 'HDD-0001', bufferSize: 10 })).rejects.toThrow(RangeError);
    await expect(manifestFromDirectory(dir, { mediumId: '../x' })).rejects.toMatchObject({ code: 'CUSTODY_INVALID_INPUT' });
  });

  it('files larger than the buffer hash the same as sha256sum (double-buffered reads at every boundary)', async () => {
    const big = new Uint8Array(65536 * 3 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
    const dir = tempDir({ 'big.bin': big, 'exact.bin': big.subarray(0, 65536 * 2) });
    const manifest = await manifestFromDirectory(dir, { mediumId: 'HDD-0001', bufferSize: 65536 });
    const sums = execFileSync('sha256sum', ['big.bin', 'exact.bin'], { cwd: dir, encoding: 'utf8' });
    expect(manifest.files.map((f) => f.sha256)).toEqual(
      sums
        .trim()
        .split('\n')
        .map((line) => line.slice(0, 64)),
    );
  });

  it('property: any single-byte change on disk is detected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ name: fc.stringMatching(/^[a-z]{1,6}$/), content: fc.uint8Array({ minLength: 1, maxLength: 300 }) }), {
          selector: (f) => f.name,
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (files, pick, at, xor) => {
          const dir = tempDir(Object.fromEntries(files.map((f) => [f.name, f.content])));
          const manifest = await manifestFromDirectory(dir, { mediumId: 'HDD-P' });
          expect((await verifyDirectory(dir, manifest)).ok).toBe(true);
          const target = files[pick % files.length] as (typeof files)[number];
          const bytes = target.content.slice();
          const index = at % bytes.length;
          bytes[index] = (bytes[index] as number) ^ xor;
          writeFileSync(join(dir, target.name), bytes);
          const report = await verifyDirectory(dir, manifest);
          expect(report.ok).toBe(false);
          expect(report.changed.map((c) => c.path)).toEqual([target.name]);
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 25 },
    );
  });
});
