import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runKiosk } from '../src/kiosk';

describe('consent-kiosk', () => {
  it('signs up an adult and a 12-year-old with his mother', async () => {
    const result = await runKiosk({ quiet: true });
    expect(result.draftViolations).toBe(3);
    expect(result.child).toEqual({ alone: 'needs-guardian', withMother: true });
    expect(result.lines).toContain('Live form violations: 0');
    expect(result.lines).toContain('Adult face.check-in: allowed (given)');
    expect(result.lines).toContain('Adult membership: allowed (not-required)');
    expect(result.lines).toContain('Ask again: yes, separately: true, guardian: true');
    expect(result.lines).toContain('Email token presented by SMS: CONSENT_TOKEN_WRONG_CHANNEL');
    expect(result.lines).toContain('Adult replied "TD": marketing.sms denied (withdrawn)');
    expect(result.lines).toContain('Erasure: psn_7f3c marketing.sms -> delete preferences (kept: contact)');
    expect(result.lines.at(-1)).toBe('Consent log: 5 events in 2 subject streams, verified: yes');
  });

  it('runs as a program and exits 0', () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const out = execFileSync('pnpm', ['run', '--silent', 'start'], { cwd, encoding: 'utf8' });
    expect(out).toContain('## Kiosk sign-up');
    expect(out).toContain('verified: yes');
  });
});
