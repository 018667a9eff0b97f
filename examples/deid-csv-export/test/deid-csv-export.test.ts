import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runExport } from '../src/export';

const input = fileURLToPath(new URL('../data/members.csv', import.meta.url));
const key = new Uint8Array(32).fill(9);
const vault = { getKey: (id: string) => (id === 'vendor-2026' ? new Uint8Array(64).fill(4) : undefined) };

describe('deid-csv-export', () => {
  it('shares no direct identifiers and drops unnamed columns', async () => {
    const result = await runExport({ input, key, vault, quiet: true });
    const original = readFileSync(input, 'utf8');
    const header = result.csv.split('\n')[0];
    expect(header).toBe('member_id,phone,wechat_openid,name,birth_date,address,spend_fen,note');
    for (const line of original.split('\n').slice(1).filter(Boolean)) {
      const [memberId, name, phone, residentId, , address] = line.split(',');
      for (const secret of [memberId, phone, residentId, address, name]) expect(result.csv).not.toContain(secret);
    }
    expect(result.csv).not.toMatch(/1[3-9]\d{9}/);
    expect(result.csv).toContain('[MOBILE]');
    expect(result.stats.records).toBe(24);
    expect(result.stats.fields.resident_id).toEqual({ drop: 24 });
    expect(result.badIds).toBe(1);
    expect(result.risk.kept.length + result.risk.suppressed).toBe(24);
    const rows = result.csv.trim().split('\n').slice(1);
    expect(rows).toHaveLength(result.risk.kept.length);
    expect(rows[0]).toMatch(/^tk_vendor-2026_[\w-]+,p1_[\w-]{22},p1_[\w-]{22},/);
    expect(result.memberId).toMatch(/^M100\d\d$/);
    expect(result.audit).toMatchObject([{ actor: 'service-desk S-014', reason: 'vendor ticket DLV-88', outcome: 'ok' }]);
  });

  it('is deterministic per key and unlinkable across keys', async () => {
    const a = await runExport({ input, key, vault, quiet: true });
    const b = await runExport({ input, key, vault, quiet: true });
    const c = await runExport({ input, key: new Uint8Array(32).fill(10), vault, quiet: true });
    expect(b.csv).toBe(a.csv);
    expect(c.csv.split('\n')[1]?.split(',')[1]).not.toBe(a.csv.split('\n')[1]?.split(',')[1]);
  });

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('De-identified 24 member rows');
    expect(out).toMatch(/k-anonymity over \(birth year, district\)/);
    expect(out).toMatch(/resolved to member M100\d\d; audit: service-desk S-014 \(vendor ticket DLV-88\): ok/);
  });
});
