import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: de-identification chapter', () => {
  it('pseudonymises at intake, masks, scrubs, and releases a k-anonymous extract', async () => {
    const result = await runMallDay({ quiet: true });
    const deid = result.chapters.deid as Record<string, unknown>;
    expect(deid.pseudonym).toMatch(/^p1_[\w-]{22}$/);
    expect(deid.sameFromApp).toBe(true);
    expect(deid.receipt).toBe('138****8000');
    expect(deid.scrubbed).toBe('[NAME]女士留了新号 [MOBILE]，车牌[PLATE] 需要停车减免');
    // Intake runs after the consent chapter, whose SMS withdrawal arrives at 13:00.
    expect(deid.visitHour).toBe('2026-11-21T13');
    expect(deid.suppressed).toBe(1);
    expect(result.lines).toContain('## De-identification at intake');
    expect(result.lines.join('\n')).not.toContain('13912345678');
    expect(result.verified).toBe(true);
  });
});
