import { describe, expect, it } from 'vitest';
import { runMallDay } from '../src/run';

describe('mall-day: segments chapter', () => {
  it('builds a consented evening audience and records it in the day log', async () => {
    const result = await runMallDay({ quiet: true });
    const segments = result.chapters.segments as Record<string, unknown>;
    expect(segments).toMatchObject({ explainedInSegment: false, stage: 'dormant', params: 7 });
    expect(segments.inSegment).toBeGreaterThan(0);
    expect((segments.audience as number) + (segments.holdout as number) + (segments.excludedNoConsent as number)).toBeLessThanOrEqual(
      segments.inSegment as number,
    );
    expect(segments.excludedNoConsent).toBeGreaterThan(0);
    expect(result.lines).toContain('## Segments — evening campaign');
    expect(result.verified).toBe(true);
  });
});
