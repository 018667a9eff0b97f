// Hashing a backup directory: `manifestFromDirectory` (node:crypto, streamed, links refused)
// against the system's `sha256sum` over the same files, in the same run, page cache warm for
// both. Then memory: peak RSS of a fresh process hashing one 16 MiB file vs one large file, to
// show memory does not grow with file size.
//
// Three sizes (issue 17): 500, 1000 and 2000 small files with 3 large files of 32, 64 and 128 MiB,
// times BENCH_SCALE; one `BENCH_RESULT` row per comparison and size (bench/lib.ts), the memory cell
// from a fresh process hashing that directory.
//
//   pnpm --filter @aisle/custody bench                # the three sizes
//   BIG_MIB=256 SMALL=5000 pnpm --filter @aisle/custody bench   # one size
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { record, sizes } from '../../../bench/lib';
import { manifestFromDirectory } from '../src/node/index';

const MiB = 1024 * 1024;

if (process.argv[2] === '--child') {
  // One hash of one directory in a fresh process: report peak RSS and heap.
  const before = process.memoryUsage();
  const manifest = await manifestFromDirectory(process.argv[3] as string, { mediumId: 'BENCH' });
  const after = process.memoryUsage();
  console.log(
    JSON.stringify({
      bytes: manifest.bytes,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      rssBeforeMiB: before.rss / MiB,
      heapDeltaMiB: (after.heapUsed - before.heapUsed) / MiB,
      externalDeltaMiB: (after.external + after.arrayBuffers - before.external - before.arrayBuffers) / MiB,
    }),
  );
  process.exit(0);
}

const BIG = Number(process.env.BIG ?? 3);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const single = process.env.SMALL !== undefined || process.env.BIG_MIB !== undefined;
const SMALLS = single ? [Number(process.env.SMALL ?? 2000)] : sizes([500, 1000, 2000]);
const BIG_MIBS = single ? [Number(process.env.BIG_MIB ?? 128)] : sizes([32, 64, 128]);

/** Deterministic bytes (xorshift32): content is irrelevant to SHA-256's speed, but not compressible or zero. */
function fill(buffer: Uint8Array, seed: number): void {
  let x = seed | 1;
  for (let i = 0; i < buffer.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buffer[i] = x;
    buffer[i + 1] = x >>> 8;
    buffer[i + 2] = x >>> 16;
    buffer[i + 3] = x >>> 24;
  }
}

function writeFile(path: string, size: number, chunk: Uint8Array, seed: number): void {
  const fd = openSync(path, 'w');
  let left = size;
  let n = 0;
  while (left > 0) {
    chunk[0] = seed + n++; // every MiB differs
    const len = Math.min(left, chunk.length);
    writeSync(fd, chunk, 0, len);
    left -= len;
  }
  closeSync(fd);
}

async function bench(SMALL: number, BIG_MIB: number, last: boolean): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'custody-bench-'));
  const dir = join(root, 'backup');
  const chunk = new Uint8Array(MiB);
  fill(chunk, 0x9e3779b9);
  let totalBytes = 0;
  for (let i = 0; i < SMALL; i++) {
    const sub = join(dir, `members-${String(i % 20).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    const size = 512 + ((i * 7919) % (64 * 1024)); // 0.5 – 64 KiB
    writeFile(join(sub, `part-${i}.csv`), size, chunk, i);
    totalBytes += size;
  }
  mkdirSync(join(dir, 'images'), { recursive: true });
  for (let i = 0; i < BIG; i++) {
    writeFile(join(dir, 'images', `crm-${i}.img`), BIG_MIB * MiB, chunk, 1000 + i);
    totalBytes += BIG_MIB * MiB;
  }

  function sha256sum(): number {
    const started = performance.now();
    // The same files, one process, the way an operator would run it.
    execFileSync('sh', ['-c', 'find . -type f -print0 | xargs -0 sha256sum > /dev/null'], { cwd: dir, maxBuffer: 1 << 30 });
    return performance.now() - started;
  }

  async function ours(concurrency: number): Promise<number> {
    const started = performance.now();
    const manifest = await manifestFromDirectory(dir, { mediumId: 'BENCH', concurrency });
    if (manifest.bytes !== totalBytes) throw new Error(`hashed ${manifest.bytes} bytes, expected ${totalBytes}`);
    return performance.now() - started;
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const mbps = (ms: number) => totalBytes / MiB / (ms / 1000);

  try {
    console.log(`custody bench: ${SMALL} small files (0.5-64 KiB) + ${BIG} x ${BIG_MIB} MiB = ${(totalBytes / MiB).toFixed(0)} MiB`);
    console.log(`node ${process.version}; sha256sum: ${execFileSync('sha256sum', ['--version'], { encoding: 'utf8' }).split('\n')[0]}`);
    sha256sum(); // warm the page cache for everyone
    const base: number[] = [];
    const one: number[] = [];
    const four: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      base.push(sha256sum());
      one.push(await ours(1));
      four.push(await ours(4));
    }
    const b = median(base);
    // Memory: a fresh process hashing this whole directory.
    const self = fileURLToPath(import.meta.url);
    const whole = spawnSync(process.execPath, [...process.execArgv, self, '--child', dir], { encoding: 'utf8' });
    if (whole.status !== 0) throw new Error(whole.stderr);
    const wm = JSON.parse(whole.stdout.trim().split('\n').pop() as string);
    const memory = `peak RSS ${wm.maxRssMiB.toFixed(1)} MiB (${wm.rssBeforeMiB.toFixed(1)} at start), heap Δ ${wm.heapDeltaMiB.toFixed(2)} MiB, buffers Δ ${wm.externalDeltaMiB.toFixed(2)} MiB (fresh process, whole directory)`;
    for (const [name, ms] of [
      ['sha256sum (find | xargs)', b],
      ['manifestFromDirectory, concurrency 1', median(one)],
      ['manifestFromDirectory, concurrency 4', median(four)],
    ] as const) {
      console.log(
        `${name.padEnd(40)} ${ms.toFixed(0).padStart(7)} ms  ${mbps(ms).toFixed(0).padStart(6)} MiB/s  ${(b / ms).toFixed(2)}x sha256sum`,
      );
      if (ms === b) continue;
      record({
        bench: 'custody/hash a backup directory',
        subject: name,
        baseline: 'sha256sum over the same files (find | xargs), page cache warm',
        ratio: b / ms,
        size: totalBytes,
        rate: `${mbps(ms).toFixed(0)} MiB/s (${SMALL} small files + ${BIG} × ${BIG_MIB} MiB)`,
        memory,
      });
    }
    console.log(`memory, whole directory: ${memory}`);
    if (!last) return;

    // Memory: fresh processes hashing one small and one large file; peak RSS should not follow size.
    for (const mib of [16, BIG_MIB * 2]) {
      const one = join(root, `one-${mib}`);
      mkdirSync(one);
      writeFile(join(one, 'file.img'), mib * MiB, chunk, mib);
      const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', one], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(child.stderr);
      const m = JSON.parse(child.stdout.trim().split('\n').pop() as string);
      console.log(
        `memory, one ${String(mib).padStart(4)} MiB file: peak RSS ${m.maxRssMiB.toFixed(1)} MiB (RSS at start ${m.rssBeforeMiB.toFixed(1)} MiB), heap delta ${m.heapDeltaMiB.toFixed(2)} MiB, buffers delta ${m.externalDeltaMiB.toFixed(2)} MiB`,
      );
      rmSync(one, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

for (const [i, small] of SMALLS.entries()) await bench(small, BIG_MIBS[i] as number, i === SMALLS.length - 1);
