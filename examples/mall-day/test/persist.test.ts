import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDemoStore } from '../src/persist';
import { runMallDay } from '../src/run';

// Starting PGlite takes seconds on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mall-day-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the demo persisted to embedded PGlite in a directory', () => {
  it('a second run verifies the first run’s streams against the checkpoint kept beside the database, then continues in the same store', async () => {
    const dir = temp();
    const first = await openDemoStore({ dir });
    expect(first.run).toBe(1);
    expect(first.previous).toBeUndefined();
    const day1 = await runMallDay({ quiet: true, store: first.store, run: 1 });
    expect(day1.verified).toBe(true);
    const kept1 = await first.finish();
    expect(kept1.sequence).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'))).toEqual({ runs: 1, checkpoint: kept1 });

    const second = await openDemoStore({ dir });
    expect(second.run).toBe(2);
    expect(second.previous).toMatchObject({ ok: true, problems: [], uncovered: [], streams: kept1.streamCount, entries: kept1.entryCount });
    const day2 = await runMallDay({ quiet: true, store: second.store, run: 2 });
    expect(day2.chapters.consent?.verified).toBe(true);
    expect(day2.lines.some((l) => l.includes('psn_c0ffee-r2'))).toBe(true);
    const kept2 = await second.finish();
    expect(kept2).toMatchObject({ sequence: 2, previous: kept1.hash });
    expect(kept2.streamCount).toBeGreaterThan(kept1.streamCount);

    // A row edited behind the demo's back between runs: the next run names it and refuses to go on.
    const raw = new PGlite(join(dir, 'pglite'));
    await raw.query(
      `UPDATE aisle_demo.entries SET body = replace(body, 'service-desk', 'kiosk') WHERE stream_id = 'consent:psn_c0ffee' AND seq = 0`,
    );
    await raw.close();
    const third = await openDemoStore({ dir });
    expect(third.previous?.ok).toBe(false);
    expect(third.previous?.problems).toContainEqual(expect.objectContaining({ kind: 'hash', streamId: 'consent:psn_c0ffee', seq: 0 }));
    await third.close();

    // reset starts from an empty directory.
    const fresh = await openDemoStore({ dir, reset: true });
    expect(fresh).toMatchObject({ run: 1, previous: undefined });
    await fresh.close();
  });

  it('a second demo on the same directory fails fast (the directory lock)', async () => {
    const dir = temp();
    const first = await openDemoStore({ dir });
    await expect(openDemoStore({ dir })).rejects.toMatchObject({ code: 'POSTGRES_DIRECTORY_LOCKED' });
    await first.close();
  });
});
