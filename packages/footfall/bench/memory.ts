// Memory while 1,000,000 tracks come and go: 2,000 people in view at a time, each for 50 frames
// at 25 fps. Heap is measured after a full GC; it should stay flat.
// Run: node --expose-gc --conditions=@aisle/source --import tsx bench/memory.ts
import { createFootfallAggregator, createLineCounter, type Detection } from '../src/index';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('Run with node --expose-gc');

const TOTAL_TRACKS = 1_000_000;
const CONCURRENT = 2_000;
const LIFETIME = 50;
const FRAMES = (TOTAL_TRACKS / CONCURRENT) * LIFETIME;
const t0 = Date.UTC(2026, 10, 21, 2);
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

function run(label: string, withAggregator: boolean, columns = false): void {
  console.log(`\n${label}`);
  const counter = createLineCounter({ start: { x: 0, y: 100 }, end: { x: 200, y: 100 }, trackTimeoutMs: 2_000 });
  // Allowed lateness 10 s: duplicate keys are held for at most ~70 s of event time.
  const agg = withAggregator ? createFootfallAggregator({ allowedLatenessMs: 10_000 }) : undefined;
  const detections: Detection[] = new Array(CONCURRENT);
  // The same people as struct-of-arrays columns, reused every frame (what a decoder would do).
  const cols = {
    trackId: new Int32Array(CONCURRENT),
    x: new Float32Array(CONCURRENT),
    y: new Float32Array(CONCURRENT),
    w: new Float32Array(CONCURRENT).fill(20),
    h: new Float32Array(CONCURRENT).fill(40),
  };
  const samples: number[] = [];
  let crossings = 0;
  const started = performance.now();
  for (let f = 0; f < FRAMES; f++) {
    for (let i = 0; i < CONCURRENT; i++) {
      // Person i's current track: a new id every LIFETIME frames (staggered), walking down across y = 100.
      const age = (f + i) % LIFETIME;
      const generation = Math.floor((f + i) / LIFETIME);
      if (columns) {
        cols.trackId[i] = generation * CONCURRENT + i;
        cols.x[i] = 10 + (i % 170);
        cols.y[i] = age * 3;
      } else detections[i] = { trackId: generation * CONCURRENT + i, box: { x: 10 + (i % 170), y: age * 3, w: 20, h: 40 } };
    }
    const at = t0 + f * 40;
    agg?.heartbeat('door', at);
    const found = columns
      ? counter.updateColumns({ source: 'door', frame: f + 1, at, ...cols })
      : counter.update({ type: 'frame', source: 'door', frame: f + 1, at, detections });
    for (const c of found) {
      agg?.add(c);
      crossings++;
    }
    if ((f + 1) % (FRAMES / 10) === 0) {
      gc?.();
      const heap = process.memoryUsage().heapUsed;
      samples.push(heap);
      const tracksSoFar = Math.round(((f + 1) / FRAMES) * TOTAL_TRACKS);
      console.log(
        `${tracksSoFar.toLocaleString('en').padStart(9)} tracks seen  active ${String(counter.activeTracks()).padStart(5)}  heap ${mb(heap)}`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const first = samples[0] as number;
  const last = samples[samples.length - 1] as number;
  const max = Math.max(...samples);
  console.log(
    `crossings ${crossings.toLocaleString('en')}, tracks evicted ${counter.quality().tracksEvicted?.toLocaleString('en')}, ${seconds.toFixed(1)} s`,
  );
  console.log(
    `heap after 100k tracks ${mb(first)}, after 1M ${mb(last)}, max ${mb(max)}: ${max - first < 8 * 1048576 ? 'flat' : 'GROWING'}`,
  );
}

run('line counter alone', false);
run('line counter + aggregator (5-minute buckets, dedup, coverage)', true);
run('typed-array frames (updateColumns) + aggregator', true, true);
