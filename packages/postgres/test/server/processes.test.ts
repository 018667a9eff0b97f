import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCheckpoint, verifyStore } from '@aisle/core';
import { build } from 'esbuild';
import { beforeAll, expect, it } from 'vitest';
import { createPostgresStreamStore, migrate } from '../../src/index';
import { crashOp } from './crash-op';
import { describeServer, eventually, freshSchema, pool, url } from './server';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;

const workerBundle = `${root}node_modules/.cache/aisle-postgres/crash-worker.mjs`;

type Exit = { code: number | null; signal: string | null; stdout: string; stderr: string };

function run(command: string, args: string[]): { child: ChildProcess; done: Promise<Exit> } {
  const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<Exit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

describeServer('several processes against one server (PostgreSQL server)', () => {
  const db = pool(10);

  beforeAll(async () => {
    mkdirSync(`${root}node_modules/.cache/aisle-postgres`, { recursive: true });
    await build({
      entryPoints: [`${root}test/server/crash-worker.ts`],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@aisle/source'],
      external: ['pg'],
      outfile: workerBundle,
      logLevel: 'error',
    });
  });

  it('4 processes migrating an empty schema at once through the CLI all succeed, each migration applied once, no password printed', async () => {
    const schema = freshSchema('mig');
    // Trust authentication ignores the password: it is there to prove it is never printed.
    const withPassword = (url as string).replace('postgres://postgres@', 'postgres://postgres:s3cr3t-pw@');
    const runs = Array.from(
      { length: 4 },
      () => run(tsx, ['--conditions=@aisle/source', 'src/node/bin.ts', 'migrate', '--url', withPassword, '--schema', schema]).done,
    );
    const results = await Promise.all(runs);
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).not.toContain('s3cr3t-pw');
      expect(r.stdout).toContain('postgres:***@');
    }
    expect(results.filter((r) => r.stdout.includes('applied 1, 2;')).length).toBe(1);
    expect(results.filter((r) => r.stdout.includes('up to date')).length).toBe(3);
    const { rows } = await db.query(
      `SELECT version, count(*)::int AS n FROM "${schema}".aisle_migrations GROUP BY version ORDER BY version`,
    );
    expect(rows).toEqual([
      { version: 1, n: 1 },
      { version: 2, n: 1 },
    ]);
  }, 60_000);

  it('workers killed with SIGKILL at random points (>= 100 kills): nothing partial, everything verifies, a retry applies each key once', async () => {
    const schema = freshSchema('crash');
    await migrate(db, { schema });
    const store = createPostgresStreamStore(db, { schema });
    const PER_WORKER = 6;
    let next = 0;
    let kills = 0;
    let finished = 0;
    const incarnation = async (): Promise<void> => {
      const from = next;
      next += PER_WORKER;
      const { child, done } = run(process.execPath, [workerBundle, schema, String(from), String(from + PER_WORKER)]);
      // Kill at a random moment after the worker connected: mid-statement, mid-transaction or between appends.
      await new Promise<void>((resolve) => {
        let seen = '';
        child.stdout?.on('data', (d) => {
          seen += d;
          if (seen.includes('ready')) resolve();
        });
        child.on('exit', () => resolve());
      });
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      child.kill('SIGKILL');
      const result = await done;
      if (result.signal === 'SIGKILL') kills += 1;
      else if (result.code === 0) finished += 1;
      else throw new Error(`worker failed: ${result.stderr}`);
    };
    const lanes = Array.from({ length: 4 }, async () => {
      while (kills < 100) await incarnation();
    });
    await Promise.all(lanes);
    const ops = next;
    console.info(`crash test: ${kills} workers killed with SIGKILL, ${finished} finished, ${ops} operations attempted`);
    expect(kills).toBeGreaterThanOrEqual(100);
    // A killed client's last COMMIT may still complete on the server: wait until its backends are gone.
    await eventually(async () => {
      const { rows } = await db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'aisle-crash-worker'");
      return rows[0].n === 0;
    }, 'the killed workers’ backends to end');

    // Nothing partial: every operation is all three entries, its key and its counter move, or nothing.
    const { rows } = await db.query(`SELECT split_part(entry_id, '-', 1) AS op, count(*)::int AS n FROM "${schema}".entries GROUP BY 1`);
    for (const row of rows) expect(row.n).toBe(3);
    const applied = rows.length;
    const keys = await db.query(`SELECT count(*)::int AS n FROM "${schema}".idempotency`);
    expect(keys.rows[0].n).toBe(applied);
    expect((await store.counters(['applied'])).get('applied')).toBe(applied);
    const kept = await createCheckpoint(store);
    expect((await verifyStore(store, { checkpoint: kept })).ok).toBe(true);

    // Retry every operation with its key: those applied come back as duplicates, the rest apply once.
    let duplicates = 0;
    for (let op = 0; op < ops; op++) {
      const { streamId, entries, options } = crashOp(op);
      const result = await store.append(streamId, entries, options);
      if (result.duplicate) duplicates += 1;
      expect(result.entries.map((e) => e.id)).toEqual(entries.map((e) => e.id));
    }
    expect(duplicates).toBe(applied);
    const again = await db.query(`SELECT count(*)::int AS n, count(DISTINCT entry_id)::int AS d FROM "${schema}".entries`);
    expect(again.rows[0]).toEqual({ n: ops * 3, d: ops * 3 });
    expect((await store.counters(['applied'])).get('applied')).toBe(ops);
    const verification = await verifyStore(store, { checkpoint: kept });
    expect(verification.ok).toBe(true);
    expect(verification.problems).toEqual([]);
  }, 150_000);
});
