import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runMallIdentity } from '../src/story';

describe('mall-identity', () => {
  it('links, splits on withdrawal, deletes trajectories, and counts Wi-Fi without a device in the output', async () => {
    const result = await runMallIdentity({ quiet: true });
    expect(result.lines).toContain("A bind sent from the mini-program's JavaScript: IDENTITY_UNTRUSTED_CALLER");
    expect(result.lines).toContain('Profile now 4 identifiers');
    expect(result.lines).toContain('Profile 6 identifiers; marketing view 4 (with the plate), loyalty view 4 (with the card)');
    expect(result.lines).toContain(
      'Links removed: 1; parts split off: 1 (plate + parking account, 2 identifiers, new id from the old: true); member keeps its id: true; profile now 4 identifiers',
    );
    expect(result.lines).toContain('Trajectory (consented, from mini-program check-ins): atrium → food-court → cinema');
    expect(result.withdrawn.removed).toHaveLength(1);
    expect(result.withdrawn.split).toHaveLength(1);
    expect(result.deleted).toBe(3);
    expect(result.lines).toContain('Trajectory points deleted: 3; left: 0');
    expect(result.leaked).toBe(false);
    expect(result.lines.at(-1)).toBe('Device addresses in the published output: none');
    // 12 hours × 3 zones, minus the cinema's empty first hour.
    expect(result.counts).toHaveLength(35);
    const cinema10 = result.published.find((w) => w.start === Date.parse('2026-11-21T10:00:00+08:00'));
    expect(cinema10?.zones.find((z) => z.zone === 'food-court')?.presence).toBeNull();
    for (const z of result.report.zones) expect(z.ratio).toBeGreaterThan(1);
  });

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('## 5. A day of Wi-Fi counts beside camera counts');
    expect(out).toContain('Device addresses in the published output: none');
  });
});
