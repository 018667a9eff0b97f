// Size budgets: runs size-limit in every package that has a .size-limit.json (paths in it are
// relative to the package; budgets are min+gzip unless a row says otherwise).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packages, root, run } from './lib.mjs';

let failed = 0;
for (const p of packages()) {
  if (!existsSync(join(p.dir, '.size-limit.json'))) continue;
  try {
    run(join(root, 'node_modules', '.bin', 'size-limit'), [], { cwd: p.dir });
  } catch {
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
