import { execFileSync } from 'node:child_process';
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

  it('runs as a program (pnpm demo) and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('## Closing');
    expect(out).toMatch(/verified: yes/);
  });
});
