// Throughput of line counting plus hourly windowing, 2,000 concurrent tracks, one core,
// against a straightforward implementation measured in the same run.
// Run: pnpm --filter @aisle/footfall bench
import { buildHourlyReport, createFootfallAggregator, createLineCounter } from '../src/index';
import { createNaiveCounter } from './baseline';
import { makeFrames } from './workload';

const TRACKS = 2_000;
const FRAMES = 200;
const ROUNDS = 8;
const ZONE = 'Asia/Shanghai';
const line = { start: { x: 0, y: 100 }, end: { x: 200, y: 100 } };

const frames = makeFrames({ tracks: TRACKS, frames: FRAMES });
const detectionsPerRound = TRACKS * FRAMES;

function runFast(rounds: number) {
  const counter = createLineCounter({ ...line, id: 'north', minFrames: 2, trackTimeoutMs: 5_000 });
  const agg = createFootfallAggregator({ allowedLatenessMs: 60_000 });
  let crossings = 0;
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    const shift = r * FRAMES;
    for (const f of frames) {
      const frame = { ...f, frame: f.frame + shift, at: f.at + shift * 40 };
      agg.heartbeat(frame.source, frame.at);
      for (const c of counter.update(frame)) {
        agg.add(c);
        crossings++;
      }
    }
  }
  const ms = performance.now() - started;
  const report = buildHourlyReport(agg.snapshot(), { zone: ZONE, date: '2026-11-21', openingHours: { open: '10:00', close: '11:00' } });
  return { ms, crossings, hourly: (report.rows[0]?.entries ?? 0) + (report.rows[0]?.exits ?? 0) };
}

function runNaive(rounds: number) {
  const counter = createNaiveCounter({ ...line, minFrames: 2, zone: ZONE, timeoutMs: 5_000 });
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    const shift = r * FRAMES;
    for (const f of frames) counter.update({ ...f, frame: f.frame + shift, at: f.at + shift * 40 });
  }
  const ms = performance.now() - started;
  let hourly = 0;
  for (const b of counter.hourly().values()) hourly += b.in + b.out;
  return { ms, crossings: counter.total(), hourly };
}

// Warm up both, then measure alternately and keep the best of three.
runFast(1);
runNaive(1);
const fast: number[] = [];
const naive: number[] = [];
let check = { fast: 0, naive: 0 };
for (let i = 0; i < 3; i++) {
  const a = runFast(ROUNDS);
  const b = runNaive(ROUNDS);
  fast.push(a.ms);
  naive.push(b.ms);
  if (a.crossings !== b.crossings || a.hourly !== b.crossings) throw new Error(`Implementations disagree: ${JSON.stringify({ a, b })}`);
  check = { fast: a.crossings, naive: b.crossings };
}
const detections = detectionsPerRound * ROUNDS;
const best = (xs: number[]) => Math.min(...xs);
const rate = (ms: number) => detections / (ms / 1000);
console.log(`line counting + hourly windowing, ${TRACKS} concurrent tracks, ${detections.toLocaleString('en')} detections per run`);
console.log(`crossings per run: ${check.fast} (baseline agrees: ${check.naive})`);
console.log(`@aisle/footfall    ${(rate(best(fast)) / 1e6).toFixed(2)} M detections/s  (best of 3: ${best(fast).toFixed(0)} ms)`);
console.log(`straightforward    ${(rate(best(naive)) / 1e6).toFixed(2)} M detections/s  (best of 3: ${best(naive).toFixed(0)} ms)`);
console.log(`ratio              ${(best(naive) / best(fast)).toFixed(1)}x`);
console.log(`target ≥ 3M detections/s: ${rate(best(fast)) >= 3e6 ? 'met' : 'NOT met'}`);
