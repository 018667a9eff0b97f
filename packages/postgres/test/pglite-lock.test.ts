import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStreamStore, migrate, openPglite, PostgresErrorCode } from '../src/index';
import { lockDirectory } from '../src/node/pglite';

// Starting PGlite takes seconds on a busy 2-core machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const base = mkdtempSync(join(tmpdir(), 'aisle-pglite-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('openPglite', () => {
  it('persists to a directory: a second open after close continues the data', async () => {
    const dir = join(base, 'persist');
    const first = await openPglite(dir);
    await migrate(first.db);
    await createPostgresStreamStore(first.db).append('s', [{ id: 'e', type: 't', data: { n: 1 } }], { expectedVersion: 'no_stream' });
    await first.close();
    const second = await openPglite(dir);
    expect((await createPostgresStreamStore(second.db).read('s')).entries.map((e) => e.data)).toEqual([{ n: 1 }]);
    await second.close();
  });

  it('refuses a second opener of the same directory in this process, and frees the directory on close', async () => {
    const dir = join(base, 'twice');
    const first = await openPglite(dir);
    const error = await openPglite(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: PostgresErrorCode.DIRECTORY_LOCKED, details: { pid: process.pid } });
    expect((error as Error).message).toContain('this process');
    await first.close();
    const again = await openPglite(dir);
    await again.close();
  });

  it('refuses a directory held by another live process, naming its pid', () => {
    const dir = mkdtempSync(join(base, 'other-'));
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(join(dir, 'aisle-postgres.lock'), JSON.stringify({ pid: child.pid, host: hostname() }));
      expect(() => lockDirectory(dir)).toThrow(
        expect.objectContaining({ code: PostgresErrorCode.DIRECTORY_LOCKED, details: expect.objectContaining({ pid: child.pid }) }),
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses a lock it cannot read, and one held on another host (whose pid it cannot check)', () => {
    const dir = mkdtempSync(join(base, 'foreign-'));
    writeFileSync(join(dir, 'aisle-postgres.lock'), 'garbage');
    expect(() => lockDirectory(dir)).toThrow(expect.objectContaining({ code: PostgresErrorCode.DIRECTORY_LOCKED }));
    writeFileSync(join(dir, 'aisle-postgres.lock'), JSON.stringify({ pid: 1, host: `not-${hostname()}` }));
    expect(() => lockDirectory(dir)).toThrow(expect.objectContaining({ code: PostgresErrorCode.DIRECTORY_LOCKED }));
  });

  it('takes over a lock left by a process that is gone, and releases only its own lock', () => {
    const dir = mkdtempSync(join(base, 'stale-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'aisle-postgres.lock'), JSON.stringify({ pid: Number(dead.stdout.toString()), host: hostname() }));
    const release = lockDirectory(dir);
    expect(JSON.parse(readFileSync(join(dir, 'aisle-postgres.lock'), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(join(dir, 'aisle-postgres.lock'))).toBe(false);
    const again = lockDirectory(dir);
    writeFileSync(join(dir, 'aisle-postgres.lock'), JSON.stringify({ pid: 12345, host: 'someone-else' }));
    again(); // not ours any more: left alone
    expect(existsSync(join(dir, 'aisle-postgres.lock'))).toBe(true);
  });

  it('fails fast when another process opened the directory through openPglite', async () => {
    const dir = join(base, 'cross');
    const script = `
      const { openPglite } = await import(${JSON.stringify(new URL('../src/node/pglite.ts', import.meta.url).pathname)});
      const h = await openPglite(${JSON.stringify(dir)});
      process.stdout.write('open\\n');
      setTimeout(async () => { await h.close(); }, 20000);
    `;
    const tsx = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;
    const child = spawn(tsx, ['--conditions=@aisle/source', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d) => String(d).includes('open') && resolve());
        child.on('exit', () => reject(new Error('child exited early')));
      });
      const started = Date.now();
      // (tsx runs the script in a child of its own, so the holder's pid is not child.pid.)
      const error = await openPglite(dir).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: PostgresErrorCode.DIRECTORY_LOCKED });
      expect((error as { details: { pid: number } }).details.pid).not.toBe(process.pid);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('opens an in-memory database without a directory', async () => {
    const memory = await openPglite();
    expect(memory.dataDir).toBeUndefined();
    await migrate(memory.db);
    await memory.close();
  });
});
