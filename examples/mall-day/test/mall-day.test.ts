import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day', () => {
  it('opens on the Shanghai business date and verifies the day log', async () => {
    const result = await runMallDay({ quiet: true });
    expect(result.businessDate).toBe('2026-11-21');
    expect(result.verified).toBe(true);
    expect(result.tamperDetected).toBe(true);
    expect(result.anchor.length).toBeGreaterThanOrEqual(3);
    expect(result.lines).toContain('Tampered copy rejected at entry 1: hash');
    expect(result.lines[1]).toBe('Local time 09:30 (UTC+8), business date 2026-11-21, ISO weekday 6');
  });

  it('runs as a program (pnpm demo) and exits 0, persisting to the directory AISLE_DEMO_DATA names', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const data = mkdtempSync(join(tmpdir(), 'mall-day-demo-'));
    try {
      const out = execFileSync('pnpm', ['run', '--silent', 'start'], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, AISLE_DEMO_DATA: data },
      });
      expect(out).toContain(`Data: ${data} (embedded PGlite; run 1, a fresh store)`);
      expect(out).toContain('## Closing');
      expect(out).toMatch(/verified: yes/);
      expect(out).toMatch(/Checkpoint #1 over \d+ streams/);
      expect(existsSync(join(data, 'checkpoint.json'))).toBe(true);
      // The HTML day report, written beside the data by default.
      expect(out).toContain(`Day report: ${join(data, 'day-report.html')}`);
      expect(readFileSync(join(data, 'day-report.html'), 'utf8')).toContain('<h2 id="incident-h">Incident drill: the clocks</h2>');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});
