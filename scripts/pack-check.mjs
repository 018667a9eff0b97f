// Package correctness: publint --strict and attw --pack on every package (built first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packages, root, run } from './lib.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = 0;
for (const p of packages()) {
  if (!existsSync(join(p.dir, 'dist'))) {
    console.error(`pack:check: ${p.name} is not built; run \`pnpm build\` first`);
    failed++;
    continue;
  }
  try {
    console.log(`\n— publint --strict ${p.name}`);
    run(bin('publint'), ['--strict'], { cwd: p.dir });
    console.log(`— attw --pack ${p.name}`);
    run(bin('attw'), ['--pack', '.', '--format', 'table-flipped'], { cwd: p.dir });
  } catch {
    failed++;
    console.error(`pack:check: ${p.name} failed`);
  }
}
process.exit(failed === 0 ? 0 : 1);
