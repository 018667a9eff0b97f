/** Shared timing helper for the benchmarks: best of `rounds` runs, after a warm-up. */
export function measure(label: string, ops: number, run: () => void, rounds = 5): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  const perSecond = ops / (best / 1000);
  console.log(`${label.padEnd(58)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ops/s`);
  return perSecond;
}
