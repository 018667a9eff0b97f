// Prints precision and recall of detectPii per kind on each labelled corpus, and on all of them
// together: `pnpm --filter @aisle/deid run pii:eval` (add `--misses` to list every miss).
import { CORPORA, formatTable, loadCorpus, scoreCorpus } from '../test/pii-score';

const showMisses = process.argv.includes('--misses');
const all = [];
for (const corpus of CORPORA) {
  const lines = loadCorpus(corpus.file);
  all.push(...lines);
  const { rows, misses } = scoreCorpus(lines);
  console.log(`\n### ${corpus.file}: ${lines.length} lines, ${corpus.label}\n`);
  console.log(formatTable(rows));
  if (showMisses && misses.length > 0) console.log(`\n${misses.join('\n')}`);
}
const { rows } = scoreCorpus(all);
console.log(`\n### all corpora: ${all.length} lines\n`);
console.log(formatTable(rows));
