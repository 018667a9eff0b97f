import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Deterministic "file changes while it is hashed": the first read of `growing.log` appends to the
// file before it returns, as a writer racing the backup check would.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    // `vanishing.csv` is deleted right after it is listed, before it is opened.
    lstat: async (path: string, options?: { bigint?: boolean }) => {
      if (String(path).endsWith('vanishing.csv') && options?.bigint) await actual.rm(path, { force: true });
      return actual.lstat(path, options as never);
    },
    open: async (path: string, flags: number) => {
      const handle = await actual.open(path, flags);
      if (!String(path).endsWith('growing.log')) return handle;
      const read = handle.read.bind(handle);
      let first = true;
      return Object.assign(handle, {
        read: (...args: Parameters<typeof handle.read>) => {
          if (first) appendFileSync(path, 'one more line\n');
          first = false;
          return read(...args);
        },
      });
    },
  };
});

const { manifestFromDirectory, verifyDirectory } = await import('../src/node/index');
const dir = mkdtempSync(join(tmpdir(), 'custody-change-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files changing while they are hashed', () => {
  it('manifestFromDirectory and verifyDirectory throw CUSTODY_FILE_CHANGED naming the file', async () => {
    writeFileSync(join(dir, 'stable.csv'), 'a,b\n');
    writeFileSync(join(dir, 'other.csv'), 'c,d\n');
    const manifest = await manifestFromDirectory(dir, { mediumId: 'HDD-0001' });
    writeFileSync(join(dir, 'growing.log'), 'first line\n');
    await expect(manifestFromDirectory(dir, { mediumId: 'HDD-0001' })).rejects.toMatchObject({
      code: 'CUSTODY_FILE_CHANGED',
      details: { path: 'growing.log' },
    });
    await expect(verifyDirectory(dir, manifest)).rejects.toMatchObject({ code: 'CUSTODY_FILE_CHANGED' });
  });

  it('a file deleted between listing and hashing is CUSTODY_FILE_CHANGED (deleted)', async () => {
    rmSync(join(dir, 'growing.log'));
    writeFileSync(join(dir, 'vanishing.csv'), 'gone soon\n');
    await expect(manifestFromDirectory(dir, { mediumId: 'HDD-0001' })).rejects.toMatchObject({
      code: 'CUSTODY_FILE_CHANGED',
      details: { path: 'vanishing.csv' },
      message: expect.stringContaining('deleted'),
    });
  });
});
