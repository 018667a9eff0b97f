// `pnpm fuzz [vitest args]`: runs every `test/**/*.fuzz.test.ts` with a random seed (or
// AISLE_FUZZ_SEED), for up to AISLE_FUZZ_SECONDS per target (default 30), and saves every failing
// input into the package's committed corpus (`test/fuzz-corpus/`), which `pnpm test` replays.
// Examples: `pnpm fuzz`, `pnpm fuzz --project segments`, `AISLE_FUZZ_SECONDS=300 pnpm fuzz`.
import { spawnSync } from 'node:child_process';
import { root } from './lib.mjs';

const env = { ...process.env, AISLE_FUZZ: '1', AISLE_FUZZ_SECONDS: process.env.AISLE_FUZZ_SECONDS ?? '30' };
console.log(`fuzzing ${env.AISLE_FUZZ_SECONDS}s per target, seed ${env.AISLE_FUZZ_SEED ?? 'random (printed on failure)'}`);
const args = ['exec', 'vitest', 'run', '--reporter=default', ...process.argv.slice(2), '.fuzz.test.ts'];
const r = spawnSync('pnpm', args, { cwd: root, stdio: 'inherit', env });
if (r.status !== 0)
  console.error('\nfailing inputs were saved under packages/*/test/fuzz-corpus/: fix the bug, keep the file, commit both.');
process.exit(r.status ?? 1);
