// Every pending changeset must parse, name only workspace packages that are published, use a
// valid bump and say something: a broken front matter would otherwise be found only at release.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import parse from '@changesets/parse';
import { packages, root } from './lib.mjs';

const known = new Set(packages().map((p) => p.name));
const dir = join(root, '.changeset');
let failed = 0;
let count = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
  count++;
  try {
    const { releases, summary } = parse(readFileSync(join(dir, file), 'utf8'));
    if (releases.length === 0) throw new Error('names no package');
    for (const r of releases) {
      if (!known.has(r.name)) throw new Error(`names ${r.name}, which is not a published workspace package`);
      if (!['patch', 'minor', 'major'].includes(r.type)) throw new Error(`has bump "${r.type}" for ${r.name}`);
    }
    if (summary.trim().length === 0) throw new Error('has no summary');
  } catch (error) {
    failed++;
    console.error(`changesets: .changeset/${file} ${error.message}`);
  }
}
console.log(`changesets: ${count} pending, ${failed} invalid`);
process.exit(failed === 0 ? 0 : 1);
