import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runOnServer } from '../src/flow';

const url = process.env.AISLE_PG_URL;
// In CI the server must be there (scripts/with-postgres.sh starts it): fail, never skip.
if (url === undefined && process.env.CI !== undefined && process.env.CI !== '') {
  throw new Error('CI is set but AISLE_PG_URL is not: run this example’s test through scripts/with-postgres.sh');
}
if (url === undefined) console.warn('AISLE_PG_URL is not set: skipping the postgres-server example (run it with scripts/with-postgres.sh)');

const schema = `demo_${process.pid}_${Date.now().toString(36)}`;
const dir = mkdtempSync(join(tmpdir(), 'postgres-server-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (url === undefined) return;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

(url === undefined ? describe.skip : describe)('the mall day on a PostgreSQL server', () => {
  it('runs twice in one schema: the second run verifies the first against the kept checkpoint and continues', async () => {
    const first = await runOnServer({ url: url as string, schema, dir, quiet: true });
    expect(first).toMatchObject({ run: 1, previous: undefined, dayVerified: true, checkpoint: { sequence: 1 } });
    const second = await runOnServer({ url: url as string, schema, dir, quiet: true });
    expect(second).toMatchObject({
      run: 2,
      previous: { ok: true, streams: first.checkpoint.streamCount, entries: first.checkpoint.entryCount },
      dayVerified: true,
      checkpoint: { sequence: 2 },
    });
    expect(second.checkpoint.streamCount).toBeGreaterThan(first.checkpoint.streamCount);

    // A consent row edited on the server between runs: the next run refuses to continue.
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await pool.query(`UPDATE "${schema}".entries SET body = replace(body, 'service-desk', 'kiosk') WHERE stream_id = 'consent:psn_c0ffee'`);
    await pool.end();
    await expect(runOnServer({ url: url as string, schema, dir, quiet: true })).rejects.toThrow(/does not verify/);
  }, 120_000);
});
