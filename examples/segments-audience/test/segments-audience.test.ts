import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runExample } from '../src/run';

describe('segments-audience example', () => {
  it('gets identical answers from the engines and exports only consented members', () => {
    const r = runExample({ members: 5000, quiet: true });
    expect(r.same).toBe(true);
    expect(r.count).toBeGreaterThan(20);
    const csv = readFileSync(r.file, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('member_id,tier,lifecycle,rfm');
    const ids = csv.slice(1).map((row) => row.split(',')[0] as string);
    expect(ids.length).toBe(r.audience.members.length);
    expect(ids.every((id) => r.consented.has(id))).toBe(true);
    expect(r.audience.excludedNoConsent).toBeGreaterThan(0);
    expect(r.lines.some((l) => l.startsWith('Warehouse SQL') && !l.includes("'baby'"))).toBe(true);
  });

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toMatch(/identical: yes/);
    expect(out).toMatch(/Exported \d+ consented members/);
  });
});
