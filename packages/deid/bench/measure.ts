/**
 * Shared timing helper: runs the contenders interleaved (A, B, A, B…) so load from other
 * processes hits both alike, and keeps each one's best round after a warm-up.
 */
export function compare(ops: number, contenders: Record<string, () => void>, rounds = 9): Record<string, number> {
  const entries = Object.entries(contenders);
  for (const [, run] of entries) run();
  const best = Object.fromEntries(entries.map(([label]) => [label, Number.POSITIVE_INFINITY]));
  for (let i = 0; i < rounds; i++) {
    for (const [label, run] of entries) {
      const start = performance.now();
      run();
      best[label] = Math.min(best[label] as number, performance.now() - start);
    }
  }
  const perSecond: Record<string, number> = {};
  for (const [label] of entries) {
    perSecond[label] = ops / ((best[label] as number) / 1000);
    console.log(
      `${label.padEnd(58)} ${Math.round(perSecond[label] as number)
        .toLocaleString('en-US')
        .padStart(12)} ops/s`,
    );
  }
  return perSecond;
}
