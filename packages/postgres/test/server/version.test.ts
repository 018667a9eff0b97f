// Which server the suites ran on. CI runs them on Debian's PostgreSQL 15 and again on the oldest
// and newest supported majors (scripts/test-all.mjs sets AISLE_PG_EXPECT_MAJOR for those runs), so a
// run that silently fell back to another server fails here.
import { expect, it } from 'vitest';
import { toQueryable } from '../../src/index';
import { describeServer, pool } from './server';

describeServer('the PostgreSQL server under test', () => {
  it('is a supported major (13 or newer), and the one the run asked for', async () => {
    const db = toQueryable(pool(1));
    const { rows } = await db.query('SHOW server_version_num');
    const major = Math.floor(Number((rows[0] as { server_version_num: string }).server_version_num) / 10_000);
    expect(major).toBeGreaterThanOrEqual(13);
    const expected = process.env.AISLE_PG_EXPECT_MAJOR;
    if (expected !== undefined && expected !== '') expect(major).toBe(Number(expected));
  });
});
